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
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
T17 = SHARED_DATA / "timeline17"
#: The day a Timeline17 build is told its articles were collected (after every topic's end).
T17_COLLECTED_ON = dt.date(2012, 1, 1)
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


def t17_selection(args: argparse.Namespace) -> list[Any]:
    """The Timeline17 articles a script's ``--sample`` (seeded-random) and ``--limit`` (the
    first N) leave; every one when neither is given."""
    from storyline.evals.t17 import articles

    found = list(articles(args.data))
    if getattr(args, "sample", 0):
        found = seeded_sample(found, args.sample)
    if getattr(args, "limit", 0):
        found = found[: args.limit]
    return found


def write_texts(texts: Sequence[str], folder: Path) -> Path:
    """``texts`` as a folder of ``00000.txt``, ``00001.txt``, ... (made here)."""
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def own_process_result(script: str, arguments: Sequence[str], what: str) -> dict[str, Any]:
    """Runs ``script`` with ``arguments`` in a fresh interpreter and returns the JSON of its
    last output line: a run measured in a process of its own, so that its peak memory (and
    its children's) is no other run's."""
    command = [sys.executable, script, *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {what} run failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
