"""The whole contributor check of a project: what `make check` (scripts/check.py) prints
and the build refuses (serumrun/checks/build_checks.py).

Twins (serumrun/checks/twins.py), anchors, links and citations against what exists
(serumrun/checks/links.py), the nav, the gates of the sources, the glossary, the
writing rules and `source_commit`.

Outdated translations: each French page records in its front matter the revision of
the English page it translates (`source_commit`, as MDN's translated-content keeps
`l10n.sourceCommit`); serumrun/translation/status.py says how each one stands, and the
warning gives the English diff since (working-tree changes included).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from serumrun.checks import glossary
from serumrun.checks.links import Links, marker_ids
from serumrun.checks.page_structure import Page, parse_page, structure
from serumrun.checks.twins import anchor_problems, compare
from serumrun.checks.writing_rules import rule_problems
from serumrun.citations import bibliography
from serumrun.gates import tree
from serumrun.gates.limits import data_problems
from serumrun.gates.source import check_page, project_problems
from serumrun.gitlog import WORKING_TREE, GitHistory
from serumrun.pages import (
    NEW,
    PLACEHOLDER,
    REQUIRED_FIELDS,
    SHA_RE,
    SOURCE_COMMIT,
    nav_entries,
    read_source,
    source_path,
)
from serumrun.problems import Problem
from serumrun.project import Project, ProjectError
from serumrun.translation.status import Status, translation_status


@dataclass
class Report:
    pages: int = 0  # page pairs checked
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # outdated translations
    advice: list[Problem] = field(default_factory=list)  # the writing rules' warnings
    #: Each outdated warning's English diff (`git diff` since the translated revision).
    diffs: dict[Problem, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def check(root: Path) -> Report:
    """The whole check of the project at `root` (its mkdocs.yml)."""
    try:
        project = Project.from_config_file(root / "mkdocs.yml")
    except ProjectError as exc:
        return Report(errors=[Problem("mkdocs.yml", None, str(exc).split(": ", 1)[-1])])
    return check_project(project)


def check_project(
    project: Project, *, outdated: bool = True, gated: list[Problem] | None = None
) -> Report:
    """Every problem of `project`; with `outdated=False` (the build), no git diff asked.
    What the build has done already is not done again: the pages it has read
    (`project.sources`), the gates of what is not a page (`gated`, their problems)."""
    # Links first: nothing is read through one (serumrun/gates/tree.py, issue 22); the
    # build has refused them already (`gated` given).
    report = Report(errors=tree.link_problems(project) if gated is None else [])
    if report.errors:
        return report
    pages = {
        lang: {rel: _read_page(project, lang, rel) for rel in sorted(rels)}
        for lang, rels in project.pages_by_language().items()
    }
    every = sorted(set().union(*pages.values()))
    report.pages = len(every)
    # A data file not in UTF-8 is named once, with its line; what reads the data is
    # skipped, rather than fail on it.
    unreadable = _not_utf8(project)
    keys = None if unreadable else _citation_keys(project, report.errors)
    links = Links(project, pages, marker_ids(project, keys) if not unreadable else {}, keys)
    report.errors += project.missing_twins()
    for lang in project.languages:
        for rel in pages[lang]:
            _page_problems(links, lang, rel, report)
    report.errors += _twin_problems(links)
    report.errors += nav_problems(project, set(every))
    if gated is None:  # the files not in UTF-8 each with its line, or every gate
        gated = data_problems(project) if unreadable else project_problems(project)
    report.errors += gated if unreadable else gated + glossary_problems(project, pages)
    _source_commits(project, pages, report, outdated=outdated)
    report.errors, report.warnings = in_order(report.errors), in_order(report.warnings)
    report.advice = in_order(report.advice)
    return report


def _page_problems(links: Links, lang: str, rel: str, report: Report) -> None:
    """A page's own problems, its links and citations against what exists, and the
    writing rules."""
    page = links.pages[lang][rel]
    report.errors += page.problems
    if not page.parsed:
        return
    report.errors += anchor_problems(page, links.pages[links.project.default_language].get(rel))
    report.errors += placeholder_problems(page) + links.problems(lang, rel)
    errors, advice = rule_problems(page.text, page.path, page.body_line)
    report.errors += errors
    report.advice += advice


def _twin_problems(links: Links) -> Iterator[Problem]:
    """The translations compared with their originals, once every link is resolved."""
    originals = links.pages[links.project.default_language]
    for lang in links.project.translations:
        for rel, translation in links.pages[lang].items():
            original = originals.get(rel)
            # A page refused before parsing has no structure to compare with its twin.
            if original and original.parsed and translation.parsed:
                yield from compare(
                    original, translation, links.keys, links.linked[rel], links.broken
                )


def _read_page(project: Project, lang: str, rel: str) -> Page:
    """The page as the build has read and gated it, or read and gated now (`make check`)."""
    path = project.docs_dir / lang / rel
    return structure(project.sources.get(str(path)) or check_page(path, source_path(rel, lang)))


def _not_utf8(project: Project) -> list[Problem]:
    return [
        problem
        for path in sorted((project.root / "data").glob("*.y*ml"))
        for problem in read_source(path, project.display(path))[1]
    ]


def _citation_keys(project: Project, errors: list[Problem]) -> set[str] | None:
    """The bibliography's keys; None, and its problems in `errors`, when it cannot be read."""
    try:
        return set(bibliography.load(project))
    except bibliography.BibliographyError as exc:
        shown = project.display(project.bibliography)
        errors += [Problem(shown, line, problem) for line, problem in exc.problems]
        return None


