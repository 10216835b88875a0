"""The French glossary check: one term for one thing (data/glossary.yml, GitHub issue 12).

Every page of the glossary's language (the language whose rules say `glossary: true` in
data/languages.yml: French, docs/fr/**/*.md) and every string of the data files in it
(each `fr` text, at any depth, of data/*.yml) is searched for the variants the glossary
refuses. Each finding is reported as

    docs/fr/relay.md:15: found « détroit de Norton », write « le Norton Sound » (why)

Code (fenced blocks and `inline` spans) is not prose and is skipped. Run by
scripts/check_glossary.py (`make check`, CI) and by tests/test_glossary.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from serumrun import yamlio

GLOSSARY = Path("data", "glossary.yml")
LANGUAGE_RULES = Path("data", "languages.yml")
DOCS = Path("docs")
DATA = Path("data")

_SPACE = r"[\s\u00a0\u202f]+"
_APOSTROPHE = "['’]"
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE_RE = re.compile(r"`[^`\n]*`")


class GlossaryError(ValueError):
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


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a whole-word, case-blind pattern: any spacing, either apostrophe."""
    words = []
    for word in phrase.split():
        words.append("".join(_APOSTROPHE if ch in "'’" else re.escape(ch) for ch in word))
    return re.compile(r"(?<![\w-])" + _SPACE.join(words) + r"(?![\w-])", re.IGNORECASE)


def load(path: Path) -> list[Term]:
    """The glossary's terms; a malformed entry is an error naming its line."""
    text = path.read_text(encoding="utf-8")
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
        if ("refuse" in item) == ("pattern" in item):
            raise GlossaryError(f"{where}: give either 'refuse' (phrases) or 'pattern'")
        if "pattern" in item:
            try:
                patterns = [re.compile(item["pattern"])]
            except re.error as exc:
                raise GlossaryError(f"{where}: bad pattern: {exc}") from None
        else:
            refused = item["refuse"]
            if not isinstance(refused, list) or not all(isinstance(p, str) for p in refused):
                raise GlossaryError(f"{where}: 'refuse' must be a list of phrases")
            patterns = [phrase_pattern(p) for p in refused]
        why = " ".join(str(item["why"]).split())
        terms += [Term(str(item["write"]), why, p, line) for p in patterns]
    return terms


def check_text(text: str, path: str, terms: list[Term], first_line: int = 1) -> list[Finding]:
    """Findings in French prose, line by line (Markdown code skipped)."""
    findings = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=first_line):
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
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
    findings: list[Finding] = []
    try:
        root_node = yamlio.compose(text)
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{_rel(path, root)}: malformed YAML: {exc}") from None
    for node in _scalars_in(root_node, lang):
        start, end = node.start_mark, node.end_mark
        located: list[Finding] = []
        for index in range(start.line, end.line + 1):
            source = lines[index] if index < len(lines) else ""
            first = start.column if index == start.line else 0
            last = end.column if index == end.line else len(source)
            located += _find(source[first:last], _rel(path, root), index + 1, terms)
        # A phrase broken over two lines of a folded string: report the string's first
        # line (for a block scalar, the line after its `>-` or `|` indicator).
        value = " ".join(str(node.value).split())
        first_line = start.line + (2 if node.style in (">", "|") else 1)
        whole = _find(value, _rel(path, root), first_line, terms)
        if len(whole) > len(located):
            seen = {(f.term, f.found.casefold()) for f in located}
            located += [f for f in whole if (f.term, f.found.casefold()) not in seen]
        findings += located
    return findings


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
    from serumrun.languages import load_rules

    path = root / LANGUAGE_RULES
    data = yamlio.load(path.read_text(encoding="utf-8")) or {}
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
