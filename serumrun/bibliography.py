"""The site's bibliography (data/bibliography.yml): loading, validation and formatting.

One file serves both languages. It is read with `yaml.safe_load` and validated once;
`yaml.compose` of the same text gives each node's line, so that every error names the
file and the line to fix (`data/bibliography.yml:42: ...`).

What the file may promise a reader (CONTRIBUTING.md, "Cite"):

* an access date (`accessed`) only where an original reference of the source documents
  records one: nobody recorded when each other page was read, so the references page
  says once when and how the sources were checked;
* an archive link only as the Wayback Machine's list of captures
  (`https://web.archive.org/web/*/URL`), never a dated capture that nobody checked;
* no link to a site that hosts unauthorized copies of books, or to a mirror of
  Wikipedia (`DENIED_DOMAINS`): a book is cited as a book, Wikipedia as Wikipedia;
* a title we made up (the page has none) is a `supplied_title`, in both languages,
  shown in square brackets and marked as supplied.

Formatting follows the conventions of each language: English in the manner of
Wikipedia's citation templates ("Retrieved 26 February 2007"), French in the manner of
Wikipédia's (« consulté le 26 février 2007 »). Words come from data/labels.yml (keys
`cite.*`); typography (quotes, separators) is each language's rules (data/languages.yml), month
names are CLDR's, and every text of the data gets its language's spacing
(serumrun.typography.localized).
Every formatted string is HTML-safe (`markupsafe.Markup`); plain-text forms are for
attributes such as `aria-label`, which the caller escapes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from babel import Locale
from markupsafe import Markup, escape

from serumrun import dates, yamlio
from serumrun.labels import label
from serumrun.project import current
from serumrun.typography import localized

#: Kinds of source. Titles of the first group are quoted, of the second italicised.
QUOTED_TYPES = frozenset(
    {"article", "web", "encyclopedia", "sign", "press-release", "dictionary", "chapter"}
)
ITALIC_TYPES = frozenset({"book", "film", "map", "photograph"})
TYPES = QUOTED_TYPES | ITALIC_TYPES | {"unidentified"}

#: How sure the identification of an original reference is.
STATUSES = ("identified", "probable", "not-identified")

KEY_RE = re.compile(r"[a-z0-9](?:[a-z0-9_.:-]*[a-z0-9])?")
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: The one archive address the file may give: the Wayback Machine's list of captures.
ARCHIVE_PREFIX = "https://web.archive.org/web/*/"

#: Hosts the site never links (a sub-domain counts), with the reason given to the
#: contributor. Reader sites copy copyrighted books without permission, and their page
#: numbers are not the book's; mirrors of Wikipedia are not where a reader should go.
DENIED_DOMAINS: dict[str, str] = {
    **dict.fromkeys(
        (
            "bookreadfree.com",
            "libcat.ru",
            "freenovelread.com",
            "trantor.is",
            "documents.pub",
            "docslib.org",
            "pdfslide.fr",
        ),
        "a site hosting unauthorized copies of books; cite the book as a book "
        "(authors, title, publisher, year, ISBN, chapter or part), without a link",
    ),
    **dict.fromkeys(
        (
            "handwiki.org",
            "owiki.org",
            "wikisum.wiki",
            "wikibrief.org",
            "wikimili.com",
            "factsnippet.com",
            "liquisearch.com",
            "en-academic.com",
            "zxc.wiki",
            "osmarks.net",
        ),
        "a mirror of Wikipedia; cite the Wikipedia article itself",
    ),
}

_STRING_FIELDS = (
    "title",
    "short",
    "site",
    "publisher",
    "place",
    "isbn",
    "url",
    "language",
    "license",
    "pages",
    "original",
    "collection",  # a chapter's book
    "collection_by",  # the name the book is published under
)
_DATE_FIELDS = ("date", "accessed")
_LIST_FIELDS = ("authors", "also")
_BILINGUAL_FIELDS = ("note", "identification", "supplied_title")
_KNOWN_FIELDS = frozenset(
    {
        "key",
        "type",
        "status",
        "archive",
        *_STRING_FIELDS,
        *_DATE_FIELDS,
        *_LIST_FIELDS,
        *_BILINGUAL_FIELDS,
    }
)


class BibliographyError(ValueError):
    """The bibliography cannot be used: the message names the file, the line and the problem."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        where = _display_path(self.path) + (f":{line}" if line else "")
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Entry:
    """One source. Dates are ISO strings, possibly partial ('2003', '2017-02')."""

    key: str
    type: str
    line: int
    authors: tuple[str, ...] = ()
    title: str | None = None
    short: str | None = None
    site: str | None = None
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
    return parse(path.read_text(encoding="utf-8"), path)


