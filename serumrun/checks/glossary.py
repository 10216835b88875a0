"""The French glossary check: one term for one thing (data/glossary.yml, GitHub issue 12).

Every page of the glossary's language (the language whose rules say `glossary: true` in
data/languages.yml: French, docs/fr/**/*.md) and every string of the data files in it
(each `fr` text, at any depth, of data/*.yml) is searched for the variants the glossary
refuses. Each finding is reported as

    docs/fr/relay.md:15: found « détroit de Norton », write « le Norton Sound » (why)

Code (fenced blocks and `inline` spans) is not prose and is skipped. Run by
the contributor check (serumrun/checks/twins.py: `make check` and the build), by
scripts/check_glossary.py and by tests/test_glossary.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from serumrun import yamlio
from serumrun.errors import SerumRunError
from serumrun.languages import load_rules
from serumrun.mdsource import fenced

GLOSSARY = Path("data", "glossary.yml")
LANGUAGE_RULES = Path("data", "languages.yml")
DOCS = Path("docs")
DATA = Path("data")

_SPACE = r"[\s\u00a0\u202f]+"
_APOSTROPHE = "['’]"
_INLINE_CODE_RE = re.compile(r"`[^`\n]*`")


class GlossaryError(SerumRunError, ValueError):
    """The glossary file itself is wrong: the message names the file and the line."""


@dataclass(frozen=True)
class Term:
    write: str
    why: str
    pattern: re.Pattern[str]
    line: int  # in the glossary file


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    found: str
    term: Term

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: found « {self.found} », write « {self.term.write} » "
            f"({self.term.why})"
        )


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


def load(path: Path) -> list[Term]:
    """The glossary's terms; a malformed entry is an error naming its line."""
    text = path.read_text(encoding="utf-8")
    _refuse_aliases(text, str(path))
    try:
        data, root = yamlio.load_with_nodes(text)
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{path}: malformed YAML: {exc}") from None
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise GlossaryError(f"{path}:1: expected a list of terms (- write: ...)")
    terms = []
    for item, node in zip(data, root.value, strict=True):
        line = node.start_mark.line + 1
        where = f"{path}:{line}"
        if not isinstance(item, dict) or not {"write", "why"} <= set(item):
            raise GlossaryError(f"{where}: each term needs 'write' and 'why'")
        # No regular expression from the data: one like `^(\w+\s?)*$` takes minutes on a
        # line of words (issue 22). Every pattern is made from literal phrases.
        unknown = sorted(set(item) - {"write", "why", *_FORMS})
        if unknown:
            raise GlossaryError(
                f"{where}: found {', '.join(map(repr, unknown))}, expected only write, why, "
                "refuse, after_number and unquoted (phrases, not regular expressions)"
            )
        forms = [form for form in _FORMS if form in item]
        if len(forms) != 1:
            raise GlossaryError(
                f"{where}: found {' and '.join(forms) or 'none'}, expected one of 'refuse' "
                "(phrases), 'after_number' (units written after a number) or 'unquoted' "
                "(phrases refused outside « »)"
            )
        refused = item[forms[0]]
        if not isinstance(refused, list) or not all(
            isinstance(p, str) and p.strip() for p in refused
        ):
            raise GlossaryError(f"{where}: '{forms[0]}' must be a list of phrases")
        patterns = [phrase_pattern(p, form=forms[0]) for p in refused]
        why = " ".join(str(item["why"]).split())
        terms += [Term(str(item["write"]), why, p, line) for p in patterns]
    return terms


def check_text(text: str, path: str, terms: list[Term], first_line: int = 1) -> list[Finding]:
    """Findings in French prose, line by line (Markdown code skipped)."""
    findings = []
    # Fences as every tool reads them (serumrun/mdsource.py): a line that only looks like
    # one (a no-break space before it) hid the rest of a page from the glossary.
    for number, (line, code) in enumerate(fenced(text.splitlines()), start=first_line):
        if code:
            continue
        prose = _INLINE_CODE_RE.sub(lambda m: " " * len(m.group(0)), line)
        findings += _find(prose, path, number, terms)
    return findings


def _find(text: str, path: str, line: int, terms: list[Term]) -> list[Finding]:
    found = []
    for term in terms:
        for match in term.pattern.finditer(text):
            found.append(Finding(path, line, " ".join(match.group(0).split()), term))
    return found


def check_page(path: Path, root: Path, terms: list[Term]) -> list[Finding]:
    return check_text(path.read_text(encoding="utf-8"), _rel(path, root), terms)


def check_data(path: Path, root: Path, terms: list[Term], lang: str) -> list[Finding]:
    """Findings in every string in `lang` (under a `lang` key) of a YAML data file."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    shown = _rel(path, root)
    findings: list[Finding] = []
    _refuse_aliases(text, _rel(path, root))
    try:
        root_node = yamlio.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark else shown
        problem = getattr(exc, "problem", None) or exc
        raise GlossaryError(f"{where}: found malformed YAML ({problem})") from None
    for node in _scalars_in(root_node, lang):
        start, end = node.start_mark, node.end_mark
        located: list[Finding] = []
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
            seen = {(f.term, f.found.casefold()) for f in located}
            located += [f for f in whole if (f.term, f.found.casefold()) not in seen]
        findings += located
    return findings


def _refuse_aliases(text: str, shown: str) -> None:
    """An alias repeats a node: nine levels of nine make the walk below visit 9**9 nodes
    (a MemoryError, issue 22). No data file needs one (serumrun/gates/limits.py)."""
    try:
        alias = yamlio.first_alias(text)
    except yaml.YAMLError:
        return  # the caller's parse names the error
    if alias is not None:
        raise GlossaryError(
            f"{shown}:{alias.start_mark.line + 1}: found the YAML alias *{alias.anchor}, "
            "expected every value written out"
        )


def _scalars_in(node: yaml.Node | None, lang: str, inside: bool = False):
    """The scalar nodes in `lang`: values under a `lang` key, at any depth."""
    if node is None:
        return
    if isinstance(node, yaml.ScalarNode):
        if inside:
            yield node
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _scalars_in(child, lang, inside)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars_in(value, lang, inside or key.value == lang)


def glossary_languages(root: Path) -> list[str]:
    """The languages whose rules (data/languages.yml) say the glossary is theirs."""
    path = root / LANGUAGE_RULES
    try:
        data = yamlio.load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GlossaryError(f"{_rel(path, root)}: cannot be read ({exc})") from None
    listed = tuple(code for code in data if code != "default")
    return [
        code for code, rules in load_rules(path, _rel(path, root), listed).items() if rules.glossary
    ]


def check(root: Path) -> list[Finding]:
    """Every finding in the project at `root`: the glossary language's pages, then its
    data strings."""
    terms = load(root / GLOSSARY)
    findings: list[Finding] = []
    for lang in glossary_languages(root):
        for page in sorted((root / DOCS / lang).rglob("*.md")):
            findings += check_page(page, root, terms)
        for data in sorted((root / DATA).glob("*.yml")):
            if data.name not in (GLOSSARY.name, LANGUAGE_RULES.name):
                findings += check_data(data, root, terms, lang)
    return findings


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
