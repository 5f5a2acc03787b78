"""Telling the stories apart from the store's connection (as a forked child does) tells what
telling in turn tells, reads the kept vectors through a connection of its own, writes
nothing, and hands back the vectors it embedded."""

from __future__ import annotations

import shutil
from pathlib import Path

from storyline.link.corpus import Corpus
from storyline.link.telling import Told, tell_stories, tell_stories_apart
from storyline.link.vector_cache import StoreVectorCache
from storyline.store import Store, open_store


def _kept(store: Store) -> int:
    return int(store._rows("SELECT COUNT(*) FROM text_vectors")[0][0])


def _told_apart_as_in_turn(store: Store) -> Told:
    stories, happenings = store.stories(), store.happenings()
    entities, duplicates = store.entities(), store.duplicates()
    apart_corpus = Corpus.load(store)
    apart_corpus.vector_cache = cache = StoreVectorCache(store)
    before = _kept(store)
    apart = tell_stories_apart(apart_corpus, store, stories, happenings, entities, duplicates)
    assert apart_corpus.vector_cache is cache  # its own cache given back
    assert _kept(store) == before  # nothing written
    in_turn_corpus = Corpus.load(store)
    in_turn_corpus.vector_cache = StoreVectorCache(store)
    in_turn = tell_stories(in_turn_corpus, stories, happenings, entities, duplicates)
    assert (apart.timelines, apart.discrepancies) == (in_turn.timelines, in_turn.discrepancies)
    return apart


def test_stories_told_apart_read_the_kept_vectors(tmp_path: Path, seed_db: Path) -> None:
    db = tmp_path / "s.db"
    shutil.copy(seed_db, db)
    with open_store(db) as store:
        apart = _told_apart_as_in_turn(store)
    assert apart.timelines and apart.discrepancies
    assert apart.unkept_vectors == {}  # every one was kept


def test_stories_told_apart_hand_back_what_they_embedded(tmp_path: Path, seed_db: Path) -> None:
    db = tmp_path / "s.db"
    shutil.copy(seed_db, db)
    with open_store(db) as store:
        with store.transaction():
            store.drop_text_vectors()
        apart = _told_apart_as_in_turn(store)
        handed = apart.unkept_vectors
        assert handed
        # Telling in turn (above) kept what it embedded: the same vectors.
        kept = StoreVectorCache(store).get(list(handed))
    assert set(kept) == set(handed)
    for text, vector in handed.items():
        assert kept[text].tobytes() == vector.tobytes()
