"""The source-side gates in one call each, for the build (serumrun/checks/build_checks.py)
and the checker (serumrun/checks/twins.py, scripts/check_translations.py).

`page_gates` runs the limits first and stops there if one is broken: what follows
(YAML, Python-Markdown, the checker's regexes) would pay for the hostile input.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from serumrun import yamlio
from serumrun.citations import bibliography, deferred_markup
from serumrun.citations.extension import malformed_citations
from serumrun.gates import frontmatter, limits, static, tree
from serumrun.pages import (
    IMAGE_RE,
    LINK_RE,
    FrontMatterError,
    SourcePage,
    parse_front_matter,
    read_source,
)
from serumrun.problems import Problem
from serumrun.relay.data import RelayDataError, load_relay
from serumrun.relay.people import load_people


def check_page(path: Path, shown: str) -> SourcePage:
    """Every source check of one page, from one reading and one parse of its front matter:
    the build's record of the page (serumrun/pages.py `SourcePage`), with its problems."""
    text, unreadable = read_source(path, shown)
    page = SourcePage(path, shown, text, unreadable)
    if unreadable:
        return page
    # Limits first (issue 17): a hostile page is refused before anything parses it.
    problems, parse, page.front = page_gates(text, shown)
    page.problems += problems
    if not parse:
        return page
    if isinstance(page.front, FrontMatterError):
        page.problems.append(page.front.problem)
    page.problems += [
        Problem(shown, n, why) for n, why in deferred_markup.source_problems(text, shown)
    ]
    return page


def page_gates(source: str, path: str):
    """Limits, then front-matter keys and printed text, then citation keys: the problems,
    whether the page may be parsed further (False when a limit or a character is
    refused), and the front matter parsed (or the FrontMatterError raised), for the
    callers that need it next (`check_page`, serumrun/checks/page_structure.py `parse_page`)."""
    problems = limits.page_limit_problems(source, path)
    if problems:
        return problems, False, None
    alias = frontmatter.alias_problem(source, path)
    if alias:
        return [alias], False, None
    try:
        front = parse_front_matter(source, path)
    except FrontMatterError as exc:
        return [], True, exc  # reported by the caller's own front-matter check
    meta, lines, body_line = front
    problems += frontmatter.front_matter_problems(meta, lines, path)
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
        problems += frontmatter.label_problems(project.labels, project.display(project.labels))
    problems += limits.data_problems(project.root)
    problems += data_markup_problems(project)
    problems += relay_problems(project)
    if config is not None:
        config_file = Path(config.config_file_path or project.root / "mkdocs.yml")
        problems += frontmatter.config_text_problems(
            config, config_file, project.display(config_file)
        )
    return problems


def data_markup_problems(project) -> list[Problem]:
    """The texts of the data files that become Markdown in a page (the relay's notes, the
    people's facts: `relay` and `people` of the plugin) are Markdown prose: no raw HTML,
    and links only to the site's pages or to http(s) addresses. An allowlist, checked
    before any page renders them, so that a problem is named by the data file, its line
    and key, not blamed on the page that shows it (issue 22); the content gate still reads
    every page as rendered."""
    problems = []
    for path in (project.relay, project.people):
        shown = project.display(path) if path is not None else ""
        problems += [
            Problem(
                shown,
                scalar.start_mark.line + 1,
                f"found {found} in {key!r}, expected Markdown text whose links lead "
                "to a page of the site (relay.md#leg-3) or an http(s) address",
            )
            for key, scalar in limits.data_strings(_data_tree(path, shown))
            if (found := _markup(scalar.value))
        ]
    return problems


def _data_tree(path: Path | None, shown: str):
    """The YAML node tree of a data file; None when it is refused by its own checks
    (unreadable, an alias, malformed YAML: limits.data_problems and the loaders say so)."""
    if path is None or not path.is_file():
        return None
    text, unreadable = read_source(path, shown)
    try:
        if unreadable or yamlio.first_alias(text) is not None:
            return None  # no walk through aliases
        return yamlio.compose(text)
    except yaml.YAMLError:
        return None


def _markup(value: str) -> str | None:
    """What in a data text is no Markdown prose of the site, or None."""
    if "<" in value:
        return "'<' (raw HTML)"
    # Links are read only in a text within the limits (refused otherwise, by
    # limits.data_problems): the link pattern scans ahead from each `[`.
    within = len(value) <= limits.MAX_BLOCK and value.count("[") <= limits.MAX_BRACKETS
    if not within or "](" not in value:
        return None
    targets = (m.group("target") for r in (LINK_RE, IMAGE_RE) for m in r.finditer(value))
    bad = next((t for t in targets if not _data_link_allowed(t)), None)
    return f"the link target {bad[:60]!r}" if bad is not None else None


def _data_link_allowed(target: str) -> bool:
    if target.startswith(("https://", "http://")):
        return "&" not in target and "\\" not in target
    return not any(c in target for c in ":&\\")  # a page of the site, no scheme or entity


def relay_problems(project) -> list[Problem]:
    """data/relay.yml, then data/people.yml, checked once, before any page uses them: a
    mistake there is named in its own file and line, not blamed on (or found while
    rendering) the first page that shows the relay or the mushers (issues 17, 22)."""
    relay, people = project.relay, project.people
    if relay is None or not relay.is_file():
        return []
    try:
        keys = bibliography.load(project.bibliography).keys()
    except (bibliography.BibliographyError, OSError):
        return []  # reported by the bibliography's own checks
    loading = relay
    try:
        data = load_relay(relay, citation_keys=keys)
        if people is not None and people.is_file():
            loading = people
            load_people(data, people, citation_keys=keys)
    except RelayDataError as exc:  # every problem of the file
        return [Problem(project.display(loading), line, why) for line, why in exc.problems]
    return []
