"""bench/build_t17.py on a Timeline17-layout folder of the seeds: each run, ours and the
reference's, is measured in a process of its own, so that no run's peak memory is another's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import seed_path

REPO = Path(__file__).resolve().parents[1]


def t17_layout_of_the_seeds(root: Path) -> Path:
    """``<topic>_<source>/InputDocs/<day>/<name>.txt``, one seed a day."""
    for day, prefix in enumerate(("000", "001", "002"), start=1):
        folder = root / "Migration_seeds" / "InputDocs" / f"2024-02-{day:02d}"
        folder.mkdir(parents=True)
        text = seed_path(prefix).read_text(encoding="utf-8")
        (folder / f"{prefix}.txt").write_text(text, encoding="utf-8")
    return root


def run_bench(script: str, data: Path, out: Path, *options: str) -> dict[str, Any]:
    """``bench/<script>`` on ``data`` with ``options``; the JSON it wrote to ``out``."""
    command = [sys.executable, str(REPO / "bench" / script), "--data", str(data)]
    subprocess.run(
        [*command, *options, "--json", str(out)], check=True, capture_output=True, timeout=600
    )
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def test_regression_bench_peaks_are_each_runs_own(tmp_path: Path) -> None:
    # With all runs in the bench's one process, a second build's workers were forked from a
    # parent holding the first build (1.4 GB read as a worker's peak), and the reference's
    # "main" was ours.
    data = t17_layout_of_the_seeds(tmp_path / "t17")
    out = tmp_path / "result.json"
    result = run_bench("build_t17.py", data, out, "--runs", "2", "--workers", "2")
    assert result["articles"] == 3
    assert len(result["storyline"]["runs"]) == 2
    assert result["storyline"]["failures"] == 0
    assert result["speedup_vs_reference"] > 0
    per_run = result["peak_rss_mb_per_run"]
    assert len(per_run) == 2 and all(p["main"] > 100 for p in per_run)
    assert result["peak_rss_mb"]["main"] == max(p["main"] for p in per_run)
    # The reference's parent only hands texts to its pool: far below a build's main process,
    # which holds the models and the corpus.
    assert result["reference_peak_rss_mb"]["main"] < result["peak_rss_mb"]["main"]
