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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator
from pydantic import ValidationInfo as Info

from serumrun import schema
from serumrun.l10n.labels import label
from serumrun.languages import Language
from serumrun.relay import l10n
from serumrun.relay.data import Leg, Model, Relay, RelayDataError, Standby, read_model
from serumrun.relay.values import Cite, Id, Name, Texts, citation, cited_keys
from serumrun.templating import plugin_template

#: The page that holds the entries ([[relay:people]]); the legs table links to it.
PEOPLE_PAGE = "mushers.md"
#: The legs table's page: each entry links back to it, the map on other pages too.
TABLE_PAGE = "relay.md"

#: Markdown out, not HTML: the texts are the data's own Markdown (emphasis, [@key]).
_TEMPLATE = plugin_template("people.md", keep_trailing_newline=True, markdown=True)


# --- The model of data/people.yml ----------------------------------------------------


def _fact(texts: dict[str, str], info: Info) -> dict[str, str]:
    """A paragraph per language; each cites, and all cite the same sources."""
    languages = info.context["languages"]
    keys = {lang: set(cited_keys(texts[lang])) for lang in languages}
    first = languages[0]
    schema.rules(
        [
            ((lang,), "found no citation, expected the paragraph's sources ([@key])")
            for lang in languages
            if not keys[lang]
        ]
        + [
            (
                (lang,),
                f"found other sources than {first}'s "
                f"(differs in: {', '.join(sorted(keys[first] ^ keys[lang]))}), "
                "expected the same in every language",
            )
            for lang in languages[1:]
            if keys[lang] and keys[first] and keys[lang] != keys[first]
        ]
    )
    return texts


class PersonName(Model):
    name: Name
    cite: Cite


class Person(Model):
    id: Id
    facts: Annotated[
        list[Annotated[Texts, AfterValidator(_fact)]], Field(min_length=1), AfterValidator(tuple)
    ]
    names: tuple[PersonName, ...] = ()

    @property
    def anchor(self) -> str:
        return anchor(self.id)


class People(Model):
    """data/people.yml."""

    people: tuple[Person, ...]

    @model_validator(mode="after")
    def _unique(self) -> People:
        ids = [person.id for person in self.people]
        schema.rules(
            [
                (("people", n, "id"), f"found {person_id!r} again, expected each person's own id")
                for n, person_id in enumerate(ids)
                if person_id in ids[:n]
            ]
        )
        return self


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
    relay: Relay, path: Path, *, languages: Sequence[str], citation_keys: Collection[str]
) -> tuple[Role, ...]:
    """Read data/people.yml and match it with the relay: one role per entry, in relay
    order. Every problem of the relay file, else every problem of the people file, raises
    one RelayDataError."""
    model, root = read_model(Path(path), "people data", People, languages, citation_keys)
    roles, in_relay, in_people = _match({p.id: p for p in model.people}, relay, path.name)
    named = {leg.person for leg in relay.legs} | {standby.person for standby in relay.standby}
    in_people += [
        (
            schema.line(schema.node_at(root, ("people", n))),
            f"person {person.id!r}: found no leg or standby of {relay.path.name} with this "
            "person, expected one for each entry",
        )
        for n, person in enumerate(model.people)
        if person.id not in named
    ]
    if in_relay:
        raise RelayDataError(relay.path, problems=in_relay)
    if in_people:
        raise RelayDataError(path, problems=in_people)
    return roles


def _match(
    people: dict[str, Person], relay: Relay, people_file: str
) -> tuple[tuple[Role, ...], list, list]:
    """A role for each driver of the relay with an entry; the problems of the relay file
    (a driver without a `person`, a person with two legs) and of the people file."""
    drivers = [(f"leg {leg.number}", leg.person, leg, None, 0) for leg in relay.legs]
    drivers += [(f"standby {n}", s.person, None, s, n) for n, s in enumerate(relay.standby, 1)]
    roles: dict[str, Role] = {}
    in_relay, in_people = [], []
    for what, person_id, leg, standby, number in drivers:
        if person_id is None:
            in_relay.append(
                (None, f"{what}: found no 'person', expected the driver's id in {people_file}")
            )
        elif person_id in roles:
            in_relay.append(
                (None, f"{what}: person: found {person_id!r} again, expected one leg each")
            )
        elif person_id in people:
            roles[person_id] = Role(people[person_id], leg, standby, number)
        else:
            hint = schema.did_you_mean(person_id, people)
            where = f"the person of {what} in {relay.path.name}"
            in_people.append(
                (None, f"found no entry for {person_id!r}{hint}, expected one for {where}")
            )
    return tuple(roles.values()), in_relay, in_people


# --- Rendering ------------------------------------------------------------------------


def distance(miles: Decimal, lang: Language, *, approximate: bool = False) -> str:
    """The relay's distance in `lang` (l10n decides the order), 'about' in words if need be."""
    text = l10n.distance(miles, lang)
    return label("people.about", lang).format(value=text) if approximate else text


def entries_markdown(roles: tuple[Role, ...], lang: Language, page_uri: str) -> str:
    """Every entry, in relay order, as Markdown for the page `page_uri` in `lang`."""
    table = posixpath.relpath(TABLE_PAGE, posixpath.dirname(page_uri) or ".")
    entries = []
    for role in roles:
        run, note, cite, back = _leg(role.leg, lang) if role.leg else _standby(role, lang)
        entries.append(
            {
                "name": l10n.text(role.musher, lang),
                "anchor": role.person.anchor,
                "names": [
                    f"{l10n.text(name.name, lang)} {citation(name.cite)}"
                    for name in role.person.names
                ],
                "run": _sentence(" ".join(part for part in (_sentence(run), note) if part), cite),
                "back_href": f"{table}#{back[0]}",
                "back_text": back[1],
                "facts": [l10n.text(fact, lang) for fact in role.person.facts],
            }
        )
    return _TEMPLATE.render(entries=entries, also=label("people.also-written", lang))


def _leg(leg: Leg, lang: Language) -> tuple[str, str, tuple[str, ...], tuple[str, str]]:
    """What a driver of a leg did, its note and sources, and the link back to the table."""
    details = [l10n.dates(leg.when, lang, year=True)]
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
    back = label("people.back.leg", lang).format(n=leg.number)
    return run, l10n.text(leg.note, lang), leg.cite, (f"leg-{leg.number}", back)


def _standby(role: Role, lang: Language) -> tuple[str, str, tuple[str, ...], tuple[str, str]]:
    """What a driver standing by did, like `_leg`."""
    standby = role.standby
    run = label("people.standby", lang).format(
        place=l10n.text(standby.at.name, lang), date=l10n.dates(standby.when, lang, year=True)
    )
    back = (standby_row_id(role.standby_number), label("people.back.standby", lang))
    return run, l10n.text(standby.note, lang), standby.cite, back


def _sentence(text: str, keys: tuple[str, ...] = ()) -> str:
    """End `text` with a full stop, the citation (if any) before it: '... Tolovana [@a].'."""
    text = text.rstrip()
    if text.endswith("."):
        text = text[:-1]
    return f"{text} {citation(keys)}." if keys else f"{text}."


__all__ = ["PEOPLE_PAGE", "entries_markdown", "load_people"]
