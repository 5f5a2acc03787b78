"""The SQLite backend: one file, the default.

WAL journal (readers never block the writer), foreign keys on, migrations applied on open, the
schema version in ``PRAGMA user_version``. A build holds an exclusive lock file beside the
database so that two builds never write one store at once; readers need no lock. Everything
else (the queries and the model mapping) is shared with the other backends in ``base``.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, ClassVar

from storyline.errors import StoreError
from storyline.store import lock_descriptors
from storyline.store.base import HIT_END, HIT_START, Hit, Params, Row, Store, now
from storyline.store.schema import Dialect
from storyline.store.wal_checkpointer import WalCheckpointer

#: How long a connection waits for another's lock before giving up.
BUSY_TIMEOUT_SECONDS = 30.0
#: Bytes per database page of a new store. A kept sentence vector's row is about 2.1 kB: at
#: SQLite's default of 4,096 only one fits a page, and half of every vector page (a quarter
#: of a whole-corpus store) was empty space written and checkpointed; at 8,192 three fit.
PAGE_SIZE = 8192
#: The page cache of a connection that writes (a build's, a linker's), in KiB: SQLite's default
#: of 2 MiB holds too few of a large store's B-tree pages, so each lookup of an incremental
#: link walked them again through the operating system's cache (3–35 ms for the first read of
#: a new article's 120 closest articles' rows at 100,000 articles, 1–3 ms with this).
WRITER_PAGE_CACHE_KIB = 131_072
#: SQLite's own default: the commit that grows the write-ahead log past this many pages copies
#: it into the database (except inside ``checkpoints_beside``).
AUTOCHECKPOINT_PAGES = 1000


class SQLiteStore(Store):
    """A storyline database in one SQLite file."""

    dialect: ClassVar[Dialect] = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock_file: IO[str] | None = None
        self._savepoints = 0
        self._checkpointer: WalCheckpointer | None = None
        if readonly and not self.path.exists():
            raise StoreError(f"no storyline database at {self.path}")
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connect(readonly)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            if not readonly:
                # Only a new file takes it (before its first write); see PAGE_SIZE.
                self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
                self._use_wal()
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.db.execute(f"PRAGMA cache_size = -{WRITER_PAGE_CACHE_KIB}")
                self._migrate()
            else:
                self._check_readable()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{self.path} is not a storyline database: {exc}") from exc
        except StoreError:
            self.db.close()
            raise

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        """A connection; a reader's refuses every write (``query_only``). A reader opens the
        file for writing where it may, all the same: the last connection to close a WAL
        database removes its ``-wal`` and ``-shm`` files, which one opened read-only cannot,
        so a command that only read left them beside the database. Where the file or its
        folder is not writable it opens read-only."""
        if not readonly:
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)

        def connect(mode: str) -> sqlite3.Connection:
            # (A URI from the absolute path: any character a file name holds is escaped.)
            uri = f"{self.path.resolve().as_uri()}?mode={mode}"
            return sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )

        if os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK):
            try:
                db = connect("rw")
            except sqlite3.Error:
                pass  # (a file system mounted read-only, say)
            else:
                db.execute("PRAGMA query_only = ON")
                return db
        return connect("ro")

    def _use_wal(self) -> None:
        """Switch the file to WAL. SQLite answers "database is locked" at once, without waiting
        on its busy handler, when another connection is opening the same new file at that
        moment (two first builds or a build and a server starting together): wait and try
        again, for as long as the busy timeout would have waited."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        pause = 0.005
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.2)

    @property
    def where(self) -> str:
        return str(self.path)

    def file_beside(self, suffix: str) -> Path | None:
        if self.readonly:
            return None
        return self.path.with_name(self.path.name + suffix)

    @property
    def in_transaction(self) -> bool:
        return self.db.in_transaction

    def reader(self) -> SQLiteStore:
        return SQLiteStore(self.path, readonly=True)

    # -- the dialect ---------------------------------------------------------------------------

    def _rows(self, sql: str, params: Params = ()) -> list[Row]:
        return self.db.execute(sql, params).fetchall()

    def _run(self, sql: str, params: Params = ()) -> None:
        self.db.execute(sql, params)

    def _run_many(self, sql: str, rows: Iterable[Params]) -> None:
        self.db.executemany(sql, rows)

    def _close(self) -> None:
        self._stop_checkpointer()
        self.db.close()

    def stream_rows(self, sql: str) -> Iterator[Row]:
        # Its own cursor: the copy writes elsewhere while this one is read.
        yield from self.db.cursor().execute(sql)

    def table_names(self) -> list[str]:
        rows = self._rows(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%' ORDER BY name"
        )
        return [r[0] for r in rows]

    def table_columns(self, table: str) -> list[str]:
        # table_xinfo's last column says whether a column is generated (2, 3) or hidden (1).
        return [r[1] for r in self._rows(f"PRAGMA table_xinfo({table})") if r[-1] == 0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: everything inside lands together or not at all. A transaction
        opened inside another is a savepoint of it (as on PostgreSQL): it lands with the
        outer one, and a failure inside undoes only its own writes."""
        if self.db.in_transaction:
            self._savepoints += 1
            name = f"nested_{self._savepoints}"
            self.db.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self.db.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.db.execute(f"RELEASE SAVEPOINT {name}")
                raise
            finally:
                self._savepoints -= 1
            self.db.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        if self._checkpointer is not None:
            self._checkpointer.committed()

    @contextmanager
    def checkpoints_beside(self) -> Iterator[None]:
        if self.readonly or self._checkpointer is not None:
            yield
            return
        self._checkpointer = WalCheckpointer(self.path)
        self.db.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            if self._stop_checkpointer():  # else the store was closed inside
                self.db.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")

    def _stop_checkpointer(self) -> bool:
        """Stop the thread of ``checkpoints_beside`` if one runs; whether one did."""
        checkpointer, self._checkpointer = self._checkpointer, None
        if checkpointer is None:
            return False
        checkpointer.stop()
        return True

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _set_schema_version(self, version: int) -> None:
        self.db.execute(f"PRAGMA user_version = {int(version)}")

    def _upsert_sql(self, table: str, columns: Sequence[str], key: Sequence[str]) -> str:
        return (
            f"INSERT OR REPLACE INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})"
        )

    def _prefix_sql(self, column: str) -> str:
        return f"{column} LIKE ? ESCAPE '\\'"

    # -- search --------------------------------------------------------------------------------

    def search_keyword(self, words: Sequence[str], kinds: Sequence[str], limit: int) -> list[Hit]:
        """FTS5: every word as a quoted phrase (so no word is read as an operator), ranked by
        BM25 with the title weighing five times the body."""
        terms = [w.replace('"', "") for w in words]
        terms = [t for t in terms if t.strip()]
        if not terms or not kinds:
            return []
        match = " ".join(f'"{t}"' for t in terms)
        rows = self._rows(
            "SELECT d.kind, d.ref, d.article_id, d.title,"
            " snippet(search_fts, 1, ?, ?, '…', 32), bm25(search_fts, 5.0, 1.0)"
            " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
            f" WHERE search_fts MATCH ? AND d.kind IN ({', '.join('?' for _ in kinds)})"
            " ORDER BY bm25(search_fts, 5.0, 1.0) LIMIT ?",
            (HIT_START, HIT_END, match, *kinds, limit),
        )
        return [Hit(r[0], r[1], r[2], r[3], r[4], -float(r[5])) for r in rows]

    # -- the build lock ------------------------------------------------------------------------

    def acquire_build_lock(self) -> None:
        """Refuse a second concurrent build on this store (the lock dies with its process)."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the build
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise self._build_locked(holder) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {now()}")
        handle.flush()
        self._lock_file = handle
        lock_descriptors.hold(handle.fileno())  # not handed down to forked children

    def release_build_lock(self) -> None:
        if self._lock_file is not None:
            lock_descriptors.let_go(self._lock_file.fileno())
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None
