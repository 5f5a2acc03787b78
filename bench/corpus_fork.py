"""The corpus stages with entity resolution in a forked child, and without, side by side.

    .venv/bin/python bench/corpus_fork.py [--data ../shared/data/timeline17] [--sample N]
                                         [--workers 2] [--pairs 4] [--json out.json]

Builds one store of the Timeline17 articles (all of them, or ``--sample`` seeded-random ones
as `bench/build_t17.py` picks them), then runs every corpus stage (`link.corpus.build_corpus`)
on fresh copies of it, ``--pairs`` times each way, alternating: as a build runs them (entity
resolution forked beside dating, where it can be) and with forking refused
(`link.forked.can_fork` false, resolution in-process). Each run is a process of its own, so
that one's memory is not the other's. Reports each run's wall seconds per stage, the medians,
and the peak RSS of the main process and of its largest child (the forked one).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    REPO,
    T17_COLLECTED_ON,
    data_present,
    emit,
    machine,
    own_process_result,
    parser,
    t17_selection,
    write_texts,
)

sys.path.insert(0, str(REPO / "src"))

from storyline.core import Storyline
from storyline.pipeline import BuildOptions


def _one_run(store_path: Path, fork: bool, workers: int) -> None:
    """The ``--one`` side: the corpus stages once on ``store_path``, a JSON line out."""
    from storyline.build import _Timed
    from storyline.link import forked
    from storyline.link.corpus import build_corpus
    from storyline.progress import SilentProgress
    from storyline.store import open_store

    if not fork:
        forked.can_fork = lambda: False
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with open_store(str(store_path)) as store:
        options = BuildOptions(collected_on=T17_COLLECTED_ON, workers=workers)
        build_corpus(store, options, _Timed(SilentProgress(), seconds))
    total = time.perf_counter() - started
    peak = {
        "main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "largest_child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    stages = {k: round(v, 2) for k, v in seconds.items()}
    print(json.dumps({"seconds": round(total, 2), "stages": stages, "peak_rss_mb": peak}))


def _run(built: Path, scratch: Path, fork: bool, workers: int) -> dict[str, object]:
    copy = scratch / "copy.db"
    for leftover in scratch.glob("copy.db*"):
        leftover.unlink()
    shutil.copyfile(built, copy)
    arguments = ["--one", "fork" if fork else "no-fork", "--store", str(copy)]
    return own_process_result(__file__, [*arguments, "--workers", str(workers)], "corpus stages")


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sample", type=int, default=0, help="N seeded-random articles.")
    cli.add_argument("--workers", type=int, default=2)
    cli.add_argument("--pairs", type=int, default=4)
    cli.add_argument("--one", choices=("fork", "no-fork"), help=argparse.SUPPRESS)
    cli.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = cli.parse_args()
    if args.one:
        _one_run(args.store, args.one == "fork", args.workers)
        return
    if not data_present(args.data):
        return
    found = t17_selection(args)
    results: dict[str, object] = {**machine(), "articles": len(found), "workers": args.workers}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        folder = write_texts([a.text for a in found], scratch / "t17")
        built = scratch / "built.db"
        options = BuildOptions(collected_on=T17_COLLECTED_ON, workers=args.workers)
        Storyline(built).build([str(folder)], options)
        runs: dict[str, list[dict[str, object]]] = {"no_fork": [], "fork": []}
        for _ in range(args.pairs):
            runs["no_fork"].append(_run(built, scratch, False, args.workers))
            runs["fork"].append(_run(built, scratch, True, args.workers))
    for way, done in runs.items():
        results[way] = {
            "seconds_median": statistics.median(float(r["seconds"]) for r in done),  # type: ignore[arg-type]
            "runs": done,
        }
    emit(results, args.json)


if __name__ == "__main__":
    main()
