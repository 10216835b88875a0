"""scripts/new_page.py: a new page pair in both languages, in the nav, never over a page."""

from __future__ import annotations

import yaml

from serumrun.pages import nav_entries
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


def _write(project, slug):
    """Replace every TODO of a new pair by words, as its writer does."""
    for lang, words in (("en", "Who drove the teams."), ("fr", "Qui menait les attelages.")):
        path = project / f"docs/{lang}/{slug}.md"
        text = path.read_text(encoding="utf-8")
        lines = [
            words if "TODO" in line and not line.startswith("description") else line
            for line in text.splitlines()
        ]
        text = "\n".join(
            f"description: {words}" if line.startswith("description") else line for line in lines
        )
        path.write_text(text + "\n", encoding="utf-8")


def test_the_check_asks_for_every_todo_then_passes(tmp_path):
    project = make_project(tmp_path / "project")
    assert new_page(project, "mushers", "The mushers", "Les meneurs").returncode == 0
    result = run_script("check.py", "--root", str(project))
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "docs/en/mushers.md:3: found the placeholder description 'TODO, one sentence that sums "
        "up this page, for search engines.', expected the page's own words",
        "docs/en/mushers.md:8: found TODO, expected the page's own words in its place",
        "docs/en/mushers.md:12: found TODO, expected the page's own words in its place",
        "docs/fr/mushers.md:3: found the placeholder description 'TODO, une phrase qui résume "
        "la page, pour les moteurs de recherche.', expected the page's own words",
        "docs/fr/mushers.md:9: found TODO, expected the page's own words in its place",
        "docs/fr/mushers.md:13: found TODO, expected the page's own words in its place",
    ]
    _write(project, "mushers")
    result = run_script("check.py", "--root", str(project))
    assert result.returncode == 0, result.stderr


def test_says_to_run_make_check_next(tmp_path):
    result = new_page(make_project(tmp_path / "project"), "mushers", "Mushers", "Meneurs")
    assert result.stderr == "next: write the pages (replace every TODO), then run `make check`\n"


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
    assert unknown.stderr == (
        "new_page.py: no section 'Nowhere' in the nav of mkdocs.yml (its sections: "
        "'The dogs'); nothing changed\n"
    )
    nowhere = new_page(project, "sled", "Sled", "Traîneau", "--after", "nowhere.md")
    assert nowhere.stderr == (
        "new_page.py: no page nowhere.md in the nav of mkdocs.yml (its pages: index.md, "
        "dogs.md); nothing changed\n"
    )
    assert snapshot(project) == before


def test_new_page_builds_in_both_languages(project_copy, tmp_path):
    result = new_page(
        project_copy, "sled-dogs", "Sled dogs", "Les chiens de traîneau", "--section", "The dogs"
    )
    assert result.returncode == 0, result.stderr
    # Its TODOs refused by the build as by `make check`, nothing published...
    refused = mkdocs_build(project_copy, tmp_path / "out")
    assert refused.returncode == 1
    assert "docs/fr/sled-dogs.md:9: found TODO, expected the page's own words" in refused.output
    assert not (tmp_path / "out").exists()
    # ... then, written, with one image under assets/ shown by both twins, it builds.
    _write(project_copy, "sled-dogs")
    (project_copy / "docs/assets/images").mkdir(parents=True)
    (project_copy / "docs/assets/images/team.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3">'
        '<rect width="4" height="3"/></svg>'
    )
    for lang, alt in (("en", "A team"), ("fr", "Un attelage")):
        page = project_copy / f"docs/{lang}/sled-dogs.md"
        page.write_text(page.read_text() + f"\n![{alt}](../assets/images/team.svg)\n")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode == 0, build.output
    en, fr = build.soup("sled-dogs/index.html"), build.soup("fr/sled-dogs/index.html")
    # A French page's image resolves to the one published file (static-i18n's fallback_to_default
    # for assets; a missing page is still refused by the plugin).
    assert en.select_one('img[alt="A team"]')["src"] == "../assets/images/team.svg"
    assert fr.select_one('img[alt="Un attelage"]')["src"] == "../../assets/images/team.svg"
    assert (tmp_path / "out/assets/images/team.svg").is_file()
    assert en.h1.find(string=True).strip() == "Sled dogs"
    assert fr.h1.find(string=True).strip() == "Les chiens de traîneau"
    assert en.select_one("h2#background") and fr.select_one("h2#background")
    assert "Les chiens de traîneau" in [a.get_text(strip=True) for a in fr.select(".md-nav__link")]


def test_after_a_page_with_a_titled_entry_and_its_translation(project_copy):
    result = new_page(
        project_copy,
        "sled-dogs",
        "Sled dogs: the breed",
        "Les chiens de traîneau",
        "--after",
        "relay",
    )
    assert result.returncode == 0, result.stderr
    config = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    assert (
        "      - The relay: relay.md\n"
        '      - "Sled dogs: the breed": sled-dogs.md\n'
        "      - The mushers: mushers.md\n"
    ) in config
    assert '          "Sled dogs: the breed": Les chiens de traîneau\n' in config
    # Read back as MkDocs reads it: the French nav shows the French title.
    plugins = yaml.load(config.replace("!ENV", ""), Loader=yaml.SafeLoader)["plugins"]
    french = plugins["i18n"]["languages"][1]["nav_translations"]
    assert french["Sled dogs: the breed"] == "Les chiens de traîneau"


def test_after_a_page_of_an_inline_list_is_bare_like_its_neighbours(project_copy):
    assert (
        new_page(project_copy, "scotty", "Scotty", "Scotty", "--after", "togo.md").returncode == 0
    )
    config = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - The dogs: [togo.md, scotty.md, balto.md]\n" in config
    assert "Scotty: Scotty" not in config


def test_writes_the_missing_twin_of_a_page(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "docs/fr/dogs.md").unlink()
    refused = new_page(project, "dogs", "Dogs", "Chiens")
    assert refused.returncode == 1
    assert "(to write its missing twin: new_page.py --twin dogs)" in refused.stderr
    result = new_page(project, "--twin", "dogs", "Les chiens")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created docs/fr/dogs.md\n"
    fr = (project / "docs/fr/dogs.md").read_text(encoding="utf-8")
    assert fr.startswith("---\ntitle: Les chiens\ndescription: TODO, une phrase")
    assert "\nsource_commit: new\n---\n\n# Les chiens\n\nTODO : traduire cette page" in fr
    assert "\n## Togo { #togo }\n" in fr and "[@salisbury2003, p. 187]" in fr
    check = run_script("check.py", "--root", str(project))
    assert problems(check.stderr) == [
        "docs/fr/dogs.md:3: found the placeholder description 'TODO, une phrase qui résume "
        "la page, pour les moteurs de recherche.', expected the page's own words",
        "docs/fr/dogs.md:9: found TODO, expected the page's own words in its place",
    ]
