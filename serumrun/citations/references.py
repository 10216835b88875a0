"""The references page of each language, generated from data/bibliography.yml.

`docs/<lang>/references.md` holds its front matter, title and introduction, and the
marker `[[bibliography]]` on a line of its own, which the plugin replaces with every entry
formatted in the page's language (serumrun/templates/references.html), in three sections:
the sources cited in that language, each with backlinks to every page and section citing
it ("Cited in: The relay › Norton Sound"); further reading (cited nowhere in that
language); the original references of the source documents, kept exactly as they stood.

The backlinks come from one scan of each language's sources (serumrun.citations.extension
.scan), which also stops the build early, with file and line, on a key the bibliography
does not have. Markers other extensions make from their data (the relay table) are not
in the sources: the extension reports every marker it renders (`References.record`), and
the references page, rendered last in its language, adds those the scan missed.
"""

from __future__ import annotations

import functools
import html
import posixpath
from dataclasses import dataclass, field

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from serumrun.citations import bibliography
from serumrun.citations.deferred_markup import ATTRIBUTE, LateMarkup
from serumrun.citations.extension import UnknownCitationKeyError, scan_source
from serumrun.l10n.labels import Labels, label
from serumrun.mdsource import MARKER_RE
from serumrun.pages import nav_entries, source_page
from serumrun.project import Project
from serumrun.templating import plugin_template

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
        """Read and validate the bibliography, and scan every citation of every language
        before any page is written: an unknown key stops the build here, with its file
        and line, and publishes nothing."""
        try:
            self.entries = bibliography.load(self.project)
        except bibliography.BibliographyError as exc:  # every problem, one a line
            raise PluginError(str(exc)) from None
        for lang in self.project.languages:
            self.backlinks[lang] = self._scan_language(lang)

    def page_markdown(self, markdown: str, lang: str, uri: str, url_of, late: LateMarkup) -> str:
        """The page's Markdown; on the references page, the bibliography in place of its
        marker. `url_of(page)`: the URL of a page of this language relative to the
        references page (the backlinks are written resolved); the backlinks wait in
        `late` for the search plugin to have read the page."""
        if uri != self.page:
            return markdown
        markers = [m for m in MARKER_RE.finditer(markdown) if m["name"] == "bibliography"]
        if len(markers) != 1:
            raise PluginError(
                f"{self._shown(lang, uri)}: the references page needs the marker "
                f"[[bibliography]] once, on a line of its own (found {len(markers)})"
            )
        generated = self._render(lang, url_of, late)
        return MARKER_RE.sub(lambda m: generated if m["name"] == "bibliography" else m[0], markdown)

    def check_links(self, lang: str, anchors: dict[str, set[str]]) -> None:
        """Every key cited in `lang` has its anchor `ref-<key>` on the references page, and
        every backlink's anchor is an id of its page (`anchors`: page -> ids, as rendered).
        The plugin writes these links resolved, so this is MkDocs' anchor check."""
        backlinks = self._all_backlinks(lang)
        for key, links in sorted(backlinks.items()):
            if f"ref-{key}" not in anchors.get(self.page, set()):
                place = f"{self._shown(lang, links[0].page)}:{links[0].order[2]}: " if links else ""
                raise PluginError(
                    f"{place}the citation of '{key}' links to #ref-{key}, which the references "
                    f"page of '{lang}' does not have"
                )
        for links in backlinks.values():
            for link in links:
                if link.anchor and link.anchor not in anchors.get(link.page, set()):
                    raise PluginError(
                        f"{self._shown(lang, link.page)}:{link.order[2]}: the references page "
                        f"links back to #{link.anchor}, which the page as rendered does not have"
                    )

    def record(self, lang: str, page: str, key: str, section) -> None:
        """The citations extension reports each key of each marker rendered on `page`."""
        if page != self.page:
            places = self.rendered.setdefault(lang, {}).setdefault(key, {})
            places.setdefault(
                (page, section.id if section else None), section.title if section else None
            )

    def _shown(self, lang: str, page: str) -> str:
        return self.project.display(self.project.docs_dir / lang / page)

    def _backlink(self, page: str, title: str, section: str | None, anchor, line) -> Backlink:
        """A place citing an entry, in reading order: by the `nav:`, the page, its line."""
        order = self._nav_order
        text = f"{title} › {section}" if section is not None else title
        return Backlink(page, anchor, text, (order.get(page, len(order)), page, line))

    def _scan_language(self, lang: str) -> dict[str, list[Backlink]]:
        """Every citation in docs/<lang>/**/*.md, as backlinks by key; unknown keys stop here."""
        folder = self.project.docs_dir / lang
        found: dict[str, dict[tuple[str, str | None], Backlink]] = {}
        pages = self.pages.setdefault(lang, {})
        pages.clear()
        for path in sorted(folder.rglob("*.md")):
            page = path.relative_to(folder).as_posix()
            # Read and parsed once per build, by the plugin's source check (which has
            # found every page's front matter valid before this).
            source = source_page(self.project, path)
            meta, _, _ = source.front_matter()
            scanned = scan_source(source)
            title = meta["title"]  # required, a non-empty text (serumrun/pages.py)
            pages[page] = (title, {h.id: h.line for h in scanned.headings})
            for occurrence in scanned.occurrences:
                if occurrence.key not in self.entries:
                    raise UnknownCitationKeyError(
                        self.project, path, occurrence.line, occurrence.key
                    )
                if page == self.page:
                    continue  # the references page cites nothing it lists back
                section = occurrence.section
                anchor = section.id if section else None
                found.setdefault(occurrence.key, {}).setdefault(
                    (page, anchor),
                    self._backlink(
                        page, title, section.title if section else None, anchor, occurrence.line
                    ),
                )
        return {
            key: sorted(places.values(), key=lambda b: b.order) for key, places in found.items()
        }

    @functools.cached_property
    def _nav_order(self) -> dict[str, int]:
        """Position of each page in the `nav:` of mkdocs.yml (the same in every language)."""
        _, entries = nav_entries((self.project.root / "mkdocs.yml").read_text(encoding="utf-8"))
        return {page: index for index, page in enumerate(dict.fromkeys(p for p, _ in entries))}

    def _all_backlinks(self, lang: str) -> dict[str, list[Backlink]]:
        """The scan's backlinks, plus the rendered markers the scan could not see."""
        merged = {key: list(links) for key, links in self.backlinks.get(lang, {}).items()}
        pages = self.pages.get(lang, {})
        for key, places in self.rendered.get(lang, {}).items():
            links = merged.setdefault(key, [])
            known = {(link.page, link.anchor) for link in links}
            for (page, anchor), section_title in places.items():
                if (page, anchor) not in known:
                    title, heading_lines = pages.get(page, (posixpath.splitext(page)[0], {}))
                    line = heading_lines.get(anchor, 0) if anchor else 0
                    links.append(self._backlink(page, title, section_title, anchor, line))
            links.sort(key=lambda b: b.order)
        return merged

    def _render(self, lang: str, url_of, late: LateMarkup) -> str:
        language = self.project.language(lang)
        backlinks = self._all_backlinks(lang)
        sections: dict[str, list[bibliography.Entry]] = {"cited": [], "further": []}
        sections["originals"] = [e for e in self.entries.values() if e.is_original]
        for entry in self.entries.values():
            if not entry.is_original:
                sections["cited" if entry.key in backlinks else "further"].append(entry)
        for name in ("cited", "further"):  # the originals keep the source documents' order
            sections[name].sort(
                key=lambda e: bibliography.sort_key(e, self.project.default_language)
            )

        def context(entry: bibliography.Entry) -> dict:
            links = backlinks.get(entry.key, [])
            return {
                "key": entry.key,
                "html": bibliography.format_entry(entry, language),
                "note": (
                    bibliography.note_html(entry.note[lang], language) if entry.note else None
                ),
                "original": entry.original,  # verbatim, in whatever language it was written
                "status": entry.status,
                "identification": (
                    bibliography.localized(entry.identification[lang], language)
                    if entry.identification
                    else None
                ),
                # The number of the backlinks' placeholder, or None.
                "backlinks": late.add(self._backlinks_html(links, lang, url_of)) if links else None,
            }

        return _TEMPLATE.render(
            sections=[
                {
                    "id": SECTION_IDS[name],
                    "title": label(f"cite.section.{name}", language),
                    "intro": label(f"cite.section.{name}.intro", language),
                    "entries": [context(entry) for entry in entries],
                }
                for name, entries in sections.items()
                if entries
            ],
            lang=lang,
            ui=Labels.of(self.project).text,
            late_attribute=ATTRIBUTE,
        )

    def _backlinks_html(self, links: list[Backlink], lang: str, url_of) -> str:
        language = self.project.language(lang)
        return _BACKLINKS.render(
            lang=lang,
            ui=Labels.of(self.project).text,
            backlinks=[
                {
                    # Headings as the page shows them, with the language's spacing; escaped
                    # with quotes kept as they are, as Markdown wrote it before.
                    "text": Markup(
                        html.escape(
                            bibliography.localized(link.text, language),
                            quote=False,
                        )
                    ),
                    "href": f"{url_of(link.page)}#{link.anchor}"
                    if link.anchor
                    else url_of(link.page),
                }
                for link in links
            ],
        )
