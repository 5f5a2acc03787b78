"""Speed of the time-expression scan (`timex._scan`), and of the whole tagger around it, in
words per CPU-second; this checkout side by side with another (say, a worktree of the
commit before a change).

    .venv/bin/python bench/timex_speed.py [--data ../shared/data/timeline17] [--sample 300]
                                         [--runs 5] [--against ../snapT] [--json out.json]

The seeded-random Timeline17 articles `bench/build_t17.py --sample N` picks (the same helper,
seed 17). Each run is a fresh child process with one checkout's source first on its path: it
reads the articles and splits their sentences (not timed), scans every text once
(``_scan``, not through the tagger's cache of recent scans), then tags every text once
(``find_time_expressions`` against the folder's publication date, the cache emptied first),
and reports the CPU (process) time of each. With ``--against`` the two checkouts' runs
alternate (this, other, other, this, ...), so a change in the machine's load falls on both;
the medians of ``--runs`` runs each are reported, with the load average before and after,
and the number of expressions each found (the same, or the comparison means nothing).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import REPO, data_present, emit, machine, parser, seeded_sample


def one_run(src: Path, data: Path, sample: int) -> dict[str, Any]:
    """The child: scan and tag the sample once with the source at ``src``."""
    sys.path.insert(0, str(src))
    from storyline.analyse import timex
    from storyline.analyse.sentences import split_sentences
    from storyline.evals.t17 import articles
    from storyline.models import DateInterval

    chosen = seeded_sample(list(articles(data)), sample)
    prepared = [
        (f"a{i:05d}", a.text, split_sentences(f"a{i:05d}", a.text), DateInterval.day(a.published))
        for i, a in enumerate(chosen)
    ]
    timex._scan("Warm up on Monday, two days ago.")
    started = time.process_time()
    hits = sum(len(timex._scan(text)) for _, text, _, _ in prepared)
    scan_seconds = time.process_time() - started
    timex._SCANS.clear()
    started = time.process_time()
    mentions = sum(len(timex.find_time_expressions(*item)) for item in prepared)
    tag_seconds = time.process_time() - started
    return {
        "scan_cpu_seconds": scan_seconds,
        "tag_cpu_seconds": tag_seconds,
        "hits": hits,
        "mentions": mentions,
        "words": sum(len(text.split()) for _, text, _, _ in prepared),
    }


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    words = runs[0]["words"]
    scan = statistics.median(r["scan_cpu_seconds"] for r in runs)
    tag = statistics.median(r["tag_cpu_seconds"] for r in runs)
    return {
        "scan_cpu_seconds_median": round(scan, 3),
        "scan_runs": [round(r["scan_cpu_seconds"], 3) for r in runs],
        "scan_words_per_cpu_second": round(words / scan),
        "tag_cpu_seconds_median": round(tag, 3),
        "tag_runs": [round(r["tag_cpu_seconds"], 3) for r in runs],
        "tag_words_per_cpu_second": round(words / tag),
        "hits": runs[-1]["hits"],
        "mentions": runs[-1]["mentions"],
    }


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sample", type=int, default=300, help="Seeded random articles to read.")
    cli.add_argument("--runs", type=int, default=5)
    cli.add_argument("--against", type=Path, default=None, help="Another checkout to compare.")
    cli.add_argument("--child-src", type=Path, default=None, help="(the child) source to use")
    args = cli.parse_args()
    if args.child_src is not None:
        print(json.dumps(one_run(args.child_src, args.data, args.sample)))
        return
    if not data_present(args.data):
        return
    checkouts = {"this": REPO}
    if args.against is not None:
        checkouts["against"] = args.against.resolve()
    results: dict[str, Any] = {**machine(), "sample": args.sample}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in checkouts}
    for round_ in range(args.runs):
        order = list(checkouts) if round_ % 2 == 0 else list(reversed(checkouts))
        for name in order:
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--data",
                    str(args.data),
                    "--sample",
                    str(args.sample),
                    "--child-src",
                    str(checkouts[name] / "src"),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            runs[name].append(json.loads(child.stdout))
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["words"] = runs["this"][0]["words"]
    for name, checkout in checkouts.items():
        results[name] = {"checkout": str(checkout), **summary(runs[name])}
    if args.against is not None:
        results["scan_speedup"] = round(
            results["against"]["scan_cpu_seconds_median"]
            / results["this"]["scan_cpu_seconds_median"],
            2,
        )
        results["tag_speedup"] = round(
            results["against"]["tag_cpu_seconds_median"]
            / results["this"]["tag_cpu_seconds_median"],
            2,
        )
    emit(results, args.json)


if __name__ == "__main__":
    main()
