"""The route map: an inline SVG drawn at build time from data/relay.yml and real geodata.

No tiles, no fonts, no script and no request. The coast, the sea and the rivers come
from Natural Earth through the kept file data/geo/alaska-west.json (serumrun/relay/geo.py,
scripts/make_geodata.py); the route from the coordinates in data/relay.yml. A Lambert
conformal conic projection keeps shapes and one scale bar true across the map. Each leg
is a link to its row of the legs table; a circle marks each place (hollow and dashed
where the position is APPROXIMATE); names are placed so that they never overlap; an
inset locates the region in Alaska.

The SVG scales with its viewBox. On a phone it is about a third of its design size, so
it carries two sets of names, each placed for its size: every labelled place for wide
screens, and the major places in large type for phones (hidden by a display="none"
attribute). The stylesheet (docs/assets/stylesheets/relay.css) swaps the two sets,
enlarges the points below 600 px and gives every colour (a CSS custom property, so
that a dark scheme can change them); the colours written here are the fallback.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markdown.serializers import to_html_string

from serumrun.labels import label
from serumrun.relay import geo, l10n
from serumrun.relay.data import Feature, Place, Relay
from serumrun.relay.render import names_with_dogs

WIDTH = 1000
PAD_LEFT = 72  # room for the destination's name west of it on a phone
PAD_RIGHT = 24
PAD_TOP = 64
PAD_BOTTOM = 110  # room for the scale bar and the labels of the southernmost points
#: Name sizes in SVG units: minor and major names on wide screens; major names on phones
#: (44 units is about 15 px on a 375 px screen).
FONT_MINOR, FONT_MAJOR, FONT_MAJOR_NARROW = 18, 24, 44
#: Average glyph width / font size of a label (measured about 0.50 in Chromium with
#: the system sans-serif, bold; rounded up to stay clear in other fonts).
GLYPH_WIDTH = 0.56
POINT_R, END_R, RING_R = 7, 11, 18
POINT_R_NARROW, RING_R_NARROW = 14, 26  # relay.css enlarges the points on phones
FONT_FEATURE, FONT_FEATURE_NARROW = 20, 34
FONT_SCALE_NARROW = 36  # relay.css, phones
FONT_INSET = 16
KM_PER_MILE = 1.609344
#: The projection: central meridian and latitude of the route, standard parallels that
#: bracket it (the scale is true on them and within 0.3 % between).
CONIC = {"lon0": -157.2, "lat0": 63.5, "lat1": 62.0, "lat2": 65.5}
#: The inset, bottom right of the frame: Alaska in its own conic, and its size in units.
INSET_CONIC = {"lon0": -154.0, "lat0": 62.0, "lat1": 55.0, "lat2": 65.0}
INSET_WIDTH = 190
INSET_X = 560  # in the empty interior south of the route, clear of Anchorage
#: Land and rivers are clipped a few units outside the frame, so that the coast drawn
#: along the clip edge falls outside the picture.
BLEED = 6

#: Fallback colours; relay.css sets the same ones as custom properties (--relay-map-*,
#: a test holds them equal) and a dark scheme overrides them there.
COLORS = {
    "sea": "#d6e6f3",
    "land": "#f7f4ec",
    "coast": "#7d96b0",
    "river": "#5b8fc4",
    "leg": "#3949ab",
    "leg-alt": "#8e44ad",
    "highlight": "#c43e00",
    "railway": "#4a4a4a",
    "point": "#1a237e",
    "label": "#111111",
    "halo": "#ffffff",
    "feature": "#1f4e79",
    "inset-land": "#ebe7dc",
    "inset-alaska": "#c8b991",
    "inset-frame": "#c43e00",
}


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

    def crosses(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the segment a-b passes through the box (the geodata's clipping)."""
        return geo.clip_segment(a, b, (self.x0, self.y0, self.x1, self.y1)) is not None


#: How far a snapped place may move: the ± of the interpolated positions (COORDS.md).
MAX_SNAP_KM = 20


def _nearest_on_segment(p, a, b) -> tuple[float, float]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2
    t = max(0.0, min(1.0, t))
    return a[0] + t * dx, a[1] + t * dy


