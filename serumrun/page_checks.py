"""Refuse to publish a page whose source is unsafe or malformed, naming the file and line.

* HTML that runs script: `<script>`, `<iframe>` (and `<frame>`, `<object>`, `<embed>`),
  `on…=` event-handler attributes and `javascript:` URLs, whether written as raw HTML,
  as an attr_list (`{ onclick="…" }`) or as a link target. The source is checked first,
  for the line; then the page as rendered, for whatever an extension or a trick of
  escaping let through.
* Front matter that is not YAML between `---` lines, or lacks a title or a
  description: MkDocs would publish such a page with the block as text and no title.
* The gates of serumrun/gates/ (issue 17, SECURITY.md): limits checked before anything
  parses a page, front-matter keys and printed text, files of docs/, labels, nav titles,
  the relay data and the characters of every data file.

The plugin checks the sources of every page before anything is written (`check_sources`),
and each page as rendered (`rendered_problems`, reported for both languages at the end
of the build with `refuse`). scripts/check_translations.py runs the same
source checks (serumrun/pages.py, serumrun/script_safety.py).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from serumrun.gates import source as gates
from serumrun.pages import Problem, source_page
from serumrun.project import Project


def check_sources(project: Project, config=None) -> None:
    """Every page of every language: a bad page publishes nothing, and its author sees
    every problem at once. Each page is read and its front matter parsed once: the record
    (`project.sources`) serves the rest of the build (serumrun/pages.py `SourcePage`)."""
    problems = []
    project.sources.clear()
    for lang, pages in project.pages_by_language().items():
        for rel in sorted(pages):
            path = project.docs_dir / lang / rel
            page = gates.check_page(path, project.display(path))
            project.sources[str(path)] = page
            problems += page.problems
    problems += gates.project_problems(project, config)
    refuse(problems)


def rendered_problems(html: str, project: Project, source_path: str) -> list[Problem]:
    """Script in a page as rendered, with the line of its source it came from."""
    source = source_page(project, source_path)
    return gates.rendered_problems(html, source.universal, source.shown)


def refuse(problems: list[Problem]) -> None:
    if problems:
        problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        raise PluginError("The site cannot be published:\n  " + "\n  ".join(map(str, problems)))


def spacing_problems(snippets, project: Project, source_path: str) -> list[Problem]:
    """French spacing the build could not set in a page (serumrun/typography.py): the
    ordinary space ends one element and the punctuation starts the next. The line is
    that of the source where the words before the punctuation are."""
    if not snippets:
        return []
    source = source_page(project, source_path)
    lines = source.universal.splitlines()
    problems = []
    for snippet in snippets:
        words = snippet.before.split()[-1:]  # the word the space follows, as typed
        line = next((n for n, text in enumerate(lines, 1) if words and words[0] in text), None)
        if snippet.raw:
            words = snippet.after.split()[:3]
            line = next((n for n, text in enumerate(lines, 1) if " ".join(words) in text), None)
            problems.append(
                Problem(
                    source.shown,
                    line,
                    f"found an ordinary space before French punctuation in raw HTML "
                    f"({snippet.after.strip()[:40]!r}), expected a no-break space typed in it "
                    "(U+00A0 before ':', U+202F before ';', '!', '?', '»' and after '«'): "
                    "the build does not change raw HTML",
                )
            )
            continue
        problems.append(
            Problem(
                source.shown,
                line,
                f"found an ordinary space between {snippet.before.strip()[-20:]!r} and "
                f"{snippet.after[:1]!r} across formatting, expected the space inside the "
                "same formatting as the punctuation, or a no-break space (U+00A0 before "
                "':', U+202F before ';', '!', '?', '»')",
            )
        )
    return problems
