"""Dates in the page's language: one place for month names (Babel's CLDR data) and for the
first of the month (the language's rules, data/languages.yml: "1er" in French), used by
the bibliography and the relay alike."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel.dates import format_date

from serumrun.languages import Language


@cache
def month_name(month: int, lang: str, *, long: bool = True) -> str:
    """'February' / 'février'; short: 'Feb' / 'févr.' (Babel's CLDR names, cached: Babel
    reads its pattern on every call)."""
    return format_date(dt.date(2000, month, 1), "MMMM" if long else "MMM", locale=lang)


def iso_date(iso: str, language: Language) -> str:
    """'2007-02-26' -> '26 February 2007' / '26 février 2007'; '2017-02' -> 'February 2017';
    the first of the month as the language's rules write it ('1er' in French)."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{month_name(parts[1], language.code)} {parts[0]}"
    year, month, day_of_month = parts
    return f"{language.day(day_of_month)} {month_name(month, language.code)} {year}"
