"""The SQLite store: migrations, WAL, idempotent writes, failures, the build lock."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from storyline.errors import BuildLockedError, StoreError
from storyline.models import Article, DateInterval, Failure, PublicationDate, Sentence
from storyline.store import open_store
from storyline.store.schema import MIGRATIONS


def _article(article_id: str = "a" * 16, text: str = "Some text.") -> Article:
    return Article(
        id=article_id,
        source="x.txt",
        text=text,
        title="T",
        published=PublicationDate(DateInterval.day(dt.date(2022, 4, 20)), "text", ("line 1",)),
    )


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert store.schema_version() == len(MIGRATIONS)
        mode = store.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_article_round_trips_with_raw_input_kept(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store, store.transaction():
        store.put_article(
            _article(),
            raw=b"\xffraw bytes",
            raw_text="raw",
            media_type="text/plain",
            metadata={"outlet": "X"},
        )
    with open_store(tmp_path / "s.db", readonly=True) as store:
        article = store.article("a" * 16)
        assert article == _article()
        assert store.raw_input("a" * 16) == (b"\xffraw bytes", "raw", "text/plain", {"outlet": "X"})


def test_putting_the_same_article_twice_keeps_one(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        for _ in range(2):
            with store.transaction():
                store.put_article(
                    _article(), raw=b"r", raw_text="r", media_type="text/plain", metadata={}
                )
                store.put_sentences("a" * 16, [Sentence("a" * 16, 0, 0, 10, "Some text.")])
        assert store.article_ids() == ["a" * 16]
        assert [s.text for s in store.sentences("a" * 16)] == ["Some text."]


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.put_article(
                _article(), raw=b"r", raw_text="r", media_type="text/plain", metadata={}
            )
            raise RuntimeError("killed")
        assert store.article_ids() == []


def test_failures_are_recorded_replaced_and_cleared(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with store.transaction():
            store.record_failure(Failure("bad.bin", "extract", "binary content", "IngestError"))
            store.record_failure(Failure("bad.bin", "extract", "binary again", "IngestError"))
        assert [(f.source, f.reason) for f in store.failures()] == [("bad.bin", "binary again")]
        with store.transaction():
            store.clear_failures("bad.bin")
        assert store.failures() == []


def test_relinking_a_source_to_new_content_reports_the_orphan(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store, store.transaction():
        assert store.link_source("x.txt", "a" * 16, "h1") is None
        assert store.link_source("y.txt", "a" * 16, "h1") is None
        assert store.link_source("x.txt", "b" * 16, "h2") is None  # y.txt still uses a…
        assert store.link_source("y.txt", "b" * 16, "h2") == "a" * 16


def test_a_second_build_lock_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as first, open_store(tmp_path / "s.db") as second:
        first.acquire_build_lock()
        with pytest.raises(BuildLockedError, match="another build is writing"):
            second.acquire_build_lock()
        first.release_build_lock()
        second.acquire_build_lock()


def test_opening_something_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "not.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_store(bogus)


def test_readonly_open_of_a_missing_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no storyline database"):
        open_store(tmp_path / "missing.db", readonly=True)


def test_schema_is_sqlite_not_a_mock(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db"):
        pass
    tables = {
        r[0]
        for r in sqlite3.connect(tmp_path / "s.db").execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    }
    assert {"articles", "raw_inputs", "failures", "stage_runs", "happenings"} <= tables
