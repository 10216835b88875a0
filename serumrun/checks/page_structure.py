"""A page's structure as the contributor check reads it: headings (level, explicit anchor,
line), citations, internal links and images, each with its file line, and the problems
of the page itself (anchors, heading levels).

The limits run first (serumrun/gates/source.py): on a refused page none of the patterns
below is run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from serumrun.citations.extension import Occurrence, scan, scan_source
from serumrun.gates.source import gate_page
from serumrun.mdsource import MARKER_RE, Heading, attr_list_id, code_free_lines
from serumrun.pages import (
    IMAGE_RE,
    LINK_RE,
    REFERENCE_RE,
    SCHEME_RE,
    FrontMatterError,
    SourcePage,
)
from serumrun.problems import Problem

_ANCHOR_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: An attribute list (`{ #anchor .class }`); an `id=` attribute.
#: Each brace scans to the next brace at most (`{#a` x 1,000 was cubic, issue 22).
_ATTR_LIST_RE = re.compile(r"\{([^{}\n]*+)\}")
_ID_ATTR_RE = re.compile(r"""\bid=["']?([\w-]++)""")


@dataclass(frozen=True)
class Ref:
    """An internal link or an image: its target as written, its line and section."""

    target: str
    line: int
    section: str | None  # anchor of the heading above it; None before the first one


@dataclass
class Page:
    path: str  # as shown in messages: 'docs/fr/relay.md'
    text: str = ""
    meta: dict = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    citations: list[Occurrence] = field(default_factory=list)
    links: list[Ref] = field(default_factory=list)
    images: list[Ref] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    markers: set[str] = field(default_factory=set)  # its [[markers]]: the build adds anchors
    body_line: int = 1  # the first line after the front matter
    problems: list[Problem] = field(default_factory=list)
    parsed: bool = True  # False: refused by a limit before parsing (serumrun/gates/limits.py)

    @property
    def subheadings(self) -> list[Heading]:
        """The headings of level 2 and deeper: those that carry an anchor."""
        return [h for h in self.headings if h.level > 1]

    @property
    def sections(self) -> dict[str | None, int]:
        """Line of each section (None: the text before the first anchored heading)."""
        found: dict[str | None, int] = {None: self.body_line}
        for heading in self.subheadings:
            found.setdefault(heading.id, heading.line)
        return found


def parse_page(text: str, path: str) -> Page:
    """Read a page's structure from its text (a page of the tree is read by `structure`)."""
    return structure(gate_page(SourcePage(Path(path), path, text)))


def structure(source: SourcePage) -> Page:
    """A page's structure, after the gates (serumrun/gates/source.py `gate_page`) have
    read it: their problems are the page's, and a page they refused is not parsed (issue
    17: on a refused page the regexes below are not run at all). A heading without an
    anchor is the contributor check's to report, with its twin's."""
    text, path = source.text, source.shown
    page = Page(path, text, problems=list(source.problems), parsed=source.front is not None)
    if not page.parsed:
        return page
    if isinstance(source.front, FrontMatterError):
        page.body_line = _body_line(text.splitlines())
    else:  # the gates' parse, not a second one
        page.meta, page.meta_lines, page.body_line = source.front
    body = "\n".join(text.splitlines()[page.body_line - 1 :])
    # A valid page's scan is the build's, shared with the references page.
    valid = not isinstance(source.front, FrontMatterError)
    scanned = scan_source(source) if valid else scan(body, first_line=page.body_line)
    page.citations, page.headings = list(scanned.occurrences), list(scanned.headings)
    anchors = {heading.line: heading.id for heading in page.subheadings}
    section: str | None = None
    for number, line in code_free_lines(body, page.body_line):
        section = anchors.get(number, section)
        page.ids.update(_ids(line))
        page.markers.update(MARKER_RE.findall(line))
        page.images += [Ref(m.group("target"), number, section) for m in IMAGE_RE.finditer(line)]
        page.links += [Ref(target, number, section) for target in _link_targets(line)]
    page.ids.update(h.id for h in page.headings)
    page.problems += _heading_problems(page.headings, path)
    return page


def _body_line(lines: list[str]) -> int:
    """After what looks like a front matter that is not one: its body's first line."""
    if not lines or lines[0].rstrip() != "---":
        return 1
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), 0) + 2


def _link_targets(line: str) -> list[str]:
    found = [m.group("target") for regex in (LINK_RE, REFERENCE_RE) for m in regex.finditer(line)]
    return [target for target in found if target and not SCHEME_RE.match(target)]


def _heading_problems(headings: list[Heading], path: str) -> list[Problem]:
    """Anchors not in the form links use, anchors set twice, heading levels that jump."""
    problems = [
        Problem(
            path,
            h.line,
            f"found anchor #{h.anchor}, expected lower-case ascii words joined by '-'",
        )
        for h in headings
        if h.level > 1 and h.anchor is not None and not _ANCHOR_RE.fullmatch(h.anchor)
    ]
    first: dict[str, int] = {}
    for heading in headings:
        if heading.id in first:
            problems.append(
                Problem(
                    path,
                    heading.line,
                    f"found anchor #{heading.id} again (first at line {first[heading.id]}), "
                    "expected each anchor once in a page",
                )
            )
        first.setdefault(heading.id, heading.line)
    for heading, above in heading_jumps(headings):
        problems.append(
            Problem(
                path,
                heading.line,
                f"found a level-{heading.level} heading after a level-{above} one, "
                f"expected level {above + 1} at most ('{'#' * (above + 1)} …')",
            )
        )
    return problems


def heading_jumps(headings: list[Heading]) -> list[tuple[Heading, int]]:
    """Each heading more than one level below the one above it, with that level."""
    jumps, level = [], 1
    for heading in headings:
        if heading.level > level + 1:
            jumps.append((heading, level))
        level = heading.level
    return jumps


def _ids(line: str) -> set[str]:
    """The anchors a source line sets: the last `#anchor` of each attribute list (the one
    attr_list keeps), and every `id=` attribute."""
    ids = set(_ID_ATTR_RE.findall(line))
    if "{" in line:
        for attrs in _ATTR_LIST_RE.findall(line):
            found = attr_list_id(attrs)
            if found:
                ids.add(found)
    return ids
