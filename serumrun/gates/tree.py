"""The file tree the build reads: no symbolic link, and no file of docs/ at a theme's path.

* **Links.** MkDocs copies docs/ following links, and the plugin reads pages, data and
  templates by path: a link under docs/ published what it pointed to (`/etc/passwd`,
  `/proc/self/environ`, `.git/config`, a folder outside the checkout; issue 22). No
  file or folder the build reads (docs/, data/, the data files the plugin names, the
  theme's custom_dir) may be a link, at any depth, nor be reached through one.
* **Theme and plugin assets.** A file of docs/ replaces the theme's file at the same
  path in the site: `docs/assets/javascripts/bundle.<hash>.min.js` became Material's
  script on every page. The paths taken are read from the installed theme folders
  (`config.theme.dirs`: overrides/, Material's templates, MkDocs' own) and from the
  files the plugin adds (the offline bundle's shim), never from a hand list.

`link_problems` runs first, before any file is read (serumrun/checks/build_checks.py, the
checker); `taken_paths` feeds serumrun/gates/static.py.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from serumrun.problems import Problem
from serumrun.theme import offline


def link_problems(project, config=None) -> list[Problem]:
    """Every symbolic link under, or on the way to, what the build reads."""
    root = Path(os.path.abspath(project.root))
    problems: list[Problem] = []
    seen: set[Path] = set()
    for start in _read_roots(project, config, root):
        # The way down from the project's folder: `docs` itself may be the link.
        try:
            parts = start.relative_to(root).parts
        except ValueError:
            problems.append(
                Problem(str(start), None, "found a path outside the project, expected one in it")
            )
            continue
        path = root
        for part in parts:
            path = path / part
            if path in seen:
                continue
            seen.add(path)
            if path.is_symlink():
                problems.append(_link(project, root, path))
                break
        else:
            if start.is_dir():
                problems += _links_under(project, root, start, seen)
    return sorted(set(problems))


def _read_roots(project, config, root: Path) -> list[Path]:
    """The folders and files the build reads, as written (not resolved: a link stays one)."""
    starts = [Path(config.docs_dir)] if config is not None else [root / "docs"]
    starts.append(root / "data")
    for data_file in (project.bibliography, project.relay, project.people, project.labels):
        if data_file is not None:
            starts.append(_unresolved(Path(data_file), root))
    custom_dir = getattr(getattr(config, "theme", None), "custom_dir", None)
    starts.append(Path(custom_dir) if custom_dir else root / "overrides")
    return [Path(os.path.abspath(p)) for p in starts if os.path.lexists(p)]


def _unresolved(path: Path, root: Path) -> Path:
    # The plugin's options are resolved against the folder of mkdocs.yml by MkDocs
    # (absolute, links kept); a resolved path under the real root maps back onto it.
    try:
        return root / path.relative_to(root.resolve())
    except ValueError:
        return path


def _links_under(project, root: Path, start: Path, seen: set[Path]) -> list[Problem]:
    problems = []
    for folder, dirs, files in os.walk(start, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if path not in seen and path.is_symlink():
                seen.add(path)
                problems.append(_link(project, root, path))
    return problems


def _link(project, root: Path, path: Path) -> Problem:
    shown = path.relative_to(root).as_posix()
    return Problem(
        shown,
        None,
        f"found a symbolic link (to {os.readlink(path)[:80]!r}), expected a file or folder "
        "of the repository: the build would publish or read what it points to",
    )


def taken_paths(project, config=None) -> dict[str, str]:
    """Site paths the theme and the plugin publish -> what each is ('a file of ...')."""
    import material

    if config is not None:
        theme_dirs = [Path(d) for d in config.theme.dirs]
    else:  # the checker: the project's overrides, then the installed Material
        theme_dirs = [project.root / "overrides", Path(material.__file__).parent / "templates"]
    taken: dict[str, str] = {}
    for theme_dir in theme_dirs:
        for folder, dirs, files in os.walk(theme_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]  # MkDocs skips them
            for name in files:
                rel = (Path(folder) / name).relative_to(theme_dir).as_posix()
                taken.setdefault(
                    rel, f"a file of the theme's {theme_dir.parent.name}/{theme_dir.name}"
                )
    shim = PurePosixPath(offline.SHIM_URL).parent
    for path in offline.SHIM_SOURCE.iterdir():
        taken.setdefault(
            (shim / path.name).as_posix(), "a file of the serumrun plugin's offline bundle"
        )
    return taken
