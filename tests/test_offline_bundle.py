"""The offline bundle (issue 5): one zip of the whole bilingual site, read from a folder.

The zip is built once per session with the documented command (scripts/bundle.py) and
unzipped into a folder with an awkward path (spaces, accents). The build tests read the
zip and the files; the browser tests open the pages from file:// in Chromium with every
request that is not a file of the bundle blocked and recorded, and assert what a reader
sees: navigation, the language switch to the twin page, search in each language, the
references page and its links, and not one request leaving the bundle.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from serumrun.l10n.labels import Labels
from serumrun.theme import offline as offline_module
from tests.sitebuild import (
    LANGUAGES,
    PROJECT,
    ROOT,
    TEST_SITE_URL,
    build_env,
    mkdocs_build,
    pages_by_language,
    url_prefix,
)

EPOCH = int(build_env()["SOURCE_DATE_EPOCH"])
#: Where the test unzips the bundle: spaces and accents, two levels deep.
LABELS = Labels(PROJECT)
AWKWARD_FOLDER = Path("dossier élève", "copie 1")
FOREIGN = ("unpkg.com", "fonts.googleapis.com", "fonts.gstatic.com")
SEARCH_QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text("utf-8"))


def _bundle_script():
    spec = importlib.util.spec_from_file_location("bundle_script", ROOT / "scripts" / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_script = _bundle_script()


def _html_name(rel_md: str) -> str:
    """'relay.md' -> 'relay.html': the bundle's address of a page (no directory URLs)."""
    return rel_md[: -len(".md")] + ".html"


def _expected_pages() -> set[str]:
    pages = pages_by_language(ROOT / "docs")
    return {url_prefix(lang) + _html_name(rel) for lang in LANGUAGES for rel in pages[lang]}


