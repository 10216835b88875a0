"""The legs table, the timeline and the inline figures, as Markdown in the page's language.

They are Markdown, not HTML, so that the rest of the page's extensions process them
like any text an author wrote: above all the citations extension, which turns the
`[@key]` text of the sources column and the timeline into citation markers.
The row classes and ids that Markdown cannot write are in `Table`, for the extension
to set after parsing (serumrun/relay/extension.py).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from serumrun.l10n.labels import label
from serumrun.languages import Language
from serumrun.relay import l10n
from serumrun.relay.data import Leg, Place, Relay, Standby
from serumrun.relay.people import anchor, standby_row_id
from serumrun.relay.values import citation

#: No alignment markers: Python-Markdown would write them as style attributes, which
#: the site's Content-Security-Policy blocks. relay.css right-aligns the numbers.
_ALIGN = ("---",) * 9
#: The distance cells of a leg whose distance no source gives (relay.total.unmeasured).
UNMEASURED = "—"
_COLUMNS = ("leg", "musher", "route", "miles", "km", "date", "lead-dog", "notes", "sources")


@dataclass(frozen=True)
class Row:
    """One row of the table body and how the extension marks it in HTML."""

    cells: tuple[str, ...]
    html_class: str  # relay-railway | relay-leg | relay-standby | relay-total
    html_id: str | None = None  # legs and standby drivers, which other pages link to


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...] = ()

    def markdown(self, first_cell: str | None = None) -> str:
        """A pipe table; `first_cell` replaces the first header cell (the extension's mark)."""
        header = (first_cell or self.header[0], *self.header[1:])
        lines = [_pipe_row(header), _pipe_row(_ALIGN)]
        lines += [_pipe_row(row.cells) for row in self.rows]
        return "\n".join(lines)


def legs_table(
    relay: Relay, lang: Language, map_id: str | None = None, people_href: str | None = None
) -> Table:
    """The relay legs in `lang`: railway, legs 1..N, standby drivers, computed totals.

    With `map_id` (the page's route map), each leg's number links to its line there.
    `people_href`: the mushers page relative to the table's page; each driver with a
    `person` id then links to their entry there.
    """
    header = [label(f"relay.col.{name}", lang) for name in _COLUMNS]
    for column in (3, 4):
        title = label(f"relay.col.{_COLUMNS[column]}.title", lang)
        header[column] = _abbr(header[column], title)
    rows = [
        _railway_row(relay, lang),
        *(_leg_row(leg, lang, map_id, people_href) for leg in relay.legs),
        *(
            # The mushers page links back to the standby rows (serumrun/relay/people.py).
            Row(_standby_cells(standby, lang, people_href), "relay-standby", standby_row_id(n))
            for n, standby in enumerate(relay.standby, 1)
        ),
        _total_row(relay, lang),
    ]
    caption = label("relay.table.caption", lang).format(
        start=l10n.text(relay.start.name, lang), end=l10n.text(relay.end.name, lang)
    )
    if lang.metric_first:  # kilometres before miles, as in the text
        header = _metric_first(header)
        rows = [Row(_metric_first(row.cells), row.html_class, row.html_id) for row in rows]
    return Table(caption, tuple(header), tuple(rows))


def _railway_row(relay: Relay, lang: Language) -> Row:
    rail = relay.railway
    name = label("relay.railway", lang).format(name=l10n.text(rail.name, lang))
    route = _route(rail.start, rail.end, lang)
    when = l10n.date_range(rail.when.start, rail.when.end, lang)
    note = l10n.text(rail.note, lang)
    return Row(("", name, route, "", "", when, "", note, citation(rail.cite)), "relay-railway")


def _leg_row(leg: Leg, lang: Language, map_id: str | None, people_href: str | None) -> Row:
    musher, dog = _person_link(leg.musher, leg.person, lang, people_href), leg.lead_dog or ""
    if leg.highlight:
        musher, dog = _strong(musher), _strong(dog)
    distances = (UNMEASURED, UNMEASURED)
    if leg.miles is not None:
        distances = tuple(
            l10n.approx(l10n.number(value, lang), leg.miles_approximate)
            for value in (leg.miles, leg.km)
        )
    dogs = label("relay.dogs", lang).format(n=leg.dogs) if leg.dogs else ""
    cells = (
        _map_link(leg.number, map_id, lang),
        musher,
        _route(leg.start, leg.end, lang),
        *distances,
        l10n.date_range(leg.when.start, leg.when.end, lang),
        dog,
        " ".join(part for part in (dogs, l10n.text(leg.note, lang)) if part),
        citation(leg.cite),
    )
    html_class = "relay-leg relay-leg--highlight" if leg.highlight else "relay-leg"
    return Row(cells, html_class, f"leg-{leg.number}")


def _standby_cells(standby: Standby, lang: Language, people_href: str | None) -> tuple[str, ...]:
    at = label("relay.standby", lang).format(place=l10n.text(standby.at.name, lang))
    return (
        "",
        _person_link(standby.musher, standby.person, lang, people_href),
        at,
        "",
        "",
        l10n.date_range(standby.when.start, standby.when.end, lang),
        "",
        l10n.text(standby.note, lang),
        citation(standby.cite),
    )


def _total_row(relay: Relay, lang: Language) -> Row:
    notes = [
        label(key, lang)
        for key, shown in (
            ("relay.total.note", any(leg.miles_approximate for leg in relay.legs)),
            ("relay.total.unmeasured", any(leg.miles is None for leg in relay.legs)),
        )
        if shown
    ]
    strong = (
        label("relay.total", lang),
        label("relay.total.mushers", lang).format(n=relay.mushers),
        _route(relay.start, relay.end, lang),
        l10n.number(relay.total_miles, lang),
        l10n.number(relay.total_km.quantize(1), lang),
        l10n.date_range(relay.legs[0].when.start, relay.legs[-1].when.last, lang),
    )
    cells = (*map(_strong, strong), "", " ".join(notes), citation(relay.stated_totals.cite))
    return Row(cells, "relay-total")


def _metric_first(cells: Sequence[str]) -> tuple[str, ...]:
    """Swap the miles (4th) and kilometres (5th) columns."""
    return (*cells[:3], cells[4], cells[3], *cells[5:])


def timeline(relay: Relay, lang: Language, first_item_mark: str = "") -> str:
    """The events as a Markdown ordered list, each date in a <time datetime> element.

    The year is written on the first event and wherever it changes.
    """
    items = []
    year = None
    for event in relay.events:
        when = l10n.when(event, lang, year=event.when.start.year != year)
        year = event.when.last.year
        body = _cited(l10n.text(event.text, lang), event.cite)
        if event.conflict:
            body += f' <span class="relay-conflict">{l10n.text(event.conflict, lang)}</span>'
        mark = first_item_mark if not items else ""
        # The dash separates date and text in plain HTML; relay.css puts the date on a
        # line of its own and hides it.
        items.append(
            f'1. {mark}<time datetime="{event.when.iso(event.time)}">{when}</time>'
            f'<span class="relay-timeline__sep"> — </span>{body}'
        )
    return "\n".join(items)


def names_with_dogs(legs: tuple[Leg, ...], lang: Language) -> str:
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
    if text.endswith("."):
        return f"{text[:-1]} {citation(keys)}."
    return f"{text} {citation(keys)}"


def _person_link(musher: dict, person: str | None, lang: Language, people_href: str | None) -> str:
    """The driver's name, linked to their entry on the mushers page when there is one."""
    name = l10n.text(musher, lang)
    if person is None or people_href is None:
        return name
    return f"[{name}]({people_href}#{anchor(person)})"


def _map_link(number: int, map_id: str | None, lang: Language) -> str:
    """'7', or a link to leg 7 on the map, titled for the pointer.

    Raw HTML, not a Markdown link: MkDocs checks a Markdown link's #anchor against the
    headings and Markdown ids of the page, and the map's ids are inside the stashed SVG
    (tests/test_links.py checks every #fragment of the built page instead).
    """
    if not map_id:
        return str(number)
    title = html.escape(label("relay.table.to-map", lang).format(n=number))
    return f'<a href="#{map_id}-leg-{number}" title="{title}">{number}</a>'


def _route(start: Place, end: Place, lang: Language) -> str:
    return f"{l10n.text(start.name, lang)} → {l10n.text(end.name, lang)}"


def _strong(text: str) -> str:
    return f"**{text}**" if text else ""


def _abbr(text: str, title: str) -> str:
    return f'<abbr title="{html.escape(title)}">{html.escape(text)}</abbr>'


def _pipe_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", r"\|") for cell in cells) + " |"
