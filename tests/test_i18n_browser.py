"""What a reader sees in Chromium: language switch and 404 (issue 2). That no page asks
another host for anything or gets a 404 is checked on the one visit of every page,
tests/test_page_loads.py."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _switch_language(page, lang: str) -> None:
    page.hover(".md-header .md-select")
    page.click(f".md-header a[data-serumrun-switch][hreflang={lang}]")
    page.wait_for_load_state("load")


def _second_section(page) -> str:
    return page.eval_on_selector_all("article h2[id]", "els => els.map(e => e.id)")[1]


@pytest.mark.parametrize("rel", ["relay/", ""])
def test_switcher_lands_on_twin_and_keeps_anchor(page, served, rel):
    page.goto(served + rel)
    anchor = _second_section(page)
    page.goto(served + rel + "#" + anchor)
    _switch_language(page, "fr")
    assert page.url == served + "fr/" + rel + "#" + anchor
    assert page.get_attribute("html", "lang") == "fr"
    _switch_language(page, "en")
    assert page.url == served + rel + "#" + anchor
    assert page.get_attribute("html", "lang") == "en"


def test_missing_french_address_shows_the_french_404(page, served):
    response = page.goto(served + "fr/no-such-page/")
    assert response.status == 404  # the server gives the root 404.html, as GitHub Pages does
    page.wait_for_url(served + "fr/404.html")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.inner_text("article h1") == "Page introuvable"
    page.click("article a[hreflang=en]")
    assert page.url == served


def test_missing_english_address_stays_on_the_english_404(page, served):
    response = page.goto(served + "no-such-page/")
    assert response.status == 404
    page.wait_for_timeout(300)  # a redirect, if any, would have happened by now
    assert page.url == served + "no-such-page/"
    assert page.inner_text("article h1") == "Page not found"
