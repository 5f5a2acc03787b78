"""A server's Storyline keeps each thread's read-only connection between calls, and drops it
when a call fails (the next call opens a new one)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from storyline.core import NotFound, Storyline


def test_a_thread_reuses_its_reader_and_other_threads_get_their_own(seed_db: Path) -> None:
    app = Storyline(seed_db, keep_readers=True)
    app.stories()
    first = app._readers.store
    app.story_summaries()
    assert app._readers.store is first
    seen: list[object] = []

    def other() -> None:
        app.stories()
        seen.append(app._readers.store)

    worker = threading.Thread(target=other)
    worker.start()
    worker.join()
    assert seen and seen[0] is not first


def test_a_failed_call_drops_the_reader_and_the_next_call_opens_one(seed_db: Path) -> None:
    app = Storyline(seed_db, keep_readers=True)
    app.stories()
    before = app._readers.store
    with pytest.raises(NotFound):
        app.entity_detail("no-such-entity")
    assert app._readers.store is None
    assert app.stories()
    assert app._readers.store is not None and app._readers.store is not before


def test_without_keeping_readers_nothing_is_kept(seed_db: Path) -> None:
    app = Storyline(seed_db)
    app.stories()
    assert getattr(app._readers, "store", None) is None
