"""A build whose articles are analysed in worker processes hands the main process what those
read of each text alone (the time-expression readings, duplicate detection's keys), so the
corpus stages, which run on that one process, do not read the texts again."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.analyse import timex
from storyline.core import Storyline
from storyline.link import dating_similar, duplicates, text_keys
from storyline.pipeline import BuildOptions
from storyline.recent import Recent
from storyline.store import open_store

from .conftest import COLLECTED_ON, copy_of_seeds


def test_a_build_in_worker_processes_hands_over_what_it_read_of_each_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_of_seeds(tmp_path / "in")
    monkeypatch.setattr(timex, "_READINGS", Recent(timex._READINGS.limit))
    monkeypatch.setattr(text_keys, "_KEPT", Recent(text_keys._KEPT.limit))
    # Only this process's reads are counted: the workers are processes of their own.
    read: list[str] = []
    real_read, real_minhash = timex._read, duplicates.minhash
    real_words = dating_similar.words_to_bytes
    monkeypatch.setattr(
        timex, "_read", lambda text, s, others: read.append(text) or real_read(text, s, others)
    )
    monkeypatch.setattr(duplicates, "minhash", lambda text: read.append(text) or real_minhash(text))
    # Dating reads the words of sentences here (not handed over); of whole texts, none.
    worded: list[str] = []
    monkeypatch.setattr(
        dating_similar, "words_to_bytes", lambda text: worded.append(text) or real_words(text)
    )
    report = Storyline(tmp_path / "s.db").build(
        [str(folder)], BuildOptions(collected_on=COLLECTED_ON, workers=2)
    )
    assert report.ok and report.corpus_rebuilt
    seeds = len(list(folder.glob("*.txt")))
    assert len(timex._READINGS) == seeds
    assert len(text_keys._KEPT) == seeds
    # The seeds' undated articles were dated again in the corpus stages, from the readings.
    with open_store(tmp_path / "s.db") as store:
        articles = store.articles()
    assert any(a.published.provenance == "inferred" for a in articles)
    assert read == []
    assert not {a.text for a in articles} & set(worded)
