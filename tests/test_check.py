"""scripts/check.py (`make check`): a volunteer's slips, every one in one pass, blamed on
the page at fault, with file:line and a plain fix; the build refuses the same errors."""

from __future__ import annotations

import re
import subprocess

from tests.contributions import commit_all, git, make_project, problems, run_script
from tests.sitebuild import ROOT, mkdocs_build

GLOSSARY = """\
- write: le Norton Sound
  refuse: [détroit de Norton]
  why: Norton Sound is a bay
"""


def check(root, *args):
    return run_script("check.py", "--root", str(root), *args)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _slips(project):
    """The usual slips of a first contribution, one of each kind."""
    (project / "data/glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    en, fr = project / "docs/en/dogs.md", project / "docs/fr/dogs.md"
    _edit(en, "[@salisbury2003, p. 187]", "[@salisbury2030, p. 187]")  # a mistyped key
    _edit(en, "## Balto { #balto }", "#### Balto { #balto }")  # a level jump
    _edit(
        en, "into Nome [@ungermann1963].", "into Nome [@ungermann1963], see <https://example.org>."
    )
    _edit(fr, "title: Les chiens", "title: Les chiens : Togo et Balto")  # a colon
    _edit(fr, "Retour au", "Par le détroit de Norton. TODO vérifier. Retour au")
    for path, heading in ((en, "## Sled\n\nText.\n"), (fr, "## Le traîneau\n\nTexte.\n")):
        path.write_text(path.read_text(encoding="utf-8") + "\n" + heading, encoding="utf-8")


def test_every_slip_in_one_pass_blamed_on_the_page_at_fault(tmp_path):
    project = make_project(tmp_path / "project")
    _slips(project)
    result = check(project)
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "docs/en/dogs.md:10: found unknown citation key @salisbury2030, expected a key of "
        "data/bibliography.yml (did you mean @salisbury2003?)",
        "docs/en/dogs.md:12: found a level-4 heading after a level-2 one, expected level 3 "
        "at most ('### …')",
        "docs/en/dogs.md:14: found a link to another site (https://example.org), expected none "
        "in the prose: cite the source instead ([@key], its entry in data/bibliography.yml)",
        "docs/en/dogs.md:16: found heading 'Sled' without an explicit anchor, expected "
        "'## Sled { #sled }' (the same anchor in every language)",
        "docs/fr/dogs.md:2: found a second ':' in the value of 'title', expected the value in "
        'quotes: title: "Les chiens : Togo et Balto"',
        "docs/fr/dogs.md:15: found TODO, expected the page's own words in its place",
        "docs/fr/dogs.md:15: found « détroit de Norton », write « le Norton Sound » "
        "(Norton Sound is a bay)",
        "docs/fr/dogs.md:17: found heading 'Le traîneau' without an explicit anchor, expected "
        "'## Le traîneau { #sled }' (the same anchor in every language)",
    ]
    assert result.stdout.startswith("check: 2 page pairs, 8 problems (")


def test_the_build_refuses_what_the_check_refuses(tmp_path):
    project = make_project(tmp_path / "project")
    _slips(project)
    build = mkdocs_build(project, tmp_path / "out")
    assert build.returncode != 0
    for line in problems(check(project).stderr):
        assert line in build.output, line
    assert not (tmp_path / "out").exists()


