"""The relay as data: read data/relay.yml, validate it, compute distances and totals.

Everything the relay pages show (legs table, route map, timeline, inline totals) comes
from the one file data/relay.yml through `load_relay`. Kilometres and totals are
computed here and never stored; the sources' own totals are stored once in the file
and checked against the legs, so an edit that breaks the sum stops the build.

The file is validated by the model of serumrun.relay.schema: every problem at once, each
naming the file and the line of the offending value (``data/relay.yml:142: leg 5: ...``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from serumrun import schema
from serumrun.citations import bibliography
from serumrun.errors import SerumRunError
from serumrun.project import current
from serumrun.relay import schema as relay_schema
from serumrun.relay.schema import (  # noqa: F401 (the relay's constants, used by its modules)
    CONFIDENCE,
    FEATURE_KINDS,
    KM_PER_MILE,
    MAP_LABELS,
    MAP_RIVERS,
    miles_to_km,
)
from serumrun.relay.values import DateSpan, cited_keys  # noqa: F401


class RelayError(SerumRunError):
    """Base class of the errors of serumrun.relay; each one stops the build."""


class RelayDataError(schema.DataError, RelayError):
    """data/relay.yml (or people.yml) is wrong: each line starts with ``file:line:``."""


# --- The model ---------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    id: str
    name: Mapping[str, str]
    lat: Decimal
    lon: Decimal
    confidence: str
    note: str
    map_label: str | None = None
    #: A river of the map's geodata the point is drawn on, at its nearest point: for
    #: positions interpolated along the trail (COORDS.md: "snap to the Yukon").
    map_snap: str | None = None

    @property
    def approximate(self) -> bool:
        return self.confidence == "APPROXIMATE"


@dataclass(frozen=True)
class Feature:
    """A sea, river or land named on the map for orientation; not part of the route."""

    name: Mapping[str, str]
    lat: Decimal
    lon: Decimal
    kind: str = "sea"  # sea | river | land: how the name is drawn
    map_label: str = "minor"  # major = also named on phones


@dataclass(frozen=True)
class When:
    """A date as precise as the sources: a month, a day, a range of days, with a time."""

    start: dt.date
    end: dt.date | None = None  # last day of a range
    month_only: bool = False
    time: dt.time | None = None
    approximate: bool = False  # about the time if there is one, else about the date

    @property
    def last(self) -> dt.date:
        return self.end or self.start

    def iso(self) -> str:
        """The machine-readable value for <time datetime>: its first instant."""
        if self.month_only:
            return self.start.strftime("%Y-%m")
        if self.time is not None:
            return f"{self.start.isoformat()}T{self.time.strftime('%H:%M')}"
        return self.start.isoformat()


@dataclass(frozen=True)
class Leg:
    number: int
    musher: Mapping[str, str]
    start: Place
    end: Place
    miles: Decimal | None  # None: no source gives the leg's distance
    when: When
    cite: tuple[str, ...]
    via: tuple[Place, ...] = ()
    miles_approximate: bool = False
    lead_dog: str | None = None
    dogs: int | None = None
    note: Mapping[str, str] | None = None
    highlight: bool = False
    person: str | None = None  # the driver's id in data/people.yml

    @property
    def km(self) -> Decimal | None:
        return None if self.miles is None else miles_to_km(self.miles)

    @property
    def path(self) -> tuple[Place, ...]:
        """Every place the leg passes, in order: start, via..., end."""
        return (self.start, *self.via, self.end)


@dataclass(frozen=True)
class Standby:
    musher: Mapping[str, str]
    at: Place
    when: When
    cite: tuple[str, ...]
    note: Mapping[str, str] | None = None
    person: str | None = None  # the driver's id in data/people.yml


@dataclass(frozen=True)
class Railway:
    name: Mapping[str, str]
    start: Place
    end: Place
    when: When
    cite: tuple[str, ...]
    note: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Event:
    when: When
    text: Mapping[str, str]
    cite: tuple[str, ...]
    conflict: Mapping[str, str] | None = None


@dataclass(frozen=True)
class StatedTotals:
    miles: Decimal
    km: Decimal
    mushers: int
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Relay:
    path: Path
    places: Mapping[str, Place]
    railway: Railway
    legs: tuple[Leg, ...]
    standby: tuple[Standby, ...]
    events: tuple[Event, ...]
    stated: StatedTotals
    features: tuple[Feature, ...] = ()

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
        """How many different drivers carried the serum."""
        return len({leg.musher[current().default_language] for leg in self.legs})

    @property
    def highlighted(self) -> tuple[Leg, ...]:
        return tuple(leg for leg in self.legs if leg.highlight)


# --- Loading ---------------------------------------------------------------------


def load_relay(path: Path | None = None, *, citation_keys: Collection[str] | None = None) -> Relay:
    """Read and validate the relay file (default: the project's); `citation_keys`
    defaults to the bibliography's."""
    path = Path(path) if path is not None else current().relay
    if path is None:
        raise RelayDataError("mkdocs.yml", None, "no relay data: set plugins.serumrun.relay")
    model, _ = read_model(path, "relay data", relay_schema.RelayModel, citation_keys)
    places = {place.id: _place(place) for place in model.places}
    railway = model.railway
    return Relay(
        path=path,
        places=places,
        railway=Railway(
            name=railway.name,
            start=places[railway.start],
            end=places[railway.end],
            when=_when(railway.date),
            cite=railway.cite,
            note=railway.note,
        ),
        legs=tuple(_leg(leg, places) for leg in model.legs),
        standby=tuple(
            Standby(
                musher=s.musher,
                at=places[s.at],
                when=_when(s.date),
                cite=s.cite,
                note=s.note,
                person=s.person,
            )
            for s in model.standby
        ),
        events=tuple(
            Event(
                when=_when(e.date, e.time, e.approximate),
                text=e.text,
                cite=e.cite,
                conflict=e.conflict,
            )
            for e in model.events
        ),
        stated=StatedTotals(**model.stated_totals.model_dump()),
        features=tuple(Feature(**f.model_dump()) for f in model.map_features),
    )


def read_model(path: Path, what: str, model: type, citation_keys: Collection[str] | None):
    """A data file of the relay (relay.yml, people.yml) validated by its model, and its
    YAML node tree; every problem of the file raises one RelayDataError."""
    data, root = schema.read(path, what, RelayDataError)
    if root is None:
        raise RelayDataError(path, None, "the file is empty")
    if citation_keys is None:
        citation_keys = known_citation_keys()
    context = {"languages": current().languages, "citation_keys": frozenset(citation_keys)}
    value, problems = schema.validate(model, data, root, relay_schema.where(data), context)
    if problems:
        raise RelayDataError(path, problems=problems)
    return value, root


def known_citation_keys() -> frozenset[str]:
    """The keys of the bibliography, the only ones the relay data may cite."""
    return frozenset(bibliography.load(current()))


def _when(span: DateSpan, time=None, approximate: bool = False) -> When:
    start, end, month_only = span
    return When(start=start, end=end, month_only=month_only, time=time, approximate=approximate)


def _place(place: relay_schema.PlaceModel) -> Place:
    return Place(**place.model_dump())


def _leg(leg: relay_schema.LegModel, places: Mapping[str, Place]) -> Leg:
    return Leg(
        number=leg.number,
        musher=leg.musher,
        start=places[leg.start],
        end=places[leg.end],
        via=tuple(places[p] for p in leg.via),
        miles=leg.miles,
        miles_approximate=leg.miles_approximate,
        when=_when(leg.date),
        lead_dog=leg.lead_dog,
        dogs=leg.dogs,
        note=leg.note,
        highlight=leg.highlight,
        cite=leg.cite,
        person=leg.person,
    )
