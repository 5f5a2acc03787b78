"""The time-expression pattern scan is kept for the last few texts: the dating stage and the
time-expression stage read the same article one after the other."""

from __future__ import annotations

import datetime as dt

from storyline.analyse import timex
from storyline.analyse.sentences import split_sentences
from storyline.models import DateInterval

TEXT = "The minister arrived on Monday. Talks will resume on March 3, 2024, officials said."


def test_the_second_reading_of_a_text_reuses_the_scan_and_gives_the_same_result() -> None:
    sentences = split_sentences("a", TEXT)
    timex._find_once.cache_clear()
    undated = timex.find_time_expressions("a", TEXT, sentences, None, "en")
    dated = timex.find_time_expressions(
        "a", TEXT, sentences, DateInterval.day(dt.date(2024, 2, 28)), "en"
    )
    info = timex._find_once.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    assert [(m.start, m.end) for m in undated] == [(m.start, m.end) for m in dated]
    assert any(m.value == "2024-03-03" for m in dated)


def test_callers_get_their_own_list() -> None:
    first = timex._find(TEXT)
    first.clear()
    assert timex._find(TEXT)
