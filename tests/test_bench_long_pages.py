"""bench/long_pages.py runs from a clean checkout, on pages it makes itself: every kind is read
at both sizes, and a page twice as long takes about twice as long (the linear reading the
bench watches over; before, a page without full stops took four times as long)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_long_pages_bench_reads_every_kind_in_time_linear_in_its_length(
    tmp_path: Path,
) -> None:
    out = tmp_path / "pages.json"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "long_pages.py"),
            "--size",
            "600",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pages = json.loads(out.read_text())["pages"]
    assert set(pages) == {"no-stops", "quotes", "names", "numbers", "dates", "html"}
    for kind, page in pages.items():
        small, large = page["characters"]
        assert large > 1.9 * small, kind
        # A quadratic stage makes the ratio 4 on pages this long (no-stops: 3.9 before).
        assert page["ratio"] < 3.2, (kind, page)
