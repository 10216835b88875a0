"""Search is per language, stems, folds accents and splits elisions (issue 2, point 4).

The query set lives in tests/search_queries.yml; each query runs in Chromium from the
home page of its language, through Material's own search box.
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


@pytest.mark.parametrize("case", QUERIES, ids=lambda c: f"{c['lang']}-{c['query']}")
def test_search_query(page, served, case):
    root = _root(served, case["lang"])
    page.goto(root, wait_until="networkidle")
    results = search(page, case["query"])
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
def test_a_term_found_only_after_folding_or_stemming_is_not_missing(
    page, served, lang, query, missing
):
    page.goto(_root(served, lang), wait_until="networkidle")
    assert search(page, query), f"{query!r} found nothing"
    lines = page.eval_on_selector_all(
        ".md-search-result__item .md-search-result__terms", "els => els.map(e => e.textContent)"
    )
    if missing is None:
        assert lines == []  # « étape » matched « etape »: nothing is missing
    else:
        assert lines and set(lines) == {MISSING[lang] + missing}, lines
