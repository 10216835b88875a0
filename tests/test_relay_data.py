"""data/relay.yml: the real data's computed totals, and each validation error (file + line)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from serumrun.citations import bibliography
from serumrun.relay.data import RelayDataError, load_relay, miles_to_km
from serumrun.relay.extension import RelayData
from tests.sitebuild import PROJECT

KEYS = {"source-a", "source-b"}


def real_data() -> RelayData:
    """The project's relay and people, as a build reads them."""
    return RelayData(PROJECT, bibliography.load(PROJECT))


def load(path: Path, keys=KEYS):
    """A relay file of a site in the project's languages, with a bibliography of `keys`."""
    return load_relay(path, languages=PROJECT.languages, citation_keys=keys)


def places(relay) -> dict:
    return {place.id: place for place in relay.places}


#: A small valid relay: railway A -> B, legs B -> C -> D (the second one approximate).
VALID = """\
stated_totals:
  miles: 30
  km: 48
  mushers: 2
  cite: [source-a]
places:
  - id: a-town
    name: A Town
    lat: 61.0
    lon: -150.0
    confidence: VERIFIED
    note: railhead of the test
  - id: b-town
    name: {en: B Town, fr: Ville B}
    lat: 64.0
    lon: -149.0
    confidence: VERIFIED
    note: start
  - id: c-point
    name: C Point
    lat: 64.5
    lon: -155.0
    confidence: APPROXIMATE
    note: interpolated
    map_label: minor
  - id: d-end
    name: D End
    lat: 64.5
    lon: -160.0
    confidence: VERIFIED
    note: destination
    map_label: major
railway:
  name: Test Railroad
  from: a-town
  to: b-town
  date: [1925-01-26, 1925-01-27]
  cite: [source-a]
legs:
  - number: 1
    musher: First Driver
    from: b-town
    to: c-point
    miles: 30
    date: 1925-01-28
    lead_dog: Rex
    dogs: 7
    note: {en: "Cold [@source-b].", fr: "Froid ; [@source-b]."}
    cite: [source-a]
  - number: 2
    musher: Second Driver
    from: c-point
    to: d-end
    miles: 0.5
    miles_approximate: true
    date: [1925-01-28, 1925-01-29]
    highlight: true
    cite: [source-a, source-b]
standby:
  - musher: Third Driver
    at: d-end
    date: 1925-01-29
    cite: [source-b]
events:
  - date: 1924-12
    text: {en: It starts., fr: Ça commence.}
    cite: [source-a]
  - date: 1925-01-28
    time: "03:00"
    approximate: true
    text: {en: A leg., fr: Une étape.}
    conflict: {en: "Or 4 a.m. [@source-b].", fr: "Ou 4 h [@source-b]."}
    cite: [source-b]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "relay.yml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def load_error(tmp_path: Path, text: str) -> RelayDataError:
    path = write(tmp_path, text)
    with pytest.raises(RelayDataError) as info:
        load(path)
    error = info.value
    assert error.path == path
    assert str(error).startswith(f"{path}:{error.line}: ")
    return error


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- the real data --------------------------------------------------------------------


@pytest.fixture(scope="module")
def relay():
    return real_data().relay


def test_real_data_loads_against_the_bibliography(relay):
    # load_relay refuses a key the bibliography lacks: loading is the check.
    assert len(relay.legs) == 20 and real_data().citation_keys


def test_totals_are_674_miles_1085_km_20_mushers(relay):
    assert relay.total_miles == 674
    assert relay.total_km.quantize(Decimal(1)) == 1085
    assert relay.mushers == 20
    assert len(relay.legs) == 20
    # ...and they are the sources' stated totals, stored once.
    assert (relay.stated_totals.miles, relay.stated_totals.km, relay.stated_totals.mushers) == (
        674,
        1085,
        20,
    )


def test_relay_runs_from_nenana_to_nome_after_the_train_from_anchorage(relay):
    assert (relay.railway.start.id, relay.railway.end.id) == ("anchorage", "nenana")
    assert (relay.start.id, relay.end.id) == ("nenana", "nome")
    assert [leg.musher["en"] for leg in relay.highlighted] == ["Leonhard Seppala", "Gunnar Kaasen"]
    assert [leg.lead_dog for leg in relay.highlighted] == ["Togo", "Balto"]


def test_ivanoff_leg_has_no_distance_and_is_not_added(relay):
    # Neither the participants list nor the older chronology measures Ivanoff's leg.
    ivanoff = relay.legs[16]
    assert ivanoff.musher["en"] == "Henry Ivanoff"
    assert ivanoff.miles is None and ivanoff.km is None and not ivanoff.miles_approximate
    assert [leg.number for leg in relay.legs if leg.miles is None] == [17]
    assert sum(leg.miles for leg in relay.legs if leg.miles is not None) == 674


def test_standby_driver_did_not_carry_the_serum(relay):
    (rohn,) = relay.standby
    assert rohn.musher["en"] == "Ed Rohn" and rohn.at.id == "point-safety"
    assert "Ed Rohn" not in {leg.musher["en"] for leg in relay.legs}


def test_kilometres_are_computed_per_leg_as_in_the_fact_sheet(relay):
    # The sources' km column.
    expected = [84, 50, 45, 42, 55, 39, 48, 48, 45, 39, 29, 48, 58, 64, 55, 64, None, 146, 40, 85]
    for leg, km in zip(relay.legs, expected, strict=True):
        if km is not None:
            assert leg.km == km, leg.musher["en"]


def test_kilometres_are_never_stored():
    data = yaml.safe_load(PROJECT.relay.read_text(encoding="utf-8"))
    for section in ("legs", "places", "standby", "events"):
        for item in data[section]:
            assert "km" not in item, item


def test_miles_to_km_keeps_the_precision_of_the_miles():
    assert miles_to_km(Decimal("52")) == Decimal("84")
    assert miles_to_km(Decimal("0.5")) == Decimal("0.8")
    assert miles_to_km(Decimal("674")) == Decimal("1085")  # 1.609 would give 1,084


def test_events_run_from_the_outbreak_to_the_end_of_the_quarantine(relay):
    assert relay.events[0].when.iso() == "1924-12"
    assert relay.events[-1].when.iso() == "1925-02-21"
    conflicts = [event for event in relay.events if event.conflict]
    assert conflicts and "9 p.m." in conflicts[0].conflict["en"]


def test_places_have_the_coordinates_of_the_coords_sheet(relay):
    nome, nenana = places(relay)["nome"], places(relay)["nenana"]
    assert (nome.lat, nome.lon, nome.confidence) == (
        Decimal("64.504"),
        Decimal("-165.399"),
        "VERIFIED",
    )
    assert (nenana.lat, nenana.lon) == (Decimal("64.558"), Decimal("-149.091"))
    assert places(relay)["fish-lake"].approximate


# --- a small valid file ---------------------------------------------------------------


def test_small_file_is_valid(tmp_path):
    relay = load(write(tmp_path, VALID))
    assert relay.total_miles == 30  # the approximate 0.5 is left out
    assert relay.total_km == 48
    assert relay.mushers == 2
    assert places(relay)["b-town"].name == {"en": "B Town", "fr": "Ville B"}
    assert places(relay)["a-town"].name == {"en": "A Town", "fr": "A Town"}
    assert relay.events[1].when.iso(relay.events[1].time) == "1925-01-28T03:00"


# --- each validation error names the file and the line --------------------------------


def test_every_problem_of_the_file_is_named_at_once(tmp_path):
    text = replace_once(VALID, "    lat: 64.0\n", "    lat: 94.0\n")
    text = replace_once(text, "    lead_dog: Rex\n", "    lead_dgo: Rex\n")
    text = replace_once(text, "  - date: 1924-12\n", "  - date: 1924-13\n")
    error = load_error(tmp_path, text)
    assert [problem for _, problem in error.problems] == [
        "place 'b-town': lat: found 94.0, expected 66.5 or less",
        "leg 1: unknown field 'lead_dgo' (did you mean 'lead_dog'?) (fields: number, musher, "
        "from, to, date, cite, person, via, miles, miles_approximate, lead_dog, dogs, note, "
        "highlight)",
        "event 1: date: found '1924-13', expected a date (YYYY-MM-DD or YYYY-MM)",
    ]
    assert [line for line, _ in error.problems] == [
        line_of(text, "lat: 94.0"),
        line_of(text, "lead_dgo"),
        line_of(text, "1924-13"),
    ]
    assert str(error).count(f"{tmp_path / 'relay.yml'}:") == 3


def test_the_rules_between_items_are_named_at_once(tmp_path):
    # Once every value is right, every broken rule between them: a reference, an order.
    text = replace_once(VALID, "    to: d-end\n", "    to: d-edn\n")
    text = replace_once(text, "  - number: 2\n", "  - number: 3\n")
    error = load_error(tmp_path, text)
    assert [(line, problem) for line, problem in error.problems] == [
        (
            line_of(text, "number: 3"),
            "leg 2: number: found 3, expected 2 (legs are numbered 1, 2, ... in order)",
        ),
        (
            line_of(text, "to: d-edn"),
            "leg 2: to: found 'd-edn', expected a place's id (did you mean 'd-end'?)",
        ),
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    date: [1925-01-28, 1925-01-29]\n",
            "    date: 1925-01-27\n",
            "leg 2: date: found 1925-01-27, expected leg 1's day (1925-01-28) or later",
        ),
        (
            "  - date: 1925-01-28\n    time:",
            "  - date: [1925-01-28, 1925-01-29]\n    time:",
            "event 2: time: found a time of a range of days, expected a single whole date",
        ),
    ],
)
def test_a_broken_rule_names_what_it_found(tmp_path, old, new, message):
    text = replace_once(VALID, old, new)
    error = load_error(tmp_path, text)
    at = new.splitlines()[-1] if message.startswith("event") else new.strip()
    assert error.problems == [(line_of(text, at.strip()), message)]


def test_unknown_place_names_file_and_line(tmp_path):
    text = replace_once(VALID, "    to: d-end\n", "    to: d-edn\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "to: d-edn")
    assert ("leg 2: to: found 'd-edn', expected a place's id (did you mean 'd-end'?)") in str(error)


def test_leg_must_start_where_the_previous_ended(tmp_path):
    text = replace_once(VALID, "    from: c-point\n", "    from: b-town\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "from: b-town", 2)
    assert "leg 2: from: found 'b-town', expected 'c-point', where leg 1 ended" in str(error)


def test_first_leg_must_start_where_the_railway_ended(tmp_path):
    text = replace_once(VALID, "    from: b-town\n", "    from: a-town\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "from: a-town", 2)
    assert "leg 1: from: found 'a-town', expected 'b-town', where the railway ended" in str(error)


def test_missing_field_names_the_item(tmp_path):
    text = replace_once(VALID, "    date: 1925-01-28\n", "")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "- number: 1")
    assert "leg 1: missing field 'date'" in str(error)


def test_a_leg_without_miles_has_no_distance_and_is_not_added(tmp_path):
    text = replace_once(VALID, "    miles: 0.5\n    miles_approximate: true\n", "")
    relay = load(write(tmp_path, text))
    assert relay.legs[1].miles is None and relay.legs[1].km is None
    assert relay.total_miles == 30


def test_approximate_miles_without_miles_is_an_error(tmp_path):
    text = replace_once(VALID, "    miles: 0.5\n", "")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "miles_approximate: true")
    assert error.problems == [
        (error.line, "leg 2: miles_approximate: found no miles, expected the miles it qualifies")
    ]


def test_missing_translation_is_a_missing_field(tmp_path):
    text = replace_once(VALID, "{en: It starts., fr: Ça commence.}", "{en: It starts.}")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "{en: It starts.}")
    assert "event 1: text: missing field 'fr'" in str(error)


def test_unknown_citation_key_in_cite_list(tmp_path):
    text = replace_once(VALID, "cite: [source-a, source-b]", "cite: [source-a, source-c]")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "source-c")
    assert (
        "leg 2: cite: found unknown citation key 'source-c', expected a key of "
        "data/bibliography.yml (did you mean 'source-b'?)"
    ) in str(error)


def test_unknown_citation_key_inside_a_text(tmp_path):
    text = replace_once(VALID, 'fr: "Ou 4 h [@source-b]."', 'fr: "Ou 4 h [@sourceb]."')
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "[@sourceb]")
    assert (
        "event 2: conflict: fr: found unknown citation key 'sourceb', expected a key of "
        "data/bibliography.yml (did you mean 'source-b'?)"
    ) in str(error)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    miles: 30\n",
            "    miles: thirty\n",
            "leg 1: miles: found 'thirty', expected a number",
        ),
        ("    miles: 30\n", "    miles: 0\n", "leg 1: miles: found 0, expected more than 0"),
        (
            "    lat: 64.0\n",
            "    lat: 94.0\n",
            "place 'b-town': lat: found 94.0, expected 66.5 or less",
        ),
        # A place the map cannot show: a number check, no geometry (scripts/make_map.py).
        (
            "    lat: 64.0\n",
            "    lat: 58.3\n",
            "place 'b-town': lat: found 58.3, expected 61.0 or more",
        ),
        (
            "    lon: -149.0\n",
            "    lon: -140.0\n",
            "place 'b-town': lon: found -140.0, expected -146 or less",
        ),
        ("    dogs: 7\n", "    dogs: 7.5\n", "leg 1: dogs: found 7.5, expected a whole number"),
        ("    dogs: 7\n", "    dogs: 0\n", "leg 1: dogs: found 0, expected 1 or more"),
        ("    dogs: 7\n", "    dogs: true\n", "leg 1: dogs: found true, expected a whole number"),
        (
            "    highlight: true\n",
            "    highlight: 1\n",
            "leg 2: highlight: found 1, expected true or false",
        ),
        ("  - number: 2\n", "  - number: 3\n", "leg 2: number: found 3, expected 2 (legs are"),
        (
            "  miles: 30\n  km: 48",
            "  miles: 30\n  km: many",
            "stated_totals: km: found 'many', expected a number",
        ),
    ],
)
def test_bad_number(tmp_path, old, new, message):
    text = replace_once(VALID, old, new)
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, new.strip().splitlines()[-1])
    assert message in str(error)


def test_a_relay_without_legs_is_an_error(tmp_path):
    text = VALID[: VALID.index("legs:\n")] + "legs: []\n" + VALID[VALID.index("standby:\n") :]
    error = load_error(tmp_path, text)
    assert error.problems == [
        (line_of(text, "legs: []"), "legs: found an empty list, expected 1 or more items")
    ]


def test_a_place_name_given_once_is_checked_once(tmp_path):
    text = replace_once(VALID, "    name: D End\n", '    name: "  "\n')
    error = load_error(tmp_path, text)
    assert error.problems == [
        (line_of(text, 'name: "  "'), "place 'd-end': name: found '  ', expected text")
    ]


def test_stated_total_mismatch_is_an_error(tmp_path):
    text = replace_once(VALID, "  miles: 30\n  km: 48", "  miles: 31\n  km: 48")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "miles: 31")
    assert (
        "stated_totals: miles: found 31, expected 30, as the legs give (fix the legs or the "
        "stated total)"
    ) in str(error)


def test_stated_mushers_mismatch_is_an_error(tmp_path):
    text = replace_once(VALID, "  mushers: 2\n", "  mushers: 3\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "mushers: 3")
    assert "stated_totals: mushers: found 3, expected 2, as the legs give" in str(error)


def test_unknown_field_suggests_the_right_one(tmp_path):
    text = replace_once(VALID, "    lead_dog: Rex\n", "    lead_dgo: Rex\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "lead_dgo")
    assert "leg 1: unknown field 'lead_dgo' (did you mean 'lead_dog'?)" in str(error)


def test_stored_kilometres_are_refused(tmp_path):
    text = replace_once(VALID, "    miles: 30\n", "    miles: 30\n    km: 48\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "    km: 48")
    assert "leg 1: unknown field 'km'" in str(error)


def test_bad_date_and_time(tmp_path):
    text = replace_once(VALID, "    date: 1925-01-28\n", "    date: 1925-13-28\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "1925-13-28")
    assert "leg 1: date: found '1925-13-28', expected a date (YYYY-MM-DD or YYYY-MM)" in str(error)

    text = replace_once(VALID, 'time: "03:00"', 'time: "3 a.m."')
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "3 a.m.")
    assert "event 2: time: found '3 a.m.', expected a 24-hour time \"HH:MM\"" in str(error)


def test_events_out_of_order(tmp_path):
    text = replace_once(VALID, "  - date: 1924-12\n", "  - date: 1925-02\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "- date: 1925-01-28")
    assert (
        "event 2: found 1925-01-28T03:00, expected 1925-02 or later (events are listed by date)"
    ) in str(error)


def test_unknown_confidence(tmp_path):
    text = replace_once(VALID, "    confidence: APPROXIMATE\n", "    confidence: GUESS\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "GUESS")
    assert (
        "place 'c-point': confidence: found 'GUESS', expected 'VERIFIED' or 'APPROXIMATE'"
    ) in str(error)


def test_duplicate_place_id(tmp_path):
    text = replace_once(VALID, "  - id: d-end\n", "  - id: c-point\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "- id: c-point", 2)
    assert "place 4: id: found 'c-point' again, expected each place's own id" in str(error)


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = replace_once(VALID, "    note: start\n", "    note: start: here\n")
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "start: here")
    assert "not valid YAML: mapping values are not allowed here" in str(error)


def test_a_control_character_written_as_a_yaml_escape_is_refused_at_its_line(tmp_path):
    # The file's characters are checked as written; "\a" is two of them, read as U+0007.
    text = replace_once(VALID, "    name: D End\n", '    name: "D\\aEnd"\n')
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, "D\\aEnd")
    assert "place 'd-end': name: found U+0007, expected text without control characters" in str(
        error
    )


def test_missing_file(tmp_path):
    with pytest.raises(RelayDataError, match=re.escape(str(tmp_path / "none.yml"))):
        load(tmp_path / "none.yml")


FEATURES = """map_features:
  - name: {en: Big River, fr: le Grand Fleuve}
    kind: river
    map_label: major
    lat: 64.5
    lon: -150.0
  - name: Some Sound
    lat: 63.5
    lon: -160.0
