"""`storyline build --dask`: the per-article stages on a Dask cluster give the same store as a
local build; a cluster that cannot be reached is named in a clear error."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from storyline.core import Storyline
from storyline.distributed import partitions
from storyline.errors import StorylineError
from storyline.ingest.types import RawInput
from storyline.pipeline import BuildOptions

from .conftest import COLLECTED_ON, SEEDS


def test_a_build_on_a_two_worker_cluster_equals_a_local_build(
    tmp_path: Path, seed_export: dict[str, Any]
) -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        options = BuildOptions(collected_on=COLLECTED_ON, dask=cluster.scheduler_address)
        report = Storyline(tmp_path / "dask.db").build([str(SEEDS)], options)
        assert report.failures == []
    assert report.added == len(list(SEEDS.glob("*.txt")))
    assert json.loads(Storyline(tmp_path / "dask.db").export("json")) == seed_export


def test_an_unreachable_scheduler_is_named(tmp_path: Path) -> None:
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    options = BuildOptions(collected_on=COLLECTED_ON, dask=f"tcp://127.0.0.1:{port}")
    with pytest.raises(StorylineError, match=f"cannot reach the Dask scheduler.*{port}"):
        Storyline(tmp_path / "x.db").build([str(SEEDS)], options)


def test_partitions_keep_every_input_once_in_order_and_go_round_the_workers() -> None:
    work = [RawInput(f"{i}.txt", b"x", "text/plain", {}) for i in range(203)]
    for workers in (1, 2, 8):
        parts = partitions(work, workers)
        assert [raw for part in parts for raw in part] == work
        assert max(len(p) for p in parts) <= 32
        assert len(parts) >= min(len(work), 2 * workers)
    assert partitions([], 2) == []
