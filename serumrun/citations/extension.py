"""In-text citations: the parser every tool shares, and a Python-Markdown extension.

`[@salisbury2003]`, `[@salisbury2003, p. 187]`, `[@a; @b, p. 24]`: keys of
data/bibliography.yml, each with an optional locator. `CITATION_RE` (serumrun/mdsource.py),
`parse_citation` and `scan` are the one definition of the syntax.

Each citation becomes a superscript marker, numbered per page in order of first use (a
key cited again keeps its number), each number linking to the key's entry on the
references page of the page's language, with the short reference as its accessible name::

    <sup class="citation" id="cite-1"><a aria-label="[1, p. 187] Salisbury and Salisbury
      2003, p. 187" href="references.md#ref-salisbury2003" title="...">[1, p. 187]</a></sup>

In a site build the marker waits outside the page until Material's search plugin has
read it (serumrun/citations/deferred_markup.py). An unknown key stops the build with
`UnknownCitationKeyError` (file, line, key), before any page is rendered
(serumrun/citations/references.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from serumrun.citations import bibliography, deferred_markup
from serumrun.errors import SerumRunError
from serumrun.mdsource import CITATION_RE, Heading, PageContext, code_free_lines, heading_at
from serumrun.pages import SourcePage
from serumrun.problems import Problem
from serumrun.project import Project


@dataclass(frozen=True)
class Cite:
    """One key of a citation, with its locator as written ('p. 187') or None."""

    key: str
    locator: str | None = None


def parse_citation(body: str) -> list[Cite]:
    """'@a; @b, p. 24' (the inside of the brackets) -> [Cite('a'), Cite('b', 'p. 24')]."""
    cites = []
    for item in body.split(";"):
        key, _, locator = item.strip().removeprefix("@").partition(",")
        cites.append(Cite(key.strip(), " ".join(locator.split()) or None))
    return cites


# --- Scanning a Markdown source (for backlinks and early errors) ------------------------


@dataclass(frozen=True)
class Occurrence:
    """A key cited at `line` of a source, under `section` (None: before any heading)."""

    key: str
    locator: str | None
    line: int
    section: Heading | None


@dataclass(frozen=True)
class ScannedPage:
    occurrences: tuple[Occurrence, ...]
    headings: tuple[Heading, ...]  # every heading, with its line


def scan_citations(text: str) -> list[list[Cite]]:
    """The citations of a text (no code to skip), each as its list of keys."""
    return [parse_citation(match.group("body")) for match in CITATION_RE.finditer(text)]


def scan_source(source: SourcePage) -> ScannedPage:
    """`scan` of a page whose front matter is valid, once per build (kept on its record)."""
    if source.scanned is None:
        source.scanned = scan(source.body, first_line=source.front_matter()[2])
    return source.scanned


def scan(markdown_text: str, *, first_line: int = 1) -> ScannedPage:
    """Every citation of a Markdown source with its line and the heading it sits under.

    Code and HTML comments are skipped, as Markdown skips them. A citation may run over
    lines (`[@a;` then `@b]`): its line is the one where it starts. `first_line`: the
    file line of the text's first line (after front matter).
    """
    headings: list[Heading] = []
    numbers: list[int] = []  # file line of each code-free line
    starts: list[int] = []  # offset of each code-free line in `text`
    parts: list[str] = []
    offset = 0
    for number, line in code_free_lines(markdown_text, first_line):
        found = heading_at(line, number) if line.startswith("#") else None
        if found:
            headings.append(found)
        numbers.append(number)
        starts.append(offset)
        parts.append(line)
        offset += len(line) + 1
    text = "\n".join(parts)
    sections = [heading for heading in headings if heading.level > 1]
    section_lines = [heading.line for heading in sections]
    occurrences: list[Occurrence] = []
    for match in CITATION_RE.finditer(text):
        number = numbers[bisect_right(starts, match.start()) - 1]
        above = bisect_right(section_lines, number)
        section = sections[above - 1] if above else None
        for cite in parse_citation(match.group("body")):
            occurrences.append(Occurrence(cite.key, cite.locator, number, section))
    return ScannedPage(tuple(occurrences), tuple(headings))


def unknown_key(key: str, keys: Collection[str], bibliography_file: str) -> str:
    """What a citation of a key the bibliography (of `keys`) lacks is told, everywhere."""
    close = get_close_matches(key, keys, n=1, cutoff=0.8)
    hint = f" (did you mean @{close[0]}?)" if close else ""
    return f"found unknown citation key @{key}, expected a key of {bibliography_file}{hint}"


class UnknownCitationKeyError(SerumRunError, LookupError):
    """A citation names a key the bibliography does not have: file, line and key."""

    def __init__(self, project: Project, path: Path, line: int | None, key: str) -> None:
        self.file = project.display(path)
        self.line = line
        self.key = key
        keys = bibliography.load(project)
        problem = unknown_key(key, keys, project.display(project.bibliography))
        super().__init__(str(Problem(self.file, line, problem)))


# --- The extension -----------------------------------------------------------------------


class CitationInlineProcessor(InlineProcessor):
    """Turns `[@key, locator; ...]` into a numbered superscript marker."""

    def __init__(self, pattern: str, md: Markdown, extension: CitationExtension) -> None:
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: N802 (Markdown's API)
        ext = self.extension
        page = ext.page()
        cites = parse_citation(m.group("body"))
        ext.check_keys(cites)
        ext.markers += 1
        marker = f"cite-{ext.markers}"
        sup = etree.Element("sup", {"class": "citation", "id": marker})
        for cite in cites:
            number = ext.numbers.setdefault(cite.key, len(ext.numbers) + 1)
            name, locator = ext.names(cite, page.lang)
            visible = f"[{number}, {locator}]" if locator else f"[{number}]"
            # The accessible name starts with the visible text (WCAG 2.5.3, label in
            # name), then says which source it is.
            link = etree.SubElement(
                sup,
                "a",
                {
                    "href": f"{page.references_url}#ref-{cite.key}",
                    "title": name,
                    "aria-label": f"{visible} {name}",
                },
            )
            link.text = AtomicString(visible)  # not read as a link again
        ext.keys_of[marker] = [cite.key for cite in cites]
        if page.late is None:  # outside a site build
            return sup, m.start(0), m.end(0)
        # The page keeps an empty marker (with its id, for the anchors and the recorder);
        # the whole marker is put in its place later (serumrun/citations/deferred_markup.py).
        placeholder = etree.Element("sup", dict(sup.attrib))
        placeholder.set(deferred_markup.ATTRIBUTE, page.late.add(self.md.serializer(sup)))
        return placeholder, m.start(0), m.end(0)


class CitationRecorderTreeprocessor(Treeprocessor):
    """Reports each rendered marker, with the heading it sits under, to the `recorder`."""

    def __init__(self, md: Markdown, extension: CitationExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        recorder = self.extension.recorder
        if recorder is None:
            return
        page = self.extension.page()
        section: Heading | None = None
        for element in root.iter():
            if element.tag in _SECTION_TAGS and element.get("id"):
                section = Heading(int(element.tag[1]), _heading_text(element), element.get("id"))
            elif element.tag == "sup" and element.get("class") == "citation":
                for key in self.extension.keys_of.get(element.get("id"), ()):
                    recorder(page.lang, page.uri, key, section)


_SECTION_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _heading_text(element: etree.Element) -> str:
    """A heading's text without toc's permalink and without its citation markers."""
    parts = [element.text or ""]
    for child in element:
        if child.get("class") not in ("headerlink", "citation"):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    # Collapse ASCII white space only: French headings keep their no-break spaces (« x »).
    return " ".join(re.split(r"[ \t\r\n]+", "".join(parts))).strip()


class CitationExtension(Extension):
    """Citations `[@key]` rendered as numbered markers linking to the references page.

    `project`: the bibliography, the languages' rules and the folders; `page` returns the
    page being rendered; `recorder`, called as recorder(lang, page_uri, key, section) for
    each key of each marker, in page order, once the page is parsed (section: the Heading,
    h2-h6, the marker sits under, or None): the references page links back to citations
    that other extensions generate."""

    def __init__(
        self,
        project: Project,
        page: Callable[[], PageContext],
        recorder: Callable[[str, str, str, Heading | None], None] | None = None,
    ) -> None:
        self.project = project
        self.page = page
        self.recorder = recorder
        super().__init__()
        self._names: dict[tuple, tuple[str, str]] = {}
        self.reset()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.registerExtension(self)
        # 174: after backticks (190) and escapes (180), so code spans and \[ win; before
        # reference (170) and link (160) links, which would read [@key] as a link text.
        md.inlinePatterns.register(
            CitationInlineProcessor(CITATION_RE.pattern, md, self), "citation", 174
        )
        # 4: after toc (5) and attr_list (8) have given the headings their ids.
        md.treeprocessors.register(CitationRecorderTreeprocessor(md, self), "citation_recorder", 4)

    def reset(self) -> None:
        #: Number of each key on the page, in order of first use.
        self.numbers: dict[str, int] = {}
        #: Markers written so far on the page (their ids: cite-1, cite-2, ...).
        self.markers = 0
        #: The keys of each marker, by its id.
        self.keys_of: dict[str, list[str]] = {}

    def check_keys(self, cites: list[Cite]) -> None:
        """A key the bibliography lacks never reaches a reader: the build's scan of every
        page (serumrun/citations/references.py) has named it with its line already; one
        that scan could not see (a citation Markdown reads where the scan saw code)
        stops the build here, with its file."""
        entries = bibliography.load(self.project)
        for cite in cites:
            if cite.key not in entries:
                page = self.page()
                path = self.project.docs_dir / page.lang / page.uri
                raise UnknownCitationKeyError(self.project, path, None, cite.key)

    def names(self, cite: Cite, lang: str) -> tuple[str, str]:
        """The short reference and the localized locator of a cite (kept for the build:
        the same key and page are cited again and again)."""
        cache_key = (cite.key, cite.locator, lang)
        if cache_key not in self._names:
            entry = bibliography.load(self.project)[cite.key]
            self._names[cache_key] = (
                bibliography.short_reference(entry, self.project.language(lang), cite.locator),
                bibliography.format_locator(cite.locator, self.project.language(lang)),
            )
        return self._names[cache_key]


def makeExtension(**kwargs) -> CitationExtension:  # noqa: N802 (Markdown's API)
    return CitationExtension(**kwargs)


#: Anything written like a citation, `[@...]`, bounded so that the scan stays linear.
_CITATION_LIKE_RE = re.compile(r"(?<!\\)\[\s*@[^\[\]\n]{0,200}\](?![(\[])")


def malformed_citations(markdown_text: str, *, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(line, message) for each `[@...]` that is not a citation: a key with a capital, a
    non-ASCII letter (a Cyrillic 'о' for 'o'), a space... Markdown would print it as text."""
    for number, line in code_free_lines(markdown_text, first_line):
        if "@" not in line:
            continue
        for match in _CITATION_LIKE_RE.finditer(line):
            if CITATION_RE.fullmatch(match.group(0)):
                continue
            odd = [c for c in match.group(0) if ord(c) > 127]
            why = (
                f"non-ASCII {', '.join(f'{c!r} (U+{ord(c):04X})' for c in dict.fromkeys(odd))}"
                if odd
                else "a key that is not lower-case ASCII letters, digits and . _ : -"
            )
            yield (
                number,
                f"found citation {match.group(0)!r} with {why}, expected [@key] or "
                "[@key, p. 12] with a key of data/bibliography.yml",
            )
