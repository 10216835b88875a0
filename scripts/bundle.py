#!/usr/bin/env python3
"""Build the offline bundle: the whole bilingual site in one zip, to read from a folder.

    python scripts/bundle.py [-f mkdocs.offline.yml] [-o dist] [--site-dir DIR]

It builds mkdocs.offline.yml with the one build command (scripts/build.py, strict) into
a temporary folder (or --site-dir), never into site/ or build/offline/, then zips it to

    dist/serum-run-1925-offline-<version>.zip

where <version> is the tag of the last commit if it has one, else the date of the last
commit (YYYY-MM-DD, UTC). Inside, everything sits in one folder named like the zip:
index.html (English), fr/index.html (French) and a README.txt saying so.

The zip is deterministic: entries sorted, every timestamp set to SOURCE_DATE_EPOCH (the
time of the last commit unless set), fixed permissions. Building the same commit twice
gives the same bytes.

Progress goes to stderr. stdout gets one line, for people and for scripts (the benchmark):

    dist/serum-run-1925-offline-2026-11-23.zip 1234567 bytes (1.2 MB)

Exit codes: 0 built; 1 the site build failed; 2 no version (no git, no SOURCE_DATE_EPOCH).
The build needs nothing from the network: the search shim is in the repository
(serumrun/assets/iframe-worker/).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import ROOT, commit_epoch  # noqa: E402  (scripts/ is not a package)

#: The name of the bundle; the deploy serves the current one as <NAME>.zip (mkdocs.yml,
#: extra.bundle_url), the versioned files are <NAME>-<version>.zip.
NAME = "serum-run-1925-offline"
#: The earliest time a zip entry can carry (MS-DOS dates start in 1980).
ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z

README = """\
{name}

The Serum Run 1925 site, in English and in French, to read without a connection.
Open index.html (English) or fr/index.html (français) in a web browser.
Search works from the folder; nothing is fetched from the network.

Le site de la course au sérum de 1925, en anglais et en français, à lire sans connexion.
Ouvrez fr/index.html (français) ou index.html (English) dans un navigateur.
La recherche fonctionne depuis le dossier ; rien n’est téléchargé du réseau.

Version: {version} (commit {commit})
Text / texte : CC BY-SA 4.0 · Code : MIT
"""


def _git(project: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=project, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def version(project: Path, epoch: int) -> str:
    """The last commit's tag, or else the date of `epoch` (the last commit's time)."""
    tag = _git(project, "describe", "--tags", "--exact-match", "HEAD")
    return tag or time.strftime("%Y-%m-%d", time.gmtime(epoch))


def human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def write_zip(folder: Path, target: Path, top: str, epoch: int, extra: dict[str, str]) -> int:
    """Zip `folder` (plus `extra` files, name -> text) under `top/`; return the entry count.

    Deterministic: sorted entries, one timestamp, fixed permissions and host system,
    written to a temporary name and renamed, so a reader never sees half a zip.
    """
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    entries: dict[str, bytes | None] = {f"{top}/": None}  # None: a directory
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        entries[f"{top}/{rel}/" if path.is_dir() else f"{top}/{rel}"] = (
            None if path.is_dir() else path.read_bytes()
        )
    for name, text in extra.items():
        entries[f"{top}/{name}"] = text.encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, so that the permissions below are read
            data = entries[name]
            if data is None:
                info.external_attr = (0o40755 << 16) | 0x10  # directory
                archive.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=9)
    os.replace(partial, target)
    return len(entries)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.offline.yml")
    ap.add_argument("-o", "--output-dir", type=Path, default=ROOT / "dist")
    ap.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help="build the bundle here and keep it (default: a temporary folder)",
    )
    args = ap.parse_args(argv)
    project = args.config_file.resolve().parent

    epoch_text = os.environ.get("SOURCE_DATE_EPOCH") or commit_epoch(project)
    if not epoch_text:
        print("bundle: no git history to date the bundle: set SOURCE_DATE_EPOCH", file=sys.stderr)
        return 2
    epoch = int(epoch_text)
    ver = version(project, epoch)
    top = f"{NAME}-{ver}"
    if _git(project, "status", "--porcelain", "--untracked-files=no"):
        print(
            f"bundle: note: uncommitted changes are in the bundle, named {top} after the "
            "last commit",
            file=sys.stderr,
        )

    with tempfile.TemporaryDirectory(prefix="serum-run-bundle-") as tmp:
        site = args.site_dir.resolve() if args.site_dir else Path(tmp) / top
        print(f"bundle: building {args.config_file.name} into {site}", file=sys.stderr)
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
        cmd = [
            sys.executable,
            str(ROOT / "scripts" / "build.py"),
            "-f",
            str(args.config_file),
            "-d",
            str(site),
        ]
        if subprocess.run(cmd, cwd=project, env=env).returncode != 0:
            print("bundle: the site build failed; no zip written", file=sys.stderr)
            return 1
        readme = README.format(
            name=top, version=ver, commit=_git(project, "rev-parse", "HEAD") or "unknown"
        )
        target = args.output_dir / f"{top}.zip"
        count = write_zip(site, target, top, epoch, {"README.txt": readme})

    size = target.stat().st_size
    print(f"bundle: {count} entries under {top}/", file=sys.stderr)
    shown = os.path.relpath(target) if target.resolve().is_relative_to(Path.cwd()) else target
    print(f"{shown} {size} bytes ({human_size(size)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
