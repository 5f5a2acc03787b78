"""Holidays that news dates things by ("on Thanksgiving Day", "last Christmas", "en Navidad"):
their day in a given year, fixed or computed (US federal rules, the Gregorian Easter).

Only holidays whose day follows from the year alone are listed; a holiday whose day depends on
a country or a moon sighting is not a time expression this tagger can normalise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

HolidayRule = Callable[[int], dt.date]


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` (Monday = 0) of the month; ``n = -1`` is the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _fixed(month: int, day: int) -> HolidayRule:
    return lambda year: dt.date(year, month, day)


#: Lower-case name (spaces single) → the rule giving its day in a year.
HOLIDAYS: dict[str, HolidayRule] = {
    "new year's day": _fixed(1, 1),
    "new year's eve": _fixed(12, 31),
    "christmas": _fixed(12, 25),
    "christmas day": _fixed(12, 25),
    "christmas eve": _fixed(12, 24),
    "independence day": _fixed(7, 4),
    "halloween": _fixed(10, 31),
    "valentine's day": _fixed(2, 14),
    "easter": easter,
    "easter sunday": easter,
    "good friday": lambda year: easter(year) - dt.timedelta(days=2),
    "thanksgiving": lambda year: _nth_weekday(year, 11, 3, 4),
    "thanksgiving day": lambda year: _nth_weekday(year, 11, 3, 4),
    "memorial day": lambda year: _nth_weekday(year, 5, 0, -1),
    "labor day": lambda year: _nth_weekday(year, 9, 0, 1),
    # US elections: the Tuesday after the first Monday of November.
    "election day": lambda year: _nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1),
    "navidad": _fixed(12, 25),
    "nochebuena": _fixed(12, 24),
    "nochevieja": _fixed(12, 31),
    "año nuevo": _fixed(1, 1),
}


def holiday_day(name: str, year: int) -> dt.date | None:
    """The day of the holiday ``name`` (any case and spacing) in ``year``; None if unknown."""
    rule = HOLIDAYS.get(" ".join(name.lower().replace("’", "'").split()))
    return rule(year) if rule is not None else None
