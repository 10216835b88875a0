"""A page's source as the tools read it: its front matter (with the line of each key),
the build's record of each page read once (`SourcePage`), and the patterns of its links
and images.

Users: the gates (serumrun/gates/), the checker (serumrun/checks/: the structure of a
page is serumrun/checks/page_structure.py), the translation status
(serumrun/translation/status.py), the references page and the page's meta.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from serumrun import yamlio
from serumrun.errors import SerumRunError, not_utf8
from serumrun.mdsource import universal
from serumrun.problems import Problem
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

_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?"
#: `[text](target)`, not an image; the text may hold one level of brackets.
LINK_RE = re.compile(
    rf"(?<!!)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?P<target>[^)\s>]*)>?{_TITLE}\s*\)"
)
IMAGE_RE = re.compile(rf"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?P<target>[^)\s>]*)>?{_TITLE}\s*\)")
#: `[label]: target` (a reference definition), not a footnote `[^1]:`.
REFERENCE_RE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


class FrontMatterError(SerumRunError, ValueError):
    """The front matter of a page cannot be read: carries the Problem (file, line)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def parse_front_matter(text: str, path: str) -> tuple[dict, dict[str, int], int]:
    """The front matter of a page, the line of each key, and the line the body starts on.

    Raises FrontMatterError naming the file and line when it is missing or malformed.
    """
    lines = text.splitlines()
    end = front_matter_end(lines, path)
    data, node = _load_front_matter("\n".join(lines[1:end]), path)
    key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    # A sha as written: YAML would read 0123...9 as a number.
    for key, value in node.value:
        if key.value == SOURCE_COMMIT and isinstance(value, yaml.ScalarNode) and value.value:
            data[SOURCE_COMMIT] = str(value.value)
    for name in REQUIRED_FIELDS:
        found = _not_text(name, data)
        if found:
            raise FrontMatterError(
                Problem(
                    path,
                    key_lines.get(name, 1),
                    f"found {found} in the front matter, "
                    f"expected a non-empty {name!r} (required: {', '.join(REQUIRED_FIELDS)})",
                )
            )
    return data, key_lines, end + 2


def front_matter_end(lines: list[str], path: str) -> int:
    """The index of the line that closes the front matter the first line opens (the lines
    as `str.splitlines` reads them, as YAML breaks lines too)."""
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
    return end


def _load_front_matter(source: str, path: str) -> tuple[dict, yaml.MappingNode]:
    """The front matter's YAML (between the `---` lines): its data and its node tree."""
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
    return data, node


def _not_text(name: str, data: dict) -> str | None:
    """What the front matter's `name` is when it is not a non-empty text, else None."""
    value = data.get(name)
    if isinstance(value, str) and value.strip():
        return None
    if name not in data:
        return f"no {name!r}"
    if value is None or not str(value).strip():
        return f"an empty {name!r}"
    return f"{name}: {value!r} (not text: put it in quotes)"


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
    parsed once, by the first pass's source check (serumrun/checks/build_checks.py), then reused
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


def read_source(path: Path, shown: str) -> tuple[str, list[Problem]]:
    """A page's text, or "" and the problem if it is not UTF-8 (never a traceback)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return "", [Problem(shown, *not_utf8(data, exc))]


def source_page(project: Project, path: Path | str) -> SourcePage:
    """The build's record of the page at `path` (recorded by the source check), or the
    page read now when there is none (not recorded: nothing is kept outside a build)."""
    key = os.fspath(path)
    found = project.sources.get(key) or project.sources.get(os.path.realpath(key))
    return found if found is not None else SourcePage.read(path, project.display(path))


def source_path(rel: str, lang: str | None = None) -> str:
    return f"docs/{lang or current().default_language}/{rel}"
