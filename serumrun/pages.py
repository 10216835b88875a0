"""A page's source as the tools read it: its front matter (with the line of each key),
the build's record of each page read once (`SourcePage`), and the patterns of its links
and images."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from serumrun import schema, yamlio
from serumrun.errors import SerumRunError, not_utf8
from serumrun.mdsource import universal
from serumrun.problems import Problem
from serumrun.project import Project

#: Front matter every page must have, each a non-empty string.
REQUIRED_FIELDS = ("title", "description")
#: The keys a page may set (`FrontMatter`).
ALLOWED_KEYS = (*REQUIRED_FIELDS, "subtitle", "source_commit", "hide", "search")
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
    """The front matter of a page cannot be used: carries its Problems (file, line)."""

    def __init__(self, path: str, line: int = 1, message: str = "", *, problems=()) -> None:
        self.problems = list(problems) or [Problem(path, line, message)]
        super().__init__("\n".join(map(str, self.problems)))


#: Printed text may not hold markup, end an attribute, or a character that hides text.
_UNSAFE = re.compile(r"[<>\"`\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def unsafe_problem(
    value: str, where: str, printed: str = "templates print it as HTML"
) -> str | None:
    """`found X in <where>, expected plain text` for the first character of `value` a
    template must not print, or None."""
    match = _UNSAFE.search(value)
    if not match:
        return None
    char = match.group(0)
    bad = repr(char) if char in '<>"`' else f"U+{ord(char):04X}"
    advice = " (for quotation marks, write “ ” or « »)" if char == '"' else ""
    return f"found {bad} in {where}, expected plain text: {printed}{advice}"


def _plain(value: str) -> str:
    # MkDocs' Jinja has no autoescape: Material prints these as they are. Checked after
    # YAML decoding: `"\x3cscript>"` hides markup from any check of the raw source.
    message = unsafe_problem(value, "{what} (after YAML decoding)")
    if message:
        raise schema.fail(message)
    return value


def _required(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        required = ", ".join(REQUIRED_FIELDS)
        raise schema.fail(f"found no text in {{what}}, expected some (required: {required})")
    return value


def _refused(why: str):
    """A key that makes the page something else than a page of this site."""

    def refuse(value: object) -> object:
        raise schema.fail(f"found {{what}}, expected {why}")

    return Annotated[object, BeforeValidator(refuse)]


Text = Annotated[str, AfterValidator(_plain)]
Required = Annotated[Text, BeforeValidator(_required), Field(validate_default=True)]


class Search(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    exclude: bool = False
    boost: float = 1.0


class FrontMatter(BaseModel):
    """Every key a page may set: the allowlist is what the pages use. `template` (with a
    `location`: Material's redirect page, its script, no Content-Security-Policy) and
    any other key are refused."""

    model_config = ConfigDict(extra="allow", strict=True)
    __pydantic_extra__: dict[str, _refused(f"only {', '.join(ALLOWED_KEYS)} (SECURITY.md)")]
    title: Required = None
    description: Required = None
    subtitle: Text = ""
    source_commit: str = ""  # the English revision a translation follows
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] = []
    search: Search = Search()
    template: _refused(
        "none: pages use the site's template (one of a page's own choosing can "
        "run script, without the Content-Security-Policy)"
    ) = None
    location: _refused(
        "none: no redirect (Material's redirect page runs a script built from it)"
    ) = None


def _where(loc: schema.Loc) -> str:
    keys = ".".join(str(step) for step in loc if isinstance(step, str))
    return f"front-matter {keys!r}" if keys else ""


def parse_front_matter(text: str, path: str) -> tuple[dict, dict[str, int], int]:
    """The front matter of a page, the line of each key, and the line the body starts on.

    Raises FrontMatterError naming the file and line of each problem when it is missing,
    malformed, or says what a page may not (`FrontMatter`).
    """
    source, end = front_block(text.splitlines(), path)
    try:
        # No page needs an alias, and aliases of aliases grow exponentially ("billion
        # laughs") in any walk of the values.
        alias = yamlio.first_alias(source)
        if alias is not None:
            line = alias.start_mark.line + 2
            message = f"found the YAML alias *{alias.anchor}, expected every value written out"
            raise FrontMatterError(path, line, message)
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
    _validate(data, node, path)
    return data, key_lines, end + 2


def _validate(data: dict, node: yaml.MappingNode, path: str) -> None:
    """`data` against `FrontMatter`: FrontMatterError with every problem, by line."""
    # A sha as written: YAML would read 0123...9 as a number.
    for key, value in node.value:
        if key.value == SOURCE_COMMIT and isinstance(value, yaml.ScalarNode) and value.value:
            data[SOURCE_COMMIT] = str(value.value)
    keys_as_text = {str(key): value for key, value in data.items()}  # `1:` is a key too
    _, problems = schema.validate(FrontMatter, keys_as_text, node, _where, {})
    if problems:
        shifted = [Problem(path, line + 1, text) for line, text in problems]
        raise FrontMatterError(path, problems=shifted)


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
    #: Its citations and headings, scanned once for the contributor check and the
    #: references page (serumrun/citations/extension.py `scan_source`); None until asked.
    scanned: object = None

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


def nav_entries(config_text: str) -> tuple[int, list[tuple[str, int]]]:
    """The line of `nav:` in mkdocs.yml and each page path of the nav with its line.

    Read with yaml.compose, so MkDocs' own tags (!ENV, !relative) need no constructor.
    """
    root = yamlio.compose(config_text)
    if not isinstance(root, yaml.MappingNode):
        return 0, []
    for key, value in root.value:
        if key.value == "nav":
            return key.start_mark.line + 1, list(_nav_pages(value))
    return 0, []


def _nav_pages(node: yaml.Node) -> Iterator[tuple[str, int]]:
    if isinstance(node, yaml.ScalarNode):
        if not SCHEME_RE.match(str(node.value)):
            yield str(node.value), node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode | yaml.MappingNode):
        for item in node.value:
            yield from _nav_pages(item[1] if isinstance(item, tuple) else item)
