"""Calendar helpers: the month-day in a range of years skips only the years without it."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.timex_calendar import month_day_in_years


def test_29_february_only_in_leap_years() -> None:
    assert month_day_in_years(2, 29, range(2007, 2014)) == [
        dt.date(2008, 2, 29),
        dt.date(2012, 2, 29),
    ]


@given(
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    first=st.integers(1900, 2100),
    count=st.integers(0, 12),
)
def test_the_month_day_in_every_year_that_has_it(
    month: int, day: int, first: int, count: int
) -> None:
    years = range(first, first + count)
    found = month_day_in_years(month, day, years)
    assert [d.year for d in found] == [y for y in years if day <= calendar.monthrange(y, month)[1]]
    assert all((d.month, d.day) == (month, day) for d in found)
