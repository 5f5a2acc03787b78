"""The tagger's reading of a text (its expressions, their tenses and sentences) does not
depend on the publication date, so it is kept by text and handed from the processes that
analyse articles to the one that links the corpus, where dating an undated article only
normalises its expressions again."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse import timex
from storyline.analyse.sentences import split_sentences
from storyline.models import DateInterval
from storyline.recent import Recent

TEXT = (
    "The minister arrived on Monday. Talks will resume in March, officials said. "
    "Since Oct. 23 the border has been closed; a year earlier it was open until Tuesday."
)

_PIECES = st.sampled_from(
    [
        "on Monday",
        "next week",
        "in March",
        "last year",
        "March 3",
        "since Oct. 23",
        "until Tuesday",
        "a year earlier",
        "the third quarter",
        "will meet",
        "met",
        "had said",
        "by Friday",
        "in 2021",
        "yesterday",
        ".",
        ", officials said.",
        " ",
    ]
)
_DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timex, "_READINGS", Recent(8192))


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=14), first=_DAYS, second=_DAYS)
def test_a_reading_kept_under_one_date_normalises_as_a_fresh_one_under_another(
    pieces: list[str], first: dt.date, second: dt.date
) -> None:
    text = "The talks " + " ".join(pieces) + "."
    sentences = split_sentences("a", text)
    timex.find_time_expressions("a", text, sentences, DateInterval.day(first), "en")
    kept = timex.find_time_expressions("a", text, sentences, DateInterval.day(second), "en")
    timex._READINGS.clear()
    fresh = timex.find_time_expressions("a", text, sentences, DateInterval.day(second), "en")
    assert kept == fresh


def test_a_handed_over_reading_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = split_sentences("a", TEXT)
    readings = timex._read(TEXT, sentences, False)
    anchor = DateInterval.day(dt.date(2024, 2, 28))
    expected = timex.find_time_expressions("a", TEXT, sentences, anchor, "en")
    timex._READINGS.clear()
    read: list[str] = []
    real_read = timex._read
    monkeypatch.setattr(
        timex, "_read", lambda text, s, others: read.append(text) or real_read(text, s, others)
    )
    timex.keep_readings(TEXT, sentences, readings)
    assert timex.find_time_expressions("a", TEXT, sentences, anchor, "en") == expected
    assert read == []


def test_another_sentence_split_is_read_again() -> None:
    whole = split_sentences("a", TEXT)
    one = [whole[0].__class__("a", 0, 0, len(TEXT), TEXT)]
    timex.read_time_expressions(TEXT, whole)
    assert timex._reading_key(TEXT, whole, "en") != timex._reading_key(TEXT, one, "en")
    single = timex.read_time_expressions(TEXT, one)
    assert {r.sentence for r in single} == {0}
    assert len(timex._READINGS) == 2


def test_the_oldest_reading_is_dropped_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timex, "_READINGS", Recent(2))
    texts = ("on Monday", "on Tuesday", "on Friday")
    for text in texts:
        timex.read_time_expressions(text, split_sentences("a", text))
    assert len(timex._READINGS) == 2
    key = timex._reading_key(texts[0], split_sentences("a", texts[0]), "en")
    assert key not in timex._READINGS


def test_a_worker_process_keeps_only_its_last_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's readings go to the process that links the corpus; it keeps only the few
    its next stage reads again (a build's workers grew by a hundred megabytes otherwise)."""
    from storyline import pipeline
    from storyline.analyse import entities

    monkeypatch.setattr(entities, "load_ner", lambda: None)
    monkeypatch.setattr(pipeline, "single_threaded_blas", lambda: None)  # this process's BLAS
    pipeline.warm_worker()
    for n in range(3 * pipeline.WORKER_READINGS_KEPT):
        text = f"Talks resumed on Monday, {n} days after the vote."
        timex.read_time_expressions(text, split_sentences("a", text))
    assert len(timex._READINGS) == pipeline.WORKER_READINGS_KEPT


def test_readings_in_english_and_in_other_languages_are_kept_apart() -> None:
    """German's, French's, Italian's and Portuguese's patterns are read only in articles not
    in English: a reading kept for one is not given for the other."""
    text = "Am 3. März 2020 sprach er."
    sentences = split_sentences("a", text)
    anchor = DateInterval.day(dt.date(2020, 3, 12))
    german = timex.find_time_expressions("a", text, sentences, anchor, "de")
    english = timex.find_time_expressions("a", text, sentences, anchor, "en")
    assert [m.value for m in german] == ["2020-03-03"]
    assert [m.value for m in english] == ["2020"]
