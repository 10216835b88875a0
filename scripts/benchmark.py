#!/usr/bin/env python3
"""Measure the site (issue 8): Lighthouse scores, page weight, build time against a stock
build of the same pages, and the offline bundle's size. Prints every figure next to its
target, in one run.

    python scripts/benchmark.py [--repeat 3] [--sizes 100,300,600,1000] [--lighthouse-runs 3]
                                [--skip code,lighthouse,weight,build,profile,serve,bundle]

It is not a test: figures vary with the machine and its load, so nothing here fails on a
missed target. The deterministic gates (accessibility, valid HTML, no third parties,
CSP, reproducible output, links) are in the test suite.

* The package's size and shape (issue 21): lines of Python in serumrun/, the modules over
  400 lines, the functions over a cyclomatic complexity of 15 (radon) and over 60 lines.
* Lighthouse 13 (node_modules/.bin/lighthouse; its default: a phone on a throttled 4G
  link, simulated) on each kind of page in both languages: home, an article, the relay
  page, references, 404, with the site built for and served from 127.0.0.1 under
  /serum-run/ by a small server that compresses text with gzip and sends
  `Cache-Control: max-age=600`, as GitHub Pages does. The 404 page is measured at its
  own address (status 200): served for a missing address, its status 404 fails
  Lighthouse's SEO audit "Page has successful HTTP status code" by design.
* Page weight: every built page opened once in Chromium with an empty cache (Playwright),
  each response the page (or its search worker) asked for, compressed with gzip (level 6)
  unless it is an already compressed format (png, jpeg, webp, woff2...). "First view" is
  HTML + CSS + JS + fonts + images, the target's definition; "all" adds anything else
  requested (JSON). Search loads on its first opening (serumrun/theme/material.py):
  what that adds is measured on each language's home page.
* Build time: the real site, and synthetic sites of N pages per language (the real
  pages plus copies of its articles, with their citations, footnotes and cross-links,
  in the navigation in sections of 25), each built by this project's configuration and
  by a stock one (Material + mkdocs-static-i18n with the same plugins' options, without
  the project's hooks, Markdown extensions and template overrides), alternately in the
  same run. Times are CPU seconds (user + system, of the build and its children), the
  best of --repeat runs: on a shared machine wall-clock time measures the neighbours;
  with each, the build's peak memory (max RSS). The growth from 300 to 1,000 pages.
* Profile: one project build of 300 pages per language under cProfile, and the share of
  the time spent in the project's own work (citations, references, relay, per-page
  quality passes: CSP hashing, markup repairs, links out, page checks).
* Serve: `mkdocs serve` of the real site and of 300 pages per language; a page is saved
  with a new word, and the time until the served page shows it is measured (static-i18n
  rebuilds every language on each change: MkDocs' --dirty does not help).
* The offline bundle: scripts/bundle.py, if it exists.

Progress goes to stderr, the figures to stdout. Exit code 0 when every measurement was
made, 1 when one failed (the others are still printed).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from serumrun.project import Project  # noqa: E402

PROJECT = Project.from_config_file(ROOT / "mkdocs.yml")
LANGUAGES = PROJECT.languages
url_prefix = PROJECT.url_prefix

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
BASE_PATH = "/serum-run/"
#: One page of each kind, by its address under a language root.
KINDS = {
    "home": "",
    "article": "serum-run/",
    "relay": "relay/",
    "references": "references/",
    "404": "404.html",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
WEIGHT_TARGET = 80_000  # bytes, compressed, first view of a text page
COST_TARGET = 1.7  # project / stock build time, at 300 and 1,000 pages per language
SERVE_TARGET = 1.3  # `make serve`, save to page served, project / stock at 300 pages
GROWTH_TARGET = 3.6  # build time, 1,000 / 300 pages per language (linear: 3.33)
MEMORY_TARGET = 1.5 * 1024**3  # peak memory of a 1,000-page-per-language build
REAL_SITE_TARGET = 1.5  # CPU seconds, the real site
#: The package's shape: lines of Python, lines a module, complexity and lines a function.
CODE_TARGETS = {"lines": 6000, "module": 400, "complexity": 15, "function": 60}
#: What the project copies to build a synthetic site (as tests/sitebuild.py does).
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "data", "serumrun", "scripts")
#: Pages made for their place (generated content, the home page): not copied.
NOT_COPIED = ("index.md", "references.md", "translation-status.md")
#: Already compressed formats: a server sends them as they are.
COMPRESSED = re.compile(r"\.(png|jpe?g|gif|webp|avif|woff2?|zip|gz|mp4|webm)$", re.I)
KINDS_OF_BYTES = ("html", "css", "js", "font", "image", "json", "other")
TEXT_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
    "application/manifest+json",
)


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- Serving --------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The site under /serum-run/, gzip for text, GitHub Pages' cache header and 404."""

    protocol_version = "HTTP/1.1"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = urlsplit(self.path).path
        target = None
        if path.startswith(BASE_PATH):
            candidate = Path(self.translate_path("/" + path[len(BASE_PATH) :]))
            if candidate.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                candidate = candidate / "index.html"
            if candidate.is_file():
                target = candidate
        status = 200
        if target is None:
            status, target = 404, Path(self.directory) / "404.html"
        body = target.read_bytes()
        ctype = self.guess_type(str(target))
        if ctype.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "max-age=600")
        if "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(TEXT_TYPES):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(site: Path, port: int):
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()


