"""Limits on a page's source, checked in linear time before anything parses it.

Python-Markdown's inline patterns (links, emphasis) and the checker's own regexes
backtrack: one 120 kB line of `[](` cost minutes of build, and a list nested 2,000 deep
crashed Python-Markdown with a recursion error after minutes (issue 17). Pages of this
site are prose: the largest is 12 kB, its longest line 1,000 characters, its longest
paragraph 1,200, with at most 8 `[` in one and lists 2 deep. The limits below are
several times that, and low enough that the worst input under them renders in well
under a second per paragraph (measured: a 6,000-character paragraph of `[](`, 0.3 s).

Characters: the bidirectional controls U+202A-U+202E and U+2066-U+2069 make text
display in another order than it is read by tools ("Trojan Source"); C0 controls
(but tab and newlines) and DEL have no place in a page. Both are refused anywhere in
a page or data file, code blocks included.

The texts of the data files get the limits of a page (they become Markdown after the
pages' limits ran), and those the relay and people data render as Markdown must be
prose (`prose_problem`), all in one walk of each file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from pathlib import Path

import yaml

from serumrun import yamlio
from serumrun.mdsource import fenced, universal
from serumrun.pages import IMAGE_RE, LINK_RE, read_source
from serumrun.problems import Problem

#: A page's size in bytes (UTF-8).
MAX_PAGE_BYTES = 64_000
#: Characters of one line outside fenced code.
MAX_LINE = 3_000
#: Characters of one block (lines between blank lines) outside fenced code.
MAX_BLOCK = 6_000
#: `[` in one block: each may open a link, and Python-Markdown scans ahead from each.
MAX_BRACKETS = 100
#: `<` in one block: each may open raw HTML, which Python-Markdown also scans ahead from
#: (a paragraph of 2,000 `<a ` took over a second).
MAX_ANGLES = 100
#: Nested lists and block quotes.
MAX_DEPTH = 8
#: At most this many character problems per file are listed (then a count).
MAX_LISTED = 5

_BAD_CHARS = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")
#: The first character of a line _CONTAINER can match on (or a digit: `\d`, str.isdecimal).
_CONTAINER_FIRST = frozenset(" \t>-*+")
_KEY_AT_LINE = re.compile(r"\s*-?\s*([\w.@-]+)\s*:")


def page_limit_problems(text: str, path: str) -> list[Problem]:
    """Every limit a page's source breaks; empty when the page may be parsed."""
    problems = character_problems(text, path)
    size = len(text.encode("utf-8"))
    if size > MAX_PAGE_BYTES:
        problems.append(
            Problem(
                path,
                None,
                f"found a page of {size:,} bytes, expected at most {MAX_PAGE_BYTES:,} "
                "(split it into several pages)",
            )
        )
    return problems + shape_problems(text, path)


def shape_problems(text: str, path: str, *, first_line: int = 1, at: str = "") -> list[Problem]:
    """The limits on lines, blocks, brackets and nesting, on `text` as MkDocs reads it:
    line breaks read as Python reads a text file (a lone `\r` ends a line: `1. ` x 900
    after one was a list 900 deep to Python-Markdown and one line here, issue 22), and
    fenced code only where Python-Markdown sees a fence (serumrun/mdsource.py FENCE_RE).
    `first_line`: the file line of the text's first line; `at`: where the text is, for
    the messages (a data file's key)."""
    problems: list[Problem] = []
    block: list[str] = []  # the lines of the block being read
    block_start = 0
    lines = universal(text).split("\n")
    if "```" in text or "~~~" in text:
        numbered = (
            (n, line) for n, (line, code) in enumerate(fenced(lines), first_line) if not code
        )
    else:  # no fence can open (FENCE_RE): every line is outside code
        numbered = enumerate(lines, first_line)
    for number, line in numbered:
        if len(line) > MAX_LINE:
            problems.append(
                Problem(
                    path,
                    number,
                    f"found a line of {len(line):,} characters{at}, expected at most "
                    f"{MAX_LINE:,} outside code blocks (break it)",
                )
            )
            continue  # its depth and blocks are moot, and costly to work out
        if not line or line.isspace():  # `not line.strip()`, without a copy
            if block:
                problems += _block_problems(path, block_start, block, at)
                block = []
            continue
        if not block:
            block_start = number
        block.append(line)
        first = line[0]
        if first not in _CONTAINER_FIRST and not first.isdecimal():
            continue  # no indent and no marker: depth 0 (most lines of prose)
        depth = _depth(line)
        if depth > MAX_DEPTH:
            problems.append(
                Problem(
                    path,
                    number,
                    f"found lists or quotes nested {depth} deep{at}, expected at most {MAX_DEPTH}",
                )
            )
    problems += _block_problems(path, block_start, block, at)
    # One line per kind of problem and place: a 2,000-deep list is one problem, not 2,000.
    return _first_of_each(problems)


