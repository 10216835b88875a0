"""The legs table, the timeline and the inline figures, as Markdown in the page's language.

They are Markdown, not HTML, so that the rest of the page's extensions process them
like any text an author wrote: above all the citations extension, which turns the
`[@key]` text of the sources column and the timeline into citation markers.
The row and list classes that Markdown cannot express are described by `Table` and
applied after parsing by the extension (serumrun/relay/extension.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace

from serumrun.citations.l10n_bridge import label
from serumrun.project import current
from serumrun.relay import l10n, people
from serumrun.relay.data import Leg, Relay

#: No alignment markers: Python-Markdown would write them as style attributes, which
#: the site's Content-Security-Policy blocks. relay.css right-aligns the numbers.
_ALIGN = ("---",) * 9
#: The distance cells of a leg whose distance no source gives (relay.total.unmeasured).
UNMEASURED = "—"


@dataclass(frozen=True)
class Row:
    """One row of the table body and how it is marked in HTML."""

    kind: str  # railway | leg | standby | total
    cells: tuple[str, ...]
    leg: Leg | None = None
    standby_number: int = 0  # the n-th standby row, from 1

    @property
    def html_id(self) -> str | None:
        if self.leg:
            return f"leg-{self.leg.number}"
        # The mushers page links back to this id (serumrun/relay/people.py).
        return people.standby_row_id(self.standby_number) if self.standby_number else None

    @property
    def html_class(self) -> str:
        classes = [f"relay-{self.kind}"]
        if self.leg and self.leg.highlight:
            classes.append("relay-leg--highlight")
        return " ".join(classes)


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...] = field(default_factory=tuple)

    def markdown(self, first_cell: str | None = None) -> str:
        """A pipe table; `first_cell` replaces the first header cell (the extension's mark)."""
        header = (first_cell or self.header[0], *self.header[1:])
        lines = [_pipe_row(header), _pipe_row(_ALIGN)]
        lines += [_pipe_row(row.cells) for row in self.rows]
        return "\n".join(lines)


def _metric_first(cells: tuple[str, ...]) -> tuple[str, ...]:
    """Swap the miles (4th) and kilometres (5th) columns."""
    return (*cells[:3], cells[4], cells[3], *cells[5:])


def legs_table(
    relay: Relay, lang: str, map_id: str | None = None, people_href: str | None = None
) -> Table:
    """The relay legs in `lang`: railway, legs 1..N, standby drivers, computed totals.

    With `map_id` (the page's route map), each leg's number links to its line there.
    `people_href`: the mushers page relative to the table's page; each driver with a
    `person` id then links to their entry there.
    """
    t = l10n.text
    header = tuple(
        label(f"relay.col.{name}", lang)
        for name in (
            "leg",
            "musher",
            "route",
            "miles",
            "km",
            "date",
            "lead-dog",
            "notes",
            "sources",
        )
    )
    header = (
        header[:3]
        + (
            _abbr(header[3], label("relay.col.miles.title", lang)),
            _abbr(header[4], label("relay.col.km.title", lang)),
        )
        + header[5:]
    )

    rail = relay.railway
    rows = [
        Row(
            "railway",
            (
                "",
                label("relay.railway", lang).format(name=t(rail.name, lang)),
                _route(t(rail.start.name, lang), t(rail.end.name, lang)),
                "",
                "",
                l10n.date_range(rail.when.start, rail.when.end, lang),
                "",
                t(rail.note, lang),
                _citation(rail.cite),
            ),
        )
    ]
    for leg in relay.legs:
        musher, dog = _person_link(t(leg.musher, lang), leg.person, people_href), leg.lead_dog or ""
        if leg.highlight:
            musher, dog = _strong(musher), _strong(dog)
        dogs = label("relay.dogs", lang).format(n=leg.dogs) if leg.dogs else ""
        rows.append(
            Row(
                "leg",
                (
                    _map_link(leg.number, map_id, lang),
                    musher,
                    _route(t(leg.start.name, lang), t(leg.end.name, lang)),
                    *(
                        (UNMEASURED, UNMEASURED)
                        if leg.miles is None
                        else (
                            l10n.approx(l10n.number(leg.miles, lang), leg.miles_approximate),
                            l10n.approx(l10n.number(leg.km, lang), leg.miles_approximate),
                        )
                    ),
                    l10n.date_range(leg.when.start, leg.when.end, lang),
                    dog,
                    " ".join(part for part in (dogs, t(leg.note, lang)) if part),
                    _citation(leg.cite),
                ),
                leg,
            )
        )
    for number, standby in enumerate(relay.standby, 1):
        rows.append(
            Row(
                "standby",
                (
                    "",
                    _person_link(t(standby.musher, lang), standby.person, people_href),
                    label("relay.standby", lang).format(place=t(standby.at.name, lang)),
                    "",
                    "",
                    l10n.date_range(standby.when.start, standby.when.end, lang),
                    "",
                    t(standby.note, lang),
                    _citation(standby.cite),
                ),
                standby_number=number,
            )
        )
    notes = (
        label("relay.total.note", lang) if any(leg.miles_approximate for leg in relay.legs) else "",
        label("relay.total.unmeasured", lang)
        if any(leg.miles is None for leg in relay.legs)
        else "",
    )
    rows.append(
        Row(
            "total",
            (
                _strong(label("relay.total", lang)),
                _strong(label("relay.total.mushers", lang).format(n=relay.mushers)),
                _strong(_route(t(relay.start.name, lang), t(relay.end.name, lang))),
                _strong(l10n.number(relay.total_miles, lang)),
                _strong(l10n.number(relay.total_km.quantize(1), lang)),
                _strong(l10n.date_range(relay.legs[0].when.start, relay.legs[-1].when.last, lang)),
                "",
                " ".join(note for note in notes if note),
                _citation(relay.stated.cite),
            ),
        )
    )
    caption = label("relay.table.caption", lang).format(
        start=t(relay.start.name, lang), end=t(relay.end.name, lang)
    )
    if current().language(lang).metric_first:  # kilometres before miles, as in the text
        header = _metric_first(header)
        rows = [replace(row, cells=_metric_first(row.cells)) for row in rows]
    return Table(caption, header, tuple(rows))


def timeline(relay: Relay, lang: str, first_item_mark: str = "") -> str:
    """The events as a Markdown ordered list, each date in a <time datetime> element.

    The year is written on the first event and wherever it changes.
    """
    items = []
    year = None
    for event in relay.events:
        when = l10n.when(event.when, lang, year=event.when.start.year != year)
        year = event.when.last.year
        body = _cited(l10n.text(event.text, lang), event.cite)
        if event.conflict:
            body += f' <span class="relay-conflict">{l10n.text(event.conflict, lang)}</span>'
        mark = first_item_mark if not items else ""
        # The dash separates date and text in plain HTML; relay.css puts the date on a
        # line of its own and hides it.
        items.append(
            f'1. {mark}<time datetime="{event.when.iso()}">{when}</time>'
            f'<span class="relay-timeline__sep"> — </span>{body}'
        )
    return "\n".join(items)


def total(relay: Relay, lang: str) -> str:
    """'674 mi (1,085 km)' / '1 085 km (674 milles)'."""
    return l10n.distance(relay.total_miles, lang)


def mushers(relay: Relay, lang: str) -> str:
    return l10n.number(relay.mushers, lang)


def names_with_dogs(legs: tuple[Leg, ...], lang: str) -> str:
    """'Leonhard Seppala (Togo) and Gunnar Kaasen (Balto)'."""
    names = [
        f"{l10n.text(leg.musher, lang)} ({leg.lead_dog})"
        if leg.lead_dog
        else l10n.text(leg.musher, lang)
        for leg in legs
    ]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {label('relay.and', lang)} {names[-1]}"


def _cited(text: str, keys: tuple[str, ...]) -> str:
    """Put the citation before the final full stop, as the pages do: '... Nome [@a]."""
    citation = _citation(keys)
    if text.endswith("."):
        return f"{text[:-1]} {citation}."
    return f"{text} {citation}"


def _citation(keys: tuple[str, ...]) -> str:
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


def _person_link(name: str, person: str | None, people_href: str | None) -> str:
    """The driver's name, linked to their entry on the mushers page when there is one."""
    if person is None or people_href is None:
        return name
    return f"[{name}]({people_href}#{people.anchor(person)})"


def _map_link(number: int, map_id: str | None, lang: str) -> str:
    """'7', or a link to leg 7 on the map, titled for the pointer.

    Raw HTML, not a Markdown link: MkDocs checks a Markdown link's #anchor against the
    headings and Markdown ids of the page, and the map's ids are inside the stashed SVG
    (tests/test_links.py checks every #fragment of the built page instead).
    """
    if not map_id:
        return str(number)
    title = html.escape(label("relay.table.to-map", lang).format(n=number))
    return f'<a href="#{map_id}-leg-{number}" title="{title}">{number}</a>'


def _route(start: str, end: str) -> str:
    return f"{start} → {end}"


def _strong(text: str) -> str:
    return f"**{text}**" if text else ""


def _abbr(text: str, title: str) -> str:
    return f'<abbr title="{html.escape(title)}">{html.escape(text)}</abbr>'


def _pipe_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", r"\|") for cell in cells) + " |"
