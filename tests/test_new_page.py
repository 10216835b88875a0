"""scripts/new_page.py: a new page pair in both languages, in the nav, never over a page."""

from __future__ import annotations

from serumrun.twins import nav_entries
from tests.contributions import make_project, problems, run_script, snapshot
from tests.sitebuild import mkdocs_build


def new_page(root, *args):
    return run_script("new_page.py", *args, "--root", str(root))


def test_creates_twins_with_matching_anchors_and_adds_them_to_the_nav(tmp_path):
    project = make_project(tmp_path / "project")
    result = new_page(project, "mushers", "The mushers", "Les meneurs de chiens")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created docs/en/mushers.md",
        "created docs/fr/mushers.md",
        "updated mkdocs.yml",
    ]
    en = (project / "docs/en/mushers.md").read_text(encoding="utf-8")
    fr = (project / "docs/fr/mushers.md").read_text(encoding="utf-8")
    assert en.startswith("---\ntitle: The mushers\ndescription: TODO")
    assert fr.startswith("---\ntitle: Les meneurs de chiens\ndescription: TODO")
    assert "\nsource_commit: new\n---\n" in fr
    assert "\n# The mushers\n" in en and "\n# Les meneurs de chiens\n" in fr
    assert "\n## Background { #background }\n" in en
    assert "\n## Contexte { #background }\n" in fr
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.startswith("# A two-page bilingual site")  # comments kept
    assert config.endswith("  - The dogs: [dogs.md]\n  - mushers.md\n")


def test_checker_asks_for_the_descriptions_then_passes(tmp_path):
    project = make_project(tmp_path / "project")
    assert new_page(project, "mushers", "The mushers", "Les meneurs").returncode == 0
    result = run_script("check_translations.py", "--root", str(project))
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "docs/en/mushers.md:3: found the placeholder description 'TODO, one sentence that sums "
        "up this page, for search engines.', expected the page's own words",
        "docs/fr/mushers.md:3: found the placeholder description 'TODO, une phrase qui résume "
        "la page, pour les moteurs de recherche.', expected the page's own words",
    ]
    for lang, words in (("en", "Who drove the teams."), ("fr", "Qui menait les attelages.")):
        path = project / f"docs/{lang}/mushers.md"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[2] = f"description: {words}\n"
        path.write_text("".join(lines), encoding="utf-8")
    assert run_script("check_translations.py", "--root", str(project)).returncode == 0


def test_adds_to_an_inline_section(tmp_path):
    project = make_project(tmp_path / "project")
    assert new_page(project, "scotty", "Scotty", "Scotty", "--section", "The dogs").returncode == 0
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - The dogs: [dogs.md, scotty.md]\n" in config


def test_adds_to_a_block_section_and_keeps_comments(tmp_path):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        "site_name: X\n# The nav\nnav:\n  - Home: index.md\n  - The story:\n"
        "      - The dogs: dogs.md  # the lead dogs\n\n# --- Extensions\nmarkdown_extensions: []\n",
        encoding="utf-8",
    )
    assert (
        new_page(project, "mushers", "Mushers", "Meneurs", "--section", "The story").returncode == 0
    )
    assert config.read_text(encoding="utf-8") == (
        "site_name: X\n# The nav\nnav:\n  - Home: index.md\n  - The story:\n"
        "      - The dogs: dogs.md  # the lead dogs\n      - mushers.md\n\n"
        "# --- Extensions\nmarkdown_extensions: []\n"
    )
    assert [p for p, _ in nav_entries(config.read_text())[1]] == [
        "index.md",
        "dogs.md",
        "mushers.md",
    ]


def test_refuses_to_overwrite_a_page_and_changes_nothing(tmp_path):
    project = make_project(tmp_path / "project")
    before = snapshot(project)
    result = new_page(project, "dogs", "Dogs", "Chiens")
    assert result.returncode == 1
    assert result.stderr == (
        "new_page.py: docs/en/dogs.md already exists: new_page.py never "
        "overwrites a page; nothing changed\n"
    )
    assert result.stdout == ""
    assert snapshot(project) == before


def test_refuses_when_only_the_translation_exists(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "docs/fr/sled.md").write_text("Mon brouillon\n", encoding="utf-8")
    before = snapshot(project)
    result = new_page(project, "sled", "Sled", "Traîneau")
    assert result.returncode == 1
    assert "docs/fr/sled.md already exists" in result.stderr
    assert snapshot(project) == before


def test_refuses_a_bad_slug_or_an_unknown_section(tmp_path):
    project = make_project(tmp_path / "project")
    before = snapshot(project)
    bad = new_page(project, "Sled Dogs", "Sled dogs", "Chiens")
    assert bad.returncode == 1
    assert "found slug 'Sled Dogs', expected lower-case ascii words joined by '-'" in bad.stderr
    unknown = new_page(project, "sled", "Sled", "Traîneau", "--section", "Nowhere")
    assert unknown.returncode == 1
    assert "no section 'Nowhere' in the nav of mkdocs.yml" in unknown.stderr
    assert snapshot(project) == before


def test_new_page_builds_in_both_languages(project_copy, tmp_path):
    result = new_page(
        project_copy, "sled-dogs", "Sled dogs", "Les chiens de traîneau", "--section", "The dogs"
    )
    assert result.returncode == 0, result.stderr
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode == 0, build.output
    en, fr = build.soup("sled-dogs/index.html"), build.soup("fr/sled-dogs/index.html")
    assert en.h1.find(string=True).strip() == "Sled dogs"
    assert fr.h1.find(string=True).strip() == "Les chiens de traîneau"
    assert en.select_one("h2#background") and fr.select_one("h2#background")
    assert "Les chiens de traîneau" in [a.get_text(strip=True) for a in fr.select(".md-nav__link")]