def placeholder_problems(page: Page) -> list[Problem]:
    return [
        Problem(
            page.path,
            page.meta_lines.get(name, 1),
            f"found the placeholder {name} {page.meta[name]!r}, expected the page's own words",
        )
        for name in REQUIRED_FIELDS
        if isinstance(page.meta.get(name), str) and page.meta[name].startswith(PLACEHOLDER)
    ]


def glossary_problems(project: Project, pages: dict[str, dict[str, Page]]) -> list[Problem]:
    """The glossary's findings (serumrun/checks/glossary.py) in the pages and data strings
    of the languages whose rules (data/languages.yml) say the glossary is theirs."""
    path = project.root / glossary.GLOSSARY
    if not path.is_file():
        return []  # a project without a glossary has no terms to check
    languages = [lang for lang in project.languages if project.language(lang).glossary]
    data = [p for p in sorted(path.parent.glob("*.yml")) if p.name not in glossary.NOT_TEXTS]
    try:
        terms = glossary.load(path, project.display(path))
        found = [
            problem
            for lang in languages
            for page in pages[lang].values()
            for problem in glossary.check_text(page.text, page.path, terms)
        ]
        for lang in languages:
            for file in data:
                found += glossary.check_data(file, project.display(file), terms, lang)
    except glossary.GlossaryError as exc:
        # The same problem as the data's own checks give is then listed once.
        return [Problem(str(exc.path), line, problem) for line, problem in exc.problems]
    return found


# --- Navigation ------------------------------------------------------------------------------


