"""Build the real site (or a modified copy of it) with MkDocs, for the build and browser tests.

Tests never build into the working tree: every build goes to a pytest tmp_path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from serumrun.project import Project, activate

ROOT = Path(__file__).resolve().parent.parent
#: The project under test, read from its mkdocs.yml (languages, data files); the current
#: project of the modules the unit tests call outside a build.
PROJECT = Project.from_config_file(ROOT / "mkdocs.yml")
activate(PROJECT)
LANGUAGES = PROJECT.languages
url_prefix = PROJECT.url_prefix


def pages_by_language(docs_dir: Path = PROJECT.docs_dir) -> dict[str, set[str]]:
    """Markdown pages of each language folder of `docs_dir`, relative to that folder."""
    return {
        lang: {p.relative_to(docs_dir / lang).as_posix() for p in (docs_dir / lang).rglob("*.md")}
        for lang in LANGUAGES
    }


#: The public address the test builds use; browser tests serve the site under its path.
TEST_SITE_URL = "https://example.org/serum-run/"
#: What the project copies into a scratch tree to build a modified site.
PROJECT_PARTS = (
    "mkdocs.yml",
    "mkdocs.offline.yml",
    "docs",
    "overrides",
    "data",
    "serumrun",
    "scripts",
)


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SITE_URL=TEST_SITE_URL,
        NO_MKDOCS_2_WARNING="1",  # Material's end-of-life banner: see README
        SOURCE_DATE_EPOCH="1700000000",
    )
    env.update(extra)
    return env


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def soup(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / path).read_text(encoding="utf-8"), "lxml")


def mkdocs_build(
    project: Path,
    site: Path,
    config: str = "mkdocs.yml",
    env: dict[str, str] | None = None,
    pythonpath: Path | None = None,
) -> Build:
    """Build `project` into `site` with the documented build command, scripts/build.py.

    The serumrun package comes from `pythonpath` (default: the project's own folder)."""
    cmd = [
        sys.executable,
        str(ROOT / "scripts" / "build.py"),
        "-f",
        str(project / config),
        "-d",
        str(site),
    ]
    env = dict(env or build_env())
    # The project's own package first, so a scratch copy builds with its own code and data.
    env["PYTHONPATH"] = str(pythonpath or project)
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


def copy_project(dest: Path) -> Path:
    """A scratch copy of the parts of the project a build reads, to break on purpose."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def edit_relay_data(project: Path, *replacements: tuple[str, str]) -> Path:
    """Replace text in a project copy's data/relay.yml, each old text found exactly once."""
    data = project / "data" / "relay.yml"
    text = data.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    data.write_text(text, encoding="utf-8")
    return data


def redraw_map(project: Path) -> None:
    """`make map` in a project copy: the build inlines the kept maps, it does not draw them."""
    redraw = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_map.py"), "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert redraw.returncode == 0, redraw.stdout + redraw.stderr
