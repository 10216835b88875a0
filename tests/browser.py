"""Serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright.

The site is served under the path of its public address (TEST_SITE_URL), as GitHub
Pages would, and a missing address gets the root 404.html with status 404, as GitHub
Pages does. Every request the page makes is recorded; any request to another host is
aborted and recorded, so a test can assert that none was made.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.sitebuild import TEST_SITE_URL

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BASE_PATH = urlsplit(TEST_SITE_URL).path  # "/serum-run/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(BASE_PATH) :])

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site: Path):
    """Serve `site` at http://127.0.0.1:<port>/serum-run/ for the duration of the block."""
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def require_chromium() -> str:
    """The browser's path; its absence is a failure (never a skip), in CI and locally."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}: run `make system-deps` (apt-get install chromium)"
        )
    return CHROMIUM


@dataclass
class Traffic:
    """What one page asked for: every URL, those to other hosts, failures and console errors."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def watch(page, allowed_hosts: tuple[str, ...] = ("127.0.0.1",)) -> Traffic:
    """Record the page's traffic; abort (and record) any request to another host."""
    traffic = Traffic()

    def route(r):
        url = r.request.url
        traffic.requests.append(url)
        scheme = urlsplit(url).scheme
        host = urlsplit(url).hostname
        if scheme in ("data", "blob", "about", "file") or host in allowed_hosts:
            r.continue_()
        else:
            traffic.foreign.append(url)
            r.abort()

    page.route("**/*", route)
    page.on(
        "response",
        lambda resp: resp.status >= 400 and traffic.failed.append(f"{resp.status} {resp.url}"),
    )
    page.on("console", lambda m: m.type == "error" and traffic.console_errors.append(m.text))
    return traffic


#: Material's line above the results while it has none to show: waiting for the index,
#: or an empty box (each language of the site, and of tests/test_third_language.py).
_NO_RESULTS_YET = "Type to start|Saisissez|Taper|Initializing|Initialisation"


def search(page, query: str) -> list[str]:
    """Type `query` into Material's search box; the result pages' URLs, best first.

    The search worker loads its index after the page; a query typed before it is ready
    is dropped, so the query is typed again until the results panel answers. The box is
    emptied first, and the panel seen empty, so that a page searched before (one page
    serves many queries) never passes off the last query's results as this one's.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    meta = "document.querySelector('.md-search-result__meta')"
    emptied = f"() => {{ const m = {meta}; return !m || /{_NO_RESULTS_YET}/.test(m.textContent); }}"
    answered = (
        f"() => {{ const m = {meta}; return m && m.textContent.trim()"
        f" && !/{_NO_RESULTS_YET}/.test(m.textContent); }}"
    )
    page.click("input.md-search__input")
    for _ in range(20):
        page.fill("input.md-search__input", "")
        page.wait_for_function(emptied)
        page.type("input.md-search__input", query)
        try:
            page.wait_for_function(answered, timeout=1000)
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError(f"search for {query!r} never answered")
    return page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
