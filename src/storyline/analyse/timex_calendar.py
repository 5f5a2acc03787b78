"""Calendar periods for time expressions: building them, shifting them, writing their values.

A period is a :class:`DateInterval` whose granularity says what it is (a day, an ISO week, a
month, a quarter, a half, a season, a year, a decade, a century); :func:`value` writes it the
TIMEX3 way (``1998-02-13``, ``1998-W07``, ``1998-02``, ``1998-Q1``, ``1998-H1``, ``1998-SU``,
``1998``, ``199``, ``19``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from storyline.analyse.timex_lexicon import SEASONS
from storyline.models import DateInterval, Granularity

#: Length of each unit in months (for whole-month arithmetic) or in days (the rest).
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}
_DAYS = {"day": 1, "week": 7, "hour": 0, "minute": 0, "second": 0}
_ORDER: dict[str, int] = {
    "day": 0,
    "week": 1,
    "month": 2,
    "season": 3,
    "quarter": 3,
    "half": 4,
    "year": 5,
    "decade": 6,
    "century": 7,
}


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_day_in_years(month: int, day: int, years: Iterable[int]) -> list[dt.date]:
    """The month-day in each of the years that has it (29 February only in leap years)."""
    return [found for year in years if (found := safe_date(year, month, day)) is not None]


def month_interval(year: int, month: int) -> DateInterval:
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return DateInterval(start, end, "month")


def year_interval(year: int) -> DateInterval:
    return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def quarter_interval(year: int, number: int) -> DateInterval:
    return DateInterval(
        dt.date(year, 3 * number - 2, 1), month_interval(year, 3 * number).end, "quarter"
    )


def half_interval(year: int, number: int) -> DateInterval:
    return DateInterval(
        dt.date(year, 6 * number - 5, 1), month_interval(year, 6 * number).end, "half"
    )


def week_interval(day: dt.date) -> DateInterval:
    monday = day - dt.timedelta(days=day.weekday())
    return DateInterval(monday, monday + dt.timedelta(days=6), "week")


def decade_interval(decade: int) -> DateInterval:
    return DateInterval(dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), "decade")


def century_interval(first_year: int) -> DateInterval:
    return DateInterval(
        dt.date(max(1, first_year), 1, 1), dt.date(first_year + 99, 12, 31), "century"
    )


def season_code(month: int) -> str:
    return {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}.get(
        month, "WI"
    )


def season_interval(year: int, season: str) -> DateInterval:
    first, last = SEASONS[season]
    start = dt.date(year, first, 1)
    end_year = year + 1 if last < first else year
    return DateInterval(start, month_interval(end_year, last).end, "season")


def period(day: dt.date, granularity: str) -> DateInterval:
    """The period of the given granularity that holds ``day``."""
    if granularity == "week":
        return week_interval(day)
    if granularity == "month":
        return month_interval(day.year, day.month)
    if granularity == "quarter":
        return quarter_interval(day.year, (day.month - 1) // 3 + 1)
    if granularity == "half":
        return half_interval(day.year, 1 if day.month <= 6 else 2)
    if granularity == "season":
        name = {"SP": "spring", "SU": "summer", "FA": "fall", "WI": "winter"}[
            season_code(day.month)
        ]
        year = day.year - 1 if day.month <= 2 else day.year
        return season_interval(year, name)
    if granularity == "year":
        return year_interval(day.year)
    if granularity == "decade":
        return decade_interval(day.year // 10 * 10)
    if granularity == "century":
        return century_interval(day.year // 100 * 100)
    return DateInterval.day(day)


def shift(day: dt.date, n: int, unit: str) -> dt.date:
    """``day`` moved by ``n`` units (negative: back); month arithmetic clamps the day."""
    unit = unit_name(unit)
    if unit in _MONTHS:
        months = day.year * 12 + day.month - 1 + n * _MONTHS[unit]
        year, month = divmod(months, 12)
        year = min(max(year, 1), 9999)
        last_day = month_interval(year, month + 1).end.day
        return dt.date(year, month + 1, min(day.day, last_day))
    try:
        return day + dt.timedelta(days=n * _DAYS.get(unit, 1))
    except OverflowError:
        return day


def unit_name(unit: str) -> str:
    """'years' → 'year', 'centuries' → 'century'."""
    unit = unit.lower()
    if unit.startswith("centur"):
        return "century"
    return unit[:-1] if unit.endswith("s") else unit


def granularity_of(unit: str) -> Granularity:
    unit = unit_name(unit)
    if unit in ("hour", "minute", "second"):
        return "day"
    if unit in ("day", "week", "month", "quarter", "half", "year", "decade", "century"):
        return unit  # type: ignore[return-value]
    return "day"


def finer(a: str, b: str) -> bool:
    """Is granularity ``a`` finer than ``b``?"""
    return _ORDER.get(a, 0) < _ORDER.get(b, 0)


def value(interval: DateInterval) -> str:
    g = interval.granularity
    start = interval.start
    if g == "day" and interval.is_day:
        return start.isoformat()
    if g == "week":
        iso = start.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if g == "month":
        return start.strftime("%Y-%m")
    if g == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if g == "half":
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    if g == "season":
        return f"{start.year}-{season_code(start.month)}"
    if g == "year":
        return str(start.year)
    if g == "decade":
        return str(start.year // 10)
    if g == "century":
        return f"{start.year // 100:02d}"
    if interval.is_day:
        return start.isoformat()
    return f"{start.isoformat()}/{interval.end.isoformat()}"
