#!/usr/bin/env python3
"""Draw the link-preview card of each language into docs/assets/social/card-<lang>.png.

    python scripts/og_image.py [--check]

The card (1200×630, the size Open Graph and Twitter's large card ask for) is the SVG
of scripts/ogcard.py, drawn from mkdocs.yml (the site's name) and data/relay.yml (the
route and totals), rendered by Debian's headless Chromium (no third-party service, no
network), with the SHA-256 of that SVG written into the PNG. Run it again after
changing the site's name, the relay data or the card's template: tests/test_social_meta.py
fails while a kept card is out of date. The PNGs are kept in git, so a build needs no
browser. `--check` only says whether the kept cards are up to date (exit 1 if not).

Chromium's anti-aliasing may differ by a few pixels between versions: the recorded
digest is of the SVG, which is exact, not of the pixels.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ogcard import (  # noqa: E402  (beside this script)
    HEIGHT,
    KEY,
    WIDTH,
    card_svg,
    png_text,
    svg_digest,
    with_text,
)

from serumrun.project import Project  # noqa: E402

PROJECT = Project.from_config_file(ROOT / "mkdocs.yml")
LANGUAGES = PROJECT.languages
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
OUT = ROOT / "docs" / "assets" / "social"


def card_path(lang: str) -> Path:
    return OUT / f"card-{lang}.png"


def up_to_date(lang: str) -> bool:
    path = card_path(lang)
    return path.is_file() and png_text(path.read_bytes()).get(KEY) == svg_digest(
        card_svg(PROJECT, lang)
    )


def render(svgs: dict[str, str]) -> dict[str, bytes]:
    from playwright.sync_api import sync_playwright

    pngs = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            # Nothing leaves the machine: the card is self-contained.
            page.route(
                "**/*", lambda r: r.abort() if r.request.url.startswith("http") else r.continue_()
            )
            for lang, svg in svgs.items():
                page.set_content(
                    '<!doctype html><html><body style="margin:0">' + svg + "</body></html>"
                )
                png = page.screenshot(clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
                pngs[lang] = with_text(png, KEY, svg_digest(svg))
        finally:
            browser.close()
    return pngs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check the kept cards")
    args = ap.parse_args(argv)
    stale = [lang for lang in LANGUAGES if not up_to_date(lang)]
    if args.check:
        for lang in stale:
            print(f"{card_path(lang).relative_to(ROOT)}: out of date, run scripts/og_image.py")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for lang, png in render({lang: card_svg(PROJECT, lang) for lang in LANGUAGES}).items():
        card_path(lang).write_bytes(png)
        print(f"{card_path(lang).relative_to(ROOT)}: {WIDTH}×{HEIGHT}, {len(png):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
