"""The route map as a reader sees it in Chromium, on a phone (375 px) and a desktop (1280 px).

Screenshots of the map are written to the test's tmp_path for a human look.
"""

from __future__ import annotations

import itertools

import pytest

from tests.browser import watch

pytestmark = pytest.mark.browser

PAGES = {"en": "relay/", "fr": "fr/relay/"}

#: Every name drawn on the map, visible or not, with its screen box.
_LABELS = """svg => [...svg.querySelectorAll('text.relay-map__label, text.relay-map__feature')]
  .map(t => { const r = t.getBoundingClientRect();
              return {text: t.textContent, cls: t.getAttribute('class'),
                      shown: getComputedStyle(t).display !== 'none',
                      box: [r.left, r.top, r.right, r.bottom]}; })"""


def _overlap(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width", [375, 1280])
def test_map_fits_the_screen_and_its_names_do_not_overlap(browser, served, tmp_path, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    traffic = watch(page)
    page.goto(served + PAGES[lang])
    figure = page.locator("figure.relay-map")
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=tmp_path / f"relay-map-{lang}-{width}.png")

    box = page.locator("svg.relay-map__svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert box["height"] > 200, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways page

    labels = page.locator("svg.relay-map__svg").evaluate(_LABELS)
    shown = [label for label in labels if label["shown"]]
    phone = width < 600
    assert all(
        ("--narrow" in label["cls"]) == phone
        for label in shown
        if "relay-map__label" in label["cls"]
    )
    assert {"Nome", "Nenana", "Anchorage"} <= {label["text"] for label in shown}
    for a, b in itertools.combinations(shown, 2):
        assert not _overlap(a["box"], b["box"]), (a["text"], b["text"])
    if phone:  # readable: at least 12 px on the phone
        heights = [label["box"][3] - label["box"][1] for label in shown]
        assert min(heights) >= 12, heights

    assert traffic.console_errors == [] and traffic.foreign == []
    context.close()


_HALO = """n => getComputedStyle(document.querySelector(
  `#relay-map-leg-${n} .relay-map__leg-halo`)).stroke"""


def test_legs_light_up_on_focus_and_link_to_and_from_the_table(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served + PAGES["en"])
    assert page.evaluate(_HALO, 18) == "none"
    # The keyboard reaches each leg: Tab from the element before the map's first leg.
    page.locator("#relay-map-leg-17").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "relay-map-leg-18"
    assert page.evaluate(_HALO, 18) == "rgb(255, 179, 0)"  # --relay-map-focus
    # A row's number leads to its leg on the map, which lights up as the :target.
    page.locator("#leg-5 td:first-child a").click()
    assert page.url.endswith("#relay-map-leg-5")
    assert page.evaluate(_HALO, 5) == "rgb(255, 179, 0)"
    # And the leg leads back to its row.
    page.locator("#relay-map-leg-7 .relay-map__leg").click(force=True)
    assert page.url.endswith("#leg-7")
    background = "getComputedStyle(document.querySelector('#leg-7 td')).backgroundColor"
    assert page.evaluate(background) == "rgb(255, 249, 196)"
    context.close()