#: The limits of a block: what is counted in its text, the limit, the message.
_BLOCK_LIMITS = (
    (
        lambda text: len(text) + 1,
        MAX_BLOCK,
        "found a paragraph of {n:,} characters{at}, expected at most {limit:,} "
        "(split it with a blank line)",
    ),
    (
        lambda text: text.count("["),
        MAX_BRACKETS,
        "found {n:,} '[' in one paragraph{at}, expected at most {limit} "
        "(links and citations; split it with a blank line)",
    ),
    (
        lambda text: text.count("<"),
        MAX_ANGLES,
        "found {n:,} '<' in one paragraph{at}, expected at most {limit} "
        "(raw HTML; split it with a blank line)",
    ),
)


def _block_problems(path: str, start: int, lines: list[str], at: str) -> list[Problem]:
    text = "\n".join(lines)
    counts = ((count(text), limit, message) for count, limit, message in _BLOCK_LIMITS)
    return [
        Problem(path, start, message.format(n=n, limit=limit, at=at))
        for n, limit, message in counts
        if n > limit
    ]


def _depth(line: str) -> int:
    """How many lists and quotes a line sits in: its markers, and its indent by 4."""
    indent = len(line) - len(line.lstrip(" \t"))
    depth = line[:indent].expandtabs(4).count(" ") // 4
    pos = 0
    while True:
        match = _CONTAINER.match(line, pos)
        if not match:
            return depth
        depth += 1
        pos = match.end()


def _first_of_each(problems: list[Problem]) -> list[Problem]:
    """The first problem of each kind (its message up to the numbers), with how many more."""
    kinds = [_kind(problem.message) for problem in problems]
    counts = Counter(kinds)
    first: dict[str, Problem] = {}
    for kind, problem in zip(kinds, problems, strict=True):
        first.setdefault(kind, problem)
    return [
        Problem(p.path, p.line, f"{p.message} (and {counts[kind] - 1} more like it)")
        if counts[kind] > 1
        else p
        for kind, p in first.items()
    ]


def _kind(message: str) -> str:
    return re.sub(r"[\d,]+", "N", message.split(",")[0].split(" of ")[0].split(" nested ")[0])


def character_problems(text: str, path: str, *, keys: bool = False) -> list[Problem]:
    """Bidirectional and control characters, with their line (and YAML key if `keys`)."""
    problems = []
    matches = list(_BAD_CHARS.finditer(text))
    for match in matches[:MAX_LISTED]:
        char = match.group(0)
        line = text.count("\n", 0, match.start()) + 1
        name = unicodedata.name(char, "control character")
        where = ""
        if keys:
            start = text.rfind("\n", 0, match.start()) + 1
            key = _KEY_AT_LINE.match(text, start)
            where = f" in {key.group(1)!r}" if key else ""
        problems.append(
            Problem(
                path,
                line,
                f"found U+{ord(char):04X} {name}{where}, expected none: bidirectional and "
                "control characters make text read differently than it shows",
            )
        )
    if len(matches) > MAX_LISTED:
        problems.append(
            Problem(path, None, f"found {len(matches) - MAX_LISTED} more such characters")
        )
    return problems


