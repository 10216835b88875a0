"""The check of the built site: a short pass over what the templates emit (issue 21).

Page content is kept by the sanitizer before the theme wraps it (serumrun/gates/content.py),
the files of docs/ by theirs (static.py, assets.py). What is left is what the templates
write around the content, filled with data (titles, labels, nav, settings of mkdocs.yml),
and what overrides/ adds to the site. Each built page, parsed as a browser parses it
(Lexbor), may hold only the templates' own <script>s and <style>s (`TemplateAllowlist`:
inline ones matched by content, files named by the templates or extra_javascript), the
head's <link>s loading from the site, one <meta http-equiv> (the Content-Security-Policy),
and links to a page or an http(s) or mailto: address, `rel="noopener noreferrer"` on each
link out (policy.py writes it), never `rel="opener"`. Every file is of a kind the site
publishes. A refusal names the first line of mkdocs.yml or a data file that holds what
was found, else the built file.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from serumrun.gates import content, static, urls
from serumrun.problems import Problem, source_line
from serumrun.theme.offline import SHIM_URL  # the offline bundle's one added script

#: Kinds of file the built site may hold: what docs/ may hold (its pages become HTML),
#: and what MkDocs and Material write besides (the search index, source maps).
ALLOWED_EXTENSIONS = (static.ALLOWED_EXTENSIONS - {".md"}) | {".html", ".json", ".map"}
#: Files of another kind MkDocs itself writes, and the licence the offline bundle ships
#: with iframe-worker (serumrun/assets/iframe-worker/): plain text, served as such.
ALLOWED_NAMES = {"sitemap.xml", "sitemap.xml.gz", "LICENSE"}
#: <link rel> kinds of the head; those that load what they point to.
LINK_LOADS = {"stylesheet", "icon"}
LINK_RELS = LINK_LOADS | {"canonical", "alternate", "prev", "next"}
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


def allowlist(config) -> TemplateAllowlist:
    """What the templates write, for the policy and the output pass (the plugin reads it
    once per build: `mkdocs serve` reads an edited template again)."""
    scripts = tuple(str(s) for s in config.extra_javascript) + (SHIM_URL,)
    return template_allowlist(tuple(config.theme.dirs), scripts)


# --- Where a problem came from ---------------------------------------------------------------


@dataclass(eq=False)  # hashed by identity: its methods cache per instance
class Sources:
    """The texts the templates fill, to name the source of what the pass finds: mkdocs.yml
    and the data files (labels, relay, people...). Not the pages: what a page renders is
    the sanitizer's (content.py), which names the page and line."""

    project: object  # serumrun.project.Project
    config_file: Path

    @cache  # noqa: B019 (one Sources per build)
    def _lines(self, shown: str) -> tuple[str, ...]:
        path = self.project.root / shown
        if not path.is_file():
            return ()
        return tuple(path.read_text(encoding="utf-8").splitlines())

    def locate(self, needles: tuple[str, ...]) -> str | None:
        """`file:line` of the first source that holds `needles` (content.py `source_line`)."""
        data = sorted(self.project.root.glob("data/*.yml"))
        files = (self.config_file, self.project.labels, *data)
        texts = [self.project.display(p) for p in files if p is not None]
        for shown in dict.fromkeys(texts):
            number = source_line(self._lines(shown), needles)
            if number:
                return f"{shown}:{number}"
        return None


# --- The pass -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    message: str
    needles: tuple[str, ...] = ()  # texts to look for in the sources


def _found(message: str, needles: tuple[str, ...] = ()) -> list[Finding]:
    return [Finding(message, needles)]


def check_output(config, project, allow: TemplateAllowlist) -> list[Problem]:
    """The pass on every file of the site MkDocs built with `config`."""
    config_file = Path(config.config_file_path or project.root / "mkdocs.yml")
    sources = Sources(project, config_file)
    return check_site(Path(config.site_dir), allow, config.site_url or "", sources)


