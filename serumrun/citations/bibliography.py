"""The site's bibliography (data/bibliography.yml): loading, and formatting per language.

One file serves every language, validated by serumrun.citations.bibliography_schema.
English follows Wikipedia's citation templates ("Retrieved 26 February 2007"), French
Wikipédia's (« consulté le 26 février 2007 »): words from data/labels.yml (`cite.*`),
quotes and separators from the page language's rules (`Language`, data/languages.yml),
month names from CLDR, every text of the data with its language's spacing. Formatted
references are HTML-safe (`Markup`); plain-text forms (short references) are for
attributes, which the caller escapes.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from serumrun.citations import bibliography_schema
from serumrun.citations.bibliography_schema import (  # noqa: F401 (used by callers)
    ARCHIVE_PREFIX,
    ITALIC_TYPES,
    KEY_RE,
    QUOTED_TYPES,
    BibliographyError,
    denied_reason,
    wayback,
)
from serumrun.l10n.dates import iso_date
from serumrun.l10n.labels import label
from serumrun.l10n.typography import localized
from serumrun.languages import Language
from serumrun.project import Project


class Entry(bibliography_schema.EntryModel):
    """One source as validated, with its line. Dates are ISO strings, possibly partial
    ('2003', '2017-02'); `language` is the source's (the site's default language when
    the file says none)."""

    line: int = 0

    def __hash__(self) -> int:  # its texts by language are dicts: the key and line say it
        return hash((self.key, self.line))

    @property
    def is_original(self) -> bool:
        """True for the references carried by the source documents themselves."""
        return self.original is not None

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    def site_in(self, lang: str) -> str | None:
        """The site's name in `lang`: one name for all, or one per language."""
        return self.site[lang] if isinstance(self.site, dict) else self.site


def load(project: Project) -> dict[str, Entry]:
    """The project's bibliography by key, in file order: read and validated once per
    Project (the plugin makes one per build, so `mkdocs serve` reads an edited file)."""
    path = project.bibliography
    if path not in project.data:
        try:
            models = bibliography_schema.validate(path, project.languages)
        except BibliographyError as exc:  # named as the project names its files
            raise BibliographyError(project.display(path), problems=exc.problems) from None
        project.data[path] = {
            model.key: Entry.model_construct(
                **{**dict(model), "language": model.language or project.default_language},
                line=line,
            )
            for model, line in models
        }
    return project.data[path]


#: A work's title inside a note: *Title* (no asterisk inside; linear).
_NOTE_TITLE_RE = re.compile(r"\*([^*\n]+)\*")


def note_html(text: str, language: Language) -> Markup:
    """A note in `language`, with its typography: each *Title* in <cite>, the rest escaped."""
    text = localized(text, language)
    parts, start = [], 0
    for match in _NOTE_TITLE_RE.finditer(text):
        parts += [escape(text[start : match.start()]), Markup("<cite>{}</cite>").format(match[1])]
        start = match.end()
    parts.append(escape(text[start:]))
    return Markup("").join(parts)


# --- Names, dates, locators --------------------------------------------------------------


_NBSP = "\u00a0"


def format_date(iso: str, language: Language) -> str:
    """'2007-02-26' -> '26 February 2007' / '26 février 2007'; '2017-02' -> 'February 2017'."""
    return iso_date(iso, language)


