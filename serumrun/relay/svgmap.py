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

from serumrun.l10n.labels import label
from serumrun.languages import Language
from serumrun.relay import l10n
from serumrun.relay.data import Relay, RelayError
from serumrun.relay.render import names_with_dogs
from serumrun.templating import plugin_template

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


_LEGEND = plugin_template("relay_legend.html")


class MapFileError(RelayError):
    """A kept map is missing or unreadable: the message names the file."""


def map_file(relay_file: Path, lang: str) -> Path:
    """The kept map of `lang` that goes with a relay data file."""
    return Path(relay_file).parent / MAP_DIR / f"relay-map.{lang}.svg"


def route_map(
    relay: Relay, lang: Language, *, id_prefix: str = ID_PREFIX, table_href: str = ""
) -> str:
    """The map as an HTML <figure>: the kept SVG and its legend (template relay_legend.html).

    Each leg links to `{table_href}#leg-N`, its row of the legs table ("" when the table
    is on the same page); the figure's id is `id_prefix` and each leg's link
    `{id_prefix}-leg-N`, so that the table's rows can link back.
    """
    path = map_file(relay.path, lang.code)
    try:
        svg = etree.fromstring(path.read_text(encoding="utf-8"))
    except (OSError, etree.ParseError) as exc:
        raise MapFileError(f"{path}: cannot read the route map ({exc}); run `make map`") from None
    for element in svg.iter():
        # Inline SVG in HTML needs no namespace.
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
        for name in ("id", "aria-labelledby", "aria-describedby"):
            if element.get(name, "").startswith(ID_PREFIX):
                element.set(name, id_prefix + element.get(name).removeprefix(ID_PREFIX))
        if element.get("href", "").startswith("#"):
            element.set("href", table_href + element.get("href"))
    legend = _LEGEND.render(
        label=lambda key: label(key, lang),
        colors=COLORS,
        highlighted=names_with_dogs(relay.highlighted, lang),
        destination=l10n.text(relay.end.name, lang),
    )
    figure = etree.Element("figure", {"class": "relay-map", "id": id_prefix})
    figure.extend([svg, etree.fromstring(legend)])
    for element in figure.iter():  # the files' indentation is not content
        element.text = element.text if element.text and element.text.strip() else None
        element.tail = None
    return to_html_string(figure)
