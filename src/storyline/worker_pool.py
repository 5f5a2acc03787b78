"""The per-article stages over a pool of worker processes, surviving a worker that dies.

A worker can end abruptly on one input: a crash in a model's native code, or the kernel
killing it for memory. The pool is then broken: every article in it fails at once, and a
build that let that through stopped with a traceback and analysed nothing more. Here the
articles that were in the pool when it broke are analysed again, each alone in a pool of its
own, so that the one that kills its worker is found and reported by name, recorded as a
failure like any other, and the others are analysed; then a new pool takes up the rest.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from storyline.ingest.types import RawInput
from storyline.models import Failure
from storyline.pipeline import (
    ArticleResult,
    BuildOptions,
    content_hash,
    process_input,
    stage_versions,
    warm_worker,
)

#: What analyses one input in a worker (a module-level function, as workers are spawned).
Analyse = Callable[[RawInput, BuildOptions], ArticleResult]

#: The stage named in the failure of an input whose worker died.
DIED_STAGE = "analyse"


def start_pool(workers: int) -> ProcessPoolExecutor:
    """The worker processes (spawned, not forked: the parent may hold threads and open
    database handles).

    Making the pool registers its locks with multiprocessing's resource tracker, a helper
    process. Three builds of about 130 timed here stopped right there with BrokenPipeError:
    the tracker had gone between the check that it runs and the message to it (the cause was
    not found; each time the first pool of a fresh process, the corpus stages' preloading
    thread just started). Nothing has started at that point, so making the pool once more is
    safe, and the second attempt's check finds the tracker gone and starts a new one."""
    context = multiprocessing.get_context("spawn")
    try:
        return ProcessPoolExecutor(workers, mp_context=context, initializer=warm_worker)
    except OSError:
        return ProcessPoolExecutor(workers, mp_context=context, initializer=warm_worker)


def analyse_in_pool(
    work: Sequence[RawInput],
    options: BuildOptions,
    workers: int,
    analyse: Analyse = process_input,
) -> Iterator[ArticleResult]:
    """Each input's result, in the order they finish; an input whose worker died gives a
    result with one failure (:func:`died`) and no article."""
    queue = deque(work)
    while queue:
        suspects = yield from _until_broken(queue, options, workers, analyse)
        for raw in suspects:
            yield _alone(raw, options, analyse)


def _until_broken(
    queue: deque[RawInput], options: BuildOptions, workers: int, analyse: Analyse
) -> Generator[ArticleResult, None, list[RawInput]]:
    """Results from one pool until the queue is empty (returns no suspects) or the pool
    breaks (returns the inputs it held that have no result)."""
    in_flight: dict[Future[ArticleResult], RawInput] = {}
    with start_pool(workers) as pool:
        try:
            # A bounded number of articles in flight, so that memory stays flat on huge inputs.
            while queue and len(in_flight) < workers * 4:
                raw = queue.popleft()
                in_flight[pool.submit(analyse, raw, options)] = raw
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()  # raises BrokenProcessPool if its worker died
                    del in_flight[future]
                    yield result
                    if queue:
                        raw = queue.popleft()
                        in_flight[pool.submit(analyse, raw, options)] = raw
        except BrokenProcessPool:
            pass
    finished = [f for f in in_flight if f.done() and f.exception() is None]
    for future in finished:  # done before the break: their results stand
        yield future.result()
        del in_flight[future]
    return list(in_flight.values())


def _alone(raw: RawInput, options: BuildOptions, analyse: Analyse) -> ArticleResult:
    """``raw`` analysed in a pool of one: its result, or :func:`died` if it ends that too."""
    with start_pool(1) as pool:
        try:
            return pool.submit(analyse, raw, options).result()
        except BrokenProcessPool:
            return died(raw, options)


def died(raw: RawInput, options: BuildOptions) -> ArticleResult:
    """The result of an input whose analysing process ended abruptly, twice."""
    failure = Failure(
        source=raw.source,
        stage=DIED_STAGE,
        reason=(
            "the process analysing it ended abruptly, twice (a crash in native code, or "
            "killed, perhaps for memory); the rest of the build went on"
        ),
        error="BrokenProcessPool",
        at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    state = {"raw_data": raw.data, "metadata": dict(raw.metadata)}
    return ArticleResult(
        raw.source, content_hash(raw), state, [failure], [], {}, stage_versions(options)
    )
