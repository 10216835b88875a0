"""Twin pages compared by structure, not by words.

Two twins, read by serumrun/checks/page_structure.py, are compared; every difference is
a `Problem`, blamed on the page at fault (the translation, unless the original is the
one that breaks a rule its twin keeps):

    docs/fr/relay.md:12: found anchor #le-parcours, expected #route (docs/en/relay.md:10)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher

from serumrun.checks.page_structure import Page, Ref, heading_jumps
from serumrun.mdsource import Heading
from serumrun.problems import Problem


def compare(
    original: Page,
    translation: Page,
    known: set[str] | None,
    linked: Iterable[str],
    broken: set[tuple[str, str]],
) -> list[Problem]:
    """Where `translation` differs in structure from `original`, blamed on the page at
    fault: the translation, unless the original is the one that breaks a rule its twin
    keeps (a citation key not `known`, a heading level that jumps, an anchor no link
    uses where its twin's is the one links use: `linked`, the anchors links point to; a
    broken link: `broken`, (page, target) of each)."""
    return [
        *_compare_headings(original, translation, set(linked)),
        *_compare_citations(original, translation, known),
        *_compare_refs(original, translation, "links", "link to", broken),
        *_compare_refs(original, translation, "images", "image", set()),
    ]


def anchor_problems(page: Page, original: Page | None) -> list[Problem]:
    """Each heading without an explicit anchor, with the anchor to add: the original's
    (its twin's heading at the same place) in every language, one anchor for both."""
    theirs = original.subheadings if original is not None else []
    return [
        _missing_anchor(heading, page.path, theirs[index].id if index < len(theirs) else None)
        for index, heading in enumerate(page.subheadings)
        if heading.anchor is None
    ]


def _missing_anchor(heading: Heading, path: str, slug: str | None) -> Problem:
    slug = slug or heading.id or "section-name"
    return Problem(
        path,
        heading.line,
        f"found heading {heading.text!r} without an explicit anchor, "
        f"expected '{'#' * heading.level} {heading.text} {{ #{slug} }}' "
        "(the same anchor in every language)",
    )


def _compare_headings(original: Page, translation: Page, linked: set[str]) -> Iterator[Problem]:
    ours, theirs = original.subheadings, translation.subheadings
    end = max((h.line for h in translation.headings), default=1)
    jumps = {h.line for h, _ in heading_jumps(original.headings)}  # its own problem
    matcher = SequenceMatcher(a=[h.id for h in ours], b=[h.id for h in theirs], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        mine, yours = ours[i1:i2], theirs[j1:j2]
        if op == "equal":
            yield from _level_problems(original, translation, zip(mine, yours, strict=True), jumps)
            continue
        paired = min(len(mine), len(yours)) if op == "replace" else 0
        for a, b in zip(mine[:paired], yours[:paired], strict=True):
            # A heading without an anchor is reported, with the one to add.
            if a.anchor is not None and b.anchor is not None:
                yield _anchor_slip(original, translation, a, b, linked)
        line = theirs[j2].line if j2 < len(theirs) else end
        for a in mine[paired:]:
            yield Problem(
                translation.path,
                line,
                f"found no heading #{a.id}, expected "
                f"'{'#' * a.level} … {{ #{a.id} }}' here ({original.path}:{a.line})",
            )
        for b in yours[paired:]:
            yield Problem(
                translation.path,
                b.line,
                f"found heading #{b.id}, expected none ({original.path} has no heading #{b.id})",
            )


def _level_problems(
    original: Page, translation: Page, pairs: Iterable[tuple[Heading, Heading]], jumps: set[int]
) -> Iterator[Problem]:
    """Twin headings at different levels (but where the original's level jumps: its own
    problem)."""
    for a, b in pairs:
        if a.level != b.level and a.line not in jumps:
            yield Problem(
                translation.path,
                b.line,
                f"found a level-{b.level} heading for #{b.id}, "
                f"expected level {a.level} ({original.path}:{a.line})",
            )


def _anchor_slip(original: Page, translation: Page, a: Heading, b: Heading, linked: set[str]):
    """Two twin headings with different anchors: the translation's is the slip, unless
    links point to it and not to the original's."""
    if b.id in linked and a.id not in linked:
        return Problem(
            original.path,
            a.line,
            f"found anchor #{a.id}, expected #{b.id} as in {translation.path}:{b.line} "
            f"(links point to #{b.id})",
        )
    return Problem(
        translation.path,
        b.line,
        f"found anchor #{b.id}, expected #{a.id} ({original.path}:{a.line})",
    )


def _compare_citations(
    original: Page, translation: Page, known: set[str] | None
) -> Iterator[Problem]:
    ours, theirs = _keys_by_section(original), _keys_by_section(translation)
    sections = translation.sections
    for section in original.sections.keys() & sections.keys():
        name = f"section #{section}" if section else "the introduction"
        # An unknown key is reported where it is written (`citation_problems`, with the
        # twin's key as the likely fix): no second message on the twin that is right.
        mine, yours = ours[section], theirs[section]
        slip = known is not None and any(k not in known for k in mine)
        for key, line in mine.items():
            if key not in yours and (known is None or key in known):
                yield Problem(
                    translation.path,
                    sections[section],
                    f"found no citation of @{key} "
                    f"in {name}, expected it as in {original.path}:{line}",
                )
        for key, line in yours.items():
            if key not in mine and not (slip and key in known):
                yield Problem(
                    translation.path,
                    line,
                    f"found citation @{key} in {name}, expected "
                    f"none ({original.path} does not cite it there)",
                )


def _keys_by_section(page: Page) -> dict[str | None, dict[str, int]]:
    """The keys cited in each section, each with the line of its first citation."""
    keys: dict[str | None, dict[str, int]] = defaultdict(dict)
    for cite in page.citations:
        keys[cite.section.id if cite.section else None].setdefault(cite.key, cite.line)
    return keys


def _compare_refs(
    original: Page, translation: Page, kind: str, noun: str, broken: set[tuple[str, str]]
) -> Iterator[Problem]:
    """Links (or images) that differ; a broken link of the original is reported on the
    original (`link_problems`), and neither it nor its twin's link in that section again;
    a broken link of the translation is reported on it, once."""
    ours: list[Ref] = getattr(original, kind)
    theirs: list[Ref] = getattr(translation, kind)
    missing = Counter(r.target for r in ours) - Counter(r.target for r in theirs)
    extra = Counter(r.target for r in theirs) - Counter(r.target for r in ours)
    slips = {r.section for r in ours if (original.path, r.target) in broken and missing[r.target]}
    skipped = slips | {r.section for r in theirs if (translation.path, r.target) in broken}
    sections = translation.sections
    for ref in _unmatched(ours, missing):
        if ref.section not in skipped:
            yield Problem(
                translation.path,
                sections.get(ref.section, sections[None]),
                f"found no {noun} {ref.target}, expected one as in {original.path}:{ref.line}",
            )
    for ref in _unmatched(theirs, extra):
        if ref.section not in slips and (translation.path, ref.target) not in broken:
            yield Problem(
                translation.path,
                ref.line,
                f"found {noun} {ref.target}, expected none "
                f"({original.path} has no {noun} {ref.target})",
            )


def _unmatched(refs: list[Ref], counts: Counter) -> Iterator[Ref]:
    """The first `counts[target]` refs of each target: those without a twin."""
    counts = counts.copy()
    for ref in refs:
        if counts[ref.target]:
            counts[ref.target] -= 1
            yield ref
