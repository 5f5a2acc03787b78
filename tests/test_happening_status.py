"""A happening's status: happened, planned or ongoing, from the tense of its clause and where its
date lies against the article's."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from storyline.link.happenings import _status
from storyline.models import Article, DateInterval, PublicationDate, TimeMention

PUBLISHED = dt.date(2023, 11, 3)


def _article(published: DateInterval | None) -> Article:
    provenance = "sidecar" if published is not None else "unknown"
    return Article("a", "", "", published=PublicationDate(published, provenance))


def _mention(date: DateInterval, tense: str) -> TimeMention:
    return TimeMention("a", 0, 9, "next year", "DATE", "2024", 0, date, tense=tense)


def test_a_date_after_its_article_is_planned_though_a_clause_around_it_is_past() -> None:
    """Regression: "Trump, who made a hardline on immigration central to his term in office,
    is leading in the race ... in next year's presidential election" (a 2023 article) told
    the 2024 election as happened: the relative clause's "made" set the tense."""
    year = DateInterval(dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")
    assert _status(_mention(year, "past"), _article(DateInterval.day(PUBLISHED))) == "planned"


def test_the_tense_decides_where_the_date_does_not() -> None:
    before = DateInterval(dt.date(2022, 6, 1), dt.date(2022, 6, 30), "month")
    same_year = DateInterval(dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year")
    dated = _article(DateInterval.day(PUBLISHED))
    assert _status(_mention(before, "past"), dated) == "happened"
    assert _status(_mention(same_year, "future"), dated) == "planned"
    assert _status(_mention(same_year, "past"), dated) == "happened"
    assert _status(_mention(same_year, "present"), dated) == "ongoing"
    # No date for the article: only the tense says.
    later = DateInterval(dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")
    assert _status(_mention(later, "past"), _article(None)) == "happened"


@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 400),
    st.sampled_from(["past", "present", "future"]),
)
def test_whatever_the_tense_a_date_after_the_article_is_never_happened(
    start: dt.date, length: int, tense: str
) -> None:
    date = DateInterval(start, start + dt.timedelta(days=length), "day")
    status = _status(_mention(date, tense), _article(DateInterval.day(PUBLISHED)))
    if start > PUBLISHED:
        assert status == "planned"
    elif tense == "past":
        assert status == "happened"
