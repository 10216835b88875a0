"""data/people.yml: the real file against the real relay; each validation error (file + line)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from serumrun.relay.data import RelayDataError
from serumrun.relay.people import distance, entries_markdown, load_people
from tests.sitebuild import PROJECT
from tests.test_relay_data import KEYS, VALID, load, real_data

EN, FR = PROJECT.language("en"), PROJECT.language("fr")

#: The small relay of the relay tests, its two legs and a standby driver naming people.
RELAY = (
    VALID.replace("    musher: First Driver\n", "    musher: First Driver\n    person: first\n")
    .replace("    musher: Second Driver\n", "    musher: Second Driver\n    person: second\n")
    .replace("  - musher: Third Driver\n", "  - musher: Third Driver\n    person: relief\n")
)

PEOPLE = """\
people:
  - id: first
    names:
      - name: {en: 'First "Firsty" Driver', fr: First « Firsty » Driver}
        cite: [source-a]
    facts:
      - en: Born somewhere [@source-a].
        fr: Né quelque part [@source-a].
  - id: second
    facts:
      - en: The sources give only his leg [@source-b].
        fr: Les sources ne donnent que son étape [@source-b].
  - id: relief
    facts:
      - en: Waited [@source-a; @source-b].
        fr: Attendit [@source-b; @source-a].
