"""bench/corpus_fork.py on a Timeline17-layout folder of the seeds: the corpus stages run both
ways on copies of one store, and only the forking way has a child."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .test_bench_build_t17 import REPO, t17_layout_of_the_seeds


def test_corpus_fork_bench_runs_both_ways(tmp_path: Path) -> None:
    data = t17_layout_of_the_seeds(tmp_path / "t17")
    out = tmp_path / "result.json"
    command = [sys.executable, str(REPO / "bench" / "corpus_fork.py"), "--data", str(data)]
    subprocess.run(
        [*command, "--pairs", "1", "--workers", "2", "--json", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["articles"] == 3
    [no_fork] = result["no_fork"]["runs"]
    [fork] = result["fork"]["runs"]
    assert no_fork["stages"].keys() == fork["stages"].keys()
    assert {"dating", "resolve", "duplicates", "timelines"} <= fork["stages"].keys()
    # Refused, resolution ran in-process: no child at all. Allowed, the forked child is one.
    assert no_fork["peak_rss_mb"]["largest_child"] == 0
    assert fork["peak_rss_mb"]["largest_child"] > 0
