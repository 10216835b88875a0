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

from yaml.nodes import Node

from serumrun.labels import label
from serumrun.project import current
from serumrun.relay import l10n
from serumrun.relay.data import (
    _PLACE_ID,
    Leg,
    Relay,
    RelayDataError,
    Standby,
    _did_you_mean,
    _Reader,
    cited_keys,
    compose_data_file,
    known_citation_keys,
)
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
    root = compose_data_file(path, "people data")
    if citation_keys is None:
        citation_keys = known_citation_keys()
    reader = _PeopleReader(path, frozenset(citation_keys))
    return reader.roles(root, relay)


class _PeopleReader(_Reader):
    """The relay reader's checks and messages, applied to data/people.yml."""

    def roles(self, root: Node | None, relay: Relay) -> tuple[Role, ...]:
        if root is None:
            raise RelayDataError(self.path, None, "the file is empty")
        top = self.mapping(root, "the file", required=("people",))
        people: dict[str, Person] = {}
        id_nodes: dict[str, Node] = {}
        for number, node in enumerate(self.sequence(top["people"], "people"), 1):
            person, id_node = self.person(node, f"person {number}")
            if person.id in people:
                raise self.error(id_node, f"person {number}: duplicate id {person.id!r}")
            people[person.id] = person
            id_nodes[person.id] = id_node
        roles: list[Role] = []
        drivers = [(f"leg {leg.number}", leg.person, leg, None, 0) for leg in relay.legs]
        drivers += [(f"standby {n}", s.person, None, s, n) for n, s in enumerate(relay.standby, 1)]
        for what, person_id, leg, standby, number in drivers:
            if person_id is None:
                raise RelayDataError(
                    relay.path, None, f"{what}: no 'person' (the driver's id in {self.path.name})"
                )
            if person_id not in people:
                hint = _did_you_mean(person_id, people)
                raise RelayDataError(
                    self.path,
                    None,
                    f"no entry for {person_id!r}{hint}, the person of {what} in {relay.path.name}",
                )
            if any(role.person.id == person_id for role in roles):
                raise RelayDataError(
                    relay.path, None, f"{what}: person {person_id!r} already has a leg"
                )
            roles.append(Role(people[person_id], leg=leg, standby=standby, standby_number=number))
        used = {role.person.id for role in roles}
        for person_id, node in id_nodes.items():
            if person_id not in used:
                raise self.error(
                    node,
                    f"person {person_id!r}: no leg or standby of {relay.path.name} "
                    "names this person",
                )
        return tuple(roles)

    def person(self, node: Node, what: str) -> tuple[Person, Node]:
        f = self.mapping(node, what, required=("id", "facts"), optional=("names",))
        person_id = self.string(f["id"], f"{what}: id")
        if not _PLACE_ID.match(person_id):
            raise self.error(
                f["id"], f"{what}: id {person_id!r} must be lowercase words joined by '-'"
            )
        what = f"person {person_id!r}"
        names = ()
        if "names" in f:
            names = tuple(
                self.name(item, f"{what}: names")
                for item in self.sequence(f["names"], f"{what}: names")
            )
        facts = []
        items = self.sequence(f["facts"], f"{what}: facts")
        if not items:
            raise self.error(f["facts"], f"{what}: facts: at least one paragraph is needed")
        for number, item in enumerate(items, 1):
            facts.append(self.fact(item, f"{what}: fact {number}"))
        person = Person(person_id, names, tuple(facts), node.start_mark.line + 1)
        return person, f["id"]

    def name(self, node: Node, what: str) -> Name:
        f = self.mapping(node, what, required=("name", "cite"))
        return Name(
            text=self.localized(f["name"], f"{what}: name", shared_ok=True),
            cite=self.cite(f["cite"], f"{what}: cite"),
        )

    def fact(self, node: Node, what: str) -> dict[str, str]:
        """A paragraph per language; each cites, and both cite the same sources."""
        languages = current().languages
        texts = self.localized(node, what)
        fields = self.mapping(node, what, required=languages)
        keys = {}
        for lang in languages:
            keys[lang] = set(cited_keys(texts[lang]))
            if not keys[lang]:
                raise self.error(
                    fields[lang], f"{what}: {lang}: the paragraph cites no source ([@key])"
                )
        first = languages[0]
        for lang in languages[1:]:
            if keys[lang] != keys[first]:
                missing = sorted(keys[first] ^ keys[lang])
                raise self.error(
                    fields[lang],
                    f"{what}: {lang} cites other sources than {first} "
                    f"(differs in: {', '.join(missing)})",
                )
        return texts


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
