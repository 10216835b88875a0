"""A bad contribution fails the documented build, with a message naming the file (issue 2).

Each test breaks a scratch copy of the project one way and builds it with
scripts/build.py, the command the README documents.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.sitebuild import ROOT, build_env, mkdocs_build


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_missing_twin_fails_build_and_publishes_nothing(project_copy, tmp_path):
    (project_copy / "docs/fr/relay.md").unlink()
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "docs/fr/relay.md is missing (twin of docs/en/relay.md)" in build.output
    assert not (tmp_path / "out").exists()


def test_broken_anchor_fails_build(project_copy, tmp_path):
    _append(project_copy / "docs/en/index.md", "\nSee [the relay](relay.md#no-such-anchor).\n")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "no-such-anchor" in build.output
    assert "en/index.md" in build.output


def test_broken_link_fails_build(project_copy, tmp_path):
    _append(project_copy / "docs/fr/index.md", "\nVoir [la page](page-absente.md).\n")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "page-absente.md" in build.output
    assert "fr/index.md" in build.output


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
    documented = mkdocs_build(project_copy, tmp_path / "documented")
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
