#!/usr/bin/env python3
"""Create a new page in both languages and add it to the nav: the start of every new page.

    python scripts/new_page.py SLUG "English title" "Titre français" [--section T | --after P]
    python scripts/new_page.py --twin SLUG ["Title of the missing twin"]

The first form writes docs/en/SLUG.md and docs/fr/SLUG.md, each with its front matter
(title, a description to write, and for the French page `source_commit: new`: the twins
are written together), its title as H1 and a first section whose anchor is the same in
both languages; then adds SLUG.md to the nav of mkdocs.yml: right after the page PAGE
(`--after relay.md`), at the end of the section titled TITLE (its English title, as in
mkdocs.yml), or at the end of the nav. The entry is written like its neighbours: titled
(`- Sled dogs: sled-dogs.md`, the French title added to `nav_translations`) in a list
of titled entries, bare in a `[a.md, b.md]` list. mkdocs.yml is edited as text, so its
comments stay.

`--twin SLUG` writes the missing twin of a page that exists in one language only: a
copy of the existing page (same headings and anchors, citations, links), its front
matter in the other language, and a TODO line asking for the translation; the French
twin records the English revision it starts from (`source_commit`).

It never overwrites: if a page to write exists, or the nav already lists SLUG.md, it
changes nothing and exits 1. Every TODO fails `make check` and the build until it is
replaced by the page's own words.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from scripts.scriptenv import ensure  # noqa: E402

ensure(__file__)

import yaml  # noqa: E402
from build import last_commit  # noqa: E402  (scripts/ is not a package)

from serumrun.pages import NEW, PLACEHOLDER, SOURCE_COMMIT, nav_entries  # noqa: E402
from serumrun.project import Project  # noqa: E402

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: The words of each new page, by language: first section heading, placeholders.
_WORDS = {
    "en": {
        "description": f"{PLACEHOLDER}, one sentence that sums up this page, for search engines.",
        "intro": f"{PLACEHOLDER}, the opening paragraph. End each factual paragraph with its "
        "citation (see CONTRIBUTING.md).",
        "section": "Background",
        "body": f"{PLACEHOLDER}, the first section.",
        "translate": f"{PLACEHOLDER}: translate this page from its twin, then delete this line.",
    },
    "fr": {
        "description": f"{PLACEHOLDER}, une phrase qui résume la page, "
        "pour les moteurs de recherche.",
        "intro": f"{PLACEHOLDER}, le paragraphe d’ouverture. Chaque paragraphe factuel se termine "
        "par sa citation (voir CONTRIBUTING.fr.md).",
        "section": "Contexte",
        "body": f"{PLACEHOLDER}, la première section.",
        "translate": f"{PLACEHOLDER} : traduire cette page depuis sa jumelle, puis supprimer "
        "cette ligne.",
    },
}
FIRST_ANCHOR = "background"


class Refused(Exception):
    """Nothing was changed, for the reason given."""


def languages(root: Path) -> list[str]:
    """The site's languages, from the i18n plugin in mkdocs.yml (the default first)."""
    return Project.from_config_file(root / "mkdocs.yml").languages


def page_text(lang: str, title: str, default: str = "en") -> str:
    words = _WORDS[lang]
    meta = {"title": title, "description": words["description"]}
    if lang != default:
        meta[SOURCE_COMMIT] = NEW
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return (
        f"---\n{front}---\n\n# {title}\n\n{words['intro']}\n\n"
        f"## {words['section']} {{ #{FIRST_ANCHOR} }}\n\n{words['body']}\n"
    )


# --- The nav of mkdocs.yml, edited as text -------------------------------------------------


def _scalar(text: str) -> str:
    """`text` as a YAML value: bare when YAML reads it back as is, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _nav_block(lines: list[str], nav_line: int) -> range:
    end = next(
        (i for i in range(nav_line, len(lines)) if lines[i].strip() and not lines[i][0].isspace()),
        len(lines),
    )
    return range(nav_line, end)


def _sections(lines: list[str], block: range) -> list[str]:
    """The titles of the nav's sections (`- Title:` with children or a `[...]` list)."""
    found = []
    for i in block:
        match = re.match(r"^\s*- (.+?):[ \t]*(\[.*\])?[ \t]*(#.*)?$", lines[i].rstrip("\n"))
        if match:
            found.append(match.group(1).strip("'\""))
    return found


def _entry(indent: str, page: str, title: str | None) -> str:
    return f"{indent}- {_scalar(title)}: {page}\n" if title else f"{indent}- {page}\n"


