"""The kept route maps (data/maps/): what scripts/make_map.py draws from today's data.

The build only inlines the kept SVG (serumrun/relay/svgmap.py); these tests redraw it
with the script, as the link-preview cards are (tests/test_social_meta.py).
"""

from __future__ import annotations

import itertools
import sys

import pytest
import shapely

from serumrun.project import Project
from tests.sitebuild import PROJECT, ROOT, copy_project, edit_relay_data
from tests.test_relay_data import places, real_data

SCRIPTS = ROOT / "scripts"


@pytest.fixture(scope="module")
def make_map():
    sys.path.insert(0, str(SCRIPTS))
    try:
        import make_map
    finally:
        sys.path.remove(str(SCRIPTS))
    return make_map


@pytest.fixture(scope="module")
def drawn(make_map):
    return make_map.drawn(Project.from_config_file(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def relay(drawn):
    return real_data().relay


def test_the_kept_maps_are_drawn_from_todays_data(drawn):
    """Changing data/relay.yml, the labels or the geodata without `make map` fails here."""
    assert sorted(path.name for path in drawn) == ["relay-map.en.svg", "relay-map.fr.svg"]
    for path, text in drawn.items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is out of date with data/relay.yml and the geodata: "
            "run `make map`"
        )


def test_the_check_fails_on_a_stale_map_and_passes_once_redrawn(make_map, tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    config = str(project / "mkdocs.yml")
    edit_relay_data(project, ("    lat: 64.504\n", "    lat: 64.604\n"))  # Nome, 11 km north
    assert make_map.main(["--check", "-f", config]) == 1
    out = capsys.readouterr().out
    assert "relay-map.en.svg: out of date" in out and "run `make map`" in out
    assert make_map.main(["-f", config]) == 0
    assert make_map.main(["--check", "-f", config]) == 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_map_labels_never_overlap(make_map, relay, lang):
    project = make_map.Projection(list(relay.places))
    route = [
        shapely.LineString(pair)
        for leg in relay.legs
        for pair in itertools.pairwise(project(p) for p in leg.path)
    ]
    labels = make_map.layouts(relay, PROJECT.language(lang), project, route, [])
    for size in ("wide", "narrow"):
        boxes = [label.box for label in labels if label.screen == size]
        assert len(boxes) > 5
        assert all(box.inside(make_map.WIDTH, project.height) for box in boxes)
        for a, b in itertools.combinations(boxes, 2):
            assert not a.overlaps(b), (a, b)


def test_places_interpolated_along_the_yukon_are_drawn_on_it(make_map, drawn, relay):
    svg = drawn[ROOT / "data" / "maps" / "relay-map.en.svg"]
    snapped = {p.id for p in relay.places if p.map_snap}
    assert snapped == {"kallands", "nine-mile-cabin", "whiskey-creek"}
    project = make_map.Projection(list(relay.places))
    geodata = make_map.load_geodata(ROOT / "data" / "geo" / "alaska-west.json")
    yukon = shapely.union_all(
        [
            make_map.projected(project.lonlat, line)
            for name, line in geodata.rivers
            if name == "Yukon"
        ]
    )
    for place in snapped:
        x, y = _circle(svg, place)
        assert yukon.distance(shapely.Point(x, y)) < 0.5, place
        assert (x, y) != project(places(relay)[place])  # moved from the interpolated point
    # A verified place stays where its coordinates put it.
    assert _circle(svg, "ruby") == project(places(relay)["ruby"])


def test_a_frame_outside_the_geodata_fails_with_the_file_named(make_map, relay):
    path = ROOT / "data" / "geo" / "alaska-west.json"
    small = make_map.load_geodata(path)
    small = type(small)(**{**small.__dict__, "bbox": (-160.0, 62.0, -150.0, 65.0)})
    with pytest.raises(make_map.MapError, match=r"alaska-west\.json: the map's frame"):
        make_map.route_map(relay, PROJECT.language("en"), small, path)


def _circle(svg: str, place: str) -> tuple[float, float]:
    import xml.etree.ElementTree as etree

    ns = {"svg": "http://www.w3.org/2000/svg"}
    circle = etree.fromstring(svg).find(f".//svg:circle[@data-place='{place}']", ns)
    return float(circle.get("cx")), float(circle.get("cy"))
