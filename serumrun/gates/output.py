"""The check of the built site: a short pass over what the templates emit (issue 21).

What a page renders is kept by an allowlist sanitizer before the theme wraps it
(serumrun/gates/content.py), and the files of docs/ by theirs (serumrun/gates/static.py,
assets.py). What is left is what the templates write around the content, filled with
data (titles, labels, nav titles, settings of mkdocs.yml): this pass reads each built
page, parsed as a browser parses it (Lexbor, through selectolax), and checks

* every file's kind: only what the site publishes (HTML, CSS, JS, JSON, images...);
* every <script> and <style> is one the templates write: inline ones match, by content,
  a script or style of the templates the pages are rendered from (Material's and
  overrides/, `TemplateAllowlist`); a script file is one the templates or mkdocs.yml
  (extra_javascript) name;
* every <link> is one of the head's kinds, loading nothing from another host;
* every <meta http-equiv> is the site's one Content-Security-Policy, in the head;
* every link (<a>, <area>) goes to a page or an http(s) or mailto: address, never with
  `rel="opener"`, and one that leaves the site carries `rel="noopener noreferrer"`
  (serumrun/gates/policy.py writes it).

A refusal names where the thing came from when it can be found: the page (and the
front-matter key), data/labels.yml (and the key), or mkdocs.yml, with the line; else
the built file. One line per problem, with the built files it was found in.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from serumrun import yamlio
from serumrun.gates import static, urls
from serumrun.pages import FrontMatterError, parse_front_matter
from serumrun.problems import Problem
from serumrun.theme.offline import SHIM_URL  # the offline bundle's one added script

#: Kinds of file the built site may hold: what docs/ may hold (its pages become HTML),
#: and what MkDocs and Material write besides (the search index, source maps).
ALLOWED_EXTENSIONS = (static.ALLOWED_EXTENSIONS - {".md"}) | {".html", ".json", ".map"}
#: Files of another kind MkDocs itself writes, and the licence the offline bundle ships
#: with iframe-worker (serumrun/assets/iframe-worker/): plain text, served as such.
ALLOWED_NAMES = {"sitemap.xml", "sitemap.xml.gz", "LICENSE"}
#: <link rel> kinds of the head, and whether they load what they point to.
LINK_RELS = {
    "stylesheet": True,
    "icon": True,
    "canonical": False,
    "alternate": False,
    "prev": False,
    "next": False,
}
#: Schemes a link may have (none: an address of the site).
LINK_SCHEMES = {"http", "https", "mailto"}
#: What a link that leaves the site carries (serumrun/gates/policy.py).
EXTERNAL_REL = ("noopener", "noreferrer")
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HOLE = r"\s*[\w./:~%-]*\s*"


@dataclass
class TemplateAllowlist:
    """The inline scripts and styles the site's templates write, and the script files.

    Read from the template files themselves (overrides/ first, then Material's), from
    the entry templates along their literal `extends`/`include`: each inline body
    becomes a pattern where a Jinja expression may only be a path-like value (the
    relative base URL): render-independent, and nothing a page brings can match.
    """

    scripts: list[re.Pattern[str]] = field(default_factory=list)
    styles: list[re.Pattern[str]] = field(default_factory=list)
    script_files: set[str] = field(default_factory=set)
    #: The literal ids of the templates (`__config`, `page-sources`...): no page may use one.
    ids: set[str] = field(default_factory=set)

    def allows_script(self, body: str) -> bool:
        return any(p.fullmatch(body) for p in self.scripts)

    def allows_style(self, body: str) -> bool:
        return any(p.fullmatch(body) for p in self.styles)

    def allows_script_file(self, site_path: str) -> bool:
        return site_path in self.script_files


_INCLUDE = re.compile(r"""\{%-?\s*(?:extends|include|import)\s+["']([^"']+)["']""")
_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_ID = re.compile(r"""\bid=["']([\w-]+)["']""")  # literal ones: no Jinja inside
_LITERAL_JS = re.compile(r"""["'](assets/javascripts/[\w./-]+\.js)["']""")

ENTRY_TEMPLATES = ("main.html", "404.html")


@cache
def template_allowlist(
    dirs: tuple[str, ...], extra_javascript: tuple[str, ...] = ()
) -> TemplateAllowlist:
    allow = TemplateAllowlist(script_files=set(extra_javascript))
    todo, seen = list(ENTRY_TEMPLATES), set()
    while todo:
        name = todo.pop()
        # The first directory that has the template serves it; `extends` of the same name
        # (overrides/main.html extends Material's base.html) goes on to the next.
        for found in (Path(d) / name for d in dirs):
            if found.is_file() and found not in seen:
                seen.add(found)
                text = _JINJA_COMMENT.sub("", found.read_text(encoding="utf-8"))
                todo += _INCLUDE.findall(text)
                for tag, attrs, body in _INLINE.findall(text):
                    kind = re.search(r"""type=["']?([^"'\s>]+)""", attrs)
                    if "src=" in attrs or (kind and kind.group(1).lower() not in _JS_TYPES):
                        continue  # a file, or data (settings, structured data): no code
                    target = allow.scripts if tag.lower() == "script" else allow.styles
                    target.append(_body_pattern(body))
                allow.script_files.update(_LITERAL_JS.findall(text))
                allow.ids.update(_ID.findall(text))
    return allow


def _body_pattern(body: str) -> re.Pattern[str]:
    parts = _JINJA.split(body)
    return re.compile(_HOLE.join(re.escape(p) for p in parts), re.DOTALL)


# --- Where a problem came from ---------------------------------------------------------------


@dataclass(eq=False)  # hashed by identity: its methods cache per instance
class Sources:
    """The texts a built page is made from, to name the source of what the gate finds."""

    root: Path  # the project: mkdocs.yml, docs/, data/
    docs_dir: Path
    languages: tuple[str, ...]
    default_language: str
    labels_file: Path | None = None  # default: data/labels.yml
    config_file: Path | None = None  # default: mkdocs.yml

    def page_for(self, rel: str) -> str | None:
        """docs/<lang>/<page>.md built into `rel` (site-relative), if there is one."""
        lang, rest = self.default_language, rel
        first = rel.split("/", 1)[0]
        if first in self.languages and first != self.default_language and "/" in rel:
            lang, rest = first, rel.split("/", 1)[1]
        if not rest.endswith(".html"):
            return None
        stem = rest[: -len("index.html")] if rest.endswith("index.html") else rest[:-5]
        stem = stem.rstrip("/")
        for candidate in [f"{stem}/index.md", f"{stem}.md"] if stem else ["index.md"]:
            path = self.docs_dir / lang / candidate
            if path.is_file():
                return path.relative_to(self.root).as_posix()
        return None

    @cache  # noqa: B019 (one Sources per build)
    def _lines(self, rel: str) -> tuple[str, ...]:
        path = self.root / rel
        return tuple(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else ()

    @cache  # noqa: B019
    def _front_matter(self, rel: str) -> tuple[tuple[str, str, int], ...]:
        try:
            meta, lines, _ = parse_front_matter("\n".join(self._lines(rel)), rel)
        except FrontMatterError:
            return ()
        return tuple((k, str(v), lines.get(k, 2)) for k, v in meta.items() if isinstance(v, str))

    @cache  # noqa: B019
    def _labels(self) -> tuple[tuple[str, str, int], ...]:
        path = self.labels_file or self.root / "data" / "labels.yml"
        if not path.is_file():
            return ()
        try:
            node = yamlio.compose(path.read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 (a bad labels file is reported by its own check)
            return ()
        found = []
        for lang, labels in getattr(node, "value", ()):
            for key, value in getattr(labels, "value", ()):
                if hasattr(value, "value") and isinstance(value.value, str):
                    found.append(
                        (f"{key.value} ({lang.value})", value.value, value.start_mark.line + 1)
                    )
        return tuple(found)

    def copied_from(self, rel: str) -> str | None:
        """The file of docs/ that MkDocs copied to `rel`, if one was."""
        first, _, rest = rel.partition("/")
        candidates = [rel, f"{self.default_language}/{rel}"]
        if first in self.languages and rest:
            candidates.append(f"{first}/{rest}")
        for candidate in candidates:
            path = self.docs_dir / candidate
            if path.is_file():
                return path.relative_to(self.root).as_posix()
        return None

    def locate(self, page: str | None, needles: list[str]) -> str | None:
        """`file:line (what)` of the first source that holds one of `needles`."""
        needles = [n for n in needles if n and len(n.strip()) >= 3]
        for needle in needles:
            low = needle.lower()
            if page:
                for key, value, line in self._front_matter(page):
                    if low in value.lower():
                        return f"{page}:{line} (front matter {key!r})"
            for key, value, line in self._labels():
                if low in value.lower():
                    return (
                        f"{self._shown(self.labels_file, 'data/labels.yml')}:{line} (label {key!r})"
                    )
            sources = ([page] if page else []) + [self._shown(self.config_file, "mkdocs.yml")]
            sources += sorted(
                p.relative_to(self.root).as_posix() for p in (self.root / "data").glob("*.yml")
            )
            for rel in sources:
                for number, text in enumerate(self._lines(rel), start=1):
                    if low in text.lower() or low in html.unescape(text).lower():
                        return f"{rel}:{number}"
        return None

    def _shown(self, path: Path | None, default: str) -> str:
        if path is None:
            return default
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def allowlist(config) -> TemplateAllowlist:
    """What the templates write, for the policy and the output pass (cached per config)."""
    scripts = tuple(str(s) for s in config.extra_javascript) + (SHIM_URL,)
    return template_allowlist(tuple(config.theme.dirs), scripts)


# --- The pass -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    message: str
    needles: tuple[str, ...] = ()


def check_output(config, project) -> list[Problem]:
    """The pass on every file of the site MkDocs built with `config`."""
    sources = Sources(
        project.root,
        project.docs_dir,
        project.languages,
        project.default_language,
        labels_file=project.labels,
        config_file=Path(config.config_file_path) if config.config_file_path else None,
    )
    return check_site(Path(config.site_dir), allowlist(config), config.site_url or "", sources)


def check_site(
    site: Path,
    allow: TemplateAllowlist,
    site_url: str,
    sources: Sources | None = None,
) -> list[Problem]:
    """Every problem of the built site at `site`, one per source and kind, sorted."""
    site_host = urlsplit(site_url or "").hostname or ""
    prefix = urlsplit(site_url or "").path or "/"
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        for finding in check_file(path, rel, allow, site_host, prefix):
            page = sources.page_for(rel) if sources else None
            where = sources.locate(page, list(finding.needles)) if sources else None
            if where is None and sources and not finding.needles:
                where = sources.copied_from(rel)  # a file of docs/, copied as it is
            if where is None:
                where = f"{page} (in the page as rendered)" if page else f"built file {rel}"
            grouped[(where, finding.message)].append(rel)
    problems = []
    for (where, message), files in grouped.items():
        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        problems.append(Problem(where, None, f"{message} (built: {shown})"))
    return sorted(problems)


def check_file(
    path: Path, rel: str, allow: TemplateAllowlist, site_host: str, prefix: str = "/"
) -> list[Finding]:
    name = PurePosixPath(rel).name
    suffix = PurePosixPath(rel).suffix.lower()
    if name not in ALLOWED_NAMES and suffix not in ALLOWED_EXTENSIONS:
        return [
            Finding(
                f"found a {suffix or 'extension-less'} file in the built site, expected only "
                f"{', '.join(sorted(ALLOWED_EXTENSIONS))} (an XHTML, XML or other active "
                "file runs script on the site's origin)",
            )
        ]
    if suffix == ".html":
        text = path.read_text(encoding="utf-8", errors="replace")
        return html_findings(text, rel, allow, site_host, prefix)
    return []


def html_findings(
    text: str, rel: str, allow: TemplateAllowlist, site_host: str, prefix: str = "/"
) -> list[Finding]:
    """What the templates emitted in one page: scripts, styles, links, meta."""
    tree = LexborHTMLParser(text)
    # The page's own address: relative script addresses resolve against it.
    base = f"https://{site_host or urls.PLACEHOLDER_HOST}{prefix.rstrip('/')}/{rel}"
    head = {node.mem_id for node in tree.head.traverse()} if tree.head is not None else set()
    found: list[Finding] = []
    policies = 0
    for element in tree.css("script, style, link, meta, a, area"):
        tag = element.tag
        attrs = {k.lower(): v or "" for k, v in element.attributes.items()}
        if tag == "script":
            found += _script_findings(element, attrs, allow, base, site_host, prefix)
        elif tag == "style" and not allow.allows_style(_own_text(element)):
            found.append(
                Finding(
                    "found a <style> element the templates did not write, expected "
                    "styles in a stylesheet listed in mkdocs.yml (extra_css)",
                    (_own_text(element).strip()[:40], "<style"),
                )
            )
        elif tag == "link":
            found += _link_findings(attrs, element.mem_id in head, site_host)
        elif tag == "meta" and "http-equiv" in attrs:
            policies += 1
            kind = attrs["http-equiv"]
            if kind.strip().lower() != "content-security-policy" or policies > 1:
                found.append(
                    Finding(
                        f"found <meta http-equiv={kind!r}>, expected none but the site's one "
                        "Content-Security-Policy (no refresh, no redirect)",
                        (*_values(attrs), "http-equiv"),
                    )
                )
        elif tag in ("a", "area"):
            found += _link_out_findings(tag, attrs, site_host)
    return found


def _link_out_findings(tag: str, attrs: dict[str, str], site_host: str) -> list[Finding]:
    href = attrs.get("href")
    rel = attrs.get("rel", "").lower().split()
    if "opener" in rel:
        return [Finding(f"found rel='opener' on <{tag}>, expected never", (href or "", "opener"))]
    if href is None:
        return []
    scheme = urls.scheme(href, site_host)
    if scheme not in LINK_SCHEMES:
        return [
            Finding(
                f"found href={href[:60]!r} on <{tag}>, expected a link to a page or an "
                "http(s) address (no javascript:, vbscript: or data: URL)",
                (href,),
            )
        ]
    if urls.leaves_site(href, site_host) and not all(t in rel for t in EXTERNAL_REL):
        return [
            Finding(
                f"found <{tag} href={href[:60]!r}> without rel='noopener noreferrer', "
                "expected it on every link out",
                (href,),
            )
        ]
    return []


def _values(attrs: dict[str, str]) -> list[str]:
    """Where a finding came from is found by its most distinctive text: the longest values."""
    return sorted((v for v in attrs.values() if v), key=len, reverse=True)


def _own_text(element: LexborNode) -> str:
    """The element's child text, what a browser runs or applies for a script or style."""
    return "".join(
        child.text_content or ""
        for child in element.iter(include_text=True)
        if child.tag == "-text"
    )


def _link_findings(attrs: dict[str, str], in_head: bool, site_host: str) -> list[Finding]:
    rels = set(attrs.get("rel", "").lower().split())
    href = attrs.get("href", "")
    unknown = rels - LINK_RELS.keys()
    if not in_head or unknown or not rels:
        return [
            Finding(
                f"found <link rel={attrs.get('rel', '')!r}>, expected only the head's own "
                "stylesheets, icon and alternates (no link in a page)",
                (href, "<link"),
            )
        ]
    if any(LINK_RELS[r] for r in rels) and _foreign(href, site_host):
        return [Finding(f"found <link href={href[:60]!r}>, expected a file of the site", (href,))]
    return []


def _foreign(url: str, site_host: str) -> bool:
    """Loaded from elsewhere than the site (another host, or a scheme but data:)."""
    return urls.leaves_site(url, site_host) or urls.scheme(url, site_host) not in (
        "http",
        "https",
        "data",
    )


def _script_findings(
    element: LexborNode,
    attrs: dict[str, str],
    allow: TemplateAllowlist,
    base: str,
    site_host: str,
    prefix: str,
) -> list[Finding]:
    body = _own_text(element)
    kind = attrs.get("type", "").strip().lower()
    if "src" in attrs:
        src = attrs["src"]
        target = urlsplit(urljoin(base, src))
        site_path = target.path.removeprefix(prefix.rstrip("/") + "/")
        if _foreign(src, site_host) or not allow.allows_script_file(site_path):
            return [
                Finding(
                    f"found <script src={src[:60]!r}>, expected only the scripts the templates "
                    "and mkdocs.yml (extra_javascript) load",
                    (src,),
                )
            ]
        return []
    if kind == "application/json" and attrs.get("id") == "__config":
        # Material's settings: data, but its "search" names the search worker's script.
        try:
            worker = json.loads(body).get("search", "")
        except (ValueError, AttributeError):
            worker = None
        if isinstance(worker, str):
            worker_path = urlsplit(urljoin(base, worker)).path
            if allow.allows_script_file(worker_path.removeprefix(prefix.rstrip("/") + "/")):
                return []
    if kind in _JS_TYPES and allow.allows_script(body):
        return []
    if kind == "application/ld+json" and _is_json_data(body):
        # A page's structured data (overrides/partials/page-sources.html, serumrun/theme/meta.py):
        # browsers never run it, and its text differs on every page. It must be JSON with
        # no "<" (serumrun.theme.meta escapes it), so that nothing in it can end the element.
        return []
    return [
        Finding(
            "found a <script> the templates did not write, expected no script in a page "
            "(the site's scripts are files listed in mkdocs.yml)",
            (body.strip()[:40], body.strip()[-40:], "<script"),
        )
    ]


def _is_json_data(body: str) -> bool:
    if "<" in body:
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True
