"""Every pattern the project runs on contributed text, on the input that makes a
backtracking pattern slow, under a short alarm (issue 22).

Nothing here is timed: each call runs under `signal.alarm`, which interrupts a regular
expression match too. The inputs are at the size the limits let through (a line of
3,000 characters, a page of 64 kB), or larger where a pattern runs before the limits or
on code the limits skip; the patterns they were written against took seconds to
minutes on them (an unclosed citation with repeated locators: exponential; `{#a` x
1,000 in a heading: cubic). Each must come back well within the alarm.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from serumrun import mdsource, pages
from serumrun.checks import glossary, page_structure
from serumrun.citations import extension as citations
from serumrun.citations.deferred_markup import source_problems
from serumrun.gates import limits
from serumrun.relay import extension

#: Seconds each call may take before the alarm stops it: generous for a loaded machine,
#: far below what a superlinear pattern takes on these inputs.
ALARM = 3
LINE = 3_000


class TooSlow(Exception):
    pass


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def stop(signum, frame):
        raise TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _all(pattern) -> Callable[[str], object]:
    return lambda text: list(pattern.finditer(text))


_GLOSSARY = [glossary.Term("x", "y", glossary.phrase_pattern(p), 1) for p in ("voile blanc",)]
_GLOSSARY.append(glossary.Term("x", "y", glossary.phrase_pattern("mi", form="after_number"), 1))
_GLOSSARY.append(glossary.Term("x", "y", glossary.phrase_pattern("vaccin", form="unquoted"), 1))

#: (what, function, adversarial texts)
CASES: list[tuple[str, Callable[[str], object], list[str]]] = [
    (
        "citation pattern",
        _all(mdsource.CITATION_RE),
        [
            "[@a" + ", p. 1   ;   @a" * 200,
            "[@" + "a-" * 1_500,
            "[@a, " + " " * LINE,
            "[@a" + " ;@a" * 750,
        ],
    ),
    (
        "malformed citations",
        lambda text: list(citations.malformed_citations(text)),
        ["[@" + "A" * 200 + "]" * 10, ("[@a" + ", p. 1   ;   @a" * 200 + "\n") * 20],
    ),
    (
        "citation scan",
        lambda text: citations.scan(text),
        [("[@a" + ", p. 1   ;   @a" * 200 + "\n\n") * 20, ("# " + "{#a" * 1_000 + "\n") * 20],
    ),
    (
        "heading",
        mdsource.heading_at,
        ["# " + "{#a" * 1_000, "# a" + " " * LINE + "b", "# " + "{" * LINE, "# a" + "#" * LINE],
    ),
    (
        "attribute-list anchors",
        page_structure._ids,
        ["{#a" * 1_000, "{" * LINE, "{#" + "a-" * 1_500],
    ),
    (
        "links, images, references",
        lambda text: [_all(r)(text) for r in (pages.LINK_RE, pages.IMAGE_RE, pages.REFERENCE_RE)],
        ["[](" * 1_000, "[a]( " + " " * LINE, "[" + "[]" * 1_500, "  [a" + "]" * LINE],
    ),
    (
        "page structure",
        lambda text: page_structure.parse_page(text, "p.md"),
        [
            "---\ntitle: t\ndescription: d\n---\n\n"
            + ("# " + "{#a" * 990 + "\n\n" + "[@a" + ", p. 1   ;   @a" * 195 + "\n\n") * 10
        ],
    ),
    (
        "code spans and comments",
        lambda text: list(mdsource.code_free_lines(text)),
        [("`a" * 1_500 + "\n") * 20, ("``a`" * 750 + "\n") * 20, "<!--" * 16_000],
    ),
    (
        "relay markers",
        lambda text: [extension._may_hold_marker(line) for line in text.split("\n")],
        [("`" * LINE + "\n") * 20, ("``a`" * 750 + "\n") * 20],
    ),
    (
        "late-markup placeholders",
        lambda text: list(source_problems(text, "p.md")),
        ['<a data-serumrun-late="1" ' * 2_000, "<a " + " " * 64_000],
    ),
    (
        "glossary",
        lambda text: glossary.check_text(text, "p.md", _GLOSSARY),
        [("voile" + " " * LINE + "\n") * 20, ("1" + " " * LINE + "mi\n") * 20],
    ),
    (
        "limits (before anything else: a megabyte)",
        lambda text: limits.page_limit_problems(text, "p.md"),
        [
            "[](" * 350_000,
            ("1. " * 900 + "\r") * 400,
            ("\u00a0```\n" + "[](" * 1_000 + "\n") * 250,
            "\n" * 1_000_000,
            ("> " * 500 + "\n") * 1_000,
        ],
    ),
]


@pytest.mark.parametrize("what, function, texts", CASES, ids=[c[0] for c in CASES])
def test_each_pattern_comes_back_on_its_worst_input(what, function, texts):
    for text in texts:
        with alarm(ALARM):
            function(text)


def test_the_alarm_stops_a_backtracking_pattern():
    # The citation pattern as it was (greedy, no atomic group): the alarm must catch it,
    # or the test above could not fail.
    import re

    from serumrun.citations import bibliography

    item = rf"@{bibliography.KEY_RE.pattern}(?:\s*,[^;\]\[]*)?"
    old = re.compile(rf"(?<!\\)\[\s*(?P<body>{item}(?:\s*;\s*{item})*)\s*\](?![(\[])")
    with pytest.raises(TooSlow), alarm(1):
        old.search("[@a" + ", p. 1   ;   @a" * 60)
