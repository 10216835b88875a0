"""The relay as data: read data/relay.yml, validate it, compute distances and totals.

Everything the relay pages show (legs table, route map, timeline, inline totals) comes
from the one file data/relay.yml through `load_relay`. Kilometres and totals are
computed here and never stored; the sources' own totals are stored once in the file
and checked against the legs, so an edit that breaks the sum stops the build.

The file is read with `yaml.compose`, not `safe_load`, so that every error names the
file and the line of the offending value (``data/relay.yml:142: leg 5: ...``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from serumrun import bibliography, yamlio
from serumrun.citations import scan_citations
from serumrun.errors import SerumRunError
from serumrun.project import current

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

_PLACE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)\Z")
#: Pandoc-style citations as the pages write them: [@key], [@a; @b, p. 24].


class RelayError(SerumRunError):
    """Base class of the errors of serumrun.relay; each one stops the build."""


class RelayDataError(RelayError):
    """data/relay.yml is wrong: the message starts with ``file:line:``."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path = Path(path)
        self.line = line
        self.problem = message  # `message` is the whole text (SerumRunError)


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


def miles_to_km(miles: Decimal) -> Decimal:
    """Kilometres at the precision of the miles: whole miles give whole km, 0.5 mi 0.8 km."""
    places = max(0, -miles.normalize().as_tuple().exponent)
    quantum = Decimal(1).scaleb(-places)
    return (miles * KM_PER_MILE).quantize(quantum, rounding=ROUND_HALF_UP)


# --- Loading ---------------------------------------------------------------------


def load_relay(path: Path | None = None, *, citation_keys: Collection[str] | None = None) -> Relay:
    """Read and validate the relay file (default: the project's); `citation_keys`
    defaults to the bibliography's."""
    path = Path(path) if path is not None else current().relay
    if path is None:
        raise RelayDataError("mkdocs.yml", None, "no relay data: set plugins.serumrun.relay")
    root = compose_data_file(path, "relay data")
    if citation_keys is None:
        citation_keys = known_citation_keys()
    return _Reader(path, frozenset(citation_keys)).relay(root)


