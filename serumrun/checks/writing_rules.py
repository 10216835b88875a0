"""The writing rules of CONTRIBUTING.md that a machine can check on a page's source.

* no `TODO` left in a page (scripts/new_page.py writes them where words are due);
* no link to another site inside the prose: sources live in data/bibliography.yml
  and a page cites them (`[@key]`);
* every factual paragraph ends with a citation: a paragraph (or list item) of prose
  without one is a *warning*, when it is long and holds a number (a date, a distance:
  what a fact usually holds) on a page that cites sources at all; a paragraph that
  states no fact needs none, and a reviewer decides.

One pass over the page's lines as Markdown reads them (serumrun/mdsource.py: code
and comments skipped), for the contributor check (serumrun/checks/contributor.py).
"""

from __future__ import annotations

import re

from serumrun.mdsource import CITATION_RE, code_free_lines
from serumrun.pages import PLACEHOLDER
from serumrun.problems import Problem

_TODO_RE = re.compile(rf"\b{PLACEHOLDER}\b")
#: A link or image to another site: its target an http(s) or ftp address, or starting
#: with `//`; and an autolink `<https://…>`. (Other schemes, `javascript:` and the like,
#: are the security gates' to refuse: serumrun/script_safety.py, serumrun/gates/.)
_LINK_OUT_RE = re.compile(
    r"\]\(\s*<?((?:(?:https?|ftp):)?//[^)\s>]*)|<((?:https?|ftp)://[^>\s]*)>",
    re.IGNORECASE,
)
#: Lines that are not prose of a paragraph: headings, quotes, tables, markers, HTML,
#: admonitions, attribute lists, reference definitions, footnote definitions.
_NOT_PROSE_RE = re.compile(r"^\s*(?:#|>|\||\[\[|<|!!!|\?\?\?|\{|\[[^\]]*\]:|\*\*\*|---)")
#: A list item's first line: a new unit of prose, that needs its own citation.
_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_DIGIT_RE = re.compile(r"\d")
#: A paragraph this short (in words) states nothing to cite: a caption, a transition.
_MIN_WORDS = 25


def rule_problems(text: str, path: str, body_line: int) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of the page `text` (its body starting at file line `body_line`)."""
    body = "\n".join(text.splitlines()[body_line - 1 :])
    errors: list[Problem] = []
    paragraphs: list[list[tuple[int, str]]] = [[]]  # each line of prose with its number
    for number, line in code_free_lines(body, body_line):
        if _TODO_RE.search(line):
            errors.append(
                Problem(
                    path, number, f"found {PLACEHOLDER}, expected the page's own words in its place"
                )
            )
        for match in _LINK_OUT_RE.finditer(line):
            errors.append(
                Problem(
                    path,
                    number,
                    f"found a link to another site ({(match.group(1) or match.group(2))[:60]}), "
                    "expected none in the prose: cite the source instead ([@key], its entry in "
                    "data/bibliography.yml)",
                )
            )
        prose = line.strip() and not _NOT_PROSE_RE.match(line)
        if not prose or _ITEM_RE.match(line):  # a list item is a paragraph of its own
            paragraphs.append([])
        if prose:
            paragraphs[-1].append((number, line.strip()))
    if not CITATION_RE.search(body):
        return errors, []  # a page that cites nothing is not asked to
    return errors, [
        Problem(
            path,
            paragraph[0][0],
            "found a paragraph without a citation, expected one at its end "
            "([@key]) if it states facts (CONTRIBUTING.md, Cite)",
        )
        for paragraph in paragraphs
        if paragraph and _uncited_fact(" ".join(line for _, line in paragraph))
    ]


def _uncited_fact(text: str) -> bool:
    """Long, with a number, no citation, and not a line of navigation (- [Page](x.md): …)."""
    navigation = _ITEM_RE.sub("", text).startswith("[")
    return (
        len(text.split()) >= _MIN_WORDS
        and bool(_DIGIT_RE.search(text))
        and not navigation
        and not CITATION_RE.search(text)
    )
