"""Numbers, distances, dates and times as each language of the site writes them.

English: "1,085", "0.5", "28 Jan", "9 p.m.". French: "1 085" (U+202F narrow no-break
space), "0,5", "28 janv.", "1er févr.", "21 h", "5 h 30". Number symbols and month
names come from CLDR through Babel; what the house style decides instead of CLDR's
defaults ("9:00 PM", "1 févr.") is data/languages.yml: each function takes the
`Language` of serumrun/languages.py, its rules and its code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_time

from serumrun.l10n.dates import month_name
from serumrun.l10n.labels import label
from serumrun.l10n.typography import NBSP, localized
from serumrun.languages import Language
from serumrun.relay.data import Event, miles_to_km
from serumrun.relay.values import When


def number(value: Decimal | int, lang: Language) -> str:
    """A number with the language's separators, at the precision it has: 1,085 / 0,5."""
    value = Decimal(value)
    sign = "−" if value < 0 else ""
    digits = f"{abs(value):f}"
    whole, _, fraction = digits.partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = lang.group.join([whole, *groups])  # CLDR's: ',' '.' / U+202F ',' / '.' ','
    return sign + text + (lang.decimal + fraction if fraction else "")


def approx(text: str, approximate: bool) -> str:
    """Mark a figure as approximate: ≈0.5."""
    return f"≈{text}" if approximate else text


def distance(miles: Decimal, lang: Language, *, approximate: bool = False) -> str:
    """'674 mi (1,085 km)' / '1 085 km (674 milles)'.

    English gives the sources' miles first; a language whose rules put the metric first
    (data/languages.yml, French) spells the miles out (« milles »: the abbreviation « mi »
    is not French). A number and its unit do not break apart where the language's
    typography says so (French: U+00A0).
    """
    mi = approx(number(miles, lang), approximate)
    km = approx(number(miles_to_km(miles), lang), approximate)
    if lang.metric_first:  # « mille » below two, as French makes it
        unit = label("relay.miles" if abs(miles) >= 2 else "relay.mile", lang)
        return localized(f"{km} km ({mi} {unit})", lang)
    return localized(f"{mi} mi ({km} km)", lang)


def day_month(date: dt.date, lang: Language, *, long: bool = False, year: bool = False) -> str:
    """'28 Jan' / '28 janv.'; long: '28 January' / '28 janvier'; with the year if asked."""
    text = f"{lang.day(date.day)} {month_name(date.month, lang.code, long=long)}"
    return f"{text} {date.year}" if year else text


def date_range(
    start: dt.date, end: dt.date | None, lang: Language, *, long: bool = False, year: bool = False
) -> str:
    """'27–28 Jan', '31 Jan – 1 Feb' (and French): one date when there is no end."""
    if end is None:
        return day_month(start, lang, long=long, year=year)
    if (start.year, start.month) == (end.year, end.month):
        return f"{lang.day(start.day)}–{day_month(end, lang, long=long, year=year)}"
    first = day_month(start, lang, long=long, year=year and start.year != end.year)
    return f"{first} – {day_month(end, lang, long=long, year=year)}"


def month(date: dt.date, lang: Language, *, year: bool = True) -> str:
    """'December 1924' / 'décembre 1924'."""
    name = month_name(date.month, lang.code)
    return f"{name} {date.year}" if year else name


def clock(time: dt.time, lang: Language) -> str:
    """'9 p.m.', '5:30 a.m.', 'noon' / '21 h', '5 h 30' / CLDR's short format ('21:00'),
    as the language's rules say (data/languages.yml `clock`)."""
    if lang.clock == "cldr":
        return format_time(time, "short", locale=lang.code)
    if lang.clock == "h":
        minutes = f"{NBSP}{time.minute:02d}" if time.minute else ""
        return f"{time.hour}{NBSP}h{minutes}"
    if time.hour == 12 and time.minute == 0:
        return "noon"
    if time.hour == 0 and time.minute == 0:
        return "midnight"
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{NBSP}{'a.m.' if time.hour < 12 else 'p.m.'}"


def when(event: Event, lang: Language, *, year: bool = False) -> str:
    """A timeline date: 'about 20 January', '28 January, 3 a.m.', 'December 1924'."""
    text = dates(event.when, lang, year=year)
    if event.time is not None:
        time = clock(event.time, lang)
        if event.approximate:
            time = label("relay.about-time", lang).format(time=time)
        return f"{text}, {time}"
    if event.approximate:
        return label("relay.about-date", lang).format(date=text)
    return text


def dates(value: When, lang: Language, *, year: bool = False) -> str:
    """A month, or a day or range of days in full: 'December 1924', '28–31 January'."""
    if value.month_only:
        return month(value.start, lang, year=year)
    return date_range(value.start, value.end, lang, long=True, year=year)


def text(texts: dict[str, str] | None, lang: Language) -> str:
    """A data text in `lang`, with the language's typography (French spacing)."""
    if not texts:
        return ""
    return localized(texts[lang.code], lang)
