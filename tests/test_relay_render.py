"""serumrun.relay rendering: inline figures, legs table, route map and timeline, in EN and FR."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import markdown
import pytest
from bs4 import BeautifulSoup
from markdown.test_tools import TestCase

from serumrun.l10n.typography import french_spacing
from serumrun.mdsource import PageContext
from serumrun.relay import l10n, svgmap
from serumrun.relay.extension import RelayExtension, RelayMarkerError
from serumrun.relay.render import legs_table
from tests.sitebuild import PROJECT, ROOT
from tests.test_relay_data import load, real_data

EN, FR = PROJECT.language("en"), PROJECT.language("fr")
#: The project's relay data, read once for the module as a build reads it once.
DATA = real_data()

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def relay():
    return DATA.relay


def extension(lang: str = "en", page_uri: str = "index.md") -> RelayExtension:
    """The extension as the plugin gives it a page (`PageContext`) and the build's data."""
    return RelayExtension(DATA, page=lambda: PageContext(lang, page_uri))


def render(source: str, lang: str = "en", page_uri: str = "relay.md", extensions=()) -> str:
    md = markdown.Markdown(extensions=[*extensions, extension(lang, page_uri)])
    return md.convert(source)


def soup(source: str, lang: str = "en", **kwargs) -> BeautifulSoup:
    return BeautifulSoup(render(source, lang, **kwargs), "lxml")


# --- inline markers (exact HTML) ------------------------------------------------------


class TestInlineMarkers(TestCase):
    def test_total_in_english(self):
        self.assertMarkdownRenders(
            "Over [[relay:total]], by [[relay:mushers]] mushers.",
            "<p>Over 674 mi (1,085 km), by 20 mushers.</p>",
            extensions=[extension("en")],
        )

    def test_total_in_french_is_metric_first_with_a_narrow_no_break_space(self):
        self.assertMarkdownRenders(
            "Sur [[relay:total]], [[relay:mushers]] meneurs.",
            f"<p>Sur 1{NNBSP}085{NBSP}km (674{NBSP}milles), 20 meneurs.</p>",
            extensions=[extension("fr")],
        )

    def test_marker_in_a_code_span_stays_literal(self):
        self.assertMarkdownRenders(
            "Write `[[relay:total]]` or `[[relay:table]]`.",
            "<p>Write <code>[[relay:total]]</code> or <code>[[relay:table]]</code>.</p>",
            extensions=[extension()],
        )

    def test_marker_in_fenced_code_stays_literal(self):
        self.assertMarkdownRenders(
            "```\n[[relay:table]]\n[[relay:nothing]]\n```",
            "<pre><code>[[relay:table]]\n[[relay:nothing]]\n</code></pre>",
            extensions=["fenced_code", extension()],
        )

    def test_unknown_marker_names_page_and_line(self):
        with self.assertRaises(RelayMarkerError) as info:
            render("Intro.\n\nSee [[relay:tabel]].", page_uri="no-such-page.md")
        self.assertIn(
            "docs/en/no-such-page.md:3: [[relay:tabel]] unknown relay marker", str(info.exception)
        )

    def test_block_marker_inside_a_paragraph_is_an_error(self):
        with self.assertRaises(RelayMarkerError) as info:
            render("The table [[relay:table]] below.", page_uri="no-such-page.md")
        self.assertIn("[[relay:table]] must be alone on its line", str(info.exception))

    def test_unknown_language_is_an_error(self):
        with self.assertRaises(RelayMarkerError):
            render("[[relay:total]]", lang="de")


# --- localisation ---------------------------------------------------------------------


def test_numbers_and_distances():
    assert l10n.number(Decimal("1085"), EN) == "1,085"
    assert l10n.number(Decimal("1085"), FR) == f"1{NNBSP}085"
    assert l10n.number(Decimal("0.5"), FR) == "0,5"
    # French: kilometres first, miles spelt out (never « mi »); English keeps miles first.
    assert l10n.distance(Decimal("674"), FR) == f"1{NNBSP}085{NBSP}km (674{NBSP}milles)"
    approximate = l10n.distance(Decimal("0.5"), FR, approximate=True)
    assert approximate == f"≈0,8{NBSP}km (≈0,5{NBSP}mille)"
    assert l10n.distance(Decimal("0.5"), EN, approximate=True) == "≈0.5 mi (≈0.8 km)"


