"""The happenings' link state kept in a file beside the store (``link/happening_file.py``;
beside a SQLite file, in the cache directory for a PostgreSQL database): it is the store's
after every committed link, made again from the store whenever it is not, and linking
through it gives what linking through the store's rows gives."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storyline.build import run_build
from storyline.core import Storyline
from storyline.link import happening_file, incremental
from storyline.link.happening_file import HappeningFile
from storyline.store import Store, open_store
from storyline.user_cache import STORE_FILES_ENV
from tests.conftest import seed_path
from tests.test_incremental_link import INCREMENTAL, _four_seeds, _StopAt

pytest_plugins = ("tests.pg",)


def _assert_holds_the_store(file: HappeningFile, store: Store) -> None:
    """Every happening with a span has a record equal to its row in the store."""
    rows = sorted(r for r in store.link_state("happening") if r[1] and r[2])
    assert rows, "the seeds' articles report dated happenings"
    assert set(file.rows) == {r[0] for r in rows}
    ids, records = file.records([r[0] for r in rows])
    assert ids == [r[0] for r in rows]
    for (_id, start, stop, data, extra), record in zip(rows, records, strict=True):
        assert int(record["start"]) == dt.date.fromisoformat(start).toordinal()
        assert int(record["stop"]) == dt.date.fromisoformat(stop).toordinal()
        assert int(record["reports"]) == json.loads(extra).get("reports", 1)
        assert record["vector"].tobytes() == np.frombuffer(data, dtype=np.float32).tobytes()


def _never_made(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: HappeningFile, state: str) -> None:
        raise AssertionError("the file was made again, though it was the store's")

    monkeypatch.setattr(HappeningFile, "_make", fail)


def _counting_makes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    make = HappeningFile._make

    def counted(self: HappeningFile, state: str) -> None:
        made.append(state)
        make(self, state)

    monkeypatch.setattr(HappeningFile, "_make", counted)
    return made


def _assert_linked_alike(db: Path, other: Path) -> None:
    """The two stores hold the same events, stories and happenings."""
    one, two = (json.loads(Storyline(d).export("json")) for d in (db, other))
    for key in ("events", "stories", "happenings"):
        assert one[key] == two[key], key


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four seeds linked in full, the fifth linked incrementally (through the file)."""
    root = tmp_path_factory.mktemp("happening-file")
    folder = _four_seeds(root / "four")
    db = root / "grown.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.linked_incrementally == 1
    return db


