"""Link previews and structured data (issue 16): every content page of both languages
carries its Open Graph and Twitter card tags and a JSON-LD Article, with absolute URLs
from site_url, and the card image exists in the built site at 1200×630, under 300 kB,
drawn from the data it claims (scripts/ogcard.py, scripts/og_image.py)."""

from __future__ import annotations

import json
import sys

import pytest

from serumrun.theme import meta
from tests.pages import built_pages, page_address
from tests.sitebuild import PROJECT, ROOT, TEST_SITE_URL

sys.path.insert(0, str(ROOT / "scripts"))  # the card is drawn by a script, not by the build
try:
    import ogcard
finally:
    sys.path.remove(str(ROOT / "scripts"))

LANGUAGES = PROJECT.languages

LOCALES = {"en": "en_US", "fr": "fr_FR"}
MAX_IMAGE_BYTES = 300_000


def _lang(rel: str) -> str:
    return "fr" if rel.startswith("fr/") else "en"


def _content_pages(site) -> list[str]:
    """Every page made from docs/<lang>/*.md: all built pages but the 404 pages."""
    pages = [rel for rel in built_pages(site.site) if not rel.endswith("404.html")]
    assert len(pages) >= 20, pages
    return pages


def _meta(soup, attr: str, name: str) -> list[str]:
    return [m.get("content", "") for m in soup.find_all("meta", attrs={attr: name})]


def _one(soup, attr: str, name: str, rel: str) -> str:
    found = _meta(soup, attr, name)
    assert len(found) == 1, f"{rel}: {len(found)} <meta {attr}={name!r}>"
    assert found[0].strip(), f"{rel}: empty {name}"
    return found[0]


def _json_ld(soup, rel: str) -> dict:
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"{rel}: {len(scripts)} JSON-LD scripts"
    return json.loads(scripts[0].string)


def test_every_content_page_has_each_link_preview_tag(site):
    problems = []
    for rel in _content_pages(site):
        soup = site.soup(rel)
        lang = _lang(rel)
        url = TEST_SITE_URL + page_address(rel)
        twin = TEST_SITE_URL + page_address(
            rel.removeprefix("fr/") if lang == "fr" else f"fr/{rel}"
        )
        title = soup.find("h1").get_text(" ", strip=True).rstrip("¶").strip()
        description = _one(soup, "name", "description", rel)
        expected = {
            ("property", "og:type"): "article",
            ("property", "og:url"): url,
            ("property", "og:title"): title,
            ("property", "og:description"): description,
            ("property", "og:locale"): LOCALES[lang],
            ("property", "og:image"): f"{TEST_SITE_URL}assets/social/card-{lang}.png",
            ("property", "og:image:width"): "1200",
            ("property", "og:image:height"): "630",
            ("name", "twitter:card"): "summary_large_image",
        }
        # Twitter (X) reads the og: tags for its title, description and image.
        for name in ("twitter:title", "twitter:description", "twitter:image"):
            if _meta(soup, "name", name):
                problems.append(f"{rel}: {name} repeats its og: tag")
        for (attr, name), value in expected.items():
            found = _meta(soup, attr, name)
            if found != [value]:
                problems.append(f"{rel}: {name} is {found}, expected [{value!r}]")
        site_name = _one(soup, "property", "og:site_name", rel)
        if site_name != ("La course au sérum de 1925" if lang == "fr" else "Serum Run 1925"):
            problems.append(f"{rel}: og:site_name {site_name!r}")
        alt = _one(soup, "property", "og:image:alt", rel)
        if alt != _one(soup, "name", "twitter:image:alt", rel) or "Nenana" not in alt:
            problems.append(f"{rel}: image alt {alt!r}")
        other = "fr" if lang == "en" else "en"
        if _meta(soup, "property", "og:locale:alternate") != [LOCALES[other]]:
            problems.append(
                f"{rel}: og:locale:alternate {_meta(soup, 'property', 'og:locale:alternate')}"
            )
        if soup.find("link", rel="canonical")["href"] != url:
            problems.append(f"{rel}: og:url is not the canonical address")
        if soup.find("link", hreflang=other)["href"] != twin:
            problems.append(f"{rel}: the twin is not {twin}")
    assert not problems, "\n".join(problems)


