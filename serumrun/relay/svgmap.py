"""The route map: an inline SVG drawn at build time from the coordinates in data/relay.yml.

No tiles, no fonts, no script and no request: an equirectangular projection corrected
by cos(latitude) at the middle of the route (the route spans 4° of latitude, so the
distortion is a few per cent), lines for the railway and the legs, a circle per place
(hollow where the position is APPROXIMATE), and names placed so that they never overlap.

The SVG scales with its viewBox. On a phone it is about a third of its design size, so
it carries two sets of names, each placed for its size: every labelled place for wide
screens, and the major places in large type for phones (hidden by a display="none"
attribute). The stylesheet (docs/assets/stylesheets/relay.css) swaps the two sets and
enlarges the points below 600 px.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from decimal import Decimal

from markdown.serializers import to_html_string

from serumrun.labels import label
from serumrun.relay import l10n
from serumrun.relay.data import Feature, Place, Relay
from serumrun.relay.render import names_with_dogs

WIDTH = 1000
PAD_LEFT = 72  # room for the destination's name west of it on a phone
PAD_RIGHT = 24
PAD_TOP = 56
PAD_BOTTOM = 96  # room for the scale bar and the labels of the southernmost points
#: Name sizes in SVG units: minor and major names on wide screens; major names on phones
#: (44 units is about 15 px on a 375 px screen).
FONT_MINOR, FONT_MAJOR, FONT_MAJOR_NARROW = 18, 24, 44
#: Average glyph width / font size of a label (measured about 0.50 in Chromium with
#: the system sans-serif, bold; rounded up to stay clear in other fonts).
GLYPH_WIDTH = 0.56
POINT_R, END_R, RING_R = 7, 11, 18
POINT_R_NARROW, RING_R_NARROW = 14, 26  # relay.css enlarges the points on phones
FONT_FEATURE = 20
FONT_SCALE_NARROW = 36  # relay.css, phones
SCALE_MILES = 100
MILES_PER_DEGREE = 69.05  # one degree of latitude

COLORS = {
    "leg": "#3949ab",
    "highlight": "#c43e00",
    "railway": "#4a4a4a",
    "point": "#1a237e",
    "label": "#111111",
    "halo": "#ffffff",
    "feature": "#35507a",
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
        """Whether the segment a-b passes through the box (Liang-Barsky clipping)."""
        (x0, y0), (x1, y1) = a, b
        dx, dy = x1 - x0, y1 - y0
        t0, t1 = 0.0, 1.0
        for p, q in (
            (-dx, x0 - self.x0),
            (dx, self.x1 - x0),
            (-dy, y0 - self.y0),
            (dy, self.y1 - y0),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
        return True


class Projection:
    """Equirectangular, x scaled by cos(middle latitude), fitted to WIDTH."""

    def __init__(self, places: list[Place]):
        lats = [float(p.lat) for p in places]
        lons = [float(p.lon) for p in places]
        self.lat_max, self.lon_min = max(lats), min(lons)
        self.kx = math.cos(math.radians((max(lats) + min(lats)) / 2))
        self.scale = (WIDTH - PAD_LEFT - PAD_RIGHT) / ((max(lons) - self.lon_min) * self.kx)
        self.height = round((self.lat_max - min(lats)) * self.scale + PAD_TOP + PAD_BOTTOM)

    def __call__(self, place: Place | Feature) -> tuple[float, float]:
        x = PAD_LEFT + (float(place.lon) - self.lon_min) * self.kx * self.scale
        y = PAD_TOP + (self.lat_max - float(place.lat)) * self.scale
        return round(x, 1), round(y, 1)

    def units_per_mile(self) -> float:
        return self.scale / MILES_PER_DEGREE


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
        room = reserved if narrow else reserved + _feature_boxes(relay, lang, project)
        labels += place_labels(items, point_boxes, gaps, segments, room, project.height)
    return labels


def _feature_boxes(relay: Relay, lang: str, project: Projection) -> list[Box]:
    return [
        _text_box(*project(feature), "middle", 0, l10n.text(feature.name, lang), FONT_FEATURE)
        for feature in relay.features
    ]


def route_map(relay: Relay, lang: str, *, id_prefix: str = "relay-map") -> str:
    """The map as an HTML <figure>: the SVG and its legend."""
    t = l10n.text
    project = Projection(list(relay.places.values()))
    height = project.height
    figure = etree.Element("figure", {"class": "relay-map"})
    svg = etree.SubElement(
        figure,
        "svg",
        {
            "class": "relay-map__svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "role": "img",
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

    segments = []
    rail = [project(relay.railway.start), project(relay.railway.end)]
    segments.append((rail[0], rail[1]))
    _line(svg, rail, "relay-map__railway", COLORS["railway"], 2, dash="7 5")
    legs = _sub(svg, "g", {"class": "relay-map__legs"})
    # The highlighted legs are drawn last, on top of the others.
    for leg in sorted(relay.legs, key=lambda leg: leg.highlight):
        points = [project(p) for p in leg.path]
        segments += list(zip(points, points[1:], strict=False))
        line = _line(
            legs,
            points,
            "relay-map__leg" + (" relay-map__leg--highlight" if leg.highlight else ""),
            COLORS["highlight" if leg.highlight else "leg"],
            5 if leg.highlight else 2.5,
        )
        line.set("data-leg", str(leg.number))
        line.set("data-miles", str(leg.miles))
        _sub(
            line,
            "title",
            {},
            label("relay.map.leg", lang).format(
                n=leg.number,
                musher=t(leg.musher, lang),
                start=t(leg.start.name, lang),
                end=t(leg.end.name, lang),
                distance=l10n.distance(leg.miles, lang, approximate=leg.miles_approximate),
            ),
        )

    dots = _sub(svg, "g", {"class": "relay-map__points"})
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
        dot = _sub(
            dots,
            "circle",
            {
                "class": " ".join(classes),
                "cx": str(x),
                "cy": str(y),
                "r": str(END_R if end else POINT_R),
                "fill": "#ffffff" if place.approximate else COLORS["point"],
                "stroke": COLORS["point"] if place.approximate else "#ffffff",
                "stroke-width": "2" if place.approximate else "1.5",
                "vector-effect": "non-scaling-stroke",
                "data-place": place.id,
            },
        )
        name = t(place.name, lang)
        _sub(
            dot,
            "title",
            {},
            label("relay.map.approximate", lang).format(place=name) if place.approximate else name,
        )

    scale = _scale_bar(svg, project, lang)
    names = _sub(svg, "g", {"class": "relay-map__labels", "aria-hidden": "true"})
    for feature in relay.features:  # seas and rivers: wide screens only
        x, y = project(feature)
        _sub(
            names,
            "text",
            {
                "class": "relay-map__feature",
                "x": str(x),
                "y": str(y),
                "text-anchor": "middle",
                "dominant-baseline": "central",
                "font-size": str(FONT_FEATURE),
                "font-style": "italic",
                "fill": COLORS["feature"],
                "letter-spacing": "1",
            },
            l10n.text(feature.name, lang),
        )
    for item in _layouts(relay, lang, project, segments, [scale]):
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


def _scale_bar(svg: etree.Element, project: Projection, lang: str) -> Box:
    """A bar of SCALE_MILES at the bottom left; returns the room it takes."""
    length = round(SCALE_MILES * project.units_per_mile(), 1)
    x, y = PAD_RIGHT, project.height - 28
    group = _sub(svg, "g", {"class": "relay-map__scale"})
    _line(group, [(x, y), (x + length, y)], "relay-map__scale-bar", COLORS["label"], 2)
    for tick in (x, x + length):
        _line(group, [(tick, y - 6), (tick, y + 6)], "relay-map__scale-tick", COLORS["label"], 2)
    text = l10n.distance(Decimal(SCALE_MILES), lang)
    _sub(
        group,
        "text",
        {
            "x": str(x),
            "y": str(y - 12),
            "font-size": str(FONT_MINOR),
            "fill": COLORS["label"],
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
        if kind in ("railway", "leg", "highlight"):
            _line(
                swatch,
                [(2, 10), (34, 10)],
                "",
                COLORS[kind],
                {"railway": 2, "leg": 2.5, "highlight": 5}[kind],
                dash="7 5" if kind == "railway" else None,
            )
        elif kind == "end":
            _sub(
                swatch,
                "circle",
                {
                    "cx": "18",
                    "cy": "10",
                    "r": "8",
                    "fill": "none",
                    "stroke": COLORS["highlight"],
                    "stroke-width": "2",
                },
            )
            _sub(swatch, "circle", {"cx": "18", "cy": "10", "r": "5", "fill": COLORS["point"]})
        else:
            hollow = kind == "approximate"
            _sub(
                swatch,
                "circle",
                {
                    "cx": "18",
                    "cy": "10",
                    "r": "6",
                    "fill": "#ffffff" if hollow else COLORS["point"],
                    "stroke": COLORS["point"],
                    "stroke-width": "2",
                },
            )
        _sub(li, "span", {}, text)


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