class Projection:
    """The conic projection scaled to the frame: WIDTH units wide, fitted to the places."""

    def __init__(self, places: list[Place]):
        self.conic = geo.ConicProjection(**CONIC)
        xs, ys = zip(*(self.conic(float(p.lon), float(p.lat)) for p in places), strict=True)
        self.x0, self.y0 = min(xs), min(ys)
        self.scale = (WIDTH - PAD_LEFT - PAD_RIGHT) / (max(xs) - self.x0)  # units per km
        self.height = round((max(ys) - self.y0) * self.scale + PAD_TOP + PAD_BOTTOM)
        self.snapped: dict[str, tuple[float, float]] = {}

    def __call__(self, place: Place | Feature) -> tuple[float, float]:
        if isinstance(place, Place) and place.id in self.snapped:
            return self.snapped[place.id]
        x, y = self.lonlat(float(place.lon), float(place.lat))
        return round(x, 1), round(y, 1)

    def snap(self, places: list[Place], geodata: geo.GeoData, path) -> None:
        """Draw each place with a `map_snap` river on that river's nearest point."""
        for place in places:
            if not place.map_snap:
                continue
            lines = [
                _projected(self.lonlat, line)
                for name, line in geodata.rivers
                if name == place.map_snap
            ]
            here = self.lonlat(float(place.lon), float(place.lat))
            candidates = [
                _nearest_on_segment(here, a, b)
                for line in lines
                for a, b in zip(line, line[1:], strict=False)
            ]
            nearest = min(candidates, key=lambda q: math.dist(q, here), default=None)
            km = math.dist(nearest, here) / self.scale if nearest else math.inf
            if km > MAX_SNAP_KM:
                raise geo.GeoDataError(
                    f"{path}: place {place.id!r}: map_snap {place.map_snap!r}: the river is "
                    f"{km:.0f} km away in the map's geodata (at most {MAX_SNAP_KM} km)"
                )
            self.snapped[place.id] = (round(nearest[0], 1), round(nearest[1], 1))

    def lonlat(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.conic(lon, lat)
        return PAD_LEFT + (x - self.x0) * self.scale, PAD_TOP + (y - self.y0) * self.scale

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        return self.conic.inverse(
            (x - PAD_LEFT) / self.scale + self.x0, (y - PAD_TOP) / self.scale + self.y0
        )

    def units_per_mile(self) -> float:
        return self.scale * KM_PER_MILE

    def frame_outline(self, steps: int = 24) -> list[tuple[float, float]]:
        """The frame's edge in (lon, lat), walked round clockwise."""
        w, h = WIDTH, self.height
        corners = [(0, 0), (w, 0), (w, h), (0, h), (0, 0)]
        points = []
        for (ax, ay), (bx, by) in zip(corners, corners[1:], strict=False):
            for i in range(steps):
                t = i / steps
                points.append(self.inverse(ax + t * (bx - ax), ay + t * (by - ay)))
        return points


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


def _anchor_point(x: float, y: float, side: tuple, gap: float) -> tuple[float, float]:
    sx, sy = side[0], side[1]
    diagonal = 0.75 if sx and sy else 1  # a diagonal label sits closer along each axis
    return x + sx * gap * diagonal, y + sy * gap * diagonal


def _text_box(ax: float, ay: float, anchor: str, vertical: int, text: str, size: float) -> Box:
    """The room a label takes: its anchor point, text-anchor and which way it grows."""
    width, height = len(text) * GLYPH_WIDTH * size, 1.15 * size
    left = {"start": ax, "end": ax - width, "middle": ax - width / 2}[anchor]
    top = {0: ay - height / 2, -1: ay - height, 1: ay}[vertical]
    return Box(left, top, left + width, top + height)


#: Placement passes: (distance from the point in gaps, whether a name may cross a
#: route line). The farther passes draw a leader line from the point to the name.
_PASSES = ((1, False), (1, True), (2, True), (3, True))


def place_labels(
    candidates: list[_Candidate],
    point_boxes: dict[str, Box],
    gaps: dict[str, float],
    segments: list[tuple[tuple[float, float], tuple[float, float]]],
    reserved: list[Box],
    height: float,
) -> list[Label]:
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
                box = _text_box(ax, ay, side[2], side[1], item.text, item.size)
                if not box.inside(WIDTH, height):
                    continue
                if any(box.overlaps(other, margin=4) for other in others):
                    continue
                if not allow_lines and any(box.crosses(a, b) for a, b in segments):
                    continue
                leader = None
                if distance > 1:
                    start = _anchor_point(item.x, item.y, side, gaps[item.key] - 3)
                    leader = (start, (ax, ay))
                    if any(other.crosses(*leader) for other in others):
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


def _layouts(
    relay: Relay,
    lang: str,
    project: Projection,
    segments: list[tuple[tuple[float, float], tuple[float, float]]],
    reserved: list[Box],
) -> list[Label]:
    """Two sets of names: every labelled place for wide screens, major ones for phones."""
    points = {p.id: project(p) for p in relay.places.values()}
    # Major names first; the destination, the start and the railhead first of all, then
    # from the destination backwards: the coast is both the most crowded stretch and
    # the most told one, so its names get the first choice of room.
    first = {relay.end.id: 0, relay.start.id: 1, relay.railway.start.id: 2}
    route = list(relay.places)
    order = sorted(
        (p for p in relay.places.values() if p.map_label),
        key=lambda p: (p.map_label != "major", first.get(p.id, 3), -route.index(p.id)),
    )

    def boxes(radius: float, end_radius: float) -> tuple[dict[str, Box], dict[str, float]]:
        result, gaps = {}, {}
        for pid, (x, y) in points.items():
            r = end_radius if pid == relay.end.id else radius
            result[pid] = Box(x - r, y - r, x + r, y + r)
            gaps[pid] = r + 4
        return result, gaps

    labels = []
    for narrow in (False, True):
        items = []
        for place in order:
            major = place.map_label == "major"
            if narrow and not major:
                continue
            x, y = points[place.id]
            weight = "end" if place.id == relay.end.id else place.map_label
            items.append(
                _Candidate(
                    place.id,
                    l10n.text(place.name, lang),
                    x,
                    y,
                    (FONT_MAJOR_NARROW if narrow else FONT_MAJOR) if major else FONT_MINOR,
                    "narrow" if narrow else "wide",
                    weight,
                )
            )
        point_boxes, gaps = (
            boxes(POINT_R_NARROW, RING_R_NARROW) if narrow else boxes(POINT_R, RING_R)
        )
        room = reserved + _feature_boxes(relay, lang, project, narrow)
        labels += place_labels(items, point_boxes, gaps, segments, room, project.height)
    return labels


def _shown_features(relay: Relay, narrow: bool) -> list[Feature]:
    """Every feature on wide screens; the major ones on phones."""
    return [f for f in relay.features if not narrow or f.map_label == "major"]


def _feature_boxes(relay: Relay, lang: str, project: Projection, narrow: bool) -> list[Box]:
    size = FONT_FEATURE_NARROW if narrow else FONT_FEATURE
    return [
        _text_box(*project(feature), "middle", 0, l10n.text(feature.name, lang), size)
        for feature in _shown_features(relay, narrow)
    ]


def route_map(
    relay: Relay,
    lang: str,
    *,
    id_prefix: str = "relay-map",
    table_href: str = "",
    geodata: geo.GeoData | None = None,
) -> str:
    """The map as an HTML <figure>: the SVG and its legend.

    Each leg links to `{table_href}#leg-N`, its row of the legs table ("" when the table
    is on the same page); the figure's id is `id_prefix` and each leg's link
    `{id_prefix}-leg-N`, so that the table's rows can link back.
    """
    t = l10n.text
    geodata = geodata or geo.load_geodata(geo.geo_file(relay.path))
    project = Projection(list(relay.places.values()))
    _check_frame(project, geodata, geo.geo_file(relay.path))
    project.snap(list(relay.places.values()), geodata, relay.path)
    height = project.height
    figure = etree.Element("figure", {"class": "relay-map", "id": id_prefix})
    # role=group, not img: an image's children are presentational, and these hold links.
    svg = etree.SubElement(
        figure,
        "svg",
        {
            "class": "relay-map__svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "role": "group",
            "aria-labelledby": f"{id_prefix}-title",
            "aria-describedby": f"{id_prefix}-desc",
            "data-legs": str(len(relay.legs)),
            "data-mushers": str(relay.mushers),
            "data-total-miles": str(relay.total_miles),
            "data-total-km": str(relay.total_km.quantize(Decimal(1))),
        },
    )
    _sub(svg, "title", {"id": f"{id_prefix}-title"}, label("relay.map.title", lang))
    _sub(
        svg,
        "desc",
        {"id": f"{id_prefix}-desc"},
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
    segments = []
    rail = [project(relay.railway.start), project(relay.railway.end)]
    segments.append((rail[0], rail[1]))
    _line(
        _sub(svg, "g", {"aria-hidden": "true"}),
        rail,
        "relay-map__railway",
        COLORS["railway"],
        2,
        dash="7 5",
    )
    # In route order, which is also the order of the keyboard's tab stops.
    legs = _sub(svg, "g", {"class": "relay-map__legs"})
    for leg in relay.legs:
        points = [project(p) for p in leg.path]
        segments += list(zip(points, points[1:], strict=False))
        # Two shades in turn, so that each team's stretch shows where it starts and ends.
        alt = " relay-map__leg--alt" if leg.number % 2 == 0 else ""
        link = _sub(
            legs,
            "a",
            {
                "class": "relay-map__leg-link",
                "href": f"{table_href}#leg-{leg.number}",
                "id": f"{id_prefix}-leg-{leg.number}",
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

    # The points repeat the table's places; their names are tooltips for the pointer.
    dots = _sub(svg, "g", {"class": "relay-map__points", "aria-hidden": "true"})
    for place in relay.places.values():
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
        name = t(place.name, lang)
        _sub(
            dot,
            "title",
            {},
            label("relay.map.approximate", lang).format(place=name) if place.approximate else name,
        )

    scale = _scale_bar(svg, project, lang)
    inset = _inset(svg, project, geodata)
    names = _sub(svg, "g", {"class": "relay-map__labels", "aria-hidden": "true"})
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
    for item in _layouts(relay, lang, project, segments, [scale, inset]):
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

    _legend(figure, relay, lang)
    return to_html_string(figure)


def _check_frame(project: Projection, geodata: geo.GeoData, path) -> None:
    """The frame must lie inside the geodata's box, or its corners would be blank."""
    west, south, east, north = geodata.bbox
    for lon, lat in project.frame_outline():
        if not (west <= lon <= east and south <= lat <= north):
            raise geo.GeoDataError(
                f"{path}: the map's frame reaches {lon:.2f}, {lat:.2f}, outside the "
                f"geodata's box {geodata.bbox}: widen BOX in scripts/make_geodata.py and "
                "run it"
            )


def _geography(svg: etree.Element, project: Projection, geodata: geo.GeoData) -> None:
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
    rings = [_projected(project.lonlat, ring) for polygon in geodata.land for ring in polygon]
    _sub(
        group,
        "path",
        {
            "class": "relay-map__land",
            "d": _path_data(rings, frame, closed=True),
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
            _projected(project.lonlat, line) for name, line in geodata.rivers if bool(name) == main
        ]
        _sub(
            group,
            "path",
            {
                "class": "relay-map__river" + (" relay-map__river--main" if main else ""),
                "d": _path_data(lines, frame, closed=False),
                "fill": "none",
                "stroke": COLORS["river"],
                "stroke-width": "2" if main else "1",
                "stroke-linejoin": "round",
                "stroke-linecap": "round",
                "vector-effect": "non-scaling-stroke",
            },
        )


def _inset(svg: etree.Element, project: Projection, geodata: geo.GeoData) -> Box:
    """Alaska at a small scale, with the frame of the main map on it; returns its room."""
    conic = geo.ConicProjection(**INSET_CONIC)
    west, south, east, north = geodata.inset_bbox
    edge = [(west, south), (east, south), (east, north), (west, north)]
    xs, ys = zip(*(conic(lon, lat) for lon, lat in _densify(edge)), strict=True)
    # The inset's window: the middle of its box's projected extent, fitted to INSET_WIDTH.
    scale = INSET_WIDTH / (max(xs) - min(xs))
    height = round((max(ys) - min(ys)) * scale * 0.78)
    x0, y0 = INSET_X, project.height - height - 12
    top = min(ys) + (max(ys) - min(ys)) * 0.12  # the Arctic coast, without the empty north

    def place(lon: float, lat: float) -> tuple[float, float]:
        x, y = conic(lon, lat)
        return x0 + (x - min(xs)) * scale, y0 + (y - top) * scale

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
        rings = [_projected(place, ring) for polygon in polygons for ring in polygon]
        _sub(
            group,
            "path",
            {
                "class": f"relay-map__inset-{layer}",
                "d": _path_data(rings, window, closed=True),
                "fill": COLORS[f"inset-{layer}"],
                "fill-rule": "nonzero",
            },
        )
    frame = [place(lon, lat) for lon, lat in project.frame_outline(steps=4)]
    _sub(
        group,
        "path",
        {
            "class": "relay-map__inset-frame",
            "d": _path_data([frame], window, closed=True),
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


def _projected(project, line: Sequence[tuple[float, float]], step: float = 0.25) -> list:
    """A line of (lon, lat) projected, its long segments cut every `step` degrees first.

    The clip edges of the geodata are long straight runs in longitude and latitude; a
    parallel is a curve in a conic projection, so one straight chord would cut the map.
    """
    out = [project(*line[0])] if line else []
    for a, b in zip(line, line[1:], strict=False):
        n = max(1, math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / step))
        for i in range(1, n + 1):
            out.append(project(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n))
    return out


def _densify(corners: list[tuple[float, float]], steps: int = 16) -> list[tuple[float, float]]:
    closed = [*corners, corners[0]]
    return [
        (a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
        for a, b in zip(closed, closed[1:], strict=False)
        for i in range(steps)
    ]


def _path_data(
    shapes: Sequence[Sequence[tuple[float, float]]],
    box: tuple[float, float, float, float],
    *,
    closed: bool,
) -> str:
    """SVG path data in whole units: M to the start, then relative steps; z closes rings.

    Whole units are about 1 km, as fine as the simplified data; relative steps are
    short, which keeps the inline SVG small.
    """
    parts = []
    for shape in shapes:
        pieces = [geo.clip_ring(shape, box)] if closed else geo.clip_line(shape, box)
        for piece in pieces:
            points = [(round(x), round(y)) for x, y in piece]
            if len(points) < 2:
                continue
            out = [f"M{points[0][0]} {points[0][1]}"]
            steps = []
            previous = points[0]
            for x, y in points[1:]:
                dx, dy = x - previous[0], y - previous[1]
                if dx or dy:
                    steps.append(f"{dx} {dy}")
                    previous = (x, y)
            if not steps or (closed and len(steps) < 3):
                continue
            out.append("l" + " ".join(steps))
            parts.append("".join(out) + ("z" if closed else ""))
    return "".join(parts)


def _scale_bar(svg: etree.Element, project: Projection, lang: str) -> Box:
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
        x + max(length, len(text) * GLYPH_WIDTH * FONT_SCALE_NARROW) + 4,
        y + 8,
    )


def _legend(figure: etree.Element, relay: Relay, lang: str) -> None:
    """The key below the map, in HTML so that it stays readable on a phone."""
    caption = _sub(figure, "figcaption", {"class": "relay-map__caption"})
    ul = _sub(
        caption,
        "ul",
        {"class": "relay-map__legend", "aria-label": label("relay.legend.label", lang)},
    )
    entries = [
        ("railway", label("relay.legend.railway", lang)),
        ("leg", label("relay.legend.leg", lang)),
        (
            "highlight",
            label("relay.legend.highlight", lang).format(
                names=names_with_dogs(relay.highlighted, lang)
            ),
        ),
        ("verified", label("relay.legend.verified", lang)),
        ("approximate", label("relay.legend.approximate", lang)),
        (
            "end",
            label("relay.legend.destination", lang).format(place=l10n.text(relay.end.name, lang)),
        ),
        ("river", label("relay.legend.river", lang)),
    ]
    for kind, text in entries:
        li = _sub(ul, "li", {"class": f"relay-map__key relay-map__key--{kind}"})
        swatch = _sub(
            li,
            "svg",
            {
                "class": "relay-map__swatch",
                "viewBox": "0 0 36 20",
                "width": "36",
                "height": "20",
                "aria-hidden": "true",
                "focusable": "false",
            },
        )
        if kind == "leg":  # the two shades of the legs, end to end
            _line(swatch, [(2, 10), (18, 10)], "relay-map__swatch-leg", COLORS["leg"], 2.5)
            _line(swatch, [(18, 10), (34, 10)], "relay-map__swatch-leg-alt", COLORS["leg-alt"], 2.5)
        elif kind in ("railway", "highlight", "river"):
            _line(
                swatch,
                [(2, 10), (34, 10)],
                f"relay-map__swatch-{kind}",
                COLORS[kind],
                {"railway": 2, "highlight": 5, "river": 2}[kind],
                dash="7 5" if kind == "railway" else None,
            )
        elif kind == "end":
            _sub(
                swatch,
                "circle",
                {
                    "class": "relay-map__swatch-ring",
                    "cx": "18",
                    "cy": "10",
                    "r": "8",
                    "fill": "none",
                    "stroke": COLORS["highlight"],
                    "stroke-width": "2",
                },
            )
            _sub(
                swatch,
                "circle",
                {
                    "class": "relay-map__swatch-point",
                    "cx": "18",
                    "cy": "10",
                    "r": "5",
                    "fill": COLORS["point"],
                },
            )
        else:
            hollow = kind == "approximate"
            attrs = {
                "class": f"relay-map__swatch-{kind}",
                "cx": "18",
                "cy": "10",
                "r": "6",
                "fill": "#ffffff" if hollow else COLORS["point"],
                "stroke": COLORS["point"],
                "stroke-width": "2",
            }
            if hollow:
                attrs["stroke-dasharray"] = "3 2"
            _sub(swatch, "circle", attrs)
        _sub(li, "span", {}, text)
    _sub(caption, "p", {"class": "relay-map__credit"}, label("relay.map.credit", lang))


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