def add_to_nav(
    config_text: str,
    page: str,
    section: str | None,
    *,
    after: str | None = None,
    title: str | None = None,
) -> str:
    """mkdocs.yml with `page` added to its nav (after the page `after`, at the end of
    `section`, or at the end), titled `title` where its neighbours are titled."""
    nav_line, entries = nav_entries(config_text)
    if not nav_line:
        raise Refused("mkdocs.yml has no nav: add one first")
    if page in {path for path, _ in entries}:
        raise Refused(f"the nav of mkdocs.yml already lists {page}")
    lines = config_text.splitlines(keepends=True)
    block = _nav_block(lines, nav_line)
    if after is not None:
        return _add_after(lines, entries, page, after, title)
    if section is None:
        last = max(i for i in block if lines[i].strip() and not lines[i].lstrip().startswith("#"))
        indent = re.match(r"\s*", lines[nav_line]).group(0)
        return _insert(lines, last + 1, _entry(indent, page, title))
    heading = re.compile(rf"^(\s*)- ['\"]?{re.escape(section)}['\"]?:[ \t]*(.*?)[ \t]*(#.*)?$")
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
            for j in range(i + 1, block.stop)
            if lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) > len(indent)
        ]
        following = [j for j in range(i + 1, block.stop) if lines[j].strip()]
        last = i
        for j in following:
            if j not in children:
                break
            last = j
        child_indent = (
            re.match(r"\s*", lines[children[0]]).group(0) if children else indent + "    "
        )
        return _insert(lines, last + 1, _entry(child_indent, page, title))
    valid = ", ".join(f"'{s}'" for s in _sections(lines, block)) or "none"
    raise Refused(f"no section '{section}' in the nav of mkdocs.yml (its sections: {valid})")


def _add_after(
    lines: list[str], entries: list[tuple[str, int]], page: str, after: str, title: str | None
) -> str:
    after = after if after.endswith(".md") else f"{after}.md"
    line = next((n for path, n in entries if path == after), None)
    if line is None:
        listed = ", ".join(path for path, _ in entries)
        raise Refused(f"no page {after} in the nav of mkdocs.yml (its pages: {listed})")
    i = line - 1
    text = lines[i]
    inline = re.search(rf"([\[,]\s*){re.escape(after)}(\s*[\],])", text)
    if inline:  # in a [a.md, b.md] list: bare, like its neighbours
        at = inline.end(1) + len(after)
        lines[i] = text[:at] + f", {page}" + text[at:]
        return "".join(lines)
    indent = re.match(r"\s*", text).group(0)
    titled = re.match(r"^\s*- .+:\s*\S", text) is not None
    return _insert(lines, i + 1, _entry(indent, page, title if titled else None))


def _insert(lines: list[str], index: int, line: str) -> str:
    if index > 0 and not lines[index - 1].endswith("\n"):
        lines[index - 1] += "\n"
    return "".join(lines[:index] + [line] + lines[index:])


def add_nav_translations(config_text: str, title: str, translations: dict[str, str]) -> str | None:
    """mkdocs.yml with `title: translation` added to each language's `nav_translations`,
    or None when a language has none (then the entry stays untitled: each language's
    nav shows the page's own title)."""
    lines = config_text.splitlines(keepends=True)
    for lang, translated in translations.items():
        start = next(
            (i for i, t in enumerate(lines) if re.match(rf"^\s*- locale: ['\"]?{lang}\b", t)), None
        )
        if start is None:
            return None
        item_indent = len(lines[start]) - len(lines[start].lstrip())
        block = None
        for i in range(start + 1, len(lines)):
            text = lines[i]
            depth = len(text) - len(text.lstrip())
            if text.strip() and depth <= item_indent:
                break
            if re.match(r"^\s*nav_translations:\s*$", text):
                block = i
                break
        if block is None:
            return None
        depth = len(lines[block]) - len(lines[block].lstrip())
        last, child = block, None
        for j in range(block + 1, len(lines)):
            if not lines[j].strip():
                continue
            if len(lines[j]) - len(lines[j].lstrip()) <= depth:
                break
            last, child = j, child or re.match(r"\s*", lines[j]).group(0)
        indent = child or " " * (depth + 2)
        keys = yaml.safe_load("".join(lines[block : last + 1]).strip() or "{}") or {}
        if title in (keys.get("nav_translations") or {}):
            continue
        lines.insert(last + 1, f"{indent}{_scalar(title)}: {_scalar(translated)}\n")
    return "".join(lines)


# --- Commands -------------------------------------------------------------------------------


