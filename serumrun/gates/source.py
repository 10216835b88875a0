"""The source-side gates in one call each, for the build (serumrun/page_checks.py)
and the checker (serumrun/twins.py, scripts/check_translations.py).

`page_gates` runs the limits first and stops there if one is broken: what follows
(YAML, Python-Markdown, the checker's regexes) would pay for the hostile input.
"""

from __future__ import annotations

from pathlib import Path

from serumrun import citations, late
from serumrun.gates import frontmatter, limits, static, tree
from serumrun.pages import FrontMatterError, Problem, SourcePage, parse_front_matter
from serumrun.script_safety import script_problems


def read_source(path: Path, shown: str) -> tuple[str, list[Problem]]:
    """A page's text, or "" and the problem if it is not UTF-8 (never a traceback)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", [
            Problem(shown, line, f"found byte 0x{data[exc.start]:02x}, expected text in UTF-8")
        ]


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
    page.problems += script_problems(text, shown)
    page.problems += [Problem(shown, n, why) for n, why in late.source_problems(text, shown)]
    return page


def page_gates(source: str, path: str):
    """Limits, then front-matter keys and printed text, then citation keys: the problems,
    whether the page may be parsed further (False when a limit or a character is
    refused), and the front matter parsed (or the FrontMatterError raised), for the
    callers that need it next (`check_page`, serumrun/pages.py `parse_page`)."""
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
        for line, message in citations.malformed_citations(body, first_line=body_line)
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
    problems += data_script_problems(project.root)
    problems += relay_problems(project)
    if config is not None:
        config_file = Path(config.config_file_path or project.root / "mkdocs.yml")
        problems += frontmatter.config_text_problems(
            config, config_file, project.display(config_file)
        )
    return problems


def data_script_problems(root: Path) -> list[Problem]:
    """The pages' script check on every text of the data files (people facts and relay
    notes become Markdown in a page): a problem there is named by the data file, its
    line and key, not blamed on the page that shows it (issue 22)."""
    import yaml

    from serumrun import yamlio

    problems = []
    for path in sorted((root / "data").glob("*.y*ml")):
        shown = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            if yamlio.first_alias(text) is not None:
                continue  # refused by limits.data_problems: no walk through aliases
            node = yamlio.compose(text)
        except yaml.YAMLError:
            continue  # each file's own check names the error
        for key, scalar in limits.data_strings(node):
            if not any(c in scalar.value for c in "<:&{"):
                continue  # no tag, URL, entity or attribute list: nothing to look for
            first = scalar.start_mark.line + (2 if scalar.style == "|" else 1)
            for problem in script_problems(scalar.value, shown):
                line = first + (problem.line or 1) - 1 if scalar.style == "|" else first
                problems.append(Problem(shown, line, f"{problem.message} (in {key!r})"))
    return problems


def rendered_problems(html: str, source: str, path: str, body_line: int = 1) -> list[Problem]:
    """Script the source checks missed, found in the page as rendered, with the line of
    the body it most likely came from (the first that spells it, entities decoded), or
    no line when none does (it came from elsewhere: an extension, a data file).

    The search starts at the body (`body_line`, after the front matter) and looks for the
    tag or attribute as written (`<script`, `onerror`): a search for the word "script"
    pinned a problem to the `description:` line (issue 22)."""
    from html import unescape

    from serumrun.script_safety import html_script_problems

    problems = []
    found = html_script_problems(html, path)
    lines = source.splitlines()[body_line - 1 :] if found else []
    for problem in found:
        what = problem.message.removeprefix("found ").split(",")[0]
        needle = {"javascript: URL": "javascript:"}.get(what, what.split("=")[0].rstrip("> "))
        line = next(
            (
                n
                for n, text in enumerate(lines, start=body_line)
                if needle.lower() in unescape(text).lower().replace("\t", "").replace("\n", "")
            ),
            None,
        )
        problems.append(Problem(path, line, f"{problem.message} (in the page as rendered)"))
    return problems


def relay_problems(project) -> list[Problem]:
    """data/relay.yml checked once, before any page uses it: a mistake there is named in
    its own file, not blamed on the first page that renders the relay (issue 17)."""
    from serumrun import bibliography
    from serumrun.relay.data import RelayDataError, RelayError, load_relay

    relay = project.relay
    if relay is None or not relay.is_file():
        return []
    shown = project.display(relay)
    try:
        keys = bibliography.load(project.bibliography).keys()
    except (bibliography.BibliographyError, OSError):
        return []  # reported by the bibliography's own checks
    try:
        data = load_relay(relay, citation_keys=keys)
    except RelayDataError as exc:
        return [Problem(shown, exc.line, exc.problem)]
    except RelayError as exc:
        return [Problem(shown, None, str(exc))]
    return map_problems(project, data, shown) + people_problems(project, data, keys)


def people_problems(project, relay, keys) -> list[Problem]:
    """data/people.yml checked with the relay, before any page: a wrong entry is named in
    its own file and line, not found while the mushers page renders (issue 22)."""
    from serumrun.relay.data import RelayDataError, RelayError
    from serumrun.relay.people import load_people

    if project.people is None or not project.people.is_file():
        return []
    shown = project.display(project.people)
    try:
        load_people(relay, project.people, citation_keys=keys)
    except RelayDataError as exc:
        return [Problem(shown, exc.line, exc.problem)]
    except RelayError as exc:
        return [Problem(shown, None, str(exc))]
    return []


def map_problems(project, data, shown: str) -> list[Problem]:
    """The places of data/relay.yml on the map's geodata: a place outside it (a typo in a
    latitude, a place near the pole) is named by its line of relay.yml, before any page
    draws the map; the map's own check named only the geodata file (issue 22)."""
    from serumrun.relay import geo, svgmap

    geo_file = geo.geo_file(data.path)
    try:
        geodata = geo.load_geodata(geo_file)
    except geo.GeoDataError as exc:
        return [Problem(project.display(geo_file), None, str(exc).split(": ", 1)[-1])]
    west, south, east, north = geodata.bbox
    lines = _place_lines(data.path)
    problems = [
        Problem(
            shown,
            lines.get(place.id),
            f"found place {place.id!r} at latitude {place.lat}, longitude {place.lon}, "
            f"expected a place on the map (latitude {south} to {north}, longitude {west} "
            f"to {east}, the geodata's box)",
        )
        for place in data.places.values()
        if not (west <= float(place.lon) <= east and south <= float(place.lat) <= north)
    ]
    if problems:
        return problems
    try:  # the map's own checks: its frame inside the geodata, snapped places near a river
        projection = svgmap.Projection(list(data.places.values()))
        svgmap._check_frame(projection, geodata, geo_file)
        projection.snap(list(data.places.values()), geodata, data.path)
    except geo.GeoDataError as exc:
        return [Problem(shown, None, str(exc).split(": ", 1)[-1])]
    return []


def _place_lines(path: Path) -> dict[str, int]:
    """Each place's line in the relay file (its `lat:`), by id."""
    import yaml

    from serumrun import yamlio

    root = yamlio.compose(path.read_text(encoding="utf-8"))
    lines: dict[str, int] = {}
    for key, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if key.value != "places" or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            fields = {k.value: v for k, v in getattr(item, "value", ())}
            if isinstance(item, yaml.MappingNode) and "id" in fields:
                at = fields.get("lat", item)
                lines[str(fields["id"].value)] = at.start_mark.line + 1
    return lines
