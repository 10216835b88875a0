"""The two languages are wired together in the built site (issue 2, points 1–7)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup

from tests.sitebuild import LANGUAGES, ROOT, TEST_SITE_URL, pages_by_language

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def _url_of(rel: str, lang: str) -> str:
    """Public URL of docs/<lang>/<rel> ('relay.md' -> '.../fr/relay/')."""
    slug = "" if rel == "index.md" else rel[: -len(".md")] + "/"
    prefix = "" if lang == "en" else f"{lang}/"
    return TEST_SITE_URL + prefix + slug


def _html_of(site: Path, rel: str, lang: str) -> BeautifulSoup:
    path = site / _url_of(rel, lang)[len(TEST_SITE_URL) :] / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _hreflang(soup: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")}


def test_every_page_exists_in_both_languages_and_in_the_site(site):
    pages = pages_by_language(ROOT / "docs")
    assert pages["en"] == pages["fr"]
    for lang in LANGUAGES:
        for rel in pages[lang]:
            soup = _html_of(site.site, rel, lang)
            assert soup.html["lang"] == lang, f"{lang}/{rel}"


def test_hreflang_is_absolute_reciprocal_with_x_default(site):
    for rel in pages_by_language(ROOT / "docs")["en"]:
        en, fr = _html_of(site.site, rel, "en"), _html_of(site.site, rel, "fr")
        expected = {
            "en": _url_of(rel, "en"),
            "fr": _url_of(rel, "fr"),
            "x-default": _url_of(rel, "en"),
        }
        assert _hreflang(en) == expected, rel
        assert _hreflang(fr) == expected, rel  # reciprocal: the same set from both twins


def test_switcher_links_to_the_twin_page(site):
    for rel in pages_by_language(ROOT / "docs")["en"]:
        for lang, other in (("en", "fr"), ("fr", "en")):
            soup = _html_of(site.site, rel, lang)
            link = soup.select_one(f"a[data-serumrun-switch][hreflang={other}]")
            assert link is not None, f"{lang}/{rel}: no switcher entry for {other}"
            page_url = _url_of(rel, lang)
            target = _resolve(page_url, link["href"])
            assert target == _url_of(rel, other), f"{lang}/{rel}"


def _resolve(base: str, href: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, href)


def test_headings_carry_the_same_anchors_in_both_languages(site):
    for rel in pages_by_language(ROOT / "docs")["en"]:
        ids = {}
        for lang in LANGUAGES:
            article = _html_of(site.site, rel, lang).select_one("article")
            ids[lang] = [h["id"] for h in article.select("h2[id], h3[id], h4[id]")]
        assert ids["en"] == ids["fr"], rel
        assert ids["en"], f"{rel}: no section headings"


def test_each_language_has_its_own_search_index(site):
    for lang in LANGUAGES:
        prefix = "" if lang == "en" else f"{lang}/"
        index = json.loads((site.site / prefix / "search/search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == [lang]
        assert "stemmer" in index["config"]["pipeline"]
        pages = {doc["location"].split("#")[0] for doc in index["docs"]}
        expected = {
            "" if rel == "index.md" else rel[:-3] + "/"
            for rel in pages_by_language(ROOT / "docs")[lang]
        }
        assert pages == expected, lang
        # Every entry is a page of that language: the built file is there and says so.
        for location in pages:
            html = (site.site / prefix / location / "index.html").read_text("utf-8")
            assert f'<html lang="{lang}"' in html


def test_french_pages_search_their_own_index(site):
    for lang in LANGUAGES:
        soup = _html_of(site.site, "index.md", lang)
        config = json.loads(soup.select_one("#__config").string)
        expected = "./" if lang == "en" else "../fr/"
        assert config["base"] == expected


def test_each_language_has_its_own_404_page(site):
    for lang, title, other in (("en", "Page not found", "fr"), ("fr", "Page introuvable", "en")):
        path = site.site / ("404.html" if lang == "en" else f"{lang}/404.html")
        soup = BeautifulSoup(path.read_text("utf-8"), "lxml")
        assert soup.html["lang"] == lang
        assert soup.select_one("article h1").get_text(strip=True) == title
        home, switch = soup.select("article li a")
        assert home["href"] == "/serum-run/" + ("" if lang == "en" else "fr/")
        assert switch["href"] == "/serum-run/" + ("" if other == "en" else "fr/")
        assert switch["hreflang"] == other
        # Search on a 404 page loads its language's index from the site's absolute root.
        config = json.loads(soup.select_one("#__config").string)
        assert config["base"] == "/serum-run/" + ("" if lang == "en" else f"{lang}/")


def test_one_sitemap_lists_both_languages_with_alternates(site):
    tree = ElementTree.parse(site.site / "sitemap.xml")
    entries = {}
    for url in tree.getroot().findall("s:url", SITEMAP_NS):
        loc = url.find("s:loc", SITEMAP_NS).text
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", SITEMAP_NS)}
        entries[loc] = alternates
    pages = pages_by_language(ROOT / "docs")["en"]
    assert len(entries) == 2 * len(pages)
    for rel in pages:
        pair = {"en": _url_of(rel, "en"), "fr": _url_of(rel, "fr")}
        for lang in LANGUAGES:
            assert entries[pair[lang]] == pair, rel


def test_no_font_or_script_from_another_host(site):
    for html in site.site.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html
        soup = BeautifulSoup(text, "lxml")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr) or ""
                if tag == "link" and el.get("rel") in (["alternate"], ["canonical"]):
                    continue
                assert not re.match(r"^(https?:)?//", url), f"{html}: {tag} {url}"


def test_navigation_instant_is_off():
    features = re.search(r"features:\n((?:\s+- .*\n|\s+#.*\n)+)", (ROOT / "mkdocs.yml").read_text())
    listed = [
        line.strip()[2:] for line in features.group(1).splitlines() if line.strip().startswith("- ")
    ]
    assert "navigation.sections" in listed
    assert "navigation.instant" not in listed
