"""Happenings' link state in a file kept for the store, read by row instead of by query.

An incremental link weighs a new article's dated sentences against the happenings its
closest articles report: their span, mean report vector and number of reports, for up to a
few thousand happenings a link. Read from the store, that is one B-tree lookup of a 2 KiB
row each (about 25 µs: 50 ms for 2,000 at 100,000 articles, the slowest part of the slowest
links); here the same rows are fixed-size records of a memory-mapped file, found by an
in-memory id → record map (about 1 µs each).

The store stays the truth. Every write of happenings' link state chains a digest in the
store (``Store.happening_state``); the file's header holds the digest of the state it copies.
A linker writes the records of the happenings it changes inside its transaction after
marking the header dirty, and stamps the header with the store's digest once the transaction
has committed. A file whose header is not the store's digest (dirty after a kill or a failed
transaction, written by another build, or none at all) is made again from the store when a
linker opens it.

The file is kept where ``Store.file_beside`` says: beside a SQLite database, in the
user's cache folder for a PostgreSQL one (another machine's links leave it to be made again).

The ids are a file of their own (``-happenings.ids``, with the same header): opening reads
them in one sequential pass (21 MB at 660,000 happenings) rather than touching every page
of the records (2.2 GB) for the id each begins with.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from storyline.link.embeddings import DIMENSIONS
from storyline.link.growing import stacked
from storyline.link.link_state import happening_state, read_data
from storyline.store import Store
from storyline.store.base import LinkRow

#: Added to the database's file name (the ids' file adds ``.ids`` to this one's).
SUFFIX = "-happenings"
_MAGIC = b"SLHAPPN2"
#: ``made``: a token both files of one making share (files of two makings never pair up).
_HEADER = np.dtype([("magic", "S8"), ("state", "S64"), ("count", "<i8"), ("made", "S16")])
#: The state while a transaction writes: never a digest (hexadecimal) nor "" (no writes yet).
_DIRTY = b"-"
#: Rows start here (a page: the header's writes touch no row's page).
_ROWS_AT = 4096
_ID_BYTES = 32
_ID = np.dtype(f"S{_ID_BYTES}")
RECORD = np.dtype(
    [
        ("start", "<i4"),  # day ordinals
        ("stop", "<i4"),
        ("reports", "<i4"),
        ("vector", "<f4", (DIMENSIONS,)),
    ]
)
_FIRST_CAPACITY = 1024
#: ``date.toordinal`` of numpy's day 0 (1970-01-01).
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
#: Rows read from the store at a time when the file is made again.
_BATCH = 10_000


class _Column:
    """One file of fixed-size rows after a header (magic, state digest, rows in use),
    memory-mapped; grown by doubling."""

    def __init__(self, path: Path, dtype: np.dtype) -> None:
        self.path, self.dtype = path, dtype
        self.head = np.memmap(path, dtype=_HEADER, mode="r+", shape=(1,))
        capacity = (path.stat().st_size - _ROWS_AT) // dtype.itemsize
        self.rows = np.memmap(path, dtype=dtype, mode="r+", offset=_ROWS_AT, shape=(capacity,))

    @classmethod
    def create(cls, path: Path, dtype: np.dtype, made: bytes) -> _Column:
        with open(path, "wb") as new:
            new.truncate(_ROWS_AT + _FIRST_CAPACITY * dtype.itemsize)
        column = cls(path, dtype)
        column.head["magic"], column.head["count"], column.head["made"] = _MAGIC, 0, made
        column.head["state"] = _DIRTY
        return column

    @property
    def state(self) -> bytes:
        return bytes(self.head["state"][0]) if self.head["magic"][0] == _MAGIC else b"?"

    def grown(self, capacity: int) -> _Column:
        """This column with room for ``capacity`` rows (itself if it has it)."""
        if capacity <= len(self.rows):
            return self
        self.flush()
        with open(self.path, "r+b") as grown:
            grown.truncate(_ROWS_AT + capacity * self.dtype.itemsize)
        return _Column(self.path, self.dtype)

    def moved(self, path: Path) -> _Column:
        """This column's file renamed to ``path`` (replacing what was there)."""
        self.flush()
        os.replace(self.path, path)
        return _Column(path, self.dtype)

    def flush(self) -> None:
        self.rows.flush()
        self.head.flush()


