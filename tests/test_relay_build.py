"""The relay page of the built site, in both languages, and one data file driving it all."""

from __future__ import annotations

import pytest

from tests.sitebuild import edit_relay_data as _edit
from tests.sitebuild import mkdocs_build, redraw_map
from tests.test_relay_data import real_data

NNBSP, NBSP = "\u202f", "\u00a0"
PAGES = {"en": "relay/index.html", "fr": "fr/relay/index.html"}
#: English keeps the sources' miles first; French puts the kilometres first (issue 12).
TOTAL = {"en": "674 mi (1,085 km)", "fr": f"1{NNBSP}085{NBSP}km (674{NBSP}milles)"}


@pytest.fixture(scope="module")
def relay():
    return real_data().relay


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_relay_page_has_the_legs_table_with_20_legs_and_the_total(site, lang):
    article = site.soup(PAGES[lang]).select_one("article")
    table = article.select_one("div.relay-legs table#relay-legs")
    assert [tr["id"] for tr in table.select("tr.relay-leg")] == [f"leg-{n}" for n in range(1, 21)]
    total = [td.get_text(strip=True) for td in table.select_one("tr.relay-total").select("td")]
    figures = ["674", {"en": "1,085", "fr": f"1{NNBSP}085"}[lang]]
    assert total[3:5] == (figures if lang == "en" else figures[::-1])  # French: km first
    # The citations extension turned every [@key] of the generated table into a marker.
    assert table.select("tr.relay-leg td:nth-of-type(9) sup.citation a[href*='references']")
    assert "[@" not in article.get_text()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_relay_page_has_the_map_and_the_timeline(site, lang, relay):
    article = site.soup(PAGES[lang]).select_one("article")
    svg = article.select_one("figure.relay-map svg.relay-map__svg[role=group]")
    assert len(svg.select("circle.relay-map__point")) == len(relay.places)
    assert TOTAL[lang] in svg.desc.get_text()
    timeline = article.select_one("ol.relay-timeline")
    assert len(timeline.select(":scope > li > time[datetime]")) == len(relay.events)
    assert TOTAL[lang] in article.get_text()  # the page's [[relay:total]]


