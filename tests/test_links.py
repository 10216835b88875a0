"""Link integrity (issue 8): a crawler over the parsed HTML of the built site, both
languages. Every internal href and src resolves to a file of the site, and every
#fragment to an id in the target page; so do the search results (search_index.json),
the sitemap and the stylesheets' url(). All broken links are reported at once.

MkDocs' own validation (`validation.anchors` in mkdocs.yml) checks the Markdown links
of the pages; this checks what was published, including what templates and hooks
write: navigation, footer, language switcher, hreflang, references backlinks, 404s.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import lxml.html
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from tests.pages import built_pages, page_address
from tests.sitebuild import ROOT, TEST_SITE_URL

#: Elements and attributes that name another resource.
LINK_ATTRIBUTES = {"href": ("a", "area", "link"), "src": None, "srcset": None, "poster": None}
NOT_FETCHED = ("javascript", "mailto", "tel", "data", "blob", "about")
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def _deploy_added() -> set[str]:
    """Addresses the deploy adds beside the built site: the offline bundle (extra.bundle_url)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    bundle = (config.get("extra") or {}).get("bundle_url")
    return {urljoin(TEST_SITE_URL, bundle)} if bundle and "://" not in bundle else set()


class Crawler:
    def __init__(self, site: Path):
        self.site = site
        self.deploy_added = _deploy_added()
        self.broken: list[str] = []
        self.checked = 0

    @cache  # noqa: B019 (one crawler per test)
    def ids(self, rel: str) -> frozenset[str]:
        tree = lxml.html.parse(str(self.site / rel))
        found = set(tree.xpath("//@id"))
        found.update(tree.xpath("//a/@name"))
        return frozenset(found)

    def target(self, url: str) -> str | None:
        """The site file an address of the site serves, or None."""
        path = unquote(urlsplit(url).path)[len(urlsplit(TEST_SITE_URL).path) :]
        candidate = self.site / path
        if path == "" or path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate.relative_to(self.site).as_posix() if candidate.is_file() else None

    def check(self, where: str, base: str, ref: str) -> None:
        ref = ref.strip()
        if not ref or urlsplit(ref).scheme in NOT_FETCHED:
            return
        url = urljoin(base, ref)
        parts = urlsplit(url)
        site = urlsplit(TEST_SITE_URL)
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) and parts.netloc != "":
            return  # another host: not this site's to resolve
        self.checked += 1
        if not parts.path.startswith(site.path):
            self.broken.append(f"{where}: {ref!r} leaves the site ({parts.path})")
            return
        if url.split("#")[0] in self.deploy_added:
            return
        rel = self.target(url)
        if rel is None:
            self.broken.append(f"{where}: {ref!r} -> no file for {parts.path}")
        elif parts.fragment and rel.endswith(".html"):
            if unquote(parts.fragment) not in self.ids(rel):
                self.broken.append(f"{where}: {ref!r} -> no id {parts.fragment!r} in {rel}")

    def page(self, rel: str) -> None:
        base = TEST_SITE_URL + page_address(rel)
        tree = lxml.html.parse(str(self.site / rel))
        for attr, tags in LINK_ATTRIBUTES.items():
            for el in tree.xpath(f"//*[@{attr}]"):
                if tags is not None and el.tag not in tags:
                    continue
                value = el.get(attr)
                refs = (
                    [c.split()[0] for c in value.split(",") if c.strip()]
                    if attr == "srcset"
                    else [value]
                )
                for ref in refs:
                    self.check(f"{rel}:{el.sourceline} <{el.tag} {attr}>", base, ref)

    def search_index(self, rel: str) -> None:
        index = json.loads((self.site / rel).read_text(encoding="utf-8"))
        root = TEST_SITE_URL + rel[: -len("search/search_index.json")]
        for doc in index["docs"]:
            self.check(f"{rel} ({doc['title'][:40]!r})", root, doc["location"] or "./")

    def sitemap(self, rel: str) -> None:
        tree = ElementTree.parse(self.site / rel)
        for url in tree.getroot().findall("s:url", SITEMAP_NS):
            self.check(f"{rel} <loc>", TEST_SITE_URL, url.find("s:loc", SITEMAP_NS).text)
            for alt in url.findall("x:link", SITEMAP_NS):
                self.check(f"{rel} <xhtml:link>", TEST_SITE_URL, alt.get("href"))

    def stylesheet(self, rel: str) -> None:
        text = (self.site / rel).read_text(encoding="utf-8")
        for match in re.finditer(r"""url\(\s*["']?([^"')]+)""", text):
            self.check(f"{rel} url()", TEST_SITE_URL + rel, match.group(1))


def test_every_internal_link_and_anchor_resolves(site):
    crawler = Crawler(site.site)
    pages = built_pages(site.site)
    for rel in pages:
        crawler.page(rel)
    indexes = sorted(
        p.relative_to(site.site).as_posix() for p in site.site.rglob("search_index.json")
    )
    for rel in indexes:
        crawler.search_index(rel)
    for sitemap in sorted(site.site.rglob("sitemap.xml")):
        crawler.sitemap(sitemap.relative_to(site.site).as_posix())
    for css in sorted(site.site.rglob("*.css")):
        crawler.stylesheet(css.relative_to(site.site).as_posix())
    assert not crawler.broken, f"{len(crawler.broken)} broken link(s):\n" + "\n".join(
        crawler.broken
    )
    assert {"search/search_index.json", "fr/search/search_index.json"} <= set(indexes)
    assert crawler.checked > 10 * len(pages)


def test_the_crawler_reports_a_missing_page_and_a_missing_anchor(tmp_path):
    site = tmp_path / "site"
    (site / "relay").mkdir(parents=True)
    (site / "relay" / "index.html").write_text('<h2 id="legs">Legs</h2>', encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="relay/#legs">ok</a><a href="relay/#nope">x</a><a href="togo/">x</a>'
        '<a href="#top">x</a><a href="https://other.org/">ok</a><img src="a.png">',
        encoding="utf-8",
    )
    crawler = Crawler(site)
    crawler.page("index.html")
    assert [b.split(": ", 1)[1] for b in crawler.broken] == [
        "'relay/#nope' -> no id 'nope' in relay/index.html",
        "'togo/' -> no file for /serum-run/togo/",
        "'#top' -> no id 'top' in index.html",
        "'a.png' -> no file for /serum-run/a.png",
    ]
