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