"""


def _load(tmp_path: Path, people: str = PEOPLE, relay: str = RELAY):
    relay_path = tmp_path / "relay.yml"
    relay_path.write_text(relay, encoding="utf-8")
    path = tmp_path / "people.yml"
    path.write_text(people, encoding="utf-8")
    return load_people(load(relay_path), path, languages=PROJECT.languages, citation_keys=KEYS)


def _error(tmp_path: Path, people: str = PEOPLE, relay: str = RELAY) -> str:
    with pytest.raises(RelayDataError) as info:
        _load(tmp_path, people, relay)
    return str(info.value)


def _line(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_site_has_an_entry_for_each_of_the_20_mushers_and_ed_rohn_in_relay_order():
    data = real_data()
    relay, roles = data.relay, data.roles
    assert len(roles) == 21
    assert [role.leg.number for role in roles[:20]] == list(range(1, 21))
    assert [role.person.id for role in roles[:20]] == [leg.person for leg in relay.legs]
    assert roles[20].standby is relay.standby[0] and roles[20].person.id == "rohn"
    assert all(role.person.facts for role in roles)


def test_entries_take_the_leg_from_the_relay_in_each_language(tmp_path):
    roles = _load(tmp_path)
    en = entries_markdown(roles, EN, "mushers.md")
    fr = entries_markdown(roles, FR, "mushers.md")
    assert "### First Driver { #musher-first }" in en
    assert 'Also written: First "Firsty" Driver [@source-a].' in en
    # Leg 1: 30 mi, 28 Jan 1925, Rex, 7 dogs; its note and its citation; the link back.
    assert (
        "**Leg 1**, B Town → C Point: 30 mi (48 km), 28 January 1925, "
        "lead dog Rex, 7 dogs. Cold [@source-b] [@source-a]. "
        "[See leg 1 in the table](relay.md#leg-1)"
    ) in en
    assert (
        "**Étape 1**, Ville B → C Point\u00a0: 48\u00a0km (30\u00a0milles), 28 janvier 1925, "
        "chien de tête Rex, 7 chiens."
    ) in fr
    assert "about 0.5 mi (0.8 km)" in en
    assert "environ 0,8\u00a0km (0,5\u00a0mille)" in fr  # singular below 2
    assert "[See the legs table](relay.md#standby-1)" in en
    assert en.index("#musher-first") < en.index("#musher-second") < en.index("#musher-relief")
    assert "**Standby at D End**, 29 January 1925 [@source-b]." in en


def test_distance_is_metric_first_in_french_and_about_in_words():
    assert distance(Decimal(52), EN) == "52 mi (84 km)"
    assert distance(Decimal(52), FR) == "84\u00a0km (52\u00a0milles)"
    assert distance(Decimal(674), FR) == "1\u202f085\u00a0km (674\u00a0milles)"
    assert distance(Decimal("0.5"), FR, approximate=True) == "environ 0,8\u00a0km (0,5\u00a0mille)"


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        (
            "  - id: second\n",
            "  - id: second\n    born: 1900\n",
            "    born: 1900",
            "person 'second': unknown field 'born' (fields: id, facts, names)",
        ),
        (
            "      - en: The sources give only his leg [@source-b].\n",
            "      - en: The sources give only his leg.\n",
            "      - en: The sources give only his leg.",
            "person 'second': fact 1: en: found no citation, expected the paragraph's sources "
            "([@key])",
        ),
        (
            "        fr: Né quelque part [@source-a].\n",
            "        fr: Né quelque part [@source-b].\n",
            "        fr: Né quelque part [@source-b].",
            "person 'first': fact 1: fr: found other sources than en's (differs in: source-a, "
            "source-b), expected the same in every language",
        ),
        (
            "      - en: Born somewhere [@source-a].\n",
            "      - en: Born somewhere [@source-c].\n",
            "      - en: Born somewhere [@source-c].",
            "person 'first': fact 1: en: found unknown citation key 'source-c', expected a key "
            "of data/bibliography.yml (did you mean 'source-b'?)",
        ),
        (
            "        cite: [source-a]\n    facts:",
            "        cite: []\n    facts:",
            "        cite: []",
            "person 'first': names: cite: found an empty list, expected 1 or more items",
        ),
        ("  - id: relief\n", "  - id: first\n", "  - id: first\n    facts:\n      - en: W", None),
        (
            "  - id: second\n    facts:\n      - en: The sources give only his leg [@source-b].\n"
            "        fr: Les sources ne donnent que son étape [@source-b].\n",
            "  - id: second\n    facts: []\n",
            "    facts: []",
            "person 'second': facts: found an empty list, expected 1 or more items",
        ),
        (
            "  - id: second\n",
            "  - id: Second Driver\n",
            "  - id: Second Driver",
            "person 2: id: found 'Second Driver', expected lowercase words joined by '-'",
        ),
        (
            "        fr: Attendit",
            "        fr: [Attendit",
            "        fr: [Attendit",
            "not valid YAML: found character '@' that cannot start any token",
        ),
    ],
)
def test_a_bad_entry_names_the_file_and_the_line(tmp_path, old, new, at, message):
    assert PEOPLE.count(old) == 1
    people = PEOPLE.replace(old, new)
    error = _error(tmp_path, people)
    if message is None:  # a duplicate id: the second one is the error
        at_line = people.splitlines().index("  - id: first", 2) + 1
        message = "person 3: id: found 'first' again, expected each person's own id"
    else:
        at_line = _line(people, at)
    assert error.startswith(f"{tmp_path / 'people.yml'}:{at_line}: "), error
    assert message in error


def test_an_entry_that_no_leg_names_is_an_error_at_its_id(tmp_path):
    people = PEOPLE + (
        "  - id: nobody\n    facts:\n      - en: x [@source-a]\n        fr: x [@source-a]\n"
    )
    error = _error(tmp_path, people)
    line = _line(people, "  - id: nobody")
    assert error == (
        f"{tmp_path / 'people.yml'}:{line}: person 'nobody': found no leg or standby of "
        "relay.yml with this person, expected one for each entry"
    )


def test_a_leg_whose_person_has_no_entry_is_an_error(tmp_path):
    relay = RELAY.replace("    person: second\n", "    person: secnd\n")
    people = PEOPLE.replace("  - id: second\n", "  - id: other\n")
    error = _error(tmp_path, people, relay)
    # Every problem at once: the entry nobody names is one too.
    assert error == (
        f"{tmp_path / 'people.yml'}: found no entry for 'secnd', expected one for the person "
        "of leg 2 in relay.yml\n"
        f"{tmp_path / 'people.yml'}:{_line(people, '  - id: other')}: person 'other': "
        "found no leg or standby of relay.yml with this person, expected one for each entry"
    )


def test_a_leg_without_a_person_is_an_error(tmp_path):
    relay = RELAY.replace("    person: second\n", "")
    error = _error(tmp_path, PEOPLE.replace("  - id: second\n", "  - id: other\n"), relay)
    assert error == (
        f"{tmp_path / 'relay.yml'}: leg 2: found no 'person', expected the driver's id in "
        "people.yml"
    )


def test_a_person_with_two_legs_is_an_error(tmp_path):
    relay = RELAY.replace("    person: second\n", "    person: first\n")
    error = _error(tmp_path, PEOPLE.replace("  - id: second\n", "  - id: other\n"), relay)
    assert error == (
        f"{tmp_path / 'relay.yml'}: leg 2: person: found 'first' again, expected one leg each"
    )


def test_the_relay_checks_the_form_of_a_person_id(tmp_path):
    relay_path = tmp_path / "relay.yml"
    relay = RELAY.replace("    person: second\n", "    person: Second\n")
    relay_path.write_text(relay, encoding="utf-8")
    with pytest.raises(RelayDataError) as info:
        load(relay_path)
    line = _line(relay, "    person: Second")
    assert str(info.value) == (
        f"{relay_path}:{line}: leg 2: person: found 'Second', expected lowercase words joined "
        "by '-'"
    )


def test_the_legs_table_links_each_driver_with_a_person_to_their_entry(tmp_path):
    from serumrun.relay.render import legs_table

    relay_path = tmp_path / "relay.yml"
    relay_path.write_text(RELAY.replace("    person: second\n", ""), encoding="utf-8")
    table = legs_table(load(relay_path), FR, people_href="mushers.md")
    musher = {row.html_id: row.cells[1] for row in table.rows if row.html_id}
    assert musher == {
        "leg-1": "[First Driver](mushers.md#musher-first)",
        "leg-2": "**Second Driver**",  # no person: no link (and highlighted)
        "standby-1": "[Third Driver](mushers.md#musher-relief)",
    }
    assert "#musher-" not in legs_table(load(relay_path), EN).markdown()
