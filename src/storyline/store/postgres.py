"""The PostgreSQL backend (psycopg 3), for a store that several machines or people share.

Chosen by a ``postgresql://user@host:port/dbname`` URL. The connection runs in autocommit mode
and :meth:`transaction` opens real transactions, exactly as the SQLite backend does; readers get
a read-only session. The schema version lives in a one-row ``schema_version`` table; migrations
are serialised between concurrent openers by a transaction-level advisory lock. A build holds a
session-level advisory lock (``pg_try_advisory_lock``) keyed by database and schema, which the
server releases when the build's connection ends, also when its process is killed.
Everything else (the queries and the model mapping) is shared with SQLite in ``base``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from storyline.errors import StoreError
from storyline.store import lock_descriptors
from storyline.store.base import HIT_END, HIT_START, Hit, Params, Row, Store, now
from storyline.store.schema import Dialect
from storyline.user_cache import store_files_dir

if TYPE_CHECKING:
    import psycopg

MISSING_DRIVER = "PostgreSQL support needs psycopg: pip install 'storyline[postgres]'"

#: A search hit's snippet is marked up from the first this many characters of its text.
SNIPPET_CHARS = 20_000
#: How long to wait for the server before giving up (unless the URL says otherwise).
CONNECT_TIMEOUT_SECONDS = 10


def _driver() -> ModuleType:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(MISSING_DRIVER) from exc
    return psycopg


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    url = re.sub(r"^([a-z][a-z0-9+.-]*://[^:/@]*):[^@/]*@", r"\1:***@", url, flags=re.I)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url, flags=re.I)


@functools.lru_cache(maxsize=512)
def _paramstyle(sql: str) -> str:
    """The shared ``?`` placeholders in psycopg's ``%s`` style (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _lock_key(purpose: str, database: str, schema: str) -> int:
    """A signed 64-bit advisory-lock key for ``purpose`` on one database and schema."""
    digest = hashlib.sha256(f"storyline {purpose} {database} {schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PostgresStore(Store):
    """A storyline database in a PostgreSQL database (its current schema)."""

    dialect: ClassVar[Dialect] = "postgresql"

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        driver = _driver()
        self.readonly = readonly
        self._holds_build_lock = False
        self._lock_socket = -1
        self._where = redact(url)
        self._url = url  # for :meth:`reader`; never shown (``_where`` is)
        options: dict[str, Any] = {"autocommit": True, "application_name": "storyline"}
        if "connect_timeout" not in url:
            options["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
        try:
            self.conn: psycopg.Connection[Row] = driver.connect(url, **options)
        except driver.Error as exc:
            raise StoreError(f"cannot open {self._where}: {_one_line(exc)}") from exc
        try:
            database, schema = self._row("SELECT current_database(), current_schema()") or ("", "")
            if schema is None:
                raise StoreError(f"{self._where} has no schema to write to (check the search_path)")
            #: Which database and schema of the server this is (names the lock keys and
            #: the files kept for it, :meth:`file_beside`).
            self._database_schema = f"{database} {schema}"
            self._build_key = _lock_key("build", database, schema)
            self._schema_key = _lock_key("schema", database, schema)
            if readonly:
                self._run("SET default_transaction_read_only = on")
                self._check_readable()
            else:
                self._migrate()
        except driver.Error as exc:
            self.conn.close()
            raise StoreError(
                f"{self._where} is not a usable storyline database: {_one_line(exc)}"
            ) from exc
        except BaseException:
            self.conn.close()
            raise

    @property
    def where(self) -> str:
        return self._where

    def reader(self) -> PostgresStore:
        return PostgresStore(self._url, readonly=True)

    def file_beside(self, suffix: str) -> Path | None:
        # In this machine's cache, named after the database (server, name, schema): a file
        # there that is not the store's (another machine's link changed the store, another
        # database of that name) is told by the state digest its header holds, and made again.
        folder = store_files_dir()
        if self.readonly or folder is None:
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # (a read-only home): the store's rows serve
            return None
        key = hashlib.sha256(f"{self._where} {self._database_schema}".encode()).hexdigest()[:24]
        return folder / f"postgresql-{key}{suffix}"

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status.name != "IDLE"

    # -- the dialect ---------------------------------------------------------------------------

    def _rows(self, sql: str, params: Params = ()) -> list[Row]:
        # Results in the binary format: a vector (bytea) crosses the socket as its bytes
        # rather than as hex text twice its size, parsed back on this side (3,000 link-state
        # rows of 2 kB by id: 89 ms against 121 ms as text, bench/postgres_rows.py). Every
        # column type the store uses comes back as the same Python value either way.
        return self.conn.execute(_paramstyle(sql), params, binary=True).fetchall()

    def _run(self, sql: str, params: Params = ()) -> None:
        self.conn.execute(_paramstyle(sql), params)

    def _in_rows(
        self, sql: str, ids: Sequence[str], chunk: int = 500, before: Params = ()
    ) -> list[Row]:
        # One array parameter instead of a placeholder per id: a single query however many
        # ids, whose text is the same every time, so the server plans it once (psycopg
        # prepares a statement it has run five times) rather than once per list length.
        if "IN ({})" not in sql:
            return super()._in_rows(sql, ids, chunk, before)
        unique = list(dict.fromkeys(ids))
        if not unique:
            return []
        return self._rows(sql.replace("IN ({})", "= ANY(?::text[])"), (*before, unique))

    def _run_many(self, sql: str, rows: Iterable[Params]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(_paramstyle(sql), rows)

    def _close(self) -> None:
        self.conn.close()

    def stream_rows(self, sql: str) -> Iterator[Row]:
        with self.conn.cursor() as cursor:
            yield from cursor.stream(_paramstyle(sql), binary=True)

    def table_names(self) -> list[str]:
        rows = self._rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema ="
            " current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'"
            " ORDER BY table_name"
        )
        return [r[0] for r in rows]

    def table_columns(self, table: str) -> list[str]:
        rows = self._rows(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND table_name = ? AND is_generated = 'NEVER'"
            " ORDER BY ordinal_position",
            (table,),
        )
        return [r[0] for r in rows]

    def after_bulk_insert(self, table: str) -> None:
        """Rows copied with their own ids leave an identity column's counter behind them: move
        it past the largest id, so that the next row added gets a new one."""
        for (column,) in self._rows(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND table_name = ? AND is_identity = 'YES'",
            (table,),
        ):
            self._run(
                f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX({column}), 0) + 1,"
                f" false) FROM {table}",
                (table, column),
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: everything inside lands together or not at all. In pipeline
        mode: a write is sent without waiting for the server to do it, which it does while
        this side goes on (the next read, or the commit, waits for what was sent before it).
        An incremental link's transaction interleaves about 15 writes with its reads, each a
        round trip otherwise."""
        with self.conn.pipeline(), self.conn.transaction():
            yield

    def schema_version(self) -> int:
        # A catalog query, not to_regclass(): that trusts this session's catalog cache, which
        # may not yet know of a table another session created while we waited for the lock.
        if not self._scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relname = 'schema_version')"
        ):
            return 0
        return int(self._scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version"))

    def _set_schema_version(self, version: int) -> None:
        self._run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        self._run("DELETE FROM schema_version")
        self._run("INSERT INTO schema_version (version) VALUES (?)", (version,))

    def _lock_schema(self) -> None:
        self._run("SELECT pg_advisory_xact_lock(?)", (self._schema_key,))

    def _upsert_sql(self, table: str, columns: Sequence[str], key: Sequence[str]) -> str:
        updates = [f"{c} = EXCLUDED.{c}" for c in columns if c not in key]
        action = f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING"
        return (
            f"INSERT INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})"
            f" ON CONFLICT ({', '.join(key)}) {action}"
        )

    def _prefix_sql(self, column: str) -> str:
        # ILIKE: SQLite's LIKE ignores ASCII case, and the shared behaviour is SQLite's.
        return f"{column} ILIKE ? ESCAPE '\\'"

    # -- search --------------------------------------------------------------------------------

    def search_keyword(self, words: Sequence[str], kinds: Sequence[str], limit: int) -> list[Hit]:
        """Full-text search on the stored tsvector: every word (stemmed, 'english'), ranked by
        cover density with the title weighing more (its lexemes carry weight A)."""
        terms = [w for w in words if w.strip()]
        if not terms or not kinds:
            return []
        options = (
            f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=40, MinWords=15,"
            ' MaxFragments=2, FragmentDelimiter=" … "'
        )
        # Rank every match, then mark up only the ones returned, from the first
        # SNIPPET_CHARS of each: ts_headline parses all it is given, and the whole bodies of
        # a few 500,000-character pages made one search take half a second.
        rows = self._rows(
            "SELECT kind, ref, article_id, title,"
            f" ts_headline('english', left(body, {SNIPPET_CHARS}), q, ?), rank"
            " FROM (SELECT kind, ref, article_id, title, body, q, id,"
            " ts_rank_cd(tsv, q) AS rank FROM search_docs, plainto_tsquery('english', ?) q"
            f" WHERE tsv @@ q AND kind IN ({', '.join('?' for _ in kinds)})"
            " ORDER BY rank DESC, id LIMIT ?) AS best ORDER BY rank DESC, id",
            (options, " ".join(terms), *kinds, limit),
        )
        return [Hit(r[0], r[1], r[2], r[3], r[4], float(r[5])) for r in rows]

    # -- the build lock ------------------------------------------------------------------------

    def acquire_build_lock(self) -> None:
        """Refuse a second concurrent build on this store (the lock dies with its session)."""
        if self._holds_build_lock:
            return
        if not self._scalar("SELECT pg_try_advisory_lock(?)", (self._build_key,)):
            raise self._build_locked(self._lock_holder())
        self._holds_build_lock = True
        # The session holds the lock while its socket is open: not in forked children.
        self._lock_socket = self.conn.fileno()
        lock_descriptors.hold(self._lock_socket)
        # What a refused build reports about this one, as the SQLite lock file says it.
        self._run("SELECT set_config('application_name', ?, false)", (self._holder_label(),))

    def release_build_lock(self) -> None:
        if not self._holds_build_lock:
            return
        self._holds_build_lock = False
        lock_descriptors.let_go(self._lock_socket)
        if self.conn.closed:
            return  # the server let go of the lock with the session
        try:
            self._run("SELECT pg_advisory_unlock(?)", (self._build_key,))
            self._run("SELECT set_config('application_name', 'storyline', false)")
        except _driver().Error:
            pass  # a broken connection: the session, and with it the lock, is gone

    @staticmethod
    def _holder_label() -> str:
        return f"pid {os.getpid()} since {now()}"

    def _lock_holder(self) -> str:
        """Who holds the build lock, as far as this role may see (else empty)."""
        classid, objid = (self._build_key >> 32) & 0xFFFFFFFF, self._build_key & 0xFFFFFFFF
        try:
            row = self._row(
                "SELECT a.application_name, a.pid, host(a.client_addr)"
                " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                " AND l.classid::bigint = ? AND l.objid::bigint = ?"
                " AND l.database ="
                " (SELECT oid FROM pg_database WHERE datname = current_database())",
                (classid, objid),
            )
        except _driver().Error:
            return ""
        if not row:
            return ""
        name, pid, client = row
        if name and str(name).startswith("pid "):
            return f"{name}{f' on {client}' if client else ''}"
        return f"server process {pid}{f' for {client}' if client else ''}"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
