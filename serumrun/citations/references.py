"""The references page of each language, generated from data/bibliography.yml.

`docs/<lang>/references.md` holds its front matter, title and introduction, and the
marker `[[bibliography]]` on a line of its own; the plugin replaces the marker with
every entry of the bibliography, formatted in the page's language (template
serumrun/templates/references.html), in three sections:

* the sources cited on the site, each with backlinks to every page and section of
  that language that cites it ("Cited in: The relay › Norton Sound");
* further reading: the entries cited nowhere in that language;
* the original references of the source documents, each with its original text
  exactly as it stood, its identification and its status.

The backlinks come from one scan of each language's Markdown sources, with the parser
of the citations extension (serumrun.citations.extension.scan). The same scan stops the build
early, with file and line, on a key the bibliography does not have. Markers that other
extensions generate from their data (the relay table) are not in the sources: the
extension reports every marker it renders (`References.record`), and the references
page, rendered last (the plugin moves it to the end of the files), adds those the scan
missed. One `References` lives on the plugin and is made anew for every build.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from serumrun.citations import bibliography
from serumrun.citations.deferred_markup import ATTRIBUTE, LateMarkup
from serumrun.citations.extension import UnknownCitationKeyError, scan
from serumrun.citations.l10n_bridge import label
from serumrun.pages import source_page
from serumrun.project import Project
from serumrun.templating import plugin_template

MARKER_RE = re.compile(r"^\[\[bibliography\]\][ \t]*$", re.MULTILINE)
#: Anchors of the page's sections: the same in every language (the switcher keeps them).
SECTION_IDS = {
    "cited": "cited-sources",
    "further": "further-reading",
    "originals": "original-references",
}

_TEMPLATE = plugin_template("references.html", keep_trailing_newline=True)
_BACKLINKS = plugin_template("references-backlinks.html")


@dataclass(frozen=True)
class Backlink:
    """A place that cites an entry: a page (inside its language folder) and a section."""

    page: str
    anchor: str | None
    text: str  # "The relay › Norton Sound"
    order: tuple[int, str, int]  # nav position of the page, the page, line in it


@dataclass
class References:
    """The references page of every language, and what it needs to know of a build."""

    project: Project
    page: str  # the references page, inside a language folder ('references.md')
    nav: list  # the `nav:` of mkdocs.yml (the same in every language)
    entries: dict[str, bibliography.Entry] = field(default_factory=dict)
    #: What the scan found, per language: key -> places citing it, in reading order.
    backlinks: dict[str, dict[str, list[Backlink]]] = field(default_factory=dict)
    #: Per language and page: its title, and the line of each section anchor.
    pages: dict[str, dict[str, tuple[str, dict[str, int]]]] = field(default_factory=dict)
    #: Markers rendered that the scan could not see (made by other extensions from their
    #: data, such as the relay table): lang -> key -> {(page, anchor): section title}.
    rendered: dict[str, dict[str, dict[tuple[str, str | None], str | None]]] = field(
        default_factory=dict
    )

    def load(self) -> None:
        """Read and validate the bibliography: an error names the file and line."""
        try:
            self.entries = bibliography.load(self.project.bibliography)
        except bibliography.BibliographyError as exc:  # every problem, one a line
            raise PluginError(str(exc)) from None
        # Every citation of every language, before any page is written: an unknown key
        # stops the build here, with its file and line, and publishes nothing.
        for lang in self.project.languages:
            self.backlinks[lang] = self._scan_language(lang)

    def page_markdown(self, markdown: str, lang: str, uri: str, url_of, late: LateMarkup) -> str:
        """The page's Markdown; on the references page, the bibliography in place of its
        marker. `url_of(page)` is the URL of a page of this language relative to the
        references page (the backlinks are written resolved); the backlinks wait in
        `late` for the search plugin to have read the page
        (serumrun/citations/deferred_markup.py)."""
        if uri != self.page:
            return markdown
        markers = MARKER_RE.findall(markdown)
        if len(markers) != 1:
            raise PluginError(
                f"{self.project.display(self.project.docs_dir / lang / uri)}: the references "
                f"page needs the marker [[bibliography]] once, on a line of its own "
                f"(found {len(markers)})"
            )
        generated = self._render(lang, url_of, late)
        return MARKER_RE.sub(lambda _: generated, markdown)

    def check_anchors(self, html: str, lang: str) -> None:
        """Every key cited in `lang` has its anchor `ref-<key>` on the rendered page."""
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        for key, links in sorted(self._all_backlinks(lang).items()):
            if f"ref-{key}" not in ids:
                where = links[0] if links else None
                place = (
                    f"{self.project.display(self.project.docs_dir / lang / where.page)}:"
                    f"{where.order[2]}: "
                    if where
                    else ""
                )
                raise PluginError(
                    f"{place}the citation of '{key}' links to #ref-{key}, which the references "
                    f"page of '{lang}' does not have"
                )

    def record(self, lang: str, page: str, key: str, section) -> None:
        """The citations extension reports each key of each marker rendered on `page`."""
        if page != self.page:
            places = self.rendered.setdefault(lang, {}).setdefault(key, {})
            places.setdefault(
                (page, section.id if section else None), section.title if section else None
            )

    def _scan_language(self, lang: str) -> dict[str, list[Backlink]]:
        """Every citation in docs/<lang>/**/*.md, as backlinks by key; unknown keys stop here."""
        folder = self.project.docs_dir / lang
        nav_order = self._nav_order()
        found: dict[str, dict[tuple[str, str | None], Backlink]] = {}
        pages = self.pages.setdefault(lang, {})
        pages.clear()
        for path in sorted(folder.rglob("*.md")):
            page = path.relative_to(folder).as_posix()
            if page == self.page:
                continue
            # Read and parsed once per build, by the plugin's source check (which has
            # found every page's front matter valid before this).
            source = source_page(self.project, path)
            meta, _, body_line = source.front_matter()
            scanned = scan(source.body, first_line=body_line)
            title = str(meta.get("title") or scanned.title or path.stem)
            pages[page] = (title, {h.id: h.line for h in scanned.headings})
            position = nav_order.get(page, len(nav_order))
            for occurrence in scanned.occurrences:
                if occurrence.key not in self.entries:
                    raise PluginError(
                        str(
                            UnknownCitationKeyError(
                                self.project.display(path),
                                occurrence.line,
                                occurrence.key,
                                self.project.bibliography,
                            )
                        )
                    )
                section = occurrence.section
                anchor = section.id if section else None
                text = f"{title} › {section.title}" if section else title
                places = found.setdefault(occurrence.key, {})
                places.setdefault(
                    (page, anchor), Backlink(page, anchor, text, (position, page, occurrence.line))
                )
        return {
            key: sorted(places.values(), key=lambda b: b.order) for key, places in found.items()
        }

    def _nav_order(self) -> dict[str, int]:
        """Position of each page in the `nav:` of mkdocs.yml (the same in every language)."""
        order: dict[str, int] = {}

        def walk(items) -> None:
            for item in items or []:
                if isinstance(item, str):
                    order.setdefault(item, len(order))
                elif isinstance(item, dict):
                    for value in item.values():
                        walk(value if isinstance(value, list) else [value])

        walk(self.nav)
        return order

    def _all_backlinks(self, lang: str) -> dict[str, list[Backlink]]:
        """The scan's backlinks, plus the rendered markers the scan could not see."""
        nav_order = self._nav_order()
        merged = {key: list(links) for key, links in self.backlinks.get(lang, {}).items()}
        pages = self.pages.get(lang, {})
        for key, places in self.rendered.get(lang, {}).items():
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

    def _render(self, lang: str, url_of, late: LateMarkup) -> str:
        backlinks = self._all_backlinks(lang)
        cited, further, originals = [], [], []
        for entry in self.entries.values():
            if entry.is_original:
                originals.append(entry)  # in the order of the source documents
            elif entry.key in backlinks:
                cited.append(entry)
            else:
                further.append(entry)
        by_key = bibliography.sort_key
        sections = [
            self._section("cited", sorted(cited, key=by_key), lang, backlinks, url_of, late),
            self._section("further", sorted(further, key=by_key), lang, backlinks, url_of, late),
            self._section("originals", originals, lang, backlinks, url_of, late),
        ]
        return _TEMPLATE.render(
            sections=[s for s in sections if s["entries"]],
            lang=lang,
            ui=label,
            late_attribute=ATTRIBUTE,
        )

    def _section(self, name: str, entries, lang: str, backlinks, url_of, late) -> dict:
        return {
            "id": SECTION_IDS[name],
            "title": label(f"cite.section.{name}", lang),
            "intro": label(f"cite.section.{name}.intro", lang),
            "entries": [
                self._entry_context(e, lang, backlinks.get(e.key, []), url_of, late)
                for e in entries
            ],
        }

    def _entry_context(
        self, entry: bibliography.Entry, lang: str, links: list[Backlink], url_of, late
    ) -> dict:
        return {
            "key": entry.key,
            "html": bibliography.format_entry(entry, lang),
            "note": bibliography.note_html(entry.note[lang], lang) if entry.note else None,
            "original": entry.original,  # verbatim, in whatever language it was written
            "status": entry.status,
            "identification": (
                bibliography.localized(entry.identification[lang], lang)
                if entry.identification
                else None
            ),
            # The number of the backlinks' placeholder, or None.
            "backlinks": late.add(self._backlinks_html(links, lang, url_of)) if links else None,
        }

    def _backlinks_html(self, links: list[Backlink], lang: str, url_of) -> str:
        return _BACKLINKS.render(
            lang=lang,
            ui=label,
            # The text escaped with quotes kept as they are, as Markdown wrote it before.
            backlinks=[
                {
                    # Headings as the page shows them: with the language's spacing.
                    "text": Markup(
                        html.escape(bibliography.localized(link.text, lang), quote=False)
                    ),
                    "href": self._href(link, url_of),
                }
                for link in links
            ],
        )

    def _href(self, link: Backlink, url_of) -> str:
        target = url_of(link.page)
        return f"{target}#{link.anchor}" if link.anchor else target

    def check_backlinks(self, lang: str, anchors: dict[str, set[str]]) -> None:
        """Every backlink's anchor is an id of its page as rendered (`anchors`: page -> ids);
        the plugin writes the backlinks resolved, so this is MkDocs' anchor check."""
        for links in self._all_backlinks(lang).values():
            for link in links:
                if link.anchor and link.anchor not in anchors.get(link.page, set()):
                    path = self.project.display(self.project.docs_dir / lang / link.page)
                    raise PluginError(
                        f"{path}:{link.order[2]}: the references page links back to "
                        f"#{link.anchor}, which the page as rendered does not have"
                    )


# --- Scanning the sources ------------------------------------------------------------------


# --- Rendering -------------------------------------------------------------------------------
