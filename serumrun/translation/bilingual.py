"""What the stock stack gets wrong for a bilingual site, fixed for the plugin:

* hreflang links are absolute, reciprocal, with x-default, for existing twins only;
* a page links within its own language (static-i18n would silently rewrite a link into
  the other language's folder to this language's page);
* each language gets its own search index (`search/` and `fr/search/`) and its own 404
  page (`404.html` and `fr/404.html`).

A page without its twin is refused earlier, by Project.missing_twins (serumrun/project.py).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from serumrun.project import Project


def switch_to_twins(page: Page, alternates: list[dict]) -> None:
    """The switcher links to the twin page itself, as a relative URL (static-i18n gives
    the home page an absolute "/fr/", which breaks under file:// and forks' paths)."""
    twins = getattr(page.file, "alternates", {}) or {}
    for alt in alternates:
        if alt["lang"] in twins:
            alt["link"] = twins[alt["lang"]].url


def cross_language_links(markdown: str, page: Page, project: Project) -> None:
    """A page links within its own language; the switcher goes to the twin."""
    # A crossing link holds `../<lang>/`: a page without one is not read again (the
    # pattern may start at a line's start, so the engine would try it at every character).
    if not any(f"../{lang}/" in markdown for lang in project.languages):
        return
    match = _cross_language_link(project.languages).search(markdown)
    if match is None:
        return
    # Line numbers of the file itself (the markdown here has lost its front matter).
    raw = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    line = raw.count("\n", 0, max(raw.find(match.group(1)), 0)) + 1
    raise PluginError(
        f"{project.display(page.file.abs_src_path)}:{line}: "
        + crossing_message(match.group(1), match.group(2))
    )


def crossing_message(target: str, lang: str) -> str:
    """What is wrong with a link into another language's folder, and what to write (the
    build's check above and the contributor check, serumrun/checks/twins.py, say the same)."""
    return (
        f"link to {target!r} crosses into the '{lang}' folder; link to the page in this "
        f"language (e.g. '{target.split('/', 2)[-1]}'): readers change language with the "
        "switcher"
    )


@functools.cache
def _cross_language_link(languages: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        r"(?:\]\(\s*<?|^[ \t]*\[[^\]\n]+\]:[ \t]*<?)((?:\.\./)+("
        + "|".join(map(re.escape, languages))
        + r")/[^)\s>]*)",
        re.MULTILINE,
    )


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
