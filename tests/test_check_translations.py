"""scripts/check.py on fixture projects: the twins in step (issue 6).

Each bad contribution of tests/fixtures/contributions/bad/ fails with exit 1 and exactly
the problems of its expected.txt, as `file:line: found X, expected Y`; the good project
passes with exit 0; the checker never changes a file.
"""

from __future__ import annotations

import re

import pytest

from serumrun.checks.page_structure import parse_page
from serumrun.pages import nav_entries
from tests.contributions import (
    BAD_CASES,
    FIXTURES,
    commit_all,
    git,
    make_project,
    problems,
    run_script,
    snapshot,
)
from tests.sitebuild import ROOT


def check(root, *args):
    return run_script("check.py", "--root", str(root), *args)


def test_good_pair_passes_and_changes_nothing(tmp_path):
    project = make_project(tmp_path / "project")
    before = snapshot(project)
    result = check(project)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"check: 2 page pairs, 0 problems \(\d+\.\d s\)\n", result.stdout)
    assert problems(result.stderr) == []
    assert snapshot(project) == before


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_contribution_fails_with_its_message(tmp_path, case):
    project = make_project(tmp_path / "project", case)
    expected = (FIXTURES / "bad" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    before = snapshot(project)
    result = check(project)
    assert result.returncode == 1
    assert problems(result.stderr) == expected
    assert re.fullmatch(r"check: \d+ page pairs, \d+ problems? \(\d+\.\d s\)\n", result.stdout)
    assert snapshot(project) == before


def test_every_listed_kind_of_bad_contribution_has_a_fixture():
    assert {
        "missing-twin",
        "anchor-differs",
        "broken-link",
        "broken-anchor",
        "unknown-citation-key",
        "malformed-front-matter",
        "page-missing-from-nav",
    } <= set(BAD_CASES)
    # Script in a page is refused by the build's sanitizer, on the page as rendered
    # (tests/hostile.py RENDERED_CASES), not by the translation checker.


def test_messages_name_file_and_line_found_and_expected():
    for case in BAD_CASES:
        for line in (FIXTURES / "bad" / case / "expected.txt").read_text().splitlines():
            assert re.match(
                r"^(docs/(en|fr)/[\w/-]+\.md|mkdocs\.yml)(:\d+)?: found .+, expected ", line
            ), (case, line)


def test_the_site_is_in_step():
    """The real pages: what CI's translation job runs."""
    result = check(ROOT)
    assert result.returncode == 0, result.stderr


# --- Outdated translations (git history) ----------------------------------------------


@pytest.fixture
def history(tmp_path):
    """The good project as a git repository: the pair committed together ('new')."""
    project = make_project(tmp_path / "project")
    git(project, "init", "-q")
    commit_all(project, "Two page pairs")
    return project


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_new_pair_committed_together_is_up_to_date(history):
    result = check(history)
    assert result.returncode == 0
    assert re.fullmatch(r"check: 2 page pairs, 0 problems \(\d+\.\d s\)\n", result.stdout)
    assert result.stderr == ""


def test_english_change_makes_translation_outdated_with_what_changed(history):
    _edit(
        history / "docs/en/dogs.md",
        "## Balto { #balto }",
        "## Scotty { #scotty }\n\nText.\n\n## Balto { #balto }",
    )
    _edit(
        history / "docs/fr/dogs.md",
        "## Balto { #balto }",
        "## Scotty { #scotty }\n\nTexte.\n\n## Balto { #balto }",
    )
    commit_all(history, "Add Scotty", date="2026-02-03T09:00:00+00:00")
    # A commit that changes both twins keeps them in step.
    together = check(history)
    assert together.returncode == 0
    assert together.stderr == ""
    _edit(history / "docs/en/dogs.md", "## Scotty { #scotty }", "## Fox { #fox }")
    latest = commit_all(history, "Rename a section", date="2026-03-01T09:00:00+00:00")
    result = check(history)
    base = git(history, "log", "--format=%H", "--diff-filter=A", "--", "docs/fr/dogs.md")
    # The French page now differs in structure (an error), and is outdated (a warning).
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "docs/fr/dogs.md:13: found anchor #scotty, expected #fox (docs/en/dogs.md:12)",
        f"warning: docs/fr/dogs.md:4: outdated: found source_commit {base[:12]}, expected "
        f"{latest} (2026-03-01): docs/en/dogs.md changed in 1 commit since 2026-03-01 "
        "(1 file changed, 1 insertion(+), 1 deletion(-); headings added: #fox; "
        f"headings removed: #scotty); what changed: git diff {latest}^ -- docs/en/dogs.md",
        "    -## Scotty { #scotty }",
        "    +## Fox { #fox }",
    ]


