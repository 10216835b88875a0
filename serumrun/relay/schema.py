"""What data/relay.yml and data/people.yml may say: their models and rules.

Each value is checked where it is (a number, a date, a text per language, citation keys
that data/bibliography.yml defines); each model's rules relate its fields (a leg starts
where the previous one ended, the sources' totals are those of the legs). Every problem
of a file is reported at once, each at its line (serumrun.schema). serumrun.relay.data
and serumrun.relay.people turn the valid models into the relay and its people.

The validation context: `languages` (of the site, the first is the default) and
`citation_keys` (of the bibliography).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic import ValidationInfo as Info

from serumrun import schema
from serumrun.relay.values import (
    PLACE_ID,
    Cite,
    Flag,
    Id,
    Latitude,
    Longitude,
    Name,
    Span,
    Text,
    Texts,
    Time,
    Whole,
    cited_keys,
    localized,
    number_in,
    one_of,
)
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

#: The items of each list of the files, as messages name them ('leg 3', "place 'nome'").
_ITEMS = {
    "places": "place",
    "legs": "leg",
    "standby": "standby",
    "events": "event",
    "map_features": "map feature",
    "people": "person",
}


def miles_to_km(miles: Decimal) -> Decimal:
    """Kilometres at the precision of the miles: whole miles give whole km, 0.5 mi 0.8 km."""
    places = max(0, -miles.normalize().as_tuple().exponent)
    quantum = Decimal(1).scaleb(-places)
    return (miles * KM_PER_MILE).quantize(quantum, rounding=ROUND_HALF_UP)


class _Model(BaseModel):
    # A field left out takes its default (not validated); one given empty is refused.
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- data/relay.yml --------------------------------------------------------------------


class PlaceModel(_Model):
    id: Id
    name: Name
    lat: Latitude
    lon: Longitude
    confidence: Annotated[str, one_of(*CONFIDENCE)]
    note: Text
    map_label: Annotated[str, one_of(*MAP_LABELS)] = None
    map_snap: Annotated[str, one_of(*MAP_RIVERS)] = None

    @model_validator(mode="after")
    def _snap_approximate(self) -> PlaceModel:
        if self.map_snap is not None and self.confidence != "APPROXIMATE":
            # a known position is drawn where it is
            schema.rules([("map_snap", "{what} needs an APPROXIMATE place")])
        return self


class FeatureModel(_Model):
    name: Name
    lat: Latitude
    lon: Longitude
    kind: Annotated[str, one_of(*FEATURE_KINDS)] = "sea"
    map_label: Annotated[str, one_of(*MAP_LABELS)] = "minor"


class RailwayModel(_Model):
    name: Name
    start: Text = Field(alias="from")
    end: Text = Field(alias="to")
    date: Span
    cite: Cite
    note: Texts = None


class LegModel(_Model):
    number: Whole
    musher: Name
    start: Text = Field(alias="from")
    end: Text = Field(alias="to")
    date: Span
    cite: Cite
    person: Id = None
    via: tuple[Text, ...] = ()
    miles: Annotated[Decimal, number_in(Decimal(0), exclusive=True)] = None
    miles_approximate: Flag = False
    lead_dog: Text = None
    dogs: Whole = None
    note: Texts = None
    highlight: Flag = False

    @model_validator(mode="after")
    def _approximate_miles(self) -> LegModel:
        if "miles_approximate" in self.model_fields_set and self.miles is None:
            message = "{what} without miles (a leg whose distance no source gives has neither)"
            schema.rules([("miles_approximate", message)])
        return self


class StandbyModel(_Model):
    musher: Name
    at: Text
    date: Span
    cite: Cite
    person: Id = None
    note: Texts = None


class EventModel(_Model):
    date: Span
    text: Texts
    cite: Cite
    time: Time = None
    approximate: Flag = False
    conflict: Texts = None

    @model_validator(mode="after")
    def _time_of_a_day(self) -> EventModel:
        if self.time is not None and (self.date[1] is not None or self.date[2]):
            schema.rules([("time", "a time needs a single whole date")])
        return self


class StatedTotalsModel(_Model):
    miles: Annotated[Decimal, number_in(Decimal(0))]
    km: Annotated[Decimal, number_in(Decimal(0))]
    mushers: Whole
    cite: Cite


class RelayModel(_Model):
    """data/relay.yml."""

    stated_totals: StatedTotalsModel
    places: tuple[PlaceModel, ...]
    railway: RailwayModel
    legs: tuple[LegModel, ...]
    events: tuple[EventModel, ...]
    standby: tuple[StandbyModel, ...] = ()
    map_features: tuple[FeatureModel, ...] = ()

    @model_validator(mode="after")
    def _rules(self, info: Info) -> RelayModel:
        schema.rules(
            [
                *self._places(),
                *self._legs(),
                *self._events(),
                *self._totals(info.context["languages"][0]),
            ]
        )
        return self

    def _places(self) -> list[tuple[schema.Loc, str]]:
        ids = [place.id for place in self.places]
        problems = [
            (("places", n, "id"), f"{{what}}: duplicate place id {place_id!r}")
            for n, place_id in enumerate(ids)
            if place_id in ids[:n]
        ]
        refs = [(("railway", "from"), self.railway.start), (("railway", "to"), self.railway.end)]
        for n, leg in enumerate(self.legs):
            refs += [(("legs", n, "from"), leg.start), (("legs", n, "to"), leg.end)]
            refs += [(("legs", n, "via", v), place) for v, place in enumerate(leg.via)]
        refs += [(("standby", n, "at"), standby.at) for n, standby in enumerate(self.standby)]
        problems += [
            (loc, f"unknown place {ref!r}{schema.did_you_mean(ref, ids)}")
            for loc, ref in refs
            if ref not in ids
        ]
        return problems

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
                message = f"starts at {leg.start!r} but {after} at {previous!r}"
                problems.append((("legs", n, "from"), message))
            if n and leg.date[0] < self.legs[n - 1].date[0]:
                problems.append((("legs", n, "date"), f"{{what}} is before leg {n}'s"))
            previous, after = leg.end, f"leg {n + 1} ended"
        return problems

    def _events(self) -> list[tuple[schema.Loc, str]]:
        """Out of order: an earlier day, or an earlier hour of the same day."""
        problems = []
        for n in range(1, len(self.events)):
            event, before = self.events[n], self.events[n - 1]
            same_day = event.date[0] == before.date[0]
            if event.date[0] < before.date[0] or (
                same_day and None not in (event.time, before.time) and event.time < before.time
            ):
                problems.append((("events", n), "out of order (events are listed by date)"))
        return problems

    def _totals(self, language: str) -> list[tuple[schema.Loc, str]]:
        miles = sum(
            (leg.miles for leg in self.legs if leg.miles is not None and not leg.miles_approximate),
            Decimal(0),
        )
        computed = {
            "miles": miles,
            "km": miles_to_km(miles).quantize(Decimal(1), rounding=ROUND_HALF_UP),
            "mushers": len({leg.musher[language] for leg in self.legs}),
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


# --- data/people.yml -------------------------------------------------------------------


class NameModel(_Model):
    name: Name
    cite: Cite


def _fact(value: object, info: Info) -> dict[str, str]:
    """A paragraph per language; each cites, and all cite the same sources."""
    texts = localized(value, info, shared_ok=False)
    languages = info.context["languages"]
    keys = {lang: set(cited_keys(texts[lang])) for lang in languages}
    first = languages[0]
    schema.rules(
        [
            ((lang,), "the paragraph cites no source ([@key])")
            for lang in languages
            if not keys[lang]
        ]
        + [
            (
                (lang,),
                f"{{what}} cites other sources than {first} "
                f"(differs in: {', '.join(sorted(keys[first] ^ keys[lang]))})",
            )
            for lang in languages[1:]
            if keys[lang] and keys[first] and keys[lang] != keys[first]
        ]
    )
    return texts


def _facts(value: object) -> object:
    if isinstance(value, list) and not value:
        raise fail("at least one paragraph is needed")
    return value


class PersonModel(_Model):
    id: Id
    facts: Annotated[
        tuple[Annotated[dict[str, str], BeforeValidator(_fact)], ...], BeforeValidator(_facts)
    ]
    names: tuple[NameModel, ...] = ()


class PeopleModel(_Model):
    """data/people.yml."""

    people: tuple[PersonModel, ...]

    @model_validator(mode="after")
    def _unique(self) -> PeopleModel:
        ids = [person.id for person in self.people]
        schema.rules(
            [
                (("people", n, "id"), f"{{what}}: duplicate id {person_id!r}")
                for n, person_id in enumerate(ids)
                if person_id in ids[:n]
            ]
        )
        return self


# --- Naming the place of a problem ----------------------------------------------------------


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