def test_every_content_page_has_its_json_ld_article(site):
    problems = []
    checked_citations = 0
    for rel in _content_pages(site):
        soup = site.soup(rel)
        lang = _lang(rel)
        if rel.endswith("translation-status/index.html"):
            # A report made from git at build time, not a text: previews, no Article.
            assert not soup.find_all("script", type="application/ld+json"), rel
            continue
        data = _json_ld(soup, rel)
        url = TEST_SITE_URL + page_address(rel)
        en = TEST_SITE_URL + page_address(rel.removeprefix("fr/"))
        fr = TEST_SITE_URL + page_address(rel if lang == "fr" else f"fr/{rel}")
        title = soup.find("h1").get_text(" ", strip=True).rstrip("¶").strip()
        modified = soup.select_one(".page-dates time")["datetime"]
        want = {
            "@context": "https://schema.org",
            "@type": "Article",
            "@id": url,
            "url": url,
            "headline": title,
            "inLanguage": lang,
            "dateModified": modified,
            "image": f"{TEST_SITE_URL}assets/social/card-{lang}.png",
        }
        for key, value in want.items():
            if data.get(key) != value:
                problems.append(f"{rel}: {key} is {data.get(key)!r}, expected {value!r}")
        if lang == "en" and data.get("workTranslation") != [{"@id": fr, "inLanguage": "fr"}]:
            problems.append(f"{rel}: workTranslation {data.get('workTranslation')}")
        if lang == "fr" and data.get("translationOfWork") != {"@id": en, "inLanguage": "en"}:
            problems.append(f"{rel}: translationOfWork {data.get('translationOfWork')}")
        # citation: the page's sources, in the order of its markers' numbers.
        keys = meta.cited_keys(str(soup.select_one("article")))
        cited = data.get("citation", [])
        if len(cited) != len(keys):
            problems.append(f"{rel}: {len(cited)} citations in JSON-LD, {len(keys)} sources cited")
        printed = soup.select(".page-sources li")
        if len(printed) != len(keys):
            problems.append(f"{rel}: {len(printed)} sources listed for print, {len(keys)} cited")
        for work, item in zip(cited, printed, strict=False):
            checked_citations += 1
            if work["@type"] != "CreativeWork" or not work["name"]:
                problems.append(f"{rel}: citation {work}")
            elif work["name"] not in item.get_text():
                problems.append(
                    f"{rel}: citation {work['name']!r} is not source {item.get_text()!r}"
                )
    assert not problems, "\n".join(problems)
    assert checked_citations > 50


def test_the_json_ld_of_a_page_is_the_same_article_in_the_raw_html(site):
    """No text ends the script early: the raw HTML has no '<' inside the JSON."""
    html = (site.site / "relay" / "index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    body = html[start : html.index("</script>", start)]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["@type"] == "Article"


def test_json_ld_escapes_what_could_close_the_script():
    text = str(meta.json_ld({"headline": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"headline": "</script><script>alert(1)</script> & <!--"}


def test_404_pages_have_no_preview_and_no_article(site):
    for rel in ("404.html", "fr/404.html"):
        soup = site.soup(rel)
        assert not soup.find_all("meta", property=lambda v: v and v.startswith("og:")), rel
        assert not soup.find_all("script", type="application/ld+json"), rel


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_card_exists_in_the_built_site_at_1200_by_630_under_300_kb(site, lang):
    png = (site.site / "assets" / "social" / f"card-{lang}.png").read_bytes()
    assert ogcard.png_size(png) == (1200, 630)
    assert len(png) < MAX_IMAGE_BYTES, f"{len(png):,} bytes"
    # A card per language: the two differ.
    other = next(lg for lg in LANGUAGES if lg != lang)
    assert png != (site.site / "assets" / "social" / f"card-{other}.png").read_bytes()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_kept_card_was_drawn_from_todays_data(lang):
    """scripts/og_image.py records the SVG it drew; the SVG is recomputed from mkdocs.yml
    and data/relay.yml. Changing either without redrawing the card fails here."""
    png = (ROOT / "docs" / "assets" / "social" / f"card-{lang}.png").read_bytes()
    assert ogcard.png_text(png).get(ogcard.KEY) == ogcard.svg_digest(
        ogcard.card_svg(PROJECT, lang)
    ), f"docs/assets/social/card-{lang}.png is out of date: run scripts/og_image.py"


def test_the_card_shows_the_sites_name_and_the_relays_totals():
    svg = ogcard.card_svg(PROJECT, "fr")
    assert "La course au" in svg and "sérum de 1925" in svg
    assert "1\u202f085\u00a0km (674\u00a0milles)" in svg
    assert "Nenana" in svg and "Nome" in svg
    en = ogcard.card_svg(PROJECT, "en")
    assert "674 miles (1,085 km)" in en
    assert ogcard.card_svg(PROJECT, "en") == en  # deterministic


def test_png_text_chunk_round_trip():
    png = (ROOT / "docs" / "assets" / "social" / "card-en.png").read_bytes()
    marked = ogcard.with_text(png, "serumrun:test", "value")
    assert ogcard.png_text(marked)["serumrun:test"] == "value"
    assert ogcard.png_size(marked) == (1200, 630)