# --- The zip -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    """The bundle built once with `python scripts/bundle.py`: (zip path, stdout)."""
    out = tmp_path_factory.mktemp("dist")
    env = {**build_env(), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bundle.py"), "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    zips = list(out.glob("*.zip"))
    assert len(zips) == 1, zips
    return zips[0], proc.stdout


@pytest.fixture(scope="session")
def bundle_root(bundle, tmp_path_factory) -> Path:
    """The bundle unzipped under 'dossier élève/copie 1/': the folder a reader opens."""
    zip_path, _ = bundle
    dest = tmp_path_factory.mktemp("unzipped") / AWKWARD_FOLDER
    dest.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(dest)
    return dest / zip_path.stem


def test_bundle_is_named_for_the_site_and_its_version(bundle):
    zip_path, _ = bundle
    version = bundle_script.version(ROOT, EPOCH)
    assert zip_path.name == f"serum-run-1925-offline-{version}.zip"
    assert re.fullmatch(r"v?\d[\w.-]*|\d{4}-\d{2}-\d{2}", version), version


def test_bundle_command_prints_the_zip_and_its_size(bundle):
    zip_path, stdout = bundle
    match = re.fullmatch(r"(\S+\.zip) (\d+) bytes \([\d.]+ (?:bytes|kB|MB|GB)\)\n", stdout)
    assert match, stdout
    assert Path(match.group(1)).name == zip_path.name
    assert int(match.group(2)) == zip_path.stat().st_size


def test_zip_holds_one_folder_named_like_the_zip(bundle):
    zip_path, _ = bundle
    names = zipfile.ZipFile(zip_path).namelist()
    assert {name.split("/", 1)[0] for name in names} == {zip_path.stem}
    assert f"{zip_path.stem}/README.txt" in names


def test_zip_is_sorted_and_dated_from_source_date_epoch(bundle):
    zip_path, _ = bundle
    infos = zipfile.ZipFile(zip_path).infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    stamp = time.gmtime(EPOCH)[:6]
    assert {i.date_time for i in infos} == {stamp}
    assert {i.external_attr >> 16 for i in infos if not i.is_dir()} == {0o100644}


def test_zipping_the_same_folder_twice_gives_the_same_bytes(tmp_path):
    folder = tmp_path / "site"
    (folder / "fr").mkdir(parents=True)
    (folder / "index.html").write_text("en", encoding="utf-8")
    (folder / "fr" / "index.html").write_text("fr", encoding="utf-8")
    first, second = tmp_path / "a" / "b.zip", tmp_path / "b" / "b.zip"
    bundle_script.write_zip(folder, first, "top", EPOCH, {"README.txt": "x"})
    (folder / "index.html").touch()  # a newer mtime must not change the zip
    bundle_script.write_zip(folder, second, "top", EPOCH, {"README.txt": "x"})
    assert first.read_bytes() == second.read_bytes()


def test_bundle_has_every_page_in_both_languages_and_no_404(bundle_root):
    pages = {p.relative_to(bundle_root).as_posix() for p in bundle_root.rglob("*.html")}
    assert pages == _expected_pages()
    assert {"index.html", "fr/index.html", "references.html", "fr/references.html"} <= pages


def test_each_language_has_its_own_search_index_script(bundle_root):
    pages = pages_by_language(ROOT / "docs")
    for lang in LANGUAGES:
        script = (bundle_root / url_prefix(lang) / "search" / "search_index.js").read_text("utf-8")
        assert script.startswith("var __index = ")
        index = json.loads(script[len("var __index = ") :])
        assert index["config"]["lang"] == [lang]
        located = {doc["location"].split("#")[0] or "index.html" for doc in index["docs"]}
        assert located == {_html_name(rel) for rel in pages[lang]}, lang


def test_search_shim_is_served_from_the_bundle_with_its_licence(bundle_root):
    shim = bundle_root / offline_module.SHIM_URL
    assert hashlib.sha256(shim.read_bytes()).hexdigest() == offline_module.SHIM_SHA256
    assert "Permission is hereby granted" in (shim.parent / "LICENSE").read_text("utf-8")
    for page in bundle_root.rglob("*.html"):
        srcs = [s["src"] for s in _soup(page).select("script[src]")]
        assert any((page.parent / src).resolve() == shim.resolve() for src in srcs), page


def test_nothing_in_the_bundle_loads_from_another_host(bundle_root):
    for path in bundle_root.rglob("*"):
        if path.suffix in {".html", ".js", ".css", ".json", ".txt", ".svg"}:
            text = path.read_text("utf-8")
            for host in FOREIGN:
                assert host not in text, f"{path.relative_to(bundle_root)} names {host}"
    for page in bundle_root.rglob("*.html"):
        soup = _soup(page)
        loaded = [t.get("src") for t in soup.select("[src]")] + [
            link.get("href")
            for link in soup.select("link[href]")
            if not {"canonical", "alternate"} & set(link.get("rel", []))
        ]
        remote = [u for u in loaded if re.match(r"(?:https?:)?//", u or "")]
        assert remote == [], f"{page.relative_to(bundle_root)} loads {remote}"


def test_every_link_inside_the_bundle_reaches_its_file_and_anchor(bundle_root):
    problems = []
    for page in sorted(bundle_root.rglob("*.html")):
        soup = _soup(page)
        for tag in soup.select("a[href], link[href], script[src], img[src]"):
            url = tag.get("href") or tag.get("src")
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                problems.append(f"{page.relative_to(bundle_root)}: {url} (no file)")
            elif parts.fragment and target.suffix == ".html":
                if not _soup(target).find(id=unquote(parts.fragment)):
                    problems.append(f"{page.relative_to(bundle_root)}: {url} (no anchor)")
    assert problems == []


def test_every_page_switches_to_its_twin(bundle_root):
    for rel in sorted(_expected_pages()):
        page = bundle_root / rel
        first, _, rest = rel.partition("/")
        name = rest if first in LANGUAGES else rel  # the page's path under its language root
        links = _soup(page).select(".md-header a[data-serumrun-switch]")
        assert {link["hreflang"] for link in links} == set(LANGUAGES), rel
        for link in links:
            twin = bundle_root / url_prefix(link["hreflang"]) / name
            assert (page.parent / link["href"]).resolve() == twin.resolve(), (rel, link)


def test_canonical_and_hreflang_links_name_the_website_pages(bundle_root):
    head = _soup(bundle_root / "fr" / "relay.html").head
    assert head.select_one("link[rel=canonical]")["href"] == TEST_SITE_URL + "fr/relay/"
    hreflang = {link["hreflang"]: link["href"] for link in head.select("link[hreflang]")}
    assert hreflang == {
        "en": TEST_SITE_URL + "relay/",
        "fr": TEST_SITE_URL + "fr/relay/",
        "x-default": TEST_SITE_URL + "relay/",
    }
    home = _soup(bundle_root / "index.html").head
    assert home.select_one("link[rel=canonical]")["href"] == TEST_SITE_URL


def test_bundle_links_to_the_current_bundle_on_the_website(bundle_root):
    for lang in LANGUAGES:
        link = _soup(bundle_root / url_prefix(lang) / "index.html").select_one(
            "a[data-serumrun-download]"
        )
        assert link["href"] == TEST_SITE_URL + "downloads/serum-run-1925-offline.zip"
        assert link.get_text(strip=True) == LABELS.text("download.label", lang)


def test_website_links_to_the_bundle_where_the_deploy_puts_it(site):
    assert f"{bundle_script.NAME}.zip" in _offline_config()[1].extra["bundle_url"]
    pages = [("index.html", "en"), ("relay/index.html", "en"), ("fr/relay/index.html", "fr")]
    for page, lang in pages:
        link = site.soup(page).select_one("a[data-serumrun-download]")
        assert link.get_text(strip=True) == LABELS.text("download.label", lang)
        target = (site.site / page).parent / link["href"]
        assert target.resolve() == (site.site / "downloads/serum-run-1925-offline.zip").resolve()


# --- The configuration -------------------------------------------------------------------


@cache
def _offline_config():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.offline.yml")), load_config(str(ROOT / "mkdocs.yml"))


def test_offline_plugin_comes_after_i18n():
    # Before i18n, the offline plugin would inline an index of one language only.
    offline, _ = _offline_config()
    plugins = list(offline.plugins)
    assert plugins.index("i18n") < plugins.index("material/offline"), plugins


def test_offline_config_is_the_site_config_plus_the_bundle_settings():
    offline, website = _offline_config()
    assert list(offline.hooks) == list(website.hooks)
    # The serumrun plugin (whose offline part acts only here) comes with the inheritance.
    assert "serumrun" in offline.plugins and "serumrun" in website.plugins
    assert offline.use_directory_urls is False
    assert Path(offline.site_dir) != Path(website.site_dir)
    assert not Path(offline.site_dir).is_relative_to(website.site_dir)
    for key in ("nav", "markdown_extensions", "mdx_configs", "docs_dir", "site_url", "extra"):
        assert offline[key] == website[key], key
    assert offline.theme.name == website.theme.name
    assert offline.theme.custom_dir == website.theme.custom_dir


def test_a_changed_shim_fails_the_bundle_build(project_copy, tmp_path):
    shutil.copy(ROOT / "mkdocs.offline.yml", project_copy / "mkdocs.offline.yml")
    shim = project_copy / "serumrun" / "assets" / "iframe-worker" / "shim.js"
    shim.write_text(shim.read_text("utf-8") + "\n// local change\n", encoding="utf-8")
    # The copy's own package (its changed shim): built by the script, in a subprocess.
    build = mkdocs_build(
        project_copy, tmp_path / "offline", config="mkdocs.offline.yml", pythonpath=project_copy
    )
    assert build.returncode != 0
    assert f"is not iframe-worker {offline_module.SHIM_VERSION}'s shim" in build.output


def test_vendored_shim_is_the_pinned_npm_package():
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    assert package["devDependencies"]["iframe-worker"] == offline_module.SHIM_VERSION
    assert lock["packages"]["node_modules/iframe-worker"]["version"] == offline_module.SHIM_VERSION
    installed = ROOT / "node_modules" / "iframe-worker"
    assert installed.is_dir(), "node_modules is missing: run `make install-dev` (npm ci)"
    vendored = offline_module.SHIM_SOURCE
    assert (installed / "shim" / "index.js").read_bytes() == (vendored / "shim.js").read_bytes()
    assert (installed / "LICENSE").read_bytes() == (vendored / "LICENSE").read_bytes()


# --- In Chromium, from file:// -------------------------------------------------------------


def _offline_traffic(page):
    """Block and record every request that is not a file (tests/browser.py: watch)."""
    from tests.browser import watch

    traffic = watch(page, allowed_hosts=())
    page.on("requestfailed", lambda r: traffic.failed.append(f"{r.failure} {r.url}"))
    return traffic


def _assert_quiet(traffic) -> None:
    assert traffic.foreign == [], "requests left the bundle"
    assert traffic.failed == []
    assert traffic.console_errors == []
    assert traffic.requests and all(u.startswith("file://") for u in traffic.requests)


def _url(root: Path, rel: str) -> str:
    return (root / rel).as_uri()


def _switch_language(page, lang: str) -> None:
    page.hover(".md-header .md-select")
    page.click(f".md-header a[data-serumrun-switch][hreflang={lang}]")
    page.wait_for_load_state("load")


@pytest.mark.browser
def test_navigation_between_pages_works_from_a_folder(page, bundle_root):
    traffic = _offline_traffic(page)

    def follow(selector: str) -> None:
        # Each page loads whole before the next click: a click during the load would
        # abort the page's own requests, which the traffic would count as failures.
        page.click(selector)
        page.wait_for_load_state("load")

    page.goto(_url(bundle_root, "index.html"))
    follow('.md-sidebar--primary a.md-nav__link[href="relay.html"]')
    assert page.url == _url(bundle_root, "relay.html")
    assert page.inner_text("article h1")
    next_href = page.get_attribute("a.md-footer__link--next", "href")
    follow("a.md-footer__link--next")
    assert page.url == _url(bundle_root, next_href)
    follow("a.md-header__button.md-logo")
    assert page.url == _url(bundle_root, "index.html")
    page.goto(_url(bundle_root, "fr/index.html"))
    follow('.md-sidebar--primary a.md-nav__link[href="relay.html"]')
    assert page.url == _url(bundle_root, "fr/relay.html")
    assert page.get_attribute("html", "lang") == "fr"
    _assert_quiet(traffic)


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["relay.html", "index.html"])
def test_switcher_goes_to_the_twin_page(page, bundle_root, rel):
    traffic = _offline_traffic(page)
    page.goto(_url(bundle_root, rel))
    anchor = page.eval_on_selector_all("article h2[id]", "els => els.map(e => e.id)")[0]
    page.goto(_url(bundle_root, rel) + "#" + anchor)
    _switch_language(page, "fr")
    assert page.url == _url(bundle_root, "fr/" + rel) + "#" + anchor
    assert page.get_attribute("html", "lang") == "fr"
    _switch_language(page, "en")
    assert page.url == _url(bundle_root, rel) + "#" + anchor
    assert page.get_attribute("html", "lang") == "en"
    _assert_quiet(traffic)