# --- Building ---------------------------------------------------------------------------


@dataclass
class Timing:
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # bytes, peak of each build

    @property
    def best(self) -> float:
        return min(self.cpu)


def build_env(site_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    # Each copy of the project compiles the package on its first build and keeps the
    # bytecode, as a checkout does; stock's packages are compiled when installed. Without
    # this, a shell that forbids writing bytecode makes every project build compile it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if "SOURCE_DATE_EPOCH" not in env:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        env["SOURCE_DATE_EPOCH"] = out or "1700000000"
    return env


def timed_build(cmd: list[str], cwd: Path, env: dict[str, str], timing: Timing) -> None:
    """Run a build; record its CPU time, wall-clock time and peak memory (its own rusage)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            out.seek(0)
            tail = out.read().decode("utf-8", "replace")[-3000:]
            raise RuntimeError(f"build failed: {' '.join(cmd)}\n{tail}")
    timing.wall.append(wall)
    timing.cpu.append(usage.ru_utime + usage.ru_stime)
    timing.rss.append(usage.ru_maxrss * 1024)  # Linux reports kilobytes


def load_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader())


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


_LINK = re.compile(
    r"(\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?)(?![a-z][a-z0-9+.-]*:|/|#)([^)\s>]+\.md)", re.M
)
_SHORTCODE = re.compile(r"\[\[[a-z][a-z-]*(?::[^\]]*)?\]\]")


def _synthetic_page(source: str, number: int) -> str:
    """A copy of an article, one folder down: its relative links go up one level."""
    front, body = "", source
    if source.startswith("---\n"):
        end = source.index("\n---\n", 4) + 5
        front, body = source[:end], source[end:]
    front = re.sub(
        r"^title: (.*)$", lambda m: f"title: {m.group(1)} ({number})", front, count=1, flags=re.M
    )
    body = _LINK.sub(lambda m: m.group(1) + "../" + m.group(2), body)
    # Data shortcodes (relay figures) belong to their page; the prose, citations,
    # footnotes, admonitions, tables and links are copied.
    body = _SHORTCODE.sub("", body)
    return front + body


def synthetic_project(dest: Path, per_language: int | None) -> tuple[Path, int]:
    """A copy of the project with `per_language` pages per language (None: the real site).

    Returns the folder and the number of pages per language. Writes mkdocs.yml (the
    project's configuration, its nav extended) and stock.yml (the stock configuration).
    """
    copy_project(dest)
    docs = dest / "docs"
    real = {
        lang: {p.relative_to(docs / lang).as_posix() for p in (docs / lang).rglob("*.md")}
        for lang in LANGUAGES
    }
    count = len(real[LANGUAGES[0]])
    config = load_config(dest / "mkdocs.yml")
    extra = 0 if per_language is None else per_language - count
    if extra < 0:
        raise ValueError(f"{per_language} pages per language: the real site already has {count}")
    pool = sorted(p for p in real[LANGUAGES[0]] if p not in NOT_COPIED)
    names = []
    for i in range(extra):
        name = f"synthetic/page-{i + 1:04d}.md"
        names.append(name)
        for lang in LANGUAGES:
            text = (docs / lang / pool[i % len(pool)]).read_text(encoding="utf-8")
            target = docs / lang / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_synthetic_page(text, i + 1), encoding="utf-8")
    if names:
        sections = [{f"Part {n // 25 + 1}": names[n : n + 25]} for n in range(0, len(names), 25)]
        config["nav"] = [*config.get("nav", []), {"Synthetic": sections}]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    (dest / "stock.yml").write_text(
        yaml.safe_dump(stock_config(config), allow_unicode=True, sort_keys=False)
    )
    return dest, count + extra


def stock_config(config: dict) -> dict:
    """The same site for stock Material + static-i18n: no hooks, no project extensions,
    no template overrides or extra assets; the stock plugins keep their options."""
    stock = json.loads(json.dumps(config))
    stock.pop("hooks", None)
    stock.pop("extra_css", None)
    stock.pop("extra_javascript", None)
    stock["strict"] = False
    stock["theme"].pop("custom_dir", None)
    plugins = stock.get("plugins") or {}
    if isinstance(plugins, dict):
        stock["plugins"] = {k: v for k, v in plugins.items() if k in ("search", "i18n")}
    else:
        stock["plugins"] = [
            p for p in plugins if (p if isinstance(p, str) else next(iter(p))) in ("search", "i18n")
        ]
    stock["markdown_extensions"] = [
        ext
        for ext in stock.get("markdown_extensions", [])
        if not (ext if isinstance(ext, str) else next(iter(ext))).startswith("serumrun.")
    ]
    return stock


def print_code() -> None:
    """The package as its next maintainer reads it: size, and what is too big to walk."""
    from radon.complexity import cc_visit

    files = sorted((ROOT / "serumrun").rglob("*.py"))
    lines = {f.relative_to(ROOT).as_posix(): f.read_text(encoding="utf-8") for f in files}
    total = sum(text.count("\n") for text in lines.values())
    big = [
        f"{name} {text.count(chr(10))}" for name, text in lines.items() if text.count("\n") > 400
    ]
    blocks = [(name, b) for name, text in lines.items() for b in cc_visit(text)]
    # A class counts by its methods; a function with the functions it defines.
    functions = [
        (n, f)
        for n, b in blocks
        for f in (b.methods if hasattr(b, "methods") else [b, *b.closures])
    ]
    complex_ = [
        f"{n}:{f.lineno} {f.name} {f.complexity}" for n, f in functions if f.complexity > 15
    ]
    long_ = [
        f"{n}:{f.lineno} {f.name} {f.endline - f.lineno + 1}"
        for n, f in functions
        if f.endline - f.lineno + 1 > CODE_TARGETS["function"]
    ]
    t = CODE_TARGETS
    print("\n## The package (serumrun/)")
    print(f"lines of Python: {total:,} (target <= {t['lines']:,}) {mark(total <= t['lines'])}")
    print(f"modules over {t['module']} lines: {', '.join(big) or 'none'} {mark(not big)}")
    print(
        f"functions over complexity {t['complexity']}: {', '.join(complex_) or 'none'} "
        f"{mark(not complex_)}"
    )
    print(
        f"functions over {t['function']} lines: {', '.join(long_) or 'none'} "
        f"(target: at most 2) {mark(len(long_) <= 2)}"
    )


def measure_builds(work: Path, sizes: list[int | None], repeat: int, env: dict[str, str]):
    rows = []
    for size in sizes:
        label = "real site" if size is None else f"synthetic {size}"
        project, per_language = synthetic_project(work / f"build-{size or 'real'}", size)
        run_env = {**env, "PYTHONPATH": str(project)}
        stock, ours = Timing(), Timing()
        for i in range(repeat):
            log(f"build: {label}, {per_language} pages per language, run {i + 1}/{repeat}")
            # Alternate, so that both configurations meet the same load on a shared machine.
            timed_build(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "-f",
                    "stock.yml",
                    "-d",
                    str(work / "out-stock"),
                ],
                project,
                run_env,
                stock,
            )
            timed_build(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "--strict",
                    "-f",
                    "mkdocs.yml",
                    "-d",
                    str(work / "out-project"),
                ],
                project,
                run_env,
                ours,
            )
        rows.append((label, size, per_language, stock, ours))
        shutil.rmtree(project)
    return rows


# --- Lighthouse -------------------------------------------------------------------------


def lighthouse(url: str, out: Path, runs: int) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    results = []
    for i in range(runs):
        report = out.with_suffix(f".{i}.json")
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0 or not report.is_file():
            raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
        scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
        failing = sorted(
            f"{a['id']}"
            for c in CATEGORIES
            for ref in data["categories"][c]["auditRefs"]
            if ref["weight"] > 0
            for a in [data["audits"][ref["id"]]]
            if a["score"] is not None and a["score"] < 1
        )
        metrics = {
            m: data["audits"][m].get("numericValue")
            for m in (
                "first-contentful-paint",
                "largest-contentful-paint",
                "total-blocking-time",
                "cumulative-layout-shift",
                "speed-index",
            )
        }
        results.append({**scores, "failing": failing, "metrics": metrics})
    # The median run by performance (the other categories do not vary between runs).
    results.sort(key=lambda r: r["performance"])
    return results[len(results) // 2]


# --- Page weight --------------------------------------------------------------------------


def compressed_size(url: str, body: bytes) -> int:
    if COMPRESSED.search(urlsplit(url).path):
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def kind_of(resource_type: str, url: str) -> str:
    path = urlsplit(url).path
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith(".js"):
        return "js"
    if resource_type == "font":
        return "font"
    if resource_type == "image" or re.search(r"\.(svg|png|jpe?g|gif|webp|avif|ico)$", path):
        return "image"
    if path.endswith(".json"):
        return "json"
    return "other"


def page_weights(base: str, pages: list[str]) -> dict[str, dict[str, int]]:
    """Compressed bytes per kind of resource on each page's first view; and, under the
    key 'search:<page>', what the first opening of search adds on each language's home."""
    from playwright.sync_api import sync_playwright

    weights: dict[str, dict[str, int]] = {}
    homes = [a for a in pages if a in {url_prefix(lang) for lang in LANGUAGES}]
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for address in pages:
                context = browser.new_context()  # an empty cache: the first view
                page = context.new_page()
                seen: dict[str, tuple[str, bytes]] = {}

                def record(response, seen=seen):
                    if response.status >= 300 or not response.url.startswith("http://127.0.0.1"):
                        return
                    try:
                        seen[response.url] = (response.request.resource_type, response.body())
                    except Exception:  # noqa: BLE001 (a body the browser dropped)
                        pass

                context.on("response", record)
                page.goto(base + address, wait_until="networkidle")
                weights[address] = _totals(seen)
                if address in homes:
                    first = dict(seen)
                    page.click("input.md-search__input")
                    page.fill("input.md-search__input", "Nome")
                    page.wait_for_selector(".md-search-result__item")
                    page.wait_for_load_state("networkidle")
                    weights[f"search:{address}"] = _totals(
                        {u: v for u, v in seen.items() if u not in first}
                    )
                context.close()
        finally:
            browser.close()
    return weights


def _totals(seen: dict[str, tuple[str, bytes]]) -> dict[str, int]:
    totals = dict.fromkeys(KINDS_OF_BYTES, 0)
    for url, (rtype, body) in seen.items():
        totals[kind_of(rtype, url)] += compressed_size(url, body)
    totals["requests"] = len(seen)
    return totals


def first_view(totals: dict[str, int]) -> int:
    return sum(totals[k] for k in ("html", "css", "js", "font", "image"))


# --- Report -------------------------------------------------------------------------------


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}){load}"


