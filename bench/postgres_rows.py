"""Reading 2 kB link-state rows from PostgreSQL: kept whole in their rows (migration 7) or with
the vector moved to the TOAST table (the server's default), results as text or binary.

    .venv/bin/python bench/postgres_rows.py [--rows 200000] [--reads 3000] [--runs 7]
                                            [--json out.json]

Starts a throwaway server as the tests do (``make postgres-deps``), fills two tables shaped as
``link_state`` with ``--rows`` rows of random (incompressible) 2,048-byte vectors, one table
with the server's defaults and one as migration 7 sets it, then times two reads an incremental
link makes: ``--reads`` rows by id in chunks of 500 (the happenings near a new article; the
median of ``--runs``, each with other random ids) and every row in id order (loading the
linker). No data set is needed.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import sys
import time
from typing import Any

from _common import REPO, emit, machine, parser

sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from storyline.store.schema import MIGRATIONS

#: The server's default and what migration 7 sets (its statements for ``link_state``).
LAYOUTS = {
    "out_of_line": [],
    "in_the_row": [
        s.replace("link_state", "{table}")
        for s in MIGRATIONS[6].statements("postgresql")
        if "link_state" in s
    ],
}


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--rows", type=int, default=200_000)
    cli.add_argument("--reads", type=int, default=3000)
    cli.add_argument("--runs", type=int, default=7)
    args = cli.parse_args()
    import psycopg
    from tests.pg import find_bindir, start_server

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL binaries: run `make postgres-deps`")
    server = start_server(bindir)
    results: dict[str, Any] = {"machine": machine(), "rows": args.rows, "reads": args.reads}
    try:
        conn = psycopg.connect(server.create_database(), autocommit=True)
        ids = [hashlib.sha1(str(i).encode()).hexdigest()[:16] for i in range(args.rows)]
        rng = random.Random(3)
        for table, statements in LAYOUTS.items():
            conn.execute(
                f'CREATE TABLE {table} (kind TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C"'
                " NOT NULL, start TEXT, stop TEXT, vector BYTEA, data TEXT NOT NULL DEFAULT '',"
                " PRIMARY KEY (kind, id))"
            )
            for statement in statements:
                conn.execute(statement.format(table=table))
            with conn.cursor() as cursor:
                sql = f"COPY {table} (kind, id, start, stop, vector, data) FROM STDIN"
                with cursor.copy(sql) as copy:
                    for i in ids:
                        row = ("happening", i, "2010-01-01", "2010-01-02", os.urandom(2048), "{}")
                        copy.write_row(row)
            conn.execute(f"VACUUM ANALYZE {table}")
        for table in LAYOUTS:
            for binary in (False, True):
                name = f"{table}, {'binary' if binary else 'text'}"
                by_id = []
                for _ in range(args.runs):
                    picked = rng.sample(ids, args.reads)
                    started = time.perf_counter()
                    for first in range(0, len(picked), 500):
                        conn.execute(
                            f"SELECT id, start, stop, vector, data FROM {table}"
                            " WHERE kind = %s AND id = ANY(%s)",
                            ("happening", picked[first : first + 500]),
                            binary=binary,
                        ).fetchall()
                    by_id.append(time.perf_counter() - started)
                started = time.perf_counter()
                conn.execute(
                    f"SELECT id, start, stop, vector, data FROM {table} WHERE kind = %s"
                    " ORDER BY id",
                    ("happening",),
                    binary=binary,
                ).fetchall()
                results[name] = {
                    "rows_by_id_ms": round(statistics.median(by_id) * 1000, 1),
                    "every_row_in_order_s": round(time.perf_counter() - started, 2),
                }
                print(name, results[name], file=sys.stderr)
    finally:
        server.stop()
    emit(results, args.json)


if __name__ == "__main__":
    main()
