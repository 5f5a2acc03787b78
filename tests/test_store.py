"""The store, on every backend (SQLite and a real PostgreSQL server): migrations, idempotent
writes, atomic transactions, failures, the build lock, readers; then what is backend-specific."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

from storyline.errors import BuildLockedError, StoreError
from storyline.models import (
    Article,
    DateInterval,
    Duplicate,
    Entity,
    Event,
    Failure,
    Mention,
    PublicationDate,
    Sentence,
    Story,
)
from storyline.store import PostgresStore, SQLiteStore, Store, open_store
from storyline.store.base import HAPPENING_STATE_KEY, NEXT_STORY_SEQ
from storyline.store.postgres import MISSING_DRIVER
from storyline.store.schema import MIGRATIONS

from .pg import free_port

#: The fixtures that run a test on every backend (store, store_location, postgres_url).
pytest_plugins = ("tests.pg",)

A = "a" * 16
B = "b" * 16


def _article(article_id: str = A, text: str = "Some text.", source: str = "x.txt") -> Article:
    return Article(
        id=article_id,
        source=source,
        text=text,
        title="T",
        published=PublicationDate(DateInterval.day(dt.date(2022, 4, 20)), "text", ("line 1",)),
    )


def _put(store: Store, article: Article) -> None:
    store.put_article(article, raw=b"r", raw_text="r", media_type="text/plain", metadata={})


# -- every backend ---------------------------------------------------------------------------


def test_new_store_is_migrated(store: Store) -> None:
    assert store.schema_version() == len(MIGRATIONS)
    assert store.counts()["articles"] == 0


def test_opening_again_keeps_the_data_and_migrates_nothing(store_location: str) -> None:
    with open_store(store_location) as store, store.transaction():
        _put(store, _article())
    with open_store(store_location) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert store.article_ids() == [A]


def test_article_round_trips_with_raw_input_kept(store_location: str) -> None:
    with open_store(store_location) as store, store.transaction():
        store.put_article(
            _article(text="Ünïcode — “quoted” 😀 text."),
            raw=b"\x00\xffraw bytes",
            raw_text="raw",
            media_type="text/plain",
            metadata={"outlet": "X"},
        )
    with open_store(store_location, readonly=True) as store:
        assert store.article(A) == _article(text="Ünïcode — “quoted” 😀 text.")
        assert store.raw_input(A) == (b"\x00\xffraw bytes", "raw", "text/plain", {"outlet": "X"})
        assert store.raw_input(B) is None
        assert store.article(B) is None
        assert store.has_article(A) and not store.has_article(B)


def test_regression_a_command_that_only_read_left_the_wal_files(tmp_path: Path) -> None:
    """A reader opened the file read-only, and the last connection to a WAL database removes
    its ``-wal`` and ``-shm`` only if it may write: ``storyline timeline`` or ``export`` after
    a build left both beside the database. A reader still refuses every write. (And a
    reader's URI was the path as it is: a file named with a "#" was not found.)"""
    db = tmp_path / "a store #1.db"  # a name a URI must escape
    with open_store(db) as store, store.transaction():
        _put(store, _article())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a store #1.db"]
    with open_store(db, readonly=True) as reader:
        assert reader.article(A) == _article()
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader._run("DELETE FROM articles")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a store #1.db"]


def test_a_reader_of_a_store_it_may_not_write_opens_it_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store, store.transaction():
        _put(store, _article())
    monkeypatch.setattr("storyline.store.sqlite.os.access", lambda *_args: False)
    with open_store(db, readonly=True) as reader:
        assert isinstance(reader, SQLiteStore)
        assert reader.db.execute("PRAGMA query_only").fetchone() == (0,)
        assert reader.article(A) == _article()
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader._run("DELETE FROM articles")


def test_putting_the_same_article_twice_keeps_one(store: Store) -> None:
    for _ in range(2):
        with store.transaction():
            _put(store, _article())
            store.put_sentences(A, [Sentence(A, 0, 0, 10, "Some text.")])
    assert store.article_ids() == [A]
    assert [s.text for s in store.sentences(A)] == ["Some text."]


def test_putting_an_article_again_starts_it_afresh(store: Store) -> None:
    mention = Mention(A, 0, 4, "Some", "ORG", 0)
    with store.transaction():
        _put(store, _article())
        store.put_sentences(A, [Sentence(A, 0, 0, 10, "Some text.")])
        store.put_extractions(A, "mentions", [mention])
        store.mark_stage(A, "sentences", "1")
    assert store.extractions("mentions", Mention, A) == [mention]
    assert store.stage_versions(A) == {"sentences": "1"}
    with store.transaction():
        _put(store, _article())
    assert store.sentences(A) == []
    assert store.extractions("mentions", Mention) == []
    assert store.stage_versions(A) == {}


def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        _put(store, _article())
        raise RuntimeError("killed")
    assert store.article_ids() == []
    with store.transaction():  # and the store is usable afterwards
        _put(store, _article())
    assert store.article_ids() == [A]


def test_a_transaction_inside_another_lands_with_it_and_fails_alone(store: Store) -> None:
    """Regression: on SQLite a write opened inside another (the vector cache keeping the
    embeddings a link computes inside its own transaction) failed with "cannot start a
    transaction within a transaction", where PostgreSQL nests it as a savepoint."""
    with pytest.raises(RuntimeError), store.transaction():
        with store.transaction():
            _put(store, _article())
        raise RuntimeError("killed after the inner write")
    assert store.article_ids() == []  # the inner write went with the outer one
    with store.transaction():
        with pytest.raises(RuntimeError), store.transaction():
            store.record_failure(Failure("bad.bin", "extract", "binary", "IngestError"))
            raise RuntimeError("the inner write fails")
        _put(store, _article())
    assert store.article_ids() == [A]
    assert store.failures() == []  # only the inner write was undone


def test_sentences_and_extractions_of_many_articles_match_one_by_one(store: Store) -> None:
    """The batched reads a corpus of chosen articles loads through (two queries a chunk
    instead of several per article) give what the per-article reads give, in id order."""
    ids = [f"{i:016x}" for i in (3, 1, 2)]
    with store.transaction():
        for n, article_id in enumerate(ids):
            text = f"First {n}. Second sentence {n}."
            _put(store, _article(article_id, text, f"{article_id}.txt"))
            store.put_sentences(
                article_id,
                [Sentence(article_id, 0, 0, 8, ""), Sentence(article_id, 1, 9, len(text), "")],
            )
            mentions = [Mention(article_id, 0, 5, "First", "ORG", 0)] * (n + 1)
            store.put_extractions(article_id, "mentions", mentions)
    articles = store.articles_by_id(ids[:2])
    assert store.sentences_of(articles) == {a: store.sentences(a) for a in ids[:2]}
    assert store.sentences_of(articles)[ids[1]][1].text == "Second sentence 1."
    one_by_one = [m for a in sorted(ids[:2]) for m in store.extractions("mentions", Mention, a)]
    assert store.extractions_of("mentions", Mention, ids[:2]) == one_by_one
    assert len(one_by_one) == 3


def test_the_copies_of_an_original_are_found_by_it(store: Store) -> None:
    ids = [f"{i:016x}" for i in range(4)]
    with store.transaction():
        for article_id in ids:
            _put(store, _article(article_id, f"Text {article_id}.", f"{article_id}.txt"))
        store.put_duplicate(Duplicate(ids[2], ids[0], "near", 0.9))
        store.put_duplicate(Duplicate(ids[1], ids[0], "rewrite", 0.7))
        store.put_duplicate(Duplicate(ids[3], ids[2], "exact", 1.0))
    assert store.copies_of(ids[0]) == [
        Duplicate(ids[1], ids[0], "rewrite", 0.7),
        Duplicate(ids[2], ids[0], "near", 0.9),
    ]
    assert store.copies_of(ids[1]) == []
    assert store.copying([*ids, "0" * 15 + "f"]) == {ids[1], ids[2], ids[3]}
    assert store.copying([ids[0]]) == set() == store.copying([])


def test_the_events_of_articles_are_found_by_their_ids(store: Store) -> None:
    ids = [f"{i:016x}" for i in range(3)]
    with store.transaction():
        for article_id in ids:
            _put(store, _article(article_id, f"Text {article_id}.", f"{article_id}.txt"))
        store.put_event(Event("ev-a", (ids[0], ids[1])), [ids[0], ids[1]])
        store.put_event(Event("ev-b", (ids[1],)), [ids[1]])
    assert store.events_of([ids[1]]) == {"ev-a", "ev-b"}
    assert store.events_of([ids[0], ids[2]]) == {"ev-a"}
    assert store.events_of([ids[2]]) == set() == store.events_of([])


def test_failures_are_recorded_replaced_and_cleared(store: Store) -> None:
    with store.transaction():
        store.record_failure(Failure("bad.bin", "extract", "binary content", "IngestError"))
        store.record_failure(Failure("bad.bin", "extract", "binary again", "IngestError"))
        store.record_failure(Failure("bad.bin", "quotes", "tripped", "ValueError", A, True, "t"))
    assert [(f.source, f.stage, f.reason) for f in store.failures()] == [
        ("bad.bin", "extract", "binary again"),
        ("bad.bin", "quotes", "tripped"),
    ]
    quotes = Failure("bad.bin", "quotes", "tripped", "ValueError", A, True, "t")
    assert store.failures()[1] == quotes
    with store.transaction():
        store.clear_failures("bad.bin", ["quotes"])
    assert [f.stage for f in store.failures()] == ["extract"]
    with store.transaction():
        store.clear_failures("bad.bin")
    assert store.failures() == []


def test_relinking_a_source_to_new_content_reports_the_orphan(store: Store) -> None:
    with store.transaction():
        assert store.link_source("x.txt", A, "h1") is None
        assert store.link_source("y.txt", A, "h1") is None
        assert store.link_source("x.txt", B, "h2") is None  # y.txt still uses a…
        assert store.link_source("y.txt", B, "h2") == A
    assert store.source_hash("x.txt") == (B, "h2")
    assert store.source_hash("nowhere.txt") is None


def test_stage_marks_and_extractions_are_replaced_per_kind(store: Store) -> None:
    first, second = Mention(A, 0, 4, "Some", "ORG", 0), Mention(A, 5, 9, "text", "MISC", 0)
    with store.transaction():
        _put(store, _article())
        store.put_extractions(A, "mentions", [first, second])
        store.put_extractions(A, "mentions", [second])
        store.mark_stage(A, "entities", "1")
        store.mark_stage(A, "entities", "2")
        store.mark_stage(A, "quotes", "1")
        store.clear_stage(A, "quotes")
    assert store.extractions("mentions", Mention) == [second]
    assert store.stage_versions(A) == {"entities": "2"}
    assert store.counts()["mentions"] == 1


def test_text_is_ordered_bytewise_on_every_backend(store: Store) -> None:
    """SQLite compares text bytewise; PostgreSQL would use the database's locale."""
    sources = {"1" * 16: "b.txt", "2" * 16: "B.txt", "3" * 16: "_x.txt", "4" * 16: "a.txt"}
    with store.transaction():
        for article_id, source in sources.items():
            _put(store, _article(article_id, source=source))
        store.replace_corpus(
            entities=[
                Entity("e1", "beta", "ORG"),
                Entity("e2", "Alpha", "ORG"),
                Entity("e3", "alpha", "ORG"),
            ],
            mention_entities=[],
            duplicates=[],
            events=[],
            happenings=[],
            stories=[],
            timelines={},
            discrepancies=[],
            state={},
        )
    assert [sources[i] for i in store.article_ids()] == ["B.txt", "_x.txt", "a.txt", "b.txt"]
    assert [e.name for e in store.entities()] == ["Alpha", "alpha", "beta"]


def test_find_articles_matches_a_prefix_with_no_wildcards(store: Store) -> None:
    ids = ["ab_c" + "0" * 12, "abxc" + "0" * 12, "abc%" + "0" * 12, "zz" + "0" * 14]
    with store.transaction():
        for article_id in ids:
            _put(store, _article(article_id))
    assert store.find_articles("ab_") == [ids[0]]
    assert store.find_articles("abc%") == [ids[2]]
    assert store.find_articles("AB") == sorted(ids[:3])  # ASCII case does not matter
    assert store.find_articles("") == sorted(ids)
    assert store.find_articles("q") == []


def test_corpus_outputs_replace_the_previous_run_and_keep_floats_exact(store: Store) -> None:
    similarity = 0.123456789012345678
    entity = Entity("e1", "Alpha", "ORG", aliases=("A",), articles=(A,))
    for _ in range(2):
        with store.transaction():
            store.replace_corpus(
                entities=[entity],
                mention_entities=[(A, 0, "e1")],
                duplicates=[Duplicate(B, A, "near", similarity)],
                events=[],
                happenings=[],
                stories=[],
                timelines={},
                discrepancies=[],
                state={"fingerprint": "f", "version": "1"},
            )
    assert store.entities() == [entity]
    assert store.entity("e1") == entity and store.entity("e2") is None
    assert store.find_entities("a") == [entity]  # by alias
    assert store.mention_entities() == {(A, 0): "e1"}
    assert store.mention_entities(B) == {}
    assert store.duplicates() == [Duplicate(B, A, "near", similarity)]
    state = store.corpus_state()
    # Beside the run's state, the digest of the happenings' link state (emptied twice).
    assert state.pop(HAPPENING_STATE_KEY) == store.happening_state() != ""
    assert state == {"fingerprint": "f", "version": "1"}
    assert store.counts()["entities"] == 1


def test_a_second_build_lock_is_refused_with_a_clear_message(store_location: str) -> None:
    with open_store(store_location) as first, open_store(store_location) as second:
        first.acquire_build_lock()
        with pytest.raises(BuildLockedError, match=r"another build is writing .*wait for it"):
            second.acquire_build_lock()
        first.release_build_lock()
        second.acquire_build_lock()
        with pytest.raises(BuildLockedError, match=r"\(pid \d+ since "):
            first.acquire_build_lock()
    with open_store(store_location) as third:  # closing let go of the lock
        third.acquire_build_lock()


def test_a_reader_sees_committed_writes_and_cannot_write(store_location: str) -> None:
    with open_store(store_location) as writer, open_store(store_location, readonly=True) as r:
        with writer.transaction():
            _put(writer, _article())
        assert r.article_ids() == [A]
        with pytest.raises(Exception, match=r"(?i)read-?only"), r.transaction():
            r.record_failure(Failure("x", "extract", "no", "no"))
        assert writer.failures() == []


def test_a_stores_reader_is_a_connection_of_its_own_that_only_reads(store: Store) -> None:
    """What a forked child reads through (``Store.reader``): it sees what its store committed,
    not what a transaction still open there wrote, and refuses to write."""
    with store.transaction():
        _put(store, _article())
    with store.transaction():
        _put(store, _article(B))
        with store.reader() as reader:
            assert reader.readonly
            assert reader.article_ids() == [A]
            with pytest.raises(Exception, match=r"(?i)read-?only"), reader.transaction():
                reader.record_failure(Failure("x", "extract", "no", "no"))
    assert store.article_ids() == [A, B]
    assert store.failures() == []


def test_two_openers_of_a_new_store_migrate_it_once(store_location: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def open_it() -> None:
        try:
            barrier.wait()
            with open_store(store_location) as opened:
                assert opened.schema_version() == len(MIGRATIONS)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


class _BrokenMigration:
    """A last migration whose statement the database rejects, as a build killed mid-set-up
    would stop it."""

    def statements(self, dialect: str) -> list[str]:
        return ["THIS IS NOT SQL"]


def test_regression_store_left_half_set_up_by_a_build_killed_while_creating_it(
    store_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The migrations were committed one by one: a build killed between two left a store at an
    # older version, which readers refused as "not a storyline database of this version".
    import storyline.store.base as base

    monkeypatch.setattr(base, "MIGRATIONS", (*MIGRATIONS[:-1], _BrokenMigration()))
    with pytest.raises(StoreError):
        open_store(store_location)
    monkeypatch.undo()
    with pytest.raises(StoreError, match="no storyline database at"):
        open_store(store_location, readonly=True)
    with open_store(store_location) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert store.counts()["articles"] == 0


# -- SQLite ----------------------------------------------------------------------------------


def test_sqlite_store_is_in_wal_mode(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert isinstance(store, SQLiteStore)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_the_next_story_place_is_read_from_an_index_not_a_pass_over_the_stories(
    tmp_path: Path,
) -> None:
    """Migration 6: where the next new story goes (after the last place) is one lookup in the
    index on the stories' places; an incremental link asks after every story it joins into
    another, and a pass over 39,000 stories cost 15 ms."""
    with open_store(tmp_path / "s.db") as store:
        assert isinstance(store, SQLiteStore)
        assert store.next_story_seq() == 0
        with store.transaction():
            for seq in (0, 1, 5):
                store.put_story(Story(f"st{seq}", "a story", (), ()), seq)
        assert store.next_story_seq() == 6
        plan = store.db.execute(f"EXPLAIN QUERY PLAN {NEXT_STORY_SEQ}").fetchall()
        assert "USING COVERING INDEX stories_seq" in " ".join(str(row[-1]) for row in plan)


def test_sqlite_url_is_a_path(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        assert isinstance(store, SQLiteStore)
        assert store.path.resolve() == (tmp_path / "s.db").resolve()


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


def test_an_unknown_url_scheme_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown store mysql://"):
        open_store("mysql://u@h/db")


# -- PostgreSQL ------------------------------------------------------------------------------


def test_postgres_url_opens_a_postgres_store(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        assert isinstance(store, PostgresStore)
        assert store.conn.execute("SELECT version FROM schema_version").fetchall() == [
            (len(MIGRATIONS),)
        ]
        tables = {
            r[0]
            for r in store.conn.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )
        }
    assert {"articles", "raw_inputs", "failures", "stage_runs", "happenings"} <= tables


def test_regression_postgres_kept_vectors_in_a_side_table(postgres_url: str) -> None:
    """A 2 kB vector made its row too long for PostgreSQL's default, which moved it to the
    table's TOAST table: every read of a link-state row by id paid a second lookup there.
    Rows stay whole now, and read back byte for byte (in the binary result format)."""
    rng = random.Random(7)  # vectors do not compress: nor do these bytes
    vectors = [rng.randbytes(2048), rng.randbytes(2048), rng.randbytes(5200)]
    rows = [
        (f"h{i}", "2024-01-01", "2024-01-02", v, '{"reports": 2}') for i, v in enumerate(vectors)
    ]
    with open_store(postgres_url) as store:
        assert isinstance(store, PostgresStore)
        with store.transaction():
            store.put_link_state("happening", rows)
            store.put_text_vectors([("t0", vectors[0])])
        assert store.link_state("happening", ["h2", "h0", "h1"]) == sorted(rows)
        assert store.text_vectors(["t0"]) == {"t0": vectors[0]}
        for table in ("link_state", "text_vectors"):
            toast = store.conn.execute(
                "SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE relname = %s",
                (table,),
            ).fetchone()
            assert toast == (0,), table


def test_postgres_readers_get_a_read_only_session(postgres_url: str) -> None:
    open_store(postgres_url).close()
    with open_store(postgres_url, readonly=True) as store:
        assert isinstance(store, PostgresStore)
        assert store.conn.execute("SHOW default_transaction_read_only").fetchone() == ("on",)


def test_postgres_readonly_open_of_an_empty_database_is_a_store_error(postgres_url: str) -> None:
    with pytest.raises(StoreError, match="no storyline database at postgresql://"):
        open_store(postgres_url, readonly=True)


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    url = f"postgresql://someone:s3cret@127.0.0.1:{free_port()}/nowhere?connect_timeout=2"
    with pytest.raises(StoreError, match="cannot open postgresql://someone:\\*\\*\\*@") as caught:
        open_store(url)
    assert "s3cret" not in str(caught.value)


def test_without_psycopg_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes `import psycopg` fail
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://someone@127.0.0.1:5432/db")
    assert str(caught.value) == MISSING_DRIVER
    assert MISSING_DRIVER == "PostgreSQL support needs psycopg: pip install 'storyline[postgres]'"
