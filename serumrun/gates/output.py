"""The gate on the built site: every file, HTML read as a browser reads it (issue 17).

The source checks (serumrun/page_checks.py, serumrun/gates/) refuse what they
can see in a page, its front matter, the data and docs/. This gate checks what is
published, whatever produced it (a YAML escape in a title, a label, a nav title, a
trick of Markdown or of an extension), so that a stranger's pull request cannot run
script, send readers elsewhere, or load anything from another host:

* every file's kind: only what the site publishes (HTML, CSS, JS, JSON, images...);
  no XHTML, no other HTML-like file, no XML but the sitemap; every SVG checked as in
  docs/ (serumrun/gates/static.py);
* HTML parsed with Lexbor (through selectolax), the WHATWG parsing algorithm in C, with
  scripting on as in a browser (a <noscript> is raw text then: the parse a browser
  makes, not the one a scripting-off parser makes, which an attacker can exploit), the
  content of every <template> walked too; where parsers differ, the gate follows
  Chromium (tests/test_gates.py checks the tricks in both);
* every <script> and <style> is one the templates write: inline ones match, by
  content, a script or style of the templates the pages are rendered from (Material's
  and overrides/, `TemplateAllowlist`); a script file is one the templates or
  mkdocs.yml (extra_javascript) name;
* no event-handler attribute (`on...`), no `srcdoc`, no `javascript:`, `vbscript:` or
  `data:` URL (but data: images) in any attribute, after entity decoding and after
  removing what a browser's URL parser removes (tabs, newlines, leading controls and
  spaces); no animation of a link (`<animate attributeName="href">`, `<set>`);
* no <base>, <form> (but Material's search form), <iframe>, <frame>, <object>,
  <embed>, <noscript>, <template> and the like; no <meta http-equiv> but the site's one
  Content-Security-Policy; no <link> but the head's own kinds, nothing loaded from
  another host (stylesheets, images, media, `url()` in styles).

A refusal names where the thing came from when it can be found: the page (and the
front-matter key), data/labels.yml (and the key), or mkdocs.yml, with the line; else
the built file. One line per problem, with the built files it was found in.
"""

from __future__ import annotations

import gc
import heapq
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, compress, count, repeat
from operator import attrgetter, not_
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from serumrun.gates import static
from serumrun.pages import Problem

