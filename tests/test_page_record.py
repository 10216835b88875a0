"""One reading of each page per build (issue 15): the source check's record of a page
(serumrun/pages.py `SourcePage`, on the build's Project) is what the rest of the build
reads, it says what reading the file says, and a new build (`mkdocs serve` after a save)
reads the page again."""

from __future__ import annotations

import os

from serumrun.pages import parse_front_matter, source_page
from tests.contributions import make_project


def _plugin(project_dir):
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project_dir / "mkdocs.yml"))
    return config, config.plugins["serumrun"]


def test_the_record_is_what_reading_the_file_says(tmp_path):
    project_dir = make_project(tmp_path / "project")
    page = project_dir / "docs/en/dogs.md"
    # Windows line breaks and blank lines before the body: the line offset MkDocs needs.
    text = page.read_text(encoding="utf-8").replace("---\n\n#", "---\n\n\n\n#", 1)
    page.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    config, plugin = _plugin(project_dir)
    plugin._start_build(config)
    record = plugin.project.sources[str(plugin.project.docs_dir / "en/dogs.md")]
    assert source_page(plugin.project, page) is record
    raw = page.read_text(encoding="utf-8-sig")
    assert record.markdown == raw
    assert record.front_matter() == parse_front_matter(raw, record.shown)
    body_line = record.front_matter()[2]
    assert record.body == "\n".join(raw.splitlines()[body_line - 1 :])
    assert record.line_offset == body_line - 1 + 3  # the three blank lines MkDocs drops
    assert record.problems == []


def test_a_new_build_reads_an_edited_page_again(tmp_path):
    project_dir = make_project(tmp_path / "project")
    page = project_dir / "docs/fr/dogs.md"
    config, plugin = _plugin(project_dir)
    plugin._start_build(config)
    first = source_page(plugin.project, page)
    page.write_text(
        page.read_text(encoding="utf-8").replace("title: ", "title: Revu ", 1), encoding="utf-8"
    )
    plugin._start_build(config)  # what the plugin does on the first pass of every build
    second = source_page(plugin.project, page)
    assert second is not first
    assert second.front_matter()[0]["title"].startswith("Revu ")
    assert not first.front_matter()[0]["title"].startswith("Revu ")


def test_outside_a_build_nothing_is_kept(tmp_path):
    from serumrun.project import Project

    project_dir = make_project(tmp_path / "project")
    page = project_dir / "docs/en/dogs.md"
    project = Project.from_config_file(project_dir / "mkdocs.yml")
    before = source_page(project, page)
    page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    after = source_page(project, page)
    assert project.sources == {}
    assert after.text.endswith("More.\n") and not before.text.endswith("More.\n")
