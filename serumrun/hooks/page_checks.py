"""Refuse to publish a page whose source is unsafe or malformed, naming the file and line.

* HTML that runs script: `<script>`, `<iframe>` (and `<frame>`, `<object>`, `<embed>`),
  `on…=` event-handler attributes and `javascript:` URLs, whether written as raw HTML,
  as an attr_list (`{ onclick="…" }`) or as a link target. The source is checked first,
  for the line; then the page as rendered, for whatever an extension or a trick of
  escaping let through. The site's scripts are files listed in mkdocs.yml; the
  Content-Security-Policy (hooks/security.py) trusts every inline script a build
  writes, so a script in a page must never reach the build's output.
* Front matter that is not YAML between `---` lines, or lacks a title or a
  description: MkDocs would publish such a page with the block as text and no title.

The sources of every page are checked in `on_config`, before anything is written;
the rendered pages in `on_page_content`. scripts/check_translations.py runs the same
source checks (serumrun/translations.py); this hook makes them hold for every build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from serumrun.gates import source as gates
from serumrun.i18n import pages_by_language
from serumrun.translations import (
    FrontMatterError,
    Problem,
    html_script_problems,
    parse_front_matter,
    script_problems,
)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Every page of every language before anything is built: a bad page publishes nothing,
    # and its author sees every problem at once.
    docs = Path(config.docs_dir)
    problems = []
    for lang, pages in pages_by_language(docs).items():
        for rel in sorted(pages):
            path = f"{docs.name}/{lang}/{rel}"
            source = (docs / lang / rel).read_text(encoding="utf-8")
            # Limits first (issue 17): a hostile page is refused before anything parses it.
            gate_problems, parse = gates.page_problems(source, path)
            problems += gate_problems
            if not parse:
                continue
            try:
                parse_front_matter(source, path)
            except FrontMatterError as exc:
                problems.append(exc.problem)
            problems += script_problems(source, path)
    problems += gates.project_problems(docs.parent, docs, config)
    _refuse(problems)
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    path = _display_path(page, config)
    _refuse(
        [
            Problem(path, None, f"{problem.message} (in the page as rendered)")
            for problem in html_script_problems(html, path)
        ]
    )
    return html


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise PluginError("Pages that cannot be published:\n  " + "\n  ".join(map(str, problems)))


def _display_path(page: Page, config: MkDocsConfig) -> str:
    return f"{Path(config.docs_dir).name}/{page.file.src_uri}"
