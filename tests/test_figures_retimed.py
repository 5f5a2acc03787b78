"""An article dated again in the corpus stages has its figures redone: when its time
expressions keep their places, only each figure's time is worked out again, and that must be
what reading the whole text again gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse import figures
from storyline.analyse.figures import find_figures, retime_figures
from storyline.analyse.sentences import split_sentences
from storyline.analyse.timex import find_time_expressions
from storyline.models import DateInterval

from .strategies import joined_words

WORDS = (
    "the talks on Monday in March last year next week March 3 2021 a year earlier said "
    "officials 1,200 people 3.5 million dollars $4bn 40% crossed the border in January "
    "arrests rose to 250,000 since Oct. 23 by Friday third quarter yesterday migrants "
    "almost 11 million"
).split()

_DAYS = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2030, 12, 31))


def texts() -> st.SearchStrategy[str]:
    return joined_words(WORDS, (" ", " ", ". ", ", ", "\n\n", " "), max_words=40)


def _read(text: str, day: dt.date) -> tuple[list, list]:
    sentences = split_sentences("a", text)
    times = find_time_expressions("a", text, sentences, DateInterval.day(day), "en")
    return times, find_figures("a", text, sentences, times)


@settings(max_examples=300, deadline=None)
@given(text=texts(), first=_DAYS, second=_DAYS)
def test_figures_retimed_are_the_figures_read_again(
    text: str, first: dt.date, second: dt.date
) -> None:
    before, read_before = _read(text, first)
    after, read_after = _read(text, second)
    sentences = split_sentences("a", text)
    assert retime_figures("a", text, sentences, read_before, before, after) == read_after


def test_a_date_of_another_place_reads_the_text_again(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Arrests rose to 250,000 in March. By Friday 1,200 people had crossed."
    before, read_before = _read(text, dt.date(2024, 5, 1))
    moved = [replace(before[0], start=before[0].start + 1), *before[1:]]
    calls: list[str] = []
    real = figures.find_figures
    monkeypatch.setattr(figures, "find_figures", lambda *a: calls.append(a[1]) or real(*a))
    sentences = split_sentences("a", text)
    assert retime_figures("a", text, sentences, read_before, before, moved) == real(
        "a", text, sentences, moved
    )
    assert calls == [text]


def test_a_figure_takes_the_new_value_of_its_sentences_date() -> None:
    text = "Arrests rose to 250,000 in March, officials said."
    before, read_before = _read(text, dt.date(2024, 5, 1))
    after, _ = _read(text, dt.date(2021, 5, 1))
    retimed = retime_figures("a", text, split_sentences("a", text), read_before, before, after)
    assert [f.time for f in read_before] == ["2024-03"]
    assert [f.time for f in retimed] == ["2021-03"]