def versions() -> str:
    chromium = subprocess.run(
        [CHROMIUM, "--version"], capture_output=True, text=True
    ).stdout.strip()
    lh = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    return f"Python {platform.python_version()}, {chromium or 'chromium ?'}, Lighthouse {lh}"


def mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def kb(n: float) -> str:
    return f"{n / 1000:.1f} kB"


def print_lighthouse(scores: dict[str, dict]) -> None:
    print("\n## Lighthouse (mobile, simulated slow 4G)")
    print("targets: performance >= 98, accessibility 100, best practices 100, SEO 100")
    print(
        f"{'page':<22} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5}  {'LCP':>7} {'TBT':>6}  status"
    )
    for name, r in scores.items():
        ok = all(r[c] >= TARGETS[c] for c in CATEGORIES)
        m = r["metrics"]
        lcp = m["largest-contentful-paint"] or 0
        tbt = m["total-blocking-time"] or 0
        line = (
            f"{name:<22} {r['performance']:>5} {r['accessibility']:>5} {r['best-practices']:>5} "
            f"{r['seo']:>5}  {lcp / 1000:>6.2f}s {tbt:>5.0f}ms  {mark(ok)}"
        )
        if r["failing"]:
            line += "  (below 1: " + ", ".join(r["failing"]) + ")"
        print(line)


