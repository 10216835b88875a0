"""Shared fixtures: one build of the real site per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import ROOT, Build, mkdocs_build


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The real site, built once with the documented strict build into a tmp folder."""
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A scratch copy of the project, for tests that break it on purpose."""
    from tests.sitebuild import copy_project

    return copy_project(tmp_path / "project")
