"""Light and dark schemes (issue 16): the reader's system setting picks the scheme, the
toggle in the header changes it and the choice is remembered from page to page; the
toggle is named in the page's language; the dark colours come with the site's own
stylesheet, not Material's palette.css (the first view stays within its 80 kB).
axe-core checks the contrast of every page in both schemes: tests/test_accessibility.py."""

from __future__ import annotations

import pytest

from tests.browser import watch
from tests.pages import built_pages

TOGGLE_NAMES = {
    "en": {
        "default": "Switch to the dark colour scheme",
        "slate": "Switch to the light colour scheme",
    },
    "fr": {"default": "Passer au thème sombre", "slate": "Passer au thème clair"},
}


def _scheme(page) -> str:
    return page.get_attribute("body", "data-md-color-scheme")


def _visible_toggle(page):
    return page.locator("form[data-md-component=palette] label:visible")


@pytest.mark.browser
@pytest.mark.parametrize(("system", "scheme"), [("light", "default"), ("dark", "slate")])
def test_the_system_setting_picks_the_scheme(browser, served, system, scheme):
    context = browser.new_context(color_scheme=system)
    try:
        page = context.new_page()
        for address in ("", "relay/", "fr/references/"):
            page.goto(served + address)
            assert _scheme(page) == scheme, address
        # The page's own colours follow: the dark background is Material's slate.
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(255, 255, 255)") == (scheme == "default"), background
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_toggle_switches_and_the_choice_is_remembered(browser, served, lang):
    prefix = "fr/" if lang == "fr" else ""
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(f"{served}{prefix}relay/")
        assert _scheme(page) == "default"
        toggle = _visible_toggle(page)
        assert toggle.count() == 1
        assert toggle.get_attribute("title") == TOGGLE_NAMES[lang]["default"]
        toggle.click()
        assert _scheme(page) == "slate"
        assert _visible_toggle(page).get_attribute("title") == TOGGLE_NAMES[lang]["slate"]
        # Another page, in the other language too: still dark, though the system is light.
        for address in (f"{prefix}togo/", "fr/" if not prefix else ""):
            page.goto(served + address)
            assert _scheme(page) == "slate", address
        _visible_toggle(page).click()
        page.goto(f"{served}{prefix}balto/")
        assert _scheme(page) == "default"
    finally:
        context.close()


@pytest.mark.browser
def test_no_page_loads_materials_palette_css(browser, served, site):
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        traffic = watch(page)
        for address in ("", "relay/", "fr/", "404.html"):
            page.goto(served + address)
    finally:
        context.close()
    assert not [url for url in traffic.requests if "/palette." in url]
    assert any(url.endswith("/reading.css") for url in traffic.requests)


def test_every_page_has_the_toggle_named_in_its_language(site):
    for rel in built_pages(site.site):
        lang = "fr" if rel.startswith("fr/") else "en"
        labels = site.soup(rel).select("form[data-md-component=palette] label")
        names = [label["title"] for label in labels]
        assert names == [TOGGLE_NAMES[lang]["default"], TOGGLE_NAMES[lang]["slate"]], rel
        assert "palette." not in str(site.soup(rel).head), rel