def print_weights(measured: dict[str, dict[str, int]]) -> None:
    weights = {a: t for a, t in measured.items() if not a.startswith("search:")}
    print("\n## Page weight, first view, gzip-compressed")
    print(f"target: a text page <= {kb(WEIGHT_TARGET)} (HTML + CSS + JS + fonts + images)")
    print(
        f"{'page':<26} {'html':>8} {'css':>8} {'js':>8} {'fonts':>7} {'images':>8} "
        f"{'first view':>11} {'all':>8} {'reqs':>5}  status"
    )
    for address, t in weights.items():
        fv = first_view(t)
        print(
            f"{'/' + address:<26} {kb(t['html']):>8} {kb(t['css']):>8} {kb(t['js']):>8} "
            f"{kb(t['font']):>7} {kb(t['image']):>8} {kb(fv):>11} "
            f"{kb(fv + t['json'] + t['other']):>8} "
            f"{t['requests']:>5}  {mark(fv <= WEIGHT_TARGET)}"
        )
    largest = max(weights, key=lambda a: first_view(weights[a]))
    median = statistics.median(first_view(t) for t in weights.values())
    print(
        f"largest page: /{largest}, {kb(first_view(weights[largest]))} first view; "
        f"median {kb(median)} over {len(weights)} pages"
    )
    for key, t in measured.items():
        if key.startswith("search:"):
            print(
                f"first opening of search on /{key[7:]}: +{kb(sum(t[k] for k in KINDS_OF_BYTES))} "
                f"(worker and stemmers {kb(t['js'])}, index {kb(t['json'])}; "
                f"{t['requests']} requests), loaded then, not on the first view"
            )


