"""Search is per language, stems, folds accents and splits elisions (issue 2, point 4).

The query set lives in tests/search_queries.yml; each query runs in Chromium from the
home page of its language, through Material's own search box. The home page of each
language is opened once for the module and every query is typed into its box: the index
is built once per language, not once per query.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.browser import search

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text("utf-8"))


def _root(served: str, lang: str) -> str:
    return served + ("" if lang == "en" else f"{lang}/")


@pytest.fixture(scope="module")
def home(browser, served):
    """`home(lang)`: the home page of `lang`, opened at its first query and kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = {}

    def open_home(lang: str):
        if lang not in opened:
            opened[lang] = context.new_page()
            opened[lang].goto(_root(served, lang), wait_until="networkidle")
        opened[lang].bring_to_front()  # a tab in the background runs its timers late
        return opened[lang]

    yield open_home
    context.close()


@pytest.mark.parametrize("case", QUERIES, ids=lambda c: f"{c['lang']}-{c['query']}")
def test_search_query(home, served, case):
    root = _root(served, case["lang"])
    results = search(home(case["lang"]), case["query"])
    pages = [url.split("?")[0].split("#")[0] for url in results]
    if case.get("none"):
        assert pages == []
        return
    assert pages, f"{case['query']!r} found nothing"
    for url in pages:
        assert url.startswith(root), f"{url} is not a {case['lang']} page"
        if case["lang"] == "en":
            assert not url.startswith(served + "fr/"), url
    assert root + case["expect"] in pages, pages


#: Material's line under a result that lacks some terms of the query, in each language: the
#: label then ": " (French: a no-break space before the colon).
MISSING = {"en": "Missing: ", "fr": "Non trouvé\u00a0: "}


@pytest.mark.parametrize(
    ("lang", "query", "missing"),
    [("fr", "etape", None), ("fr", "etape xyzzy", "xyzzy"), ("en", "serum xyzzy", "xyzzy")],
)
def test_a_term_found_only_after_folding_or_stemming_is_not_missing(home, lang, query, missing):
    page = home(lang)
    assert search(page, query), f"{query!r} found nothing"
    lines = page.eval_on_selector_all(
        ".md-search-result__item .md-search-result__terms", "els => els.map(e => e.textContent)"
    )
    if missing is None:
        assert lines == []  # « étape » matched « etape »: nothing is missing
    else:
        assert lines and set(lines) == {MISSING[lang] + missing}, lines