def test_after_a_link_the_file_beside_the_store_holds_its_happenings_state(
    grown: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert grown.with_name(grown.name + happening_file.SUFFIX).is_file()
    _never_made(monkeypatch)
    with open_store(grown) as store:
        file = _opened(store)
        _assert_holds_the_store(file, store)


def test_linking_through_the_file_gives_what_the_stores_rows_give(
    tmp_path: Path, grown: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(As on PostgreSQL, where no file is kept: see test_incremental_link.)"""
    monkeypatch.setattr(HappeningFile, "beside", classmethod(lambda cls, store: None))
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "without.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert not db.with_name(db.name + happening_file.SUFFIX).exists()
    _assert_linked_alike(db, grown)


def test_regression_a_link_that_did_not_commit_left_its_writes_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link that fails after writing its happenings rolls the store back; its records in
    the file must not be taken for the store's, by this linker or the next."""
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "failed.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    with open_store(db) as store:
        with pytest.raises(KeyboardInterrupt):  # the fifth written, not linked
            run_build(store, [str(folder), str(seed_path("002"))], INCREMENTAL, _StopAt("link"))
        (new,) = set(store.article_ids()) - store.linked_article_ids()
        state = store.happening_state()
        linker = incremental.IncrementalLinker(store)
        assert linker.happening_join.file is not None

        def fail(*args: Any) -> Any:
            raise RuntimeError("a failure after the happenings were written")

        monkeypatch.setattr(linker, "_story", fail)
        with pytest.raises(RuntimeError):
            linker.link(new)
        assert store.happening_state() == state  # rolled back
        assert not linker.happening_join.file.usable
        linker.happening_join.reported_by([], [("2021-01-01", "2021-01-02")])
        assert linker.happening_join.file is None  # its reads go to the store now
        made = _counting_makes(monkeypatch)
        file = HappeningFile.beside(store)
        assert file is not None and made == [state]
        _assert_holds_the_store(file, store)


def test_a_file_the_stores_later_writes_did_not_go_through_is_made_again(
    grown: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer (a full link, a copy of the store, an older version) changes the
    store's happenings without the file: the file is made again when a linker opens it."""
    db = tmp_path / "changed.db"
    db.write_bytes(grown.read_bytes())
    beside = grown.with_name(grown.name + happening_file.SUFFIX)
    db.with_name(db.name + happening_file.SUFFIX).write_bytes(beside.read_bytes())
    with open_store(db) as store:
        row = max(store.link_state("happening"))
        vector = np.frombuffer(row[3], dtype=np.float32) * np.float32(-1)
        with store.transaction():
            store.put_link_state("happening", [(row[0], row[1], row[1], vector.tobytes(), row[4])])
        made = _counting_makes(monkeypatch)
        file = HappeningFile.beside(store)
        assert file is not None and made == [store.happening_state()]
        _assert_holds_the_store(file, store)
        (record,) = file.records([row[0]])[1]
        assert record["vector"].tobytes() == vector.tobytes()


def test_the_happenings_state_digest_follows_what_was_written_not_its_order(
    tmp_path: Path,
) -> None:
    rows = [
        (f"h-{i:012x}", "2021-06-0" + str(i + 1), "2021-06-09", bytes([i]) * 8, '{"reports": 1}')
        for i in range(3)
    ]
    digests = []
    for name, order in (("a", rows), ("b", rows[::-1]), ("c", rows[:2])):
        with open_store(tmp_path / f"{name}.db") as store:
            assert store.happening_state() == ""
            with store.transaction():
                store.put_link_state("happening", order)
            digests.append(store.happening_state())
    assert digests[0] == digests[1] != digests[2]


def _rows(count: int, first: int = 0) -> list[tuple[str, str, str, bytes, str]]:
    rng = np.random.default_rng(first)
    return [
        (
            f"h-{i:012x}",
            (dt.date(2020, 1, 1) + dt.timedelta(days=i % 700)).isoformat(),
            (dt.date(2020, 1, 1) + dt.timedelta(days=i % 700 + i % 9)).isoformat(),
            rng.standard_normal(happening_file.DIMENSIONS).astype(np.float32).tobytes(),
            json.dumps({"reports": 1 + i % 5}),
        )
        for i in range(first, first + count)
    ]


def _opened(store: Store) -> HappeningFile:
    file = HappeningFile.beside(store)
    assert file is not None
    return file


def _written(store: Store, file: HappeningFile, rows: list[Any]) -> None:
    """As a link writes them: into the store and the file in one transaction, then committed."""
    with store.transaction():
        store.put_link_state("happening", rows)
        file.put(rows)
    file.committed()


def test_the_file_grows_past_its_first_records_and_reopens_as_written(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = HappeningFile.beside(store)
    assert file is not None and not file.rows
    for first, count in ((0, 1_000), (1_000, 1_500), (2_500, 1_000)):  # past 1,024, 4,096
        _written(store, file, _rows(count, first))
    _assert_holds_the_store(file, store)
    _never_made(monkeypatch)
    _assert_holds_the_store(HappeningFile.beside(store), store)  # type: ignore[arg-type]


def test_a_happening_whose_span_goes_is_read_from_the_store_and_not_kept(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = _opened(store)
    rows = _rows(3)
    _written(store, file, rows)
    spanless = (rows[1][0], None, None, rows[1][3], rows[1][4])
    _written(store, file, [spanless])
    assert set(file.rows) == {rows[0][0], rows[2][0]}
    assert file.ids == [rows[0][0], "", rows[2][0]]
    _never_made(monkeypatch)
    again = HappeningFile.beside(store)
    assert again is not None and again.ids == file.ids
    _assert_holds_the_store(again, store)


def test_a_file_that_cannot_be_written_leaves_the_link_to_the_stores_rows(
    tmp_path: Path, grown: Path
) -> None:
    folder = _four_seeds(tmp_path / "four")
    db = tmp_path / "blocked.db"
    Storyline(db).build([str(folder)], INCREMENTAL)
    db.with_name(db.name + happening_file.SUFFIX).mkdir()  # where the file would be
    report = Storyline(db).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.linked_incrementally == 1 and not report.failures
    left = {p.name for p in tmp_path.iterdir()}
    assert not [name for name in left if ".new" in name]  # nothing half-made left
    assert db.with_name(db.name + happening_file.SUFFIX).is_dir()  # (as it was)
    _assert_linked_alike(db, grown)


def test_regression_a_dirty_file_passed_for_a_store_with_no_happenings_written_yet(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store linked by an earlier version has no digest yet (""); a dirty header must not
    read as that state after the transaction that wrote to the file rolled back."""
    file = HappeningFile.beside(store)
    assert file is not None and store.happening_state() == ""
    with pytest.raises(RuntimeError), store.transaction():
        rows = _rows(2)
        store.put_link_state("happening", rows)
        file.put(rows)
        raise RuntimeError("the link failed")
    assert store.happening_state() == "" and set(file.rows) == {r[0] for r in rows}
    made = _counting_makes(monkeypatch)
    again = HappeningFile.beside(store)
    assert again is not None and made == [""] and not again.rows


def test_the_ids_and_records_of_two_makings_never_pair(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = _opened(store)
    _written(store, file, _rows(5))
    ids_file = file.path.with_name(file.path.name + ".ids")
    first_ids = ids_file.read_bytes()
    file.path.unlink()  # the next linker makes both again, the same state
    again = HappeningFile.beside(store)
    assert again is not None
    ids_file.write_bytes(first_ids)  # the first making's ids beside the second's records
    made = _counting_makes(monkeypatch)
    third = HappeningFile.beside(store)
    assert third is not None and made == [store.happening_state()]
    _assert_holds_the_store(third, store)


def test_a_postgresql_database_keeps_its_file_in_the_store_files_folder(
    tmp_path: Path, postgres_server: Any, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _four_seeds(tmp_path / "four")
    Storyline(postgres_url).build([str(folder)], INCREMENTAL)
    report = Storyline(postgres_url).build([str(folder), str(seed_path("002"))], INCREMENTAL)
    assert report.linked_incrementally == 1
    other_url = postgres_server.create_database()
    try:
        with open_store(postgres_url) as store, open_store(other_url) as other:
            path = store.file_beside(happening_file.SUFFIX)
            assert path is not None and path.is_file()  # the link went through it
            assert path.parent == Path(os.environ[STORE_FILES_ENV])
            assert other.file_beside(happening_file.SUFFIX) not in (None, path)
            _never_made(monkeypatch)  # the link left it the store's
            _assert_holds_the_store(_opened(store), store)
            reader = store.reader()
            try:
                assert reader.file_beside(happening_file.SUFFIX) is None
            finally:
                reader.close()
    finally:
        postgres_server.drop_database(other_url)