def print_builds(rows, repeat: int) -> None:
    print(f"\n## Build time (CPU seconds, best of {repeat}; wall-clock in brackets; peak memory)")
    print(
        f"targets: project <= {COST_TARGET:.2f} x stock at 300 and 1,000 pages per language; "
        f"growth 300 -> 1,000 <= {GROWTH_TARGET} x; memory at 1,000 < "
        f"{MEMORY_TARGET / 1024**3:.1f} GB; real site < {REAL_SITE_TARGET} s"
    )
    print(
        f"{'site':<16} {'pages/lang':>10} {'stock':>16} {'project':>16} {'ratio':>7} "
        f"{'stock MB':>9} {'project MB':>10}  status"
    )
    by_size = {}
    for label, size, per_language, stock, ours in rows:
        ratio = ours.best / stock.best
        by_size[size] = (stock.best, ours.best)
        ok = ratio <= COST_TARGET if size in (300, 1000) else None
        if size is None:
            ok = ours.best <= REAL_SITE_TARGET
        if size == 1000:
            ok = ok and max(ours.rss) < MEMORY_TARGET
        print(
            f"{label:<16} {per_language:>10} {stock.best:>7.2f}s ({min(stock.wall):>5.1f}s) "
            f"{ours.best:>7.2f}s ({min(ours.wall):>5.1f}s) {ratio:>6.2f}x "
            f"{max(stock.rss) / 1024**2:>9.0f} {max(ours.rss) / 1024**2:>10.0f}  "
            f"{'' if ok is None else mark(ok)}"
        )
    if 300 in by_size and 1000 in by_size:
        (s3, p3), (s10, p10) = by_size[300], by_size[1000]
        print(
            f"growth 300 -> 1,000 pages per language: project {p10 / p3:.2f}x "
            f"({mark(p10 / p3 <= GROWTH_TARGET)}), stock {s10 / s3:.2f}x"
        )


