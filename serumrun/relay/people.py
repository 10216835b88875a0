"""The people of the relay: data/people.yml, and the mushers page's entries rendered from it.

data/people.yml holds what the sources say about each driver (name variants, short
cited paragraphs in each language). Everything about the run itself (leg, distance,
dates, lead dog, order) comes from data/relay.yml, which names each driver's entry
with `person: <id>`; the two files are checked against each other, so a driver
without an entry, an entry nobody references or an uncited paragraph stops the build
with ``data/people.yml:LINE: message``.

The entries are rendered as Markdown (template serumrun/templates/people.md), like the
legs table: the citations extension then turns their `[@key]` citations into markers
and reports them to the references page, headings get their anchors and table-of-
contents entries, and MkDocs checks their links, exactly as for text an author wrote.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from serumrun import schema
from serumrun.citations.l10n_bridge import label
from serumrun.project import current
from serumrun.relay import l10n
from serumrun.relay.data import Leg, Relay, RelayDataError, Standby, read_model
from serumrun.relay.schema import PeopleModel
from serumrun.templating import plugin_template

#: The page that holds the entries ([[relay:people]]); the legs table links to it.
PEOPLE_PAGE = "mushers.md"
#: The legs table's page, which each entry links back to.
TABLE_PAGE = "relay.md"

#: Markdown out, not HTML: the texts are the data's own Markdown (emphasis, [@key]).
_TEMPLATE = plugin_template("people.md", keep_trailing_newline=True, markdown=True)


@dataclass(frozen=True)
class Name:
    text: Mapping[str, str]
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    id: str
    names: tuple[Name, ...]
    facts: tuple[Mapping[str, str], ...]
    line: int

    @property
    def anchor(self) -> str:
        return anchor(self.id)


@dataclass(frozen=True)
class Role:
    """What data/relay.yml says a person did: one leg, or standing by."""

    person: Person
    leg: Leg | None = None
    standby: Standby | None = None
    standby_number: int = 0

    @property
    def musher(self) -> Mapping[str, str]:
        return self.leg.musher if self.leg else self.standby.musher


def anchor(person_id: str) -> str:
    """The entry's anchor, the same in every language: 'musher-shannon'."""
    return f"musher-{person_id}"


def standby_row_id(number: int) -> str:
    """The legs table's id for its `number`-th standby row: 'standby-1'."""
    return f"standby-{number}"


def load_people(
    relay: Relay,
    path: Path | None = None,
    *,
    citation_keys: Collection[str] | None = None,
) -> tuple[Role, ...]:
    """Read data/people.yml (default: the project's) and match it with the relay: one role
    per entry, in relay order."""
    path = Path(path) if path is not None else current().people
    if path is None:
        raise RelayDataError("mkdocs.yml", None, "no people data: set plugins.serumrun.people")
    model, root = read_model(path, "people data", PeopleModel, citation_keys)
    people = {
        person.id: Person(
            person.id,
            tuple(Name(name.name, name.cite) for name in person.names),
            person.facts,
            schema.line(schema.node_at(root, ("people", n))),
        )
        for n, person in enumerate(model.people)
    }
    return _roles(people, relay, path)