def compose_data_file(path: Path, what: str) -> yaml.Node | None:
    """A data file's YAML node tree, with line marks: the one reader of the relay's data
    files (relay.yml, people.yml); a problem raises RelayDataError with file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RelayDataError(path, None, f"cannot read the {what} ({exc.strerror})") from None
    try:
        return yamlio.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RelayDataError(path, line, f"not valid YAML: {problem}") from None


def known_citation_keys(path: Path | None = None) -> frozenset[str]:
    """The keys of the bibliography, the only ones the relay data may cite."""
    return frozenset(bibliography.load(path))


def cited_keys(text: str) -> list[str]:
    """The keys of the `[@key, p. 3; @other]` citations inside a text (the citation
    grammar of serumrun.citations, the one every tool uses)."""
    return [cite.key for citation in scan_citations(text) for cite in citation]


class _Reader:
    """Turns the composed YAML tree into the model, raising at the first problem."""

    def __init__(self, path: Path, citation_keys: frozenset[str]):
        self.path = path
        self.citation_keys = citation_keys
        self.places: dict[str, Place] = {}

    def error(self, node: Node, message: str) -> RelayDataError:
        return RelayDataError(self.path, node.start_mark.line + 1, message)

    # -- whole file

    def relay(self, root: Node | None) -> Relay:
        if root is None:
            raise RelayDataError(self.path, None, "the file is empty")
        top = self.mapping(
            root,
            "the file",
            required=("stated_totals", "places", "railway", "legs", "events"),
            optional=("standby", "map_features"),
        )
        for number, node in enumerate(self.sequence(top["places"], "places"), 1):
            place = self.place(node, f"place {number}")  # checks the ids read so far
            self.places[place.id] = place
        railway = self.railway(top["railway"])
        relay = Relay(
            path=self.path,
            places=dict(self.places),
            railway=railway,
            legs=self.legs(top["legs"], railway),
            standby=self.items(top, "standby", "standby", self.standby),
            events=self.events(top["events"]),
            stated=self.stated_totals(top["stated_totals"]),
            features=self.items(top, "map_features", "map feature", self.feature),
        )
        self.check_totals(relay, top["stated_totals"])
        return relay

    def check_totals(self, relay: Relay, node: Node) -> None:
        fields = self.mapping(node, "stated_totals", required=("miles", "km", "mushers", "cite"))
        computed = {
            "miles": relay.total_miles,
            "km": relay.total_km.quantize(Decimal(1), rounding=ROUND_HALF_UP),
            "mushers": relay.mushers,
        }
        stated = {
            "miles": relay.stated.miles,
            "km": relay.stated.km,
            "mushers": relay.stated.mushers,
        }
        for name, value in computed.items():
            if value != stated[name]:
                raise self.error(
                    fields[name],
                    (
                        f"stated_totals: {name} is {stated[name]} in the sources but the legs give "
                        f"{value}; fix the legs or the stated total"
                    ),
                )

    # -- sections

    def items(self, top: dict[str, Node], key: str, what: str, read) -> tuple:
        """Read each item of an optional top-level list with `read(node, "what N")`."""
        if key not in top:
            return ()
        return tuple(
            read(node, f"{what} {number}")
            for number, node in enumerate(self.sequence(top[key], key), 1)
        )

    def place(self, node: Node, what: str) -> Place:
        f = self.mapping(
            node,
            what,
            required=("id", "name", "lat", "lon", "confidence", "note"),
            optional=("map_label", "map_snap"),
        )
        place_id = self.string(f["id"], f"{what}: id")
        if not _PLACE_ID.match(place_id):
            raise self.error(
                f["id"], f"{what}: id {place_id!r} must be lowercase words joined by '-'"
            )
        if place_id in self.places:
            raise self.error(f["id"], f"{what}: duplicate place id {place_id!r}")
        what = f"place {place_id!r}"
        lat, lon = self.on_map(f, what)
        confidence = self.choice(f["confidence"], f"{what}: confidence", CONFIDENCE)
        snap = None
        if "map_snap" in f:
            snap = self.choice(f["map_snap"], f"{what}: map_snap", MAP_RIVERS)
            if confidence != "APPROXIMATE":  # a known position is drawn where it is
                raise self.error(f["map_snap"], f"{what}: map_snap needs an APPROXIMATE place")
        return Place(
            id=place_id,
            name=self.localized(f["name"], f"{what}: name", shared_ok=True),
            lat=lat,
            lon=lon,
            confidence=confidence,
            note=self.string(f["note"], f"{what}: note"),
            map_label=self.choice(f["map_label"], f"{what}: map_label", MAP_LABELS)
            if "map_label" in f
            else None,
            map_snap=snap,
        )

    def feature(self, node: Node, what: str) -> Feature:
        f = self.mapping(
            node, what, required=("name", "lat", "lon"), optional=("kind", "map_label")
        )
        lat, lon = self.on_map(f, what)
        return Feature(
            name=self.localized(f["name"], f"{what}: name", shared_ok=True),
            lat=lat,
            lon=lon,
            kind=self.choice(f["kind"], f"{what}: kind", FEATURE_KINDS) if "kind" in f else "sea",
            map_label=self.choice(f["map_label"], f"{what}: map_label", MAP_LABELS)
            if "map_label" in f
            else "minor",
        )

    def on_map(self, f: dict[str, Node], what: str) -> tuple[Decimal, Decimal]:
        """The latitude and longitude of a mapping, each a number inside MAP_EXTENT."""
        lat = self.number(f["lat"], f"{what}: lat", minimum=Decimal(-90), maximum=Decimal(90))
        lon = self.number(f["lon"], f"{what}: lon", minimum=Decimal(-180), maximum=Decimal(180))
        for key, value in (("lat", lat), ("lon", lon)):
            low, high = MAP_EXTENT[key]
            if not low <= value <= high:
                raise self.error(
                    f[key],
                    f"{what}: {key}: {value} is outside the map (from {low} to {high}; "
                    "the map's geodata covers no more)",
                )
        return lat, lon

    def railway(self, node: Node) -> Railway:
        f = self.mapping(
            node, "railway", required=("name", "from", "to", "date", "cite"), optional=("note",)
        )
        return Railway(
            name=self.localized(f["name"], "railway: name", shared_ok=True),
            start=self.place_ref(f["from"], "railway: from"),
            end=self.place_ref(f["to"], "railway: to"),
            when=self.when(f["date"], "railway: date"),
            cite=self.cite(f["cite"], "railway: cite"),
            note=self.localized(f["note"], "railway: note") if "note" in f else None,
        )

    def legs(self, node: Node, railway: Railway) -> tuple[Leg, ...]:
        legs: list[Leg] = []
        nodes = self.sequence(node, "legs")
        if not nodes:
            raise self.error(node, "legs: the relay has no legs")
        for expected, item in enumerate(nodes, 1):
            leg, fields = self.leg(item, f"leg {expected}")
            if leg.number != expected:
                raise self.error(
                    fields["number"],
                    f"leg {expected}: number is {leg.number}, "
                    f"expected {expected} (legs are numbered 1, 2, ... in order)",
                )
            previous_end = legs[-1].end if legs else railway.end
            if leg.start.id != previous_end.id:
                after = f"leg {legs[-1].number} ended" if legs else "the railway ended"
                raise self.error(
                    fields["from"],
                    f"leg {leg.number} starts at {leg.start.id!r} "
                    f"but {after} at {previous_end.id!r}",
                )
            if legs and leg.when.start < legs[-1].when.start:
                raise self.error(
                    fields["date"], f"leg {leg.number}: date is before leg {legs[-1].number}'s"
                )
            legs.append(leg)
        return tuple(legs)

    def leg(self, node: Node, what: str) -> tuple[Leg, dict[str, Node]]:
        f = self.mapping(
            node,
            what,
            required=("number", "musher", "from", "to", "date", "cite"),
            optional=(
                "person",
                "via",
                "miles",
                "miles_approximate",
                "lead_dog",
                "dogs",
                "note",
                "highlight",
            ),
        )
        number = self.integer(f["number"], f"{what}: number")
        what = f"leg {number}"
        when = self.when(f["date"], f"{what}: date")
        if "miles_approximate" in f and "miles" not in f:
            raise self.error(
                f["miles_approximate"],
                f"{what}: miles_approximate without miles (a leg whose distance no source "
                "gives has neither)",
            )
        leg = Leg(
            number=number,
            musher=self.localized(f["musher"], f"{what}: musher", shared_ok=True),
            start=self.place_ref(f["from"], f"{what}: from"),
            end=self.place_ref(f["to"], f"{what}: to"),
            via=tuple(
                self.place_ref(n, f"{what}: via") for n in self.sequence(f["via"], f"{what}: via")
            )
            if "via" in f
            else (),
            miles=self.number(f["miles"], f"{what}: miles", minimum=Decimal(0), exclusive=True)
            if "miles" in f
            else None,
            miles_approximate=self.boolean(f["miles_approximate"], f"{what}: miles_approximate")
            if "miles_approximate" in f
            else False,
            when=when,
            lead_dog=self.string(f["lead_dog"], f"{what}: lead_dog") if "lead_dog" in f else None,
            dogs=self.integer(f["dogs"], f"{what}: dogs") if "dogs" in f else None,
            note=self.localized(f["note"], f"{what}: note") if "note" in f else None,
            highlight=self.boolean(f["highlight"], f"{what}: highlight")
            if "highlight" in f
            else False,
            cite=self.cite(f["cite"], f"{what}: cite"),
            person=self.person_ref(f, what),
        )
        return leg, f

    def standby(self, node: Node, what: str) -> Standby:
        f = self.mapping(
            node, what, required=("musher", "at", "date", "cite"), optional=("person", "note")
        )
        return Standby(
            musher=self.localized(f["musher"], f"{what}: musher", shared_ok=True),
            at=self.place_ref(f["at"], f"{what}: at"),
            when=self.when(f["date"], f"{what}: date"),
            cite=self.cite(f["cite"], f"{what}: cite"),
            note=self.localized(f["note"], f"{what}: note") if "note" in f else None,
            person=self.person_ref(f, what),
        )

    def person_ref(self, fields: dict[str, Node], what: str) -> str | None:
        """The optional `person:` id; data/people.yml checks that it names an entry."""
        if "person" not in fields:
            return None
        person = self.string(fields["person"], f"{what}: person")
        if not _PLACE_ID.match(person):
            raise self.error(
                fields["person"], f"{what}: person {person!r} must be lowercase words joined by '-'"
            )
        return person

    def events(self, node: Node) -> tuple[Event, ...]:
        events: list[Event] = []
        for number, item in enumerate(self.sequence(node, "events"), 1):
            what = f"event {number}"
            f = self.mapping(
                item,
                what,
                required=("date", "text", "cite"),
                optional=("time", "approximate", "conflict"),
            )
            when = self.when(
                f["date"],
                f"{what}: date",
                time_node=f.get("time"),
                approximate_node=f.get("approximate"),
            )
            if events and _before(when, events[-1].when):
                raise self.error(f["date"], f"{what}: out of order (events are listed by date)")
            events.append(
                Event(
                    when=when,
                    text=self.localized(f["text"], f"{what}: text"),
                    conflict=self.localized(f["conflict"], f"{what}: conflict")
                    if "conflict" in f
                    else None,
                    cite=self.cite(f["cite"], f"{what}: cite"),
                )
            )
        return tuple(events)

    def stated_totals(self, node: Node) -> StatedTotals:
        f = self.mapping(node, "stated_totals", required=("miles", "km", "mushers", "cite"))
        return StatedTotals(
            miles=self.number(f["miles"], "stated_totals: miles", minimum=Decimal(0)),
            km=self.number(f["km"], "stated_totals: km", minimum=Decimal(0)),
            mushers=self.integer(f["mushers"], "stated_totals: mushers"),
            cite=self.cite(f["cite"], "stated_totals: cite"),
        )

    # -- values

    def mapping(
        self,
        node: Node,
        what: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.error(node, f"{what}: expected a mapping of fields")
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key not in required + optional:
                hint = _did_you_mean(str(key), required + optional)
                raise self.error(
                    key_node,
                    f"{what}: unknown field {key!r}{hint} "
                    f"(fields: {', '.join(required + optional)})",
                )
            if key in fields:
                raise self.error(key_node, f"{what}: field {key!r} is given twice")
            fields[key] = value_node
        for key in required:
            if key not in fields:
                raise self.error(node, f"{what}: missing field {key!r}")
        return fields

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise self.error(node, f"{what}: expected a list")
        return list(node.value)

    def scalar(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode):
            raise self.error(node, f"{what}: expected a single value")
        return node.value

    def string(self, node: Node, what: str) -> str:
        value = self.scalar(node, what).strip()
        if not value or node.tag == "tag:yaml.org,2002:null":
            raise self.error(node, f"{what}: empty")
        return value

    def number(
        self,
        node: Node,
        what: str,
        *,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        exclusive: bool = False,
    ) -> Decimal:
        raw = self.scalar(node, what)
        try:
            if node.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                raise InvalidOperation
            value = Decimal(raw.replace("_", ""))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise self.error(node, f"{what}: bad number {raw!r}") from None
        too_small = minimum is not None and (value <= minimum if exclusive else value < minimum)
        if too_small or (maximum is not None and value > maximum):
            bounds = f"more than {minimum}" if exclusive else f"at least {minimum}"
            if maximum is not None:
                bounds = f"between {minimum} and {maximum}"
            raise self.error(node, f"{what}: bad number {raw} (must be {bounds})")
        return value

    def integer(self, node: Node, what: str) -> int:
        raw = self.scalar(node, what)
        try:
            if node.tag != "tag:yaml.org,2002:int" or int(raw) < 1:
                raise ValueError
        except ValueError:
            raise self.error(node, f"{what}: bad number {raw!r} (a whole number from 1)") from None
        return int(raw)

    def boolean(self, node: Node, what: str) -> bool:
        raw = self.scalar(node, what)
        if node.tag != "tag:yaml.org,2002:bool":
            raise self.error(node, f"{what}: expected true or false, found {raw!r}")
        return raw.lower() in ("true", "yes", "on")

    def choice(self, node: Node, what: str, choices: tuple[str, ...]) -> str:
        value = self.string(node, what)
        if value not in choices:
            raise self.error(node, f"{what}: {value!r} is not one of {', '.join(choices)}")
        return value

    def localized(self, node: Node, what: str, *, shared_ok: bool = False) -> dict[str, str]:
        """A text in every language: {en: ..., fr: ...}; a plain string if `shared_ok`."""
        if shared_ok and isinstance(node, ScalarNode):
            nodes = dict.fromkeys(current().languages, node)
        elif isinstance(node, MappingNode):
            nodes = self.mapping(node, what, required=current().languages)
        else:
            raise self.error(
                node, f"{what}: expected a text per language ({', '.join(current().languages)})"
            )
        texts = {}
        for lang, text_node in nodes.items():
            texts[lang] = self.string(text_node, f"{what}: {lang}")
            for key in cited_keys(texts[lang]):
                self.check_key(text_node, key, f"{what}: {lang}")
        return texts

    def cite(self, node: Node, what: str) -> tuple[str, ...]:
        keys = []
        for item in self.sequence(node, what):
            key = self.string(item, what)
            self.check_key(item, key, what)
            keys.append(key)
        if not keys:
            raise self.error(node, f"{what}: at least one citation key is needed")
        return tuple(keys)

    def check_key(self, node: Node, key: str, what: str) -> None:
        if key not in self.citation_keys:
            hint = _did_you_mean(key, self.citation_keys)
            raise self.error(
                node,
                f"{what}: unknown citation key {key!r}{hint} "
                "(keys come from data/bibliography.yml)",
            )

    def place_ref(self, node: Node, what: str) -> Place:
        place_id = self.string(node, what)
        if place_id not in self.places:
            hint = _did_you_mean(place_id, self.places)
            raise self.error(node, f"{what}: unknown place {place_id!r}{hint}")
        return self.places[place_id]

    def date(self, node: Node, what: str) -> tuple[dt.date, bool]:
        """A date, or a month (1924-12) when `month_only` comes back True."""
        raw = self.string(node, what)
        match = _DATE.match(raw)
        try:
            if not match:
                raise ValueError
            year, month, day = match.groups()
            return dt.date(int(year), int(month), int(day or 1)), day is None
        except ValueError:
            raise self.error(node, f"{what}: bad date {raw!r} (YYYY-MM-DD or YYYY-MM)") from None

    def when(
        self,
        node: Node,
        what: str,
        *,
        time_node: Node | None = None,
        approximate_node: Node | None = None,
    ) -> When:
        month_only = False
        if isinstance(node, SequenceNode):
            items = self.sequence(node, what)
            if len(items) != 2:
                raise self.error(node, f"{what}: a range is [first day, last day]")
            (start, start_month), (end, end_month) = (self.date(n, what) for n in items)
            if start_month or end_month:
                raise self.error(node, f"{what}: a range needs whole dates (YYYY-MM-DD)")
            if end <= start:
                raise self.error(items[1], f"{what}: the range ends before it starts")
        else:
            (start, month_only), end = self.date(node, what), None
        time = None
        if time_node is not None:
            time_what = what.replace("date", "time")
            if month_only or end is not None:
                raise self.error(time_node, f"{time_what}: a time needs a single whole date")
            raw = self.string(time_node, time_what)
            match = _TIME.match(raw)
            if not match:
                raise self.error(time_node, f'{time_what}: bad time {raw!r} (24-hour "HH:MM")')
            time = dt.time(int(match.group(1)), int(match.group(2)))
        approximate = False
        if approximate_node is not None:
            approximate = self.boolean(approximate_node, what.replace("date", "approximate"))
        return When(start=start, end=end, month_only=month_only, time=time, approximate=approximate)


def _before(when: When, previous: When) -> bool:
    """Out of order: an earlier day, or an earlier hour of the same day."""
    if when.start != previous.start:
        return when.start < previous.start
    return when.time is not None and previous.time is not None and when.time < previous.time


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
