"""Refuse to publish a page whose source is unsafe or malformed, naming the file and line.

* HTML that runs script: `<script>`, `<iframe>` (and `<frame>`, `<object>`, `<embed>`),
  `on…=` event-handler attributes and `javascript:` URLs, whether written as raw HTML,
  as an attr_list (`{ onclick="…" }`) or as a link target. The source is checked first,
  for the line; then the page as rendered, for whatever an extension or a trick of
  escaping let through.
* Front matter that is not YAML between `---` lines, or lacks a title or a
  description: MkDocs would publish such a page with the block as text and no title.

The plugin checks the sources of every page before anything is written (`check_sources`),
and each page as rendered (`check_rendered`). scripts/check_translations.py runs the same
source checks (serumrun/translations.py).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from serumrun.project import Project
from serumrun.translations import (
    FrontMatterError,
    Problem,
    html_script_problems,
    parse_front_matter,
    script_problems,
)


def check_sources(project: Project) -> None:
    """Every page of every language: a bad page publishes nothing, and its author sees
    every problem at once."""
    problems = []
    for lang, pages in project.pages_by_language().items():
        for rel in sorted(pages):
            path = project.docs_dir / lang / rel
            shown = project.display(path)
            source = path.read_text(encoding="utf-8")
            try:
                parse_front_matter(source, shown)
            except FrontMatterError as exc:
                problems.append(exc.problem)
            problems += script_problems(source, shown)
    _refuse(problems)


def check_rendered(html: str, shown: str) -> None:
    _refuse(
        [
            Problem(shown, None, f"{problem.message} (in the page as rendered)")
            for problem in html_script_problems(html, shown)
        ]
    )


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise PluginError("Pages that cannot be published:\n  " + "\n  ".join(map(str, problems)))
