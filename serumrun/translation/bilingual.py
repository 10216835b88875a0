"""What the stock stack gets wrong for a bilingual site, fixed for the plugin:

* hreflang links are absolute, reciprocal, with x-default, for existing twins only;
* each language gets its own search index (`search/` and `fr/search/`) and its own 404
  page (`404.html` and `fr/404.html`).

A page without its twin is refused earlier, by Project.missing_twins (serumrun/project.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.structure.pages import Page

from serumrun.project import Project


def switch_to_twins(page: Page, alternates: list[dict]) -> None:
    """The switcher links to the twin page itself, as a relative URL (static-i18n gives
    the home page an absolute "/fr/", which breaks under file:// and forks' paths)."""
    twins = getattr(page.file, "alternates", {}) or {}
    for alt in alternates:
        if alt["lang"] in twins:
            alt["link"] = twins[alt["lang"]].url


def hreflang(page: Page, site_url: str | None, project: Project) -> list[dict[str, str]]:
    """Absolute alternates of a page, one per language whose twin really exists."""
    alternates = getattr(page.file, "alternates", {}) or {}
    links = []
    for lang in project.languages:
        twin = alternates.get(lang)
        if twin is None or getattr(twin, "locale", lang) != lang:
            continue  # no real twin in that language (a fallback file is not one)
        if not Path(twin.abs_src_path).is_file():
            continue
        links.append({"lang": lang, "href": _absolute(site_url, twin.url)})
    by_lang = {link["lang"]: link["href"] for link in links}
    if project.default_language in by_lang:
        links.append({"lang": "x-default", "href": by_lang[project.default_language]})
    return links


def _absolute(site_url: str | None, url: str) -> str:
    return urljoin(site_url or "/", "" if url == "./" else url)


def write_not_found_pages(site: Path, pages: dict[str, str], project: Project) -> None:
    """The 404 page of each language pass, in that language's root."""
    for lang, html in pages.items():
        target = site / project.url_prefix(lang) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


def split_search_index(site: Path, project: Project) -> None:
    """Turn static-i18n's one mixed index into one index per language, under its root."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for lang in project.languages:
        prefix = project.url_prefix(lang)
        docs = [
            {**doc, "location": doc["location"][len(prefix) :]}
            for doc in index["docs"]
            if _doc_language(doc["location"], project) == lang
        ]
        out = {**index, "config": {**index["config"], "lang": [lang]}, "docs": docs}
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
            encoding="utf-8",
        )


def _doc_language(location: str, project: Project) -> str:
    return next(
        (lang for lang in project.translations if location.startswith(f"{lang}/")),
        project.default_language,
    )
