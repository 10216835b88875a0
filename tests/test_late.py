"""Unit tests of serumrun/citations/deferred_markup.py: placeholders replaced exactly once,
imitations refused."""

from __future__ import annotations

import pytest

from serumrun.citations.deferred_markup import LateMarkup, LateMarkupError


def _late(*fragments: str) -> tuple[LateMarkup, list[str]]:
    late = LateMarkup()
    return late, [late.add(fragment) for fragment in fragments]


def test_each_placeholder_gets_its_fragment():
    late, (one, two) = _late('<sup id="cite-1"><a href="r/#a">[1]</a></sup>', "<p>B</p>")
    html = (
        f'<p>x <sup class="citation" data-serumrun-late="{one}" id="cite-1"></sup>.</p>\n'
        f'<p class="b" data-serumrun-late="{two}"></p>'
    )
    assert late.expand(html, "p.md") == (
        '<p>x <sup id="cite-1"><a href="r/#a">[1]</a></sup>.</p>\n<p>B</p>'
    )


def test_a_page_without_fragments_is_left_as_it_is():
    assert LateMarkup().expand("<p>Text.</p>", "p.md") == "<p>Text.</p>"


@pytest.mark.parametrize(
    "html",
    [
        # An imitation with a number the page has no fragment for.
        '<sup data-serumrun-late="1"></sup><sup data-serumrun-late="2"></sup>',
        # The same placeholder twice: one of them is not the extension's.
        '<sup data-serumrun-late="1"></sup><sup data-serumrun-late="1"></sup>',
        # Written otherwise (not empty, other quotes): left in the page, so refused.
        "<sup data-serumrun-late='1'></sup><sup data-serumrun-late=\"1\"></sup>",
        '<sup data-serumrun-late="1"></sup><p data-serumrun-late="1">x</p>',
    ],
)
def test_an_imitation_is_refused_naming_the_page(html):
    late, _ = _late("<b>1</b>")
    with pytest.raises(LateMarkupError, match=r"^docs/en/togo\.md: found the attribute"):
        late.expand(html, "docs/en/togo.md")


def test_an_imitation_on_a_page_without_fragments_is_refused():
    with pytest.raises(LateMarkupError, match="data-serumrun-late"):
        LateMarkup().expand('<p data-serumrun-late="1"></p>', "docs/en/togo.md")


def test_a_lost_placeholder_is_refused_on_a_whole_page_only():
    late, _ = _late("<b>1</b>")
    with pytest.raises(LateMarkupError, match=r"^p\.md: 1 citation marker\(s\) or backlink"):
        late.expand("<p>The placeholder was dropped.</p>", "p.md")
    # Python-Markdown runs postprocessors on other texts too (the table of contents).
    assert late.expand("<ul></ul>", "p.md", whole=False) == "<ul></ul>"


def test_the_scan_is_linear_on_hostile_markup():
    """Attribute text without an end, and many tag openings: a backtracking scan would be
    quadratic here (some 10^10 steps); the bound is the hostile corpus's (issue 17)."""
    import time

    from tests.hostile import TIME_BOUND

    late, _ = _late("<b>1</b>")
    html = "<sup " + "a " * 100_000 + "<sup " * 100_000 + 'data-serumrun-late="1"'
    start = time.process_time()
    with pytest.raises(LateMarkupError):
        late.expand(html, "p.md")
    assert time.process_time() - start < TIME_BOUND
