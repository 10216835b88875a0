"""How each translation stands against its original (issue 6), from one `git log`.

Up to date, outdated since a date, missing, new, or "unknown" without git history (then
nothing is shown: the build never fails for want of history). An outdated page gets
`translation_notice` (overrides/partials/translation-notice.html); the marker
`[[translation-status]]` on a line of its own becomes the table of every page's status.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from serumrun.citations.bibliography import format_date
from serumrun.gitlog import WORKING_TREE, Commit, GitHistory
from serumrun.l10n.labels import Labels
from serumrun.pages import NEW, SHA_RE, SOURCE_COMMIT, FrontMatterError, source_page, source_path
from serumrun.project import Project
from serumrun.templating import plugin_template

MARKER = "[[translation-status]]"
MARKER_RE = re.compile(r"^\[\[translation-status\]\][ \t]*$", re.MULTILINE)

_TEMPLATE = plugin_template("translation_status.html")


@dataclass
class TranslationStatus:
    project: Project
    labels: Labels
    #: {(lang, rel): Status} of the build under way (`statuses` below).
    statuses: dict[tuple[str, str], Status]
    #: Pages of the current language pass in nav order ('relay.md', ...).
    nav_order: list[str] = field(default_factory=list)

    def nav(self, nav) -> None:
        self.nav_order = [self._rel(page.file.src_uri) for page in nav.pages]

    def page_markdown(self, markdown: str, page: Page, files: Files) -> str:
        # The literal first: a `^` pattern is tried at every character of the page.
        if MARKER not in markdown or not MARKER_RE.search(markdown):
            return markdown
        table = self._table(page, files)
        return MARKER_RE.sub(lambda _: table, markdown)

    def notice(self, page: Page) -> dict | None:
        """What overrides/partials/translation-notice.html shows above an outdated page."""
        lang = self.project.lang_of_src(page.file.src_uri)
        status = self.statuses.get((lang, self._rel(page.file.src_uri)))
        default = self.project.default_language
        original = (getattr(page.file, "alternates", None) or {}).get(default)
        if status is None or status.state != "outdated" or original is None:
            return None
        date = format_date(status.since, self.project.language(lang))
        return {"date": date, "url": original.url, "lang": default}

    def _table(self, page: Page, files: Files) -> str:
        project = self.project
        lang = project.lang_of_src(page.file.src_uri) or project.default_language
        pages = {rel for _, rel in self.statuses} | {
            self._rel(f.src_uri)
            for f in files.documentation_pages()
            if project.lang_of_src(f.src_uri) == lang
        }
        order = {rel: i for i, rel in enumerate(self.nav_order)}
        rows = []
        for rel in sorted(pages, key=lambda r: (order.get(r, len(order)), r)):
            file = files.get_file_from_path(f"{lang}/{rel}")
            cells = [
                self._cell(self.statuses.get((other, rel)), lang) for other in project.translations
            ]
            title = self._title(lang, rel) or self._title(project.default_language, rel) or rel
            rows.append(
                {
                    "title": title,
                    "href": get_relative_url(file.url, page.url) if file else None,
                    "cells": cells,
                }
            )
        # No blank line in the output: Markdown would end the raw HTML block there.
        return _TEMPLATE.render(
            rows=rows,
            # Each translation's column, named in the page's language (CLDR): "French".
            translations=[
                project.language(lang).locale.languages[other] for other in project.translations
            ],
            ui=lambda key: self.labels.text(key, lang),
        ).strip()

    def _cell(self, status: Status | None, lang: str) -> dict[str, str]:
        state = status.state if status else "unknown"
        text = self.labels.text(f"translation.status.{state}", lang)
        if status is not None and status.since:
            text = text.format(date=format_date(status.since, self.project.language(lang)))
        return {"state": state, "text": text}

    def _title(self, lang: str, rel: str) -> str | None:
        meta = _front_matter(self.project, self.project.docs_dir / lang / rel)
        return meta["title"] if meta else None

    def _rel(self, src_uri: str) -> str:
        """'fr/relay.md' -> 'relay.md'."""
        return src_uri.split("/", 1)[1] if self.project.lang_of_src(src_uri) else src_uri


# --- How each translation stands ----------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """How a translated page stands against its original."""

    rel: str  # path in the language folder: 'relay.md'
    lang: str
    state: str  # 'up-to-date', 'outdated', 'missing', 'new' or 'unknown'
    base: str | None = None  # the revision of the original it translates
    changes: tuple[Commit, ...] = ()  # commits to the original since, oldest first

    @property
    def since(self) -> str | None:
        """Date of the first change to the original that the translation lacks."""
        return self.changes[0].date if self.changes else None


def translation_status(
    rel: str,
    lang: str,
    meta: dict | None,
    history: GitHistory | None,
    exists: bool = True,
    *,
    original_lang: str,
) -> Status:
    """The status of docs/<lang>/<rel>, the translation of docs/<original_lang>/<rel>,
    given its front matter (None: unreadable)."""
    if not exists:
        return Status(rel, lang, "missing")
    value = str((meta or {}).get(SOURCE_COMMIT) or "")
    if history is None or not (value == NEW or SHA_RE.fullmatch(value)):
        return Status(rel, lang, "unknown")
    base = history.added(source_path(rel, lang)) if value == NEW else value
    if base is None:
        return Status(rel, lang, "new")
    if not history.exists(base):
        return Status(rel, lang, "unknown", base)
    original, translation = source_path(rel, original_lang), source_path(rel, lang)
    changes = tuple(history.changes_since(base, original, twin=translation))
    if original in history.dirty and translation not in history.dirty:
        # Edited and not committed yet, its translation untouched: outdated already.
        today = datetime.datetime.now(datetime.UTC).date().isoformat()
        changes += (Commit(WORKING_TREE, ("HEAD",), today, {original: "M"}),)
    return Status(rel, lang, "outdated" if changes else "up-to-date", base, changes)


def statuses(project: Project) -> dict[tuple[str, str], Status]:
    """The status of every translation of every original page: {(lang, rel): Status}."""
    history = GitHistory.open(project.root)
    return {
        (lang, rel): translation_status(
            rel,
            lang,
            _front_matter(project, project.docs_dir / lang / rel),
            history,
            (project.docs_dir / lang / rel).is_file(),
            original_lang=project.default_language,
        )
        for rel in sorted(project.pages_by_language()[project.default_language])
        for lang in project.translations
    }


def _front_matter(project: Project, path: Path) -> dict | None:
    """The build's record of a page's front matter (parsed by the source check, which
    refused any page whose file and record could differ): no page is read again."""
    try:
        return source_page(project, path).front_matter()[0]
    except (OSError, FrontMatterError):
        return None
