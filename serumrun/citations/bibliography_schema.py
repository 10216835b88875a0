"""What data/bibliography.yml may say: the model of an entry and its rules.

What the file may promise a reader (CONTRIBUTING.md, "Cite"):

* an access date (`accessed`) only where an original reference of the source documents
  records one: nobody recorded when each other page was read, so the references page
  says once when and how the sources were checked;
* an archive link only as the Wayback Machine's list of captures
  (`https://web.archive.org/web/*/URL`), never a dated capture that nobody checked;
* no link to a site that hosts unauthorized copies of books, to a mirror of Wikipedia,
  or to a site that copied a newspaper or magazine article (`DENIED_DOMAINS`): a book is
  cited as a book, Wikipedia as Wikipedia, an article at its publisher or without a link;
* a title we made up (the page has none) is a `supplied_title`, in both languages,
  shown in square brackets and marked as supplied.

Validation reports every problem of the file at once, each at its line
(serumrun.schema); serumrun.citations.bibliography turns the valid entries into `Entry`s.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from babel import Locale
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    RootModel,
    model_validator,
)
from pydantic import ValidationInfo as Info

from serumrun import schema
from serumrun.mdsource import KEY_RE

#: Kinds of source. Titles of the first group are quoted, of the second italicised.
QUOTED_TYPES = frozenset(
    {"article", "web", "encyclopedia", "sign", "press-release", "dictionary", "chapter"}
)
ITALIC_TYPES = frozenset({"book", "film", "map", "photograph"})
TYPES = tuple(sorted(QUOTED_TYPES | ITALIC_TYPES | {"unidentified"}))
_CLDR_LANGUAGES = Locale("en").languages  # the language codes CLDR names

_DATE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
#: The one archive address the file may give: the Wayback Machine's list of captures.
ARCHIVE_PREFIX = "https://web.archive.org/web/*/"

#: Hosts the site never links (a sub-domain counts), with the reason given to the
#: contributor. Reader sites copy copyrighted books without permission, and their page
#: numbers are not the book's; mirrors of Wikipedia, and sites that republish other
#: publishers' articles, are not where a reader should go. A denylist, not an allowlist:
#: the bibliography links some ninety hosts, and each new source would need one more
#: entry; these are the kinds of host the project's sources were actually read through.
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
    **dict.fromkeys(
        (
            "ukobiw.net",  # the Los Angeles Times archive
            "theglobeherald.com",  # Ars Technica
            "mydogs.pet",
            "ncgovote.org",
            "topix.com",  # the Anchorage Daily News, through an aggregator
            "globalanimal.org",  # TIME, reprinted word for word
        ),
        "a site that copied an article it did not publish; link the article at its "
        "publisher (or the publisher's page in the Internet Archive), or give no url and "
        "say in the note where it was read",
    ),
}


class BibliographyError(schema.DataError, ValueError):
    """The bibliography cannot be used: each line names the file, the line and a problem."""


def denied_reason(address: str) -> str | None:
    """Why the site never links `address` (its host or a parent domain is denied), or None."""
    host = (urlsplit(address).hostname or "").rstrip(".").lower()
    for domain, reason in DENIED_DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return f"{domain} is {reason}"
    return None


def wayback(url: str) -> str:
    """The Wayback Machine's list of every capture of `url` (none promised to exist)."""
    return ARCHIVE_PREFIX + url


def _key(value: object) -> str:
    if not isinstance(value, str) or not KEY_RE.fullmatch(value):
        raise schema.fail(
            f"{{what}}: bad key {value!r}: lower-case letters, digits and - _ . : only"
        )
    return value


def _text(value: object, info: Info) -> str:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        value = str(value)  # a bare number (pages: 139) is text here
    if not isinstance(value, str) or not value.strip():
        raise schema.fail(f"{{what}}: {info.field_name!r} must be a non-empty string")
    return value


