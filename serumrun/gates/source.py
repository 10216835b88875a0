"""The source-side gates in one call each, for the build (serumrun/checks/build_checks.py)
and the contributor check (serumrun/checks/contributor.py, scripts/check.py).

`gate_page` runs the limits first and stops there if one is broken: what follows
(YAML, Python-Markdown, the checker's regexes) would pay for the hostile input.
"""

from __future__ import annotations

from pathlib import Path

from serumrun.citations import bibliography, deferred_markup
from serumrun.citations.extension import malformed_citations
from serumrun.gates import limits, printed, static, tree
from serumrun.pages import (
    FrontMatterError,
    SourcePage,
    parse_front_matter,
    read_source,
)
from serumrun.problems import Problem
from serumrun.relay.data import Relay, RelayDataError
from serumrun.relay.extension import RelayData
from serumrun.relay.people import Role


def check_page(path: Path, shown: str) -> SourcePage:
    """Every source check of one page, from one reading and one parse of its front matter:
    the build's record of the page (serumrun/pages.py `SourcePage`), with its problems."""
    text, unreadable = read_source(path, shown)
    return gate_page(SourcePage(path, shown, text, unreadable))


def gate_page(page: SourcePage) -> SourcePage:
    """Limits, then front-matter keys and printed text, then citations and the build's
    placeholder attribute. A page refused by a limit keeps no front matter (`front`
    None): nothing parses it further."""
    text, shown = page.text, page.shown
    # Limits first (issue 17): a hostile page is refused before anything parses it.
    problems, parse, page.front = page_gates(text, shown)
    page.problems += problems
    if not parse:
        return page
    if isinstance(page.front, FrontMatterError):
        page.problems += page.front.problems
    page.problems += [
        Problem(shown, n, why) for n, why in deferred_markup.source_problems(text, shown)
    ]
    return page


def page_gates(source: str, path: str):
    """Limits, then the front matter (serumrun/pages.py), then citation keys: the problems,
    whether the page may be parsed further (False when a limit or a character is
    refused), and the front matter parsed (or the FrontMatterError raised), for the
    callers that need it next (`check_page`, serumrun/checks/page_structure.py `parse_page`)."""
    problems = limits.page_limit_problems(source, path)
    if problems:
        return problems, False, None
    try:
        front = parse_front_matter(source, path)
    except FrontMatterError as exc:
        return [], True, exc  # reported by the caller's own front-matter check
    body_line = front[2]
    body = "\n".join(source.splitlines()[body_line - 1 :])
    problems += [
        Problem(path, line, message)
        for line, message in malformed_citations(body, first_line=body_line)
    ]
    return problems, True, front


def project_problems(project, config=None) -> list[Problem]:
    """What is not a page: files of docs/, labels, data characters, the relay data, and
    (given MkDocs' config) the texts of mkdocs.yml that Material prints."""
    problems = static.static_problems(
        project.docs_dir,
        project.display(project.docs_dir),
        languages=project.languages,
        taken=tree.taken_paths(project, config),
    )
    if project.labels.is_file():
        problems += printed.label_problems(project.labels, project.display(project.labels))
    problems += limits.data_problems(project, prose=(project.relay, project.people))
    problems += relay_data(project)[2]
    if config is not None:
        config_file = Path(config.config_file_path or project.root / "mkdocs.yml")
        problems += printed.config_text_problems(config, config_file, project.display(config_file))
    return problems


def relay_data(project) -> tuple[Relay | None, tuple[Role, ...] | None, list[Problem]]:
    """data/relay.yml, then data/people.yml, checked before any page uses them: a mistake
    there is named in its own file and line, not blamed on (or found while rendering) the
    first page that shows the relay or the mushers (issues 17, 22). The relay and its
    roles as far as they could be read (the build's `RelayData`, read once), and their
    problems."""
    relay = roles = None
    if project.relay is None or not project.relay.is_file():
        return relay, roles, []
    try:
        data = RelayData.of(project)
    except (bibliography.BibliographyError, OSError):
        return relay, roles, []  # reported by the bibliography's own checks
    try:
        relay = data.relay
        if project.people is not None and project.people.is_file():
            roles = data.roles
    except RelayDataError as exc:  # every problem of the file it names
        shown = project.display(exc.path)
        return relay, roles, [Problem(shown, line, why) for line, why in exc.problems]
    return relay, roles, []