#: Where the project's own work is, by the functions that do it (for the profile).
PROFILE_PARTS = {
    "citations (extension)": ("serumrun/citations/extension.py",),
    "references page and scan": ("serumrun/citations/references.py",),
    "late markup (markers after search)": ("serumrun/citations/deferred_markup.py",),
    "relay markers": ("serumrun/relay/",),
    "CSP hashing and links out": ("serumrun/gates/policy.py", "serumrun/gates/urls.py"),
    "content sanitizer": ("serumrun/gates/content.py",),
    "markup repairs": ("serumrun/theme/markup.py",),
    "source checks (limits, front matter)": (
        "serumrun/checks/build_checks.py",
        "serumrun/pages.py",
        "serumrun/checks/page_structure.py",
        "serumrun/gates/source.py",
        "serumrun/gates/limits.py",
        "serumrun/gates/printed.py",
        "serumrun/gates/static.py",
        "serumrun/gates/assets.py",
    ),
    "output gate": ("serumrun/gates/output.py",),
    "dates, previews, cite this page": ("serumrun/theme/meta.py", "serumrun/theme/history.py"),
    "Material edits, 404, search split": (
        "serumrun/theme/material.py",
        "serumrun/translation/bilingual.py",
    ),
}


def profile_build(work: Path, size: int, env: dict[str, str]) -> None:
    """One project build under cProfile: the share of each part of the project's work."""
    import pstats

    project, per_language = synthetic_project(work / f"profile-{size}", size)
    stats_file = work / "build.prof"
    cmd = [
        sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "mkdocs", "build",
        "-q", "--strict", "-f", "mkdocs.yml", "-d", str(work / "out-profile"),
    ]  # fmt: skip
    subprocess.run(cmd, cwd=project, env={**env, "PYTHONPATH": str(project)}, check=True)
    stats = pstats.Stats(str(stats_file)).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    total = sum(tt for _, _, tt, _, _ in stats.values())
    print(f"\n## Where the project's build time goes ({per_language} pages per language, cProfile)")
    print("own time (tottime) of each part's functions, as a share of the whole build:")
    for part, prefixes in PROFILE_PARTS.items():
        own = sum(
            tt
            for (filename, _, _), (_, _, tt, _, _) in stats.items()
            if any(f"/{prefix}" in filename.replace(os.sep, "/") for prefix in prefixes)
        )
        print(f"  {part:<36} {100 * own / total:5.1f} %")
    # Own time hides what the project makes others do (Markdown's inline pass over
    # citations, the search plugin parsing larger pages): the entry points' cumulative time.
    print("cumulative time of the project's entry points (what runs because of them):")
    entries = [
        (ct, filename, line, name)
        for (filename, line, name), (_, _, _, ct, callers) in stats.items()
        if "/serumrun/" in filename.replace(os.sep, "/")
        and not any("/serumrun/" in caller[0].replace(os.sep, "/") for caller in callers)
    ]
    for ct, filename, line, name in sorted(entries, reverse=True)[:10]:
        short = filename.replace(os.sep, "/").split("/serumrun/")[-1]
        print(f"  {100 * ct / total:5.1f} %  serumrun/{short}:{line} {name}")
    shutil.rmtree(project)