def nav_problems(project: Project, pages: set[str]) -> list[Problem]:
    try:
        nav_line, entries = nav_entries((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return [
            Problem(
                "mkdocs.yml", None, f"found an unreadable file ({exc}), expected MkDocs' config"
            )
        ]
    if not nav_line:
        return [Problem("mkdocs.yml", None, "found no nav, expected every page in it")]
    listed = {path for path, _ in entries}
    problems = [
        Problem(
            "mkdocs.yml",
            nav_line,
            f"found no nav entry for {rel}, expected one "
            f"(docs/{project.default_language}/{rel} exists; "
            "scripts/new_page.py adds new pages to the nav)",
        )
        for rel in sorted(pages - listed)
    ]
    problems += [
        Problem("mkdocs.yml", line, f"found nav entry {path}, expected a page of docs/<language>/")
        for path, line in entries
        if path not in pages
    ]
    return problems


# --- Translations and their originals ----------------------------------------------------------


def _source_commits(
    project: Project, pages: dict[str, dict[str, Page]], report: Report, *, outdated: bool
) -> None:
    """`source_commit` of every translation: well formed and a commit of the repository
    (errors); with `outdated`, translations whose original changed since (warnings)."""
    history = GitHistory.open(project.root)
    if history is None:
        report.notes.append(
            "no git history here (or a shallow clone): outdated translations not checked"
        )
    for lang in project.translations:
        for rel, page in pages[lang].items():
            if page.problems and not page.meta:
                continue  # its front matter is reported already
            original = source_path(rel, project.default_language)
            problem = _source_commit_problem(page, original, history)
            if problem is not None:
                report.errors.append(problem)
            elif history is not None and outdated:
                status = translation_status(
                    rel, lang, page.meta, history, original_lang=project.default_language
                )
                if status.state == "outdated":
                    warning, diff = _outdated(page, original, status, history)
                    report.warnings.append(warning)
                    report.diffs[warning] = diff


def _source_commit_problem(page: Page, original: str, history: GitHistory | None):
    value = page.meta.get(SOURCE_COMMIT)
    line = page.meta_lines.get(SOURCE_COMMIT, 1)
    how = f"the sha of the English revision translated (git log -1 --format=%H -- {original})"
    if not isinstance(value, str) or not (value == NEW or SHA_RE.fullmatch(value)):
        found = f"{SOURCE_COMMIT}: {value}" if SOURCE_COMMIT in page.meta else f"no {SOURCE_COMMIT}"
        return Problem(
            page.path,
            line,
            f"found {found}, expected {how}, or '{NEW}' for a page written with its twin",
        )
    if history is not None and value != NEW and not history.exists(value):
        return Problem(
            page.path,
            line,
            f"found {SOURCE_COMMIT}: {value}, expected a commit of this repository: {how}",
        )
    return None


def _outdated(
    page: Page, original: str, status: Status, history: GitHistory
) -> tuple[Problem, str]:
    """The warning for an outdated translation: what to record, what the original gained
    and the command that shows it, with that command's output (the English diff).

    Changes are counted from just before the first change the translation lacks (a
    commit that changed both twins before that one is taken as translated); changes not
    committed yet count (WORKING_TREE).
    """
    first = status.changes[0]
    start = "HEAD" if first.sha == WORKING_TREE else f"{first.sha}^"
    then, now = (
        _heading_ids(history.show(rev, original), original) for rev in (start, WORKING_TREE)
    )
    what = [history.diff_stat(start, original)]
    if now - then:
        what.append("headings added: " + ", ".join(f"#{a}" for a in sorted(now - then)))
    if then - now:
        what.append("headings removed: " + ", ".join(f"#{a}" for a in sorted(then - now)))
    expected, changed = _changes(status, original)
    problem = Problem(
        page.path,
        page.meta_lines.get(SOURCE_COMMIT, 1),
        f"outdated: found {SOURCE_COMMIT} {status.base[:12]}, expected {expected}: "
        f"{changed} ({'; '.join(what)}); what changed: git diff {start} -- {original}",
    )
    return problem, history.diff(start, original)


def _heading_ids(text: str | None, path: str) -> set[str]:
    return {h.id for h in parse_page(text, path).subheadings} if text else set()


def _changes(status: Status, original: str) -> tuple[str, str]:
    """The revision the translation should record, and how the original changed since."""
    latest = status.changes[-1]
    n = len([c for c in status.changes if c.sha != WORKING_TREE])
    commits = f"{n} commit{'s' * (n > 1)} since {status.since}"
    if latest.sha != WORKING_TREE:
        return f"{latest.sha} ({latest.date})", f"{original} changed in {commits}"
    expected = (
        f"the commit that will record the change to {original} (commit it, then "
        f"git log -1 --format=%H -- {original})"
    )
    return expected, f"{original} changed, not committed yet" + (f", and in {commits}" if n else "")


def in_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by file and line."""
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
