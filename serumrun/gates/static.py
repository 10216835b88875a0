"""The files of docs/ that are not pages: which kinds may be published, and what an SVG holds.

MkDocs copies every other file of docs/ verbatim to the site, where it is served from the
site's own origin, outside any Content-Security-Policy (a policy lives in the pages'
<meta>). An HTML, XHTML or SVG file opened directly is a document of its own: its
script runs with the site's origin (issue 17). So only kinds that cannot run script
are published, and an SVG (an image, but also an XML document) is read element by
element: no script, event handler, foreignObject (HTML inside), animation of a link,
external reference, entity or processing instruction.

Each kind has its place (`PLACES`): pages in a language folder, stylesheets under
assets/stylesheets/, scripts under assets/javascripts/, images under assets/ or beside
the pages. A stylesheet or script acts only where something loads it: mkdocs.yml
(extra_css, extra_javascript) or a template, which reviewers read (SECURITY.md); a page
cannot load one itself (serumrun/gates/output.py). What a file could still do by taking
the place of a file the theme or the plugin publishes (Material's script at
assets/javascripts/bundle.<hash>.min.js ran on every page, issue 22) is refused here:
no file of docs/ may be published at a path the theme or the plugin publishes
(serumrun/gates/tree.py reads those paths from the installed theme).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from serumrun.pages import Problem

#: Extensions of the files docs/ may hold besides pages.
ALLOWED_EXTENSIONS = {
    ".md",
    ".css",
    ".js",
    ".svg",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".avif",
    ".ico",
}
_IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")
#: Where each kind may be, as folders of docs/ ("{lang}/": any language folder).
PLACES: dict[str, tuple[str, ...]] = {
    ".md": ("{lang}/",),
    ".css": ("assets/stylesheets/",),
    ".js": ("assets/javascripts/",),
    **{suffix: ("assets/", "{lang}/") for suffix in _IMAGES},
}
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: Elements that run script, hold another kind of document, or animate an attribute.
_SVG_REFUSED = {
    "script": "no script",
    "foreignobject": "no foreignObject (it holds HTML)",
    "iframe": "no embedded document",
    "embed": "no embedded document",
    "object": "no embedded document",
    "handler": "no script",
    "listener": "no event listener",
}
_ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform", "discard"}
_URL_IN_STYLE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(", re.IGNORECASE)
#: An SVG larger than this is not an icon or a drawing of this site.
MAX_SVG_BYTES = 512_000


def static_problems(
    docs_dir: Path,
    shown_root: str = "docs",
    *,
    languages: tuple[str, ...] = (),
    taken: dict[str, str] | None = None,
) -> list[Problem]:
    """Every file of docs/ that may not be published (by kind, place, or a path `taken`
    by the theme or the plugin), and every SVG that is unsafe. Links are refused before
    (serumrun/gates/tree.py): none is followed here."""
    problems = []
    published_by: dict[str, str] = {}  # site path -> the file of docs/ published there
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(docs_dir).as_posix()
        shown = f"{shown_root}/{rel}"
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue  # MkDocs does not publish dot files
        suffix = path.suffix.lower()
        first, _, rest = rel.partition("/")
        # static-i18n publishes a language folder's files at the root of that language.
        published = rest if first in languages else rel
        owner = (taken or {}).get(published)
        if suffix != ".md" and published in published_by:
            owner = published_by[published]  # docs/en/assets/x.svg over docs/assets/x.svg
        published_by.setdefault(published, shown)
        if owner:
            problems.append(
                Problem(
                    shown,
                    None,
                    f"found a file at {published}, the path of {owner}, expected "
                    "a path of its own (it would replace that file on every page)",
                )
            )
            continue
        places = PLACES.get(suffix, ())
        if (
            languages
            and places
            and not any(
                rel.startswith(place) if place != "{lang}/" else first in languages and rest
                for place in places
            )
        ):
            problems.append(
                Problem(
                    shown,
                    None,
                    f"found a {suffix} file in {shown_root}/{rel.rpartition('/')[0] or '.'}, "
                    f"expected {suffix} files only in "
                    + " or ".join(
                        f"{shown_root}/{place.replace('{lang}', '<language>')}" for place in places
                    ),
                )
            )
            continue
        if suffix not in ALLOWED_EXTENSIONS:
            problems.append(
                Problem(
                    shown,
                    None,
                    f"found a {suffix or 'extension-less'} file, expected only "
                    f"{', '.join(sorted(ALLOWED_EXTENSIONS))} in docs/ (an HTML, XHTML or "
                    "other active file would run script on the site's origin)",
                )
            )
        elif suffix == ".svg":
            problems += svg_problems(path.read_bytes(), shown)
    return problems


def svg_problems(data: bytes, shown: str) -> list[Problem]:
    """What in one SVG file could run script, navigate or fetch from elsewhere."""
    if len(data) > MAX_SVG_BYTES:
        return [
            Problem(shown, None, f"found {len(data):,} bytes, expected an SVG of at most 500 kB")
        ]
    text = data.decode("utf-8", errors="replace")
    # An entity can expand to anything (and to gigabytes); an SVG needs none.
    for token, what in (
        ("<!DOCTYPE", "a DOCTYPE"),
        ("<!ENTITY", "an entity"),
        ("<?xml-", "a processing instruction"),
    ):
        at = text.upper().find(token.upper())
        if at >= 0:
            return [
                Problem(shown, text.count("\n", 0, at) + 1, f"found {what}, expected plain SVG")
            ]
    parser = ET.XMLPullParser(events=("start",))
    problems: list[Problem] = []
    try:
        parser.feed(data)
        parser.close()
    except ET.ParseError as exc:
        return [Problem(shown, exc.position[0], f"found malformed XML ({exc}), expected an SVG")]
    # Line numbers: ElementTree keeps none; find each refused thing's first line by text.
    lines = text.splitlines()
    for _, element in parser.read_events():
        ns, local = _split(element.tag)
        name = local.lower()
        if ns != SVG_NS:
            problems.append(
                _at(
                    shown,
                    lines,
                    local,
                    f"found <{local}> outside the SVG namespace ({ns or 'none'}), "
                    "expected SVG elements only",
                )
            )
            continue
        if name in _SVG_REFUSED:
            problems.append(
                _at(shown, lines, local, f"found <{local}>, expected {_SVG_REFUSED[name]}")
            )
        if name in _ANIMATIONS:
            target = element.get("attributeName", "")
            if target.lower().split(":")[-1] == "href" or name == "set":
                problems.append(
                    _at(
                        shown,
                        lines,
                        local,
                        f"found <{local} attributeName={target!r}>, "
                        "expected no animation of links or attributes (set)",
                    )
                )
        if name == "style" and _URL_IN_STYLE.search(element.text or ""):
            problems.append(
                _at(
                    shown,
                    lines,
                    "style",
                    "found url(), @import or expression() in <style>, "
                    "expected nothing from other files",
                )
            )
        for attr, value in element.attrib.items():
            attr_ns, attr_name = _split(attr)
            low = attr_name.lower()
            if low.startswith("on"):
                problems.append(
                    _at(
                        shown,
                        lines,
                        attr_name,
                        f"found {attr_name}= on <{local}>, expected no event handler",
                    )
                )
            elif low in ("href", "src") or (attr_ns == XLINK_NS and low == "href"):
                if not value.strip().startswith("#"):
                    problems.append(
                        _at(
                            shown,
                            lines,
                            value,
                            f"found {attr_name}={value[:60]!r} on <{local}>, "
                            "expected only '#id' references inside the file",
                        )
                    )
            elif low == "style" and _URL_IN_STYLE.search(value):
                problems.append(
                    _at(
                        shown,
                        lines,
                        value,
                        "found url() in a style attribute, expected nothing from other files",
                    )
                )
            elif low in ("values", "from", "to", "by") and name in _ANIMATIONS and ":" in value:
                problems.append(
                    _at(
                        shown,
                        lines,
                        value,
                        f"found {attr_name}={value[:60]!r} on <{local}>, "
                        "expected no URL in an animation",
                    )
                )
    return problems


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _at(shown: str, lines: list[str], needle: str, message: str) -> Problem:
    line = next((n for n, text in enumerate(lines, start=1) if needle in text), None)
    return Problem(shown, line, message)