#: What `serve_rebuild` compares: stock MkDocs serving the same pages, the project as
#: `make serve` runs it (the checks that only guard publication off), and with every check.
SERVE_SETUPS = {
    "stock": ("stock.yml", None),
    "project, make serve": ("mkdocs.yml", False),
    "project, every check": ("mkdocs.yml", True),
}


def serve_rebuild(
    work: Path, size: int | None, env: dict[str, str], setup: str, tries: int = 3
) -> tuple[int, float]:
    """Pages per language, and seconds from saving a page to `mkdocs serve` showing it
    (best of `tries`)."""
    config_name, checks = SERVE_SETUPS[setup]
    project, per_language = synthetic_project(work / f"serve-{size or 'real'}", size)
    if checks is not None:  # the plugin's option, as SERUMRUN_CHECKS sets it in mkdocs.yml
        config = load_config(project / config_name)
        config["plugins"]["serumrun"]["checks"] = checks
        (project / config_name).write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        )
    port = free_port()
    cmd = [
        sys.executable, "-m", "mkdocs", "serve", *(["--strict"] if checks is not None else []),
        "-a", f"127.0.0.1:{port}", "-f", config_name,
    ]  # fmt: skip
    run_env = {**env, "PYTHONPATH": str(project)}
    server = subprocess.Popen(
        cmd, cwd=project, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    page = project / "docs" / LANGUAGES[0] / "togo.md"
    url = f"http://127.0.0.1:{port}{BASE_PATH}togo/"
    times = []
    try:
        _wait_for(url, "</html>", timeout=600)
        for i in range(tries):
            word = f"benchmarkword{i}x{time.time_ns()}"
            start = time.perf_counter()
            page.write_text(page.read_text("utf-8") + f"\n{word}\n", "utf-8")
            _wait_for(url, word, timeout=600)
            times.append(time.perf_counter() - start)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(project)
    return per_language, min(times)


def _wait_for(url: str, text: str, timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if text in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def bundle_size(work: Path) -> str:
    script = ROOT / "scripts" / "bundle.py"
    if not script.is_file():
        return "n/a (scripts/bundle.py does not exist yet)"
    proc = subprocess.run(
        [sys.executable, str(script), "-o", str(work / "dist")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"scripts/bundle.py failed:\n{proc.stderr[-2000:]}")
    line = proc.stdout.strip().splitlines()[-1]
    path, size = line.split()[:2]
    return f"{Path(path).name}: {int(size):,} bytes ({kb(int(size))})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--repeat", type=int, default=3, help="builds per configuration and size (best kept)"
    )
    ap.add_argument("--sizes", default="100,300,600,1000", help="synthetic pages per language")
    ap.add_argument("--lighthouse-runs", type=int, default=3, help="runs per page (median kept)")
    ap.add_argument(
        "--skip", default="", help="comma-separated: lighthouse,weight,build,profile,serve,bundle"
    )
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    failures = 0

    print(f"# Serum Run 1925 benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {machine()}")
    print(f"tools: {versions()}")
    if "code" not in skip:
        print_code()
    with tempfile.TemporaryDirectory(prefix="serum-run-benchmark-") as tmp:
        work = Path(tmp)
        port = free_port()
        site_url = f"http://127.0.0.1:{port}{BASE_PATH}"
        env = build_env(site_url)
        site = work / "site"
        log("build: the real site, for Lighthouse and page weight")
        real = Timing()
        timed_build(
            [sys.executable, str(ROOT / "scripts" / "build.py"), "-d", str(site)],
            ROOT,
            {**env, "PYTHONPATH": str(ROOT)},
            real,
        )
        print(
            f"\nreal site build (scripts/build.py, strict): {real.cpu[0]:.2f} s CPU, "
            f"{real.wall[0]:.2f} s wall-clock"
        )

        with serve(site, port) as base:
            if "lighthouse" not in skip:
                scores = {}
                try:
                    for lang in LANGUAGES:
                        for kind, address in KINDS.items():
                            name = f"{lang} {kind}"
                            log(f"lighthouse: {name}")
                            url = base + url_prefix(lang) + address
                            scores[name] = lighthouse(
                                url, work / f"lh-{lang}-{kind}", args.lighthouse_runs
                            )
                    print_lighthouse(scores)
                except Exception as exc:  # noqa: BLE001 (report, keep measuring)
                    failures += 1
                    print(f"\n## Lighthouse: FAILED: {exc}")
            if "weight" not in skip:
                log("weight: every page, first view")
                pages = sorted(
                    p.relative_to(site).as_posix().removesuffix("index.html")
                    for p in site.rglob("*.html")
                )
                try:
                    print_weights(page_weights(base, pages))
                except Exception as exc:  # noqa: BLE001
                    failures += 1
                    print(f"\n## Page weight: FAILED: {exc}")

        if "build" not in skip:
            sizes: list[int | None] = [None, *(int(s) for s in args.sizes.split(",") if s)]
            try:
                print_builds(
                    measure_builds(
                        work, sizes, args.repeat, build_env("https://example.org/serum-run/")
                    ),
                    args.repeat,
                )
            except Exception as exc:  # noqa: BLE001
                failures += 1
                print(f"\n## Build time: FAILED: {exc}")

        if "profile" not in skip:
            log("profile: 300 pages per language under cProfile")
            try:
                profile_build(work, 300, build_env("https://example.org/serum-run/"))
            except Exception as exc:  # noqa: BLE001
                failures += 1
                print(f"\n## Profile: FAILED: {exc}")

        if "serve" not in skip:
            print("\n## make serve: from saving a page to the rebuilt page being served")
            print(
                f"target: project, make serve <= {SERVE_TARGET} x stock at 300 pages per language"
            )
            for size in (None, 300):
                stock = None
                for setup in SERVE_SETUPS:
                    log(f"serve: {size or 'the real site'}, {setup}")
                    env = build_env(f"http://127.0.0.1{BASE_PATH}")
                    try:
                        per_language, seconds = serve_rebuild(work, size, env, setup)
                    except Exception as exc:  # noqa: BLE001
                        failures += 1
                        print(f"FAILED: {exc}")
                        continue
                    stock = seconds if setup == "stock" else stock
                    ratio = f", {seconds / stock:.2f} x stock" if stock and setup != "stock" else ""
                    if size and stock and setup == "project, make serve":
                        ratio += f" ({mark(seconds / stock <= SERVE_TARGET)})"
                    print(
                        f"{per_language} pages per language, {setup}: {seconds:.1f} s "
                        f"(best of 3){ratio}"
                    )

        if "bundle" not in skip:
            log("bundle: scripts/bundle.py")
            try:
                print(f"\n## Offline bundle\n{bundle_size(work)}")
            except Exception as exc:  # noqa: BLE001
                failures += 1
                print(f"\n## Offline bundle: FAILED: {exc}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
