"""Refuse to publish a page whose source is unsafe or malformed, naming the file and line.

* HTML that runs script: `<script>`, `<iframe>` (and `<frame>`, `<object>`, `<embed>`),
  `on…=` event-handler attributes and `javascript:` URLs, whether written as raw HTML,
  as an attr_list (`{ onclick="…" }`) or as a link target. The source is checked first,
  for the line; then the page as rendered, for whatever an extension or a trick of
  escaping let through. The site's scripts are files listed in mkdocs.yml; the
  Content-Security-Policy (hooks/security.py) lists only the templates' inline scripts.
* Front matter that is not YAML between `---` lines, or lacks a title or a
  description: MkDocs would publish such a page with the block as text and no title.

* The gates of serumrun/gates/ (issue 17, SECURITY.md): limits checked before anything
  parses a page, front-matter keys and printed text, files of docs/, labels, nav titles
  and characters of the data.

The sources of every page are checked in `on_config`, before anything is written;
the rendered pages in `on_page_content`, reported together, both languages, at the
end. scripts/check_translations.py runs the same source checks (serumrun/translations.py);
this hook makes them hold for every build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from serumrun.gates import source as gates
from serumrun.i18n import pages_by_language
from serumrun.translations import (
    FrontMatterError,
    Problem,
    parse_front_matter,
    script_problems,
)

#: Problems of the pages as rendered, in every language pass of this build.
_rendered: list[Problem] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _rendered.clear()
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
    # Collected, not raised: the build goes on to the other language, and every page of
    # both is named at the end (on_post_build), each with its line.
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    _rendered.extend(gates.rendered_problems(html, source, _display_path(page, config)))
    return html


@event_priority(-250)  # after every language's pages, before the output gate (-300)
def on_post_build(config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:
        return  # an inner language pass; the outer pass ends last
    problems = sorted(set(_rendered))
    _rendered.clear()
    _refuse(problems)


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise PluginError("The site cannot be published:\n  " + "\n  ".join(map(str, problems)))


def _display_path(page: Page, config: MkDocsConfig) -> str:
    return f"{Path(config.docs_dir).name}/{page.file.src_uri}"