class HappeningFile:
    """The happenings' link state of one store, as records by id (see the module)."""

    def __init__(self, path: Path, store: Store) -> None:
        self.path = path
        self.store = store
        self.rows: dict[str, int] = {}
        #: Each record's happening id, by row ("" where it was taken out).
        self.ids: list[str] = []
        #: Whether the headers are marked dirty for the writes of the transaction under way.
        self._writing = False
        state = store.happening_state()
        if not self._open(state):
            self._make(state)

    @classmethod
    def beside(cls, store: Store) -> HappeningFile | None:
        """The file of this store, opened (made again if it is not the store's); None where
        the store keeps no file (a reader, or no place for one: ``Store.file_beside``) or it
        cannot be written."""
        path = store.file_beside(SUFFIX)
        if path is None:
            return None
        try:
            return cls(path, store)
        except OSError:  # (a full disk, a folder of that name): the store's rows serve
            return None

    # -- reading ----------------------------------------------------------------------------

    def records(self, ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """The records of those of ``ids`` that the file holds (happenings with a span), and
        their ids, in id order."""
        found = sorted(i for i in dict.fromkeys(ids) if i in self.rows)
        rows = np.fromiter((self.rows[i] for i in found), dtype=np.int64, count=len(found))
        return found, self.at(rows)

    def at(self, rows: np.ndarray) -> np.ndarray:
        """The records at these rows (a copy)."""
        return np.asarray(self._records.rows[rows])

    # -- writing ----------------------------------------------------------------------------

    def put(self, rows: Sequence[LinkRow]) -> None:
        """Write these link-state rows (as the store was just given them, inside the same
        transaction): the headers are marked dirty until :meth:`committed`."""
        if not rows:
            return
        self._dirty()
        for happening_id, start, stop, data, extra in rows:
            if start is None or stop is None or len(happening_id.encode()) > _ID_BYTES:
                gone = self.rows.pop(happening_id, None)  # read from the store instead
                if gone is not None:
                    self._ids.rows[gone], self.ids[gone] = b"", ""
                continue
            row = self.rows.get(happening_id)
            if row is None:
                row = self._append(happening_id)
            records = self._records.rows
            (
                records["start"][row],
                records["stop"][row],
                records["vector"][row],
                records["reports"][row],
            ) = happening_state(start, stop, data, extra)

    def committed(self) -> None:
        """The transaction that wrote the last records has committed: the file is the
        store's again."""
        if self._writing:
            self._stamp(self.store.happening_state())

    @property
    def usable(self) -> bool:
        """False while writes of a transaction that did not commit are in it."""
        return not self._writing

    # -- the files --------------------------------------------------------------------------

    def _dirty(self) -> None:
        if not self._writing:
            for column in (self._records, self._ids):
                column.head["state"] = _DIRTY
            self._writing = True

    def _stamp(self, state: str) -> None:
        # The ids first: the records' header is what a reader checks first.
        for column in (self._ids, self._records):
            column.head["state"] = state.encode()
        self._writing = False

    def _open(self, state: str) -> bool:
        """Open the files if both hold the store's state; whether they did."""
        try:
            records = _Column(self.path, RECORD)
            ids = _Column(self._ids_path(self.path), _ID)
        except (OSError, ValueError):
            return False
        count = int(records.head["count"][0])
        if (
            {records.state, ids.state} != {state.encode()}
            or records.head["made"][0] != ids.head["made"][0]
            or int(ids.head["count"][0]) != count
        ):
            return False
        self._records, self._ids = records, ids
        self.ids = [i.decode() for i in ids.rows[:count].tolist()]
        self.rows = {i: row for row, i in enumerate(self.ids) if i}
        return True

    def _make(self, state: str) -> None:
        """Make the files again from the store's rows, under temporary names."""
        made = self.path.with_name(self.path.name + ".new")
        token = os.urandom(8).hex().encode()
        self._records = _Column.create(made, RECORD, token)
        self._ids = _Column.create(self._ids_path(made), _ID, token)
        self.rows, self.ids = {}, []
        self._writing = True
        try:
            for rows in self.store.link_state_batches("happening", _BATCH):
                self._append_all(
                    [r for r in rows if r[1] and r[2] and len(r[0].encode()) <= _ID_BYTES]
                )
            self._stamp(state)
            # The old records out first: while only the new ids are in place, nothing pairs.
            self.path.unlink(missing_ok=True)
            self._ids = self._ids.moved(self._ids_path(self.path))
            self._records = self._records.moved(self.path)
        except OSError:
            for path in (made, self._ids_path(made)):
                path.unlink(missing_ok=True)
            raise

    @staticmethod
    def _ids_path(path: Path) -> Path:
        return path.with_name(path.name + ".ids")

    @property
    def _count(self) -> int:
        """Records in use (those of happenings whose span went are left unused)."""
        return int(self._records.head["count"][0])

    def _append_all(self, rows: Sequence[LinkRow]) -> None:
        """Append records for these rows (new ids, each with a span), all at once: what
        :meth:`put` reads of each row (``link_state.happening_state``), column by column, as
        making the file reads hundreds of thousands."""
        first = self._count
        last = first + len(rows)
        self._room_for(last)
        self._ids.rows[first:last] = [r[0].encode() for r in rows]
        records = self._records.rows
        for field, column in (("start", 1), ("stop", 2)):
            days = np.array([r[column] for r in rows], dtype="datetime64[D]").astype(np.int64)
            records[field][first:last] = days + _EPOCH_ORDINAL
        records["reports"][first:last] = [int(read_data(r[4]).get("reports", 1)) for r in rows]
        records["vector"][first:last] = stacked([r[3] for r in rows])
        self.rows.update((r[0], row) for row, r in enumerate(rows, start=first))
        self.ids.extend(r[0] for r in rows)
        self._counted(last)

    def _append(self, happening_id: str) -> int:
        row = self._count
        self._room_for(row + 1)
        self._ids.rows[row] = happening_id.encode()
        self.rows[happening_id] = row
        self.ids.append(happening_id)
        self._counted(row + 1)
        return row

    def _counted(self, count: int) -> None:
        for column in (self._records, self._ids):
            column.head["count"] = count

    def _room_for(self, count: int) -> None:
        """Grow the files to hold ``count`` records, doubling (appending is amortised O(1))."""
        capacity = len(self._records.rows)
        if count <= capacity:
            return
        while capacity < count:
            capacity *= 2
        self._records = self._records.grown(capacity)
        self._ids = self._ids.grown(capacity)