def join_names(names: list[str] | tuple[str, ...], language: Language) -> str:
    """'A', 'A and B', 'A, B and C' (French: « et »)."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {label('cite.and', language)} {names[-1]}"


def family_name(author: str) -> str:
    """'Salisbury, Gay' -> 'Salisbury'; a corporate author is kept whole."""
    return author.split(",", 1)[0].strip()


def display_name(author: str) -> str:
    """'Salisbury, Gay' -> 'Gay Salisbury'; a corporate author is kept whole."""
    family, _, given = author.partition(",")
    return f"{given.strip()} {family.strip()}" if given.strip() else family.strip()


_LOCATOR_RE = re.compile(r"(?P<term>pages?|pp?)(?:\.\s*|\s+)(?P<value>\S.*)", re.IGNORECASE)


def format_locator(locator: str | None, language: Language) -> str:
    """A locator in the page's language: 'p. 187' -> 'p. 187', 'pp. 23-24' -> 'p. 23–24' (fr).

    Page locators ('p.', 'pp.', 'page', 'pages') are relabelled; any other ('chap. 3',
    'fig. 2') is kept as written. The space after the label does not break.
    """
    if not locator:
        return ""
    locator = " ".join(locator.split())
    match = _LOCATOR_RE.fullmatch(locator)
    if not match:
        return locator
    value = match.group("value").replace("-", "–")
    plural = match.group("term").lower() in ("pp", "pages") or "–" in value or "," in value
    return f"{label('cite.pages' if plural else 'cite.page', language)}{_NBSP}{value}"


def short_reference(entry: Entry, language: Language, locator: str | None = None) -> str:
    """Plain-text short form for a marker: 'Salisbury and Salisbury 2003, p. 187'."""
    lang = language.code
    if entry.short:
        text = entry.short
    elif entry.authors:
        families = [family_name(a) for a in entry.authors]
        if len(families) > 2:
            families = [f"{families[0]} {label('cite.et-al', language)}"]
        text = join_names(families, language)
        if entry.year:
            text += f" {entry.year}"
        elif entry.title:  # 'Jensen' alone would not tell his pages apart
            text += f", {_plain_title(entry, language)}"
    else:
        source = entry.site_in(lang) or entry.publisher
        text = ", ".join(filter(None, (source, _plain_title(entry, language), entry.year)))
    located = format_locator(locator, language)
    return f"{text}, {located}" if located else text


def _own_title(entry: Entry, language: Language) -> str:
    """The source's title, with the page language's spacing if the source is in it."""
    title = entry.title or ""
    return localized(title, language) if entry.language == language.code else title


def _plain_title(entry: Entry, language: Language) -> str:
    if entry.supplied_title:
        return f"[{localized(entry.supplied_title[language.code], language)}]"
    return f"{language.open_quote}{_own_title(entry, language)}{language.close_quote}"


def sort_key(entry: Entry, default_language: str) -> str:
    """Alphabetical order of a bibliography: first author's family name, else the title."""
    supplied = entry.supplied_title[default_language] if entry.supplied_title else None
    text = (
        family_name(entry.authors[0])
        if entry.authors
        else (entry.title or supplied or entry.short or "")
    )
    text = unicodedata.normalize("NFKD", text.lstrip("[“«‘'\" "))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


# --- The full reference: one part per field, in the order a reference is read --------------


def format_entry(entry: Entry, language: Language) -> Markup:
    """The full reference of an entry in a language, as safe HTML (links open the source)."""
    parts = [part for make in _BEFORE_PAGE if (part := make(entry, language))]
    parts = _with_page(parts, entry, language)
    parts += [part for part in (_isbn(entry), _license(entry, language)) if part]
    text = _join(parts, language.reference_separator)
    if entry.accessed:
        retrieved = label("cite.retrieved", language).format(
            date=format_date(entry.accessed, language)
        )
        if language.retrieved_in_parentheses:
            text += Markup(" ({})").format(retrieved)
        else:
            text = _join([text, escape(retrieved)], language.reference_separator)
    return _end_sentence(text) + _links(entry, language)


def _authors(entry: Entry, language: Language) -> Markup | None:
    if not entry.authors:
        titled = entry.title or entry.supplied_title
        return escape(entry.short) if entry.short and not titled else None
    # The first author family name first, as a bibliography is read alphabetically.
    names = [entry.authors[0].strip(), *(display_name(a) for a in entry.authors[1:])]
    head = escape(join_names(names, language))
    if entry.year and language.year_after_authors:
        head += Markup(" ({})").format(entry.year)
    return head


