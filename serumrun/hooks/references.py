"""The references page of each language, generated from data/bibliography.yml.

`docs/<lang>/references.md` holds its front matter, title and introduction, and the
marker `[[bibliography]]` on a line of its own; this hook replaces the marker with
every entry of the bibliography, formatted in the page's language (template
references.html beside this module), in three sections:

* the sources cited on the site, each with backlinks to every page and section of
  that language that cites it ("Cited in: The relay › Norton Sound");
* further reading: the entries cited nowhere in that language;
* the original references of the source documents, each with its original text
  exactly as it stood, its identification and its status.

The backlinks come from one scan of each language's Markdown sources, with the parser
of the citations extension (serumrun.citations.scan). The same scan stops the build
early, with file and line, on a key the bibliography does not have. Markers that other
extensions generate from their data (the relay table) are not in the sources: the
extension reports every marker it renders (its `recorder` option), and the references
page, rendered last, adds those the scan missed. mkdocs-static-i18n runs the build once
per language (English, then French); these events run in every pass.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from serumrun import bibliography
from serumrun.citations import REFERENCES_PAGE, UnknownCitationKeyError, scan
from serumrun.i18n import DEFAULT_LANGUAGE
from serumrun.labels import label
from serumrun.templating import hook_template

log = logging.getLogger("mkdocs.hooks.serumrun.references")

EXTENSION = "serumrun.citations"
#: The bibliography, relative to the folder of mkdocs.yml.
BIBLIOGRAPHY = Path("data", "bibliography.yml")
MARKER_RE = re.compile(r"^\[\[bibliography\]\][ \t]*$", re.MULTILINE)
#: Anchors of the page's sections: the same in every language (the switcher keeps them).
SECTION_IDS = {
    "cited": "cited-sources",
    "further": "further-reading",
    "originals": "original-references",
}

_TEMPLATE = hook_template("references.html", keep_trailing_newline=True)


@dataclass(frozen=True)
class Backlink:
    """A place that cites an entry: a page (inside its language folder) and a section."""

    page: str
    anchor: str | None
    text: str  # "The relay › Norton Sound"
    order: tuple[int, str, int]  # nav position of the page, the page, line in it


#: What the last scan found, per language: key -> places citing it, in reading order.
_backlinks: dict[str, dict[str, list[Backlink]]] = {}
#: Per language and page: its title, and the line of each section anchor (for ordering).
_pages: dict[str, dict[str, tuple[str, dict[str, int]]]] = {}
#: Markers rendered in this pass that the scan could not see (made by other extensions
#: from their data, such as the relay table): lang -> key -> {(page, anchor): section title}.
_rendered: dict[str, dict[str, dict[tuple[str, str | None], str | None]]] = {}
_entries: dict[str, bibliography.Entry] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if EXTENSION not in config.markdown_extensions:
        raise PluginError(
            f"serumrun/hooks/references.py needs '{EXTENSION}' in markdown_extensions"
        )
    options = config.mdx_configs.setdefault(EXTENSION, {})
    # The extension reads the bibliography beside this mkdocs.yml (a copy of the project
    # builds with its own data, not the installed package's).
    options["bibliography"] = str(_bibliography_path(config))
    options["recorder"] = _record
    return config


@event_priority(-200)  # after mkdocs-static-i18n (-100) has chosen this pass's files
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    # MkDocs renders the pages in the order of `files`: the references page goes last, so
    # that every other page of the language has reported its markers (_record) by then.
    for file in list(files.documentation_pages()):
        if file.src_uri.split("/", 1)[-1] == REFERENCES_PAGE:
            files.append(file)  # Files.append moves an existing file to the end
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    global _entries
    try:
        _entries = bibliography.load(_bibliography_path(config))
    except bibliography.BibliographyError as exc:
        where = _display(config, exc.path) + (f", line {exc.line}" if exc.line else "")
        raise PluginError(f"{where}: {exc.problem}") from None
    _backlinks.clear()
    _rendered.clear()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    lang = _page_lang(page)
    if lang not in _backlinks:
        # Once per language and pass, before its first page is rendered: an unknown key
        # stops the build here, with the file's own line number.
        _backlinks[lang] = _scan_language(config, lang)
    # Error lines of the extension are file lines: tell it how long the front matter is.
    config.mdx_configs.setdefault(EXTENSION, {})["line_offset"] = _front_matter_lines(page)
    if _page_uri(page) != REFERENCES_PAGE:
        return markdown
    markers = MARKER_RE.findall(markdown)
    if len(markers) != 1:
        raise PluginError(
            f"{page.file.src_uri}: the references page needs the marker [[bibliography]] "
            f"once, on a line of its own (found {len(markers)})"
        )
    generated = _render(lang, config)
    return MARKER_RE.sub(lambda _: generated, markdown)


# --- Scanning the sources ------------------------------------------------------------------


def _scan_language(config: MkDocsConfig, lang: str) -> dict[str, list[Backlink]]:
    """Every citation in docs/<lang>/**/*.md, as backlinks by key; unknown keys stop here."""
    folder = Path(config.docs_dir) / lang
    nav_order = _nav_order(config)
    found: dict[str, dict[tuple[str, str | None], Backlink]] = {}
    pages = _pages.setdefault(lang, {})
    pages.clear()
    for path in sorted(folder.rglob("*.md")):
        page = path.relative_to(folder).as_posix()
        if page == REFERENCES_PAGE:
            continue
        raw = path.read_text(encoding="utf-8-sig")
        body, meta = get_data(raw)
        offset = _offset(raw, body)
        scanned = scan(body, first_line=offset + 1)
        title = str(meta.get("title") or scanned.title or path.stem)
        pages[page] = (title, {h.anchor: line for h, line in scanned.headings})
        position = nav_order.get(page, len(nav_order))
        for occurrence in scanned.occurrences:
            if occurrence.key not in _entries:
                raise PluginError(
                    str(
                        UnknownCitationKeyError(
                            _display(config, path),
                            occurrence.line,
                            occurrence.key,
                            _display(config, _bibliography_path(config)),
                        )
                    )
                )
            section = occurrence.section
            anchor = section.anchor if section else None
            text = f"{title} › {section.title}" if section else title
            places = found.setdefault(occurrence.key, {})
            places.setdefault(
                (page, anchor), Backlink(page, anchor, text, (position, page, occurrence.line))
            )
    return {key: sorted(places.values(), key=lambda b: b.order) for key, places in found.items()}


def _nav_order(config: MkDocsConfig) -> dict[str, int]:
    """Position of each page in the `nav:` of mkdocs.yml (the same in every language)."""
    order: dict[str, int] = {}

    def walk(items) -> None:
        for item in items or []:
            if isinstance(item, str):
                order.setdefault(item, len(order))
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(config.nav)
    return order


# --- Rendering -------------------------------------------------------------------------------


def _record(lang: str, page: str, key: str, section) -> None:
    """The extension's recorder: one key of one marker rendered on `page`."""
    if page != REFERENCES_PAGE:
        places = _rendered.setdefault(lang, {}).setdefault(key, {})
        places.setdefault(
            (page, section.anchor if section else None), section.title if section else None
        )


