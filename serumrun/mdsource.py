"""Reading Markdown sources line by line as Markdown reads them, for every tool: fenced
code, code spans and HTML comments skipped, file line numbers kept; the headings, and the
pattern of a citation (a heading's plain text drops its citations)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from serumrun.citations.deferred_markup import LateMarkup


@dataclass(frozen=True)
class PageContext:
    """The page a Markdown extension renders: its language, its path in the language
    folder ('relay.md') and the lines of front matter before its body."""

    lang: str
    uri: str
    line_offset: int = 0
    #: The URL of the language's references page relative to this page (in a site build).
    references_url: str = ""
    #: Where the page's heavy markup waits for the search plugin to have read the page
    #: (serumrun/citations/deferred_markup.py), in a site build; None: the extension writes
    #: it in place.
    late: LateMarkup | None = None

    def file_line(self, body_line: int) -> int:
        """The file line of line `body_line` of the body an extension reads."""
        return body_line + self.line_offset


#: A code fence as pymdownx.superfences surely reads one: at most three ASCII spaces,
#: ``` or ~~~, an optional language and nothing else. A line that only looks like one is
#: prose, as it is to Markdown; a real fence this misses is checked as prose: stricter.
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*(?:\.?[A-Za-z0-9_#.+-]+[ \t]*)?$")


def universal(text: str) -> str:
    """Line breaks as Python reads a text file, and MkDocs a page: '\r\n' and '\r' as '\n'."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


#: A key of data/bibliography.yml, as a citation names it.
KEY_RE = re.compile(r"[a-z0-9](?:[a-z0-9_.:-]*[a-z0-9])?")
# Atomic and possessive throughout, so that no part gives back what it took (the greedy
# form backtracked exponentially on an unclosed citation with repeated locators): what
# follows each part never starts with what it would give back, and from each `[` the
# match runs to the next bracket at most: linear in the text.
_KEY = rf"(?>{KEY_RE.pattern})"
_LOCATOR = r"[^;\]\[]*+"
_ITEM = rf"@{_KEY}(?:\s*+,{_LOCATOR})?+"
#: One citation, `[@key]` to `[@a; @b, p. 24]`. Not `\[@x]` (escaped), not `[@x](url)`
#: or `[@x][ref]` (a link whose text happens to start with @).
CITATION_RE = re.compile(rf"(?<!\\)\[\s*+(?P<body>{_ITEM}(?:\s*+;\s*+{_ITEM})*+)\s*+\](?![(\[])")


#: A line the plugin replaces with generated content: `[[bibliography]]`, `[[relay:map]]`.
MARKER_RE = re.compile(r"^\[\[(?P<name>[\w:-]+)\]\][ \t]*$", re.MULTILINE)
#: An id in an attribute list: `{ #the-relay .class }`, a word after `#` as attr_list reads it.
_ATTR_ID_RE = re.compile(r"#([^\s=}]+)")
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")


def _blank(text: str) -> str:
    """Spaces for the text, its newlines kept so that line numbers stay right."""
    return re.sub(r"[^\n]", " ", text)


def code_free_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Each line with its file line number; fenced blocks skipped, code spans and
    comments blanked out. `first_line` is the file line of the text's first line."""
    text = _blank_comments(text)
    for number, (line, code) in enumerate(fenced(text.splitlines()), start=first_line):
        if not code:
            # Most lines have no backtick: no code span to look for.
            yield number, CODE_SPAN_RE.sub(lambda m: _blank(m[0]), line) if "`" in line else line


def fenced(
    lines: Iterable[str], fence_re: re.Pattern[str] = FENCE_RE
) -> Iterator[tuple[str, bool]]:
    """Each line with whether it is fenced code (a fence, or a line between two): the
    one reading of fences that every tool shares. `fence_re` matches an opening or
    closing fence; a fence closes on the same character, at least as long."""
    fence: str | None = None
    for line in lines:
        marker = fence_re.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            yield line, True
        elif marker:
            fence = marker.group(1)
            yield line, True
        else:
            yield line, False


def _blank_comments(text: str) -> str:
    """HTML comments blanked out, in linear time (a regex rescans to the end of the text
    from every unclosed `<!--`: quadratic on a hostile page)."""
    parts, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after here: the regex matches nothing either
        parts += (text[pos:start], _blank(text[start : end + 3]))
        pos = end + 3
    return "".join(parts) + text[pos:] if parts else text


@dataclass(frozen=True)
class Heading:
    """A heading of a page: as written in its source (with its line), or as rendered."""

    level: int
    text: str  # as written (Markdown), or the rendered text
    anchor: str | None = None  # the explicit `{ #anchor }`, or the rendered id
    line: int = 0

    @cached_property  # frozen dataclass: computed once, kept in the instance's __dict__
    def title(self) -> str:
        """Plain text: no citation markers, links reduced to their text, no emphasis."""
        plain = CITATION_RE.sub("", self.text).strip()
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)  # [text](url) -> text
        return re.sub(r"[*_`]", "", plain).strip()

    @cached_property
    def id(self) -> str:
        """The id the heading gets in HTML: its explicit anchor, else the toc slug."""
        from markdown.extensions.toc import slugify

        return self.anchor or slugify(self.title, "-")


def heading_at(line: str, number: int = 0) -> Heading | None:
    """The ATX heading a line is, with its optional attribute list (`## Le relais
    { #the-relay }`), at file line `number`; None if the line is not one. A scan from
    both ends, linear in the line (a regex retried its tail from every character)."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or not line[level : level + 1].isspace():
        return None
    start = level
    while start < len(line) and line[start].isspace():
        start += 1
    end = len(line.rstrip())
    end = len(line[:end].rstrip("#"))
    end = max(start, len(line[:end].rstrip()))
    attrs = None
    if end > start and line[end - 1] == "}":
        opening = line.find("{", line.rfind("}", start, end - 1) + 1, end - 1)
        if opening >= start:
            attrs = line[opening + 1 : end - 1]
            end = max(start, len(line[:opening].rstrip()))
    return Heading(level, line[start:end].strip(), attr_list_id(attrs or ""), number)


def attr_list_id(attrs: str) -> str | None:
    """The id an attribute list's inside sets: its last `#id`, the one attr_list keeps."""
    found = _ATTR_ID_RE.findall(attrs)
    return found[-1] if found else None
