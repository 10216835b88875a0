"""Wire the two languages together: twins, hreflang, per-language search, 404 and extensions.

mkdocs-static-i18n builds the site once per language (English first, then French from
inside English's `on_post_build`), with the same config object and these hooks running
in every pass. This module fixes what the stock stack gets wrong for a bilingual site:

* a page without its twin fails the build (instead of a silent English fallback);
* hreflang links are absolute, reciprocal, with x-default, for existing twins only;
* each language gets its own search index (`search/` and `fr/search/`);
* each language gets its own 404 page (`404.html` and `fr/404.html`);
* the project's Markdown extensions are told the language of the page they render.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from serumrun import minify
from serumrun.i18n import DEFAULT_LANGUAGE, LANGUAGES, missing_twins, url_prefix
from serumrun.labels import label
from serumrun.meta import SiteMeta

log = logging.getLogger("mkdocs.hooks.serumrun.i18n")

#: A Markdown link (inline or reference definition) into another language's folder.
_CROSS_LANGUAGE_LINK = re.compile(
    r"(?:\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?)((?:\.\./)+(" + "|".join(LANGUAGES) + r")/[^)\s>]*)",
    re.MULTILINE,
)

#: 404 pages rendered in each language pass, written to their folders at the end.
_not_found_pages: dict[str, str] = {}
#: Link previews, JSON-LD, last-change dates and "cite this page" (serumrun/meta.py).
_site_meta: list[SiteMeta] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    problems = missing_twins(Path(config.docs_dir))
    if problems:
        raise PluginError(
            "Every page must exist in every language (no silent fallback):\n  "
            + "\n  ".join(problems)
        )
    _site_meta[:] = [SiteMeta.open(Path(config.config_file_path).parent)]
    return config


def on_env(env, *, config: MkDocsConfig, files):
    env.globals["ui"] = label
    return env


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    # MkDocs builds a new Markdown instance for each page from mdx_configs, so setting
    # the language here reaches the project's extensions for this page only.
    lang = _page_lang(page)
    _forbid_cross_language_links(markdown, page)
    page_uri = page.file.src_uri.split("/", 1)[1]  # 'fr/relay.md' -> 'relay.md'
    for name in config.markdown_extensions:
        if isinstance(name, str) and name.startswith("serumrun."):
            options = config.mdx_configs.setdefault(name, {})
            options["lang"] = lang
            options["page_uri"] = page_uri
    return markdown


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    # The switcher links to the twin page itself, as a relative URL (static-i18n gives
    # the home page an absolute "/fr/", which breaks under file:// and forks' paths).
    alternates = getattr(page.file, "alternates", {}) or {}
    for alt in config.extra.get("alternate") or []:
        twin = alternates.get(alt["lang"])
        if twin is not None:
            alt["link"] = twin.url
    context["page_lang"] = _page_lang(page)
    context["hreflang"] = _hreflang(page, config)
    context["page_info"] = _site_meta[0].for_page(page, config, context["hreflang"])
    # The search index of this page's language lives under the language root.
    context["search_base_suffix"] = url_prefix(_page_lang(page))
    return context


@event_priority(0)  # after hooks/markup.py's exact repairs, before hooks/security.py hashes
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    # Material's indentation, one line break a run (serumrun/minify.py, issue 16: the
    # first view stays within 80 kB).
    return minify.collapse_html(output)


def on_template_context(context, *, template_name: str, config: MkDocsConfig):
    # The 404 page has no page: its language is the pass's, and so is its search index.
    if template_name == "404.html":
        context["search_base_suffix"] = url_prefix(_current_language(config))
    return context


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output
    lang = _current_language(config)
    _not_found_pages[lang] = output
    # Each pass writes site/404.html; keep the default language's there.
    return _not_found_pages.get(DEFAULT_LANGUAGE, output)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config: MkDocsConfig) -> None:
    if _i18n(config).building:
        return  # an inner language pass; the outer pass finishes the job
    site = Path(config.site_dir)
    for lang, html in _not_found_pages.items():
        target = site / url_prefix(lang) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    _split_search_index(site)


def _forbid_cross_language_links(markdown: str, page: Page) -> None:
    """A page links within its own language; the switcher goes to the twin.

    mkdocs-static-i18n silently rewrites `../en/relay.md` in a French page to the French
    page, so such a link never does what its author meant: refuse it instead.
    """
    for match in _CROSS_LANGUAGE_LINK.finditer(markdown):
        # Line numbers of the file itself (the markdown here has lost its front matter).
        raw = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        line = raw.count("\n", 0, max(raw.find(match.group(1)), 0)) + 1
        raise PluginError(
            f"docs/{page.file.src_uri}:{line}: link to {match.group(1)!r} crosses into the "
            f"'{match.group(2)}' folder; link to the page in this language (e.g. "
            f"'{match.group(1).split('/', 2)[-1]}'): readers change language with the switcher"
        )


def _i18n(config: MkDocsConfig):
    return config.plugins["i18n"]


def _current_language(config: MkDocsConfig) -> str:
    return _i18n(config).current_language or DEFAULT_LANGUAGE


def _page_lang(page: Page) -> str:
    return getattr(page.file, "locale", None) or DEFAULT_LANGUAGE


def _hreflang(page: Page, config: MkDocsConfig) -> list[dict[str, str]]:
    """Absolute alternates of a page, one per language whose twin really exists."""
    alternates = getattr(page.file, "alternates", {}) or {}
    links = []
    for lang in LANGUAGES:
        twin = alternates.get(lang)
        if twin is None or getattr(twin, "locale", lang) != lang:
            continue  # no real twin in that language (a fallback file is not one)
        if not Path(twin.abs_src_path).is_file():
            continue
        links.append({"lang": lang, "href": _absolute(config, twin.url)})
    by_lang = {link["lang"]: link["href"] for link in links}
    if DEFAULT_LANGUAGE in by_lang:
        links.append({"lang": "x-default", "href": by_lang[DEFAULT_LANGUAGE]})
    return links


def _absolute(config: MkDocsConfig, url: str) -> str:
    return urljoin(config.site_url or "/", "" if url == "./" else url)


def _split_search_index(site: Path) -> None:
    """Turn static-i18n's one mixed index into one index per language, under its root."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        prefix = url_prefix(lang)
        docs = []
        for doc in index["docs"]:
            location = doc["location"]
            doc_lang = next(
                (
                    lg
                    for lg in LANGUAGES
                    if lg != DEFAULT_LANGUAGE and location.startswith(f"{lg}/")
                ),
                DEFAULT_LANGUAGE,
            )
            if doc_lang == lang:
                docs.append({**doc, "location": location[len(prefix) :]})
        out = {**index, "config": {**index["config"], "lang": [lang]}, "docs": docs}
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
            encoding="utf-8",
        )