def test_dates_and_times():
    jan28, jan31, feb1 = dt.date(1925, 1, 28), dt.date(1925, 1, 31), dt.date(1925, 2, 1)
    assert l10n.date_range(jan28, None, EN) == "28 Jan"
    assert l10n.date_range(jan28, None, FR) == "28 janv."
    assert l10n.date_range(jan31, feb1, EN) == "31 Jan – 1 Feb"
    assert l10n.date_range(jan31, feb1, FR) == "31 janv. – 1er févr."
    assert l10n.date_range(jan28, jan31, FR, long=True) == "28–31 janvier"
    assert l10n.clock(dt.time(21), EN) == f"9{NBSP}p.m."
    assert l10n.clock(dt.time(5, 30), EN) == f"5:30{NBSP}a.m."
    assert l10n.clock(dt.time(5, 30), FR) == f"5{NBSP}h{NBSP}30"


def test_french_spacing():
    assert french_spacing("gelé ; trois") == f"gelé{NNBSP}; trois"
    assert french_spacing("« Wild Bill » Shannon") == f"«{NNBSP}Wild Bill{NNBSP}» Shannon"
    assert french_spacing("l’heure : 21 h") == f"l’heure{NBSP}: 21{NBSP}h"
    assert french_spacing("[@a; @b]") == "[@a; @b]"  # citations untouched
    # A colon that ends the text ("Également sur :" before a list of links) too.
    assert french_spacing("Également sur :") == f"Également sur{NBSP}:"
    assert french_spacing(f"«{NNBSP}x{NNBSP}»") == f"«{NNBSP}x{NNBSP}»"  # idempotent


# --- legs table -----------------------------------------------------------------------


def test_table_has_20_legs_and_a_computed_total_in_english():
    page = soup("[[relay:table]]")
    table = page.select_one("div.relay-legs > table#relay-legs")
    assert table.caption.get_text() == "Legs of the serum relay, Nenana → Nome"
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == [
        "Leg",
        "Musher",
        "From → to",
        "mi",
        "km",
        "Date (1925)",
        "Lead dog",
        "Notes",
        "Sources",
    ]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    legs = table.select("tbody tr.relay-leg")
    assert [tr["id"] for tr in legs] == [f"leg-{n}" for n in range(1, 21)]
    first = [td.get_text() for td in legs[0].select("td")]
    assert first[:7] == [
        "1",
        '"Wild Bill" Shannon',
        "Nenana → Tolovana",
        "52",
        "84",
        "27–28 Jan",
        "Blackie",
    ]
    assert first[8] == "[@wikipedia-serum-run-2007; @baltostruestory-synopsis; @mushing-shannon]"
    total = [td.get_text() for td in table.select_one("tr.relay-total").select("td")]
    assert total[:6] == ["Total", "20 mushers", "Nenana → Nome", "674", "1,085", "27 Jan – 2 Feb"]


def test_table_in_french():
    table = soup("[[relay:table]]", "fr").select_one("table#relay-legs")
    headers = [th.get_text() for th in table.select("thead th")]
    # Kilometres before miles, and the miles spelt out: « mi » is not French.
    assert headers[:5] == ["Étape", "Meneur de chiens", "Départ → arrivée", "km", "milles"]
    total = [td.get_text() for td in table.select_one("tr.relay-total").select("td")]
    assert total[:6] == [
        "Total",
        "20 meneurs de chiens",
        "Nenana → Nome",
        f"1{NNBSP}085",
        "674",
        "27 janv. – 2 févr.",
    ]
    shannon = table.select_one("#leg-1 td:nth-of-type(2)").get_text()
    assert shannon == f"«{NNBSP}Wild Bill{NNBSP}» Shannon"
    ivanoff = [td.get_text() for td in table.select_one("#leg-17").select("td")]
    assert ivanoff[3:5] == ["—", "—"]  # no source gives the distance of leg 17
    assert total[7] == (
        "Aucune source ne donne la distance d’une étape marquée d’un tiret (—)"
        f"{NNBSP}; elle n’entre pas dans le total."
    )
    assert table.select_one("#leg-19 td:nth-of-type(6)").get_text() == "1er févr."


