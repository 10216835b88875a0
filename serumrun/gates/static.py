"""The files of docs/ that are not pages: which kinds may be published, and what an SVG holds.

MkDocs copies every other file of docs/ verbatim to the site, where it is served from the
site's own origin, outside any Content-Security-Policy (a policy lives in the pages'
<meta>). An HTML, XHTML or SVG file opened directly is a document of its own: its
script runs with the site's origin (issue 17). So only kinds that cannot run script
are published, and an SVG or a stylesheet is checked against the allowlist of what a
map or an icon needs (serumrun/gates/assets.py).

Scripts (.js) are allowed: a page cannot load one (serumrun/gates/content.py), and the
ones the site loads are listed in mkdocs.yml (extra_javascript), which reviewers read
(SECURITY.md).
"""

from __future__ import annotations

from pathlib import Path

from serumrun.gates import assets
from serumrun.pages import Problem

#: Extensions of the files docs/ may hold besides pages.
ALLOWED_EXTENSIONS = {
    ".md",
    ".css",
    ".js",
    ".svg",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".avif",
    ".ico",
}


def static_problems(docs_dir: Path, shown_root: str = "docs") -> list[Problem]:
    """Every file of docs/ that may not be published, and every SVG that is unsafe."""
    problems = []
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(docs_dir).as_posix()
        shown = f"{shown_root}/{rel}"
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue  # MkDocs does not publish dot files
        suffix = path.suffix.lower()
        if suffix not in ALLOWED_EXTENSIONS:
            problems.append(
                Problem(
                    shown,
                    None,
                    f"found a {suffix or 'extension-less'} file, expected only "
                    f"{', '.join(sorted(ALLOWED_EXTENSIONS))} in docs/ (an HTML, XHTML or "
                    "other active file would run script on the site's origin)",
                )
            )
        elif suffix == ".svg":
            problems += assets.svg_problems(path.read_bytes(), shown)
        elif suffix == ".css":
            problems += assets.css_problems(path.read_text("utf-8", errors="replace"), shown)
    return problems
