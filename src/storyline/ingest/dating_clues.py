"""Which day, among the days the similar dated articles leave open, the article's own words
point to.

Similar articles place an undated one in a window (a few days when they report the same news,
up to years when they are only on the topic); their votes say which part of the window is
likeliest. The article's own references say which *day*: news is written about the last few
days and the next few, so "said on Tuesday" (past) puts publication on that Tuesday or the
days just after, "will meet on Friday" on the days just before, and "on Oct. 3" (past) within
days after an October 3rd. A full date with its year ("on June 3, 2010") names one day only,
so it can place the article anywhere in a long window (:func:`dated_scores`); weekdays and
yearless month-days recur every week or year and only choose among nearby days. Each
reference gives a log-likelihood per candidate day; every one is robust (a floor): one
background date ("the March 3, 2009 hearing") must not outvote the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

import numpy as np

from storyline.analyse.timex_calendar import month_day_in_years
from storyline.analyse.timex_lexicon import WEEKDAYS
from storyline.models import DateInterval, TimeMention

#: A weekday named without its date, as time expressions normalise it ("XXXX-WXX-3": Wednesday).
WEEKDAY_VALUE = re.compile(r"XXXX-WXX-([1-7])")
_MONTH_DAY = re.compile(r"XXXX-(\d\d)-(\d\d)")
#: Relative weight of publication 0, 1, ... 6 days after a weekday told in the past: a report
#: of what happened "on Tuesday" comes out that day or the next; later in the week papers say
#: "last Tuesday" or give the date. Round values, not fitted.
_PAST_WEEKDAY = np.log(np.array([1.0, 1.0, 0.3, 0.2, 0.2, 0.2, 0.2]))
#: The same for publication 0, 1, ... 6 days before a weekday still to come ("will meet on
#: Friday"): mostly within the next two days.
_FUTURE_WEEKDAY = np.log(np.array([1.0, 1.0, 1.0, 0.3, 0.2, 0.2, 0.2]))
#: The same for a weekday said with "last" ("last Thursday"): a day of the week before, 2 to 7
#: days back (published on a Thursday, "last Thursday" is a week ago). The day after, papers
#: say "on Thursday" or "yesterday", so that day is unlikely; not the day or the next, as a
#: bare past weekday is (on Timeline17, 2 of 41 such weekdays the day after). Round values.
_LAST_WEEKDAY = np.log(np.array([1.0, 0.2, 1.0, 1.0, 1.0, 1.0, 1.0]))
_LAST = re.compile(r"(?i)last\s")
#: A yearless month and day: how many days away from publication it typically is, and the
#: chance that it is a background date unrelated to the day (then it says nothing).
MONTH_DAY_SCALE = 7.0
BACKGROUND = 0.5
#: A dateline's day ("MOSCOW, Sept. 20 --") is the day the story was filed: it is published
#: that day (online) or the next (in print), each about as likely. The rest of the weight is
#: for a dateline that is not the story's own (a second story's, below the first): round
#: values, not fitted.
DATELINE_DAY = 0.45
DATELINE_ELSEWHERE = 0.1


def clue_scores(
    days: np.ndarray,
    mentions: Sequence[TimeMention],
    dateline: tuple[int, int] | None = None,
) -> np.ndarray:
    """Log-likelihood of each candidate day (proleptic ordinals) under the article's yearless
    weekday and month-day references and the days it names (:func:`dated_scores`); zeros when
    it has none."""
    scores = np.zeros(len(days), dtype=np.float64)
    if not len(days):
        return scores
    weekdays = (days - 1) % 7  # date.fromordinal(1) is a Monday: 0 = Monday, as date.weekday
    scores += dated_scores(days, mentions, dateline)
    for mention in mentions:
        if mention.interval is not None:
            continue
        weekday = WEEKDAY_VALUE.fullmatch(mention.value)
        if weekday is not None:
            named = int(weekday.group(1)) - 1
            if _LAST.match(mention.text):
                scores += _LAST_WEEKDAY[(weekdays - named) % 7]
            elif mention.tense == "future":
                scores += _FUTURE_WEEKDAY[(named - weekdays) % 7]
            else:
                scores += _PAST_WEEKDAY[(weekdays - named) % 7]
            continue
        month_day = _MONTH_DAY.fullmatch(mention.value)
        if month_day is not None:
            scores += _month_day_scores(
                days, int(month_day.group(1)), int(month_day.group(2)), mention.tense
            )
    return scores


def dated_scores(
    days: np.ndarray,
    mentions: Sequence[TimeMention],
    dateline: tuple[int, int] | None = None,
) -> np.ndarray:
    """Log-likelihood of each candidate day under the full dates the article names with their
    year ("on June 3, 2010" in the past: published within days after it) and under its
    dateline's month and day (:func:`dateline_scores`); zeros without any. Unlike weekdays and
    month-days in the story these name one day only (a dateline one a year, and news is
    dated within a year by its neighbours), so they can place an article anywhere in a long
    window, not just within a week."""
    scores = dateline_scores(days, dateline)
    for mention in mentions:
        interval = mention.interval
        if interval is None or mention.relative or mention.type != "DATE" or not interval.is_day:
            continue
        scores += _distance_scores(days, [interval.start.toordinal()], mention.tense)
    return scores


_WEEKDAY_NAME = re.compile(
    r"(?i)(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?"
)
#: A weekday's number by its first three letters, as the lexicon numbers them.
_WEEKDAY_NUMBER = {name[:3]: number for name, number in WEEKDAYS.items()}


def with_weekday_years(
    mentions: Sequence[TimeMention], first_year: int, last_year: int
) -> list[TimeMention]:
    """The mentions, each yearless date written with its weekday ("Wednesday, May 12") given
    the one year from ``first_year`` to ``last_year`` in which that day is that weekday: a
    month-day falls on a given weekday once in about six years, so within the years the
    article can be from, the weekday names the year and the date is as full as one written
    with it. Where two years fit, or none, the mention is left yearless."""
    found: list[TimeMention] = []
    for mention in mentions:
        month_day = _MONTH_DAY.fullmatch(mention.value)
        weekday = _WEEKDAY_NAME.match(mention.text)
        if mention.interval is not None or month_day is None or weekday is None:
            found.append(mention)
            continue
        named = _WEEKDAY_NUMBER[weekday.group(1).lower()[:3]]
        month, day = int(month_day.group(1)), int(month_day.group(2))
        fitting = [
            date
            for date in month_day_in_years(month, day, range(first_year, last_year + 1))
            if date.weekday() == named
        ]
        if len(fitting) != 1:
            found.append(mention)
            continue
        found.append(
            dataclasses.replace(
                mention, value=fitting[0].isoformat(), interval=DateInterval.day(fitting[0])
            )
        )
    return found


def dateline_scores(days: np.ndarray, dateline: tuple[int, int] | None) -> np.ndarray:
    """Log-likelihood of each candidate day under the dateline's (month, day) without a year
    ("REYKJAVIK, Iceland, Oct. 9 --", read by :func:`storyline.ingest.textdate.find_dateline_day`):
    published on that day of some year or the next day; zeros without a dateline."""
    if dateline is None or not len(days):
        return np.zeros(len(days), dtype=np.float64)
    month, day = dateline
    first, last = _years_spanned(days)
    filed = _month_day_ordinals(month, day, range(first - 1, last + 1))
    if not filed:
        return np.zeros(len(days), dtype=np.float64)
    after = days[:, None] - np.array(filed, dtype=np.int64)[None, :]  # publication - filed
    on_time = ((after == 0) | (after == 1)).any(axis=1)
    scores = np.full(len(days), np.log(DATELINE_ELSEWHERE / 365.0), dtype=np.float64)
    scores[on_time] = np.log(DATELINE_DAY)
    return scores


def _month_day_scores(days: np.ndarray, month: int, day: int, tense: str) -> np.ndarray:
    """The month-day in every year the candidate days could mean (see :func:`_distance_scores`)."""
    first, last = _years_spanned(days)
    targets = _month_day_ordinals(month, day, range(first - 1, last + 2))
    return _distance_scores(days, targets, tense)


def _years_spanned(days: np.ndarray) -> tuple[int, int]:
    """The years of the first and last candidate day (ordinals)."""
    return dt.date.fromordinal(int(days.min())).year, dt.date.fromordinal(int(days.max())).year


def _month_day_ordinals(month: int, day: int, years: range) -> list[int]:
    """The month-day in each of the years, as ordinals (29 February only in leap years)."""
    return [found.toordinal() for found in month_day_in_years(month, day, years)]


def _distance_scores(days: np.ndarray, targets: list[int], tense: str) -> np.ndarray:
    """Days from the nearest target on the tense's side (past: publication after it; future:
    before it; neither: either side), as a robust log-likelihood."""
    if not targets:
        return np.zeros(len(days), dtype=np.float64)
    delta = days[:, None] - np.array(targets, dtype=np.int64)[None, :]  # publication - date
    if tense == "future":
        away = np.where(delta <= 0, -delta, 10_000).min(axis=1)
    elif tense == "past":
        away = np.where(delta >= 0, delta, 10_000).min(axis=1)
    else:
        away = np.abs(delta).min(axis=1)
    near = np.exp(-away / MONTH_DAY_SCALE) / MONTH_DAY_SCALE
    return np.asarray(np.log(BACKGROUND / 365.0 + (1 - BACKGROUND) * near), dtype=np.float64)
