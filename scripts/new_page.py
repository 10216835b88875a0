#!/usr/bin/env python3
"""Create a new page in both languages and add it to the nav: the start of every new page.

    python scripts/new_page.py SLUG "English title" "Titre français" [--section TITLE]

writes docs/en/SLUG.md and docs/fr/SLUG.md, each with its front matter (title, a
description to write, and for the French page `source_commit: new`: the twins are
written together), its title as H1 and a first section whose anchor is the same in
both languages; then adds SLUG.md to the nav of mkdocs.yml: at its end, or at the end
of the section titled TITLE (its English title, as in mkdocs.yml). mkdocs.yml is edited
as text, so its comments stay.

It never overwrites: if either page exists, or the nav already lists SLUG.md, it
changes nothing and exits 1. The description placeholders fail
scripts/check_translations.py until they are replaced.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from serumrun.pages import NEW, PLACEHOLDER, SOURCE_COMMIT  # noqa: E402
from serumrun.project import Project  # noqa: E402
from serumrun.twins import nav_entries  # noqa: E402

#: The site's languages, from the i18n plugin in mkdocs.yml (the default first).
LANGUAGES = Project.from_config_file(ROOT / "mkdocs.yml").languages

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: The words of each new page, by language: first section heading, placeholders.
_WORDS = {
    "en": {
        "description": f"{PLACEHOLDER}, one sentence that sums up this page, for search engines.",
        "intro": f"{PLACEHOLDER}, the opening paragraph. End each factual paragraph with its "
        "citation (see CONTRIBUTING.md).",
        "section": "Background",
        "body": f"{PLACEHOLDER}, the first section.",
    },
    "fr": {
        "description": f"{PLACEHOLDER}, une phrase qui résume la page, "
        "pour les moteurs de recherche.",
        "intro": f"{PLACEHOLDER}, le paragraphe d’ouverture. Chaque paragraphe factuel se termine "
        "par sa citation (voir CONTRIBUTING.fr.md).",
        "section": "Contexte",
        "body": f"{PLACEHOLDER}, la première section.",
    },
}
FIRST_ANCHOR = "background"


class Refused(Exception):
    """Nothing was changed, for the reason given."""


def page_text(lang: str, title: str) -> str:
    words = _WORDS[lang]
    meta = {"title": title, "description": words["description"]}
    if lang != LANGUAGES[0]:
        meta[SOURCE_COMMIT] = NEW
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return (
        f"---\n{front}---\n\n# {title}\n\n{words['intro']}\n\n"
        f"## {words['section']} {{ #{FIRST_ANCHOR} }}\n\n{words['body']}\n"
    )


def add_to_nav(config_text: str, page: str, section: str | None) -> str:
    """mkdocs.yml with `page` added to its nav (at the end, or of `section`), comments kept."""
    nav_line, entries = nav_entries(config_text)
    if not nav_line:
        raise Refused("mkdocs.yml has no nav: add one first")
    if page in {path for path, _ in entries}:
        raise Refused(f"the nav of mkdocs.yml already lists {page}")
    lines = config_text.splitlines(keepends=True)
    end = next(
        (i for i in range(nav_line, len(lines)) if lines[i].strip() and not lines[i][0].isspace()),
        len(lines),
    )
    block = range(nav_line, end)
    if section is None:
        last = max(i for i in block if lines[i].strip() and not lines[i].lstrip().startswith("#"))
        indent = re.match(r"\s*", lines[nav_line]).group(0)
        return _insert(lines, last + 1, f"{indent}- {page}\n")
    heading = re.compile(rf"^(\s*)- {re.escape(section)}:[ \t]*(.*?)[ \t]*(#.*)?$")
    for i in block:
        match = heading.match(lines[i].rstrip("\n"))
        if not match:
            continue
        indent, value = match.group(1), match.group(2)
        if value.startswith("[") and value.endswith("]"):
            inner = value[1:-1].strip()
            new = f"[{inner}, {page}]" if inner else f"[{page}]"
            start = match.start(2)
            lines[i] = lines[i][:start] + new + lines[i][start + len(value) :]
            return "".join(lines)
        if value:
            raise Refused(f"'{section}' in the nav of mkdocs.yml is a page, not a section")
        children = [
            j
            for j in range(i + 1, end)
            if lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) > len(indent)
        ]
        following = [j for j in range(i + 1, end) if lines[j].strip()]
        last = i
        for j in following:
            if j not in children:
                break
            last = j
        child_indent = (
            re.match(r"\s*", lines[children[0]]).group(0) if children else indent + "    "
        )
        return _insert(lines, last + 1, f"{child_indent}- {page}\n")
    raise Refused(f"no section '{section}' in the nav of mkdocs.yml")


def _insert(lines: list[str], index: int, line: str) -> str:
    if index > 0 and not lines[index - 1].endswith("\n"):
        lines[index - 1] += "\n"
    return "".join(lines[:index] + [line] + lines[index:])


def create(root: Path, slug: str, titles: dict[str, str], section: str | None) -> list[Path]:
    if not SLUG_RE.fullmatch(slug):
        raise Refused(f"found slug {slug!r}, expected lower-case ascii words joined by '-'")
    for lang, title in titles.items():
        if not title.strip():
            raise Refused(f"found an empty {lang} title, expected the page's title")
    page = f"{slug}.md"
    paths = [root / "docs" / lang / page for lang in LANGUAGES]
    for path in paths:
        if path.exists():
            raise Refused(
                f"{path.relative_to(root)} already exists: new_page.py never overwrites a page"
            )
    config = root / "mkdocs.yml"
    new_config = add_to_nav(config.read_text(encoding="utf-8"), page, section)
    for lang, path in zip(LANGUAGES, paths, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(lang, titles[lang].strip()), encoding="utf-8")
    config.write_text(new_config, encoding="utf-8")
    return [*paths, config]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slug", help="file name without .md: lower-case words joined by '-'")
    for lang in LANGUAGES:
        ap.add_argument(f"title_{lang}", metavar=f"{lang.upper()}_TITLE", help=f"title in {lang}")
    ap.add_argument("--section", help="English title of the nav section to add the page to")
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    titles = {lang: getattr(args, f"title_{lang}") for lang in LANGUAGES}
    try:
        changed = create(args.root, args.slug, titles, args.section)
    except Refused as exc:
        print(f"new_page.py: {exc}; nothing changed", file=sys.stderr)
        return 1
    for path in changed:
        verb = "updated" if path.name == "mkdocs.yml" else "created"
        print(f"{verb} {path.relative_to(args.root)}")
    print(
        f"next: write both pages (replace every {PLACEHOLDER}), then run "
        "python scripts/check_translations.py",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