def _roles(people: dict[str, Person], relay: Relay, path: Path) -> tuple[Role, ...]:
    """One role per driver of the relay, each with its entry; every problem of the relay
    file, else every problem of the people file, raises one RelayDataError."""
    drivers = [(f"leg {leg.number}", leg.person, leg, None, 0) for leg in relay.legs]
    drivers += [(f"standby {n}", s.person, None, s, n) for n, s in enumerate(relay.standby, 1)]
    roles: list[Role] = []
    in_relay, in_people = [], []
    for what, person_id, leg, standby, number in drivers:
        if person_id is None:
            in_relay.append((None, f"{what}: no 'person' (the driver's id in {path.name})"))
        elif person_id not in people:
            hint = schema.did_you_mean(person_id, people)
            in_people.append(
                (
                    None,
                    f"no entry for {person_id!r}{hint}, the person of {what} in {relay.path.name}",
                )
            )
        elif any(role.person.id == person_id for role in roles):
            in_relay.append((None, f"{what}: person {person_id!r} already has a leg"))
        else:
            roles.append(Role(people[person_id], leg=leg, standby=standby, standby_number=number))
    used = {role.person.id for role in roles} | {d[1] for d in drivers}
    in_people += [
        (
            person.line,
            f"person {person_id!r}: no leg or standby of {relay.path.name} names this person",
        )
        for person_id, person in people.items()
        if person_id not in used
    ]
    if in_relay:
        raise RelayDataError(relay.path, problems=in_relay)
    if in_people:
        raise RelayDataError(path, problems=sorted(in_people, key=lambda p: p[0] or 0))
    return tuple(roles)


# --- Rendering ------------------------------------------------------------------------


def distance(miles: Decimal, lang: str, *, approximate: bool = False) -> str:
    """The relay's distance in `lang` (l10n decides the order), 'about' in words if need be."""
    text = l10n.distance(miles, lang)
    return label("people.about", lang).format(value=text) if approximate else text


def entries_markdown(roles: tuple[Role, ...], lang: str, page_uri: str) -> str:
    """Every entry, in relay order, as Markdown for the page `page_uri` in `lang`."""
    here = posixpath.dirname(page_uri) or "."
    table = posixpath.relpath(TABLE_PAGE, here)
    entries = []
    for role in roles:
        person = role.person
        names = [l10n.text(name.text, lang) + " " + _citation(name.cite) for name in person.names]
        if role.leg is not None:
            leg = role.leg
            when = l10n.date_range(leg.when.start, leg.when.end, lang, long=True, year=True)
            details = [when]
            if leg.miles is not None:
                details.insert(0, distance(leg.miles, lang, approximate=leg.miles_approximate))
            if leg.lead_dog:
                details.append(label("people.lead-dog", lang).format(dog=leg.lead_dog))
            if leg.dogs:
                details.append(label("people.dogs", lang).format(n=leg.dogs))
            run = label("people.leg", lang).format(
                n=leg.number,
                start=l10n.text(leg.start.name, lang),
                end=l10n.text(leg.end.name, lang),
                details=", ".join(details),
            )
            note, cite = l10n.text(leg.note, lang), leg.cite
            back = (
                f"{table}#leg-{leg.number}",
                label("people.back.leg", lang).format(n=leg.number),
            )
        else:
            standby = role.standby
            run = label("people.standby", lang).format(
                place=l10n.text(standby.at.name, lang),
                date=l10n.date_range(
                    standby.when.start, standby.when.end, lang, long=True, year=True
                ),
            )
            note, cite = l10n.text(standby.note, lang), standby.cite
            back = (
                f"{table}#{standby_row_id(role.standby_number)}",
                label("people.back.standby", lang),
            )
        entries.append(
            {
                "name": l10n.text(role.musher, lang),
                "anchor": person.anchor,
                "names": names,
                "run": _sentence(" ".join(part for part in (_sentence(run), note) if part), cite),
                "back_href": back[0],
                "back_text": back[1],
                "facts": [l10n.text(fact, lang) for fact in person.facts],
            }
        )
    return _TEMPLATE.render(entries=entries, also=label("people.also-written", lang))


def _sentence(text: str, keys: tuple[str, ...] = ()) -> str:
    """End `text` with a full stop, the citation (if any) before it: '... Tolovana [@a].'."""
    text = text.rstrip()
    if text.endswith("."):
        text = text[:-1]
    return f"{text} {_citation(keys)}." if keys else f"{text}."


def _citation(keys: tuple[str, ...]) -> str:
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


__all__ = ["PEOPLE_PAGE", "entries_markdown", "load_people"]