#: The names of the map's geography, in the page's language (the French terms of data/glossary.yml).
GEOGRAPHY = {
    "en": {"Bering Sea", "Norton Sound", "Yukon River"},
    "fr": {"Mer de Béring", "Norton Sound", "Yukon"},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_relay_map_is_real_geography_small_and_linked_to_the_table(site, lang):
    html = (site.site / PAGES[lang]).read_text(encoding="utf-8")
    # The map's own <svg>, from its tag to its end, as served (the legend's swatches are
    # separate small SVGs after it).
    start = html.index("<svg ", html.index('<figure class="relay-map"'))
    svg_bytes = len(html[start : html.index("</svg>", start) + len("</svg>")].encode())
    assert svg_bytes < 120_000, svg_bytes
    article = site.soup(PAGES[lang]).select_one("article")
    svg = article.select_one("svg.relay-map__svg")
    land = svg.select_one("path.relay-map__land")["d"]
    vertices = sum(len(ring.split("l")[1].split()) // 2 + 1 for ring in land.split("M")[1:])
    assert vertices > 300, vertices  # a real coast: hundreds of points
    names = {t.get_text() for t in svg.select("text.relay-map__feature")}
    assert GEOGRAPHY[lang] <= names
    ids = {el["id"] for el in article.select("[id]")}
    legs = svg.select("a.relay-map__leg-link")
    assert len(legs) == 20 and all(a["href"][1:] in ids for a in legs)
    back = [tr.td.a["href"] for tr in article.select("tr.relay-leg")]
    assert back == [f"#{a['id']}" for a in legs]
    credit = article.select_one("figure.relay-map figcaption .relay-map__credit").get_text()
    assert "Natural Earth" in credit


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_relay_content_is_styled_by_its_stylesheet_only(site, lang):
    page = site.soup(PAGES[lang])
    assert page.select_one('link[rel=stylesheet][href$="assets/stylesheets/relay.css"]')
    assert (site.site / "assets/stylesheets/relay.css").is_file()
    generated = page.select(".relay-legs, .relay-map, .relay-timeline")
    # The Content-Security-Policy blocks style attributes: none in what the extension writes.
    assert generated and not [el for block in generated for el in block.select("[style]")]


SHANNON_52 = (
    "    to: tolovana\n    via: [minto]\n    miles: 52\n",
    "    to: tolovana\n    via: [minto]\n    miles: 42\n",
)
STATED_674 = ("  miles: 674\n  km: 1085\n", "  miles: 664\n  km: 1069\n")


def test_one_edit_of_the_data_changes_table_map_and_total_in_both_languages(project_copy):
    _edit(project_copy, SHANNON_52, STATED_674)  # 664 x 1.609344 = 1,068.6 km
    redraw_map(project_copy)  # the map is kept, not drawn by the build
    build = mkdocs_build(project_copy, project_copy / "site")
    assert build.returncode == 0, build.output
    for lang, total_km in (("en", "1,069"), ("fr", f"1{NNBSP}069")):
        article = build.soup(PAGES[lang]).select_one("article")
        leg = [td.get_text(strip=True) for td in article.select_one("#leg-1").select("td")]
        total = [td.get_text(strip=True) for td in article.select_one("tr.relay-total")("td")]
        if lang == "en":
            assert leg[3:5] == ["42", "68"]
            assert total[3:5] == ["664", total_km]
            text = f"664 mi ({total_km} km)"
        else:  # kilometres first
            assert leg[3:5] == ["68", "42"]
            assert total[3:5] == [total_km, "664"]
            text = f"{total_km}{NBSP}km (664{NBSP}milles)"
        svg = article.select_one("svg.relay-map__svg")
        assert svg["data-total-miles"] == "664" and svg["data-total-km"] == "1069"
        assert svg.select_one('polyline[data-leg="1"]')["data-miles"] == "42"
        leg_text = "42 mi (68 km)" if lang == "en" else f"68{NBSP}km (42{NBSP}milles)"
        assert svg.select_one('a[href="#leg-1"] title').get_text().endswith(leg_text)
        assert text in svg.desc.get_text()
        assert text in article.select_one("p").get_text()


def test_legs_that_no_longer_add_up_to_the_stated_total_fail_the_build(project_copy):
    data = _edit(project_copy, SHANNON_52)
    line = data.read_text(encoding="utf-8").splitlines().index("  miles: 674") + 1
    build = mkdocs_build(project_copy, project_copy / "site")
    assert build.returncode != 0
    assert (
        f"relay.yml:{line}: stated_totals: miles: found 674, expected 664, as the legs give"
    ) in build.output


def test_unknown_citation_key_in_the_data_fails_the_build(project_copy):
    data = _edit(project_copy, ("cite: [mushing-shannon]", "cite: [mushing-shanon]"))
    line = next(
        n
        for n, text in enumerate(data.read_text(encoding="utf-8").splitlines(), 1)
        if "mushing-shanon" in text
    )
    build = mkdocs_build(project_copy, project_copy / "site")
    assert build.returncode != 0
    assert (
        f"relay.yml:{line}: event 19: cite: found unknown citation key 'mushing-shanon', "
        "expected a key of data/bibliography.yml (did you mean 'mushing-shannon'?)"
    ) in build.output


def test_unknown_marker_on_a_page_fails_the_build(project_copy):
    page = project_copy / "docs" / "fr" / "relay.md"
    text = page.read_text(encoding="utf-8").replace("[[relay:timeline]]", "[[relay:timelnie]]")
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("[[relay:timelnie]]") + 1
    build = mkdocs_build(project_copy, project_copy / "site")
    assert build.returncode != 0
    assert f"docs/fr/relay.md:{line}: [[relay:timelnie]] unknown relay marker" in build.output
