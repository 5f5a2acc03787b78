"""A build's store is the same with this checkout as with another, and what each stage cost.

    .venv/bin/python bench/build_identity.py [--sample 300 | --seeds] [--against ../snap]
                                             [--runs 1] [--workers 2] [--json out.json]

The articles (a seeded Timeline17 sample, or ``examples/seeds``) are built into a fresh SQLite
store by a child process that imports one checkout's source (``--against`` alternates it with
this one, run by run, so that both see the same machine load). Each store's tables are read
back whole, rows sorted, and hashed table by table: articles, sentences, extractions
(mentions, time expressions, quotes, figures), entities, duplicates, events, happenings,
stories, timelines, discrepancies, the kept vectors and the link state. Only the columns that
say when a row was written (``added_at``, ``seen_at``, a failure's ``at``) are left out, and
the full-text index's own tables (its row ids follow the order articles finish in). Exits 1
if a digest differs between checkouts or between runs. Every build runs under one string hash
seed (``--hash-seed``, 0 unless told): the happenings of a build once followed it.

With ``--workers 1`` every stage runs in the child's own process, and the per-stage times are
its CPU seconds (``time.process_time``) instead of wall seconds: on a machine other jobs share,
CPU time measures the work rather than the load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

from _common import REPO, T17_COLLECTED_ON, data_present, emit, machine, parser, seeded_sample

#: Columns that say when a row was written, not what it holds.
VOLATILE = {"articles": {"added_at"}, "sources": {"seen_at"}, "failures": {"at", "id"}}
#: The first seed story's collection day (tests/conftest.py), and Timeline17's bench day.
SEEDS_COLLECTED_ON = dt.date(2026, 11, 23)


def table_digests(db: Path) -> dict[str, str]:
    """Each table's rows, sorted, as a digest (with its row count)."""
    connection = sqlite3.connect(db)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if not row[0].startswith(("sqlite_", "search_fts"))
        ]
        digests = {}
        for name in names:
            cursor = connection.execute(f'SELECT * FROM "{name}"')
            columns = [d[0] for d in cursor.description]
            keep = [i for i, c in enumerate(columns) if c not in VOLATILE.get(name, set())]
            rows = sorted(repr(tuple(row[i] for i in keep)) for row in cursor)
            if name == "search_docs":  # its id is the order rows were written in
                rows = sorted(r.split(", ", 1)[1] for r in rows)
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
            digests[name] = f"{len(rows)}:{digest}"
        return digests
    finally:
        connection.close()


def _cpu_clock() -> types.SimpleNamespace:
    """A stand-in for the ``time`` module whose ``perf_counter`` is this process's CPU time."""
    return types.SimpleNamespace(perf_counter=time.process_time)


def build_once(folder: Path, collected_on: dt.date, workers: int) -> dict[str, Any]:
    """Build ``folder`` with the checkout first on ``sys.path``; digests and stage seconds."""
    from storyline import build, pipeline
    from storyline.core import Storyline
    from storyline.pipeline import BuildOptions

    if workers == 1:  # every stage in this process: time them by its CPU clock
        pipeline.time = _cpu_clock()  # type: ignore[assignment]
        build.time = _cpu_clock()  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "identity.db"
        cpu = time.process_time()
        wall = time.perf_counter()
        report = Storyline(db).build(
            [str(folder)], BuildOptions(collected_on=collected_on, workers=workers)
        )
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        return {
            "wall_seconds": round(wall, 2),
            "main_cpu_seconds": round(cpu, 2),
            "stage_seconds": {k: round(v, 3) for k, v in report.stage_seconds.items()},
            "failures": len(report.failures),
            "tables": table_digests(db),
        }


def _child(
    checkout: Path, folder: Path, collected_on: dt.date, workers: int, hash_seed: str
) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--build-with",
            str(checkout),
            "--folder",
            str(folder),
            "--collected-on",
            collected_on.isoformat(),
            "--workers",
            str(workers),
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _write_articles(folder: Path, sample: int, data: Path) -> None:
    from storyline.evals.t17 import articles

    found = seeded_sample(list(articles(data)), sample)
    for i, article in enumerate(found):
        (folder / f"{i:05d}.txt").write_text(article.text, encoding="utf-8")


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    stages = sorted({s for r in runs for s in r["stage_seconds"]})
    return {
        "wall_seconds_median": round(statistics.median(r["wall_seconds"] for r in runs), 2),
        "stage_seconds_median": {
            s: round(statistics.median(r["stage_seconds"].get(s, 0.0) for r in runs), 3)
            for s in stages
        },
        "runs": runs,
    }


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sample", type=int, default=300)
    cli.add_argument("--seeds", action="store_true", help="Build examples/seeds instead.")
    cli.add_argument("--against", type=Path, default=None, help="Another checkout to compare.")
    cli.add_argument("--runs", type=int, default=1)
    cli.add_argument("--workers", type=int, default=2)
    cli.add_argument(
        "--hash-seed",
        default="0",
        help="PYTHONHASHSEED of every build (workers inherit it): output that follows the "
        "string hash seed would differ between runs of one checkout; 'random' to see it do.",
    )
    cli.add_argument("--build-with", type=Path, default=None, help="(the child) its checkout")
    cli.add_argument("--folder", type=Path, default=None, help="(the child) what it builds")
    cli.add_argument("--collected-on", default=None, help="(the child) the collection day")
    args = cli.parse_args()
    if args.build_with is not None:  # the child: build with the given checkout's source
        sys.path.insert(0, str(args.build_with.resolve() / "src"))
        day = dt.date.fromisoformat(args.collected_on)
        print(json.dumps(build_once(args.folder, day, args.workers)))
        return
    sys.path.insert(0, str(REPO / "src"))
    if not args.seeds and not data_present(args.data):
        return
    checkouts = {"this": REPO}
    if args.against is not None:
        checkouts["against"] = args.against.resolve()
    results: dict[str, Any] = {
        **machine(),
        "corpus": "examples/seeds" if args.seeds else f"timeline17 sample {args.sample}",
        "workers": args.workers,
        "checkouts": {k: str(v) for k, v in checkouts.items()},
        "hash_seed": args.hash_seed,
    }
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        if args.seeds:
            folder, day = REPO / "examples" / "seeds", SEEDS_COLLECTED_ON
        else:
            folder, day = Path(tmp) / "t17", T17_COLLECTED_ON
            folder.mkdir()
            _write_articles(folder, args.sample, args.data)
        for run in range(args.runs):
            # Alternate which checkout goes first, so neither always meets a warmer machine.
            order = list(checkouts) if run % 2 == 0 else list(reversed(checkouts))
            for name in order:
                runs[name].append(
                    _child(checkouts[name], folder, day, args.workers, args.hash_seed)
                )
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results.update({name: _summary(found) for name, found in runs.items()})
    every = [r["tables"] for found in runs.values() for r in found]
    differ = sorted({t for tables in every for t in tables if tables.get(t) != every[0].get(t)})
    results["tables"] = every[0]
    results["tables_differ"] = differ
    emit(results, args.json)
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