def test_seppala_and_kaasen_rows_stand_out():
    table = soup("[[relay:table]]").select_one("table#relay-legs")
    highlighted = table.select("tr.relay-leg--highlight")
    assert [tr["id"] for tr in highlighted] == ["leg-18", "leg-20"]
    assert [tr.select_one("td:nth-of-type(2) strong").get_text() for tr in highlighted] == [
        "Leonhard Seppala",
        "Gunnar Kaasen",
    ]
    assert [tr.select_one("td:nth-of-type(7) strong").get_text() for tr in highlighted] == [
        "Togo",
        "Balto",
    ]


def test_railway_and_standby_rows():
    table = soup("[[relay:table]]").select_one("table#relay-legs")
    railway = [td.get_text() for td in table.select_one("tr.relay-railway").select("td")]
    assert railway[1:3] == ["Train (Alaska Railroad)", "Anchorage → Nenana"]
    standby = [td.get_text() for td in table.select_one("tr.relay-standby").select("td")]
    assert standby[1:3] == ["Ed Rohn", "Point Safety (standby)"]


def test_table_inside_an_admonition_and_twice_on_a_page():
    page = soup(
        '!!! note "Legs"\n\n    [[relay:table]]\n\n[[relay:table]]', extensions=["admonition"]
    )
    assert page.select_one("div.admonition div.relay-legs table#relay-legs")
    tables = page.select("div.relay-legs table")
    assert len(tables) == 2
    assert not tables[1].get("id") and not tables[1].select("tr[id]")  # ids stay unique


def test_table_model_rows(relay):
    table = legs_table(relay, EN)
    classes = [row.html_class for row in table.rows]
    assert classes.count("relay-leg") == 18 and classes.count("relay-leg relay-leg--highlight") == 2
    assert classes[0] == "relay-railway" and classes[-1] == "relay-total"


# --- route map ------------------------------------------------------------------------


def test_map_has_a_point_per_place_and_a_line_per_leg(relay):
    svg = soup("[[relay:map]]").select_one("figure.relay-map > svg.relay-map__svg")
    points = svg.select("circle.relay-map__point")
    assert len(points) == len(relay.places)
    assert {c["data-place"] for c in points} == {place.id for place in relay.places}
    hollow = svg.select("circle.relay-map__point--approximate")
    assert {c["data-place"] for c in hollow} == {p.id for p in relay.places if p.approximate}
    assert all(c["fill"] == "#ffffff" for c in hollow)
    assert svg.select_one("circle.relay-map__point--end")["data-place"] == "nome"
    legs = svg.select("polyline.relay-map__leg")
    assert sorted(int(line["data-leg"]) for line in legs) == list(range(1, 21))
    highlighted = svg.select("polyline.relay-map__leg--highlight")
    assert sorted(line["data-leg"] for line in highlighted) == ["18", "20"]
    railway = svg.select_one("polyline.relay-map__railway")
    assert railway["stroke-dasharray"]


def test_map_is_an_accessible_scalable_image():
    svg = soup("[[relay:map]]").select_one("svg.relay-map__svg")
    # A group, not an image: an image's children are presentational, and these are links.
    assert svg["role"] == "group"
    assert svg.select_one(f"title#{svg['aria-labelledby']}")
    assert svg.select_one(f"desc#{svg['aria-describedby']}")
    x, y, width, height = map(float, svg["viewbox"].split())
    assert (x, y, width) == (0, 0, 1000) and height > 0.6 * width
    assert svg["data-total-miles"] == "674" and svg["data-total-km"] == "1085"
    assert not svg.select("script, image, use, foreignObject")  # nothing fetched, no script


def test_map_title_desc_and_labels_are_localised():
    en = soup("[[relay:map]]").select_one("svg")
    fr = soup("[[relay:map]]", "fr").select_one("svg")
    assert en.title.get_text() == "The route of the 1925 serum relay"
    assert fr.title.get_text() == "L’itinéraire du relais du sérum, 1925"
    assert "674 mi (1,085 km)" in en.desc.get_text()
    assert f"1{NNBSP}085{NBSP}km (674{NBSP}milles)" in fr.desc.get_text()
    assert "Leonhard Seppala (Togo) and Gunnar Kaasen (Balto)" in en.desc.get_text()
    assert "Leonhard Seppala (Togo) et de Gunnar Kaasen (Balto)" in fr.desc.get_text()
    fr_labels = {t.get_text() for t in fr.select("text.relay-map__label--wide")}
    assert {"Nome", "Nenana", "Anchorage", "Shaktoolik", "Golovin"} <= fr_labels
    fr_features = {t.get_text() for t in fr.select("text.relay-map__feature--wide")}
    en_features = {t.get_text() for t in en.select("text.relay-map__feature--wide")}
    # data/glossary.yml: « le Norton Sound », never « détroit de Norton ».
    assert {"Mer de Béring", "Norton Sound", "Péninsule de Seward", "Yukon", "Tanana"} == (
        fr_features
    )
    assert {"Bering Sea", "Norton Sound", "Seward Peninsula", "Yukon River", "Tanana River"} == (
        en_features
    )
    assert "détroit" not in str(fr)
    names = {c["data-place"]: c.title.get_text() for c in fr.select("circle.relay-map__point")}
    assert names["nine-mile-cabin"] == "cabane de Nine Mile (position approximative)"
    legend = [li.get_text() for li in fr.find_parent("figure").select("li")]
    assert "Position approximative" in legend


