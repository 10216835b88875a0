"""Geography for the route map: the kept geodata file, a conic projection, clipping.

The coast, the rivers and the inset's outline of Alaska come from Natural Earth (public
domain) through two pinned npm packages. scripts/make_geodata.py derives from them the
small file data/geo/alaska-west.json (clipped to the map's region and simplified), and
the build reads only that file: nothing is fetched, and a test regenerates the file
from the pinned packages and holds it equal to the kept one.

Plain functions and small classes, shared by the script (clip, simplify) and by
serumrun/relay/svgmap.py (load, project, clip to the frame).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from serumrun.relay.data import RelayError

#: The kept geodata, beside the relay data: data/geo/ next to data/relay.yml.
GEO_NAME = Path("geo") / "alaska-west.json"
#: The mean Earth radius (IUGG), in km: the spherical projection needs no more.
EARTH_RADIUS_KM = 6371.0088

Point = tuple[float, float]
Line = list[Point]


class GeoDataError(RelayError):
    """The kept geodata file is missing or malformed: the message names the file."""


# --- The kept file ---------------------------------------------------------------------


@dataclass(frozen=True)
class GeoData:
    """The layers of data/geo/alaska-west.json, as lists of (lon, lat) lines or rings."""

    bbox: tuple[float, float, float, float]  # west, south, east, north of the main layers
    land: tuple[tuple[Line, ...], ...]  # polygons: outer ring, then holes
    rivers: tuple[tuple[str, Line], ...]  # (name or "", line)
    inset_bbox: tuple[float, float, float, float]
    inset_land: tuple[tuple[Line, ...], ...]
    inset_alaska: tuple[tuple[Line, ...], ...]

    @property
    def coast_points(self) -> int:
        return sum(len(ring) for polygon in self.land for ring in polygon)


def geo_file(relay_file: Path) -> Path:
    """The geodata that goes with a relay data file."""
    return Path(relay_file).parent / GEO_NAME


def load_geodata(path: Path) -> GeoData:
    """Read the kept GeoJSON; a missing layer is an error that names the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeoDataError(f"{path}: cannot read the map's geodata ({exc})") from None
    layers: dict[str, list] = {}
    for feature in data.get("features", ()):
        props, geometry = feature.get("properties") or {}, feature.get("geometry") or {}
        layer = props.get("layer")
        kind, coords = geometry.get("type"), geometry.get("coordinates")
        if kind == "MultiPolygon":
            shapes = [tuple([tuple(p) for p in ring] for ring in poly) for poly in coords]
        elif kind == "LineString":
            shapes = [(props.get("name", ""), [tuple(p) for p in coords])]
        else:
            raise GeoDataError(f"{path}: layer {layer!r}: unexpected geometry {kind!r}")
        layers.setdefault(layer, []).extend(shapes)
    missing = {"land", "river", "inset-land", "inset-alaska"} - set(layers)
    if missing or "bbox" not in data or "inset_bbox" not in data:
        what = ", ".join(sorted(missing)) or "bbox"
        raise GeoDataError(f"{path}: missing {what}; run scripts/make_geodata.py")
    return GeoData(
        bbox=tuple(data["bbox"]),
        land=tuple(layers["land"]),
        rivers=tuple(layers["river"]),
        inset_bbox=tuple(data["inset_bbox"]),
        inset_land=tuple(layers["inset-land"]),
        inset_alaska=tuple(layers["inset-alaska"]),
    )


# --- Projection ------------------------------------------------------------------------