def check_site(
    site: Path, allow: TemplateAllowlist, site_url: str, sources: Sources | None = None
) -> list[Problem]:
    """Every problem of the built site at `site`, one per source and kind, sorted."""
    site_host = urlsplit(site_url).hostname or ""
    prefix = urlsplit(site_url).path or "/"
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        for finding in check_file(path, rel, allow, site_host, prefix):
            where = sources.locate(finding.needles) if sources else None
            grouped[(where or f"built file {rel}", finding.message)].append(rel)
    return sorted(
        Problem(where, None, f"{message} (built: {_shown(files)})")
        for (where, message), files in grouped.items()
    )


def _shown(files: list[str]) -> str:
    more = f" and {len(files) - 3} more" if len(files) > 3 else ""
    return ", ".join(files[:3]) + more


def check_file(
    path: Path, rel: str, allow: TemplateAllowlist, site_host: str, prefix: str = "/"
) -> list[Finding]:
    name = PurePosixPath(rel).name
    suffix = PurePosixPath(rel).suffix.lower()
    if name not in ALLOWED_NAMES and suffix not in ALLOWED_EXTENSIONS:
        return _found(
            f"found a {suffix or 'extension-less'} file in the built site, expected only "
            f"{', '.join(sorted(ALLOWED_EXTENSIONS))} (an XHTML, XML or other active "
            "file runs script on the site's origin)",
        )
    if suffix == ".html":
        text = path.read_text(encoding="utf-8", errors="replace")
        return html_findings(text, rel, allow, site_host, prefix)
    return []


@dataclass(frozen=True)
class _Page:
    """One built page, as the checks of its elements need it."""

    allow: TemplateAllowlist
    site_host: str
    prefix: str  # the site's path (/ or /project/): script files are named under it
    base: str  # the page's own address: relative addresses resolve against it
    head: frozenset[int]  # the <link>s of the <head>
    policy: int | None  # the first <meta http-equiv>, the one that may be the policy

    def site_path(self, url: str) -> str:
        """The path under the site of `url` as the page's address resolves it."""
        resolved = urls.resolve(url, self.site_host, base=self.base)
        path = resolved.pathname if resolved is not None else ""
        return path.removeprefix(self.prefix.rstrip("/") + "/")


def html_findings(
    text: str, rel: str, allow: TemplateAllowlist, site_host: str, prefix: str = "/"
) -> list[Finding]:
    """What the templates emitted in one page: scripts, styles, links, meta."""
    tree = LexborHTMLParser(text)
    policy = tree.css_first("meta[http-equiv]")
    page = _Page(
        allow,
        site_host,
        prefix,
        base=f"https://{site_host or urls.PLACEHOLDER_HOST}{prefix.rstrip('/')}/{rel}",
        head=frozenset(n.mem_id for n in tree.css("head link")),
        policy=policy.mem_id if policy is not None else None,
    )
    found: list[Finding] = []
    for element in tree.css("script, style, link, meta[http-equiv], a, area"):
        attrs = {k.lower(): v or "" for k, v in element.attributes.items()}
        found += _CHECKS[element.tag](element, attrs, page)
    return found


def _meta(element: LexborNode, attrs: dict[str, str], page: _Page) -> list[Finding]:
    kind = attrs["http-equiv"]
    if kind.strip().lower() == "content-security-policy" and element.mem_id == page.policy:
        return []
    return _found(
        f"found <meta http-equiv={kind!r}>, expected none but the site's one "
        "Content-Security-Policy (no refresh, no redirect)",
        (*sorted(filter(None, attrs.values()), key=len, reverse=True), "http-equiv"),
    )


def _own_text(element: LexborNode) -> str:
    """The element's child text, what a browser runs or applies for a script or style."""
    children = element.iter(include_text=True)
    return "".join(c.text_content or "" for c in children if c.tag == "-text")


