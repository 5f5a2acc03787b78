"""Dask speed-up: the per-article stages on a LocalCluster of 1 and of 2 workers.

    .venv/bin/python bench/dask_workers.py [--data ../shared/data/timeline17] [--sample 120]
                                           [--runs 1] [--json out.json]

The same seeded sample of Timeline17 articles goes through
:func:`storyline.distributed.process_on_dask` (what ``storyline build --dask local`` runs) on a
fresh cluster of each size. Timed: from the first partition sent to the last result back,
after the cluster is up and every worker has loaded its models (a warm-up partition), so that
start-up is not counted. Reports seconds, articles/s and words/s per size and the speed-up.
"""

from __future__ import annotations

import logging
import statistics
import sys
import time
from typing import Any

from _common import REPO, T17_COLLECTED_ON, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from storyline.distributed import _run, process_partition
from storyline.evals.t17 import articles
from storyline.ingest.types import RawInput
from storyline.pipeline import BuildOptions, warm_worker


def timed_run(work: list[RawInput], workers: int) -> float:
    from distributed import Client, LocalCluster, as_completed

    options = BuildOptions(collected_on=T17_COLLECTED_ON, workers=workers, dask="local")
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(warm_worker)
        # One small partition per worker first, so that every worker has run each stage once.
        client.gather(
            [
                client.submit(process_partition, work[:1], options, pure=False, workers=[w])
                for w in client.scheduler_info()["workers"]
            ]
        )
        started = time.perf_counter()
        done = sum(1 for _ in _run(client, as_completed, work, options, workers))
        seconds = time.perf_counter() - started
    assert done == len(work)
    return seconds


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sample", type=int, default=120)
    cli.add_argument("--runs", type=int, default=1)
    args = cli.parse_args()
    if not data_present(args.data):
        return
    sample = seeded_sample(list(articles(args.data)), args.sample)
    work = [
        RawInput(f"t17/{i:05d}.txt", a.text.encode(), "text/plain", {})
        for i, a in enumerate(sample)
    ]
    words = sum(len(a.text.split()) for a in sample)
    results: dict[str, Any] = {**machine(), "articles": len(work), "words": words}
    medians: dict[int, float] = {}
    for workers in (1, 2):
        runs = [timed_run(work, workers) for _ in range(args.runs)]
        medians[workers] = statistics.median(runs)
        results[f"workers_{workers}"] = {
            "seconds_median": round(medians[workers], 2),
            "runs": [round(r, 2) for r in runs],
            "articles_per_second": round(len(work) / medians[workers], 2),
            "words_per_second": round(words / medians[workers]),
        }
        print(workers, results[f"workers_{workers}"], file=sys.stderr)
    results["speedup_2_vs_1"] = round(medians[1] / medians[2], 2)
    emit(results, args.json)


if __name__ == "__main__":
    main()
