"""The values of the relay's data files: texts, ids, numbers, dates, citation keys.

Each is an annotated type of pydantic whose validator gives the project's message
(`bad number 'thirty'`, `{what}` standing for the item: serumrun.schema); the models of
serumrun.relay.data and serumrun.relay.people are made of them. Texts and citation
lists need the validation context: `languages` (of the site, the default first) and
`citation_keys` (of the bibliography).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, PlainValidator
from pydantic import ValidationInfo as Info
from pydantic_core import PydanticCustomError

from serumrun import schema
from serumrun.citations.extension import scan_citations
from serumrun.schema import fail

#: Where places and map features may lie (south, north latitude; west, east longitude):
#: the box of the map's geodata (scripts/make_geodata.py, BOX) less the room the frame of
#: scripts/make_map.py keeps round the places for names, the scale bar and the inset.
MAP_EXTENT = {"lat": (Decimal("61.0"), Decimal("66.5")), "lon": (Decimal(-167), Decimal(-146))}

PLACE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)\Z")
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


# --- The values ------------------------------------------------------------------------


def string(value: object) -> str:
    if isinstance(value, dict | list):
        raise fail("expected a single value")
    if isinstance(value, bool):
        raise fail(f"found {str(value).lower()}, expected text (quote it)")
    text = "" if value is None else str(value).strip()
    if not text:
        raise fail("empty")
    control = _CONTROL.search(text)
    if control:
        raise fail(f"found U+{ord(control.group()):04X}, expected text without control characters")
    return text


def _id(value: object, info: Info) -> str:
    text = string(value)
    if not PLACE_ID.match(text):
        # An item's own id is named 'place 2: id' (`where` names the item by number).
        field = ": id" if info.field_name == "id" else ""
        raise fail(f"{{what}}{field} {text!r} must be lowercase words joined by '-'")
    return text


def _number(value: object, low: int | None = None, high: int | None = None) -> Decimal:
    """A number from `low` to `high`; above `low` if there is no `high` (a distance)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise fail(f"bad number {schema.found(value)}")
    if high is not None and not low <= value <= high:
        raise fail(f"bad number {value} (must be between {low} and {high})")
    if high is None and low is not None and value <= low:
        raise fail(f"bad number {value} (must be more than {low})")
    return Decimal(value)


def _on_map(key: str):
    """A latitude or longitude inside MAP_EXTENT: a number check, no geometry."""
    low, high = MAP_EXTENT[key]
    limit = 90 if key == "lat" else 180

    def check(value: object) -> Decimal:
        number = _number(value, -limit, limit)
        if not low <= number <= high:
            raise fail(
                f"{number} is outside the map (from {low} to {high}; "
                "the map's geodata covers no more)"
            )
        return number

    return BeforeValidator(check)


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise fail(f"bad number {schema.found(value)} (a whole number from 1)")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise fail(f"expected true or false, found {schema.found(value)}")
    return value


def one_of(*choices: str):
    def check(value: object) -> str:
        text = string(value)
        if text not in choices:
            raise fail(f"{text!r} is not one of {', '.join(choices)}")
        return text

    return BeforeValidator(check)


def _unknown_keys(found: list[tuple[schema.Loc, str]], info: Info) -> list[tuple[schema.Loc, str]]:
    """(location, key) of each key found that the bibliography lacks, as problems."""
    known = info.context["citation_keys"]
    return [
        (
            loc,
            f"unknown citation key {key!r}{schema.did_you_mean(key, known)} "
            "(keys come from data/bibliography.yml)",
        )
        for loc, key in found
        if key not in known
    ]


def localized(value: object, info: Info, *, shared_ok: bool) -> dict[str, str]:
    """A text in every language: {en: ..., fr: ...}; a plain value too if `shared_ok`."""
    languages = info.context["languages"]
    if shared_ok and not isinstance(value, dict | list):  # one text for every language
        text = string(value)
        schema.rules(_unknown_keys([((), key) for key in cited_keys(text)], info))
        return dict.fromkeys(languages, text)
    if not isinstance(value, dict):
        raise fail(f"expected a text per language ({', '.join(languages)})")
    texts, problems = _per_language(value, languages)
    found = [((lang,), key) for lang, text in texts.items() for key in cited_keys(text)]
    schema.rules(problems + _unknown_keys(found, info))
    return texts


def _per_language(value: dict, languages: Sequence[str]) -> tuple[dict[str, str], list]:
    """The texts of a mapping by language, in the site's order, and its problems."""
    problems: list[tuple[schema.Loc, str]] = [
        (
            (),
            f"unknown field {lang!r}{schema.did_you_mean(str(lang), languages)} "
            f"(fields: {', '.join(languages)})",
        )
        for lang in value
        if lang not in languages
    ]
    problems += [((), f"missing field {lang!r}") for lang in languages if lang not in value]
    texts = {}
    for lang in (lang for lang in languages if lang in value):
        try:
            texts[lang] = string(value[lang])
        except PydanticCustomError as exc:
            problems.append(((lang,), exc.message()))
    return texts, problems


def _cite(value: object, info: Info) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail("expected a list")
    if not value:
        raise fail("at least one citation key is needed")
    keys = tuple(string(item) for item in value)
    schema.rules(_unknown_keys([((n,), key) for n, key in enumerate(keys)], info))
    return keys


def _day(value: object) -> tuple[dt.date, bool]:
    """A date, or a month (1924-12) when the flag comes back True."""
    raw = string(value)
    match = _DATE.match(raw)
    try:
        if not match:
            raise ValueError
        year, month, day = match.groups()
        return dt.date(int(year), int(month), int(day or 1)), day is None
    except ValueError:
        raise fail(f"bad date {raw!r} (YYYY-MM-DD or YYYY-MM)") from None


def _span(value: object) -> When:
    if not isinstance(value, list):
        start, month_only = _day(value)
        return When(start, None, month_only)
    if len(value) != 2:
        raise fail("a range is [first day, last day]")
    (start, start_month), (end, end_month) = (_day(item) for item in value)
    if start_month or end_month:
        raise fail("a range needs whole dates (YYYY-MM-DD)")
    if end <= start:
        schema.rules([((1,), "the range ends before it starts")])
    return When(start, end)


def _time(value: object) -> dt.time:
    raw = string(value)
    match = _TIME.match(raw)
    if not match:
        raise fail(f'bad time {raw!r} (24-hour "HH:MM")')
    return dt.time(int(match.group(1)), int(match.group(2)))


Text = Annotated[str, BeforeValidator(string)]
Id = Annotated[str, BeforeValidator(_id)]
Whole = Annotated[int, BeforeValidator(_whole)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Texts = Annotated[dict[str, str], BeforeValidator(lambda v, i: localized(v, i, shared_ok=False))]
Name = Annotated[dict[str, str], BeforeValidator(lambda v, i: localized(v, i, shared_ok=True))]
Cite = Annotated[tuple[str, ...], BeforeValidator(_cite)]
Span = Annotated[When, PlainValidator(_span)]
Time = Annotated[dt.time, BeforeValidator(_time)]
Positive = Annotated[Decimal, BeforeValidator(lambda value: _number(value, 0))]
Number = Annotated[Decimal, BeforeValidator(_number)]
Latitude = Annotated[Decimal, _on_map("lat")]
Longitude = Annotated[Decimal, _on_map("lon")]
