"""The route map in a page: the kept SVG of the page's language, inlined, and its legend.

scripts/make_map.py (`make map`) draws the map of each language from data/relay.yml, the
labels and the geodata, with pyproj and shapely, into data/maps/relay-map.<lang>.svg,
kept in git (tests/test_relay_map.py fails while a kept map is out of date). The build
reads that file and only re-points it: the ids of its title, description and legs take
the figure's id, and each leg links to its row of the legs table, on this page or on the
relay page. The legend below is HTML, so that it stays readable on a phone.

The stylesheet (docs/assets/stylesheets/relay.css) gives every colour as a CSS custom
property, so that a dark scheme can change them; COLORS are the fallback attributes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown.serializers import to_html_string

from serumrun.citations.l10n_bridge import label
from serumrun.relay import l10n
from serumrun.relay.data import Relay, RelayError
from serumrun.relay.render import names_with_dogs

SVG_NS = "http://www.w3.org/2000/svg"
#: The ids the kept map is drawn with: `relay-map-title`, `relay-map-leg-N`, ...
ID_PREFIX = "relay-map"
#: The kept maps, beside the relay data: data/maps/ next to data/relay.yml.
MAP_DIR = "maps"
#: What scripts/make_map.py draws, and all a kept map may hold (an allowlist: a hand-made
#: file that holds anything else stops the build, as a stale one fails the tests).
TAGS = frozenset("svg title desc g rect path a polyline circle line text".split())
ATTRIBUTES = frozenset(
    "class id role aria-hidden aria-labelledby aria-describedby viewBox width height href "
    "data-legs data-mushers data-total-miles data-total-km data-leg data-miles data-place "
    "d points x y x1 y1 x2 y2 cx cy r display pointer-events fill fill-rule stroke "
    "stroke-width stroke-dasharray stroke-linecap stroke-linejoin vector-effect paint-order "
    "font-size font-style font-weight text-anchor dominant-baseline".split()
)
_LEG_HREF = re.compile(r"#leg-[0-9]+\Z")

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


class MapFileError(RelayError):
    """A kept map is missing or unreadable: the message names the file."""


def map_file(relay_file: Path, lang: str) -> Path:
    """The kept map of `lang` that goes with a relay data file."""
    return Path(relay_file).parent / MAP_DIR / f"relay-map.{lang}.svg"


def route_map(relay: Relay, lang: str, *, id_prefix: str = ID_PREFIX, table_href: str = "") -> str:
    """The map as an HTML <figure>: the kept SVG and its legend.

    Each leg links to `{table_href}#leg-N`, its row of the legs table ("" when the table
    is on the same page); the figure's id is `id_prefix` and each leg's link
    `{id_prefix}-leg-N`, so that the table's rows can link back.
    """
    path = map_file(relay.path, lang)
    try:
        svg = etree.fromstring(path.read_text(encoding="utf-8"))
    except (OSError, etree.ParseError) as exc:
        raise MapFileError(f"{path}: cannot read the route map ({exc}); run `make map`") from None
    for element in svg.iter():
        # Inline SVG in HTML needs no namespace; the file's indentation is not content.
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
        unknown = sorted(set(element.attrib) - ATTRIBUTES)
        href = element.get("href")
        if href is not None and not _LEG_HREF.match(href):
            unknown.append(f"href={href!r}")
        if element.tag not in TAGS or unknown:
            found = " ".join([element.tag, *unknown])
            raise MapFileError(
                f"{path}: found <{found}>, expected only the elements and attributes "
                "scripts/make_map.py draws; run `make map`"
            )
        element.text = element.text if element.text and element.text.strip() else None
        element.tail = None
        for name in ("id", "aria-labelledby", "aria-describedby"):
            if element.get(name, "").startswith(ID_PREFIX):
                element.set(name, id_prefix + element.get(name).removeprefix(ID_PREFIX))
        if element.get("href", "").startswith("#"):
            element.set("href", table_href + element.get("href"))
    figure = etree.Element("figure", {"class": "relay-map", "id": id_prefix})
    figure.append(svg)
    _legend(figure, relay, lang)
    return to_html_string(figure)


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