def _all_backlinks(lang: str, nav_order: dict[str, int]) -> dict[str, list[Backlink]]:
    """The scan's backlinks, plus the rendered markers the scan could not see."""
    merged = {key: list(links) for key, links in _backlinks.get(lang, {}).items()}
    pages = _pages.get(lang, {})
    for key, places in _rendered.get(lang, {}).items():
        links = merged.setdefault(key, [])
        known = {(link.page, link.anchor) for link in links}
        for (page, anchor), section_title in places.items():
            if (page, anchor) in known:
                continue
            title, heading_lines = pages.get(page, (posixpath.splitext(page)[0], {}))
            text = f"{title} › {section_title}" if anchor else title
            line = heading_lines.get(anchor, 0) if anchor else 0
            position = nav_order.get(page, len(nav_order))
            links.append(Backlink(page, anchor, text, (position, page, line)))
        links.sort(key=lambda b: b.order)
    return merged


def _render(lang: str, config: MkDocsConfig) -> str:
    backlinks = _all_backlinks(lang, _nav_order(config))
    cited, further, originals = [], [], []
    for entry in _entries.values():
        if entry.is_original:
            originals.append(entry)  # in the order of the source documents
        elif entry.key in backlinks:
            cited.append(entry)
        else:
            further.append(entry)
    sections = [
        _section("cited", sorted(cited, key=bibliography.sort_key), lang, backlinks),
        _section("further", sorted(further, key=bibliography.sort_key), lang, backlinks),
        _section("originals", originals, lang, backlinks),
    ]
    return _TEMPLATE.render(sections=[s for s in sections if s["entries"]], lang=lang, ui=label)


def _section(name: str, entries, lang: str, backlinks) -> dict:
    return {
        "id": SECTION_IDS[name],
        "title": label(f"cite.section.{name}", lang),
        "intro": label(f"cite.section.{name}.intro", lang),
        "entries": [_entry_context(e, lang, backlinks.get(e.key, [])) for e in entries],
    }


def _entry_context(entry: bibliography.Entry, lang: str, links: list[Backlink]) -> dict:
    return {
        "key": entry.key,
        "html": bibliography.format_entry(entry, lang),
        "note": bibliography.localized(entry.note[lang], lang) if entry.note else None,
        "original": entry.original,  # verbatim, in whatever language it was written
        "status": entry.status,
        "identification": (
            bibliography.localized(entry.identification[lang], lang)
            if entry.identification
            else None
        ),
        "backlinks": [{"text": _markdown_text(link.text), "href": _href(link)} for link in links],
    }


def _href(link: Backlink) -> str:
    target = posixpath.relpath(link.page, posixpath.dirname(REFERENCES_PAGE) or ".")
    return f"{target}#{link.anchor}" if link.anchor else target


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|<>-])")


def _markdown_text(text: str) -> Markup:
    """Text for a Markdown link label: HTML-escaped, Markdown specials backslashed."""
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False)))


# --- Helpers ---------------------------------------------------------------------------------


def _bibliography_path(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / BIBLIOGRAPHY


def _display(config: MkDocsConfig, path: Path) -> str:
    try:
        return path.resolve().relative_to(Path(config.config_file_path).resolve().parent).as_posix()
    except ValueError:
        return str(path)


def _page_lang(page: Page) -> str:
    return getattr(page.file, "locale", None) or DEFAULT_LANGUAGE


def _page_uri(page: Page) -> str:
    return page.file.src_uri.split("/", 1)[-1]  # 'fr/relay.md' -> 'relay.md'


def _offset(raw: str, body: str) -> int:
    """Lines of `raw` before `body` (front matter stripped by MkDocs' get_data)."""
    return raw[: len(raw) - len(body)].count("\n") if raw.endswith(body) else 0


def _front_matter_lines(page: Page) -> int:
    try:
        raw = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError):
        return 0
    return _offset(raw, get_data(raw)[0])
