"""A third language needs mkdocs.yml, its pages and its strings, and no line of Python (issue 23).

A copy of the project gets German: `de` in the i18n languages of mkdocs.yml, docs/en/
copied to docs/de/, and every English text of the data copied under `de:` (marked as
untranslated copies). It builds, and German is wired like French: `lang`, hreflang,
the switcher, its own search index and 404 page, the status page, CLDR's numbers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.sitebuild import TEST_SITE_URL, build_env, mkdocs_build, redraw_map

GERMAN = """      - locale: de
        name: Deutsch
        build: true
        site_name: Das Serum-Rennen 1925
"""


def add_language(project: Path, lang: str = "de", *, strings: bool = True) -> None:
    """German in mkdocs.yml and docs/de/; with `strings`, the data's English texts copied."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "  # The project's machinery"
    assert text.count(anchor) == 1
    config.write_text(text.replace(anchor, GERMAN.replace("de", lang, 1) + anchor), "utf-8")
    shutil.copytree(project / "docs/en", project / f"docs/{lang}")
    # Each page records what it translates (`source_commit`); a copy without git history
    # can only say `new`, a page written with its twin (CONTRIBUTING.md).
    for page in (project / f"docs/{lang}").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("---\n"), page
        page.write_text("---\nsource_commit: new\n" + text[4:], encoding="utf-8")
    if not strings:
        return
    for name in ("bibliography.yml", "relay.yml", "people.yml"):
        path = project / "data" / name
        data = _copy_english(yaml.safe_load(path.read_text(encoding="utf-8")), lang)
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(f"# {lang}: untranslated copies of the English texts\n{dumped}", "utf-8")
    labels = project / "data/labels.yml"
    text = labels.read_text(encoding="utf-8")
    english = text[text.index("\nen:\n") + 1 : text.index("\nfr:\n") + 1]
    copied = english.replace("en:\n", f"{lang}:\n", 1)
    labels.write_text(f"{text}# {lang}: untranslated copies of the English labels\n{copied}")


def _copy_english(node, lang: str):
    """Every text keyed by language gets `lang`, a copy of its English text."""
    if isinstance(node, dict):
        if "en" in node and set(node) <= {"en", "fr"}:
            return {**node, lang: node["en"]}
        return {key: _copy_english(value, lang) for key, value in node.items()}
    if isinstance(node, list):
        return [_copy_english(value, lang) for value in node]
    return node


@pytest.fixture(scope="module")
def german(copies):
    project = copies("german")
    add_language(project)
    # Its link-preview card, drawn as for any language (Debian's Chromium).
    drawn = subprocess.run(
        [sys.executable, "scripts/og_image.py"],
        cwd=project,
        env={**build_env(), "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
    )
    assert drawn.returncode == 0, drawn.stdout + drawn.stderr
    redraw_map(project)  # its route map, drawn as for any language (`make map`)
    build = mkdocs_build(project, project.parent / "site")
    assert build.returncode == 0, build.output
    return build


def _soup(build, path: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / path).read_text(encoding="utf-8"), "lxml")


def test_german_pages_have_their_language_and_every_alternate(german):
    soup = _soup(german, "de/relay/index.html")
    assert soup.html["lang"] == "de"
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")
    }
    assert alternates == {
        "en": f"{TEST_SITE_URL}relay/",
        "fr": f"{TEST_SITE_URL}fr/relay/",
        "de": f"{TEST_SITE_URL}de/relay/",
        "x-default": f"{TEST_SITE_URL}relay/",
    }
    for path in ("relay/index.html", "fr/relay/index.html"):  # the others name German too
        assert f"{TEST_SITE_URL}de/relay/" in {
            link["href"] for link in _soup(german, path).select("link[hreflang=de]")
        }
    assert soup.select_one('meta[property="og:locale"]')["content"] == "de_DE"
    card = soup.select_one('meta[property="og:image"]')["content"]
    assert card == f"{TEST_SITE_URL}assets/social/card-de.png"
    assert (german.site / "assets/social/card-de.png").is_file()
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert '"inLanguage": "de"' in json.dumps(data)