class ConicProjection:
    """Lambert conformal conic on the sphere, in km, y growing southwards (as in SVG).

    Conformal, so shapes are right; between its two standard parallels the scale is
    true within a fraction of a per cent, so one scale bar holds for the whole map.
    """

    def __init__(self, lon0: float, lat0: float, lat1: float, lat2: float):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        self.lon0 = lon0
        self.n = math.log(math.cos(p1) / math.cos(p2)) / math.log(
            math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2)
        )
        self.f = math.cos(p1) * math.tan(math.pi / 4 + p1 / 2) ** self.n / self.n
        self.rho0 = self._rho(lat0)

    def _rho(self, lat: float) -> float:
        return EARTH_RADIUS_KM * self.f / math.tan(math.pi / 4 + math.radians(lat) / 2) ** self.n

    def __call__(self, lon: float, lat: float) -> Point:
        rho = self._rho(lat)
        theta = self.n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), -(self.rho0 - rho * math.cos(theta))

    def inverse(self, x: float, y: float) -> Point:
        y = -y
        rho = math.copysign(math.hypot(x, self.rho0 - y), self.n)
        theta = math.atan2(x, self.rho0 - y)
        lat = 2 * math.atan((EARTH_RADIUS_KM * self.f / rho) ** (1 / self.n)) - math.pi / 2
        return self.lon0 + math.degrees(theta / self.n), math.degrees(lat)


# --- Clipping and simplification --------------------------------------------------------


def clip_ring(ring: Sequence[Point], box: tuple[float, float, float, float]) -> Line:
    """A closed ring cut to the box (Sutherland-Hodgman); [] if nothing is left inside.

    The cut runs along the box's edges: draw the result larger than the frame so that
    those edges, stroked as coast, fall outside the picture.
    """
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    )
    points = list(ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring)
    for inside, cut in edges:
        if not points:
            break
        out: Line = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    out.append(cut(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cut(previous, current))
            previous = current
        points = out
    if len(points) < 3:
        return []
    return [*points, points[0]]


def clip_line(line: Sequence[Point], box: tuple[float, float, float, float]) -> list[Line]:
    """The parts of a polyline inside the box (each segment clipped by Liang-Barsky)."""
    parts: list[Line] = []
    current: Line = []
    for a, b in zip(line, line[1:], strict=False):
        clipped = clip_segment(a, b, box)
        if clipped is None:
            if current:
                parts.append(current)
                current = []
            continue
        start, end = clipped
        if not current or current[-1] != start:
            if current:
                parts.append(current)
            current = [start]
        current.append(end)
        if end != b:  # left the box
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    return [part for part in parts if len(part) > 1]


def clip_segment(a: Point, b: Point, box) -> tuple[Point, Point] | None:
    """The part of the segment a-b inside `box` (x0, y0, x1, y1), or None (Liang-Barsky)."""
    x0, y0, x1, y1 = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def simplify(points: Sequence[Point], tolerance: float, planar) -> Line:
    """Douglas-Peucker: drop points closer than `tolerance` to the simplified line.

    `planar` maps a point to the plane the tolerance is measured in (km); a closed ring
    is split at its farthest point so that its shape does not hinge on where it starts.
    """
    if len(points) < 3:
        return list(points)
    flat = [planar(p) for p in points]
    closed = points[0] == points[-1]
    if closed:
        far = max(range(len(flat)), key=lambda i: _dist2(flat[i], flat[0]))
        keep = _douglas_peucker(flat, 0, far, tolerance) | _douglas_peucker(
            flat, far, len(flat) - 1, tolerance
        )
    else:
        keep = _douglas_peucker(flat, 0, len(flat) - 1, tolerance)
    return [points[i] for i in sorted(keep)]


def _douglas_peucker(flat: list[Point], first: int, last: int, tolerance: float) -> set[int]:
    keep = {first, last}
    stack = [(first, last)]
    while stack:
        i, j = stack.pop()
        best, index = tolerance, None
        for k in range(i + 1, j):
            d = _segment_distance(flat[k], flat[i], flat[j])
            if d > best:
                best, index = d, k
        if index is not None:
            keep.add(index)
            stack += [(i, index), (index, j)]
    return keep


def _dist2(a: Point, b: Point) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.sqrt(_dist2(p, a))
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.sqrt(_dist2(p, (a[0] + t * dx, a[1] + t * dy)))


def ring_area(ring: Iterable[Point]) -> float:
    """The absolute area of a planar ring (shoelace formula)."""
    points = list(ring)
    return abs(
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True))
        / 2
    )