def test_outdated_translation_is_a_warning_unless_strict(history):
    _edit(history / "docs/en/dogs.md", "Balto led", "Balto, a black dog, led")
    commit_all(history, "Balto's colour", date="2026-02-01T09:00:00+00:00")
    result = check(history)
    assert result.returncode == 0
    assert re.fullmatch(
        r"check: 2 page pairs, 0 problems, 1 translation outdated \(\d+\.\d s\)\n", result.stdout
    )
    assert problems(result.stderr)[0].startswith("warning: docs/fr/dogs.md:4: outdated: ")
    strict = check(history, "--strict-outdated")
    assert strict.returncode == 1
    assert re.fullmatch(r"check: 2 page pairs, 1 problem \(\d+\.\d s\)\n", strict.stdout)
    assert problems(strict.stderr)[0].startswith("docs/fr/dogs.md:4: outdated: ")


def test_recorded_source_commit_is_followed(history):
    _edit(history / "docs/en/dogs.md", "Balto led", "Balto, a black dog, led")
    changed = commit_all(history, "Balto's colour", date="2026-02-01T09:00:00+00:00")
    assert "warning: docs/fr/dogs.md:4: outdated" in check(history).stderr
    _edit(history / "docs/fr/dogs.md", "source_commit: new", f"source_commit: {changed}")
    _edit(history / "docs/fr/dogs.md", "Balto mena", "Balto, un chien noir, mena")
    commit_all(history, "Traduction")
    result = check(history)
    assert result.returncode == 0
    assert result.stderr == ""


def test_unknown_source_commit_is_an_error(history):
    _edit(history / "docs/fr/dogs.md", "source_commit: new", "source_commit: " + "0" * 40)
    result = check(history)
    assert result.returncode == 1
    assert problems(result.stderr) == [
        f"docs/fr/dogs.md:4: found source_commit: {'0' * 40}, expected a commit of this "
        "repository: the sha of the English revision translated "
        "(git log -1 --format=%H -- docs/en/dogs.md)"
    ]


def test_short_source_commit_is_an_error(history):
    _edit(history / "docs/fr/dogs.md", "source_commit: new", "source_commit: abc1234")
    result = check(history)
    assert result.returncode == 1
    assert problems(result.stderr)[0].startswith(
        "docs/fr/dogs.md:4: found source_commit: abc1234, expected the sha of the English "
        "revision translated"
    )


def test_without_git_history_outdated_is_not_checked_and_said(tmp_path):
    result = check(make_project(tmp_path / "project"))
    assert result.returncode == 0
    assert "note: no git history here" in result.stderr


# --- The parser on its own ------------------------------------------------------------


def test_headings_keep_level_anchor_and_line():
    page = parse_page(
        "---\ntitle: T\ndescription: D\n---\n\n# T\n\n## A { #a }\n\n### B { #b .x }\n", "p.md"
    )
    assert [(h.level, h.anchor, h.line) for h in page.headings] == [
        (1, None, 6),
        (2, "a", 8),
        (3, "b", 10),
    ]


def test_nav_is_read_despite_mkdocs_tags():
    line, entries = nav_entries(
        'site_url: !ENV [X, "y"]\nnav:\n  - Home: index.md\n  - S: [a.md, https://example.org/]\n'
    )
    assert line == 2
    assert entries == [("index.md", 3), ("a.md", 4)]
