"""Copying a whole store into another: a SQLite file onto a PostgreSQL server when a newsroom
outgrows a laptop, or a server's store into a file to take along.

Every table is copied as it is — articles with their raw input, per-article analyses, the
corpus stages' output, search documents and kept vectors — so the copy answers every query the
source answers and a build on it goes on incrementally. Rows are streamed a batch at a time (a
store may be larger than memory) into one transaction on the target: a copy that fails or is
killed leaves the target as it was. The target must be empty; the source is only read.
"""

from __future__ import annotations

from collections.abc import Iterator

from storyline.errors import StoreError
from storyline.progress import Progress, SilentProgress, Tick
from storyline.store.base import CORPUS_TABLES, Row, Store

#: Every table of the schema, parents before the tables that refer to them. (SQLite's FTS
#: index is not here: its triggers fill it as ``search_docs`` rows arrive.)
TABLES = (
    "articles",
    "raw_inputs",
    "sources",
    "sentences",
    "extractions",
    "stage_runs",
    "failures",
    *CORPUS_TABLES,
    "corpus_state",
    "search_docs",
    "search_vectors",
    "text_vectors",
)
BATCH_ROWS = 1_000


def copy_store(source: Store, target: Store, progress: Progress | None = None) -> dict[str, int]:
    """Copy every row of ``source`` into the empty ``target``; the number of rows per table."""
    progress = progress or SilentProgress()
    missing = sorted(set(source.table_names()) - set(TABLES))
    if missing:
        raise StoreError(f"{source.where} has tables this version cannot copy: {missing}")
    held = int(target._scalar("SELECT COUNT(*) FROM articles"))
    if held:
        raise StoreError(
            f"{target.where} already holds {held:,} articles: copy into an empty store"
        )
    copied: dict[str, int] = {}
    target.acquire_build_lock()
    try:
        with target.transaction():
            for table in TABLES:
                total = int(source._scalar(f"SELECT COUNT(*) FROM {table}"))
                with progress.stage(table, total) as tick:
                    copied[table] = _copy_table(source, target, table, tick)
                target.after_bulk_insert(table)
    finally:
        target.release_build_lock()
    return copied


def _copy_table(source: Store, target: Store, table: str, tick: Tick) -> int:
    wanted = set(target.table_columns(table))
    columns = [c for c in source.table_columns(table) if c in wanted]
    quoted = ", ".join(f'"{c}"' for c in columns)
    insert = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' for _ in columns)})"
    count = 0
    for batch in _batches(source.stream_rows(f"SELECT {quoted} FROM {table}")):
        target._run_many(insert, batch)
        count += len(batch)
        tick(len(batch))
    return count


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch
