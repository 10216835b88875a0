"""A bad contribution fails the documented build, with a message naming the file (issue 2).

Each test breaks a scratch copy of the project one way and builds it with
scripts/build.py, the command the README documents.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, build_env, mkdocs_build


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_missing_twin_fails_build_and_publishes_nothing(project_copy, tmp_path):
    (project_copy / "docs/fr/relay.md").unlink()
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert (
        "docs/fr/relay.md: found no such file, expected the twin of docs/en/relay.md"
    ) in build.output
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def broken_links(copies):
    """One copy with a broken anchor and a broken link, built once: MkDocs warns of both,
    and --strict fails the build on its warnings."""
    project = copies("links")
    _append(project / "docs/en/index.md", "\nSee [the relay](relay.md#no-such-anchor).\n")
    _append(project / "docs/fr/index.md", "\nVoir [la page](page-absente.md).\n")
    return mkdocs_build(project, project.parent / "out")


def _lines_naming(build, *words: str) -> list[str]:
    return [line for line in build.output.splitlines() if all(w in line for w in words)]


def test_broken_anchor_fails_build(broken_links):
    assert broken_links.returncode != 0
    assert _lines_naming(broken_links, "en/index.md", "no-such-anchor"), broken_links.output


def test_broken_link_fails_build(broken_links):
    assert broken_links.returncode != 0
    assert _lines_naming(broken_links, "fr/index.md", "page-absente.md"), broken_links.output


def test_cross_language_link_fails_build_with_file_and_line(project_copy, tmp_path):
    page = project_copy / "docs/fr/index.md"
    lines = page.read_text(encoding="utf-8").count("\n")
    _append(page, "\nLire [en anglais](../en/relay.md).\n")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert (
        f"docs/fr/index.md:{lines + 2}: link to '../en/relay.md' crosses into the 'en' folder"
        in build.output
    )


def test_documented_build_fails_on_a_warning_where_quiet_strict_passes(project_copy, tmp_path):
    """`mkdocs build --strict -q` hides warnings from --strict; the documented command does not."""
    # A warning of MkDocs' own (a link to a folder of docs/: the plugin's checks accept a
    # file that exists, and refuse a missing page before MkDocs would warn).
    for lang in ("en", "fr"):
        _append(project_copy / f"docs/{lang}/index.md", "\nSee [the assets](../assets/).\n")
    documented = mkdocs_build(project_copy, tmp_path / "documented", script=True)
    assert documented.returncode != 0
    quiet = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "quiet")],
        cwd=project_copy,
        env={**build_env(), "PYTHONPATH": str(project_copy)},
        capture_output=True,
        text=True,
    )
    assert quiet.returncode == 0, (
        "MkDocs now fails -q --strict on warnings: revisit scripts/build.py"
    )


def test_build_command_is_strict_and_never_quiet():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build import build_command
    finally:
        sys.path.pop(0)
    cmd = build_command(ROOT / "mkdocs.yml", None)
    assert "--strict" in cmd
    assert "-q" not in cmd and "--quiet" not in cmd


def test_navigation_instant_would_fail_the_strict_build(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "    - navigation.sections\n", "    - navigation.instant\n    - navigation.sections\n"
        )
    )
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "navigation.instant" in build.output


def test_the_edit_loop_skips_the_publication_checks_the_documented_build_keeps(copies):
    """`make serve` (SERUMRUN_CHECKS=false) leaves out the gate on the built site; the
    documented build turns it on whatever the environment says."""
    project = copies("checks")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    bundle = "  bundle_url: downloads/serum-run-1925-offline.zip\n"
    assert text.count(bundle) == 1
    config.write_text(text.replace(bundle, '  bundle_url: "javascript:alert(1)//://"\n'))
    env = build_env(SERUMRUN_CHECKS="false")
    documented = mkdocs_build(project, project.parent / "documented", env=env)
    assert documented.returncode != 0
    assert "found href='javascript:alert(1)//://' on <a>" in documented.output
    preview = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project.parent / "p")],
        cwd=project,
        env={**env, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
    )
    assert preview.returncode == 0, preview.stderr[-3000:]
    assert "publication checks off" in preview.stderr
    home = (project.parent / "p" / "index.html").read_text(encoding="utf-8")
    assert 'href="javascript:alert(1)//://"' in home