def test_the_switcher_offers_every_language(german):
    for path in ("relay/index.html", "fr/relay/index.html", "de/relay/index.html"):
        links = {a["hreflang"] for a in _soup(german, path).select("a[data-serumrun-switch]")}
        assert links == {"en", "fr", "de"}, path


def test_german_has_its_own_search_index_and_404(german):
    index = json.loads((german.site / "de/search/search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["de"]
    assert index["docs"] and all(not doc["location"].startswith("..") for doc in index["docs"])
    english = json.loads((german.site / "search/search_index.json").read_text("utf-8"))
    assert len(index["docs"]) == len(english["docs"])
    assert _soup(german, "de/404.html").html["lang"] == "de"


def test_the_status_page_has_a_column_per_translation(german):
    headers = [
        th.get_text()
        for th in _soup(german, "translation-status/index.html").select(
            "table[data-translation-status] th"
        )
    ]
    assert headers == ["Page", "French translation", "German translation"]
    french = _soup(german, "fr/translation-status/index.html")
    assert [th.get_text() for th in french.select("table[data-translation-status] th")][1:] == [
        "Traduction en français",
        "Traduction en allemand",
    ]


def test_numbers_and_dates_follow_cldrs_german(german):
    relay = (german.site / "de/relay/index.html").read_text(encoding="utf-8")
    assert "674 mi (1.085 km)" in relay  # CLDR's German grouping; miles first by default
    assert re.search(r"<time datetime=\"1924-12\">Dezember 1924", relay)
    assert "1\u202f085\u00a0km (674\u00a0milles)" in (
        german.site / "fr/relay/index.html"
    ).read_text(encoding="utf-8")


def test_missing_strings_are_listed_all_at_once(project_copy, tmp_path):
    project = project_copy
    add_language(project, strings=False)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    missing = re.findall(r"^  (data/\w+\.yml):(\d+): (.*) has no text in 'de'", build.output, re.M)
    files = {path for path, _, _ in missing}
    assert files == {
        "data/labels.yml",
        "data/bibliography.yml",
        "data/relay.yml",
        "data/people.yml",
    }
    assert len(missing) > 200
    assert ("data/labels.yml", "4", "label '404.title'") in missing
    assert "docs/assets/social/card-de.png: found no link-preview card for 'de'" in build.output
    assert not (tmp_path / "site").exists()


def test_wrong_language_rules_are_reported_with_file_and_line(project_copy, tmp_path):
    project = project_copy
    rules = project / "data/languages.yml"
    text = rules.read_text(encoding="utf-8")
    text = text.replace("  metric_first: true\n", "  metric_first: yes please\n  metric: true\n")
    rules.write_text(text + "xx:\n  clock: h\n", encoding="utf-8")
    lines = rules.read_text(encoding="utf-8").splitlines()
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert (
        f"data/languages.yml:{lines.index('  metric_first: yes please') + 1}: "
        "metric_first: found 'yes please', expected true or false"
    ) in build.output
    assert f"data/languages.yml:{lines.index('  metric: true') + 1}: unknown field 'metric'" in (
        build.output
    )
    assert f"data/languages.yml:{lines.index('xx:') + 1}: found language 'xx'" in build.output


def test_the_offline_bundle_has_german(german, tmp_path):
    project = german.site.parent / "project"
    bundled = subprocess.run(
        [sys.executable, "scripts/bundle.py", "-o", str(tmp_path)],
        cwd=project,
        env={**build_env(), "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
    )
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr
    (archive,) = tmp_path.glob("*.zip")
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        (relay,) = [name for name in names if name.endswith("/de/relay.html")]
        page = BeautifulSoup(bundle.read(relay).decode("utf-8"), "lxml")
    assert page.html["lang"] == "de"
    assert {a["hreflang"] for a in page.select("a[data-serumrun-switch]")} == {"en", "fr", "de"}
