#!/usr/bin/env python3
"""Build the site: the one build command (README, Makefile, CI and the tests all call it).

    python scripts/build.py [-f mkdocs.yml] [-d site]

It runs `mkdocs build --strict`, never with `-q`: with `-q` MkDocs does not log the
warnings, so --strict never counts them and a broken site builds green. It also:

* silences Material's end-of-life banner (NO_MKDOCS_2_WARNING): the project pins
  mkdocs<2 and Material 9.x knowingly (requirements.txt), the banner is noise in CI;
* sets SOURCE_DATE_EPOCH from the last commit, so two builds of one commit are
  byte-identical (the sitemap's lastmod, the gzip header);
* builds into a staging folder beside the site folder and puts it in place only when
  the build passed: a refused build (a gate in on_post_build, a strict warning) leaves
  nothing half-published, and the last good site where it was.
* turns every check on (SERUMRUN_CHECKS=true): `make serve` turns off those that only
  guard publication, and nothing this command builds may skip them.

The public address comes from mkdocs.yml (`site_url`), overridden by SITE_URL.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commit_epoch(cwd: Path) -> str | None:
    """The last commit's time (seconds since the epoch), or None without git history."""
    return last_commit(cwd, "%ct")


def last_commit(cwd: Path, field: str, path: str | None = None) -> str | None:
    """A field (`git log --format`) of the last commit, of `path` if given; None if none."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", f"--format={field}", *(["--", path] if path else [])],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def build_command(config: Path, site_dir: Path | None) -> list[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    return cmd


def build_environment(project: Path, environ: dict[str, str]) -> dict[str, str]:
    """The environment of the build of `project` (the tests' in-process builds use it too)."""
    env = dict(environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    # Every check on, whatever the shell says: `make serve` turns off those that only guard
    # publication (mkdocs.yml, `checks`); what this command builds may be published.
    env["SERUMRUN_CHECKS"] = "true"
    epoch = env.get("SOURCE_DATE_EPOCH") or commit_epoch(project)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    return env


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from scripts.scriptenv import ensure

    ensure(__file__)  # outside .venv: re-run in it, or say what to run (no traceback)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    ap.add_argument("-d", "--site-dir", type=Path, default=None)
    args = ap.parse_args(argv)
    project = args.config_file.resolve().parent
    env = build_environment(project, dict(os.environ))
    site = args.site_dir or configured_site_dir(args.config_file)
    site = (project / site).resolve() if not site.is_absolute() else site
    return staged(
        site,
        lambda staging: subprocess.run(
            build_command(args.config_file, staging), cwd=project, env=env
        ).returncode,
    )


def staged(site: Path, build_into: Callable[[Path], int]) -> int:
    """`build_into(staging)`, a folder beside `site`, then staging put in place as `site`
    only when that returned 0: a build refused after it wrote pages leaves no half site,
    and the last good one where it was (the tests' in-process builds use it too)."""
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
    try:
        code = build_into(staging)
        if code == 0:
            shutil.rmtree(site, ignore_errors=True)
            staging.rename(site)
        else:
            print(f"build.py: the build failed; nothing was written to {site}", file=sys.stderr)
        return code
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def configured_site_dir(config: Path) -> Path:
    """`site_dir` of the config file (INHERIT followed, as MkDocs reads it), or MkDocs' default."""
    from mkdocs.utils.yaml import yaml_load

    with config.open(encoding="utf-8") as fh:
        return Path(yaml_load(fh).get("site_dir") or "site")


if __name__ == "__main__":
    sys.exit(main())
