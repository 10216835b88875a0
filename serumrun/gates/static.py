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

_IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")
#: Where each kind may be, as folders of docs/ ("{lang}/": any language folder).
PLACES: dict[str, tuple[str, ...]] = {
    ".md": ("{lang}/",),
    ".css": ("assets/stylesheets/",),
    ".js": ("assets/javascripts/",),
    **{suffix: ("assets/", "{lang}/") for suffix in _IMAGES},
}
#: Extensions of the files docs/ may hold: those with a place.
ALLOWED_EXTENSIONS = set(PLACES)


def static_problems(
    docs_dir: Path,
    shown_root: str = "docs",
    *,
    languages: tuple[str, ...] = (),
    taken: dict[str, str] | None = None,
) -> list[Problem]:
    """Every file of docs/ that may not be published (by a path `taken` by the theme or
    the plugin, by place, or by kind), and every SVG or stylesheet that is unsafe. Links
    are refused before (serumrun/gates/tree.py): none is followed here."""
    problems = []
    published_by = dict(taken or {})  # site path -> what is published there
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue  # MkDocs does not publish dot files
        shown = f"{shown_root}/{rel}"
        first, _, rest = rel.partition("/")
        # static-i18n publishes a language folder's files at the root of that language;
        # each language has its page there, so only another kind of file takes a path.
        published = rest if first in languages else rel
        suffix = path.suffix.lower()
        owner = published_by.get(published) if suffix != ".md" else (taken or {}).get(published)
        published_by.setdefault(published, shown)
        if owner:
            message = (
                f"found a file at {published}, the path of {owner}, expected "
                "a path of its own (it would replace that file on every page)"
            )
        else:
            message = _misplaced(rel, suffix, shown_root, languages)
        if message:
            problems.append(Problem(shown, None, message))
        else:
            problems += _content_problems(path, shown)
    return problems


def _misplaced(rel: str, suffix: str, shown_root: str, languages: tuple[str, ...]) -> str | None:
    """Why a file of docs/ may not be where it is (its kind or its folder), or None."""
    if suffix not in ALLOWED_EXTENSIONS:
        return (
            f"found a {suffix or 'extension-less'} file, expected only "
            f"{', '.join(sorted(ALLOWED_EXTENSIONS))} in docs/ (an HTML, XHTML or "
            "other active file would run script on the site's origin)"
        )
    first, _, rest = rel.partition("/")
    in_language = first in languages and bool(rest)
    places = PLACES[suffix]
    if not languages or any(
        in_language if place == "{lang}/" else rel.startswith(place) for place in places
    ):
        return None
    wanted = " or ".join(f"{shown_root}/{p.replace('{lang}', '<language>')}" for p in places)
    folder = rel.rpartition("/")[0] or "."
    return (
        f"found a {suffix} file in {shown_root}/{folder}, expected {suffix} files only in {wanted}"
    )


def _content_problems(path: Path, shown: str) -> list[Problem]:
    if path.suffix.lower() == ".svg":
        return assets.svg_problems(path.read_bytes(), shown)
    if path.suffix.lower() == ".css":
        return assets.css_problems(path.read_text("utf-8", errors="replace"), shown)
    return []