def test_map_narrow_labels_are_hidden_until_the_stylesheet_shows_them():
    svg = soup("[[relay:map]]").select_one("svg")
    narrow = svg.select("text.relay-map__label--narrow")
    assert narrow and all(t["display"] == "none" for t in narrow)
    assert {"Nome", "Nenana", "Anchorage"} <= {t.get_text() for t in narrow}
    assert all(
        int(t["font-size"]) > int(w["font-size"])
        for t, w in itertools.product(narrow, svg.select("text.relay-map__label--wide"))
    )


def test_map_points_to_the_table_on_its_page_or_on_the_relay_page():
    assert soup("[[relay:map]]\n\n[[relay:table]]").select_one('a[href="#relay-legs"]')
    other = soup("[[relay:map]]", page_uri="index.md")
    assert other.select_one('a[href="relay.md#relay-legs"]').get_text() == "table of legs"
    deeper = soup("[[relay:map]]", "fr", page_uri="guides/carte.md")
    assert deeper.select_one('a[href="../relay.md#relay-legs"]').get_text() == "tableau des étapes"


def test_each_leg_links_to_its_row_and_the_rows_link_back():
    page = soup("[[relay:map]]\n\n[[relay:table]]")
    links = page.select("svg.relay-map__svg a.relay-map__leg-link")
    assert [a["href"] for a in links] == [f"#leg-{n}" for n in range(1, 21)]
    assert [a["id"] for a in links] == [f"relay-map-leg-{n}" for n in range(1, 21)]
    # Its <title> names the link; the line inside is the leg's.
    assert links[17].title.get_text().startswith("Leg 18: Leonhard Seppala, ")
    assert links[17].select_one("polyline.relay-map__leg--highlight")["data-leg"] == "18"
    rows = page.select("tr.relay-leg")
    assert [tr.td.a["href"] for tr in rows] == [f"#relay-map-leg-{n}" for n in range(1, 21)]
    assert rows[0].td.a.get_text() == "1" and rows[0].td.a["title"] == "Leg 1 on the map"
    fr = soup("[[relay:map]]\n\n[[relay:table]]", "fr").select("tr.relay-leg")
    assert fr[6].td.a["title"] == "L’étape 7 sur la carte"


def test_legs_link_to_the_relay_page_and_a_table_alone_has_no_map_links():
    other = soup("[[relay:map]]", page_uri="index.md")
    assert other.select_one("a.relay-map__leg-link")["href"] == "relay.md#leg-1"
    table = soup("[[relay:table]]")
    # The number cell links to the map only when the page has one (the musher cell links
    # to the mushers page either way).
    assert not table.select("tr.relay-leg td:first-child a")
    assert table.select("tr.relay-leg")[0].td.get_text() == "1"


