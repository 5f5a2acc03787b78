"""bench/corpus_fork.py on a Timeline17-layout folder of the seeds: the corpus stages run both
ways on copies of one store, and only the forking way has a child."""

from __future__ import annotations

from pathlib import Path

from .test_bench_build_t17 import run_bench, t17_layout_of_the_seeds


def test_corpus_fork_bench_runs_both_ways(tmp_path: Path) -> None:
    data = t17_layout_of_the_seeds(tmp_path / "t17")
    out = tmp_path / "result.json"
    result = run_bench("corpus_fork.py", data, out, "--pairs", "1", "--workers", "2")
    assert result["articles"] == 3
    [no_fork] = result["no_fork"]["runs"]
    [fork] = result["fork"]["runs"]
    assert no_fork["stages"].keys() == fork["stages"].keys()
    assert {"dating", "resolve", "duplicates", "timelines"} <= fork["stages"].keys()
    # Refused, resolution ran in-process: no child at all. Allowed, the forked child is one.
    assert no_fork["peak_rss_mb"]["largest_child"] == 0
    assert fork["peak_rss_mb"]["largest_child"] > 0