def data_problems(project, prose: Collection[Path | None] = ()) -> list[Problem]:
    """Character problems of every data file (data/*.yml), named with line and key, YAML
    aliases (none is needed; aliases of aliases grow exponentially when printed), the
    limits of a page on every text, and in the files of `prose` (the relay's notes, the
    people's facts: rendered as Markdown) what is no Markdown prose (`prose_problem`)."""
    prose_files = {Path(p).resolve() for p in prose if p is not None and Path(p).is_file()}
    files = {p.resolve(): p for p in (project.root / "data").glob("*.y*ml")}
    files.update((p, p) for p in prose_files - files.keys())  # configured outside data/
    problems = []
    for resolved, path in sorted(files.items()):
        shown = project.display(path)
        text, unreadable = read_source(path, shown)
        if unreadable:  # not UTF-8: said once, with its line
            problems += unreadable
            continue
        problems += character_problems(text, shown, keys=True)
        try:
            alias = yamlio.first_alias(text)
        except yaml.YAMLError:
            continue  # each file's own check names the error
        if alias is not None:
            problems.append(
                Problem(
                    shown,
                    alias.start_mark.line + 1,
                    f"found the YAML alias *{alias.anchor}, expected every value written out",
                )
            )
            continue
        problems += _text_problems(text, shown, resolved in prose_files)
    return problems


def _text_problems(text: str, shown: str, prose: bool) -> list[Problem]:
    """The limits of a page on every text of a data file: people facts, relay notes and
    labels become Markdown after the pages' limits ran (`[](` x 15,000 in a fact took
    71 s, issue 22). Each problem names the file, the line and the key."""
    try:
        root = yamlio.compose(text)
    except yamlio.TooDeepError as exc:
        mark = exc.problem_mark
        return [Problem(shown, mark.line + 1 if mark else None, exc.problem)]
    except yaml.YAMLError:
        return []  # each file's own check names the error
    problems, markup = [], []
    for key, node in data_strings(root):
        # A literal block's lines are the file's, from the line after its `|`; any other
        # text is named by its first line.
        found = shape_problems(
            node.value,
            shown,
            first_line=node.start_mark.line + (2 if node.style == "|" else 1),
            at=f" in {key!r}",
        )
        if node.style != "|":
            found = [Problem(shown, node.start_mark.line + 1, p.message) for p in found]
        problems += found
        what = prose_problem(node.value) if prose else None
        if what:
            markup.append(
                Problem(
                    shown,
                    node.start_mark.line + 1,
                    f"found {what} in {key!r}, expected Markdown text whose links lead "
                    "to a page of the site (relay.md#leg-3) or an http(s) address",
                )
            )
    return _first_of_each(problems) + markup


def prose_problem(value: str) -> str | None:
    """What in a data text rendered as Markdown is no prose of the site, or None: it may
    hold no raw HTML, and links only to the site's pages or to http(s) addresses (an
    allowlist, checked before any page renders it, so that the data file is named, not
    the page that shows it; the content gate still reads every page as rendered)."""
    if "<" in value:
        return "'<' (raw HTML)"
    # Links are read only in a text within the limits (refused otherwise, above): the
    # link pattern scans ahead from each `[`.
    within = len(value) <= MAX_BLOCK and value.count("[") <= MAX_BRACKETS
    if not within or "](" not in value:
        return None
    targets = (m.group("target") for r in (LINK_RE, IMAGE_RE) for m in r.finditer(value))
    bad = next((t for t in targets if not _link_allowed(t)), None)
    return f"the link target {bad[:60]!r}" if bad is not None else None


def _link_allowed(target: str) -> bool:
    if target.startswith(("https://", "http://")):
        return "&" not in target and "\\" not in target
    return not any(c in target for c in ":&\\")  # a page of the site, no scheme or entity


def data_strings(node, key: str = ""):
    """Every string scalar of a YAML node tree (without aliases), with its key path
    ('legs[3].notes.fr')."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":str"):
            yield key.lstrip("."), node
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from data_strings(child, f"{key}[{index}]")
    elif isinstance(node, yaml.MappingNode):
        for name, child in node.value:
            yield from data_strings(child, f"{key}.{name.value}")
