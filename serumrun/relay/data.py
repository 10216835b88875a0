"""The relay as data: data/relay.yml, its model, and the values its model is made of.

Everything the relay pages show (legs table, route map, timeline, inline totals) comes
from the one file data/relay.yml through `load_relay`. Kilometres and totals are
computed here and never stored; the sources' own totals are stored once in the file
and checked against the legs, so an edit that breaks the sum stops the build.

Each value is an annotated type whose validator gives the project's message (`bad number
'thirty'`); each model's rules relate its fields (a leg starts where the previous one
ended). Every problem of the file is reported at once, each at its line
(``data/relay.yml:142: leg 5: ...``, serumrun.schema). The validation context:
`languages` (of the site, the first is the default) and `citation_keys` (of the
bibliography); the places, once valid, join it so that a leg's `from` is its Place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic import ValidationInfo as Info
from pydantic_core import PydanticCustomError

from serumrun import schema
from serumrun.citations.extension import scan_citations
from serumrun.errors import SerumRunError
from serumrun.schema import fail

#: The international mile (exact since 1959). The fact check's conversions use 1.609: the per-leg
#: kilometres are the same with either, but 674 x 1.609 = 1,084.5 would round to
#: 1,084 km where the sources state 1,085, which is 674 x 1.609344.
KM_PER_MILE = Decimal("1.609344")
CONFIDENCE = ("VERIFIED", "APPROXIMATE")
MAP_LABELS = ("major", "minor")
FEATURE_KINDS = ("sea", "river", "land")
#: The rivers named in the map's geodata (scripts/make_geodata.py, NAMED_RIVERS).
MAP_RIVERS = ("Yukon", "Tanana")
#: Where places and map features may lie (south, north latitude; west, east longitude):
#: the box of the map's geodata (scripts/make_geodata.py, BOX) less the room the frame of
#: scripts/make_map.py keeps round the places for names, the scale bar and the inset.
MAP_EXTENT = {"lat": (Decimal("61.0"), Decimal("66.5")), "lon": (Decimal(-167), Decimal(-146))}

PLACE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)\Z")
#: The items of each list of the files, as messages name them ('leg 3', "place 'nome'").
_ITEMS = {
    "places": "place",
    "legs": "leg",
    "standby": "standby",
    "events": "event",
    "map_features": "map feature",
    "people": "person",
}


class RelayError(SerumRunError):
    """Base class of the errors of serumrun.relay; each one stops the build."""


class RelayDataError(schema.DataError, RelayError):
    """data/relay.yml (or people.yml) is wrong: each line starts with ``file:line:``."""


def miles_to_km(miles: Decimal) -> Decimal:
    """Kilometres at the precision of the miles: whole miles give whole km, 0.5 mi 0.8 km."""
    places = max(0, -miles.normalize().as_tuple().exponent)
    quantum = Decimal(1).scaleb(-places)
    return (miles * KM_PER_MILE).quantize(quantum, rounding=ROUND_HALF_UP)


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


def _string(value: object) -> str:
    if isinstance(value, dict | list):
        raise fail("expected a single value")
    if isinstance(value, bool):
        raise fail(f"found {str(value).lower()}, expected text (quote it)")
    text = "" if value is None else str(value).strip()
    if not text:
        raise fail("empty")
    return text


def _id(value: object, info: Info) -> str:
    text = _string(value)
    if not PLACE_ID.match(text):
        # An item's own id is named 'place 2: id' (`where` names the item by number).
        field = ": id" if info.field_name == "id" else ""
        raise fail(f"{{what}}{field} {text!r} must be lowercase words joined by '-'")
    return text


def _number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise fail(f"bad number {schema.found(value)}")
    return Decimal(value)


def _positive(value: object) -> Decimal:
    number = _number(value)
    if number <= 0:
        raise fail(f"bad number {value} (must be more than 0)")
    return number


def _not_negative(value: object) -> Decimal:
    number = _number(value)
    if number < 0:
        raise fail(f"bad number {value} (must be at least 0)")
    return number


def _on_map(key: str):
    """A latitude or longitude inside MAP_EXTENT: a number check, no geometry."""
    low, high = MAP_EXTENT[key]
    limit = 90 if key == "lat" else 180

    def check(value: object) -> Decimal:
        number = _number(value)
        if not -limit <= number <= limit:
            raise fail(f"bad number {value} (must be between -{limit} and {limit})")
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


def _one_of(*choices: str):
    def check(value: object) -> str:
        text = _string(value)
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
        text = _string(value)
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
            texts[lang] = _string(value[lang])
        except PydanticCustomError as exc:
            problems.append(((lang,), exc.message()))
    return texts, problems


def _cite(value: object, info: Info) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail("expected a list")
    if not value:
        raise fail("at least one citation key is needed")
    keys = tuple(_string(item) for item in value)
    schema.rules(_unknown_keys([((n,), key) for n, key in enumerate(keys)], info))
    return keys


def _day(value: object) -> tuple[dt.date, bool]:
    """A date, or a month (1924-12) when the flag comes back True."""
    raw = _string(value)
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
    raw = _string(value)
    match = _TIME.match(raw)
    if not match:
        raise fail(f'bad time {raw!r} (24-hour "HH:MM")')
    return dt.time(int(match.group(1)), int(match.group(2)))


def _place(value: object, info: Info) -> Place | None:
    """The place an id names; None while the places themselves are wrong (their own
    problems are reported)."""
    place_id = _string(value)
    places = info.context.get("places")
    if places is not None and place_id not in places:
        raise fail(f"unknown place {place_id!r}{schema.did_you_mean(place_id, places)}")
    return places and places[place_id]


Text = Annotated[str, BeforeValidator(_string)]
Id = Annotated[str, BeforeValidator(_id)]
Whole = Annotated[int, BeforeValidator(_whole)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Texts = Annotated[dict[str, str], BeforeValidator(lambda v, i: localized(v, i, shared_ok=False))]
Name = Annotated[dict[str, str], BeforeValidator(lambda v, i: localized(v, i, shared_ok=True))]
Cite = Annotated[tuple[str, ...], BeforeValidator(_cite)]
Span = Annotated[When, PlainValidator(_span)]
Time = Annotated[dt.time, BeforeValidator(_time)]
Latitude = Annotated[Decimal, _on_map("lat")]
Longitude = Annotated[Decimal, _on_map("lon")]


# --- The model of data/relay.yml ---------------------------------------------------------


class Model(BaseModel):
    # A field left out takes its default (not validated); one given empty is refused.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Place(Model):
    id: Id
    name: Name
    lat: Latitude
    lon: Longitude
    confidence: Annotated[str, _one_of(*CONFIDENCE)]
    note: Text
    map_label: Annotated[str, _one_of(*MAP_LABELS)] = None
    #: A river of the map's geodata the point is drawn on, at its nearest point: for
    #: positions interpolated along the trail (COORDS.md: "snap to the Yukon").
    map_snap: Annotated[str, _one_of(*MAP_RIVERS)] = None

    @property
    def approximate(self) -> bool:
        return self.confidence == "APPROXIMATE"

    @model_validator(mode="after")
    def _snap_approximate(self) -> Place:
        if self.map_snap is not None and not self.approximate:
            # a known position is drawn where it is
            schema.rules([("map_snap", "{what} needs an APPROXIMATE place")])
        return self


PlaceRef = Annotated[Place, PlainValidator(_place)]


class Feature(Model):
    """A sea, river or land named on the map for orientation; not part of the route."""

    name: Name
    lat: Latitude
    lon: Longitude
    kind: Annotated[str, _one_of(*FEATURE_KINDS)] = "sea"  # how the name is drawn
    map_label: Annotated[str, _one_of(*MAP_LABELS)] = "minor"  # major: also on phones


class Railway(Model):
    name: Name
    start: PlaceRef = Field(alias="from")
    end: PlaceRef = Field(alias="to")
    when: Span = Field(alias="date")
    cite: Cite
    note: Texts = None


class Leg(Model):
    number: Whole
    musher: Name
    start: PlaceRef = Field(alias="from")
    end: PlaceRef = Field(alias="to")
    when: Span = Field(alias="date")
    cite: Cite
    person: Id = None  # the driver's id in data/people.yml
    via: tuple[PlaceRef, ...] = ()
    miles: Annotated[Decimal, BeforeValidator(_positive)] = None  # None: no source gives it
    miles_approximate: Flag = False
    lead_dog: Text = None
    dogs: Whole = None
    note: Texts = None
    highlight: Flag = False

    @property
    def km(self) -> Decimal | None:
        return None if self.miles is None else miles_to_km(self.miles)

    @property
    def path(self) -> tuple[Place, ...]:
        """Every place the leg passes, in order: start, via..., end."""
        return (self.start, *self.via, self.end)

    @model_validator(mode="after")
    def _approximate_miles(self) -> Leg:
        if "miles_approximate" in self.model_fields_set and self.miles is None:
            message = "{what} without miles (a leg whose distance no source gives has neither)"
            schema.rules([("miles_approximate", message)])
        return self


class Standby(Model):
    musher: Name
    at: PlaceRef
    when: Span = Field(alias="date")
    cite: Cite
    person: Id = None  # the driver's id in data/people.yml
    note: Texts = None


class Event(Model):
    when: Span = Field(alias="date")
    text: Texts
    cite: Cite
    time: Time = None
    approximate: Flag = False  # about the time if there is one, else about the date
    conflict: Texts = None

    @model_validator(mode="after")
    def _time_of_a_day(self) -> Event:
        if self.time is not None and (self.when.end is not None or self.when.month_only):
            schema.rules([("time", "a time needs a single whole date")])
        return self


class StatedTotals(Model):
    miles: Annotated[Decimal, BeforeValidator(_not_negative)]
    km: Annotated[Decimal, BeforeValidator(_not_negative)]
    mushers: Whole
    cite: Cite


class Relay(Model):
    """data/relay.yml."""

    stated_totals: StatedTotals
    places: tuple[Place, ...]
    railway: Railway
    legs: tuple[Leg, ...]
    events: tuple[Event, ...]
    standby: tuple[Standby, ...] = ()
    map_features: tuple[Feature, ...] = ()
    _path: Path = PrivateAttr(default=None)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def start(self) -> Place:
        return self.legs[0].start

    @property
    def end(self) -> Place:
        return self.legs[-1].end

    @property
    def total_miles(self) -> Decimal:
        """Sum of the measured legs; approximate and unknown distances are left out, as in
        the sources."""
        return sum(
            (leg.miles for leg in self.legs if leg.miles is not None and not leg.miles_approximate),
            Decimal(0),
        )

    @property
    def total_km(self) -> Decimal:
        return miles_to_km(self.total_miles)

    @property
    def mushers(self) -> int:
        """How many different drivers carried the serum (by their name in the default
        language: a text's languages are in the site's order)."""
        return len({next(iter(leg.musher.values())) for leg in self.legs})

    @property
    def highlighted(self) -> tuple[Leg, ...]:
        return tuple(leg for leg in self.legs if leg.highlight)

    @field_validator("places")
    @classmethod
    def _places(cls, places: tuple[Place, ...], info: Info) -> tuple[Place, ...]:
        info.context["places"] = {place.id: place for place in places}
        ids = [place.id for place in places]
        schema.rules(
            [
                ((n, "id"), f"{{what}}: duplicate place id {place_id!r}")
                for n, place_id in enumerate(ids)
                if place_id in ids[:n]
            ]
        )
        return places

    @model_validator(mode="after")
    def _rules(self) -> Relay:
        schema.rules([*self._legs(), *self._events(), *self._totals()])
        return self

    def _legs(self) -> list[tuple[schema.Loc, str]]:
        if not self.legs:
            return [(("legs",), "the relay has no legs")]
        problems = []
        previous, after = self.railway.end, "the railway ended"
        for n, leg in enumerate(self.legs):
            if leg.number != n + 1:
                message = (
                    f"{{what}} is {leg.number}, expected {n + 1} "
                    "(legs are numbered 1, 2, ... in order)"
                )
                problems.append((("legs", n, "number"), message))
            if leg.start != previous:
                message = f"starts at {leg.start.id!r} but {after} at {previous.id!r}"
                problems.append((("legs", n, "from"), message))
            if n and leg.when.start < self.legs[n - 1].when.start:
                problems.append((("legs", n, "date"), f"{{what}} is before leg {n}'s"))
            previous, after = leg.end, f"leg {n + 1} ended"
        return problems

    def _events(self) -> list[tuple[schema.Loc, str]]:
        """Out of order: an earlier day, or an earlier hour of the same day."""
        problems = []
        for n, (before, event) in enumerate(zip(self.events, self.events[1:], strict=False), 1):
            same_day = event.when.start == before.when.start
            if event.when.start < before.when.start or (
                same_day and None not in (event.time, before.time) and event.time < before.time
            ):
                problems.append((("events", n), "out of order (events are listed by date)"))
        return problems

    def _totals(self) -> list[tuple[schema.Loc, str]]:
        computed = {
            "miles": self.total_miles,
            "km": self.total_km.quantize(Decimal(1), rounding=ROUND_HALF_UP),
            "mushers": self.mushers,
        }
        stated = self.stated_totals
        return [
            (
                ("stated_totals", name),
                f"{{what}} is {getattr(stated, name)} in the sources but the legs give {value}; "
                "fix the legs or the stated total",
            )
            for name, value in computed.items()
            if value != getattr(stated, name)
        ]


# --- Loading -------------------------------------------------------------------------


def load_relay(path: Path, *, languages: Sequence[str], citation_keys: Collection[str]) -> Relay:
    """Read and validate a relay file for a site in `languages` (the first the default),
    whose bibliography has `citation_keys`."""
    relay, _ = read_model(Path(path), "relay data", Relay, languages, citation_keys)
    relay._path = Path(path)
    return relay


def read_model(
    path: Path, what: str, model: type, languages: Sequence[str], citation_keys: Collection[str]
):
    """A data file of the relay (relay.yml, people.yml) validated by its model, and its
    YAML node tree; every problem of the file raises one RelayDataError."""
    data, root = schema.read(path, what, RelayDataError)
    if root is None:
        raise RelayDataError(path, None, "the file is empty")
    context = {"languages": tuple(languages), "citation_keys": frozenset(citation_keys)}
    value, problems = schema.validate(model, data, root, where(data), context)
    if problems:
        raise RelayDataError(path, problems=problems)
    return value, root


def where(data: object):
    """`where(loc)` for the messages of a file: 'leg 3: miles', "place 'nome': lat"."""

    def name(loc: schema.Loc) -> str:
        if not loc:
            return "the file"
        parts = [str(loc[0])]
        rest = loc[1:]
        if loc[0] in _ITEMS and rest and isinstance(rest[0], int):
            parts = [_item(data, loc[0], rest[0], by_number=rest[1:2] == ("id",))]
            rest = rest[2:] if rest[1:2] == ("id",) else rest[1:]
        for n, step in enumerate(rest):
            if isinstance(step, int) and n and rest[n - 1] == "facts":
                parts[-1] = f"fact {step + 1}"
            elif not isinstance(step, int):
                parts.append(str(step))
        return ": ".join(parts)

    return name


def _item(data: object, section: str, index: int, *, by_number: bool) -> str:
    try:
        item_id = data[section][index].get("id")
    except (TypeError, KeyError, IndexError, AttributeError):
        item_id = None
    if not by_number and isinstance(item_id, str) and PLACE_ID.match(item_id):
        return f"{_ITEMS[section]} {item_id!r}"
    return f"{_ITEMS[section]} {index + 1}"
