"""While other processes analyse the articles, a build loads the corpus stages' model and
modules on a thread of its own; the corpus stages start only once it is done, and a load that
fails is left to the corpus stage that needs it."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from storyline import build, worker_pool
from storyline.core import Storyline
from storyline.ingest.types import RawInput
from storyline.link import corpus
from storyline.pipeline import BuildOptions

from .conftest import COLLECTED_ON, SEEDS


def _two_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    return folder


def test_the_corpus_stages_start_once_the_preload_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    real_preload, real_run_corpus = corpus.preload, build._run_corpus

    def slow_preload() -> None:
        seen["thread"] = threading.current_thread().name
        time.sleep(6)  # longer than analysing two articles takes: the join is what waits
        real_preload()
        seen["loaded"] = time.perf_counter()

    def run_corpus(*args: Any) -> None:
        seen["corpus"] = time.perf_counter()
        real_run_corpus(*args)

    monkeypatch.setattr(corpus, "preload", slow_preload)
    monkeypatch.setattr(build, "_run_corpus", run_corpus)
    report = Storyline(tmp_path / "s.db").build(
        [str(_two_seeds(tmp_path))], BuildOptions(collected_on=COLLECTED_ON, workers=2)
    )
    assert report.ok and report.corpus_rebuilt
    assert seen["thread"] != threading.main_thread().name
    assert seen["loaded"] <= seen["corpus"]


def test_a_preload_that_fails_is_left_to_the_corpus_stages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing() -> None:
        raise RuntimeError("no model here")

    monkeypatch.setattr(corpus, "preload", failing)
    report = Storyline(tmp_path / "s.db").build(
        [str(_two_seeds(tmp_path))], BuildOptions(collected_on=COLLECTED_ON, workers=2)
    )
    assert report.ok and report.corpus_rebuilt
    assert report.counts["stories"] >= 1


def test_preloaded_only_when_other_processes_analyse() -> None:
    one = [RawInput("a.txt", b"a", "text/plain", {})]
    two = [*one, RawInput("b.txt", b"b", "text/plain", {})]
    assert not build._in_other_processes([], BuildOptions(workers=2))
    assert not build._in_other_processes(one, BuildOptions(workers=2))  # analysed here
    assert not build._in_other_processes(two, BuildOptions(workers=1))
    assert build._in_other_processes(two, BuildOptions(workers=2))
    assert build._in_other_processes(one, BuildOptions(workers=1, dask="local"))


def test_regression_first_pool_broken_pipe_from_the_resource_tracker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A benchmark build stopped as it made its worker pool: BrokenPipeError from
    # multiprocessing's resource tracker, gone between the check that it runs and the message
    # to it. Nothing has started then; the build makes the pool again and goes on.
    real_pool = worker_pool.ProcessPoolExecutor
    attempts: list[int] = []

    def pool_that_fails_once(*args: Any, **kwargs: Any) -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            raise BrokenPipeError(32, "Broken pipe")
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(worker_pool, "ProcessPoolExecutor", pool_that_fails_once)
    report = Storyline(tmp_path / "s.db").build(
        [str(_two_seeds(tmp_path))], BuildOptions(collected_on=COLLECTED_ON, workers=2)
    )
    assert len(attempts) == 2
    assert report.ok and not report.failures
    assert report.counts["articles"] == 2
