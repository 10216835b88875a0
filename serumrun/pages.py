"""A page of the site as the tools read it: its front matter, headings (level, explicit
anchor, line), citations, internal links and images, each with its file line, and the
`Problem` every check reports (`docs/fr/relay.md:12: found X, expected Y`).

Users: the translation checker (serumrun/twins.py, scripts/check_translations.py), the
build's page checks (serumrun/page_checks.py, serumrun/gates/) and the translation status
(serumrun/translation_status.py).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from serumrun import citations, yamlio
from serumrun.errors import SerumRunError
from serumrun.mdsource import Heading, code_free_lines, heading_at, universal
from serumrun.project import Project, current

#: Front matter every page must have, each a non-empty string.
REQUIRED_FIELDS = ("title", "description")
#: The field of a translated page naming the revision of the original it translates.
SOURCE_COMMIT = "source_commit"
#: `source_commit` of a pair written together (scripts/new_page.py).
NEW = "new"
#: What scripts/new_page.py writes where a writer has to put words: never published.
PLACEHOLDER = "TODO"
#: A full commit sha, as `source_commit` records it.
SHA_RE = re.compile(r"[0-9a-f]{40}")

_ANCHOR_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: An attribute list (`{ #anchor .class }`) and the anchors in it; an `id=` attribute.
#: Each brace scans to the next brace at most (`{#a` x 1,000 was cubic, issue 22).
_ATTR_LIST_RE = re.compile(r"\{([^{}\n]*+)\}")
_HASH_ID_RE = re.compile(r"#([\w-]++)")
_ID_ATTR_RE = re.compile(r"""\bid=["']?([\w-]++)""")
_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?"
#: `[text](target)`, not an image; the text may hold one level of brackets.
LINK_RE = re.compile(
    rf"(?<!!)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?P<target>[^)\s>]*)>?{_TITLE}\s*\)"
)
IMAGE_RE = re.compile(rf"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?P<target>[^)\s>]*)>?{_TITLE}\s*\)")
#: `[label]: target` (a reference definition), not a footnote `[^1]:`.
REFERENCE_RE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?")
#: A line that the plugin replaces with generated content (`[[bibliography]]`, `[[relay:map]]`).
_MARKER_RE = re.compile(r"^\[\[([\w:-]+)\]\]\s*$")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