def _style(element: LexborNode, attrs: dict[str, str], page: _Page) -> list[Finding]:
    body = _own_text(element)
    if page.allow.allows_style(body):
        return []
    return _found(
        "found a <style> element the templates did not write, expected "
        "styles in a stylesheet listed in mkdocs.yml (extra_css)",
        (body.strip()[:40], "<style"),
    )


def _link(element: LexborNode, attrs: dict[str, str], page: _Page) -> list[Finding]:
    rels = set(attrs.get("rel", "").lower().split())
    href = attrs.get("href", "")
    if element.mem_id not in page.head or not rels or not rels <= LINK_RELS:
        return _found(
            f"found <link rel={attrs.get('rel', '')!r}>, expected only the head's own "
            "stylesheets, icon and alternates (no link in a page)",
            (href, "<link"),
        )
    if rels & LINK_LOADS and _foreign(href, page.site_host):
        return _found(f"found <link href={href[:60]!r}>, expected a file of the site", (href,))
    return []


def _link_out(element: LexborNode, attrs: dict[str, str], page: _Page) -> list[Finding]:
    tag, href = element.tag, attrs.get("href")
    rel = attrs.get("rel", "").lower().split()
    if "opener" in rel:
        return _found(f"found rel='opener' on <{tag}>, expected never", (href or "", "opener"))
    if href is None:
        return []
    if urls.scheme(href, page.site_host) not in content.URL_SCHEMES:
        return _found(
            f"found href={href[:60]!r} on <{tag}>, expected a link to a page or an "
            "http(s) address (no javascript:, vbscript: or data: URL)",
            (href,),
        )
    if urls.leaves_site(href, page.site_host) and not all(t in rel for t in EXTERNAL_REL):
        return _found(
            f"found <{tag} href={href[:60]!r}> without rel='noopener noreferrer', "
            "expected it on every link out",
            (href,),
        )
    return []


def _foreign(url: str, site_host: str) -> bool:
    """Loaded from elsewhere than the site (another host, or a scheme but data:)."""
    scheme = urls.scheme(url, site_host)
    return urls.leaves_site(url, site_host) or scheme not in ("http", "https", "data")


def _script(element: LexborNode, attrs: dict[str, str], page: _Page) -> list[Finding]:
    if "src" in attrs:
        src = attrs["src"]
        if not _foreign(src, page.site_host) and page.allow.allows_script_file(page.site_path(src)):
            return []
        return _found(
            f"found <script src={src[:60]!r}>, expected only the scripts the templates "
            "and mkdocs.yml (extra_javascript) load",
            (src,),
        )
    body = _own_text(element)
    if _inline_allowed(attrs.get("type", "").strip().lower(), attrs.get("id"), body, page):
        return []
    return _found(
        "found a <script> the templates did not write, expected no script in a page "
        "(the site's scripts are files listed in mkdocs.yml)",
        (body.strip()[:40], body.strip()[-40:], "<script"),
    )


def _inline_allowed(kind: str, element_id: str | None, body: str, page: _Page) -> bool:
    if kind == "application/json" and element_id == "__config":
        # Material's settings: data, but its "search" names the search worker's script.
        settings = _json(body)
        worker = settings.get("search") if isinstance(settings, dict) else None
        return isinstance(worker, str) and page.allow.allows_script_file(page.site_path(worker))
    if kind == "application/ld+json":
        # A page's structured data (overrides/partials/page-sources.html, serumrun/theme/meta.py):
        # browsers never run it, and its text differs on every page. It must be JSON with
        # no "<" (serumrun.theme.meta escapes it), so that nothing in it can end the element.
        return "<" not in body and _json(body) is not None
    return kind in _JS_TYPES and page.allow.allows_script(body)


def _json(body: str):
    try:
        return json.loads(body)
    except ValueError:
        return None


_CHECKS = dict(script=_script, style=_style, link=_link, meta=_meta, a=_link_out, area=_link_out)
