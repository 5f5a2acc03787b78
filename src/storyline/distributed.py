"""The per-article stages on a Dask cluster (``storyline build --dask local|tcp://HOST:PORT``).

The same :func:`~storyline.pipeline.process_input` runs as in a local build, over partitions
of inputs sent to the cluster's workers; the results come back to this process, which writes
them to the store and then runs the corpus stages as usual. So a Dask build's output equals a
local build's, and there is one code path to maintain. Only a bounded number of partitions is
in flight at once, so memory stays flat however many inputs there are.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import Any

from storyline.errors import StorylineError
from storyline.ingest.types import RawInput
from storyline.pipeline import (
    ArticleResult,
    BuildOptions,
    process_input,
    single_threaded_blas,
    stage_versions,
)

#: At most this many inputs travel to a worker together (fewer on small builds, so that every
#: worker gets some).
MAX_PARTITION = 32
#: Seconds to wait for a scheduler to answer.
CONNECT_TIMEOUT = 20


def process_partition(inputs: Sequence[RawInput], options: BuildOptions) -> list[ArticleResult]:
    """What a worker runs: every per-article stage on each input of one partition."""
    with single_threaded_blas():
        return [process_input(raw, options) for raw in inputs]


def partitions(work: Sequence[RawInput], workers: int) -> list[list[RawInput]]:
    """``work`` cut into partitions: about four per worker, none over MAX_PARTITION."""
    size = max(1, min(MAX_PARTITION, math.ceil(len(work) / max(1, 4 * workers))))
    return [list(work[i : i + size]) for i in range(0, len(work), size)]


def process_on_dask(work: Sequence[RawInput], options: BuildOptions) -> Iterator[ArticleResult]:
    """Run the per-article stages of ``work`` on the cluster ``options.dask`` names."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise StorylineError(
            "--dask needs Dask's distributed scheduler: pip install 'storyline[dask]'"
        ) from exc
    with ExitStack() as stack:
        if options.dask == "local":
            workers = options.workers or (os.cpu_count() or 1)
            # One thread per worker process: the models are not thread-parallel, processes are.
            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        else:
            try:
                client = stack.enter_context(
                    Client(options.dask, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
                )
            except (OSError, TimeoutError, ValueError) as exc:
                raise StorylineError(
                    f"cannot reach the Dask scheduler at {options.dask!r}: {exc}"
                ) from exc
        workers = _check_workers(client, options.dask)
        yield from _run(client, as_completed, work, options, workers)


def _check_workers(client: Any, address: str) -> int:
    """The number of workers, once each is known to run the same stages as this process (a
    worker with another storyline version would write different results)."""
    versions: dict[str, dict[str, str]] = client.run(stage_versions)
    if not versions:
        raise StorylineError(f"the Dask cluster at {address!r} has no workers")
    mine = stage_versions()
    for worker, theirs in sorted(versions.items()):
        if theirs != mine:
            raise StorylineError(
                f"Dask worker {worker} runs other stage versions ({theirs}) than this"
                f" storyline ({mine}): install the same storyline version on every worker"
            )
    return len(versions)


def _run(
    client: Any,
    as_completed: Any,
    work: Sequence[RawInput],
    options: BuildOptions,
    workers: int,
) -> Iterator[ArticleResult]:
    pending = iter(partitions(work, workers))
    in_flight = as_completed()
    for part in pending:
        in_flight.add(client.submit(process_partition, part, options, pure=False))
        if in_flight.count() >= 2 * workers:
            break
    for future in in_flight:
        results: list[ArticleResult] = future.result()
        future.release()
        nxt = next(pending, None)
        if nxt is not None:
            in_flight.add(client.submit(process_partition, nxt, options, pure=False))
        yield from results