"""


def test_map_features_have_a_kind_and_a_label_size(tmp_path):
    relay = load(write(tmp_path, VALID + FEATURES))
    river, sound = relay.map_features
    assert (river.kind, river.map_label, river.name["fr"]) == ("river", "major", "le Grand Fleuve")
    assert (sound.kind, sound.map_label) == ("sea", "minor")  # the defaults


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "kind: river",
            "kind: lake",
            "map feature 1: kind: found 'lake', expected 'sea', 'river' or 'land'",
        ),
        (
            "map_label: major",
            "map_label: huge",
            "map feature 1: map_label: found 'huge', expected 'major' or 'minor'",
        ),
        ("lon: -160.0", "lon: -172.5", "map feature 2: lon: found -172.5, expected -167 or more"),
    ],
)
def test_a_bad_map_feature_names_its_line(tmp_path, old, new, message):
    text = VALID + FEATURES.replace(old, new)
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, new)
    assert message in str(error)


@pytest.mark.parametrize(
    ("place", "snap", "message"),
    [
        ("c-point", "map_snap: Yukon", None),
        (
            "c-point",
            "map_snap: Nile",
            "place 'c-point': map_snap: found 'Nile', expected 'Yukon' or 'Tanana'",
        ),
        (
            "b-town",
            "map_snap: Yukon",
            "place 'b-town': map_snap: found a VERIFIED place, expected an APPROXIMATE one",
        ),
    ],
)
def test_map_snap_is_for_approximate_places_and_known_rivers(tmp_path, place, snap, message):
    start = VALID.index(f"  - id: {place}\n")
    end = VALID.index("    note:", start)
    end = VALID.index("\n", end) + 1
    text = VALID[:end] + f"    {snap}\n" + VALID[end:]
    if message is None:
        relay = load(write(tmp_path, text))
        assert places(relay)[place].map_snap == "Yukon"
        return
    error = load_error(tmp_path, text)
    assert error.line == line_of(text, snap)
    assert message in str(error)