# --- Problems ------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, where it is: `docs/fr/relay.md:12: found X, expected Y`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class FrontMatterError(SerumRunError, ValueError):
    """The front matter of a page cannot be read: carries the Problem (file, line)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


# --- One page --------------------------------------------------------------------------


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
    citations: list[citations.Occurrence] = field(default_factory=list)
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


def parse_front_matter(text: str, path: str) -> tuple[dict, dict[str, int], int]:
    """The front matter of a page, the line of each key, and the line the body starts on.

    Raises FrontMatterError naming the file and line when it is missing or malformed.
    """
    lines = text.splitlines()
    expected = "expected '---', then YAML with title and description, then '---'"
    if not lines or lines[0].rstrip() != "---":
        first = lines[0] if lines else ""
        raise FrontMatterError(Problem(path, 1, f"found {first[:40]!r}, {expected}"))
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError(
            Problem(
                path,
                1,
                "found no closing '---' for the front matter, expected one after its last key",
            )
        )
    source = "\n".join(lines[1:end])
    try:
        data, node = yamlio.load_with_nodes(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        problem = " ".join(str(exc.problem or exc).split())
        raise FrontMatterError(Problem(path, line, _yaml_advice(problem, source, line))) from None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            Problem(
                path,
                2,
                f"found {type(data).__name__} in the front matter, expected 'key: value' lines",
            )
        )
    key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    # A sha as written: YAML would read 0123...9 as a number.
    for key, value in node.value:
        if key.value == SOURCE_COMMIT and isinstance(value, yaml.ScalarNode) and value.value:
            data[SOURCE_COMMIT] = str(value.value)
    for name in REQUIRED_FIELDS:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            if name not in data:
                found = f"no {name!r}"
            elif value is None or not str(value).strip():
                found = f"an empty {name!r}"
            else:
                found = f"{name}: {value!r} (not text: put it in quotes)"
            raise FrontMatterError(
                Problem(
                    path,
                    key_lines.get(name, 1),
                    f"found {found} in the front matter, "
                    f"expected a non-empty {name!r} (required: {', '.join(REQUIRED_FIELDS)})",
                )
            )
    return data, key_lines, end + 2


def _yaml_advice(problem: str, source: str, line: int) -> str:
    """The YAML parser's complaint in a contributor's words, for the common slips."""
    lines = source.splitlines()
    text = lines[line - 2] if 0 <= line - 2 < len(lines) else ""
    key, colon, value = text.partition(":")
    if "mapping values are not allowed" in problem and colon and ":" in value:
        return (
            f"found a second ':' in the value of {key.strip()!r}, expected the value in "
            f'quotes: {key.strip()}: "{value.strip()}"'
        )
    if "found character '\\t'" in problem:
        return "found a tab, expected spaces (YAML does not allow tabs)"
    return (
        f"found malformed YAML ({problem}), expected 'key: value' lines "
        "(a value with ':', '#' or quotes goes in double quotes)"
    )


@dataclass
class SourcePage:
    """A page's Markdown file as one build reads it: read, checked and its front matter
    parsed once, by the first pass's source check (serumrun/page_checks.py), then reused
    by every language pass (the references scan, the extensions' line offset, the checks
    of the page as rendered, its dates) instead of reading and parsing the file again.

    The build's records live on its Project (`Project.sources`, see `source_page`), made
    anew on every build: `mkdocs serve` reads an edited page again.
    """

    path: Path
    shown: str  # as messages print it: 'docs/fr/relay.md'
    text: str  # decoded from UTF-8, as written ("" when it is not UTF-8)
    problems: list[Problem] = field(default_factory=list)  # what the source check found
    #: The front matter as `parse_front_matter` returns it, or the error it raised; None
    #: until asked (`front_matter`), or when the check refused the page before parsing.
    front: tuple[dict, dict[str, int], int] | FrontMatterError | None = None

    @classmethod
    def read(cls, path: Path | str, shown: str) -> SourcePage:
        """A page the source check did not record (a test, a script): read now, raising
        as reading the file raises (OSError, UnicodeDecodeError)."""
        path = Path(path)
        return cls(path, shown, path.read_bytes().decode("utf-8"))

    @cached_property
    def universal(self) -> str:
        """The text with its line breaks read as Python reads a text file ('\\r\\n' and
        '\\r' as '\\n'): `Path.read_text(encoding="utf-8")`."""
        return universal(self.text)

    @cached_property
    def markdown(self) -> str:
        """The text as MkDocs reads it: `read_text(encoding="utf-8-sig")` (no BOM)."""
        return self.universal.removeprefix("\ufeff")

    def front_matter(self) -> tuple[dict, dict[str, int], int]:
        """`parse_front_matter` of the page (its meta, key lines and body line), or the
        FrontMatterError it raises. The check parsed it from the text; a page read later
        is parsed as MkDocs reads it, as its readers did (the two differ by a BOM only,
        which the check refuses)."""
        if self.front is None:
            try:
                self.front = parse_front_matter(self.markdown, self.shown)
            except FrontMatterError as exc:
                self.front = exc
        if isinstance(self.front, FrontMatterError):
            raise self.front
        return self.front

    @property
    def body(self) -> str:
        """The Markdown after the front matter (its first line is file line `body_line`);
        made when asked (the references scan, once a build), not kept."""
        body_line = self.front_matter()[2]
        return "\n".join(self.markdown.splitlines()[body_line - 1 :])

    @cached_property
    def line_offset(self) -> int:
        """Lines of the file before the body MkDocs renders: the front matter, and the blank
        lines that open the body (MkDocs drops them: get_data's lstrip)."""
        body_line = self.front_matter()[2]
        blank = 0
        for line in self.markdown.splitlines(keepends=True)[body_line - 1 :]:
            if line != "\n":  # lstrip("\n") stops at the first line not "\n" alone
                break
            blank += 1
        return body_line - 1 + blank


def source_page(project: Project, path: Path | str) -> SourcePage:
    """The build's record of the page at `path` (recorded by the source check), or the
    page read now when there is none (not recorded: nothing is kept outside a build)."""
    key = os.fspath(path)
    found = project.sources.get(key) or project.sources.get(os.path.realpath(key))
    return found if found is not None else SourcePage.read(path, project.display(path))


def parse_page(text: str, path: str) -> Page:
    """Read a page's structure. Problems of the page itself land in `page.problems`."""
    from serumrun.gates.source import page_gates  # the gates import this module

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
    page.citations = list(citations.scan(body, first_line=body_line).occurrences)
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


def source_path(rel: str, lang: str | None = None) -> str:
    return f"docs/{lang or current().default_language}/{rel}"


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
