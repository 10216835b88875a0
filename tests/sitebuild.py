"""Build the real site (or a modified copy of it) with MkDocs, for the build and browser tests.

Tests never build into the working tree: every build goes to a pytest tmp_path.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import shutil
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from serumrun.project import Project

ROOT = Path(__file__).resolve().parent.parent
#: The documented build command; the in-process build takes its environment from it.
BUILD_SCRIPT = ROOT / "scripts" / "build.py"
_spec = importlib.util.spec_from_file_location("serumrun_build_script", BUILD_SCRIPT)
BUILD_SCRIPT_MODULE = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(BUILD_SCRIPT_MODULE)
#: The project under test, read from its mkdocs.yml (languages, data files); the current
#: project of the modules the unit tests call outside a build.
PROJECT = Project.from_config_file(ROOT / "mkdocs.yml")
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
    *,
    script: bool = False,
) -> Build:
    """Build `project` into `site` as the documented command, scripts/build.py, does.

    In this process by default: the build the script runs (`mkdocs build --strict`,
    with its environment), without starting Python and importing MkDocs, Material and
    the plugin again for each build. In a subprocess running scripts/build.py itself
    with `script=True` (the test of the script's strictness, a build under another
    PYTHONHASHSEED) or when the serumrun package must come from `pythonpath` (a
    regular install; a copy whose package was changed on purpose)."""
    env = dict(env or build_env())
    if script or pythonpath is not None:
        return _script_build(project, site, config, env, pythonpath or project)
    return _in_process_build(project, site, config, env)


def _script_build(project: Path, site: Path, config: str, env: dict, pythonpath: Path) -> Build:
    cmd = [sys.executable, str(BUILD_SCRIPT), "-f", str(project / config), "-d", str(site)]
    # The project's own package first, so a scratch copy builds with its own code and data.
    env["PYTHONPATH"] = str(pythonpath)
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


def _in_process_build(project: Path, site: Path, config: str, env: dict) -> Build:
    """`mkdocs build --strict` in this process, as scripts/build.py runs it in `project`.

    What a subprocess would not share is set for the build and put back after it: the
    environment (read when the config loads, `!ENV`, and while building:
    SOURCE_DATE_EPOCH), the working folder, the `mkdocs` logger (its records are the
    build's output, in the command's `LEVEL    -  message` form). Each build loads
    the config again, so every plugin is a new instance, and starts with the package's
    memoized functions emptied, as a new process would (a formatted reference depends on
    the labels of the project built)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    saved_logger = (logger.level, logger.propagate)
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # pytest would keep every record of every build
    os.environ.clear()
    os.environ.update(BUILD_SCRIPT_MODULE.build_environment(project, env))
    os.chdir(project)
    _forget_memos()

    def run(staging: Path) -> int:
        cfg = load_config(str(project / config), site_dir=str(staging), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
        return 0

    try:  # staged as the script stages it: a refused build leaves no site
        returncode = BUILD_SCRIPT_MODULE.staged(site, run)
    except Abort as exc:  # what the command prints, and its exit status
        stream.write("\n" + exc.format_message() + "\n")
        returncode = exc.code
    except Exception:  # the command would end in this traceback
        stream.write(traceback.format_exc())
        returncode = 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        logger.removeHandler(handler)
        logger.setLevel(saved_logger[0])
        logger.propagate = saved_logger[1]
    return Build(returncode, stream.getvalue(), site)


def _forget_memos() -> None:
    """Empty every functools cache of the serumrun package's modules."""
    for name, module in list(sys.modules.items()):
        if name == "serumrun" or name.startswith("serumrun."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


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


def assert_refused(build: Build, expected: list[tuple[str, str]], out: Path | None = None) -> None:
    """The build failed without a traceback, saying each (where, what) of `expected` on a
    line that starts with `where`; and, given `out`, published nothing there."""
    assert build.returncode != 0, build.output[-3000:]
    assert "Traceback" not in build.output, build.output[-5000:]
    lines = [line.strip() for line in build.output.splitlines()]
    missing = [
        f"{where} …{says}…"
        for where, says in expected
        if not any(line.startswith(where) and says in line for line in lines)
    ]
    assert not missing, "not refused:\n" + "\n".join(missing) + "\n\n" + build.output[-6000:]
    assert out is None or not out.exists(), "a refused build published something"


def set_line(path: Path, prefix: str, new: str) -> int:
    """Replace the first line starting with `prefix` by `new`; its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def timed_build(project: Path, out: Path) -> tuple[Build, float]:
    """`mkdocs_build`, and its wall time (the hostile cases' bound, not a timed test)."""
    start = time.perf_counter()
    build = mkdocs_build(project, out)
    return build, time.perf_counter() - start
