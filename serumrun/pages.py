"""A page's source as the tools read it: its front matter (with the line of each key),
the build's record of each page read once (`SourcePage`), and the patterns of its links
and images."""

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
from serumrun.project import Project

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

    def __init__(self, path: str, line: int, message: str) -> None:
        self.problem = Problem(path, line, message)
        super().__init__(str(self.problem))


def parse_front_matter(text: str, path: str) -> tuple[dict, dict[str, int], int]:
    """The front matter of a page, the line of each key, and the line the body starts on.

    Raises FrontMatterError naming the file and line when it is missing or malformed.
    """
    source, end = front_block(text.splitlines(), path)
    try:
        data, node = yamlio.load_with_nodes(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        problem = " ".join(str(exc.problem or exc).split())
        raise FrontMatterError(path, line, _yaml_advice(problem, source, line)) from None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        found = f"found {type(data).__name__} in the front matter"
        raise FrontMatterError(path, 2, f"{found}, expected 'key: value' lines")
    key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    # A sha as written: YAML would read 0123...9 as a number.
    for key, value in node.value:
        if key.value == SOURCE_COMMIT and isinstance(value, yaml.ScalarNode) and value.value:
            data[SOURCE_COMMIT] = str(value.value)
    for name in REQUIRED_FIELDS:
        if not isinstance(data.get(name), str) or not data[name].strip():
            message = (
                f"found {_found(name, data)} in the front matter, "
                f"expected a non-empty {name!r} (required: {', '.join(REQUIRED_FIELDS)})"
            )
            raise FrontMatterError(path, key_lines.get(name, 1), message)
    return data, key_lines, end + 2


def front_block(lines: list[str], path: str) -> tuple[str, int]:
    """The YAML between the page's opening '---' and its closing one, and the index of
    the closing line."""
    if not lines or lines[0].rstrip() != "---":
        found = repr((lines[0] if lines else "")[:40])
        expected = "expected '---', then YAML with title and description, then '---'"
        raise FrontMatterError(path, 1, f"found {found}, {expected}")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        message = "found no closing '---' for the front matter, expected one after its last key"
        raise FrontMatterError(path, 1, message)
    return "\n".join(lines[1:end]), end


def _found(name: str, data: dict) -> str:
    """What stands for a required field that is not a non-empty text."""
    value = data.get(name)
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
    parsed once by the first pass's source check, then reused by every language pass.
    The records live on the build's Project (`Project.sources`, see `source_page`)."""

    path: Path
    shown: str  # as messages print it: 'docs/fr/relay.md'
    text: str  # decoded from UTF-8, as written ("" when it is not UTF-8)
    problems: list[Problem] = field(default_factory=list)  # what the source check found
    #: The front matter as `parse_front_matter` returns it, or the error it raised; None
    #: until asked (`front_matter`), or when the check refused the page before parsing.
    front: tuple[dict, dict[str, int], int] | FrontMatterError | None = None

    @cached_property
    def universal(self) -> str:
        """The text as `Path.read_text(encoding="utf-8")` reads it."""
        return universal(self.text)

    @cached_property
    def markdown(self) -> str:
        """The text as MkDocs reads it: `read_text(encoding="utf-8-sig")` (no BOM)."""
        return self.universal.removeprefix("\ufeff")

    def front_matter(self) -> tuple[dict, dict[str, int], int]:
        """`parse_front_matter` of the page (its meta, key lines and body line), or the
        FrontMatterError it raises (kept: asked again, it is raised again)."""
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
        """The Markdown after the front matter (its first line is file line `body_line`)."""
        body_line = self.front_matter()[2]
        return "\n".join(self.markdown.splitlines()[body_line - 1 :])

    @cached_property
    def line_offset(self) -> int:
        """Lines of the file before the body MkDocs renders: the front matter, and the blank
        lines that open the body (MkDocs drops them: get_data's lstrip)."""
        body_line = self.front_matter()[2]
        lines = self.markdown.splitlines(keepends=True)[body_line - 1 :]
        # lstrip("\n") stops at the first line that is not "\n" alone
        return body_line - 1 + next((n for n, line in enumerate(lines) if line != "\n"), len(lines))


def read_source(path: Path, shown: str) -> tuple[str, list[Problem]]:
    """A page's text, or "" and the problem if it is not UTF-8 (never a traceback)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return "", [Problem(shown, *not_utf8(data, exc))]


def source_page(project: Project, path: Path | str) -> SourcePage:
    """The build's record of the page at `path`, or the page read now (raising as reading
    the file raises) when there is none: nothing is kept outside a build."""
    key = os.fspath(path)
    found = project.sources.get(key) or project.sources.get(os.path.realpath(key))
    if found is None:
        found = SourcePage(Path(path), project.display(path), Path(path).read_bytes().decode())
    return found


def source_path(rel: str, lang: str) -> str:
    """The path git knows a page by: 'docs/fr/relay.md'."""
    return f"docs/{lang}/{rel}"