def _date(value: object, info: Info) -> str:
    scalar = isinstance(value, str | int | Decimal) and not isinstance(value, bool)
    text = str(value) if scalar else ""  # as written: 2003, 2007-02-26 are not reread
    try:
        if _DATE_RE.fullmatch(text) and dt.date.fromisoformat((text + "-01-01")[:10]):
            return text
    except ValueError:  # a day or a month that does not exist
        pass
    raise schema.fail(
        f"{{what}}: {info.field_name!r}: bad date {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    )


def _full_date(value: str) -> str:
    if len(value) != len("YYYY-MM-DD"):
        raise schema.fail("{what}: 'accessed' must be a full date (YYYY-MM-DD)")
    return value


def _bilingual(value: object, info: Info) -> dict[str, str]:
    languages = info.context["languages"]
    if (
        not isinstance(value, dict)
        or set(value) != set(languages)
        or not all(isinstance(v, str) and v.strip() for v in value.values())
    ):
        raise schema.fail(
            f"{{what}}: {info.field_name!r} needs a text for each language: " + ", ".join(languages)
        )
    return dict(value)


def _address(value: str, info: Info) -> str:
    """An http(s) address, on a host the site may link."""
    if not value.startswith(("http://", "https://")):
        raise schema.fail(
            f"{{what}}: {info.field_name!r}: found {value!r}, expected an http(s) address"
        )
    if reason := denied_reason(value):
        raise schema.fail(f"{{what}}: {info.field_name!r} links {value}: {reason}")
    return value


Text = Annotated[str, BeforeValidator(_text)]
Date = Annotated[str, BeforeValidator(_date)]
Bilingual = Annotated[dict[str, str], BeforeValidator(_bilingual)]


def _note(value: object, info: Info) -> dict[str, str]:
    """A note names a work by its title between asterisks (*The Cruelest Miles*), in italics."""
    texts = _bilingual(value, info)
    for lang, text in texts.items():
        if text.count("*") % 2:
            raise schema.fail(
                f"{{what}}: 'note' ({lang}): found an unpaired '*', expected a work's title "
                "between two: *Title*"
            )
    return texts


def _site(value: object, info: Info) -> str | dict[str, str]:
    """A site's name, or its name in each language (Wikipedia, Wikipédia)."""
    return _bilingual(value, info) if isinstance(value, dict) else _text(value, info)


class EntryModel(BaseModel):
    """One source as the file gives it (serumrun.citations.bibliography.Entry adds its line)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # A field left out is None (a default is not validated); one given empty is refused.
    key: Annotated[str, BeforeValidator(_key)] = None
    type: Literal[TYPES] = None
    #: How sure the identification of an original reference is.
    status: Literal["identified", "probable", "not-identified"] = None
    archive: Text = None
    title: Text = None
    short: Text = None
    site: Annotated[str | dict[str, str], BeforeValidator(_site)] = None
    publisher: Text = None
    place: Text = None
    isbn: Text = None
    url: Annotated[Text, AfterValidator(_address)] = None
    language: Text = None
    license: Literal["public-domain"] = None
    pages: Text = None
    original: Text = None
    collection: Text = None  # a chapter's book
    collection_by: Text = None  # the name the book is published under
    date: Date = None
    accessed: Annotated[Date, AfterValidator(_full_date)] = None
    authors: tuple[Text, ...] = ()
    also: tuple[Annotated[Text, AfterValidator(_address)], ...] = ()
    note: Annotated[dict[str, str], BeforeValidator(_note)] = None
    identification: Bilingual = None
    supplied_title: Bilingual = None

    @model_validator(mode="after")
    def _rules(self, info: Info) -> EntryModel:
        if self.key is None:
            schema.rules([("key", "{what} has no 'key'")])
        if self.type is None:
            schema.rules([("type", f"{{what}} has no 'type' (one of: {', '.join(TYPES)})")])
        schema.rules(
            [
                *self._original_rules(),
                *self._title_rules(info.context["languages"]),
                *self._archive_rules(),
                *self._value_rules(),
            ]
        )
        return self

    def _original_rules(self) -> list[tuple[str, str]]:
        given = [name for name in ("status", "identification") if getattr(self, name) is not None]
        if self.original is None:
            return [
                (name, f"{{what}}: {name!r} belongs to an original reference ('original' missing)")
                for name in given[:1]
            ]
        missing = [name for name in ("status", "identification") if name not in given]
        return [
            (name, f"{{what}} keeps an original reference but has no {name!r}")
            for name in missing[:1]
        ]

    def _title_rules(self, languages: tuple[str, ...]) -> list[tuple[str, str]]:
        untitled = self.title is None and self.supplied_title is None
        if self.title is not None and self.supplied_title is not None:
            return [("supplied_title", "{what} has both a 'title' and a 'supplied_title'")]
        if (self.title or "").startswith("["):
            return [("title", _BRACKETED.format(languages=", ".join(languages)))]
        if untitled and self.status != "not-identified":
            return [("title", _UNTITLED)]
        if untitled and not self.short and not self.authors:
            return [("short", "{what} has no 'title', 'authors' or 'short' to name it by")]
        return []

    def _archive_rules(self) -> list[tuple[str, str]]:
        problems = []
        if self.accessed is not None and self.original is None:
            problems.append(("accessed", _ACCESS_NOT_RECORDED))
        if self.archive is not None and self.url is None:
            problems.append(("archive", "{what} has an 'archive' but no 'url'"))
        elif self.archive is not None and self.archive != wayback(self.url):
            problems.append(("archive", _DATED_CAPTURE.format(captures=wayback(self.url))))
        return problems

    def _value_rules(self) -> list[tuple[str, str]]:
        problems = []
        if (self.type == "chapter") != (self.collection is not None):
            problems.append(
                (
                    "collection" if self.type == "chapter" else "type",
                    "{what}: a 'chapter' names its book in 'collection', and only a chapter does",
                )
            )
        if self.language is not None and self.language not in _CLDR_LANGUAGES:
            problems.append(
                (
                    "language",
                    f"{{what}}: found language {self.language!r}, expected a language code "
                    "of CLDR such as 'en', 'fr', 'de'",
                )
            )
        return problems


_BRACKETED = (
    "{{what}}: a title in brackets is one we supplied: write it as 'supplied_title' with a "
    "text for each language ({languages}), without the brackets"
)
_UNTITLED = (
    "{what} has no 'title' or 'supplied_title' (only a not-identified reference may lack one)"
)
_ACCESS_NOT_RECORDED = (
    "{what}: 'accessed' is only for an original reference that records when it was read; "
    "nobody recorded it for this source (the references page says once when the sources "
    "were checked)"
)
_DATED_CAPTURE = (
    "{{what}}: 'archive' must be the list of the Wayback Machine's captures of its url, "
    "{captures}, not a dated capture that nobody checked"
)


class BibliographyModel(RootModel[tuple[EntryModel, ...]]):
    """The file: a list of entries."""


def validate(path: Path, languages: tuple[str, ...]) -> list[tuple[EntryModel, int]]:
    """The entries of a bibliography file with their lines; every problem of the file
    raises one BibliographyError. `languages`: the site's."""
    data, root = schema.read(path, "bibliography", BibliographyError)
    if root is None:
        raise BibliographyError(path, 1, "the bibliography is empty (expected a list of entries)")
    if not isinstance(data, list):
        raise BibliographyError(path, schema.line(root), "expected a list of entries (- key: ...)")

    def where(loc: schema.Loc) -> str:
        if not loc:
            return ""
        key = data[loc[0]].get("key") if isinstance(data[loc[0]], dict) else None
        return (
            f"entry {key!r}"
            if isinstance(key, str) and KEY_RE.fullmatch(key)
            else f"entry {loc[0] + 1}"
        )

    context = {"languages": languages}
    model, problems = schema.validate(BibliographyModel, data, root, where, context)
    problems += _duplicates(data, root)
    if problems:
        raise BibliographyError(path, problems=sorted(problems, key=lambda p: p[0] or 0))
    return [(entry, schema.line(node)) for entry, node in zip(model.root, root.value, strict=True)]


def _duplicates(data: list, root) -> list[schema.Problem]:
    """Keys given to two entries: the second is named, with the line of the first."""
    first: dict[str, int] = {}
    problems = []
    for item, node in zip(data, root.value, strict=True):
        key = item.get("key") if isinstance(item, dict) else None
        if isinstance(key, str) and key in first:
            problems.append(
                (schema.line(node), f"duplicate key {key!r} (first defined at line {first[key]})")
            )
        elif isinstance(key, str):
            first[key] = schema.line(node)
    return problems
