"""Page pairs compared by structure, and the whole translation check.

One parser (serumrun/pages.py) reads a page the way a reviewer reads it, by structure
and not by words; two twins are compared, and every difference is a `Problem`:

    docs/fr/relay.md:12: found anchor #le-parcours, expected #route (docs/en/relay.md:10)

Outdated translations: each French page records in its front matter the revision of
the English page it translates (`source_commit`, as MDN's translated-content keeps
`l10n.sourceCommit`); serumrun/translation_status.py says how each one stands.
scripts/check_translations.py runs `check`.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath

import yaml

from serumrun import yamlio
from serumrun.gitlog import GitHistory
from serumrun.pages import (
    NEW,
    PLACEHOLDER,
    REQUIRED_FIELDS,
    SCHEME_RE,
    SHA_RE,
    SOURCE_COMMIT,
    Page,
    Problem,
    Ref,
    parse_page,
    source_path,
)
from serumrun.project import Project, ProjectError, active, current
from serumrun.translation_status import Status, translation_status

# --- A pair of pages --------------------------------------------------------------------------


def compare(original: Page, translation: Page) -> list[Problem]:
    """Where `translation` differs in structure from `original` (reported on the translation)."""
    return [
        *_compare_headings(original, translation),
        *_compare_citations(original, translation),
        *_compare_refs(original, translation, "links", "link to"),
        *_compare_refs(original, translation, "images", "image"),
    ]


def _compare_headings(original: Page, translation: Page) -> Iterator[Problem]:
    ours = [h for h in original.headings if h.level > 1]
    theirs = [h for h in translation.headings if h.level > 1]
    path = translation.path
    end = max((h.line for h in translation.headings), default=1)
    matcher = SequenceMatcher(a=[h.id for h in ours], b=[h.id for h in theirs], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(ours[i1:i2], theirs[j1:j2], strict=True):
                if a.level != b.level:
                    yield Problem(
                        path,
                        b.line,
                        f"found a level-{b.level} heading for #{b.id}, "
                        f"expected level {a.level} ({original.path}:{a.line})",
                    )
            continue
        pairs = list(zip(ours[i1:i2], theirs[j1:j2], strict=False)) if op == "replace" else []
        for a, b in pairs:
            yield Problem(
                path, b.line, f"found anchor #{b.id}, expected #{a.id} ({original.path}:{a.line})"
            )
        for a in ours[i1 + len(pairs) : i2]:
            line = theirs[j2].line if j2 < len(theirs) else end
            yield Problem(
                path,
                line,
                f"found no heading #{a.id}, expected "
                f"'{'#' * a.level} … {{ #{a.id} }}' here ({original.path}:{a.line})",
            )
        for b in theirs[j1 + len(pairs) : j2]:
            yield Problem(
                path,
                b.line,
                f"found heading #{b.id}, expected none ({original.path} has no heading #{b.id})",
            )


def _compare_citations(original: Page, translation: Page) -> Iterator[Problem]:
    def by_section(page: Page) -> dict[str | None, dict[str, int]]:
        keys: dict[str | None, dict[str, int]] = defaultdict(dict)
        for cite in page.citations:
            keys[cite.section.id if cite.section else None].setdefault(cite.key, cite.line)
        return keys

    ours, theirs = by_section(original), by_section(translation)
    sections = translation.sections
    for section in original.sections.keys() & sections.keys():
        name = f"section #{section}" if section else "the introduction"
        for key, line in ours.get(section, {}).items():
            if key not in theirs.get(section, {}):
                yield Problem(
                    translation.path,
                    sections[section],
                    f"found no citation of @{key} "
                    f"in {name}, expected it as in {original.path}:{line}",
                )
        for key, line in theirs.get(section, {}).items():
            if key not in ours.get(section, {}):
                yield Problem(
                    translation.path,
                    line,
                    f"found citation @{key} in {name}, expected "
                    f"none ({original.path} does not cite it there)",
                )


def _compare_refs(original: Page, translation: Page, kind: str, noun: str) -> Iterator[Problem]:
    ours: list[Ref] = getattr(original, kind)
    theirs: list[Ref] = getattr(translation, kind)
    missing = Counter(r.target for r in ours) - Counter(r.target for r in theirs)
    extra = Counter(r.target for r in theirs) - Counter(r.target for r in ours)
    sections = translation.sections
    for ref in ours:
        if missing[ref.target]:
            missing[ref.target] -= 1
            line = sections.get(ref.section, sections[None])
            yield Problem(
                translation.path,
                line,
                f"found no {noun} {ref.target}, expected one as in {original.path}:{ref.line}",
            )
    for ref in theirs:
        if extra[ref.target]:
            extra[ref.target] -= 1
            yield Problem(
                translation.path,
                ref.line,
                f"found {noun} {ref.target}, expected none "
                f"({original.path} has no {noun} {ref.target})",
            )


# --- Links and citations against what exists -------------------------------------------------


def link_problems(
    page: Page, rel: str, lang_pages: dict[str, Page], docs_lang_dir: Path
) -> list[Problem]:
    """Internal links to pages or anchors that do not exist, and images with no file."""
    problems = []
    folder = docs_lang_dir / PurePosixPath(rel).parent
    for ref in page.links:
        target, _, anchor = ref.target.partition("#")
        target = target.split("?", 1)[0]
        if not target:
            target_page = page
        else:
            file = Path(os.path.normpath(folder / target))
            is_page = file.suffix == ".md" and file.is_relative_to(docs_lang_dir)
            target_page = (
                lang_pages.get(file.relative_to(docs_lang_dir).as_posix()) if is_page else None
            )
            if target_page is None:
                if file.suffix == ".md" or not file.exists():
                    problems.append(
                        Problem(
                            page.path,
                            ref.line,
                            f"found link to {ref.target}, "
                            f"expected an existing page of docs/{docs_lang_dir.name}/",
                        )
                    )
                continue
        # A generated page has anchors its source does not show: the build checks those.
        # A page refused before parsing has no known anchors: its refusal says enough.
        if (
            anchor
            and anchor not in target_page.ids
            and not target_page.generated
            and target_page.parsed
        ):
            known = ", ".join(f"#{a}" for a in sorted(target_page.ids)[:8]) or "none"
            problems.append(
                Problem(
                    page.path,
                    ref.line,
                    f"found link to {ref.target}, expected an "
                    f"anchor of {target_page.path} ({known})",
                )
            )
    for ref in page.images:
        if (
            not SCHEME_RE.match(ref.target)
            and not Path(os.path.normpath(folder / ref.target)).exists()
        ):
            problems.append(
                Problem(
                    page.path, ref.line, f"found image {ref.target}, expected a file that exists"
                )
            )
    return problems


def citation_problems(page: Page, keys: Iterable[str], bibliography_path: str) -> list[Problem]:
    known = set(keys)
    return [
        Problem(
            page.path,
            cite.line,
            f"found unknown citation key @{cite.key}, expected a key of {bibliography_path}",
        )
        for cite in page.citations
        if cite.key not in known
    ]


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


# --- Navigation ------------------------------------------------------------------------------


def nav_entries(config_text: str) -> tuple[int, list[tuple[str, int]]]:
    """The line of `nav:` in mkdocs.yml and each page path of the nav with its line.

    Read with yaml.compose, so MkDocs' own tags (!ENV, !relative) need no constructor.
    """
    root = yamlio.compose(config_text)
    if not isinstance(root, yaml.MappingNode):
        return 0, []
    for key, value in root.value:
        if key.value == "nav":
            return key.start_mark.line + 1, list(_nav_pages(value))
    return 0, []


def _nav_pages(node: yaml.Node) -> Iterator[tuple[str, int]]:
    if isinstance(node, yaml.ScalarNode):
        if not SCHEME_RE.match(str(node.value)):
            yield str(node.value), node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_pages(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _nav_pages(value)


# --- The whole check ------------------------------------------------------------------------


@dataclass
class Report:
    pages: int = 0  # page pairs checked
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check(root: Path) -> Report:
    """Every check of scripts/check_translations.py on the project at `root`."""
    try:
        project = Project.from_config_file(root / "mkdocs.yml")
    except ProjectError as exc:
        return Report(errors=[Problem("mkdocs.yml", None, str(exc).split(": ", 1)[-1])])
    with active(project):
        return _check(root.resolve())


def _check(root: Path) -> Report:
    from serumrun import bibliography
    from serumrun.gates import tree

    report = Report()
    project = current()
    # Links first: nothing is read through one (serumrun/gates/tree.py, issue 22).
    report.errors = tree.link_problems(project)
    if report.errors:
        return report
    docs = project.docs_dir
    found = project.pages_by_language()
    pages: dict[str, dict[str, Page]] = {
        lang: {
            rel: _read_page(docs / lang / rel, source_path(rel, lang))
            for rel in sorted(found[lang])
        }
        for lang in project.languages
    }
    errors = report.errors
    every = sorted(set().union(*found.values()))
    report.pages = len(every)
    for rel in every:
        present = [lang for lang in project.languages if rel in found[lang]]
        for lang in project.languages:
            if lang not in present:
                errors.append(
                    Problem(
                        source_path(rel, lang),
                        None,
                        f"found no such file, expected the twin of {source_path(rel, present[0])}",
                    )
                )
        for lang in present:
            page = pages[lang][rel]
            errors += page.problems
            if page.parsed:
                errors += placeholder_problems(page)
                errors += link_problems(page, rel, pages[lang], docs / lang)
        original = pages[project.default_language].get(rel)
        for lang in project.translations:
            translation = pages[lang].get(rel)
            # A page refused before parsing has no structure to compare with its twin.
            if original and translation and original.parsed and translation.parsed:
                errors += compare(original, translation)

    bibliography_file = project.bibliography
    shown = project.display(bibliography_file)
    try:
        keys = bibliography.load(bibliography_file)
    except bibliography.BibliographyError as exc:
        errors += [Problem(shown, line, problem) for line, problem in exc.problems]
    else:
        for lang in project.languages:
            for page in pages[lang].values():
                errors += citation_problems(page, keys, shown)

    errors += nav_problems(root, set(every))
    from serumrun.gates.source import project_problems

    errors += project_problems(project)
    _check_source_commits(root, pages, report)
    report.errors = sorted(set(report.errors), key=_sort_key)
    report.warnings.sort(key=_sort_key)
    return report


def _read_page(path: Path, shown: str) -> Page:
    from serumrun.gates.source import read_source

    text, unreadable = read_source(path, shown)
    if unreadable:
        return Page(shown, problems=unreadable, parsed=False)
    return parse_page(text, shown)


def nav_problems(root: Path, pages: set[str]) -> list[Problem]:
    config = root / "mkdocs.yml"
    try:
        nav_line, entries = nav_entries(config.read_text(encoding="utf-8"))
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
            f"(docs/{current().default_language}/{rel} exists; "
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


def _check_source_commits(root: Path, pages: dict[str, dict[str, Page]], report: Report) -> None:
    history = GitHistory.open(root)
    if history is None:
        report.notes.append(
            "no git history here (or a shallow clone): outdated translations not checked"
        )
    for lang in current().translations:
        for rel, page in pages[lang].items():
            if page.problems and not page.meta:
                continue  # its front matter is already reported
            value = page.meta.get(SOURCE_COMMIT)
            line = page.meta_lines.get(SOURCE_COMMIT, 1)
            original = source_path(rel)
            how = (
                f"the sha of the English revision translated (git log -1 --format=%H -- {original})"
            )
            if not isinstance(value, str) or not (value == NEW or SHA_RE.fullmatch(value)):
                found = (
                    f"{SOURCE_COMMIT}: {value}"
                    if SOURCE_COMMIT in page.meta
                    else f"no {SOURCE_COMMIT}"
                )
                report.errors.append(
                    Problem(
                        page.path,
                        line,
                        f"found {found}, expected {how}, "
                        f"or '{NEW}' for a page written with its twin",
                    )
                )
                continue
            if history is None:
                continue
            if value != NEW and not history.exists(value):
                report.errors.append(
                    Problem(
                        page.path,
                        line,
                        f"found {SOURCE_COMMIT}: {value}, "
                        f"expected a commit of this repository: {how}",
                    )
                )
                continue
            status = translation_status(rel, lang, page.meta, history)
            if status.state == "outdated":
                report.warnings.append(_outdated(page, status, line, history))


def _outdated(page: Page, status: Status, line: int, history: GitHistory) -> Problem:
    """The warning for an outdated translation: what to record, and what the original gained.

    Changes are counted from just before the first change the translation lacks (a
    commit that changed both twins before that one is taken as translated).
    """
    original = source_path(status.rel)
    first, latest = status.changes[0], status.changes[-1]
    before, now = (history.show(rev, original) for rev in (f"{first.sha}^", "HEAD"))
    then, current = (
        {h.id for h in parse_page(text, original).headings if h.level > 1} if text else set()
        for text in (before, now)
    )
    what = [history.diff_stat(f"{first.sha}^", original)]
    if current - then:
        what.append("headings added: " + ", ".join(f"#{a}" for a in sorted(current - then)))
    if then - current:
        what.append("headings removed: " + ", ".join(f"#{a}" for a in sorted(then - current)))
    n = len(status.changes)
    return Problem(
        page.path,
        line,
        f"outdated: found {SOURCE_COMMIT} {status.base[:12]}, expected "
        f"{latest.sha} ({latest.date}): {original} changed in {n} commit{'s' * (n > 1)} "
        f"since {status.since} ({'; '.join(what)})",
    )


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.message)
