"""The site's bibliography (data/bibliography.yml): loading, validation and formatting.

One file serves both languages. It is validated once by the model of
serumrun.citations.bibliography_schema (what an entry may promise a reader, and every problem of
the file at once, each with its line: `data/bibliography.yml:42: ...`).

Formatting follows the conventions of each language: English in the manner of
Wikipedia's citation templates ("Retrieved 26 February 2007"), French in the manner of
Wikipédia's (« consulté le 26 février 2007 »). Words come from data/labels.yml (keys
`cite.*`); typography (quotes, separators) is each language's rules (data/languages.yml), month
names are CLDR's, and every text of the data gets its language's spacing
(serumrun.l10n.typography.localized).
Every formatted string is HTML-safe (`markupsafe.Markup`); plain-text forms are for
attributes such as `aria-label`, which the caller escapes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale
from markupsafe import Markup, escape

from serumrun.citations import bibliography_schema
from serumrun.citations.bibliography_schema import (  # noqa: F401 (ARCHIVE_PREFIX, KEY_RE: used by callers)
    ARCHIVE_PREFIX,
    ITALIC_TYPES,
    KEY_RE,
    QUOTED_TYPES,
    STATUSES,
    TYPES,
    BibliographyError,
    denied_reason,
    wayback,
)
from serumrun.citations.l10n_bridge import iso_date, label, localized
from serumrun.project import current


@dataclass(frozen=True)
class Entry:
    """One source. Dates are ISO strings, possibly partial ('2003', '2017-02')."""

    key: str
    type: str
    line: int
    authors: tuple[str, ...] = ()
    title: str | None = None
    short: str | None = None
    site: str | dict[str, str] | None = field(default=None, hash=False)  # or by language
    publisher: str | None = None
    place: str | None = None
    date: str | None = None
    isbn: str | None = None
    url: str | None = None
    also: tuple[str, ...] = ()
    accessed: str | None = None
    archive: str | None = None
    language: str | None = None
    license: str | None = None
    pages: str | None = None
    collection: str | None = None
    collection_by: str | None = None
    note: dict[str, str] | None = field(default=None, hash=False)
    original: str | None = None
    status: str | None = None
    identification: dict[str, str] | None = field(default=None, hash=False)
    supplied_title: dict[str, str] | None = field(default=None, hash=False)

    @property
    def is_original(self) -> bool:
        """True for the references carried by the source documents themselves."""
        return self.original is not None

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None


# --- Loading and validation ----------------------------------------------------------


def load(path: Path | str | None = None) -> dict[str, Entry]:
    """The entries of a bibliography file (default: the project's) by key, in file order;
    validated, cached by mtime."""
    path = Path(path) if path is not None else current().bibliography
    try:
        stat = path.stat()
    except OSError as exc:
        raise BibliographyError(
            path, None, f"cannot read the bibliography ({exc.strerror})"
        ) from None
    return _load_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_cached(path: Path, _mtime_ns: int, _size: int) -> dict[str, Entry]:
    return parse(path)


def parse(path: Path) -> dict[str, Entry]:
    """Validate a bibliography file and return its entries by key, in file order."""
    context = {
        "languages": current().languages,
        "source_languages": Locale("en").languages,  # any language CLDR names
        "licences": _LICENCES,
    }
    return {
        model.key: Entry(line=line, **model.model_dump(exclude_none=True))
        for model, line in bibliography_schema.validate(path, context)
    }


def _site(entry: Entry, lang: str) -> str | None:
    """The site's name in `lang`: one name for all, or one per language."""
    return entry.site[lang] if isinstance(entry.site, dict) else entry.site


#: A work's title inside a note: *Title* (no asterisk inside; linear).
_NOTE_TITLE_RE = re.compile(r"\*([^*\n]+)\*")


def note_html(text: str, lang: str) -> Markup:
    """A note in `lang`, with its typography: each *Title* in <cite>, everything else
    escaped."""
    text = localized(text, lang)
    parts, start = [], 0
    for match in _NOTE_TITLE_RE.finditer(text):
        parts += [escape(text[start : match.start()]), Markup("<cite>{}</cite>").format(match[1])]
        start = match.end()
    parts.append(escape(text[start:]))
    return Markup("").join(parts)


# --- Formatting ------------------------------------------------------------------------


_NBSP = "\u00a0"


_LICENCES = ("public-domain",)


def format_date(iso: str, lang: str) -> str:
    """'2007-02-26' -> '26 February 2007' / '26 février 2007'; '2017-02' -> 'February 2017'."""
    return iso_date(iso, lang)


def join_names(names: list[str] | tuple[str, ...], lang: str) -> str:
    """'A', 'A and B', 'A, B and C' (French: « et »)."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {label('cite.and', lang)} {names[-1]}"


def family_name(author: str) -> str:
    """'Salisbury, Gay' -> 'Salisbury'; a corporate author is kept whole."""
    return author.split(",", 1)[0].strip()


def display_name(author: str) -> str:
    """'Salisbury, Gay' -> 'Gay Salisbury'; a corporate author is kept whole."""
    family, _, given = author.partition(",")
    return f"{given.strip()} {family.strip()}" if given.strip() else family.strip()


_LOCATOR_RE = re.compile(r"(?P<term>pages?|pp?)(?:\.\s*|\s+)(?P<value>\S.*)", re.IGNORECASE)


def format_locator(locator: str | None, lang: str) -> str:
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
    return f"{label('cite.pages' if plural else 'cite.page', lang)}{_NBSP}{value}"


def short_reference(entry: Entry, lang: str, locator: str | None = None) -> str:
    """Plain-text short form for a marker: 'Salisbury and Salisbury 2003, p. 187'."""
    if entry.short:
        text = entry.short
    elif entry.authors:
        families = [family_name(a) for a in entry.authors]
        names = families if len(families) <= 2 else [f"{families[0]} {label('cite.et-al', lang)}"]
        text = join_names(names[:2], lang) if len(names) == 2 else names[0]
        if entry.year:
            text += f" {entry.year}"
        elif entry.title:  # 'Jensen' alone would not tell his pages apart
            text += f", {_plain_title(entry, lang)}"
    else:
        title = _plain_title(entry, lang)
        source = _site(entry, lang) or entry.publisher
        text = f"{source}, {title}" if source else title
        if entry.year:
            text += f", {entry.year}"
    located = format_locator(locator, lang)
    return f"{text}, {located}" if located else text


def _own_title(entry: Entry, lang: str) -> str:
    """The source's title, with the page language's spacing if the source is in it."""
    title = entry.title or ""
    return localized(title, lang) if entry.language == lang else title


def _plain_title(entry: Entry, lang: str) -> str:
    c = current().language(lang)  # data/languages.yml
    if entry.supplied_title:
        return f"[{localized(entry.supplied_title[lang], lang)}]"
    return f"{c.open_quote}{_own_title(entry, lang)}{c.close_quote}"


def format_entry(entry: Entry, lang: str) -> Markup:
    """The full reference of an entry in `lang`, as safe HTML (links open the source)."""
    c = current().language(lang)  # data/languages.yml
    parts: list[Markup] = []
    if entry.authors:
        # The first author family name first, as a bibliography is read alphabetically.
        names = [entry.authors[0].strip(), *(display_name(a) for a in entry.authors[1:])]
        head = escape(join_names(names, lang))
        if entry.year and c.year_after_authors:
            head += Markup(" ({})").format(entry.year)
        parts.append(head)
    elif entry.short and not (entry.title or entry.supplied_title):
        parts.append(escape(entry.short))
    if entry.title or entry.supplied_title:
        title = _title_html(entry, lang)
        remarks = [label("cite.supplied", lang)] if entry.supplied_title else []
        source_language = entry.language or current().default_language
        if source_language != lang:  # "in French" / « en anglais », CLDR's name
            name = current().language(lang).locale.languages[source_language]
            remarks.append(label("cite.language", lang).format(language=name))
        if remarks:
            title += Markup(" ({})").format(", ".join(remarks))
        parts.append(title)
    if entry.collection:  # "In Mike Dillingham, Alaska Dogs and Iditarod Mushers"
        by = f"{entry.collection_by}, " if entry.collection_by else ""
        parts.append(
            Markup("{} {}<cite>{}</cite>").format(label("cite.in", lang), by, entry.collection)
        )
    if entry.site:
        prefix = label("cite.on", lang) if entry.type in QUOTED_TYPES else ""
        parts.append(
            Markup("{}<cite>{}</cite>").format(f"{prefix} " if prefix else "", _site(entry, lang))
        )
    publisher = c.publisher_separator.join(p for p in (entry.place, entry.publisher) if p)
    if publisher:
        parts.append(escape(publisher))
    if entry.date and not (entry.authors and c.year_after_authors and len(entry.date) == 4):
        parts.append(escape(format_date(entry.date, lang)))
    if entry.pages:  # "Brooks, p. 139": a page belongs to what precedes it
        located = escape(format_locator(f"p. {entry.pages}", lang))
        parts[-1:] = [Markup("{}, {}").format(parts[-1], located)] if parts else [located]
    if entry.isbn:
        parts.append(Markup("ISBN{}{}").format(_NBSP, entry.isbn))
    if entry.license:
        parts.append(escape(label(f"cite.license.{entry.license}", lang)))
    text = _join(parts, c.reference_separator)
    if entry.accessed:
        retrieved = label("cite.retrieved", lang).format(date=format_date(entry.accessed, lang))
        if c.retrieved_in_parentheses:
            text += Markup(" ({})").format(retrieved)
        else:
            text = _join([text, escape(retrieved)], c.reference_separator)
    text = _end_sentence(text)
    if entry.archive:
        text += Markup(' <a class="reference-archive" href="{}">{}</a>.').format(
            entry.archive, label("cite.archives", lang)
        )
    if entry.also:
        links = Markup(", ").join(
            Markup('<a href="{}">{}</a>').format(url, urlsplit(url).hostname or url)
            for url in entry.also
        )
        text += Markup(" {} {}.").format(label("cite.also", lang), links)
    return text


def sort_key(entry: Entry) -> str:
    """Alphabetical order of a bibliography: first author's family name, else the title."""
    supplied = entry.supplied_title[current().default_language] if entry.supplied_title else None
    text = (
        family_name(entry.authors[0])
        if entry.authors
        else (entry.title or supplied or entry.short or "")
    )
    text = unicodedata.normalize("NFKD", text.lstrip("[“«‘'\" "))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _title_html(entry: Entry, lang: str) -> Markup:
    c = current().language(lang)  # data/languages.yml
    title = _own_title(entry, lang)
    if entry.supplied_title:  # a description of ours, not the source's title
        inner = Markup("[{}]").format(localized(entry.supplied_title[lang], lang))
    elif entry.type in ITALIC_TYPES:
        inner = Markup("<cite>{}</cite>").format(title)
    else:
        inner = Markup("{}{}{}").format(c.open_quote, title, c.close_quote)
    if entry.url:
        return Markup('<a href="{}">{}</a>').format(entry.url, inner)
    return inner


def _join(parts: list[Markup], separator: str) -> Markup:
    """Join parts, without doubling a full stop after a part that already ends one."""
    out = Markup("")
    for part in parts:
        if out:
            if separator.startswith(".") and _ends_sentence(out):
                out += Markup(" ")
            else:
                out += Markup(separator)
        out += part
    return out


def _end_sentence(text: Markup) -> Markup:
    return text if _ends_sentence(text) else text + Markup(".")


def _ends_sentence(text: Markup) -> bool:
    plain = re.sub(r"<[^>]+>", "", str(text)).rstrip()
    return plain.endswith((".", "?", "!", "…"))


__all__ = [
    "BibliographyError",
    "Entry",
    "STATUSES",
    "TYPES",
    "display_name",
    "family_name",
    "format_date",
    "format_entry",
    "format_locator",
    "localized",
    "denied_reason",
    "join_names",
    "load",
    "parse",
    "short_reference",
    "sort_key",
    "wayback",
]