def _title(entry: Entry, language: Language) -> Markup | None:
    lang = language.code
    if entry.supplied_title:  # a description of ours, not the source's title
        title = Markup("[{}]").format(localized(entry.supplied_title[lang], language))
    elif not entry.title:
        return None
    elif entry.type in ITALIC_TYPES:
        title = Markup("<cite>{}</cite>").format(_own_title(entry, language))
    else:
        title = Markup("{}{}{}").format(
            language.open_quote, _own_title(entry, language), language.close_quote
        )
    if entry.url:
        title = Markup('<a href="{}">{}</a>').format(entry.url, title)
    remarks = [label("cite.supplied", language)] if entry.supplied_title else []
    if entry.language != lang:  # "in French" / « en anglais », CLDR's name
        name = language.locale.languages[entry.language]
        remarks.append(label("cite.language", language).format(language=name))
    return title + Markup(" ({})").format(", ".join(remarks)) if remarks else title


def _collection(entry: Entry, language: Language) -> Markup | None:
    if not entry.collection:  # "In Mike Dillingham, Alaska Dogs and Iditarod Mushers"
        return None
    by = f"{entry.collection_by}, " if entry.collection_by else ""
    return Markup("{} {}<cite>{}</cite>").format(label("cite.in", language), by, entry.collection)


def _site(entry: Entry, language: Language) -> Markup | None:
    if not entry.site:
        return None
    prefix = label("cite.on", language) if entry.type in QUOTED_TYPES else ""  # may be ""
    return Markup("{}<cite>{}</cite>").format(
        f"{prefix} " if prefix else "", entry.site_in(language.code)
    )


def _publisher(entry: Entry, language: Language) -> Markup | None:
    publisher = language.publisher_separator.join(filter(None, (entry.place, entry.publisher)))
    return escape(publisher) if publisher else None


def _date(entry: Entry, language: Language) -> Markup | None:
    year_given = entry.authors and language.year_after_authors and len(entry.date or "") == 4
    if not entry.date or year_given:
        return None
    return escape(format_date(entry.date, language))


def _isbn(entry: Entry) -> Markup | None:
    return Markup("ISBN{}{}").format(_NBSP, entry.isbn) if entry.isbn else None


def _license(entry: Entry, language: Language) -> Markup | None:
    return escape(label(f"cite.license.{entry.license}", language)) if entry.license else None


def _with_page(parts: list[Markup], entry: Entry, language: Language) -> list[Markup]:
    """ "Brooks, p. 139": the entry's page belongs to the part that precedes it."""
    if not entry.pages:
        return parts
    located = escape(format_locator(f"p. {entry.pages}", language))
    return [*parts[:-1], Markup("{}, {}").format(parts[-1], located)] if parts else [located]


_BEFORE_PAGE = (_authors, _title, _collection, _site, _publisher, _date)


def _links(entry: Entry, language: Language) -> Markup:
    """The archive's captures and the other places to read the source, after the reference."""
    text = Markup("")
    if entry.archive:
        text += Markup(' <a class="reference-archive" href="{}">{}</a>.').format(
            entry.archive, label("cite.archives", language)
        )
    if entry.also:
        links = Markup(", ").join(
            Markup('<a href="{}">{}</a>').format(url, urlsplit(url).hostname or url)
            for url in entry.also
        )
        text += Markup(" {} {}.").format(label("cite.also", language), links)
    return text


def _join(parts: list[Markup], separator: str) -> Markup:
    """Join parts, without doubling a full stop after a part that already ends one."""
    out = Markup("")
    for part in parts:
        if out:
            ends = separator.startswith(".") and _ends_sentence(out)
            out += Markup(" " if ends else separator)
        out += part
    return out


def _end_sentence(text: Markup) -> Markup:
    return text if _ends_sentence(text) else text + Markup(".")


def _ends_sentence(text: Markup) -> bool:
    plain = re.sub(r"<[^>]+>", "", str(text)).rstrip()
    return plain.endswith((".", "?", "!", "…"))
