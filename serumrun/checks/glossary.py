"""The French glossary check: one term for one thing (data/glossary.yml, GitHub issue 12).

Every page of the glossary's language (the language whose rules say `glossary: true` in
data/languages.yml: French, docs/fr/**/*.md) and every string of the data files in it
(each `fr` text, at any depth, of data/*.yml) is searched for the variants the glossary
refuses. Each finding is reported as

    docs/fr/relay.md:15: found « détroit de Norton », write « le Norton Sound » (why)

Code (fenced blocks and `inline` spans) is not prose and is skipped. Run by the
contributor check (serumrun/checks/contributor.py: `make check` and the build).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from serumrun import yamlio
from serumrun.errors import SerumRunError
from serumrun.mdsource import code_free_lines
from serumrun.problems import Problem

GLOSSARY = Path("data", "glossary.yml")
#: The data files that hold no text of the site: the glossary, the languages' rules.
NOT_TEXTS = ("glossary.yml", "languages.yml")

_SPACE = r"[\s\u00a0\u202f]+"
_APOSTROPHE = "['’]"


class GlossaryError(SerumRunError, ValueError):
    """The glossary, or a data file it reads, is wrong: `problem` names the file and line."""

    def __init__(self, shown: str, line: int | None, message: str) -> None:
        self.problem = Problem(shown, line, message)
        super().__init__(str(self.problem))


@dataclass(frozen=True)
class Term:
    write: str
    why: str
    pattern: re.Pattern[str]
    line: int  # in the glossary file


#: How an entry names what it refuses, each a list of phrases matched as whole words:
#: anywhere; as a unit right after a digit (`250 mi`, `250mi`); anywhere but just inside
#: « guillemets » (the word of a myth, quoted). Fixed-width look-arounds only: linear.
_FORMS = {
    "refuse": r"(?<![\w-])",
    "after_number": r"(?<=\d)[\s\u00a0\u202f]?",
    "unquoted": r"(?<![\w-])(?<!«)(?<!«[\s\u00a0\u202f])",
}


def phrase_pattern(phrase: str, *, form: str = "refuse") -> re.Pattern[str]:
    """A phrase as a whole-word, case-blind pattern: any spacing, either apostrophe.

    The pattern is made here from literal words, never written by a contributor: each
    part matches a fixed text or one run of spaces, so its time is linear in the text.
    `form`: where the phrase is refused (_FORMS).
    """
    words = []
    for word in phrase.split():
        words.append("".join(_APOSTROPHE if ch in "'’" else re.escape(ch) for ch in word))
    after = r"(?![\w'’-])" if form == "after_number" else r"(?![\w-])"
    return re.compile(_FORMS[form] + _SPACE.join(words) + after, re.IGNORECASE)


def load(path: Path, shown: str | None = None) -> list[Term]:
    """The glossary's terms; a malformed entry is an error naming its line."""
    shown = shown or str(path)
    text = path.read_text(encoding="utf-8")
    _refuse_aliases(text, shown)
    try:
        data, root = yamlio.load_with_nodes(text)
    except yaml.YAMLError as exc:
        raise GlossaryError(shown, None, f"malformed YAML: {exc}") from None
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise GlossaryError(shown, 1, "expected a list of terms (- write: ...)")
    terms = []
    for item, node in zip(data, root.value, strict=True):
        line = node.start_mark.line + 1
        form, refused = _refused(item, shown, line)
        why = " ".join(str(item["why"]).split())
        terms += [
            Term(str(item["write"]), why, phrase_pattern(p, form=form), line) for p in refused
        ]
    return terms


def _refused(item: object, shown: str, line: int) -> tuple[str, list[str]]:
    """The form of an entry (_FORMS) and the phrases it refuses."""
    if not isinstance(item, dict) or not {"write", "why"} <= set(item):
        raise GlossaryError(shown, line, "each term needs 'write' and 'why'")
    # No regular expression from the data: one like `^(\w+\s?)*$` takes minutes on a
    # line of words (issue 22). Every pattern is made from literal phrases.
    unknown = sorted(set(item) - {"write", "why", *_FORMS})
    if unknown:
        raise GlossaryError(
            shown,
            line,
            f"found {', '.join(map(repr, unknown))}, expected only write, why, "
            "refuse, after_number and unquoted (phrases, not regular expressions)",
        )
    forms = [form for form in _FORMS if form in item]
    if len(forms) != 1:
        raise GlossaryError(
            shown,
            line,
            f"found {' and '.join(forms) or 'none'}, expected one of 'refuse' "
            "(phrases), 'after_number' (units written after a number) or 'unquoted' "
            "(phrases refused outside « »)",
        )
    refused = item[forms[0]]
    if not isinstance(refused, list) or not all(isinstance(p, str) and p.strip() for p in refused):
        raise GlossaryError(shown, line, f"'{forms[0]}' must be a list of phrases")
    return forms[0], refused


def check_text(text: str, path: str, terms: list[Term]) -> list[Problem]:
    """Findings in French prose, line by line (Markdown code and comments skipped)."""
    # Code as every tool reads it (serumrun/mdsource.py): a line that only looks like a
    # fence (a no-break space before it) hid the rest of a page from the glossary.
    return [
        problem
        for number, prose in code_free_lines(text)
        for problem in _find(prose, path, number, terms)
    ]


def _find(text: str, path: str, line: int, terms: list[Term]) -> list[Problem]:
    return [
        Problem(
            path,
            line,
            f"found « {' '.join(match.group(0).split())} », write « {term.write} » ({term.why})",
        )
        for term in terms
        for match in term.pattern.finditer(text)
    ]


def check_data(path: Path, shown: str, terms: list[Term], lang: str) -> list[Problem]:
    """Findings in every string in `lang` (under a `lang` key) of a YAML data file."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    _refuse_aliases(text, shown)
    try:
        root = yamlio.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        line = mark.line + 1 if mark else None
        raise GlossaryError(shown, line, f"found malformed YAML ({problem})") from None
    problems: list[Problem] = []
    for node in _scalars_in(root, lang):
        start, end = node.start_mark, node.end_mark
        located: list[Problem] = []
        for index in range(start.line, end.line + 1):
            source = lines[index] if index < len(lines) else ""
            first = start.column if index == start.line else 0
            last = end.column if index == end.line else len(source)
            located += _find(source[first:last], shown, index + 1, terms)
        # A phrase broken over two lines of a folded string: report the string's first
        # line (for a block scalar, the line after its `>-` or `|` indicator).
        value = " ".join(str(node.value).split())
        first_line = start.line + (2 if node.style in (">", "|") else 1)
        whole = _find(value, shown, first_line, terms)
        if len(whole) > len(located):
            seen = {problem.message.casefold() for problem in located}
            located += [p for p in whole if p.message.casefold() not in seen]
        problems += located
    return problems


def _refuse_aliases(text: str, shown: str) -> None:
    """An alias repeats a node: nine levels of nine make the walk below visit 9**9 nodes
    (a MemoryError, issue 22). No data file needs one (serumrun/gates/limits.py)."""
    try:
        alias = yamlio.first_alias(text)
    except yaml.YAMLError:
        return  # the caller's parse names the error
    if alias is not None:
        raise GlossaryError(
            shown,
            alias.start_mark.line + 1,
            f"found the YAML alias *{alias.anchor}, expected every value written out",
        )


def _scalars_in(node: yaml.Node | None, lang: str, inside: bool = False):
    """The scalar nodes in `lang`: values under a `lang` key, at any depth."""
    if isinstance(node, yaml.ScalarNode) and inside:
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _scalars_in(child, lang, inside)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars_in(value, lang, inside or key.value == lang)
