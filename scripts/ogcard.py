"""The link-preview card of each language: an SVG drawn from the project's own data.

`card_svg(lang)` is pure: the site's name in that language (mkdocs.yml), the relay's
route and totals (data/relay.yml), drawn by the template og_card.svg beside this file.
Used by scripts/og_image.py only (the build never draws the card), which turns it into
the 1200×630 PNG that pages name in og:image, with Debian's headless Chromium and the
DejaVu fonts Debian installs with it, and writes the SVG's SHA-256 into the PNG (a tEXt
chunk, `KEY`): tests/test_social_meta.py recomputes the SVG and fails when a kept card no
longer matches the data it was drawn from.
"""

from __future__ import annotations

import hashlib
import math
import struct
import zlib
from decimal import Decimal
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.utils.yaml import get_yaml_loader

from serumrun.citations import bibliography
from serumrun.l10n.labels import label
from serumrun.languages import Language
from serumrun.project import Project
from serumrun.relay import l10n
from serumrun.relay.data import Relay, load_relay

WIDTH, HEIGHT = 1200, 630
#: The tEXt keyword under which a card records the SHA-256 of the SVG it was drawn from.
KEY = "serumrun:svg-sha256"
#: Where the route is drawn on the card (x0, y0, x1, y1).
MAP_BOX = (690, 150, 1000, 540)
_TEMPLATE = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
).get_template("og_card.svg")


def site_names(project: Project) -> dict[str, str]:
    """The site's name in each language, as mkdocs.yml gives it (the one source)."""
    config_file = project.root / "mkdocs.yml"
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=get_yaml_loader())  # noqa: S506 (MkDocs' own loader)
    names = {project.default_language: config["site_name"]}
    for language in config["plugins"]["i18n"]["languages"]:
        names[language["locale"]] = language.get("site_name") or config["site_name"]
    return names


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    # Split on ordinary spaces only: a no-break space ("1 085") holds its words together.
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _number(value: Decimal, language: Language) -> str:
    return l10n.number(value.to_integral_value(), language)


def _route(relay: Relay) -> tuple[list[tuple[float, float]], list[tuple[float, float]], dict]:
    """The railway and the dog-team route as points inside MAP_BOX, and the named places."""
    rail = [relay.railway.start, relay.railway.end]
    trail = [relay.legs[0].start]
    for leg in relay.legs:
        trail += [*leg.via, leg.end]
    every = rail + trail
    lats = [float(p.lat) for p in every]
    lons = [float(p.lon) for p in every]
    kx = math.cos(math.radians((max(lats) + min(lats)) / 2))
    x0, y0, x1, y1 = MAP_BOX
    scale = min((x1 - x0) / ((max(lons) - min(lons)) * kx), (y1 - y0) / (max(lats) - min(lats)))
    width = (max(lons) - min(lons)) * kx * scale
    height = (max(lats) - min(lats)) * scale
    left = x0 + ((x1 - x0) - width) / 2
    top = y0 + ((y1 - y0) - height) / 2

    def point(place) -> tuple[float, float]:
        x = left + (float(place.lon) - min(lons)) * kx * scale
        y = top + (max(lats) - float(place.lat)) * scale
        return round(x, 1), round(y, 1)

    named = {
        "start": (point(relay.legs[0].start), relay.legs[0].start),
        "end": (point(relay.legs[-1].end), relay.legs[-1].end),
        "rail": (point(relay.railway.start), relay.railway.start),
    }
    return [point(p) for p in rail], [point(p) for p in trail], named


def card_svg(
    project: Project, lang: str, relay: Relay | None = None, names: dict[str, str] | None = None
) -> str:
    """The card of `lang` as SVG text (deterministic: same data, same bytes)."""
    language = project.language(lang)
    if relay is None:
        keys = bibliography.load(project)
        relay = load_relay(project.relay, languages=project.languages, citation_keys=keys)
    names = names or site_names(project)
    rail, trail, named = _route(relay)
    totals = label("og.card.totals", language).format(
        miles=_number(relay.total_miles, language),
        km=_number(relay.total_km, language),
        mushers=relay.mushers,
    )
    return _TEMPLATE.render(
        lang=lang,
        width=WIDTH,
        height=HEIGHT,
        title_lines=_wrap(names[lang], 13),
        totals_lines=_wrap(totals, 34),
        ui=lambda key: label(key, language),
        rail=" ".join(f"{x},{y}" for x, y in rail),
        trail=" ".join(f"{x},{y}" for x, y in trail),
        places=[
            {"x": xy[0], "y": xy[1], "name": place.name[lang], "role": role}
            for role, (xy, place) in named.items()
        ],
    )


def svg_digest(svg: str) -> str:
    return hashlib.sha256(svg.encode("utf-8")).hexdigest()


# --- PNG text chunks ----------------------------------------------------------------


def _chunks(png: bytes):
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        yield kind, png[at + 8 : at + 8 + length], at, at + 12 + length
        at += 12 + length


def png_size(png: bytes) -> tuple[int, int]:
    kind, data, _, _ = next(_chunks(png))
    if kind != b"IHDR":
        raise ValueError("a PNG file starts with its IHDR chunk")
    return struct.unpack(">II", data[:8])


def png_text(png: bytes) -> dict[str, str]:
    return {
        data.split(b"\0", 1)[0].decode("latin-1"): data.split(b"\0", 1)[1].decode("latin-1")
        for kind, data, _, _ in _chunks(png)
        if kind == b"tEXt" and b"\0" in data
    }


def with_text(png: bytes, key: str, value: str) -> bytes:
    """`png` with a tEXt chunk `key` = `value` right after its header."""
    _, _, _, end = next(_chunks(png))
    data = key.encode("latin-1") + b"\0" + value.encode("latin-1")
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + data) & 0xFFFFFFFF)
    return png[:end] + chunk + png[end:]
