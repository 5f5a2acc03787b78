"""A worker that dies on one input costs that input alone: it is found, reported by name and
recorded; every other input of the build is analysed."""

from __future__ import annotations

import os
from pathlib import Path

from storyline.build import BuildReport, _write_result
from storyline.ingest.types import RawInput
from storyline.link.written import WrittenArticles
from storyline.pipeline import ArticleResult, BuildOptions, process_input
from storyline.store import open_store
from storyline.worker_pool import DIED_STAGE, analyse_in_pool, died
from tests.conftest import COLLECTED_ON

DEADLY = "deadly.txt"


def dies_on_the_deadly_one(raw: RawInput, options: BuildOptions) -> ArticleResult:
    """As a crash in native code would: the worker process ends at once, on one input."""
    if raw.source == DEADLY:
        os._exit(9)
    return process_input(raw, options)


def _inputs(count: int, deadly_at: int | None) -> list[RawInput]:
    made = []
    for i in range(count):
        source = DEADLY if i == deadly_at else f"article-{i}.txt"
        text = f"Report number {i}.\n\nThe council of town {i} met on Monday and voted 5 to 2."
        made.append(RawInput(source, text.encode(), "text/plain", {}))
    return made


def _options() -> BuildOptions:
    return BuildOptions(collected_on=COLLECTED_ON, workers=2)


def test_regression_a_worker_that_dies_no_longer_stops_the_build() -> None:
    # A worker ended abruptly broke the pool: the build stopped with BrokenProcessPool and
    # analysed nothing more (seen once in a Timeline17 bench run).
    work = _inputs(12, deadly_at=5)
    results = list(analyse_in_pool(work, _options(), 2, dies_on_the_deadly_one))
    by_source = {r.source: r for r in results}
    assert sorted(by_source) == sorted(raw.source for raw in work)
    assert len(results) == len(work)  # each input once
    deadly = by_source[DEADLY]
    assert "article" not in deadly.state
    assert [(f.source, f.stage) for f in deadly.failures] == [(DEADLY, DIED_STAGE)]
    assert "ended abruptly" in deadly.failures[0].reason
    for source, result in by_source.items():
        if source != DEADLY:
            assert "article" in result.state and not result.failures, source


def test_a_pool_that_never_breaks_gives_every_result_once() -> None:
    work = _inputs(6, deadly_at=None)
    results = list(analyse_in_pool(work, _options(), 2, dies_on_the_deadly_one))
    assert sorted(r.source for r in results) == sorted(raw.source for raw in work)
    assert all("article" in r.state for r in results)


def test_the_dead_input_is_recorded_in_the_store_by_name(tmp_path: Path) -> None:
    raw = _inputs(1, deadly_at=0)[0]
    report = BuildReport()
    with open_store(str(tmp_path / "store.db"), readonly=False) as store:
        _write_result(store, died(raw, _options()), report, WrittenArticles())
        recorded = store.failures()
        assert store.counts().get("articles", 0) == 0
    assert [(f.source, f.stage) for f in recorded] == [(DEADLY, DIED_STAGE)]
    assert [f.source for f in report.failures] == [DEADLY]