def create(
    root: Path,
    slug: str,
    titles: dict[str, str],
    section: str | None,
    after: str | None = None,
) -> list[Path]:
    if not SLUG_RE.fullmatch(slug):
        raise Refused(f"found slug {slug!r}, expected lower-case ascii words joined by '-'")
    langs = list(titles)
    for lang, title in titles.items():
        if not title.strip():
            raise Refused(f"found an empty {lang} title, expected the page's title")
    page = f"{slug}.md"
    paths = [root / "docs" / lang / page for lang in langs]
    existing = [p for p in paths if p.exists()]
    if existing:
        hint = (
            f" (to write its missing twin: new_page.py --twin {slug})"
            if len(existing) < len(paths)
            else ""
        )
        raise Refused(
            f"{existing[0].relative_to(root)} already exists: new_page.py never overwrites "
            f"a page{hint}"
        )
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    default = langs[0]
    translated = add_nav_translations(
        text, titles[default].strip(), {lang: titles[lang].strip() for lang in langs[1:]}
    )
    title = titles[default].strip() if translated is not None else None
    new_config = add_to_nav(translated or text, page, section, after=after, title=title)
    if title and f"{_scalar(title)}: {page}" not in new_config:
        new_config = add_to_nav(text, page, section, after=after)  # a bare entry: no title
    for lang, path in zip(langs, paths, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(lang, titles[lang].strip(), default), encoding="utf-8")
    config.write_text(new_config, encoding="utf-8")
    return [*paths, config]


def create_twin(root: Path, slug: str, title: str | None, langs: list[str]) -> list[Path]:
    page = f"{slug.removesuffix('.md')}.md"
    paths = {lang: root / "docs" / lang / page for lang in langs}
    present = [lang for lang in langs if paths[lang].is_file()]
    missing = [lang for lang in langs if lang not in present]
    if not present:
        raise Refused(f"no page {page} in any language: create the pair without --twin")
    if not missing:
        raise Refused(f"{page} exists in every language: new_page.py never overwrites a page")
    source_lang = langs[0] if langs[0] in present else present[0]
    source = paths[source_lang].read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?\n)---\n(.*)", source, re.DOTALL)
    if not match:
        raise Refused(f"{paths[source_lang].relative_to(root)} has no front matter to start from")
    meta_source, body = yaml.safe_load(match.group(1)) or {}, match.group(2)
    for lang in missing:
        words = _WORDS[lang]
        meta = {"title": title or f"{PLACEHOLDER} {meta_source.get('title', '')}".strip()}
        meta["description"] = words["description"]
        if lang != langs[0]:
            meta[SOURCE_COMMIT] = last_commit(root, "%H", f"docs/{langs[0]}/{page}") or NEW
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        lines = body.split("\n")
        h1 = next((i for i, t in enumerate(lines) if t.startswith("# ")), None)
        if h1 is not None:
            lines[h1] = f"# {meta['title']}"
            lines.insert(h1 + 1, f"\n{words['translate']}")
        else:
            lines.insert(0, f"{words['translate']}\n")
        paths[lang].parent.mkdir(parents=True, exist_ok=True)
        paths[lang].write_text(f"---\n{front}---\n" + "\n".join(lines), encoding="utf-8")
    return [paths[lang] for lang in missing]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root_args = argparse.ArgumentParser(add_help=False)
    root_args.add_argument("--root", type=Path, default=ROOT)
    known, _ = root_args.parse_known_args(argv)
    try:
        langs = languages(known.root)
    except Exception:  # noqa: BLE001 - a partial config (a test's): this checkout's languages
        try:
            langs = languages(ROOT)
        except Exception as exc:  # noqa: BLE001 - mkdocs.yml unreadable: say so, no traceback
            print(f"new_page.py: mkdocs.yml: {exc}; nothing changed", file=sys.stderr)
            return 1
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        usage="%(prog)s SLUG EN_TITLE FR_TITLE [--section TITLE | --after PAGE]\n"
        "       %(prog)s --twin SLUG [TITLE]",
    )
    ap.add_argument("slug", help="file name without .md: lower-case words joined by '-'")
    ap.add_argument("titles", nargs="*", metavar="TITLE", help="the titles, one per language")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--section", help="English title of the nav section to add the page to")
    where.add_argument("--after", metavar="PAGE", help="the page of the nav to add it after")
    ap.add_argument("--twin", action="store_true", help="write the missing twin of SLUG")
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    try:
        if args.twin:
            if len(args.titles) > 1:
                raise Refused("--twin takes one title: that of the missing twin")
            changed = create_twin(args.root, args.slug, (args.titles or [None])[0], langs)
        else:
            if len(args.titles) != len(langs):
                raise Refused(
                    f"found {len(args.titles)} title(s), expected {len(langs)}: one per "
                    f"language ({', '.join(langs)}), each in quotes"
                )
            titles = dict(zip(langs, args.titles, strict=True))
            changed = create(args.root, args.slug, titles, args.section, args.after)
    except Refused as exc:
        print(f"new_page.py: {exc}; nothing changed", file=sys.stderr)
        return 1
    for path in changed:
        verb = "updated" if path.name == "mkdocs.yml" else "created"
        print(f"{verb} {path.relative_to(args.root)}")
    print(
        f"next: write the page{'s' * (len(changed) > 1)} (replace every {PLACEHOLDER}), "
        "then run `make check`",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
