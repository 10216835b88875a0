"""When each page last changed, from git history (one `git log` a build): never from the
clock, so two builds of one commit print the same dates.

A page's date covers its Markdown and the data its generated content comes from
(DATA_OF_MARKER); a French page also says which revision of its original it translates.
Without history (a tarball, a shallow clone) or for a page not committed yet, the date
is SOURCE_DATE_EPOCH's (scripts/build.py takes it from the last commit) and there is no
"translates" line; without SOURCE_DATE_EPOCH either, no date rather than the clock's.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from serumrun.gitlog import Commit, GitHistory
from serumrun.pages import NEW, SHA_RE, SOURCE_COMMIT, source_path
from serumrun.project import Project

#: Generated content (a marker on a line of the page) and the data it is made from: the
#: project's data files by their option name (serumrun/project.py), or a path.
DATA_OF_MARKER = (
    (re.compile(r"^\[\[relay:\w+\]\]", re.MULTILINE), ("relay",)),
    (re.compile(r"^\[\[relay:map\]\]", re.MULTILINE), ("data/geo",)),
    (re.compile(r"^\[\[relay:people\]\]", re.MULTILINE), ("people",)),
    (re.compile(r"^\[\[bibliography\]\]", re.MULTILINE), ("bibliography",)),
)


@dataclass(frozen=True)
class PageDates:
    """The dates of one page, ISO (YYYY-MM-DD); None where there is nothing to say."""

    modified: str | None
    #: French pages: the date of the revision of the English original they translate.
    translates: str | None = None


class PageHistory(GitHistory):
    """GitHistory, asked when the sources of a page last changed."""

    def last_change_of(self, paths: list[str]) -> Commit | None:
        """The newest commit that changed any of `paths`."""
        wanted = set(paths)
        return next(
            (self.commits[s] for s in self._order if wanted.intersection(self.commits[s].changes)),
            None,
        )

    def translated_revision(self, original: str, translation: str, base: str) -> Commit | None:
        """The newest change to `original` that the translation has: in `base`'s history,
        or made together with the translation (the rule of translation_status)."""
        before = self._ancestry(base) if base in self.commits else {base}
        return next(
            (
                self.commits[s]
                for s in self._order
                if original in self.commits[s].changes
                and (s in before or translation in self.commits[s].changes)
            ),
            None,
        )


def open_history(root: Path) -> PageHistory | None:
    """The history of docs/ and data/, or None without git history (see the module doc)."""
    return PageHistory.open(root, ("docs", "data"))


def epoch_date(environ: dict[str, str] | None = None) -> str | None:
    """SOURCE_DATE_EPOCH as an ISO date (UTC), or None when it is not set."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    return datetime.fromtimestamp(int(value), UTC).date().isoformat()


def sources_of(project: Project, lang: str, rel: str, markdown: str) -> list[str]:
    """The files a page is made from, relative to the project: its Markdown and the data
    its markers render."""
    found = [source_path(rel, lang)]
    for marker, names in DATA_OF_MARKER:
        if not marker.search(markdown):
            continue
        for name in names:
            path = getattr(project, name, None) if "/" not in name else project.root / name
            if path is not None:
                found.append(Path(path).resolve().relative_to(project.root.resolve()).as_posix())
    return found


def page_dates(
    project: Project,
    history: PageHistory | None,
    lang: str,
    rel: str,
    markdown: str,
    meta: dict,
    fallback: str | None,
) -> PageDates:
    """The dates of docs/<lang>/<rel>; `fallback` (SOURCE_DATE_EPOCH's date) without history."""
    if history is None:
        return PageDates(fallback)
    last = history.last_change_of(sources_of(project, lang, rel, markdown))
    modified = last.date if last else fallback
    if lang == project.default_language:
        return PageDates(modified)
    value = str(meta.get(SOURCE_COMMIT) or "")
    translation = source_path(rel, lang)
    base = history.added(translation) if value == NEW else value
    if not base or not (SHA_RE.fullmatch(base) and history.exists(base)):
        return PageDates(modified)
    original = source_path(rel, project.default_language)
    revision = history.translated_revision(original, translation, base)
    return PageDates(modified, revision.date if revision else None)
