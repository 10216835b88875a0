#!/usr/bin/env python3
"""Draw the route map of each language into data/maps/relay-map.<lang>.svg.

    python scripts/make_map.py            # or `make map`: redraw the kept maps
    python scripts/make_map.py --check    # exit 1 if a kept map is out of date

The map is drawn from data/relay.yml (the route, the places, the names), the labels
(data/labels.yml: title, description, scale) and the geodata data/geo/alaska-west.json
(scripts/make_geodata.py). It changes only when one of them does, so it is drawn here,
once, and kept in git; the build only inlines the kept SVG (serumrun/relay/svgmap.py)
and tests/test_relay_map.py fails while a kept map is out of date.

No tiles, no fonts, no script and no request. pyproj gives the Lambert conformal conic
projection (on the sphere: shapes are right, and between the standard parallels one
scale bar holds for the whole map); shapely clips the geodata to the frame and finds
the rivers' points. Each leg is a link to its row of the legs table; a circle marks each
place (hollow and dashed where the position is APPROXIMATE); names are placed so that
they never overlap; an inset locates the region in Alaska.

The SVG scales with its viewBox. On a phone it is about a third of its design size, so
it carries two sets of names, each placed for its size: every labelled place for wide
screens, and the major places in large type for phones (hidden by a display="none"
attribute). The stylesheet (docs/assets/stylesheets/relay.css) swaps the two sets,
enlarges the points below 600 px and gives every colour (a CSS custom property, so
that a dark scheme can change them); the colours written here are the fallback.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy
import pyproj
import shapely
import shapely.ops
from shapely.geometry import LineString, Point, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from make_geodata import GEO_NAME  # noqa: E402  (beside this script)

from serumrun.citations import bibliography  # noqa: E402
from serumrun.l10n.labels import label  # noqa: E402
from serumrun.languages import Language  # noqa: E402
from serumrun.project import Project  # noqa: E402
from serumrun.relay import l10n  # noqa: E402
from serumrun.relay.data import Feature, Place, Relay, RelayError, load_relay  # noqa: E402
from serumrun.relay.render import names_with_dogs  # noqa: E402
from serumrun.relay.svgmap import COLORS, ID_PREFIX, SVG_NS, map_file  # noqa: E402

WIDTH = 1000
PAD_LEFT = 72  # room for the destination's name west of it on a phone
PAD_RIGHT = 24
PAD_TOP = 64
PAD_BOTTOM = 110  # room for the scale bar and the labels of the southernmost points
#: Name sizes in SVG units: minor and major names on wide screens; major names on phones
#: (44 units is about 15 px on a 375 px screen).
FONT_MINOR, FONT_MAJOR, FONT_MAJOR_NARROW = 18, 24, 44
#: Average glyph width / font size of a label, by weight: about 0.50 in Chromium with
#: a narrow system sans-serif, but 0.62 (regular) and 0.69 (bold) with DejaVu Sans, the
#: sans-serif of many Linux desktops: the wide font is the one to stay clear in.
GLYPH_WIDTH = {"minor": 0.62, "major": 0.69, "end": 0.69}
POINT_R, END_R, RING_R = 7, 11, 18
POINT_R_NARROW, RING_R_NARROW = 14, 26  # relay.css enlarges the points on phones
FONT_FEATURE, FONT_FEATURE_NARROW = 20, 34
FONT_SCALE_NARROW = 36  # relay.css, phones
FONT_INSET = 16
KM_PER_MILE = 1.609344
#: The mean Earth radius (IUGG), in metres: the spherical projection needs no more.
EARTH_RADIUS_M = 6371008.8
#: The projection: central meridian and latitude of the route, standard parallels that
#: bracket it (the scale is true on them and within 0.3 % between).
CONIC = {"lon_0": -157.2, "lat_0": 63.5, "lat_1": 62.0, "lat_2": 65.5}
#: The inset, bottom right of the frame: Alaska in its own conic, and its size in units.
INSET_CONIC = {"lon_0": -154.0, "lat_0": 62.0, "lat_1": 55.0, "lat_2": 65.0}
INSET_WIDTH = 190
INSET_X = 560  # in the empty interior south of the route, clear of Anchorage
#: Land and rivers are clipped a few units outside the frame, so that the coast drawn
#: along the clip edge falls outside the picture.
BLEED = 6
#: How far a snapped place may move: the ± of the interpolated positions (COORDS.md).
MAX_SNAP_KM = 20
#: Long geodata segments (the clip edges of make_geodata.py) are cut every this many
#: degrees before projecting: a parallel is a curve in a conic projection.
DENSIFY_DEG = 0.25


class MapError(Exception):
    """The data cannot be drawn: the message names the file."""


def conic(**params) -> pyproj.Proj:
    """Lambert conformal conic on the sphere, in km (y grows northwards; SVG's southwards)."""
    return pyproj.Proj(proj="lcc", R=EARTH_RADIUS_M, units="km", **params)


# --- Geodata ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GeoData:
    """The layers of data/geo/alaska-west.json as shapely geometries in (lon, lat)."""

    bbox: tuple[float, float, float, float]
    land: list  # Polygons
    rivers: list  # (name or "", LineString)
    inset_bbox: tuple[float, float, float, float]
    inset_land: list
    inset_alaska: list


def load_geodata(path: Path) -> GeoData:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        layers: dict[str, list] = {"land": [], "river": [], "inset-land": [], "inset-alaska": []}
        for feature in data["features"]:
            geometry = feature["geometry"]
            if geometry["type"] == "LineString" and len(geometry["coordinates"]) < 2:
                continue  # a river shorter than the data's precision
            geometry = shape(geometry)
            name = feature["properties"].get("name", "")
            layer = layers[feature["properties"]["layer"]]
            layer.extend(
                [(name, geometry)] if geometry.geom_type == "LineString" else geometry.geoms
            )
        return GeoData(
            tuple(data["bbox"]),
            layers["land"],
            layers["river"],
            tuple(data["inset_bbox"]),
            layers["inset-land"],
            layers["inset-alaska"],
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise MapError(
            f"{path}: cannot read the map's geodata ({exc}); run scripts/make_geodata.py"
        ) from None


# --- Projection ------------------------------------------------------------------------


class Projection:
    """The conic projection scaled to the frame: WIDTH units wide, fitted to the places."""

    def __init__(self, places: list[Place]):
        self.conic = conic(**CONIC)
        xs, ys = self.conic([float(p.lon) for p in places], [float(p.lat) for p in places])
        self.x0, self.y1 = min(xs), max(ys)  # west and north edges, in km
        self.scale = (WIDTH - PAD_LEFT - PAD_RIGHT) / (max(xs) - self.x0)  # units per km
        self.height = round((self.y1 - min(ys)) * self.scale + PAD_TOP + PAD_BOTTOM)
        self.snapped: dict[str, tuple[float, float]] = {}

    def __call__(self, place: Place | Feature) -> tuple[float, float]:
        if isinstance(place, Place) and place.id in self.snapped:
            return self.snapped[place.id]
        x, y = self.lonlat(float(place.lon), float(place.lat))
        return round(x, 1), round(y, 1)

    def lonlat(self, lon, lat):
        """(lon, lat) in degrees, scalars or arrays, to SVG units."""
        x, y = self.conic(lon, lat)
        return PAD_LEFT + (x - self.x0) * self.scale, PAD_TOP + (self.y1 - y) * self.scale

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        return self.conic(
            (x - PAD_LEFT) / self.scale + self.x0,
            self.y1 - (y - PAD_TOP) / self.scale,
            inverse=True,
        )

    def outline(self, steps: int) -> list[tuple[float, float]]:
        """The frame's edge in (lon, lat), walked round clockwise, `steps` a side."""
        return [
            self.inverse(x, y)
            for x, y in _edge([(0, 0), (WIDTH, 0), (WIDTH, self.height), (0, self.height)], steps)
        ]

    def check_frame(self, geodata: GeoData, path: Path) -> None:
        """The frame must lie inside the geodata's box, or its corners would be blank."""
        west, south, east, north = geodata.bbox
        for lon, lat in self.outline(steps=24):
            if not (west <= lon <= east and south <= lat <= north):
                raise MapError(
                    f"{path}: the map's frame reaches {lon:.2f}, {lat:.2f}, outside the "
                    f"geodata's box {geodata.bbox}: widen BOX in scripts/make_geodata.py and "
                    "run it"
                )

    def snap(self, places: list[Place], geodata: GeoData, path: Path) -> None:
        """Draw each place with a `map_snap` river on that river's nearest point."""
        for place in places:
            if not place.map_snap:
                continue
            river = shapely.union_all(
                [
                    projected(self.lonlat, line)
                    for name, line in geodata.rivers
                    if name == place.map_snap
                ]
            )
            here = Point(self.lonlat(float(place.lon), float(place.lat)))
            km = river.distance(here) / self.scale if not river.is_empty else math.inf
            if km > MAX_SNAP_KM:
                raise MapError(
                    f"{path}: place {place.id!r}: map_snap {place.map_snap!r}: the river is "
                    f"{km:.0f} km away in the map's geodata (at most {MAX_SNAP_KM} km)"
                )
            nearest = shapely.ops.nearest_points(river, here)[0]
            self.snapped[place.id] = (round(nearest.x, 1), round(nearest.y, 1))


def projected(project, geometry):
    """A geometry in (lon, lat), its long segments cut first, projected by `project`."""
    return shapely.transform(
        shapely.segmentize(geometry, DENSIFY_DEG),
        lambda coords: numpy.column_stack(project(coords[:, 0], coords[:, 1])),
    )


# --- Labels ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, margin: float = 0) -> bool:
        return not (
            self.x1 + margin <= other.x0
            or other.x1 + margin <= self.x0
            or self.y1 + margin <= other.y0
            or other.y1 + margin <= self.y0
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height

    def crosses(self, lines) -> bool:
        """Whether any of the lines (a shapely array) passes through the box."""
        return bool(
            shapely.intersects(shapely.box(self.x0, self.y0, self.x1, self.y1), lines).any()
        )


@dataclass(frozen=True)
class Label:
    """A name placed beside its point: text-anchor and dominant-baseline fix its side."""

    text: str
    x: float
    y: float
    anchor: str
    baseline: str
    size: float
    box: Box
    screen: str  # wide | narrow: the screens it is drawn for
    weight: str  # end | major | minor
    leader: tuple[tuple[float, float], tuple[float, float]] | None = None


@dataclass(frozen=True)
class _Candidate:
    key: str
    text: str
    x: float
    y: float
    size: float
    screen: str
    weight: str


#: Where a label may go around its point, in order of preference:
#: (direction x, direction y, text-anchor, dominant-baseline).
_SIDES = (
    (1, 0, "start", "central"),
    (-1, 0, "end", "central"),
    (0, -1, "middle", "text-after-edge"),
    (0, 1, "middle", "text-before-edge"),
    (1, -1, "start", "text-after-edge"),
    (1, 1, "start", "text-before-edge"),
    (-1, -1, "end", "text-after-edge"),
    (-1, 1, "end", "text-before-edge"),
)
#: Placement passes: (distance from the point in gaps, whether a name may cross a
#: route line). The farther passes draw a leader line from the point to the name.
_PASSES = ((1, False), (1, True), (2, True), (3, True))


def _anchor_point(x: float, y: float, side: tuple, gap: float) -> tuple[float, float]:
    sx, sy = side[0], side[1]
    diagonal = 0.75 if sx and sy else 1  # a diagonal label sits closer along each axis
    return x + sx * gap * diagonal, y + sy * gap * diagonal


def _text_box(
    ax: float, ay: float, anchor: str, vertical: int, text: str, size: float, weight="minor"
) -> Box:
    """The room a label takes: its anchor point, text-anchor and which way it grows."""
    width, height = len(text) * GLYPH_WIDTH[weight] * size, 1.15 * size
    left = {"start": ax, "end": ax - width, "middle": ax - width / 2}[anchor]
    top = {0: ay - height / 2, -1: ay - height, 1: ay}[vertical]
    return Box(left, top, left + width, top + height)


def place_labels(candidates, point_boxes, gaps, route, reserved, height) -> list[Label]:
    """Put each name where it overlaps no other name, point or reserved box; or drop it.

    Candidates come in order of importance. The first pass keeps names next to their
    point and off the route lines; then a name may cross a line (the text has a white
    halo); then it may stand farther off, with a leader line back to its point.
    """
    placed: list[Label] = []
    for item in candidates:
        own = point_boxes[item.key]
        # Its own point, and points drawn on top of it (Ivanoff's meeting place, half a
        # mile out of Shaktoolik), are not in the way of a name.
        others = [
            box for key, box in point_boxes.items() if key != item.key and not _same_spot(box, own)
        ]
        others += reserved + [label.box for label in placed]
        chosen = None
        for distance, allow_lines in _PASSES:
            for side in _SIDES:
                ax, ay = _anchor_point(item.x, item.y, side, gaps[item.key] * distance)
                box = _text_box(ax, ay, side[2], side[1], item.text, item.size, item.weight)
                if not box.inside(WIDTH, height):
                    continue
                if any(box.overlaps(other, margin=4) for other in others):
                    continue
                if not allow_lines and box.crosses(route):
                    continue
                leader = None
                if distance > 1:
                    start = _anchor_point(item.x, item.y, side, gaps[item.key] - 3)
                    leader = (start, (ax, ay))
                    if any(other.crosses(LineString(leader)) for other in others):
                        continue
                chosen = Label(
                    item.text,
                    round(ax, 1),
                    round(ay, 1),
                    side[2],
                    side[3],
                    item.size,
                    box,
                    item.screen,
                    item.weight,
                    leader,
                )
                break
            if chosen:
                break
        if chosen:  # else: no room; the name is in the table and in the point's tooltip
            placed.append(chosen)
    return placed


def _same_spot(a: Box, b: Box) -> bool:
    return abs(a.x0 - b.x0) + abs(a.y0 - b.y0) < (b.x1 - b.x0) / 2


def layouts(relay: Relay, lang: Language, project: Projection, route, reserved: list[Box]):
    """Two sets of names: every labelled place for wide screens, major ones for phones."""
    points = {p.id: project(p) for p in relay.places}
    # Major names first; the destination, the start and the railhead first of all, then
    # from the destination backwards: the coast is both the most crowded stretch and
    # the most told one, so its names get the first choice of room.
    first = {relay.end.id: 0, relay.start.id: 1, relay.railway.start.id: 2}
    order = [place.id for place in relay.places]
    order = sorted(
        (p for p in relay.places if p.map_label),
        key=lambda p: (p.map_label != "major", first.get(p.id, 3), -order.index(p.id)),
    )
    labels = []
    for narrow in (False, True):
        radius, end_radius = (POINT_R_NARROW, RING_R_NARROW) if narrow else (POINT_R, RING_R)
        point_boxes, gaps = {}, {}
        for pid, (x, y) in points.items():
            r = end_radius if pid == relay.end.id else radius
            point_boxes[pid] = Box(x - r, y - r, x + r, y + r)
            gaps[pid] = r + 4
        items = [
            _Candidate(
                place.id,
                l10n.text(place.name, lang),
                *points[place.id],
                (FONT_MAJOR_NARROW if narrow else FONT_MAJOR)
                if place.map_label == "major"
                else FONT_MINOR,
                "narrow" if narrow else "wide",
                "end" if place.id == relay.end.id else place.map_label,
            )
            for place in order
            if not narrow or place.map_label == "major"
        ]
        size = FONT_FEATURE_NARROW if narrow else FONT_FEATURE
        room = reserved + [
            _text_box(*project(feature), "middle", 0, l10n.text(feature.name, lang), size)
            for feature in _shown_features(relay, narrow)
        ]
        labels += place_labels(items, point_boxes, gaps, route, room, project.height)
    return labels


def _shown_features(relay: Relay, narrow: bool) -> list[Feature]:
    """Every feature on wide screens; the major ones on phones."""
    return [f for f in relay.map_features if not narrow or f.map_label == "major"]


# --- The map ---------------------------------------------------------------------------


def route_map(relay: Relay, lang: Language, geodata: GeoData, geo_path: Path) -> etree.Element:
    """The <svg> element of the map in `lang`; legs link to `#leg-N` (the build re-points)."""
    t = l10n.text
    prefix = ID_PREFIX
    project = Projection(list(relay.places))
    project.check_frame(geodata, geo_path)
    project.snap(list(relay.places), geodata, relay.path)
    height = project.height
    # role=group, not img: an image's children are presentational, and these hold links.
    svg = etree.Element(
        "svg",
        {
            "class": "relay-map__svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "role": "group",
            "aria-labelledby": f"{prefix}-title",
            "aria-describedby": f"{prefix}-desc",
            "data-legs": str(len(relay.legs)),
            "data-mushers": str(relay.mushers),
            "data-total-miles": str(relay.total_miles),
            "data-total-km": str(relay.total_km.quantize(Decimal(1))),
        },
    )
    _sub(svg, "title", {"id": f"{prefix}-title"}, label("relay.map.title", lang))
    _sub(
        svg,
        "desc",
        {"id": f"{prefix}-desc"},
        label("relay.map.desc", lang).format(
            rail_start=t(relay.railway.start.name, lang),
            rail_end=t(relay.railway.end.name, lang),
            start=t(relay.start.name, lang),
            end=t(relay.end.name, lang),
            legs=len(relay.legs),
            total=l10n.distance(relay.total_miles, lang),
            highlighted=names_with_dogs(relay.highlighted, lang),
        ),
    )

    _geography(svg, project, geodata)
    rail = [project(relay.railway.start), project(relay.railway.end)]
    route = [LineString(rail)]
    _line(
        _sub(svg, "g", {"aria-hidden": "true"}),
        rail,
        "relay-map__railway",
        COLORS["railway"],
        2,
        "7 5",
    )
    # In route order, which is also the order of the keyboard's tab stops.
    legs = _sub(svg, "g", {"class": "relay-map__legs"})
    for leg in relay.legs:
        points = [project(p) for p in leg.path]
        route += [LineString(pair) for pair in zip(points, points[1:], strict=False)]
        # Two shades in turn, so that each team's stretch shows where it starts and ends.
        alt = " relay-map__leg--alt" if leg.number % 2 == 0 else ""
        link = _sub(
            legs,
            "a",
            {
                "class": "relay-map__leg-link",
                "href": f"#leg-{leg.number}",
                "id": f"{prefix}-leg-{leg.number}",
            },
        )
        _sub(
            link,
            "title",
            {},
            label("relay.map.leg", lang).format(
                n=leg.number,
                musher=t(leg.musher, lang),
                start=t(leg.start.name, lang),
                end=t(leg.end.name, lang),
                distance=label("relay.map.unmeasured", lang)
                if leg.miles is None
                else l10n.distance(leg.miles, lang, approximate=leg.miles_approximate),
            ),
        )
        # A wide, transparent line under the leg: the target a finger or a pointer can
        # hit, and the halo relay.css lights on hover, focus and :target.
        _line(link, points, "relay-map__leg-halo", "none", 16).set("pointer-events", "stroke")
        line = _line(
            link,
            points,
            "relay-map__leg" + (" relay-map__leg--highlight" if leg.highlight else alt),
            COLORS["highlight" if leg.highlight else "leg-alt" if alt else "leg"],
            5 if leg.highlight else 2.5,
        )
        line.set("data-leg", str(leg.number))
        if leg.miles is not None:
            line.set("data-miles", str(leg.miles))

    _points(svg, relay, lang, project)
    scale = _scale_bar(svg, project, lang)
    inset = _inset(svg, project, geodata)
    names = _sub(svg, "g", {"class": "relay-map__labels", "aria-hidden": "true"})
    _features(names, relay, lang, project)
    for item in layouts(relay, lang, project, route, [scale, inset]):
        _name(names, item)
    return svg


def _points(svg: etree.Element, relay: Relay, lang: Language, project: Projection) -> None:
    """The points repeat the table's places; their names are tooltips for the pointer."""
    dots = _sub(svg, "g", {"class": "relay-map__points", "aria-hidden": "true"})
    for place in relay.places:
        x, y = project(place)
        end = place.id == relay.end.id
        if end:
            _sub(
                dots,
                "circle",
                {
                    "class": "relay-map__ring",
                    "cx": str(x),
                    "cy": str(y),
                    "r": str(RING_R),
                    "fill": "none",
                    "stroke": COLORS["highlight"],
                    "stroke-width": "2.5",
                    "vector-effect": "non-scaling-stroke",
                },
            )
        classes = ["relay-map__point"]
        classes.append(
            "relay-map__point--approximate" if place.approximate else "relay-map__point--verified"
        )
        if end:
            classes.append("relay-map__point--end")
        attrs = {
            "class": " ".join(classes),
            "cx": str(x),
            "cy": str(y),
            "r": str(END_R if end else POINT_R),
            "fill": "#ffffff" if place.approximate else COLORS["point"],
            "stroke": COLORS["point"] if place.approximate else "#ffffff",
            "stroke-width": "2" if place.approximate else "1.5",
            "vector-effect": "non-scaling-stroke",
            "data-place": place.id,
        }
        if place.approximate:  # a broken outline: the place is somewhere about here
            attrs["stroke-dasharray"] = "3 2"
        dot = _sub(dots, "circle", attrs)
        name = l10n.text(place.name, lang)
        _sub(
            dot,
            "title",
            {},
            label("relay.map.approximate", lang).format(place=name) if place.approximate else name,
        )


def _features(names: etree.Element, relay: Relay, lang: Language, project: Projection) -> None:
    """Seas, rivers and lands named for orientation, in italics."""
    for narrow in (False, True):
        size = FONT_FEATURE_NARROW if narrow else FONT_FEATURE
        for feature in _shown_features(relay, narrow):
            x, y = project(feature)
            attrs = {
                "class": f"relay-map__feature relay-map__feature--{feature.kind} "
                f"relay-map__feature--{'narrow' if narrow else 'wide'}",
                "x": str(x),
                "y": str(y),
                "text-anchor": "middle",
                "dominant-baseline": "central",
                "font-size": str(size),
                "font-style": "italic",
                "fill": COLORS["label" if feature.kind == "land" else "feature"],
                # A halo of the ground it stands on keeps it clear of rivers and coasts.
                "stroke": COLORS["sea" if feature.kind == "sea" else "land"],
                "stroke-width": "4",
                "stroke-linejoin": "round",
                "paint-order": "stroke",
            }
            if narrow:
                attrs["display"] = "none"
            _sub(names, "text", attrs, l10n.text(feature.name, lang))


def _name(names: etree.Element, item: Label) -> None:
    # Names for phones are hidden here and shown by relay.css below 600 px.
    hidden = {"display": "none"} if item.screen == "narrow" else {}
    if item.leader:
        (x1, y1), (x2, y2) = item.leader
        _sub(
            names,
            "line",
            {
                "class": f"relay-map__leader relay-map__leader--{item.screen}",
                "x1": f"{x1:.1f}",
                "y1": f"{y1:.1f}",
                "x2": f"{x2:.1f}",
                "y2": f"{y2:.1f}",
                "stroke": COLORS["label"],
                "stroke-width": "1",
                "vector-effect": "non-scaling-stroke",
                **hidden,
            },
        )
    _sub(
        names,
        "text",
        {
            "class": f"relay-map__label relay-map__label--{item.screen} "
            f"relay-map__label--{item.weight}",
            "x": str(item.x),
            "y": str(item.y),
            "text-anchor": item.anchor,
            "dominant-baseline": item.baseline,
            "font-size": str(item.size),
            "font-weight": {"end": "700", "major": "600"}.get(item.weight, "400"),
            "fill": COLORS["label"],
            "stroke": COLORS["halo"],
            "stroke-width": "5",
            "stroke-linejoin": "round",
            "paint-order": "stroke",
            **hidden,
        },
        item.text,
    )


def _geography(svg: etree.Element, project: Projection, geodata: GeoData) -> None:
    """Sea, land (its outline is the coast) and rivers, under everything else."""
    group = _sub(svg, "g", {"class": "relay-map__geo", "aria-hidden": "true"})
    _sub(
        group,
        "rect",
        {
            "class": "relay-map__sea",
            "width": str(WIDTH),
            "height": str(project.height),
            "fill": COLORS["sea"],
        },
    )
    frame = (-BLEED, -BLEED, WIDTH + BLEED, project.height + BLEED)
    _sub(
        group,
        "path",
        {
            "class": "relay-map__land",
            "d": _path_data([projected(project.lonlat, p) for p in geodata.land], frame),
            "fill": COLORS["land"],
            "fill-rule": "nonzero",
            "stroke": COLORS["coast"],
            "stroke-width": "1",
            "stroke-linejoin": "round",
            "vector-effect": "non-scaling-stroke",
        },
    )
    for main in (False, True):
        lines = [
            projected(project.lonlat, line) for name, line in geodata.rivers if bool(name) == main
        ]
        _sub(
            group,
            "path",
            {
                "class": "relay-map__river" + (" relay-map__river--main" if main else ""),
                "d": _path_data(lines, frame),
                "fill": "none",
                "stroke": COLORS["river"],
                "stroke-width": "2" if main else "1",
                "stroke-linejoin": "round",
                "stroke-linecap": "round",
                "vector-effect": "non-scaling-stroke",
            },
        )


def _inset(svg: etree.Element, project: Projection, geodata: GeoData) -> Box:
    """Alaska at a small scale, with the frame of the main map on it; returns its room."""
    inset = conic(**INSET_CONIC)
    west, south, east, north = geodata.inset_bbox
    edge = _edge([(west, south), (east, south), (east, north), (west, north)], 16)
    xs, ys = inset(*zip(*edge, strict=True))
    # The inset's window: the middle of its box's projected extent, fitted to INSET_WIDTH.
    scale = INSET_WIDTH / (max(xs) - min(xs))
    height = round((max(ys) - min(ys)) * scale * 0.78)
    x0, y0 = INSET_X, project.height - height - 12
    top = max(ys) - (max(ys) - min(ys)) * 0.12  # the Arctic coast, without the empty north

    def place(lon, lat):
        x, y = inset(lon, lat)
        return x0 + (x - min(xs)) * scale, y0 + (top - y) * scale

    window = (x0, y0, x0 + INSET_WIDTH, y0 + height)
    group = _sub(svg, "g", {"class": "relay-map__inset", "aria-hidden": "true"})
    _sub(
        group,
        "rect",
        {
            "class": "relay-map__inset-sea",
            "x": str(x0),
            "y": str(y0),
            "width": str(INSET_WIDTH),
            "height": str(height),
            "fill": COLORS["sea"],
            "stroke": COLORS["label"],
            "stroke-width": "1",
            "vector-effect": "non-scaling-stroke",
        },
    )
    for layer, polygons in (("land", geodata.inset_land), ("alaska", geodata.inset_alaska)):
        _sub(
            group,
            "path",
            {
                "class": f"relay-map__inset-{layer}",
                "d": _path_data([projected(place, p) for p in polygons], window),
                "fill": COLORS[f"inset-{layer}"],
                "fill-rule": "nonzero",
            },
        )
    outline = shapely.Polygon([place(lon, lat) for lon, lat in project.outline(steps=4)])
    _sub(
        group,
        "path",
        {
            "class": "relay-map__inset-frame",
            "d": _path_data([outline], window),
            "fill": "none",
            "stroke": COLORS["inset-frame"],
            "stroke-width": "2",
            "vector-effect": "non-scaling-stroke",
        },
    )
    ax, ay = place(-150.5, 67.3)
    _sub(
        group,
        "text",
        {
            "class": "relay-map__inset-name",
            "x": f"{ax:.0f}",
            "y": f"{ay:.0f}",
            "text-anchor": "middle",
            "font-size": str(FONT_INSET),
            "font-weight": "600",
            "fill": COLORS["label"],
        },
        "Alaska",
    )
    return Box(x0 - 4, y0 - 4, x0 + INSET_WIDTH + 4, y0 + height + 4)


def _edge(corners: list[tuple[float, float]], steps: int) -> list[tuple[float, float]]:
    """The points of a closed polygon's edge, each side cut into `steps`."""
    closed = [*corners, corners[0]]
    return [
        (a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
        for a, b in zip(closed, closed[1:], strict=False)
        for i in range(steps)
    ]


def _path_data(geometries: list, box: tuple[float, float, float, float]) -> str:
    """SVG path data in whole units, clipped to `box`: M to the start, then relative
    steps; z closes rings. Whole units are about 1 km, as fine as the simplified data;
    relative steps are short, which keeps the inline SVG small.
    """
    parts = []
    for geometry in geometries:
        clipped = shapely.clip_by_rect(geometry, *box)
        for part in getattr(clipped, "geoms", [clipped]):
            if part.is_empty:
                continue
            closed = part.geom_type == "Polygon"
            rings = [part.exterior, *part.interiors] if closed else [part]
            for ring in rings:
                parts.append(_ring_data(ring.coords, closed))
    return "".join(parts)


def _ring_data(coords, closed: bool) -> str:
    points = [(round(x), round(y)) for x, y in coords]
    if closed:
        points = points[:-1]  # z closes the ring
    steps = []
    previous = points[0]
    for x, y in points[1:]:
        dx, dy = x - previous[0], y - previous[1]
        if dx or dy:
            steps.append(f"{dx} {dy}")
            previous = (x, y)
    if not steps or (closed and len(steps) < 3):
        return ""
    return f"M{points[0][0]} {points[0][1]}l" + " ".join(steps) + ("z" if closed else "")


def _scale_bar(svg: etree.Element, project: Projection, lang: Language) -> Box:
    """A bar of a round length in the page's first unit, bottom left; returns its room."""
    length_value = int(label("relay.map.scale.length", lang))
    if label("relay.map.scale.unit", lang) == "km":
        km, miles = length_value, round(length_value / KM_PER_MILE)
    else:
        miles, km = length_value, round(length_value * KM_PER_MILE)
    length = round(km * project.scale, 1)
    x, y = PAD_RIGHT, project.height - 28
    group = _sub(svg, "g", {"class": "relay-map__scale", "aria-hidden": "true"})
    _line(group, [(x, y), (x + length, y)], "relay-map__scale-bar", COLORS["label"], 2)
    for tick in (x, x + length):
        _line(group, [(tick, y - 6), (tick, y + 6)], "relay-map__scale-tick", COLORS["label"], 2)
    text = label("relay.map.scale", lang).format(
        km=l10n.number(km, lang), mi=l10n.number(miles, lang)
    )
    _sub(
        group,
        "text",
        {
            "x": str(x),
            "y": str(y - 12),
            "font-size": str(FONT_MINOR),
            "fill": COLORS["label"],
            "stroke": COLORS["halo"],
            "stroke-width": "4",
            "stroke-linejoin": "round",
            "paint-order": "stroke",
            "class": "relay-map__scale-text",
        },
        text,
    )
    # The room of the largest text: relay.css enlarges it on phones.
    return Box(
        x - 4,
        y - 12 - FONT_SCALE_NARROW * 1.2,
        x + max(length, len(text) * GLYPH_WIDTH["minor"] * FONT_SCALE_NARROW) + 4,
        y + 8,
    )


def _line(
    parent: etree.Element,
    points: list[tuple[float, float]],
    css_class: str,
    color: str,
    width: float,
    dash: str | None = None,
) -> etree.Element:
    attrs = {
        "points": " ".join(f"{x:g},{y:g}" for x, y in points),
        "fill": "none",
        "stroke": color,
        "stroke-width": f"{width:g}",
        "stroke-linecap": "round",
        "stroke-linejoin": "round",
        "vector-effect": "non-scaling-stroke",
    }
    if css_class:
        attrs["class"] = css_class
    if dash:
        attrs["stroke-dasharray"] = dash
        attrs["stroke-linecap"] = "butt"
    return _sub(parent, "polyline", attrs)


def _sub(
    parent: etree.Element, tag: str, attrs: dict[str, str], text: str | None = None
) -> etree.Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


# --- The files -------------------------------------------------------------------------


def drawn(project: Project) -> dict[Path, str]:
    """Each language's map as the text of its file: a standalone SVG, one element a line."""
    out = {}
    keys = bibliography.load(project)
    relay = load_relay(project.relay, languages=project.languages, citation_keys=keys)
    geo_path = project.relay.parent / GEO_NAME
    geodata = load_geodata(geo_path)
    for lang in project.languages:
        svg = route_map(relay, project.language(lang), geodata, geo_path)
        svg.set("xmlns", SVG_NS)  # readable on its own; the build inlines it without
        etree.indent(svg)
        out[map_file(project.relay, lang)] = etree.tostring(svg, encoding="unicode") + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("-f", "--config-file", default=ROOT / "mkdocs.yml", type=Path)
    args = parser.parse_args(argv)
    try:
        maps = drawn(Project.from_config_file(args.config_file))
    except (MapError, RelayError) as exc:
        print(f"make_map: {exc}", file=sys.stderr)
        return 2
    stale = [
        path
        for path, text in maps.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    for path in stale:
        if args.check:
            print(f"{path}: out of date with data/relay.yml and the geodata; run `make map`")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(maps[path], encoding="utf-8")
            print(f"{path}: {len(maps[path].encode()):,} bytes")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