def _lang_root(bundle_root: Path, lang: str) -> str:
    return _url(bundle_root, url_prefix(lang) + "index.html").rsplit("/", 1)[0] + "/"


@pytest.fixture(scope="module")
def relay_page(browser, bundle_root):
    """`relay_page(lang)`: the relay page of `lang` from file://, opened once and searched by
    every query of that language (the index is built once per language), with its traffic
    since it opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = {}

    def open_relay(lang: str):
        if lang not in opened:
            page = context.new_page()
            traffic = _offline_traffic(page)
            page.goto(_lang_root(bundle_root, lang) + "relay.html")
            opened[lang] = page, traffic
        opened[lang][0].bring_to_front()  # a tab in the background runs its timers late
        return opened[lang]

    yield open_relay
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("case", SEARCH_QUERIES, ids=lambda c: f"{c['lang']}-{c['query']}")
def test_search_finds_words_of_the_page_language(relay_page, bundle_root, case):
    from tests.browser import search

    page, traffic = relay_page(case["lang"])
    lang_root = _lang_root(bundle_root, case["lang"])
    found = [u.split("?")[0].split("#")[0] for u in search(page, case["query"])]
    if case.get("none"):
        assert found == []
    else:
        assert found, f"{case['query']!r} found nothing"
        for url in found:
            assert url.startswith(lang_root), url
            if case["lang"] != "fr":
                assert not url.startswith(_url(bundle_root, "fr")), url
        expected = case["expect"][:-1] + ".html" if case["expect"] else "index.html"
        assert lang_root + expected in found, found
    _assert_quiet(traffic)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_references_page_and_its_links_work(page, bundle_root, lang):
    traffic = _offline_traffic(page)
    references = _url(bundle_root, url_prefix(lang) + "references.html")
    page.goto(references)
    assert page.get_attribute("html", "lang") == lang
    links = page.eval_on_selector_all("article a[href]", "els => els.map(e => e.href)")
    local = [u for u in links if u.startswith("file://")]
    assert local, "the references page links to no page of the bundle"
    for url in local:
        parts = urlsplit(url)
        target = Path(unquote(parts.path))
        assert target.is_file(), url
        if parts.fragment:
            assert _soup(target).find(id=unquote(parts.fragment)), url
    # A backlink to a citing section, followed in the browser, lands on that section.
    backlink = next(u for u in local if "#" in u and not u.startswith(references))
    _click_link_to(page, backlink)
    assert page.locator(f'[id="{unquote(urlsplit(backlink).fragment)}"]').count() == 1
    # And a citation on that page leads back to its entry on the references page.
    citation = page.eval_on_selector('article a[href^="references.html#"]', "e => e.href")
    _click_link_to(page, citation)
    assert page.locator(f'[id="{urlsplit(citation).fragment}"]').count() == 1
    _assert_quiet(traffic)


@pytest.mark.browser
def test_no_request_leaves_the_bundle_from_any_page(page, bundle_root):
    from tests.browser import search

    traffic = _offline_traffic(page)
    for rel in sorted(_expected_pages()):
        page.goto(_url(bundle_root, rel), wait_until="load")
        page.hover(".md-header .md-select")  # the switcher may fetch on hover
        assert search(page, "Nome"), rel
        page.keyboard.press("Escape")
    _assert_quiet(traffic)
    assert len(traffic.requests) > len(_expected_pages())


# --- Helpers ------------------------------------------------------------------------------


@cache
def _soup_cached(path: str, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text("utf-8"), "lxml")


def _soup(path: Path) -> BeautifulSoup:
    return _soup_cached(str(path), path.stat().st_mtime)


def _click_link_to(page, url: str) -> None:
    """Click the first link of the article whose resolved address is `url`; wait to get there."""
    page.eval_on_selector_all(
        "article a[href]", "(els, url) => els.find(e => e.href === url).click()", url
    )
    page.wait_for_url(url)
