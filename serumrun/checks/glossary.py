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
from typing import Annotated

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    RootModel,
    ValidationInfo,
    model_validator,
)

from serumrun import schema, yamlio
from serumrun.mdsource import code_free_lines
from serumrun.problems import Problem

GLOSSARY = Path("data", "glossary.yml")
#: The data files that hold no text of the site: the glossary, the languages' rules.
NOT_TEXTS = ("glossary.yml", "languages.yml")

_SPACE = r"[\s\u00a0\u202f]+"
_APOSTROPHE = "['’]"


class GlossaryError(schema.DataError, ValueError):
    """The glossary, or a data file it reads, is wrong: each problem with its line."""


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


def _phrases(value: object, info: ValidationInfo) -> tuple[str, ...]:
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(value, list) or not isinstance(item, str) or not item.strip():
            raise schema.fail(
                f"{{what}}: {info.field_name}: found {schema.found(item)}, "
                "expected a list of phrases"
            )
    return tuple(value)


Phrases = Annotated[tuple[str, ...], BeforeValidator(_phrases)]


class Entry(BaseModel):
    """A term of the glossary. No regular expression from the data: one like
    `^(\\w+\\s?)*$` takes minutes on a line of words (issue 22); every pattern is made
    from literal phrases, in one of the forms of _FORMS."""

    model_config = ConfigDict(extra="forbid")

    write: str
    why: str
    refuse: Phrases = None
    after_number: Phrases = None
    unquoted: Phrases = None

    @model_validator(mode="after")
    def _one_form(self) -> Entry:
        forms = [form for form in _FORMS if getattr(self, form) is not None]
        if len(forms) != 1:
            raise schema.fail(
                f"{{what}}: found {' and '.join(forms) or 'none'}, expected one of 'refuse' "
                "(phrases), 'after_number' (units written after a number) or 'unquoted' "
                "(phrases refused outside « »)"
            )
        return self


def load(path: Path, shown: str | None = None) -> list[Term]:
    """The glossary's terms; every problem of the file at once, each with its line."""
    shown = shown or str(path)
    data, root = schema.read(path, "glossary", GlossaryError, shown)
    _refuse_aliases(path.read_text(encoding="utf-8"), shown)
    if not isinstance(data, list):
        raise GlossaryError(shown, 1, "expected a list of terms (- write: ...)")
    model, problems = schema.validate(
        RootModel[tuple[Entry, ...]],
        data,
        root,
        lambda loc: f"term {loc[0] + 1}" if loc else "",
        {},
    )
    if problems:
        raise GlossaryError(shown, problems=problems)
    terms: list[Term] = []
    for entry, node in zip(model.root, root.value, strict=True):
        form = next(form for form in _FORMS if getattr(entry, form) is not None)
        why = " ".join(entry.why.split())
        terms += [
            Term(entry.write, why, phrase_pattern(phrase, form=form), schema.line(node))
            for phrase in getattr(entry, form)
        ]
    return terms


def check_text(text: str, path: str, terms: list[Term]) -> list[Problem]:
    """Findings in French prose, line by line (Markdown code and comments skipped)."""
    # Code as every tool reads it (serumrun/mdsource.py): a line that only looks like a
    # fence (a no-break space before it) hid the rest of a page from the glossary.
    if not any(term.pattern.search(text) for term in terms):
        return []  # most pages: one search per term, not one per term and line
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
