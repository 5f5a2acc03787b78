"""The time-expression pattern scan is kept for recent texts: the dating stage and the
time-expression stage read the same article one after the other, and refining dates across
the corpus reads undated articles again."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyse import timex
from storyline.analyse.sentences import split_sentences
from storyline.models import DateInterval
from storyline.recent import Recent

TEXT = "The minister arrived on Monday. Talks will resume on March 3, 2024, officials said."


def test_the_second_reading_of_a_text_reuses_the_scan_and_gives_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scanned: list[str] = []
    scan = timex._scan

    def counting(text: str, others: bool = True) -> tuple[timex.Hit, ...]:
        scanned.append(text)
        return scan(text, others=others)

    monkeypatch.setattr(timex, "_scan", counting)
    monkeypatch.setattr(timex, "_SCANS", Recent(2048))
    monkeypatch.setattr(timex, "_READINGS", Recent(8192))  # else the reading spares the scan
    sentences = split_sentences("a", TEXT)
    undated = timex.find_time_expressions("a", TEXT, sentences, None, "en")
    dated = timex.find_time_expressions(
        "a", TEXT, sentences, DateInterval.day(dt.date(2024, 2, 28)), "en"
    )
    assert scanned == [TEXT]
    assert [(m.start, m.end) for m in undated] == [(m.start, m.end) for m in dated]
    assert any(m.value == "2024-03-03" for m in dated)


def test_the_oldest_scan_is_dropped_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timex, "_SCANS", Recent(2))
    for text in ("on Monday", "on Tuesday", "on Friday"):
        timex._find(text)
    assert len(timex._SCANS) == 2


def test_callers_get_their_own_list() -> None:
    first = timex._find(TEXT)
    first.clear()
    assert timex._find(TEXT)