def test_map_draws_the_coast_and_rivers_of_the_geodata():
    svg = soup("[[relay:map]]").select_one("svg.relay-map__svg")
    land = svg.select_one("path.relay-map__land")["d"]
    # Every vertex of the path: "M x y" starts a ring, then relative steps "dx dy".
    vertices = sum(len(ring.split("l")[1].split()) // 2 + 1 for ring in land.split("M")[1:])
    assert vertices > 300, vertices
    assert svg.select_one("path.relay-map__river--main")["d"].count("M") >= 2  # Yukon, Tanana
    assert svg.select_one("rect.relay-map__sea")
    inset = svg.select_one("g.relay-map__inset")
    assert inset.select_one("path.relay-map__inset-alaska")["d"]
    assert inset.select_one("path.relay-map__inset-frame")["d"].endswith("z")


def test_approximate_places_have_a_broken_outline(relay):
    svg = soup("[[relay:map]]").select_one("svg.relay-map__svg")
    dashed = {c["data-place"] for c in svg.select("circle[stroke-dasharray]")}
    assert dashed == {p.id for p in relay.places if p.approximate}
    legend = svg.find_parent("figure").select_one("li.relay-map__key--approximate circle")
    assert legend["stroke-dasharray"]


def test_scale_bar_puts_the_pages_first_unit_first():
    en = soup("[[relay:map]]").select_one("text.relay-map__scale-text").get_text()
    fr = soup("[[relay:map]]", "fr").select_one("text.relay-map__scale-text").get_text()
    assert en == "100 mi (161 km)"
    assert fr == f"150{NBSP}km (93{NBSP}milles)"


def test_geodata_is_credited_in_both_languages():
    en = soup("[[relay:map]]").select_one("figcaption p.relay-map__credit").get_text()
    fr = soup("[[relay:map]]", "fr").select_one("figcaption p.relay-map__credit").get_text()
    assert "made with Natural Earth" in en and "d’après Natural Earth" in fr


def test_map_colours_are_the_stylesheets_custom_properties():
    css = (ROOT / "docs/assets/stylesheets/relay.css").read_text()
    light = css[css.index("\n.relay-map {") :]
    light = light[: light.index("}")]
    dark = css[css.index('[data-md-color-scheme="slate"] .relay-map {') :]
    dark = dark[: dark.index("}")]
    for name, value in svgmap.COLORS.items():
        assert f"--relay-map-{name}: {value};" in light, name
        assert f"--relay-map-{name}:" in dark, name  # the dark scheme sets every colour
        assert f"var(--relay-map-{name})" in css, name  # and the stylesheet uses it


def test_a_missing_kept_map_fails_with_the_file_named(relay, tmp_path):
    data = tmp_path / "relay.yml"
    data.write_text(relay.path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(svgmap.MapFileError, match=r"relay-map\.en\.svg: .*run `make map`"):
        svgmap.route_map(load(data, DATA.citation_keys), EN)


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        ('href="#leg-3"', 'href="https://example.org/"', "<a href='https://example.org/'>"),
        ("<desc ", '<desc onload="alert(1)" ', "<desc onload>"),
        ("</svg>", "<foreignObject /></svg>", "<foreignObject>"),
    ],
)
def test_a_kept_map_holds_only_what_the_script_draws(relay, tmp_path, old, new, found):
    data = tmp_path / "relay.yml"
    data.write_text(relay.path.read_text(encoding="utf-8"), encoding="utf-8")
    kept = svgmap.map_file(relay.path, "en").read_text(encoding="utf-8")
    assert kept.count(old) == 1
    (tmp_path / "maps").mkdir()
    svgmap.map_file(data, "en").write_text(kept.replace(old, new), encoding="utf-8")
    with pytest.raises(svgmap.MapFileError) as error:
        svgmap.route_map(load(data, DATA.citation_keys), EN)
    assert f"relay-map.en.svg: found {found}, expected only the elements" in str(error.value)


# --- timeline -------------------------------------------------------------------------


def test_timeline_is_an_ordered_list_of_dated_events(relay):
    ol = soup("[[relay:timeline]]").select_one("ol.relay-timeline")
    items = ol.select(":scope > li")
    assert len(items) == len(relay.events)
    times = [li.time for li in items]
    assert times[0]["datetime"] == "1924-12" and times[0].get_text() == "December 1924"
    assert times[1].get_text() == "about 20 January 1925"
    assert times[-1]["datetime"] == "1925-02-21" and times[-1].get_text() == "21 February"
    arrival = next(t for t in times if t["datetime"] == "1925-02-02T05:30")
    assert arrival.get_text() == f"2 February, about 5:30{NBSP}a.m."
    assert "[@nome-nugget-2022;" in arrival.parent.get_text()
    conflict = ol.select_one(".relay-conflict").get_text()
    assert "9 p.m. [@wikipedia-serum-run-2007; @press-republican-2011]" in conflict


def test_timeline_in_french():
    ol = soup("[[relay:timeline]]", "fr").select_one("ol.relay-timeline")
    assert ol["aria-label"] == "Chronologie de la course au sérum"
    labels = [t.get_text() for t in ol.select("time")]
    assert f"1er février, vers 2{NBSP}h" in labels
    assert "vers le 8 février" in labels
