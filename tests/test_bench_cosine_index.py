"""bench/cosine_index.py and bench/store_reads.py run from a clean checkout: the first times
the cosine index beside the float32 product and finds the same rows both ways, the second
reads every kind of stored object back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _bench(script: str, *args: str, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args, "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(out.read_text())
    return found


def test_the_cosine_index_bench_finds_the_rows_the_float32_product_finds(tmp_path: Path) -> None:
    found = _bench(
        "cosine_index.py",
        "--rows",
        "3000",
        "--queries",
        "8",
        "--runs",
        "1",
        out=tmp_path / "c.json",
    )
    assert found["rows"] == 2992 and found["queries"] == 8
    assert found["queries_whose_rows_differ"] == 0
    assert found["float32_ms"] > 0 and found["index_ms"] > 0


def test_the_store_reads_bench_reads_every_kind_back(seed_db: Path, tmp_path: Path) -> None:
    found = _bench(
        "store_reads.py", "--store", str(seed_db), "--runs", "1", out=tmp_path / "r.json"
    )
    for kind in ("mentions", "time_mentions", "quotes", "figures", "happenings", "entities"):
        assert found[kind]["objects"] > 0, kind
