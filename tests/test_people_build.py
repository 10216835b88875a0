"""The mushers page of the built site, in both languages.

21 cited entries from data/people.yml, linked both ways with the legs table; one edit of
data/relay.yml changes the page, the table and the map.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.sitebuild import edit_relay_data as _edit
from tests.sitebuild import mkdocs_build, redraw_map
from tests.test_relay_data import real_data

MUSHERS = {"en": "mushers/index.html", "fr": "fr/mushers/index.html"}
RELAY = {"en": "relay/index.html", "fr": "fr/relay/index.html"}
MYTHS = {"en": "myths/index.html", "fr": "fr/myths/index.html"}
SEARCH = {"en": "search/search_index.json", "fr": "fr/search/search_index.json"}
NNBSP, NBSP = "\u202f", "\u00a0"

#: Facts the issue asks to see on the site in both languages, as each language writes them.
FACTS = {
    "en": [
        "18 January 1999",  # Edgar Nollner's death
        "lived until 1998",  # ... and the profile that says otherwise
        "born in Norway, at Burfjord",  # Kaasen
        "11 March 1882",
        "10 March 1882",
        "1903 for Wikipedia, 1904 for Jensen",
        "demonstration event, for which no medals were awarded",  # Seppala, 1932
        "second to Émile St. Godard",
        "He was 21 at the time of the run",  # Evans
        "22 according to an older chronology",  # ... both versions of his age
        'calls him "Part Russian Eskimo"',  # Ivanoff, as the chronology labels him
        "attacked and killed by a bear",  # Shannon's two endings
        "The Mysterious Disappearance of 'Wild Bill' Shannon",
        "H. K. Mulford Company",
        "$25 each and a citation",
        "Seattle Times",
    ],
    "fr": [
        "18 janvier 1999",
        f"«{NNBSP}jusqu’en 1998{NNBSP}»",
        "en Norvège, à Burfjord",
        "11 mars 1882",
        "10 mars 1882",
        "1903 selon Wikipédia, 1904 selon Jensen",
        "épreuve de démonstration, sans médailles",
        "deuxième derrière le Canadien Émile St. Godard",
        "Il avait 21 ans au moment de la course",
        "22 selon une chronologie plus ancienne",
        f"le dit «{NNBSP}en partie russe et en partie esquimau{NNBSP}»",
        "attaqué et tué par un ours",
        "The Mysterious Disappearance of ‘Wild Bill’ Shannon",
        "La mystérieuse disparition de “Wild Bill” Shannon",
        "H. K. Mulford Company",
        "25 dollars chacun et une citation",
        "Seattle Times",
    ],
}


@pytest.fixture(scope="module")
def roles():
    return real_data().roles


def _entries(build, lang):
    return build.soup(MUSHERS[lang]).select("article h3[id^=musher-]")


def _entry_text(heading) -> str:
    """The text of an entry: its heading and everything up to the next heading."""
    parts = [heading.get_text()]
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        parts.append(sibling.get_text())
    return " ".join(parts)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_21_entries_in_relay_order_each_cited_with_its_leg(site, lang, roles):
    headings = _entries(site, lang)
    assert [h["id"] for h in headings] == [f"musher-{role.person.id}" for role in roles]
    assert len(headings) == 21
    for heading in headings:
        cited = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            cited += sibling.select("sup.citation a[href*='references/#ref-']")
        assert cited, f"{lang}: entry #{heading['id']} cites nothing"
    shannon = _entry_text(headings[0])
    if lang == "en":
        assert "Leg 1" in shannon and "52 mi (84 km)" in shannon
        assert "27–28 January 1925" in shannon and "lead dog Blackie" in shannon
    else:
        assert "Étape 1" in shannon and f"84{NBSP}km (52{NBSP}milles)" in shannon
        assert "27–28 janvier 1925" in shannon and "chien de tête Blackie" in shannon
    assert "[@" not in site.soup(MUSHERS[lang]).select_one("article").get_text()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_legs_table_and_the_entries_link_to_each_other(site, lang, roles):
    relay = site.soup(RELAY[lang])
    mushers = site.soup(MUSHERS[lang])
    entry_ids = {h["id"] for h in _entries(site, lang)}
    rows = relay.select("#relay-legs tr.relay-leg, #relay-legs tr.relay-standby")
    assert len(rows) == 21
    for row, role in zip(rows, roles, strict=True):
        link = row.select_one("td:nth-of-type(2) a")
        assert link is not None, f"{lang}: row {row.get('id')} does not link its musher"
        assert link["href"] == f"../mushers/#musher-{role.person.id}"
        assert link["href"].split("#")[1] in entry_ids
    row_ids = {row["id"] for row in rows}
    for heading in _entries(site, lang):
        back = [
            a["href"]
            for sibling in heading.find_next_siblings(limit=3)
            for a in sibling.select("a[href^='../relay/#']")
        ]
        assert back, f"{lang}: entry #{heading['id']} has no link back to the table"
        assert back[0].split("#")[1] in row_ids
    # The standby row has an id for the link back from Ed Rohn's entry.
    assert mushers.select_one("#musher-rohn ~ p a[href='../relay/#standby-1']")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_facts_of_the_issue_are_on_the_site(site, lang):
    text = " ".join(site.soup(MUSHERS[lang]).select_one("article").get_text(" ").split())
    for fact in FACTS[lang]:
        # Both sides with their spaces made plain (split() takes no-break spaces too).
        assert " ".join(fact.split()) in text, f"{lang}: {fact!r} missing from the mushers page"
    assert "silver medal" not in text.replace('"silver medal" is wrong', "")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_myths_page_has_the_stories_we_could_not_confirm(site, lang):
    article = site.soup(MYTHS[lang]).select_one("article")
    section = article.select_one("h2#unconfirmed")
    assert section is not None
    stories = [h["id"] for h in section.find_next_siblings("h3")]
    assert stories == [
        "unconfirmed-coolidge",
        "unconfirmed-amundsen-ceremony",
        "unconfirmed-hjr-62",
        "unconfirmed-1998-loan",
        "unconfirmed-kimble",
        "unconfirmed-kalland",
        "unconfirmed-evans",
        "unconfirmed-togo-actor",
        "unconfirmed-temperature",
        "unconfirmed-topkok",
        "unconfirmed-anchorage-statue",
        "unconfirmed-shannon",
        "unconfirmed-togo-birthday",
    ]
    for heading in section.find_next_siblings("h3"):
        paragraph = heading.find_next_sibling("p")
        assert paragraph.strong is not None, f"{lang}: #{heading['id']} has no verdict"
        assert paragraph.select("sup.citation"), f"{lang}: #{heading['id']} is not cited"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_search_indexes_every_musher_by_name(site, lang, roles):
    docs = json.loads((site.site / SEARCH[lang]).read_text(encoding="utf-8"))["docs"]
    page = "mushers/" if lang == "en" else "fr/mushers/"
    titles = {d["title"] for d in docs if d["location"].startswith(page.removeprefix("fr/"))}
    relay = real_data().relay
    names = [leg.musher[lang] for leg in relay.legs] + [s.musher[lang] for s in relay.standby]
    for name in names:
        plain = re.sub(r"[«»\"\u202f]", " ", name).split()[-1]  # 'Shannon', 'Nicolai'
        assert any(plain in title for title in titles), f"{lang}: {name} is not a search section"


def test_moving_a_musher_to_another_leg_changes_page_table_and_map(project_copy):
    # Dan Green and Johnny Folger swap legs 3 and 4 (an older chronology does move Green).
    _edit(
        project_copy,
        (
            "    musher: Dan Green\n    person: green\n",
            "    musher: Johnny Folger\n    person: folger\n    #swapped\n",
        ),
        (
            "    musher: Johnny Folger\n    person: folger\n    from",
            "    musher: Dan Green\n    person: green\n    from",
        ),
    )
    redraw_map(project_copy)  # the map is kept, not drawn by the build
    build = mkdocs_build(project_copy, project_copy / "site")
    assert build.returncode == 0, build.output
    for lang, leg, route in (
        ("en", "Leg 4", "Fish Lake → Tanana"),
        ("fr", "Étape 4", "Fish Lake → Tanana"),
    ):
        ids = [h["id"] for h in _entries(build, lang)]
        assert ids.index("musher-folger") == 2 and ids.index("musher-green") == 3
        green = _entry_text(build.soup(MUSHERS[lang]).select_one("#musher-green"))
        assert f"{leg}, {route}" in " ".join(green.split())
        assert "#leg-4" in str(build.soup(MUSHERS[lang]).select_one("#musher-green ~ p"))
        relay = build.soup(RELAY[lang])
        link = relay.select_one("#leg-4 td:nth-of-type(2) a")
        assert (link.get_text(), link["href"]) == ("Dan Green", "../mushers/#musher-green")
        # The map's line for leg 4 (a link to its row) is titled with its driver.
        title = relay.select_one("figure svg a#relay-map-leg-4 > title").get_text()
        assert "Dan Green" in title and "Johnny Folger" not in title


def test_a_bad_people_entry_fails_the_build_with_file_and_line(project_copy):
    data = project_copy / "data" / "people.yml"
    text = data.read_text(encoding="utf-8")
    old = (
        "          −35 °F (−37 °C) on his leg [@chronology-serum-run]. Nothing else about him was\n"
    )
    assert text.count(old) == 1
    text = text.replace(
        old, "          −35 °F (−37 °C) on his leg. Nothing else about him was\n", 1
    )
    data.write_text(text, encoding="utf-8")
    # The error names the paragraph's first line, "- en: >-", just above its text: its
    # 1-based number is the text's 0-based index.
    first = '          An older chronology of the run calls him a "Tanana Tribe Native" and records'
    line = text.splitlines().index(first)
    build = mkdocs_build(project_copy, project_copy / "site")
    assert build.returncode != 0
    assert (
        f"people.yml:{line}: person 'joseph': fact 1: en: found no citation, expected the "
        "paragraph's sources ([@key])"
    ) in build.output
