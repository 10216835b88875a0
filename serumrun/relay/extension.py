"""Python-Markdown extension `serumrun.relay`: the relay markers of the pages.

A paragraph that is exactly one of these markers becomes generated content:

    [[relay:table]]     the legs table (Markdown pipe table, citations as [@key] text)
    [[relay:map]]       the route map (inline SVG figure) and a pointer to the table
    [[relay:timeline]]  the timeline (Markdown ordered list with <time> elements)
    [[relay:people]]    an entry per driver, from data/people.yml and the legs
                        (serumrun/relay/people.py; the page is mushers.md)

and these inline markers become text anywhere in prose:

    [[relay:total]]     674 mi (1,085 km) / 674 mi (1 085 km)
    [[relay:mushers]]   20

All of it is rendered in the page's language, which the serumrun plugin tells the
extension for every page (serumrun/plugin.py), from the build's `RelayData`.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cached_property

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from serumrun.citations import bibliography
from serumrun.l10n.labels import label
from serumrun.languages import Language
from serumrun.mdsource import CODE_SPAN_RE, PageContext, fenced
from serumrun.project import Project
from serumrun.relay import l10n, people, render
from serumrun.relay.data import Relay, RelayDataError, RelayError, load_relay
from serumrun.relay.svgmap import route_map

BLOCK_MARKERS = ("table", "map", "timeline", "people")
INLINE_MARKERS = ("total", "mushers")
_MARKER = re.compile(r"\[\[relay:([^\]]*)\]\]")
_BLOCK_LINE = re.compile(r"^(?P<indent>[ ]*)\[\[relay:(?P<name>[a-z]+)\]\][ ]*$")
#: Fences at any indent: superfences reads them inside list items too.
_FENCE = re.compile(r"^[ ]*(`{3,}|~{3,})")
TABLE_ID = "relay-legs"
#: The id of a page's first map; its legs are `relay-map-leg-N`.
MAP_ID = "relay-map"


class RelayMarkerError(RelayError):
    """A page uses a relay marker wrongly: the message names the page and the line."""


@dataclass
class RelayData:
    """The relay of one build (`of`: one per Project, for the source gates, the
    contributor check and the extension): the project's relay and people files, each
    read and checked once, when first needed. A site without them builds while no page
    uses a marker."""

    project: Project
    citation_keys: Collection[str]

    @classmethod
    def of(cls, project: Project) -> RelayData:
        """The project's relay data, citing the keys of its bibliography."""
        if cls not in project.data:
            project.data[cls] = cls(project, bibliography.load(project).keys())
        return project.data[cls]

    @cached_property
    def relay(self) -> Relay:
        if self.project.relay is None:
            raise RelayDataError("mkdocs.yml", None, "no relay data: set plugins.serumrun.relay")
        return load_relay(
            self.project.relay,
            languages=self.project.languages,
            citation_keys=self.citation_keys,
        )

    @cached_property
    def roles(self) -> tuple[people.Role, ...]:
        if self.project.people is None:
            raise RelayDataError("mkdocs.yml", None, "no people data: set plugins.serumrun.people")
        return people.load_people(
            self.relay,
            self.project.people,
            languages=self.project.languages,
            citation_keys=self.citation_keys,
        )


