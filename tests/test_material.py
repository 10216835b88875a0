"""serumrun/theme/material.py against the installed Material: every edit matches, or the build
stops; and every template the project copied is still what Material ships."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from serumrun.theme import material
from tests.sitebuild import ROOT

THEME = material.theme_dir()
ORIGINALS = ROOT / "tests" / "material_originals"


def _theme_copy(tmp_path: Path) -> Path:
    """The theme's built scripts, laid out as in a built site."""
    site = tmp_path / "site"
    shutil.copytree(THEME / "assets" / "javascripts", site / "assets" / "javascripts")
    return site


@pytest.mark.parametrize("edit", material.edits(), ids=lambda e: e.why)
def test_each_edit_matches_the_installed_material_exactly(edit):
    files = sorted(THEME.glob(edit.glob))
    assert len(files) == 1, edit.glob
    assert files[0].read_text("utf-8").count(edit.old) == 1


def test_the_pinned_version_is_installed():
    material.check_version()  # raises if requirements.txt and the table disagree


def test_apply_edits_the_site_once_and_a_second_pass_fails_loudly(tmp_path):
    site = _theme_copy(tmp_path)
    material.apply(site, offline=True)
    bundle = next(site.glob(material.BUNDLE)).read_text("utf-8")
    assert "function Mn(e,t=__serumrunLazyWorker(e)){" in bundle
    assert "unpkg.com" not in bundle
    # Applied to already edited files, an edit no longer matches: never a silent no-op.
    with pytest.raises(PluginError, match="Material changed"):
        material.apply(site, offline=True)


def test_website_build_keeps_the_offline_only_edits_out(tmp_path):
    site = _theme_copy(tmp_path)
    material.apply(site, offline=False)
    assert "https://unpkg.com/resize-observer-polyfill" in next(
        site.glob(material.BUNDLE)
    ).read_text("utf-8")


def test_a_changed_material_file_stops_with_the_edit_named(tmp_path):
    site = _theme_copy(tmp_path)
    worker = next(site.glob(material.WORKER))
    worker.write_text(worker.read_text("utf-8").replace('`${r}*`).join(" ")}', "x"), "utf-8")
    with pytest.raises(PluginError, match=r"whole words.*contains .* 0 time\(s\), expected 1"):
        material.apply(site, offline=False)


def test_another_material_version_stops_the_build(monkeypatch):
    monkeypatch.setattr(material, "MATERIAL_VERSION", "0.0.0")
    with pytest.raises(PluginError, match="written for Material 0.0.0"):
        material.check_version()


def test_search_worker_is_read_from_the_installed_theme():
    worker = material.built_file(THEME, material.WORKER)
    assert (THEME / worker).is_file() and worker.startswith("assets/javascripts/workers/search.")


@pytest.mark.parametrize(
    "name", sorted(p.relative_to(ORIGINALS).as_posix() for p in ORIGINALS.rglob("*.html"))
)
def test_copied_material_templates_are_unchanged_upstream(name):
    kept = (ORIGINALS / name).read_text("utf-8")
    installed = (THEME / name).read_text("utf-8")
    diff = "".join(
        difflib.unified_diff(
            kept.splitlines(True), installed.splitlines(True), f"kept/{name}", f"installed/{name}"
        )
    )
    assert not diff, (
        f"Material changed {name}, which overrides/ copies: carry the change over, then "
        f"update tests/material_originals/{name}\n{diff}"
    )
