"""In the built site: the notice on outdated translations, the translation status page,
and pages that would run script or have malformed front matter refused (issue 6)."""

from __future__ import annotations

import re

import pytest

from tests.contributions import commit_all, git
from tests.sitebuild import ROOT, mkdocs_build, pages_by_language


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project_history(project_copy):
    """The project copy as a git repository whose French pages translate its first commit."""
    for page in (project_copy / "docs/fr").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(
            re.sub(r"(?m)^source_commit: .*$", "source_commit: new", text), encoding="utf-8"
        )
    git(project_copy, "init", "-q")
    commit_all(project_copy, "The site", date="2026-01-05T10:00:00+00:00")
    return project_copy


def _statuses(build, path):
    rows = build.soup(path).select("table[data-translation-status] tbody tr")
    return {row.a["href"]: row.select_one("td[data-state]")["data-state"] for row in rows}


def test_outdated_translation_shows_notice_with_link_to_original(project_history, tmp_path):
    _edit(
        project_history / "docs/en/relay.md",
        "About 150 dogs took part.",
        "About 150 dogs took part, in relays of five to twenty.",
    )
    commit_all(project_history, "Relay: team sizes", date="2026-02-01T08:00:00+00:00")
    build = mkdocs_build(project_history, tmp_path / "out")
    assert build.returncode == 0, build.output

    notice = build.soup("fr/relay/index.html").select_one("article .translation-notice")
    assert notice is not None
    assert " ".join(notice.p.get_text().split()) == (
        "La page anglaise a été modifiée le 1er février 2026, après cette traduction. "
        "Lire la page anglaise"
    )
    assert notice.a["href"] == "../../relay/"
    assert notice.a["hreflang"] == "en"
    # Nowhere else: not on an up-to-date translation, not on the original.
    assert build.soup("fr/togo/index.html").select_one(".translation-notice") is None
    assert build.soup("relay/index.html").select_one(".translation-notice") is None

    statuses = _statuses(build, "fr/translation-status/index.html")
    assert statuses["../relay/"] == "outdated"
    assert {s for href, s in statuses.items() if href != "../relay/"} == {"up-to-date"}
    cell = (
        build.soup("translation-status/index.html")
        .select_one('table[data-translation-status] a[href="../relay/"]')
        .find_parent("tr")
        .select_one("td[data-state]")
    )
    assert cell.get_text() == "Outdated since 1 February 2026"


def test_status_page_lists_every_page_in_both_languages(project_history, tmp_path):
    build = mkdocs_build(project_history, tmp_path / "out")
    assert build.returncode == 0, build.output
    pages = pages_by_language(project_history / "docs")["en"]
    for path, header in (
        ("translation-status/index.html", "French translation"),
        ("fr/translation-status/index.html", "Traduction en français"),
    ):
        soup = build.soup(path)
        table = soup.select_one("table[data-translation-status]")
        assert [th.get_text() for th in table.select("thead th")] == ["Page", header]
        assert len(table.select("tbody tr")) == len(pages)
        assert set(_statuses(build, path).values()) == {"up-to-date"}
    titles = [
        a.get_text()
        for a in build.soup("fr/translation-status/index.html").select(
            "table[data-translation-status] a"
        )
    ]
    assert "Le relais" in titles and "Accueil" not in titles  # titles of the French pages


def test_without_git_history_status_is_unknown_and_no_notice(project_copy, tmp_path):
    _edit(project_copy / "docs/en/relay.md", "About 150 dogs took part.", "About 150 dogs ran.")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode == 0, build.output
    assert set(_statuses(build, "fr/translation-status/index.html").values()) == {"unknown"}
    assert not build.soup("fr/relay/index.html").select(".translation-notice")


def test_real_site_has_the_status_page_in_its_nav(site):
    for path in ("translation-status/index.html", "fr/translation-status/index.html"):
        soup = site.soup(path)
        assert len(soup.select("table[data-translation-status] tbody tr")) == len(
            pages_by_language(ROOT / "docs")["en"]
        )
        assert soup.select_one(".md-nav__link--active") is not None


# --- The build refuses pages that run script or whose front matter is broken -------------

SCRIPTS = {
    "script": (
        '<script>alert("x")</script>',
        """found <script> ('<script>alert("x")</script>'), which the sanitizer would remove""",
    ),
    "onclick": (
        '<span onclick="alert(1)">Nome</span>',
        "found onclick='alert(1)' on <span>, which the sanitizer would remove",
    ),
    "attr-list-handler": (
        '[Nome](relay.md){ onmouseover="alert(1)" }',
        "found onmouseover='alert(1)' on <a>, which the sanitizer would remove",
    ),
    "javascript-url": (
        "[Nome](javascript:alert(1))",
        "found href='javascript:alert(1)' on <a>, which the sanitizer would remove",
    ),
    "iframe": (
        '<iframe src="https://example.org/"></iframe>',
        """found <iframe> ('<iframe src="https://example.org/"></iframe>'), """
        "which the sanitizer would remove",
    ),
}


@pytest.fixture(scope="module")
def script_build(copies):
    """One copy with every case of SCRIPTS on its own line of a page, built once (the
    source gates list every problem): the build and each case's line."""
    project = copies("scripts")
    page = project / "docs/fr/index.md"
    text, lines = page.read_text(encoding="utf-8"), {}
    for case in sorted(SCRIPTS):
        lines[case] = text.count("\n") + 2
        text += f"\n{SCRIPTS[case][0]}\n"
    page.write_text(text, encoding="utf-8")
    return mkdocs_build(project, project.parent / "out"), lines


@pytest.mark.parametrize("case", sorted(SCRIPTS))
def test_script_running_html_fails_build_with_file_and_line(script_build, case):
    build, lines = script_build
    assert build.returncode != 0
    assert f"docs/fr/index.md:{lines[case]}: {SCRIPTS[case][1]}" in build.output
    assert not build.site.exists()


def test_malformed_front_matter_fails_build_with_file_and_line(project_copy, tmp_path):
    _edit(project_copy / "docs/en/togo.md", "title: Togo\n", "title: Togo: the lead dog\n")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert (
        "docs/en/togo.md:2: found a second ':' in the value of 'title', expected the value "
        'in quotes: title: "Togo: the lead dog"'
    ) in build.output


def test_an_english_change_not_committed_yet_shows_the_notice(project_history, tmp_path):
    """Working-tree changes count: the writer sees the notice before committing."""
    _edit(
        project_history / "docs/en/relay.md",
        "About 150 dogs took part.",
        "About 150 dogs took part, in relays of five to twenty.",
    )
    build = mkdocs_build(project_history, tmp_path / "out")
    assert build.returncode == 0, build.output
    assert build.soup("fr/relay/index.html").select_one("article .translation-notice")
    assert build.soup("fr/togo/index.html").select_one(".translation-notice") is None
    assert _statuses(build, "fr/translation-status/index.html")["../relay/"] == "outdated"
    # Changed in both twins (being translated together): in step.
    _edit(project_history / "docs/fr/relay.md", "---\n", "---\n# en cours\n")
    build = mkdocs_build(project_history, tmp_path / "out2")
    assert build.returncode == 0, build.output
    assert build.soup("fr/relay/index.html").select_one(".translation-notice") is None
