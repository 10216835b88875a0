"""The same site from every way of building it: MkDocs with the editable package (the
`site` fixture), MkDocs with a regular install of the package and a checkout that has no
serumrun/ folder, and ProperDocs, the maintained fork of MkDocs 1.6. Byte for byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.sitebuild import PROJECT_PARTS, ROOT, Build, build_env, mkdocs_build


def _differences(expected: Path, actual: Path) -> list[str]:
    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    a, b = files(expected), files(actual)
    return (
        [f"missing: {name}" for name in sorted(a.keys() - b.keys())]
        + [f"extra: {name}" for name in sorted(b.keys() - a.keys())]
        + [f"differs: {name}" for name in sorted(a.keys() & b.keys()) if a[name] != b[name]]
    )


def test_properdocs_builds_the_same_site_byte_for_byte(site, tmp_path):
    out = tmp_path / "properdocs"
    env = build_env(PYTHONPATH=str(ROOT))
    cmd = [
        sys.executable,
        "-m",
        "properdocs",
        "build",
        "--strict",
        "-f",
        "mkdocs.yml",
        "-d",
        str(out),
    ]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "properdocs" in (proc.stdout + proc.stderr).lower() or out.is_dir()
    assert _differences(site.site, out) == []


def test_a_regular_install_builds_a_checkout_without_the_package_source(site, tmp_path):
    # `pip install .` (not -e): the package, its templates and assets, its entry point.
    wheels, target = tmp_path / "wheels", tmp_path / "installed"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # From a clean copy of the package's sources: no stale build/ of an earlier wheel.
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source / "pyproject.toml")
    shutil.copytree(
        ROOT / "serumrun", source / "serumrun", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("serumrun-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    assert (target / "serumrun" / "templates" / "references.html").is_file()
    # A checkout of the site with everything but the package's source (and its history,
    # which dates the translations).
    checkout = tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(checkout)], check=True)
    for part in PROJECT_PARTS:
        if part == "serumrun":
            continue
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, checkout / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, checkout / part)
    build: Build = mkdocs_build(checkout, tmp_path / "site", pythonpath=target)
    assert build.returncode == 0, build.output
    assert _differences(site.site, build.site) == []