def parse(text: str, path: Path | str) -> dict[str, Entry]:
    """Validate the YAML text of a bibliography and return its entries by key."""
    try:
        data, root = yamlio.load_with_nodes(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = f"malformed YAML: {exc.problem or exc}"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            problem += f" ({exc.context}, from line {exc.context_mark.line + 1})"
        raise BibliographyError(path, line, problem) from None
    except yaml.YAMLError as exc:
        raise BibliographyError(path, None, f"malformed YAML: {exc}") from None
    if root is None:
        raise BibliographyError(path, 1, "the bibliography is empty (expected a list of entries)")
    if not isinstance(root, yaml.SequenceNode):
        raise BibliographyError(path, _line(root), "expected a list of entries (- key: ...)")
    entries: dict[str, Entry] = {}
    for item, node in zip(data, root.value, strict=True):
        entry = _entry(item, node, path)
        if entry.key in entries:
            first = entries[entry.key].line
            raise BibliographyError(
                path, entry.line, f"duplicate key {entry.key!r} (first defined at line {first})"
            )
        entries[entry.key] = entry
    return entries


def _entry(item: object, node: yaml.Node, path: Path | str) -> Entry:
    if not isinstance(node, yaml.MappingNode) or not isinstance(item, dict):
        raise BibliographyError(path, _line(node), "each entry must be a mapping (key: value)")
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        name = key_node.value
        if name in fields:
            raise BibliographyError(
                path, _line(key_node), f"field {name!r} given twice in the same entry"
            )
        if name not in _KNOWN_FIELDS:
            raise BibliographyError(path, _line(key_node), f"unknown field {name!r}")
        fields[name] = value_node
    start = _line(node)

    def fail(name: str, problem: str) -> BibliographyError:
        return BibliographyError(path, _line(fields[name]) if name in fields else start, problem)

    key = item.get("key")
    if "key" not in fields:
        raise fail("key", "entry without a 'key'")
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        raise fail("key", f"bad key {key!r}: lower-case letters, digits and - _ . : only")
    what = f"entry {key!r}"
    if "type" not in fields:
        raise fail("type", f"{what} has no 'type' (one of: {', '.join(sorted(TYPES))})")
    kind = item["type"]
    if kind not in TYPES:
        raise fail("type", f"{what}: unknown type {kind!r} (one of: {', '.join(sorted(TYPES))})")

    values: dict[str, object] = {"key": key, "type": kind, "line": start}
    for name in _STRING_FIELDS:
        if name in fields:
            value = item[name]
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = fields[name].value  # a bare number (pages: 139) is text here
            if not isinstance(value, str) or not value.strip():
                raise fail(name, f"{what}: {name!r} must be a non-empty string")
            values[name] = value
    for name in _DATE_FIELDS:
        if name in fields:
            values[name] = _date(fields[name], path, f"{what}: {name!r}")
    if "accessed" in values and len(values["accessed"]) != len("YYYY-MM-DD"):
        raise fail("accessed", f"{what}: 'accessed' must be a full date (YYYY-MM-DD)")
    for name in _LIST_FIELDS:
        if name in fields:
            value = item[name] if item[name] is not None else []
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise fail(name, f"{what}: {name!r} must be a list of strings")
            values[name] = tuple(value)
    for name in _BILINGUAL_FIELDS:
        if name in fields:
            value = item[name]
            if (
                not isinstance(value, dict)
                or set(value) != set(current().languages)
                or not all(isinstance(v, str) and v.strip() for v in value.values())
            ):
                raise fail(
                    name,
                    f"{what}: {name!r} needs a text for each language: "
                    + ", ".join(current().languages),
                )
            values[name] = dict(value)

    status = item.get("status")
    if "status" in fields and status not in STATUSES:
        raise fail("status", f"{what}: unknown status {status!r} (one of: {', '.join(STATUSES)})")
    values["status"] = status
    if "original" in fields:
        for name in ("status", "identification"):
            if name not in fields:
                raise fail(name, f"{what} keeps an original reference but has no {name!r}")
    elif "status" in fields or "identification" in fields:
        name = "status" if "status" in fields else "identification"
        raise fail(name, f"{what}: {name!r} belongs to an original reference ('original' missing)")
    if "title" in fields and "supplied_title" in fields:
        raise fail("supplied_title", f"{what} has both a 'title' and a 'supplied_title'")
    if str(values.get("title", "")).startswith("["):
        raise fail(
            "title",
            f"{what}: a title in brackets is one we supplied: write it as 'supplied_title' "
            f"with a text for each language ({', '.join(current().languages)}), "
            "without the brackets",
        )
    titled = "title" in fields or "supplied_title" in fields
    if not titled and status != "not-identified":
        raise fail(
            "title",
            f"{what} has no 'title' or 'supplied_title' "
            "(only a not-identified reference may lack one)",
        )
    if not titled and not values.get("short") and not values.get("authors"):
        raise fail("short", f"{what} has no 'title', 'authors' or 'short' to name it by")

    if "url" in values and not str(values["url"]).startswith(("http://", "https://")):
        raise fail("url", f"{what}: 'url' must be an http(s) address")
    also_nodes = fields["also"].value if isinstance(fields.get("also"), yaml.SequenceNode) else []
    for index, address in enumerate(values.get("also", ())):
        where = _line(also_nodes[index]) if index < len(also_nodes) else _line(fields["also"])
        if not address.startswith(("http://", "https://")):
            raise BibliographyError(
                path, where, f"{what}: 'also' must list http(s) addresses, not {address!r}"
            )
        _refuse_denied(address, path, where, f"{what}: 'also'")
    if "url" in values:
        _refuse_denied(values["url"], path, _line(fields["url"]), f"{what}: 'url'")
    if "accessed" in values and "original" not in fields:
        raise fail(
            "accessed",
            f"{what}: 'accessed' is only for an original reference that records when it was "
            "read; nobody recorded it for this source (the references page says once when "
            "the sources were checked)",
        )
    if "archive" in fields:
        archive = item["archive"]
        if "url" not in values:
            raise fail("archive", f"{what} has an 'archive' but no 'url'")
        if archive != wayback(values["url"]):
            raise fail(
                "archive",
                f"{what}: 'archive' must be the list of the Wayback Machine's captures of its "
                f"url, {wayback(values['url'])}, not a dated capture that nobody checked",
            )
        values["archive"] = archive
    if (kind == "chapter") != ("collection" in values):
        raise fail(
            "collection" if kind == "chapter" else "type",
            f"{what}: a 'chapter' names its book in 'collection', and only a chapter does",
        )
    if "language" in values and values["language"] not in Locale("en").languages:
        raise fail(
            "language",
            f"{what}: found language {values['language']!r}, expected a language code "
            "of CLDR such as 'en', 'fr', 'de'",
        )
    if "license" in values and values["license"] not in _LICENCES:
        raise fail("license", f"{what}: unknown license {values['license']!r}")
    return Entry(**values)


def denied_reason(address: str) -> str | None:
    """Why the site never links `address` (its host or a parent domain is denied), or None."""
    host = (urlsplit(address).hostname or "").rstrip(".").lower()
    for domain, reason in DENIED_DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return f"{domain} is {reason}"
    return None


def _refuse_denied(address: str, path: Path | str, line: int, what: str) -> None:
    reason = denied_reason(address)
    if reason:
        raise BibliographyError(path, line, f"{what} links {address}: {reason}")


def _date(node: yaml.Node, path: Path | str, what: str) -> str:
    # The scalar's own text: an unquoted 2007-02-26 would otherwise become a date object.
    text = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    match = _DATE_RE.fullmatch(text)
    if match:
        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            match = None
    if not match:
        raise BibliographyError(
            path, _line(node), f"{what}: bad date {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    return text


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _display_path(path: Path) -> str:
    return current().display(path)


def wayback(url: str) -> str:
    """The Wayback Machine's list of every capture of `url` (none promised to exist)."""
    return ARCHIVE_PREFIX + url


# --- Formatting ------------------------------------------------------------------------


_NBSP = "\u00a0"


_LICENCES = ("public-domain",)


def format_date(iso: str, lang: str) -> str:
    """'2007-02-26' -> '26 February 2007' / '26 février 2007'; '2017-02' -> 'February 2017'."""
    return dates.iso_date(iso, lang)


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
        source = entry.site or entry.publisher
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
        parts.append(Markup("{}<cite>{}</cite>").format(f"{prefix} " if prefix else "", entry.site))
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