class RelayBlockPreprocessor(Preprocessor):
    """Replace each block marker line with generated Markdown (or a stashed map)."""

    def __init__(self, md: Markdown, extension: RelayExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        if not any(map(_may_hold_marker, lines)):
            # Most pages: no marker, and none that removing code spans would make
            # (check_markers reads a line without them): nothing to read line by line.
            ext.page_has_table = ext.page_has_map = False
            return lines
        read = list(fenced(lines, _FENCE))
        blocks = {_block_name(line) for line, code in read if not code and "[[relay:" in line}
        ext.page_has_table, ext.page_has_map = "table" in blocks, "map" in blocks
        out: list[str] = []
        for number, (line, code) in enumerate(read, 1):
            if code or not _may_hold_marker(line):
                out.append(line)
                continue
            ext.check_markers(line, number)
            name = _block_name(line)
            if name is None:
                out.append(line)
                continue
            indent = _BLOCK_LINE.match(line).group("indent")
            block = {
                "table": ext.table_markdown,
                "map": ext.map_markdown,
                "timeline": ext.timeline_markdown,
                "people": ext.people_markdown,
            }[name]
            out += ["", *(indent + part if part else part for part in block().split("\n")), ""]
        return out


class RelayInlineProcessor(InlineProcessor):
    """[[relay:total]] and [[relay:mushers]] inside a paragraph."""

    def __init__(self, pattern: str, extension: RelayExtension):
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: N802 (Python-Markdown API)
        relay, lang = self.extension.data.relay, self.extension.language
        if m.group(1) == "total":  # '674 mi (1,085 km)' / '1 085 km (674 milles)'
            return l10n.distance(relay.total_miles, lang), m.start(0), m.end(0)
        return l10n.number(relay.mushers, lang), m.start(0), m.end(0)


class RelayTreeprocessor(Treeprocessor):
    """Give the generated table and list what Markdown cannot write: ids, classes, caption."""

    def __init__(self, md: Markdown, extension: RelayExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        ext = self.extension
        if ext.tables:
            parents = {child: parent for parent in root.iter() for child in parent}
            for table in list(root.iter("table")):  # the loop moves tables into wrappers
                header = table.find("thead/tr/th")
                mark = header.text.strip() if header is not None and header.text else ""
                if mark in ext.tables:
                    _decorate_table(table, *ext.tables[mark], parents[table])
        for ol in root.iter("ol") if ext.timelines else ():
            first = ol.find("li")
            if first is not None and (first.text or "").startswith(tuple(ext.timelines)):
                ol.set("class", "relay-timeline")
                ol.set("aria-label", label("relay.timeline.label", ext.language))


def _decorate_table(
    table: etree.Element, data: render.Table, first: bool, parent: etree.Element
) -> None:
    rows = table.findall("tbody/tr")
    if len(rows) != len(data.rows):  # pragma: no cover - a bug in this module
        raise RelayError(f"relay table: {len(rows)} rows parsed, {len(data.rows)} written")
    # A wrapper carries the class: Material styles and scrolls tables without one.
    wrapper = etree.Element("div", {"class": "relay-legs"})
    parent.insert(list(parent).index(table), wrapper)
    parent.remove(table)
    wrapper.append(table)
    if first:
        table.set("id", TABLE_ID)
    caption = etree.Element("caption")
    caption.text = data.caption
    table.insert(0, caption)
    for th in table.iterfind("thead/tr/th"):
        th.set("scope", "col")
    for tr, row in zip(rows, data.rows, strict=True):
        tr.set("class", row.html_class)
        if row.html_id and first:
            tr.set("id", row.html_id)


class RelayExtension(Extension):
    """The relay data markers; see the module docstring."""

    def __init__(self, data: RelayData, page: Callable[[], PageContext], **kwargs):
        #: The page being rendered, as the plugin knows it (`mkdocs build`: every page).
        self.page = page
        self.data = data
        super().__init__(**kwargs)
        self.reset()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        md.registerExtension(self)
        self.md = md
        if "table" not in md.parser.blockprocessors:
            TableExtension().extendMarkdown(md)  # the legs table is a pipe table
        # 28: after normalize_whitespace (30), which deletes the stash placeholders this
        # inserts, and before fenced code (25) and raw HTML (20), so the generated
        # Markdown, citations included, goes through every later step like authored text.
        md.preprocessors.register(RelayBlockPreprocessor(md, self), "relay_blocks", 28)
        # 175: after code spans (190) and backslash escapes (180), so `[[relay:total]]` in
        # code stays literal; before links (160), which would read `[[...]]` as brackets.
        md.inlinePatterns.register(
            RelayInlineProcessor(r"\[\[relay:(total|mushers)\]\]", self), "relay_inline", 175
        )
        # 25: before inline processing (20), which leaves the stash placeholders that
        # identify the generated table and list untouched but rewrites cell text.
        md.treeprocessors.register(RelayTreeprocessor(md, self), "relay_tree", 25)

    def reset(self) -> None:
        self.tables: dict[str, tuple[render.Table, bool]] = {}
        self.timelines: set[str] = set()
        self.maps = 0
        self.page_has_table = False
        self.page_has_map = False

    # -- the page

    @property
    def language(self) -> Language:
        lang = self.page().lang
        languages = self.data.project.languages
        if lang not in languages:
            raise RelayMarkerError(
                f"serumrun.relay: unknown language {lang!r} "
                f"(site languages: {', '.join(languages)})"
            )
        return self.data.project.language(lang)

    # -- markers

    def check_markers(self, line: str, number: int) -> None:
        """Unknown markers, and block markers that are not alone on their line, are errors."""
        for match in _MARKER.finditer(CODE_SPAN_RE.sub("", line)):
            name = match.group(1)
            if name in BLOCK_MARKERS and _block_name(line) != name:
                problem = "must be alone on its line, with a blank line before and after"
                raise self.marker_error(number, match.group(0), problem)
            if name not in BLOCK_MARKERS + INLINE_MARKERS:
                known = ", ".join(f"[[relay:{n}]]" for n in BLOCK_MARKERS + INLINE_MARKERS)
                problem = f"unknown relay marker (known: {known})"
                raise self.marker_error(number, match.group(0), problem)

    def marker_error(self, body_line: int, marker: str, problem: str) -> RelayMarkerError:
        context = self.page()
        project = self.data.project
        page = project.display(project.docs_dir / context.lang / context.uri)
        return RelayMarkerError(f"{page}:{context.file_line(body_line)}: {marker} {problem}")

    def table_markdown(self) -> str:
        # The legs' numbers link to their lines on the page's (first) map, the drivers'
        # names to their entries on the mushers page.
        here = posixpath.dirname(self.page().uri) or "."
        table = render.legs_table(
            self.data.relay,
            self.language,
            map_id=MAP_ID if self.page_has_map else None,
            people_href=posixpath.relpath(people.PEOPLE_PAGE, here),
        )
        mark = self.md.htmlStash.store(html.escape(table.header[0]))
        self.tables[mark] = (table, not self.tables)
        return table.markdown(first_cell=mark)

    def timeline_markdown(self) -> str:
        mark = self.md.htmlStash.store("")
        self.timelines.add(mark)
        return render.timeline(self.data.relay, self.language, first_item_mark=mark)

    def people_markdown(self) -> str:
        uri = self.page().uri
        return people.entries_markdown(self.data.roles, self.language, uri)

    def map_markdown(self) -> str:
        self.maps += 1
        prefix = MAP_ID if self.maps == 1 else f"{MAP_ID}-{self.maps}"
        if self.page_has_table:
            table_page = ""
        else:
            here = posixpath.dirname(self.page().uri)
            table_page = posixpath.relpath(people.TABLE_PAGE, here or ".")
        figure = route_map(self.data.relay, self.language, id_prefix=prefix, table_href=table_page)
        pointer = label("relay.map.alt", self.language).format(href=f"{table_page}#{TABLE_ID}")
        return f"{self.md.htmlStash.store(figure)}\n\n{pointer}"


def _may_hold_marker(line: str) -> bool:
    """Whether `check_markers` or `_block_name` could find anything in `line`."""
    return "[[relay:" in line or ("`" in line and _MARKER.search(CODE_SPAN_RE.sub("", line)))


def _block_name(line: str) -> str | None:
    match = _BLOCK_LINE.match(line)
    return match.group("name") if match and match.group("name") in BLOCK_MARKERS else None
