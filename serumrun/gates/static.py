"""The files of docs/ that are not pages: which kinds may be published, and what an SVG holds.

MkDocs copies every other file of docs/ verbatim to the site, where it is served from the
site's own origin, outside any Content-Security-Policy (a policy lives in the pages'
<meta>). An HTML, XHTML or SVG file opened directly is a document of its own: its
script runs with the site's origin (issue 17). So only kinds that cannot run script
are published, and an SVG or a stylesheet is checked against the allowlist of what a
map or an icon needs (serumrun/gates/assets.py).

Each kind has its place (`PLACES`): pages in a language folder, stylesheets under
assets/stylesheets/, scripts under assets/javascripts/, images under assets/ or beside
the pages. A stylesheet or script acts only where something loads it: mkdocs.yml
(extra_css, extra_javascript) or a template, which reviewers read (SECURITY.md); a page
cannot load one itself (serumrun/gates/content.py). What a file could still do by taking
the place of a file the theme or the plugin publishes (Material's script at
assets/javascripts/bundle.<hash>.min.js ran on every page, issue 22) is refused here:
no file of docs/ may be published at a path the theme or the plugin publishes
(serumrun/gates/tree.py reads those paths from the installed theme).
"""

from __future__ import annotations

from pathlib import Path

from serumrun.gates import assets
from serumrun.problems import Problem

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
_IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")
#: Where each kind may be, as folders of docs/ ("{lang}/": any language folder).
PLACES: dict[str, tuple[str, ...]] = {
    ".md": ("{lang}/",),
    ".css": ("assets/stylesheets/",),
    ".js": ("assets/javascripts/",),
    **{suffix: ("assets/", "{lang}/") for suffix in _IMAGES},
}


def static_problems(
    docs_dir: Path,
    shown_root: str = "docs",
    *,
    languages: tuple[str, ...] = (),
    taken: dict[str, str] | None = None,
) -> list[Problem]:
    """Every file of docs/ that may not be published (by kind, place, or a path `taken`
    by the theme or the plugin), and every SVG that is unsafe. Links are refused before
    (serumrun/gates/tree.py): none is followed here."""
    problems = []
    published_by: dict[str, str] = {}  # site path -> the file of docs/ published there
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(docs_dir).as_posix()
        shown = f"{shown_root}/{rel}"
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue  # MkDocs does not publish dot files
        suffix = path.suffix.lower()
        first, _, rest = rel.partition("/")
        # static-i18n publishes a language folder's files at the root of that language.
        published = rest if first in languages else rel
        owner = (taken or {}).get(published)
        if suffix != ".md" and published in published_by:
            owner = published_by[published]  # docs/en/assets/x.svg over docs/assets/x.svg
        published_by.setdefault(published, shown)
        if owner:
            problems.append(
                Problem(
                    shown,
                    None,
                    f"found a file at {published}, the path of {owner}, expected "
                    "a path of its own (it would replace that file on every page)",
                )
            )
            continue
        places = PLACES.get(suffix, ())
        if (
            languages
            and places
            and not any(
                rel.startswith(place) if place != "{lang}/" else first in languages and rest
                for place in places
            )
        ):
            problems.append(
                Problem(
                    shown,
                    None,
                    f"found a {suffix} file in {shown_root}/{rel.rpartition('/')[0] or '.'}, "
                    f"expected {suffix} files only in "
                    + " or ".join(
                        f"{shown_root}/{place.replace('{lang}', '<language>')}" for place in places
                    ),
                )
            )
            continue
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
