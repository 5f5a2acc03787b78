"""The tagger's general rules of news language, one behaviour per test: words that settle a
time's direction, counts with halves, datelines, ... (the TBAQ floor is in test_eval_timex)."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyse.sentences import split_sentences
from storyline.analyse.tense import clause_tense
from storyline.analyse.timex import find_time_expressions
from storyline.models import DateInterval, TimeMention

SATURDAY = dt.date(1998, 8, 8)
WEDNESDAY = dt.date(1998, 9, 30)
NOVEMBER_1 = dt.date(1989, 11, 1)


def tag(text: str, day: dt.date, language: str = "en") -> list[TimeMention]:
    return find_time_expressions(
        "t", text, split_sentences("t", text), DateInterval.day(day), language
    )


def value_of(found: list[TimeMention], surface: str) -> str:
    hits = [m for m in found if m.text == surface]
    assert hits, f"{surface!r} not found: {[m.text for m in found]}"
    return hits[0].value


# -- direction ---------------------------------------------------------------------------


def test_next_to_is_a_place_not_the_future() -> None:
    found = tag("Dozens were killed in the blasts next to the embassy on Friday.", SATURDAY)
    assert value_of(found, "Friday") == "1998-08-07"


@pytest.mark.parametrize(
    "text",
    [
        "The team planned to leave Nairobi on Thursday.",
        "Talks set to resume Thursday in Belfast drew protests.",
        "The group might arrive as soon as Thursday, according to reports.",
        "Protesters were planning to drive around the airport on Thursday.",
    ],
)
def test_plans_and_schedules_point_ahead(text: str) -> None:
    assert value_of(tag(text, WEDNESDAY), "Thursday") == "1998-10-01"


def test_irregular_past_verbs_are_past() -> None:
    found = tag("In January, the company brought in a new chief executive.", dt.date(1989, 10, 27))
    assert value_of(found, "January") == "1989-01"
    assert clause_tense("Sales rose in March.", 15, 20) == "past"


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Revenue was $76 million for the year ended March 31.", "March 31", "1989-03-31"),
        ("The ship has been on patrol since March and is due back soon.", "March", "1989-03"),
        ("Nobody has seen him since Dec. 3.", "Dec. 3", "1988-12-03"),
    ],
)
def test_since_and_ended_settle_the_past_however_far(text: str, surface: str, value: str) -> None:
    assert value_of(tag(text, NOVEMBER_1), surface) == value


def test_spanish_desde_is_past() -> None:
    found = tag("No ha llovido desde marzo.", NOVEMBER_1, "es")
    assert value_of(found, "marzo") == "1989-03"


# -- counts and extents ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("She spent about 5 1/2 hours in Nairobi.", "5 1/2 hours", "PT5H30M"),
        ("They lived in camps for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("But a minute and a half later, a pilot called.", "a minute and a half", "PT1M30S"),
        ("The meeting lasted an hour and a half.", "an hour and a half", "PT1H30M"),
        ("Over the next couple of years sales will grow.", "the next couple of years", "P2Y"),
    ],
)
def test_halves_and_couples_are_counted(text: str, surface: str, value: str) -> None:
    assert value_of(tag(text, NOVEMBER_1), surface) == value


def test_a_colon_after_a_date_ends_a_dateline() -> None:
    found = tag("The Times said in an editorial on Monday, Oct. 26: The murder is", NOVEMBER_1)
    assert value_of(found, "Monday, Oct. 26") == "1989-10-26"
    # a clock after a month stays no date
    assert not [m for m in tag("Doors open May 5:30 p.m.", NOVEMBER_1) if m.text == "May 5"]
