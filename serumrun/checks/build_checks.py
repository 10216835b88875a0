"""Refuse to publish a page whose source is unsafe or malformed, naming the file and line.

* A page as rendered that holds anything the allowlist sanitizer would remove
  (serumrun/gates/content.py), named with the line of its source that holds it.
* The gates of serumrun/gates/ (SECURITY.md), front matter that is not YAML between `---`
  lines or lacks a title or a description, and every error of the contributor check
  (serumrun/checks/contributor.py `check_project`).

The plugin checks the sources of every page before anything is written (`check_sources`),
and each page as rendered (`rendered_problems`, reported for both languages at the end
of the build with `refuse`).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from serumrun.checks.contributor import check_project, in_order
from serumrun.gates import source as gates
from serumrun.gates import tree
from serumrun.pages import FrontMatterError, source_page
from serumrun.problems import Problem
from serumrun.project import Project


def check_tree(project: Project, config=None) -> None:
    """Before anything is read: no symbolic link where the build reads (issue 22)."""
    refuse(tree.link_problems(project, config))


def check_sources(project: Project, config=None, *, contributor: bool = True) -> list[Problem]:
    """Every page of every language: a bad page publishes nothing, and its author sees
    every problem at once. Each page is read and its front matter parsed once: the record
    (`project.sources`) serves the rest of the build (serumrun/pages.py `SourcePage`).

    What the gates refuse stops the build here, said with every error of the contributor
    check (twins, anchors, citations, glossary, page rules). Without a gate's refusal,
    those errors are returned: the plugin refuses them at the end with what the
    sanitizer finds in the pages as rendered, all at once. Without `contributor`
    (the edit loop, publication checks off), the contributor check is left to `make check`."""
    problems = []
    project.sources.clear()
    for lang, pages in project.pages_by_language().items():
        for rel in sorted(pages):
            path = project.docs_dir / lang / rel
            page = gates.check_page(path, project.display(path))
            project.sources[str(path)] = page
            problems += page.problems
    gated = gates.project_problems(project, config)
    problems += gated
    # What `make check` refuses, the build refuses: the same functions, on the pages just
    # read (twins, anchors, links, citations, the glossary, the page rules, source_commit).
    contributor = check_project(project, outdated=False, gated=gated).errors if contributor else []
    if problems:
        refuse(problems + contributor)  # a gate stops the build: everything is said now
    return contributor


def rendered_problems(gate, html: str, project: Project, source_path: str) -> list[Problem]:
    """What the sanitizer would remove from a page as rendered, with its source's line.

    The line is looked for in the body only: the front matter is not rendered, and a
    fragment's words found there (a `description:` that says "script") pinned the
    problem to the wrong line (issue 22). Its lines are kept, blank, for the numbering."""
    source = source_page(project, source_path)
    try:
        body_line = source.front_matter()[2]
    except FrontMatterError:
        body_line = 1
    lines = source.universal.splitlines()
    body = "\n".join([""] * (body_line - 1) + lines[body_line - 1 :])
    return gate.problems(html, body, source.shown)


def refuse(problems: list[Problem]) -> None:
    if problems:
        shown = "\n  ".join(map(str, in_order(problems)))
        raise PluginError("The site cannot be published:\n  " + shown)


def spacing_problems(snippets, project: Project, source_path: str) -> list[Problem]:
    """French spacing the build could not set in a page (serumrun/l10n/typography.py): the
    ordinary space ends one element and the punctuation starts the next. The line is
    that of the source where the words before the punctuation are."""
    if not snippets:
        return []
    source = source_page(project, source_path)
    lines = source.universal.splitlines()
    problems = []
    for snippet in snippets:
        if snippet.raw:
            words = " ".join(snippet.after.split()[:3])
            message = (
                f"found an ordinary space before French punctuation in raw HTML "
                f"({snippet.after.strip()[:40]!r}), expected a no-break space typed in it "
                "(U+00A0 before ':', U+202F before ';', '!', '?', '»' and after '«'): "
                "the build does not change raw HTML"
            )
        else:
            words = (snippet.before.split()[-1:] or [None])[0]  # the word the space follows
            message = (
                f"found an ordinary space between {snippet.before.strip()[-20:]!r} and "
                f"{snippet.after[:1]!r} across formatting, expected the space inside the "
                "same formatting as the punctuation, or a no-break space (U+00A0 before "
                "':', U+202F before ';', '!', '?', '»')"
            )
        line = next((n for n, text in enumerate(lines, 1) if words and words in text), None)
        problems.append(Problem(source.shown, line, message))
    return problems
