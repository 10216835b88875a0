"""Tell readers how each translation stands against its original (issue 6).

* `on_config`: one `git log` (serumrun.translations.statuses) gives the status of every
  translated page: up to date, outdated since a date, missing or new. Without git
  history (a tarball, a shallow clone, a copy of the tree) every status is "unknown"
  and nothing is shown: the build never fails for want of history.
* `on_page_context`: an outdated translation gets `translation_notice` (the date of
  the first change it lacks, the URL of the original), which
  overrides/partials/translation-notice.html shows above the page.
* `on_page_markdown`: the marker `[[translation-status]]` on a line of its own
  (docs/<lang>/translation-status.md) becomes the table of every page with the status
  of its translation, from the template translation_status.html beside this module.

mkdocs-static-i18n builds once per language with the same config: `on_config` runs
once, the page events in every pass.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from serumrun.bibliography import format_date
from serumrun.i18n import DEFAULT_LANGUAGE, lang_of_src
from serumrun.labels import label
from serumrun.templating import hook_template
from serumrun.translations import (
    TRANSLATIONS,
    FrontMatterError,
    Status,
    parse_front_matter,
    statuses,
)

MARKER_RE = re.compile(r"^\[\[translation-status\]\][ \t]*$", re.MULTILINE)

_TEMPLATE = hook_template("translation_status.html")

#: {(lang, rel): Status} of the build under way.
_statuses: dict[tuple[str, str], Status] = {}
#: Pages of the current language pass in nav order ('relay.md', ...).
_nav_order: list[str] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _statuses.clear()
    _statuses.update(statuses(Path(config.docs_dir).parent))
    return config


def on_nav(nav, *, config: MkDocsConfig, files: Files):
    _nav_order[:] = [_rel(page.file.src_uri) for page in nav.pages]
    return nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not MARKER_RE.search(markdown):
        return markdown
    table = _status_table(page, config, files)
    return MARKER_RE.sub(lambda _: table, markdown)


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    context["translation_notice"] = None
    lang = lang_of_src(page.file.src_uri)
    status = _statuses.get((lang, _rel(page.file.src_uri)))
    original = (getattr(page.file, "alternates", None) or {}).get(DEFAULT_LANGUAGE)
    if status is not None and status.state == "outdated" and original is not None:
        context["translation_notice"] = {
            "date": format_date(status.since, lang),
            "url": original.url,
            "lang": DEFAULT_LANGUAGE,
        }
    return context


def _status_table(page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = lang_of_src(page.file.src_uri) or DEFAULT_LANGUAGE
    docs = Path(config.docs_dir)
    pages = {rel for _, rel in _statuses} | {
        _rel(f.src_uri) for f in files.documentation_pages() if lang_of_src(f.src_uri) == lang
    }
    order = {rel: i for i, rel in enumerate(_nav_order)}
    rows = []
    for rel in sorted(pages, key=lambda r: (order.get(r, len(order)), r)):
        file = files.get_file_from_path(f"{lang}/{rel}")
        cells = [_cell(_statuses.get((other, rel)), lang) for other in TRANSLATIONS]
        rows.append(
            {
                "title": _title(docs / lang / rel) or _title(docs / DEFAULT_LANGUAGE / rel) or rel,
                "href": get_relative_url(file.url, page.url) if file else None,
                "cells": cells,
            }
        )
    # No blank line in the output: Markdown would end the raw HTML block there.
    return _TEMPLATE.render(
        rows=rows, translations=TRANSLATIONS, ui=lambda key: label(key, lang)
    ).strip()


def _cell(status: Status | None, lang: str) -> dict[str, str]:
    state = status.state if status else "unknown"
    text = label(f"translation.status.{state}", lang)
    if status is not None and status.since:
        text = text.format(date=format_date(status.since, lang))
    return {"state": state, "text": text}


def _title(path: Path) -> str | None:
    try:
        meta = parse_front_matter(path.read_text(encoding="utf-8"), path.name)[0]
    except (OSError, FrontMatterError):
        return None
    return meta["title"]


def _rel(src_uri: str) -> str:
    """'fr/relay.md' -> 'relay.md'."""
    return src_uri.split("/", 1)[1] if lang_of_src(src_uri) else src_uri
