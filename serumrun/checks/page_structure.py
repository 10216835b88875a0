"""A page's structure as the contributor check reads it: headings (level, explicit anchor,
line), citations, internal links and images, each with its file line, and the problems
of the page itself (anchors, heading levels).

Users: the translation checker (serumrun/checks/twins.py, scripts/check_translations.py), which
compares two twins' structures. The limits run first (serumrun/gates/source.py): on a
refused page none of the patterns below is run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from serumrun.citations.extension import Occurrence, scan
from serumrun.gates.source import page_gates
from serumrun.mdsource import Heading, code_free_lines, heading_at
from serumrun.pages import IMAGE_RE, LINK_RE, REFERENCE_RE, SCHEME_RE, FrontMatterError
from serumrun.problems import Problem

_ANCHOR_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: An attribute list (`{ #anchor .class }`) and the anchors in it; an `id=` attribute.
#: Each brace scans to the next brace at most (`{#a` x 1,000 was cubic, issue 22).
_ATTR_LIST_RE = re.compile(r"\{([^{}\n]*+)\}")
_HASH_ID_RE = re.compile(r"#([\w-]++)")
_ID_ATTR_RE = re.compile(r"""\bid=["']?([\w-]++)""")
#: A line that the plugin replaces with generated content (`[[bibliography]]`, `[[relay:map]]`).
_MARKER_RE = re.compile(r"^\[\[([\w:-]+)\]\]\s*$")


@dataclass(frozen=True)
class Ref:
    """An internal link or an image: its target as written, its line and section."""

    target: str
    line: int
    section: str | None  # anchor of the heading above it; None before the first one


@dataclass
class Page:
    path: str  # as shown in messages: 'docs/fr/relay.md'
    meta: dict = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    citations: list[Occurrence] = field(default_factory=list)
    links: list[Ref] = field(default_factory=list)
    images: list[Ref] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    generated: bool = False  # has a [[marker]]: the build adds content, and anchors
    markers: set[str] = field(default_factory=set)  # the names of its [[markers]]
    body_line: int = 1  # the first line after the front matter
    problems: list[Problem] = field(default_factory=list)
    parsed: bool = True  # False: refused by a limit before parsing (serumrun/gates/limits.py)

    @property
    def sections(self) -> dict[str | None, int]:
        """Line of each section (None: the text before the first anchored heading)."""
        found: dict[str | None, int] = {None: self.body_line}
        for heading in self.headings:
            if heading.level > 1:
                found.setdefault(heading.id, heading.line)
        return found


def parse_page(text: str, path: str) -> Page:
    """Read a page's structure. Problems of the page itself land in `page.problems`."""
    page = Page(path)
    # Limits first (issue 17): on a refused page the regexes below are not run at all.
    page.problems, page.parsed, front = page_gates(text, path)
    if not page.parsed:
        return page
    if not isinstance(front, FrontMatterError):  # the gates' parse, not a second one
        page.meta, page.meta_lines, page.body_line = front
    else:
        page.problems.append(front.problem)
        text_lines = text.splitlines()
        if text_lines and text_lines[0].rstrip() == "---":  # skip what looks like one
            end = next((i for i in range(1, len(text_lines)) if text_lines[i].rstrip() == "---"), 0)
            page.body_line = end + 2
    body_line = page.body_line
    body = "\n".join(text.splitlines()[body_line - 1 :])
    page.citations = list(scan(body, first_line=body_line).occurrences)
    section: str | None = None
    seen: dict[str, int] = {}
    for number, line in code_free_lines(body, body_line):
        found = heading_at(line, number)
        if found:
            page.headings.append(found)
            if found.level > 1:
                section = found.id
                page.problems.extend(_anchor_problems(found, path))
            if found.id in seen:
                page.problems.append(
                    Problem(
                        path,
                        number,
                        f"found anchor #{found.id} again (first at line {seen[found.id]}), "
                        "expected each anchor once in a page",
                    )
                )
            seen.setdefault(found.id, number)
        page.ids.update(_ids(line))
        marker = _MARKER_RE.match(line)
        if marker:
            page.generated = True
            page.markers.add(marker.group(1))
        for match in IMAGE_RE.finditer(line):
            page.images.append(Ref(match.group("target"), number, section))
        for regex in (LINK_RE, REFERENCE_RE):
            for match in regex.finditer(line):
                target = match.group("target")
                if target and not SCHEME_RE.match(target):
                    page.links.append(Ref(target, number, section))
    page.ids.update(seen)
    for heading, above in heading_jumps(page.headings):
        page.problems.append(
            Problem(
                path,
                heading.line,
                f"found a level-{heading.level} heading after a level-{above} one, "
                f"expected level {above + 1} at most ('{'#' * (above + 1)} …')",
            )
        )
    return page


def heading_jumps(headings: list[Heading]) -> list[tuple[Heading, int]]:
    """Each heading more than one level below the one above it, with that level."""
    jumps, level = [], 1
    for heading in headings:
        if heading.level > level + 1:
            jumps.append((heading, level))
        level = heading.level
    return jumps


def missing_anchor(heading: Heading, path: str, slug: str | None = None) -> Problem:
    """The problem of a heading without an explicit anchor, suggesting `slug` (the
    translation checker passes the original's, so both languages get the same one)."""
    slug = slug or heading.id or "section-name"
    return Problem(
        path,
        heading.line,
        f"found heading {heading.text!r} without an explicit anchor, "
        f"expected '{'#' * heading.level} {heading.text} {{ #{slug} }}' "
        "(the same anchor in every language)",
    )


def _anchor_problems(heading: Heading, path: str) -> list[Problem]:
    if heading.anchor is None:
        return [missing_anchor(heading, path)]
    if not _ANCHOR_RE.fullmatch(heading.anchor):
        return [
            Problem(
                path,
                heading.line,
                f"found anchor #{heading.anchor}, expected lower-case ascii words joined by '-'",
            )
        ]
    return []


def _ids(line: str) -> set[str]:
    """The anchors a source line sets: the last `#anchor` of each attribute list (the one
    attr_list keeps), and every `id=` attribute."""
    ids = set(_ID_ATTR_RE.findall(line))
    if "{" in line:
        for attrs in _ATTR_LIST_RE.findall(line):
            found = _HASH_ID_RE.findall(attrs)
            if found:
                ids.add(found[-1])
    return ids
