"""Page pairs compared by structure, and the whole contributor check.

One parser (serumrun/checks/page_structure.py) reads a page the way a reviewer reads it,
by structure and not by words; two twins are compared, and every difference is a
`Problem`, blamed on the page at fault (the translation, unless the original is the one
that breaks a rule its twin keeps):

    docs/fr/relay.md:12: found anchor #le-parcours, expected #route (docs/en/relay.md:10)

`check_project` is the whole check of a project: twins, anchors (those the markers of
generated pages add included, from their data), links, citations, nav, the gates of
the sources, `source_commit`; with `rules`, the glossary and the page rules
(serumrun/checks/writing_rules.py). `make check` (scripts/check.py) prints all of it; the build
refuses its errors (serumrun/checks/build_checks.py); scripts/check_translations.py runs it
without the rules.

Outdated translations: each French page records in its front matter the revision of
the English page it translates (`source_commit`, as MDN's translated-content keeps
`l10n.sourceCommit`); serumrun/translation/status.py says how each one stands, and the
warning gives the English diff since (working-tree changes included).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher, get_close_matches
from pathlib import Path, PurePosixPath

import yaml

from serumrun import yamlio
from serumrun.checks import glossary
from serumrun.checks.page_structure import Page, Ref, heading_jumps, missing_anchor, parse_page
from serumrun.checks.writing_rules import rule_problems
from serumrun.citations import bibliography, references
from serumrun.gates import tree
from serumrun.gates.limits import data_problems
from serumrun.gates.source import project_problems
from serumrun.gitlog import WORKING_TREE, GitHistory
from serumrun.pages import (
    NEW,
    PLACEHOLDER,
    REQUIRED_FIELDS,
    SCHEME_RE,
    SHA_RE,
    SOURCE_COMMIT,
    read_source,
    source_path,
)
from serumrun.problems import Problem
from serumrun.project import Project, ProjectError, active, current
from serumrun.relay import people as people_module
from serumrun.relay.data import RelayError, load_relay
from serumrun.translation import bilingual
from serumrun.translation.status import Status, translation_status

# --- A pair of pages --------------------------------------------------------------------------


def compare(
    original: Page,
    translation: Page,
    known_keys: Iterable[str] | None = None,
    linked: Iterable[str] = (),
    broken: set[tuple[str, str]] | None = None,
) -> list[Problem]:
    """Where `translation` differs in structure from `original`, blamed on the page at
    fault: the translation, unless the original is the one that breaks a rule its twin
    keeps (an unknown citation key, a heading level that jumps, an anchor no link uses
    where its twin's is the one links use: `linked`, the anchors links point to)."""
    known = None if known_keys is None else set(known_keys)
    return [
        *_compare_headings(original, translation, set(linked)),
        *_compare_citations(original, translation, known),
        *_compare_refs(original, translation, "links", "link to", broken or set()),
        *_compare_refs(original, translation, "images", "image", set()),
    ]


def _compare_headings(original: Page, translation: Page, linked: set[str]) -> Iterator[Problem]:
    ours = [h for h in original.headings if h.level > 1]
    theirs = [h for h in translation.headings if h.level > 1]
    path = translation.path
    end = max((h.line for h in translation.headings), default=1)
    jumps = {h.line for h, _ in heading_jumps(original.headings)}  # its own problem
    matcher = SequenceMatcher(a=[h.id for h in ours], b=[h.id for h in theirs], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(ours[i1:i2], theirs[j1:j2], strict=True):
                if a.level != b.level and a.line not in jumps:
                    yield Problem(
                        path,
                        b.line,
                        f"found a level-{b.level} heading for #{b.id}, "
                        f"expected level {a.level} ({original.path}:{a.line})",
                    )
            continue
        pairs = list(zip(ours[i1:i2], theirs[j1:j2], strict=False)) if op == "replace" else []
        for a, b in pairs:
            if a.anchor is None or b.anchor is None:
                continue  # the heading without an anchor is reported, with the one to add
            if b.id in linked and a.id not in linked:  # the original's anchor is the slip
                yield Problem(
                    original.path,
                    a.line,
                    f"found anchor #{a.id}, expected #{b.id} as in {translation.path}:{b.line} "
                    f"(links point to #{b.id})",
                )
                continue
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


def _compare_citations(
    original: Page, translation: Page, known: set[str] | None
) -> Iterator[Problem]:
    def by_section(page: Page) -> dict[str | None, dict[str, int]]:
        keys: dict[str | None, dict[str, int]] = defaultdict(dict)
        for cite in page.citations:
            keys[cite.section.id if cite.section else None].setdefault(cite.key, cite.line)
        return keys

    ours, theirs = by_section(original), by_section(translation)
    sections = translation.sections
    for section in original.sections.keys() & sections.keys():
        name = f"section #{section}" if section else "the introduction"
        # An unknown key is reported where it is written (`citation_problems`, with the
        # twin's key as the likely fix): no second message on the twin that is right.
        mine = ours.get(section, {})
        slip = known is not None and any(k not in known for k in mine)
        for key, line in mine.items():
            if known is not None and key not in known:
                continue
            if key not in theirs.get(section, {}):
                yield Problem(
                    translation.path,
                    sections[section],
                    f"found no citation of @{key} "
                    f"in {name}, expected it as in {original.path}:{line}",
                )
        for key, line in theirs.get(section, {}).items():
            if slip and key in known:
                continue
            if key not in ours.get(section, {}):
                yield Problem(
                    translation.path,
                    line,
                    f"found citation @{key} in {name}, expected "
                    f"none ({original.path} does not cite it there)",
                )


def _compare_refs(
    original: Page, translation: Page, kind: str, noun: str, broken: set[tuple[str, str]]
) -> Iterator[Problem]:
    """Links (or images) that differ; a broken link of the original is reported on the
    original (`link_problems`), and neither it nor its twin's link in that section again."""
    ours: list[Ref] = getattr(original, kind)
    theirs: list[Ref] = getattr(translation, kind)
    missing = Counter(r.target for r in ours) - Counter(r.target for r in theirs)
    extra = Counter(r.target for r in theirs) - Counter(r.target for r in ours)
    sections = translation.sections
    slips = {r.section for r in ours if (original.path, r.target) in broken and missing[r.target]}
    # A broken link of the translation is reported on it (`link_problems`), once.
    theirs_broken = {r.section for r in theirs if (translation.path, r.target) in broken}
    for ref in ours:
        if missing[ref.target]:
            missing[ref.target] -= 1
            if ref.section in slips or ref.section in theirs_broken:
                continue
            line = sections.get(ref.section, sections[None])
            yield Problem(
                translation.path,
                line,
                f"found no {noun} {ref.target}, expected one as in {original.path}:{ref.line}",
            )
    for ref in theirs:
        if extra[ref.target]:
            extra[ref.target] -= 1
            if ref.section in slips or (translation.path, ref.target) in broken:
                continue
            yield Problem(
                translation.path,
                ref.line,
                f"found {noun} {ref.target}, expected none "
                f"({original.path} has no {noun} {ref.target})",
            )


# --- Links and citations against what exists -------------------------------------------------


def link_problems(
    page: Page,
    rel: str,
    lang_pages: dict[str, Page],
    docs_lang_dir: Path,
    marker_ids: dict[str, set[str]] | None = None,
    broken: set[tuple[str, str]] | None = None,
) -> list[Problem]:
    """Internal links to pages or anchors that do not exist, and images with no file.

    `marker_ids`: the ids each [[marker]] adds to a page (`marker_ids`); a page with a
    marker not in it has anchors only the build knows, and links to it are left to the
    build's check. `broken` receives (page, target) of each broken link (for `compare`)."""
    marker_ids = marker_ids or {}
    broken = set() if broken is None else broken
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
                other = _other_language(file, docs_lang_dir)
                if other is not None:
                    broken.add((page.path, ref.target))
                    problems.append(
                        Problem(page.path, ref.line, bilingual.crossing_message(ref.target, other))
                    )
                elif file.suffix == ".md" or not file.exists():
                    broken.add((page.path, ref.target))
                    problems.append(
                        Problem(
                            page.path,
                            ref.line,
                            f"found link to {ref.target}, "
                            f"expected an existing page of docs/{docs_lang_dir.name}/",
                        )
                    )
                continue
        # A page refused before parsing has no known anchors: its refusal says enough.
        if not anchor or not target_page.parsed or anchor in target_page.ids:
            continue
        if any(m not in marker_ids for m in target_page.markers):
            continue  # a marker whose ids only the build knows
        if not any(anchor in marker_ids[m] for m in target_page.markers):
            every = target_page.ids.union(*(marker_ids[m] for m in target_page.markers))
            close = get_close_matches(anchor, every, n=1, cutoff=0.8)
            known = (
                f"did you mean #{close[0]}?"
                if close
                else ", ".join(f"#{a}" for a in sorted(target_page.ids)[:8]) or "none"
            )
            broken.add((page.path, ref.target))
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


def _other_language(file: Path, docs_lang_dir: Path) -> str | None:
    """The language whose folder `file` is in, if another than `docs_lang_dir`'s."""
    languages = current().languages
    docs = docs_lang_dir.parent
    if not file.is_relative_to(docs):
        return None
    first = file.relative_to(docs).parts[0]
    return first if first in languages and first != docs_lang_dir.name else None


def citation_problems(page: Page, keys: Iterable[str], bibliography_path: str) -> list[Problem]:
    known = set(keys)
    problems = []
    for cite in page.citations:
        if cite.key in known:
            continue
        close = get_close_matches(cite.key, known, n=1, cutoff=0.8)
        hint = f" (did you mean @{close[0]}?)" if close else ""
        problems.append(
            Problem(
                page.path,
                cite.line,
                f"found unknown citation key @{cite.key}, expected a key of "
                f"{bibliography_path}{hint}",
            )
        )
    return problems


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


def marker_ids(project: Project) -> dict[str, set[str]]:
    """The ids each [[marker]] adds to its page, from the data it renders (a marker
    whose data cannot be read is left out: its own check reports the data)."""
    found: dict[str, set[str]] = {"relay:timeline": set(), "translation-status": set()}
    try:
        keys = bibliography.load(project.bibliography)
    except (bibliography.BibliographyError, OSError):
        keys = None
    if keys is not None:
        found["bibliography"] = {*references.SECTION_IDS.values(), *(f"ref-{k}" for k in keys)}
    if project.relay is None or keys is None:
        return found
    try:
        relay = load_relay(project.relay, citation_keys=keys)
    except (RelayError, OSError):
        return found
    legs = [leg.number for leg in relay.legs]
    standby = [people_module.standby_row_id(n + 1) for n in range(len(relay.standby))]
    found["relay:table"] = {"relay-legs", *(f"leg-{n}" for n in legs), *standby}
    found["relay:map"] = {
        "relay-map",
        "relay-map-title",
        "relay-map-desc",
        *(f"relay-map-leg-{n}" for n in legs),
    }
    if project.people is not None:
        try:
            roles = people_module.load_people(relay, project.people, citation_keys=keys)
        except (RelayError, OSError):
            return found
        found["relay:people"] = {role.person.anchor for role in roles}
    return found


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
    warnings: list[Problem] = field(default_factory=list)  # outdated translations
    advice: list[Problem] = field(default_factory=list)  # page rules' warnings (rules=True)
    #: Each outdated warning's English diff (`git diff` since the translated revision).
    diffs: dict[Problem, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def check(root: Path, *, rules: bool = False) -> Report:
    """Every check of scripts/check_translations.py on the project at `root`; with
    `rules`, those of `make check` too (scripts/check.py): the glossary and the page
    rules (serumrun/checks/writing_rules.py)."""
    try:
        project = Project.from_config_file(root / "mkdocs.yml")
    except ProjectError as exc:
        return Report(errors=[Problem("mkdocs.yml", None, str(exc).split(": ", 1)[-1])])
    with active(project):
        return check_project(project, rules=rules)


def check_project(project: Project, *, rules: bool = True, outdated: bool = True) -> Report:
    """The whole check of the active `project`: what `make check` reports, and (with
    `outdated=False`: no git diff asked) what the build refuses (serumrun/checks/build_checks.py).
    Pages the build has read already (`project.sources`) are not read again."""
    report = Report()
    root = project.root.resolve()
    # Links first: nothing is read through one (serumrun/gates/tree.py, issue 22).
    report.errors = tree.link_problems(project)
    if report.errors:
        return report
    docs = project.docs_dir
    found = project.pages_by_language()
    texts: dict[str, str] = {}
    pages: dict[str, dict[str, Page]] = {
        lang: {
            rel: _read_page(project, docs / lang / rel, source_path(rel, lang), texts)
            for rel in sorted(found[lang])
        }
        for lang in project.languages
    }
    errors = report.errors
    every = sorted(set().union(*found.values()))
    report.pages = len(every)
    # A data file not in UTF-8 is named once (gates: `project_problems`); what reads the
    # data is skipped, rather than fail on it.
    data_readable = not any(
        read_source(path, project.display(path))[1]
        for path in sorted((root / "data").glob("*.y*ml"))
    )
    bibliography_file = project.bibliography
    shown = project.display(bibliography_file)
    keys: dict | None = None
    if data_readable:
        try:
            keys = bibliography.load(bibliography_file)
        except bibliography.BibliographyError as exc:
            errors += [Problem(shown, line, problem) for line, problem in exc.problems]
    ids = marker_ids(project) if data_readable else {}
    broken: set[tuple[str, str]] = set()  # (page, link target) of each broken link
    # The anchors links point to, page by page: which of two twins' anchors is the slip.
    linked: dict[str, set[str]] = defaultdict(set)
    for lang in project.languages:
        for rel, page in pages[lang].items():
            for ref in page.links:
                target, _, anchor = ref.target.partition("#")
                name = os.path.normpath(PurePosixPath(rel).parent / target) if target else rel
                if anchor:
                    linked[PurePosixPath(name).as_posix()].add(anchor)
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
        original = pages[project.default_language].get(rel)
        for lang in present:
            page = pages[lang][rel]
            errors += _one_anchor(page, original)
            if page.parsed:
                errors += placeholder_problems(page)
                errors += link_problems(page, rel, pages[lang], docs / lang, ids, broken)
                if rules:
                    refused, advice = rule_problems(texts[page.path], page.path, page.body_line)
                    errors += refused
                    report.advice += advice
        for lang in project.translations:
            translation = pages[lang].get(rel)
            # A page refused before parsing has no structure to compare with its twin.
            if original and translation and original.parsed and translation.parsed:
                errors += compare(original, translation, keys, linked.get(rel, ()), broken)

    if keys is not None:
        for lang in project.languages:
            for page in pages[lang].values():
                errors += citation_problems(page, keys, shown)

    errors += nav_problems(root, set(every))
    if data_readable:
        errors += project_problems(project)
    else:
        errors += data_problems(root)  # the files not in UTF-8, each with its line
    if rules and data_readable:
        errors += glossary_problems(project, texts)
    _check_source_commits(root, pages, report, outdated=outdated)
    report.errors = sorted(set(report.errors), key=_sort_key)
    report.warnings.sort(key=_sort_key)
    report.advice.sort(key=_sort_key)
    return report


def _one_anchor(page: Page, original: Page | None) -> list[Problem]:
    """The page's own problems, a heading without an anchor suggesting the original's
    anchor (its slug) in every language: one anchor for both twins."""
    if original is None or original is page:
        return page.problems
    theirs = [h for h in original.headings if h.level > 1]
    ours = [h for h in page.headings if h.level > 1]
    by_line = {h.line: i for i, h in enumerate(ours)}
    problems = []
    for problem in page.problems:
        index = by_line.get(problem.line)
        if (
            index is not None
            and index < len(theirs)
            and ours[index].anchor is None
            and "without an explicit anchor" in problem.message
        ):
            problem = missing_anchor(ours[index], page.path, theirs[index].id)
        problems.append(problem)
    return problems


def glossary_problems(project: Project, texts: dict[str, str]) -> list[Problem]:
    """The glossary's findings (serumrun/checks/glossary.py) as problems: the glossary
    language's pages (from the text already read) and data strings."""
    root = project.root
    if not (root / glossary.GLOSSARY).is_file():
        return []  # a project without a glossary has no terms to check
    try:
        terms = glossary.load(root / glossary.GLOSSARY)
    except (glossary.GlossaryError, OSError) as exc:
        return [Problem(project.display(root / glossary.GLOSSARY), None, str(exc))]
    findings = []
    # The languages whose rules (data/languages.yml) say the glossary is theirs.
    languages = [lang for lang in project.languages if project.language(lang).glossary]
    for lang in languages:
        for shown, text in sorted(texts.items()):
            if shown.startswith(f"docs/{lang}/"):
                findings += glossary.check_text(text, shown, terms)
    skip = (glossary.GLOSSARY.name, glossary.LANGUAGE_RULES.name)
    try:
        for lang in languages:
            for data in sorted((root / glossary.DATA).glob("*.yml")):
                if data.name not in skip:
                    findings += glossary.check_data(data, root, terms, lang)
    except glossary.GlossaryError as exc:
        # Its message names the file and line (`data/x.yml:2: found ...`): the same problem
        # as the data's own checks give is then listed once.
        where, _, message = str(exc).partition(": ")
        path, _, line = where.partition(":")
        return [Problem(path, int(line) if line.isdigit() else None, message)]
    return [Problem(f.path, f.line, str(f).split(": ", 1)[1]) for f in findings]


def _read_page(project: Project, path: Path, shown: str, texts: dict[str, str]) -> Page:
    recorded = project.sources.get(str(path))
    if recorded is not None and recorded.text:
        text = recorded.text
    else:
        text, unreadable = read_source(path, shown)
        if unreadable:
            return Page(shown, problems=unreadable, parsed=False)
    texts[shown] = text
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


def _check_source_commits(
    root: Path, pages: dict[str, dict[str, Page]], report: Report, *, outdated: bool = True
) -> None:
    """`source_commit` of every translation: well formed and a commit of the repository
    (errors); with `outdated`, translations whose original changed since (warnings)."""
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
            if not outdated:
                continue
            status = translation_status(
                rel, lang, page.meta, history, original_lang=current().default_language
            )
            if status.state == "outdated":
                warning, diff = _outdated(page, status, line, history)
                report.warnings.append(warning)
                report.diffs[warning] = diff


def _outdated(page: Page, status: Status, line: int, history: GitHistory) -> tuple[Problem, str]:
    """The warning for an outdated translation: what to record, what the original gained
    and the command that shows it, with that command's output (the English diff).

    Changes are counted from just before the first change the translation lacks (a
    commit that changed both twins before that one is taken as translated); changes not
    committed yet count (WORKING_TREE).
    """
    original = source_path(status.rel)
    first, latest = status.changes[0], status.changes[-1]
    start = "HEAD" if first.sha == WORKING_TREE else f"{first.sha}^"
    before, now = (history.show(rev, original) for rev in (start, WORKING_TREE))
    then, current = (
        {h.id for h in parse_page(text, original).headings if h.level > 1} if text else set()
        for text in (before, now)
    )
    what = [history.diff_stat(start, original)]
    if current - then:
        what.append("headings added: " + ", ".join(f"#{a}" for a in sorted(current - then)))
    if then - current:
        what.append("headings removed: " + ", ".join(f"#{a}" for a in sorted(then - current)))
    commits = [c for c in status.changes if c.sha != WORKING_TREE]
    n = len(commits)
    if latest.sha == WORKING_TREE:
        expected = (
            f"the commit that will record the change to {original} (commit it, then "
            f"git log -1 --format=%H -- {original})"
        )
        changed = f"{original} changed, not committed yet"
        if n:
            changed += f", and in {n} commit{'s' * (n > 1)} since {status.since}"
    else:
        expected = f"{latest.sha} ({latest.date})"
        changed = f"{original} changed in {n} commit{'s' * (n > 1)} since {status.since}"
    command = f"git diff {start} -- {original}"
    problem = Problem(
        page.path,
        line,
        f"outdated: found {SOURCE_COMMIT} {status.base[:12]}, expected {expected}: "
        f"{changed} ({'; '.join(what)}); what changed: {command}",
    )
    return problem, history.diff(start, original)


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.message)
