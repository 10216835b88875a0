"""Helpers of the contribution-tool tests: fixture projects in tmp, running the scripts, git."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.sitebuild import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "contributions"
GOOD = FIXTURES / "good"
BAD_CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def make_project(dest: Path, case: str | None = None) -> Path:
    """The good fixture project in `dest`, with the files of bad case `case` laid over it."""
    shutil.copytree(GOOD, dest)
    if case is not None:
        overlay = FIXTURES / "bad" / case
        for path in overlay.rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                target = dest / path.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    return dest


def run_script(
    name: str, *args: str, cwd: Path | None = None, command: bool = False
) -> subprocess.CompletedProcess:
    """scripts/<name> with `args`: its exit status, stdout and stderr.

    Its `main(argv)` runs in this process (no Python start and imports per call), in
    `cwd`; `command=True` runs the script as a command, in a subprocess."""
    cmd = [sys.executable, str(ROOT / "scripts" / name), *args]
    if command:
        return subprocess.run(cmd, cwd=cwd or ROOT, capture_output=True, text=True)
    main = _script(name).main
    out, err = io.StringIO(), io.StringIO()
    saved = os.getcwd()
    os.chdir(cwd or ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's errors, an explicit exit
                code = exc.code if isinstance(exc.code, int) else (exc.code is not None)
                if isinstance(exc.code, str):
                    err.write(exc.code + "\n")
    finally:
        os.chdir(saved)
    return subprocess.CompletedProcess(cmd, code or 0, out.getvalue(), err.getvalue())


@functools.cache
def _script(name: str):
    path = ROOT / "scripts" / name
    if str(path.parent) not in sys.path:  # as when run as a command: a script imports its siblings
        sys.path.append(str(path.parent))
    spec = importlib.util.spec_from_file_location(f"scripts_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (but .git) with its bytes, to tell whether anything changed."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def problems(stderr: str) -> list[str]:
    """The problem lines of the checker's stderr (not its notes)."""
    return [line for line in stderr.splitlines() if line and not line.startswith("note: ")]


def git(root: Path, *args: str, date: str = "2026-01-10T12:00:00+00:00") -> str:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": _path()}
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def commit_all(root: Path, message: str, date: str = "2026-01-10T12:00:00+00:00") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")
