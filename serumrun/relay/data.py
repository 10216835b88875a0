"""The relay as data: data/relay.yml, its model, read and validated.

Everything the relay pages show (legs table, route map, timeline, inline totals) comes
from the one file data/relay.yml through `load_relay`. Kilometres and totals are
computed here and never stored; the sources' own totals are stored once in the file
and checked against the legs, so an edit that breaks the sum stops the build.

The models are made of the value types of serumrun.relay.values; their rules relate
their fields (a leg starts where the previous one ended). Every problem of the file is
reported at once, each at its line (``data/relay.yml:142: leg 5: ...``, serumrun.schema).
The places, once valid, join the validation context, so that a leg's `from` is a Place.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic import ValidationInfo as Info

from serumrun import schema
from serumrun.errors import SerumRunError
from serumrun.relay.values import (
    PLACE_ID,
    Cite,
    Flag,
    Id,
    Latitude,
    Longitude,
    Name,
    Positive,
    Span,
    Text,
    Texts,
    Time,
    Whole,
)

#: The international mile (exact since 1959). The fact check's conversions use 1.609: the per-leg
#: kilometres are the same with either, but 674 x 1.609 = 1,084.5 would round to
#: 1,084 km where the sources state 1,085, which is 674 x 1.609344.
KM_PER_MILE = Decimal("1.609344")
MapLabel = Literal["major", "minor"]
#: The rivers named in the map's geodata (scripts/make_geodata.py, NAMED_RIVERS).
MapRiver = Literal["Yukon", "Tanana"]
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


def _place(place_id: str, info: Info) -> Place | str:
    """The place an id names; an id no place has stays its text, for the relay's rules to
    name with the others (`Relay._references`)."""
    return info.context.get("places", {}).get(place_id, place_id)


def _id_of(ref: Place | str) -> str:
    return ref if isinstance(ref, str) else ref.id


# --- The model of data/relay.yml ---------------------------------------------------------


class Model(BaseModel):
    # A field left out takes its default (not validated); one given empty is refused.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Place(Model):
    id: Id
    name: Name
    lat: Latitude
    lon: Longitude
    confidence: Literal["VERIFIED", "APPROXIMATE"]
    note: Text
    map_label: MapLabel = None
    #: A river of the map's geodata the point is drawn on, at its nearest point: for
    #: positions interpolated along the trail (COORDS.md: "snap to the Yukon").
    map_snap: MapRiver = None

    @property
    def approximate(self) -> bool:
        return self.confidence == "APPROXIMATE"

    @model_validator(mode="after")
    def _snap_approximate(self) -> Place:
        if self.map_snap is not None and not self.approximate:
            # a known position is drawn where it is
            message = f"found a {self.confidence} place, expected an APPROXIMATE one"
            schema.rules([("map_snap", message)])
        return self


#: A place's id in the file, the Place in the model.
PlaceRef = Annotated[Text, AfterValidator(_place)]


class Feature(Model):
    """A sea, river or land named on the map for orientation; not part of the route."""

    name: Name
    lat: Latitude
    lon: Longitude
    kind: Literal["sea", "river", "land"] = "sea"  # how the name is drawn
    map_label: MapLabel = "minor"  # major: also on phones


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
    miles: Positive = None  # None: no source gives it
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
            # a leg whose distance no source gives has neither
            schema.rules([("miles_approximate", "found no miles, expected the miles it qualifies")])
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
            date = "a month" if self.when.month_only else "a range of days"
            schema.rules([("time", f"found a time of {date}, expected a single whole date")])
        return self


class StatedTotals(Model):
    miles: Decimal
    km: Decimal
    mushers: Whole
    cite: Cite


class Relay(Model):
    """data/relay.yml."""

    stated_totals: StatedTotals
    places: tuple[Place, ...]
    railway: Railway
    legs: Annotated[list[Leg], Field(min_length=1), AfterValidator(tuple)]
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
        info.context["places"] = {place.id: place for place in places}  # for `_place`
        return places

    @model_validator(mode="after")
    def _rules(self) -> Relay:
        schema.rules([*self._references(), *self._legs(), *self._events(), *self._totals()])
        return self

    def _references(self) -> list[tuple[schema.Loc, str]]:
        ids = [place.id for place in self.places]
        problems = [
            (("places", n, "id"), f"found {place_id!r} again, expected each place's own id")
            for n, place_id in enumerate(ids)
            if place_id in ids[:n]
        ]
        refs = [(("railway", "from"), self.railway.start), (("railway", "to"), self.railway.end)]
        for n, leg in enumerate(self.legs):
            refs += [(("legs", n, "from"), leg.start), (("legs", n, "to"), leg.end)]
            refs += [(("legs", n, "via", v), place) for v, place in enumerate(leg.via)]
        refs += [(("standby", n, "at"), standby.at) for n, standby in enumerate(self.standby)]
        return problems + [
            (loc, f"found {ref!r}, expected a place's id{schema.did_you_mean(ref, ids)}")
            for loc, ref in refs
            if isinstance(ref, str)
        ]

    def _legs(self) -> list[tuple[schema.Loc, str]]:
        problems = []
        previous, after = self.railway.end, "the railway ended"
        for n, leg in enumerate(self.legs):
            if leg.number != n + 1:
                message = (
                    f"found {leg.number}, expected {n + 1} (legs are numbered 1, 2, ... in order)"
                )
                problems.append((("legs", n, "number"), message))
            if _id_of(leg.start) != _id_of(previous):
                message = (
                    f"found {_id_of(leg.start)!r}, expected {_id_of(previous)!r}, where {after}"
                )
                problems.append((("legs", n, "from"), message))
            if n and leg.when.start < self.legs[n - 1].when.start:
                before = self.legs[n - 1].when.start
                message = f"found {leg.when.start}, expected leg {n}'s day ({before}) or later"
                problems.append((("legs", n, "date"), message))
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
                message = (
                    f"found {event.when.iso(event.time)}, expected {before.when.iso(before.time)} "
                    "or later (events are listed by date)"
                )
                problems.append((("events", n), message))
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
                f"found {getattr(stated, name)}, expected {value}, as the legs give (fix the "
                "legs or the stated total)",
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
    """`where(loc)` for the messages of a file: 'leg 3: miles', "place 'nome': lat"; an
    item whose id is at fault is named by its number ('person 2: id')."""

    def name(loc: schema.Loc) -> str:
        if not loc:
            return "the file"
        parts = [str(loc[0])]
        rest = loc[1:]
        if loc[0] in _ITEMS and rest and isinstance(rest[0], int):
            parts = [_item(data, loc[0], rest[0], by_number=rest[1:2] == ("id",))]
            rest = rest[1:]
        for n, step in enumerate(rest):
            if isinstance(step, int) and n and rest[n - 1] == "facts":
                parts[-1] = f"fact {step + 1}"
            elif step != "" and not isinstance(step, int):  # '': a text of every language
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
