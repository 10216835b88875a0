"""Reading Markdown sources line by line as Markdown reads them: one definition for every tool.

The citations scan (serumrun/citations.py) and the translation checker
(serumrun/translations.py) both walk page sources by line; both skip fenced code,
inline code and HTML comments, and both need the line numbers of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class PageContext:
    """The page a Markdown extension is rendering: its language, its path inside the
    language folder ('relay.md') and the lines of front matter before its body."""

    lang: str
    uri: str
    line_offset: int = 0
    #: The URL of the language's references page relative to this page (in a site build).
    references_url: str = ""


#: An opening or closing code fence (CommonMark: at most three spaces of indent).
FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
#: An ATX heading with its optional attribute list: `## Le relais { #the-relay }`.
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*#*\s*$")
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def blank_out(match: re.Match[str]) -> str:
    """Replace a match by spaces, keeping its newlines so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def code_free_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Each line with its file line number; fenced blocks skipped, code spans and
    comments blanked out. `first_line` is the file line of the text's first line."""
    text = COMMENT_RE.sub(blank_out, text)
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=first_line):
        marker = FENCE_RE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        yield number, CODE_SPAN_RE.sub(blank_out, line)


def body_offset(raw: str, body: str) -> int:
    """Lines of a file's text `raw` before its Markdown `body` (the front matter that
    MkDocs' get_data strips), so that body line N is file line N + offset."""
    return raw[: len(raw) - len(body)].count("\n") if raw.endswith(body) else 0
