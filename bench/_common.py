"""What every benchmark script shares: its arguments, the data it skips without, the machine it
ran on, and how it reports (JSON on stdout, and in a file with ``--json``)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
T17 = SHARED_DATA / "timeline17"
T = TypeVar("T")


def parser(doc: str | None, data: Path = T17) -> argparse.ArgumentParser:
    """A script's parser with ``--data`` and ``--json``; the script adds its own options."""
    made = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    made.add_argument("--data", type=Path, default=data)
    made.add_argument("--json", type=Path, default=None)
    return made


def data_present(folder: Path, name: str = "Timeline17") -> bool:
    """Whether the benchmark data is there; says so on stderr when it is not."""
    if folder.is_dir():
        return True
    print(f"skipped: no {name} data at {folder}", file=sys.stderr)
    return False


def seeded_sample(items: list[T], size: int, seed: int = 17) -> list[T]:
    """The same ``size`` items on every run (every topic and outlet, not the first ones)."""
    return random.Random(seed).sample(items, min(size, len(items)))


def machine() -> dict[str, Any]:
    """Date, machine and the load before the run (the machine is shared: it says how much of
    it was ours)."""
    return {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }


def emit(results: dict[str, Any], path: Path | None) -> None:
    text = json.dumps(results, indent=2)
    print(text)
    if path:
        path.write_text(text + "\n", encoding="utf-8")


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def latency(milliseconds: list[float]) -> dict[str, float]:
    """Count, median, p95 and maximum of request times in milliseconds."""
    return {
        "n": len(milliseconds),
        "median_ms": round(statistics.median(milliseconds), 2),
        "p95_ms": round(percentile(milliseconds, 0.95), 2),
        "max_ms": round(max(milliseconds), 2),
    }