#: Kinds of file the built site may hold: what docs/ may hold (its pages become HTML),
#: and what MkDocs and Material write besides (the search index, source maps).
ALLOWED_EXTENSIONS = (static.ALLOWED_EXTENSIONS - {".md"}) | {".html", ".json", ".map"}
#: Files of another kind MkDocs itself writes, and the licence the offline bundle ships
#: with iframe-worker (serumrun/assets/iframe-worker/): plain text, served as such.
ALLOWED_NAMES = {"sitemap.xml", "sitemap.xml.gz", "LICENSE"}
#: Elements no page of the site has: they run script, embed a document, change where
#: links go, submit data, or are parsed differently by different parsers.
REFUSED_ELEMENTS = {
    "base": "no <base> (it changes where every link of the page goes)",
    "iframe": "no embedded page (link to it instead)",
    "frame": "no embedded page (link to it instead)",
    "frameset": "no embedded page (link to it instead)",
    "object": "no plugin or embedded document",
    "embed": "no plugin or embedded document",
    "applet": "no plugin or embedded document",
    "portal": "no embedded page (link to it instead)",
    "fencedframe": "no embedded page (link to it instead)",
    "noscript": "no <noscript> (browsers and checkers parse it differently)",
    "noembed": "no <noembed> (browsers and checkers parse it differently)",
    "noframes": "no <noframes> (browsers and checkers parse it differently)",
    "xmp": "no <xmp> (use a code block)",
    "plaintext": "no <plaintext>",
    "template": "no <template>",
    # Since 2025 Chromium keeps markup inside <select> (customizable select), as Lexbor
    # does; older parsers drop it: no page has one, whichever parse a reader's browser makes.
    "select": "no <select> (browsers and checkers parse its content differently)",
    "selectedcontent": "no <selectedcontent>",
    "option": "no <option>",
    "optgroup": "no <optgroup>",
    "datalist": "no <datalist>",
    "foreignobject": "no foreignObject in SVG",
    "handler": "no script",
    "listener": "no script",
    "set": "no <set> animation (it can change a link)",
    # MathML elements whose only use on the web is to make parsers disagree (mXSS).
    "mglyph": "no <mglyph> (browsers and checkers parse around it differently)",
    "malignmark": "no <malignmark> (browsers and checkers parse around it differently)",
    "meta": "",  # checked below
    "form": "",  # checked below
    "link": "",  # checked below
}
#: <link rel> kinds of the head, and whether they load what they point to.
LINK_RELS = {
    "stylesheet": True,
    "icon": True,
    "canonical": False,
    "alternate": False,
    "prev": False,
    "next": False,
}
#: Attributes whose value is loaded (not just followed on a click).
LOADING_ATTRS = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "ping"}
#: Elements whose content an HTML parser reads as text.
_TEXT_ONLY = {"style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_ANIMATIONS = {"animate", "animatemotion", "animatetransform", "discard"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
#: What a browser's URL parser drops before reading a scheme: tabs and newlines anywhere,
#: C0 controls and spaces around.
_URL_TRIM = "".join(chr(c) for c in range(0x21) if chr(c) not in "\t\n\r") + "\x7f"
#: In a style attribute: anything that can fetch, or hide what it fetches (CSS escapes).
_CSS_FETCH = re.compile(
    r"//|\\|url\s*\(|image-set|@import|expression\s*\(|-moz-binding|behavior\s*:", re.I
)
#: An event handler in a start tag, read from the text: the second layer under the parse.
#: What `<[a-zA-Z][^<>]{0,4000}?[\s/"'](on[a-zA-Z]{3,})\s*=` (in any case) finds, and
#: every later handler of the same tag too, in a tenth of the time: the literal `on` is
#: searched first, then what precedes it is checked in place (`_raw_handlers`).
#: Attribute names are not case-sensitive: `ONMOUSEOVER=` is a handler too. Three
#: patterns that each start with a literal (the fast search) instead of one that ignores
#: case (four times slower), their matches merged in text order.
_RAW_HANDLERS = (
    re.compile(r"(on[a-zA-Z]{3,})\s*="),
    re.compile(r"(O[nN][a-zA-Z]{3,})\s*="),
    re.compile(r"(oN[a-zA-Z]{3,})\s*="),
)
_RAW_BEFORE = re.compile(r"[\s/\"']")
_RAW_REACH = 4000
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*([^'")\s]*)""", re.IGNORECASE)
#: Elements checked even without an attribute (every other check reads one).
_CHECKED_BARE = REFUSED_ELEMENTS.keys() | _TEXT_ONLY | {"script", "style"}
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
    #: The <form> start tags of the templates (search, palette...), attribute by attribute.
    forms: list[dict[str, str]] = field(default_factory=list)

    def allows_form(self, attrs: dict[str, str]) -> bool:
        return attrs in self.forms

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
_FORM = re.compile(r"<form\b([^>{]*)>", re.IGNORECASE)  # literal ones: no Jinja inside
_TAG_ATTR = re.compile(r"""([\w-]+)(?:="([^"]*)")?""")
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
                allow.forms += [_form_attributes(tag) for tag in _FORM.findall(text)]
    return allow


def _form_attributes(tag: str) -> dict[str, str]:
    return {name.lower(): value for name, value in _TAG_ATTR.findall(tag)}


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
        from serumrun.pages import FrontMatterError, parse_front_matter

        try:
            meta, lines, _ = parse_front_matter("\n".join(self._lines(rel)), rel)
        except FrontMatterError:
            return ()
        return tuple((k, str(v), lines.get(k, 2)) for k, v in meta.items() if isinstance(v, str))

    @cache  # noqa: B019
    def _labels(self) -> tuple[tuple[str, str, int], ...]:
        from serumrun import yamlio

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
                    if low in text.lower() or low in _unescape(text).lower():
                        return f"{rel}:{number}"
        return None

    def _shown(self, path: Path | None, default: str) -> str:
        if path is None:
            return default
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def _unescape(text: str) -> str:
    return html.unescape(text)


# --- The gate -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    message: str
    needles: tuple[str, ...] = ()


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
    for rel, findings in _checked_files(site, allow, site_host, prefix):
        for finding in findings:
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


def _checked_files(site: Path, allow: TemplateAllowlist, site_host: str, prefix: str):
    """Each file of the site (its site-relative path) and its findings. The cyclic garbage
    collector is off meanwhile: the walks allocate and free hundreds of thousands of small
    objects, none in a cycle, and it would go through a build's objects over and over."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        checked = []
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            rel = path.relative_to(site).as_posix()
            checked.append((rel, check_file(path, rel, allow, site_host, prefix)))
    finally:
        if collecting:
            gc.enable()
    return checked


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
    if suffix == ".svg":
        return [Finding(p.message) for p in static.svg_problems(path.read_bytes(), rel)]
    if suffix == ".css":
        return css_findings(path.read_text(encoding="utf-8", errors="replace"), rel, site_host)
    if suffix == ".html":
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not text or b"\r" in data:  # bytes replaced, or newlines translated
            text = path.read_text(encoding="utf-8", errors="replace")
            return html_findings(text, rel, allow, site_host, prefix)
        # The parser is given the bytes read, which are `text` in UTF-8: not encoded again.
        return html_findings(text, rel, allow, site_host, prefix, utf8=data)
    return []


def css_findings(text: str, rel: str, site_host: str) -> list[Finding]:
    return [
        Finding(
            f"found url({url[:60]!r}) in a stylesheet, expected nothing from another host", (url,)
        )
        for url in _CSS_URL.findall(text)
        if _foreign(url, site_host) or _bad_scheme(url, image=True)
    ]


def html_findings(
    text: str,
    rel: str,
    allow: TemplateAllowlist,
    site_host: str,
    prefix: str = "/",
    *,
    utf8: bytes | None = None,
) -> list[Finding]:
    """Every problem of one HTML document, parsed as a browser with scripting on parses it
    (`utf8`: the document's UTF-8, if the caller has it, parsed instead of the text)."""
    tree = LexborHTMLParser(text if utf8 is None else utf8, scripting=True)
    found: list[Finding] = []
    # The page's own address: relative script addresses resolve against it.
    base = f"https://{site_host or 'site.invalid'}{prefix.rstrip('/')}/{rel}"
    csp_metas = 0
    configs = 0
    head = tree.head
    head_ids = set(map(_MEM_ID, head.traverse())) if head is not None else set()
    for element, raw, tag in _candidates(tree):
        tag = (tag or "").lower()
        if not raw and tag not in _CHECKED_BARE:
            continue  # a <p>, <li>, <td>...: nothing to find without an attribute
        # Names as written (`xlink:href` stays apart from `href`); an empty value is "".
        attrs = {k.lower(): v or "" for k, v in raw.items()}
        before = len(found)
        if attrs.get("id") == "__config":
            configs += 1
            if configs > 1:
                found.append(
                    Finding(
                        "found a second element with id __config, expected Material's one "
                        "(its settings name the search worker's script)",
                        (*_values(attrs), "__config"),
                    )
                )
        if tag in REFUSED_ELEMENTS and REFUSED_ELEMENTS[tag]:
            found.append(
                Finding(
                    f"found <{tag}>, expected {REFUSED_ELEMENTS[tag]}", (*_values(attrs), f"<{tag}")
                )
            )
        elif tag == "meta" and "http-equiv" in attrs:
            csp_metas += 1
            if (
                attrs["http-equiv"].strip().lower() != "content-security-policy"
                or csp_metas > 1
                or element.mem_id not in head_ids
            ):
                found.append(
                    Finding(
                        f"found <meta http-equiv={attrs['http-equiv']!r}>, expected none "
                        "but the site's one Content-Security-Policy (no refresh, no redirect)",
                        (*_values(attrs), "http-equiv"),
                    )
                )
        elif tag == "form":
            if not allow.allows_form(attrs):
                found.append(
                    Finding(
                        "found <form>, expected none but the templates' own (Material's search)",
                        (*_values(attrs), "<form"),
                    )
                )
        elif tag == "link":
            found += _link_findings(attrs, element.mem_id in head_ids, base, site_host)
        elif tag == "script":
            found += _script_findings(element, attrs, allow, base, site_host, prefix)
        elif tag == "style":
            body = _own_text(element)
            if not allow.allows_style(body):
                found.append(
                    Finding(
                        "found a <style> element the templates did not write, expected "
                        "styles in a stylesheet listed in mkdocs.yml (extra_css)",
                        (body.strip()[:40], "<style"),
                    )
                )
        animated = (
            attrs.get("attributename", "").strip().lower().rsplit(":", 1)[-1]
            if tag in _ANIMATIONS
            else ""
        )
        if animated == "href" or animated.startswith("on"):
            found.append(
                Finding(
                    f"found <{tag} attributeName=href>, expected no animation of a link",
                    (*_values(attrs), "attributename"),
                )
            )
        if tag in _TEXT_ONLY and _MARKUP.search(element.text(deep=True) or ""):
            # Text to this parser, elements to a browser that reads the namespace otherwise.
            found.append(
                Finding(
                    f"found markup inside <{tag}>, expected plain text (parsers disagree on it)",
                    (*_values(attrs), f"<{tag}"),
                )
            )
        element_refused = len(found) > before and tag in REFUSED_ELEMENTS
        if attrs and (not element_refused or any(name.startswith("on") for name in attrs)):
            # One line for a refused element; its handlers are worth a line of their own.
            found += _attribute_findings(tag, attrs, base, site_host)
    # A start tag a browser reads and this parser dropped (a parsing rule newer than the
    # parser, or one a browser's vendor changes first) would hide its handler from the
    # walk above: read the text too.
    seen = {f.needles[-1] for f in found if f.needles}
    for name, tag_text in _raw_handlers(text):
        name = name.lower()
        if name + "=" not in seen:
            seen.add(name + "=")
            found.append(
                Finding(
                    f"found {name}= in a tag the HTML5 parser did not keep, expected no "
                    "event-handler attribute (no script in a page)",
                    (tag_text[-60:], name + "="),
                )
            )
    return found


def _raw_handlers(text: str):
    """Each `on...=` of the text that stands in a start tag: after a space, slash or quote,
    with `<` and a letter before it and no `<` or `>` between, within `_RAW_REACH`."""
    matches = (pattern.finditer(text) for pattern in _RAW_HANDLERS)
    for match in heapq.merge(*matches, key=re.Match.start):
        sep = match.start() - 1
        if sep < 0 or not _RAW_BEFORE.match(text, sep):
            continue
        window = max(0, sep - _RAW_REACH - 2)
        start = max(text.rfind("<", window, sep), text.rfind(">", window, sep))
        if start >= 0 and text[start] == "<" and start + 1 < sep and text[start + 1].isascii():
            if text[start + 1].isalpha():
                yield match.group(1), text[start : match.end()]


def _values(attrs: dict[str, str]) -> list[str]:
    """Where a finding came from is found by its most distinctive text: the longest values."""
    return sorted((v for v in attrs.values() if v), key=len, reverse=True)


def _elements(tree: LexborHTMLParser):
    """Every element of the document, then of each <template>'s content, at any depth.

    A template's content is a fragment apart from the tree (Lexbor, like a browser, keeps
    it there); a browser attaches it as a shadow root (`shadowrootmode`) or a script
    clones it, so it is checked as the page itself.
    """
    for top in _tops(tree):
        for node in top.traverse():
            if node.is_element_node:
                yield node


# --- Which elements to check one by one ----------------------------------------------------
#
# A page has hundreds of elements (the navigation alone), and nearly all of them have nothing
# a check reads: a class, a relative href, an aria-label. `_candidates` picks, over the
# whole document at once and in C (maps, sets, str and bytes methods), every element the
# checks of `html_findings` could refuse; only those go through the checks, in document
# order. Any other element cannot give a finding: no check reads its tag, none of its
# attribute names is one a check reads by name (`_flagged_name`), and none of its values
# holds a mark (`_marks`), which a value must hold to be refused for its scheme or
# to be the id "__config" (tests/test_gates.py compares the two walks on a corpus).

_ATTRIBUTES = attrgetter("attributes")
_TAG = attrgetter("tag")
_MEM_ID = attrgetter("mem_id")
#: Elements checked whatever their attributes: those a check reads by tag (an SVG <image>,
#: <use> or <feImage> loads its href), and <img>, whose src is on every page.
_KEPT_TAGS = _CHECKED_BARE | _ANIMATIONS | {"image", "use", "feimage", "img"}
#: Attributes a check reads by their name, whatever their value (and every `on...`).
_NAMED = {"srcdoc", "formaction", "action", "style"} | LOADING_ATTRS
#: The schemes `_bad_scheme` refuses, by the end a colon has: "javascript:", "vbscript:"
#: and "livescript:" end with "script:".
_SCHEME_ENDS = (b"script", b"data", b"mocha")
assert all(
    scheme.endswith(tuple(e.decode() + ":" for e in _SCHEME_ENDS)) for scheme in _BAD_SCHEMES
)


def _flagged_name(name: str) -> bool:
    """An attribute a check reads by its name: a handler, a loading one, a style..."""
    low = name.lower()
    return low.startswith("on") or low in _NAMED


def _fold(text: str) -> bytes:
    """`text` as `_normalize` reads a scheme in it, as far as ASCII goes: no tab or newline,
    ASCII letters lowercased, in UTF-8 (where no other character has an ASCII byte). No
    other character lowercases to a letter of a scheme but U+0130 (to "i" and a combining
    dot, which no "i" of a scheme is followed by): a scheme `_normalize` finds is here."""
    data = text.encode("utf-8", "surrogatepass").lower()
    return data.replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"")


def _marks(values) -> int:
    """How many marks the values hold: colons after the end of a refused scheme, and
    "__config" (the values joined with NULs, which no mark holds)."""
    data = _fold("\x00".join(filter(None, values)))
    parts = data.split(b":")
    del parts[-1]  # what follows the last colon
    return sum(map(bytes.endswith, parts, repeat(_SCHEME_ENDS))) + data.count(b"__config")


def _candidates(tree: LexborHTMLParser) -> list[tuple[LexborNode, dict, str | None]]:
    """The elements a check of `html_findings` may refuse, in the order of `_elements`, each
    with its attributes and tag: a tag of `_KEPT_TAGS`, a name of `_flagged_name`, or a
    value with a mark of `_marks`. The names and values of the elements not kept for their
    tag are looked at all at once first: on a page, none is flagged nor marked (its marks
    are in <meta> and <script> elements, its src in <img> and <script>)."""
    if tree.root is None:
        return []
    nodes = list(tree.root.traverse())
    tags = list(map(_TAG, nodes))
    if "template" in tags:  # the content of each, as `_elements` walks it
        nodes = list(chain.from_iterable(top.traverse() for top in _tops(tree)))
        tags = list(map(_TAG, nodes))
    dicts = list(map(_ATTRIBUTES, nodes))
    kept_tags = {tag for tag in set(tags) if (tag or "").lower() in _KEPT_TAGS}
    picked = set(compress(count(), map(kept_tags.__contains__, tags)))
    others = [True] * len(nodes)
    for i in picked:
        others[i] = False
    flagged = {name for name in set().union(*compress(dicts, others)) if _flagged_name(name)}
    if flagged:
        picked.update(compress(count(), map(not_, map(flagged.isdisjoint, dicts))))
    if _marks(chain.from_iterable(map(dict.values, compress(dicts, others)))):
        values = set(chain.from_iterable(map(dict.values, dicts)))
        marked = {value for value in values if value and _marks((value,))}
        marked_in = map(not_, map(marked.isdisjoint, map(dict.values, dicts)))
        picked.update(compress(count(), marked_in))
    return [(nodes[i], dicts[i], tags[i]) for i in sorted(picked) if nodes[i].is_element_node]


def _tops(tree: LexborHTMLParser):
    """The document's root, then the content of each <template>: the trees `_elements`
    walks."""
    todo: list[LexborNode] = [tree.root] if tree.root is not None else []
    while todo:
        top = todo.pop()
        yield top
        # Each fragment holds the templates nested in it: none is reached twice.
        todo += top.template_fragments()


def _own_text(element: LexborNode) -> str:
    """The element's child text, what a browser runs or applies for a script or style."""
    return "".join(
        child.text_content or ""
        for child in element.iter(include_text=True)
        if child.tag == "-text"
    )


def _is_html_script(element: LexborNode) -> bool:
    """A <script> of the HTML namespace (not SVG's or MathML's), read from the serializer:
    selectolax exposes the namespace only as the prefix it writes (`<svg:script`)."""
    start = element.html_pretty(indent=0, tag_with_ns=True)[:8]
    return start in ("<script>", "<script ")


def _attribute_findings(
    tag: str, attrs: dict[str, str], base: str, site_host: str
) -> list[Finding]:
    found = []
    for name, value in attrs.items():
        if name.startswith("on"):
            found.append(
                Finding(
                    f"found {name}= on <{tag}>, expected no event-handler attribute "
                    "(no script in a page)",
                    (value, name + "="),
                )
            )
            continue
        if name in ("srcdoc", "formaction", "action"):
            found.append(
                Finding(
                    f"found {name}= on <{tag}>, expected none (no embedded page, no form)",
                    (value, name + "="),
                )
            )
            continue
        if name == "style":
            # Pages have no business loading anything from a style attribute at all.
            fetch = _CSS_FETCH.search(value)
            if fetch:
                found.append(
                    Finding(
                        f"found {fetch.group(0)!r} in a style attribute, expected no url(), "
                        "@import or escape (styles load nothing; stylesheets are in mkdocs.yml)",
                        (value,),
                    )
                )
            continue
        loads = name in LOADING_ATTRS or (
            name in ("href", "xlink:href") and tag in ("image", "use", "feimage")
        )
        if ":" not in value and not (loads and ("/" in value or "\\" in value)):
            continue  # no scheme, nor another host where it loads: nothing below can find
        image_ok = tag == "img" and name in ("src", "srcset")
        for part in _url_parts(name, value):
            if _bad_scheme(part, image=image_ok):
                found.append(
                    Finding(
                        f"found {name}={value[:60]!r} on <{tag}>, expected a link to a page or an "
                        "http(s) address (no javascript:, vbscript: or data: URL)",
                        (value, part),
                    )
                )
                break
            if loads:
                if _foreign(part, site_host):
                    found.append(
                        Finding(
                            f"found {name}={value[:60]!r} on <{tag}>, expected a file of the site "
                            "(nothing loaded from another host)",
                            (value, part),
                        )
                    )
                    break
    return found


def _url_parts(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [c.strip().split()[0] for c in value.split(",") if c.strip()]
    if name in ("values", "from", "to", "by"):
        return [v.strip() for v in value.split(";")]
    return [value]


def _normalize(url: str) -> str:
    """What a browser's URL parser reads a scheme from: no tabs or newlines, no leading
    or trailing C0 controls and spaces."""
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    return url.strip(_URL_TRIM).lower()


def _bad_scheme(url: str, *, image: bool = False) -> bool:
    if ":" not in url:
        return False  # no scheme at all
    low = _normalize(url)
    if image and low.startswith("data:image/"):
        return False
    return low.startswith(_BAD_SCHEMES)


def _foreign(url: str, site_host: str) -> bool:
    # Browsers read a backslash as a slash in http(s) addresses: `\\/evil.example`.
    low = _normalize(url).replace("\\", "/")
    if low.startswith("//"):
        host = urlsplit("https:" + low).hostname or ""
        return host != site_host
    scheme = low.split(":", 1)[0] if _SCHEME.match(low) else ""
    if not scheme:
        return False
    if scheme in ("http", "https", "ftp", "ws", "wss"):
        return (urlsplit(low).hostname or "") != site_host
    return scheme != "data"


def _link_findings(
    attrs: dict[str, str], in_head: bool, base: str, site_host: str
) -> list[Finding]:
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
    if not _is_html_script(element) or "href" in attrs:  # an SVG or MathML script
        return [
            Finding(
                "found a <script> in SVG, expected no script in a page",
                (*sorted(attrs.values(), key=len, reverse=True), body.strip()[:40], "<script"),
            )
        ]
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
        # A page's structured data (overrides/partials/page-sources.html, serumrun/meta.py):
        # browsers never run it, and its text differs on every page. It must be JSON with
        # no "<" (serumrun.meta escapes it), so that nothing in it can end the element.
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
