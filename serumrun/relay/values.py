"""The values of the relay's data files: texts, ids, numbers, dates, citation keys.

Pydantic's own types and constraints carry them, and serumrun.schema words their
problems ('found X, expected Y'); a validator is written here only where pydantic has no
type: a text per language, a date as precise as the sources, a key of the bibliography.
Texts and citation lists need the validation context: `languages` (of the site, the
default first) and `citation_keys` (of the bibliography).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, Strict, WrapValidator
from pydantic import StringConstraints as Constraints
from pydantic import ValidationInfo as Info

from serumrun import schema
from serumrun.citations.extension import scan_citations
from serumrun.schema import fail

#: Where places and map features may lie (south, north latitude; west, east longitude):
#: the box of the map's geodata (scripts/make_geodata.py, BOX) less the room the frame of
#: scripts/make_map.py keeps round the places for names, the scale bar and the inset.
MAP_EXTENT = {"lat": (Decimal("61.0"), Decimal("66.5")), "lon": (Decimal(-167), Decimal(-146))}

PLACE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d\Z")
#: What no text of the data may hold: C0 and C1 controls (a YAML escape such as "\a" writes
#: them), which HTML and the map's SVG cannot carry; tabs and line breaks are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def citation(keys: tuple[str, ...]) -> str:
    """The Markdown citation of the sources `keys`: '[@a; @b]'."""
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


def cited_keys(text: str) -> list[str]:
    """The keys of the `[@key, p. 3; @other]` citations inside a text (the citation
    grammar of serumrun.citations.extension, the one every tool uses)."""
    return [cite.key for citation in scan_citations(text) for cite in citation]


@dataclass(frozen=True)
class When:
    """A date as precise as the sources: a month, a day, a range of days."""

    start: dt.date
    end: dt.date | None = None  # last day of a range
    month_only: bool = False

    @property
    def last(self) -> dt.date:
        return self.end or self.start

    def iso(self, time: dt.time | None = None) -> str:
        """The machine-readable value for <time datetime>: its first instant."""
        if self.month_only:
            return self.start.strftime("%Y-%m")
        if time is not None:
            return f"{self.start.isoformat()}T{time.strftime('%H:%M')}"
        return self.start.isoformat()


# --- Texts and ids ---------------------------------------------------------------------


def _printable(text: str) -> str:
    control = _CONTROL.search(text)
    if control:
        raise fail(f"found U+{ord(control.group()):04X}, expected text without control characters")
    return text


def _id(text: str) -> str:
    if not PLACE_ID.match(text):
        raise fail(f"found {text!r}, expected lowercase words joined by '-'")
    return text


Text = Annotated[str, Constraints(strip_whitespace=True, min_length=1), AfterValidator(_printable)]
Id = Annotated[Text, AfterValidator(_id)]


# --- Citations ---------------------------------------------------------------------------


def _cites_known(cited: list[str] | dict[str, str], info: Info) -> list[str] | dict[str, str]:
    """Every key cited, in a `cite` list or in the [@key] citations of texts, is a key of
    the bibliography."""
    if isinstance(cited, list):
        found = [((n,), key) for n, key in enumerate(cited)]
    else:
        found = [((lang,), key) for lang, text in cited.items() for key in cited_keys(text)]
    known = info.context["citation_keys"]
    schema.rules(
        [
            (
                loc,
                f"found unknown citation key {key!r}, expected a key of data/bibliography.yml"
                + schema.did_you_mean(key, known),
            )
            for loc, key in found
            if key not in known
        ]
    )
    return cited


#: A list, not a tuple, checked for its length: pydantic counts a tuple's valid items only.
Cite = Annotated[
    list[Text], Field(min_length=1), AfterValidator(_cites_known), AfterValidator(tuple)
]


# --- A text in every language ------------------------------------------------------------


def _every_language(texts: dict[str, str], info: Info) -> dict[str, str]:
    """The texts of the site's languages, in its order; no other language."""
    languages = info.context["languages"]
    schema.rules(
        [
            (
                (),
                f"unknown field {lang!r}{schema.did_you_mean(str(lang), languages)} "
                f"(fields: {', '.join(languages)})",
            )
            for lang in texts
            if lang not in languages
        ]
        + [((), f"missing field {lang!r}") for lang in languages if lang not in texts]
    )
    return {lang: texts[lang] for lang in languages}


def _shared(value: object, handler, info: Info) -> dict[str, str]:
    """A plain text (a name the same in every language) is each language's. It is validated
    as the text of the language '' (which the messages do not name), once."""
    if isinstance(value, dict):
        return handler(value)
    return dict.fromkeys(info.context["languages"], handler({"": value})[""])


Texts = Annotated[dict[str, Text], AfterValidator(_cites_known), AfterValidator(_every_language)]
Name = Annotated[
    dict[str, Text],
    AfterValidator(_cites_known),
    WrapValidator(_shared),
    AfterValidator(_every_language),
]


# --- Dates and times ---------------------------------------------------------------------


def _day(value: object) -> tuple[dt.date, bool]:
    """A date, or a month (1924-12) when the flag comes back True."""
    match = _DATE.match(value) if isinstance(value, str) else None
    try:
        year, month, day = match.groups()
        return dt.date(int(year), int(month), int(day or 1)), day is None
    except (AttributeError, ValueError):  # no match; no such day
        raise fail(
            f"found {schema.found(value)}, expected a date (YYYY-MM-DD or YYYY-MM)"
        ) from None


def _span(value: object) -> When:
    if not isinstance(value, list):
        start, month_only = _day(value)
        return When(start, None, month_only)
    if len(value) != 2:
        raise fail(f"found a list of {len(value)}, expected a range [first day, last day]")
    (start, start_month), (end, end_month) = (_day(item) for item in value)
    if start_month or end_month:
        raise fail("found a month in a range, expected whole dates (YYYY-MM-DD)")
    if end <= start:
        schema.rules([((1,), f"found {end}, expected a day after the range's first, {start}")])
    return When(start, end)


def _time(value: object) -> dt.time:
    if not isinstance(value, str) or not _TIME.match(value):
        raise fail(f'found {schema.found(value)}, expected a 24-hour time "HH:MM"')
    return dt.time.fromisoformat(value)


Span = Annotated[When, PlainValidator(_span)]
Time = Annotated[dt.time, BeforeValidator(_time)]


# --- Numbers -----------------------------------------------------------------------------

Whole = Annotated[int, Strict(), Field(ge=1)]
Flag = Annotated[bool, Strict()]
Positive = Annotated[Decimal, Field(gt=0)]  # a distance
Latitude = Annotated[Decimal, Field(ge=MAP_EXTENT["lat"][0], le=MAP_EXTENT["lat"][1])]
Longitude = Annotated[Decimal, Field(ge=MAP_EXTENT["lon"][0], le=MAP_EXTENT["lon"][1])]