def test_the_real_site_passes_in_one_pass():
    result = check(ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("check: 11 page pairs, 0 problems")


def test_a_broken_anchor_into_a_generated_page_is_caught(project_copy):
    """The mushers page's entries come from data/people.yml: their anchors are checked."""
    _edit(
        project_copy / "docs/en/myths.md", "(mushers.md#musher-shannon", "(mushers.md#musher-shanon"
    )
    result = check(project_copy)
    assert result.returncode == 1
    # Reported once, on the page at fault, with the likely fix; not on its French twin.
    [problem] = problems(result.stderr)
    assert problem == (
        "docs/en/myths.md:118: found link to mushers.md#musher-shanon, expected an anchor "
        "of docs/en/mushers.md (did you mean #musher-shannon?)"
    )


def test_outdated_before_a_commit_with_the_english_diff(tmp_path):
    project = make_project(tmp_path / "project")
    git(project, "init", "-q")
    commit_all(project, "Two page pairs")
    _edit(project / "docs/en/dogs.md", "Balto led", "Balto, a black dog, led")
    result = check(project)
    assert result.returncode == 0, result.stderr
    lines = problems(result.stderr)
    assert lines[0] == (
        "warning: docs/fr/dogs.md:4: outdated: found source_commit "
        f"{git(project, 'rev-parse', 'HEAD').strip()[:12]}, expected the commit that will "
        "record the change to docs/en/dogs.md (commit it, then git log -1 --format=%H -- "
        "docs/en/dogs.md): docs/en/dogs.md changed, not committed yet (1 file changed, "
        "1 insertion(+), 1 deletion(-)); what changed: git diff HEAD -- docs/en/dogs.md"
    )
    assert lines[1:] == [
        "    -Balto led Kaasen's team into Nome [@ungermann1963]. Back to "
        "[the relay](index.md#relay).",
        "    +Balto, a black dog, led Kaasen's team into Nome [@ungermann1963]. Back to "
        "[the relay](index.md#relay).",
    ]


def test_outside_the_venv_a_script_runs_in_it_or_says_what_to_run(tmp_path):
    bare = subprocess.run(
        ["/usr/bin/python3", "-I", str(ROOT / "scripts/check.py"), "--root", str(ROOT)],
        capture_output=True,
        text=True,
    )
    # With a .venv in the checkout it re-runs there; the same output as `make check`.
    assert bare.returncode == 0, bare.stderr
    assert bare.stdout.startswith("check: 11 page pairs, 0 problems")
    copy = tmp_path / "checkout"
    (copy / "scripts").mkdir(parents=True)
    for name in ("scripts/check.py", "scripts/scriptenv.py"):
        (copy / name).write_bytes((ROOT / name).read_bytes())
    alone = subprocess.run(
        ["/usr/bin/python3", "-I", str(copy / "scripts/check.py")], capture_output=True, text=True
    )
    assert alone.returncode == 1
    assert "Traceback" not in alone.stderr
    assert "run `make check`" in alone.stderr


def test_an_english_anchor_slip_is_blamed_on_the_english_page(tmp_path):
    """The French anchor is the one links use: the English page is at fault."""
    project = make_project(tmp_path / "project")
    _edit(project / "docs/en/dogs.md", "## Togo { #togo }", "## Togo { #tog }")
    result = check(project)
    assert problems(result.stderr) == [
        "docs/en/dogs.md:8: found anchor #tog, expected #togo as in docs/fr/dogs.md:9 "
        "(links point to #togo)",
        "docs/en/index.md:14: found link to dogs.md#togo, expected an anchor of "
        "docs/en/dogs.md (did you mean #tog?)",
    ]


def test_an_empty_title_is_said_in_words(tmp_path):
    project = make_project(tmp_path / "project")
    _edit(project / "docs/fr/dogs.md", "title: Les chiens", "title:")
    assert problems(check(project).stderr) == [
        "docs/fr/dogs.md:2: found no text in front-matter 'title', expected some "
        "(required: title, description)"
    ]


def test_the_build_refuses_an_unknown_source_commit_with_file_and_line(tmp_path):
    project = make_project(tmp_path / "project")
    _edit(project / "docs/fr/dogs.md", "source_commit: new", "source_commit: " + "0" * 40)
    git(project, "init", "-q")
    commit_all(project, "Two page pairs")
    build = mkdocs_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert (
        f"docs/fr/dogs.md:4: found source_commit: {'0' * 40}, expected a commit of this repository"
    ) in build.output
    assert not (tmp_path / "out").exists()


def test_a_broken_anchor_is_refused_by_the_build_with_its_line(project_copy, tmp_path):
    """The project's message with file:line, whatever MkDocs says of it."""
    _edit(project_copy / "docs/fr/togo.md", "(relay.md#legs", "(relay.md#etapes")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    # MkDocs' own warning (no line) is complemented by the project's, with its line.
    assert re.search(
        r"docs/fr/togo\.md:\d+: found link to relay\.md#etapes, expected an anchor of "
        r"docs/fr/relay\.md",
        build.output,
    )


def test_a_data_file_not_in_utf8_is_named_without_a_traceback(project_copy, tmp_path):
    people = project_copy / "data/people.yml"
    line = people.read_bytes().count(b"\n") + 2
    people.write_bytes(people.read_bytes() + b"\n# Caf\xe9 (Windows-1252)\n")
    expected = (
        f"data/people.yml:{line}: found byte 0xe9, expected text in UTF-8 "
        "(save the file as UTF-8 in your editor)"
    )
    result = check(project_copy)
    assert result.returncode == 1
    assert problems(result.stderr) == [expected]
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert expected in build.output


def test_a_long_paragraph_with_a_number_and_no_citation_is_a_warning(tmp_path):
    project = make_project(tmp_path / "project")
    words = "Balto ran 53 miles through the night " * 4
    for lang in ("en", "fr"):  # a line of navigation, however long, is not a paragraph
        page = project / f"docs/{lang}/dogs.md"
        page.write_text(f"{page.read_text(encoding='utf-8')}\n- [Togo](#togo): {words}\n")
    en = project / "docs/en/dogs.md"
    en.write_text(en.read_text(encoding="utf-8") + f"\n{words}\n")
    result = check(project)
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == [
        "warning: docs/en/dogs.md:18: found a paragraph without a citation, expected one at its "
        "end ([@key]) if it states facts (CONTRIBUTING.md, Cite)"
    ]
    assert "0 problems, 1 paragraph to check for a citation" in result.stdout
