"""An incremental link's commits leave copying the write-ahead log to a thread beside them.

Regression: SQLite's automatic checkpoint ran inside whichever commit grew the log past 1,000
pages, so every few links one waited 15–30 ms for the copy and its fsync (at 100,000 articles).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from storyline.store import SQLiteStore, open_store
from storyline.store.sqlite import AUTOCHECKPOINT_PAGES

THREAD = "storyline-wal-checkpoint"


def _write(store: SQLiteStore, first: int, count: int) -> None:
    for n in range(first, first + count):
        with store.transaction():
            store.put_link_state("article", [(f"a{n:05d}", None, None, bytes(8192), "{}")])


def _autocheckpoint(store: SQLiteStore) -> int:
    return int(store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def _checkpointers() -> int:
    return sum(t.name == THREAD for t in threading.enumerate())


def _grows(path: Path, before: int, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.stat().st_size > before:
            return True
        time.sleep(0.02)
    return False


def test_commits_inside_do_not_copy_the_log_and_the_thread_does(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        _write(store, 0, 1)
        before = path.stat().st_size
        with store.checkpoints_beside():
            assert _autocheckpoint(store) == 0  # no commit of the writer's copies the log
            assert _checkpointers() == 1
            _write(store, 1, 40)
            # Only the thread copies the log into the database file while inside.
            assert _grows(path, before)
        assert _checkpointers() == 0
        assert _autocheckpoint(store) == AUTOCHECKPOINT_PAGES
        _write(store, 41, 5)
    with open_store(path) as store:
        assert len(store.link_state("article")) == 46
        assert store._rows("PRAGMA integrity_check") == [("ok",)]


def test_without_it_the_writer_copies_the_log_itself(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        assert _autocheckpoint(store) == AUTOCHECKPOINT_PAGES
        _write(store, 0, 1)
        before = path.stat().st_size
        # Past AUTOCHECKPOINT_PAGES pages of log (a row of 8 kB takes at least a page): some
        # commit of the writer's own copied the log into the database file, with no thread.
        _write(store, 1, AUTOCHECKPOINT_PAGES + 50)
        assert _checkpointers() == 0
        assert path.stat().st_size > before


def test_closing_the_store_inside_stops_the_thread(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    with store.checkpoints_beside():
        _write(store, 0, 5)
        store.close()
    assert _checkpointers() == 0
    with open_store(tmp_path / "s.db") as reopened:
        assert len(reopened.link_state("article")) == 5


def test_a_failed_write_inside_leaves_the_writer_as_it_was(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.checkpoints_beside():
            _write(store, 0, 2)
            raise RuntimeError("a link failed")
        assert _checkpointers() == 0
        assert _autocheckpoint(store) == AUTOCHECKPOINT_PAGES
        assert len(store.link_state("article")) == 2


def test_nested_use_keeps_one_thread(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store, store.checkpoints_beside():
        with store.checkpoints_beside():
            assert _checkpointers() == 1
        assert _checkpointers() == 1  # the outer one's, still running
        assert _autocheckpoint(store) == 0
