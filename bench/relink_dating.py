"""The dating stage of a relink: with the time expressions the date stage kept, and rescanning.

    .venv/bin/python bench/relink_dating.py [--data ../shared/data/timeline17] [--sample 300]
                                           [--workers 2] [--runs 3] [--json out.json]

Builds a store of ``--sample`` seeded-random Timeline17 articles (as `bench/build_t17.py`
picks them), then times the corpus dating stage (`link.dating.refine_dates` over
`Corpus.load`, what `storyline build --relink` runs first) ``--runs`` times each way,
alternating: with the undated articles' time expressions read without a date as the date
stage kept them (``unanchored_time_mentions``), and with those cleared, so that dating scans
each undated text again (as before they were kept). The in-process scan cache is emptied
before every run. Reports CPU seconds (process time), the median of the runs of each.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from storyline.analyse import timex
from storyline.core import Storyline
from storyline.evals.t17 import articles
from storyline.link.corpus import Corpus
from storyline.link.dating import refine_dates
from storyline.pipeline import BuildOptions
from storyline.store import open_store


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sample", type=int, default=300)
    cli.add_argument("--workers", type=int, default=2)
    cli.add_argument("--runs", type=int, default=3)
    args = cli.parse_args()
    if not data_present(args.data):
        return
    results = machine()
    found = seeded_sample(list(articles(args.data)), args.sample)
    options = BuildOptions(
        collected_on=max(a.published for a in found) + dt.timedelta(days=1), workers=args.workers
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, article in enumerate(found):  # no dates given: as a folder of text files
            (folder / f"{i:04d}.txt").write_text(article.text, encoding="utf-8")
        db = Path(tmp) / "store.db"
        started = time.perf_counter()
        Storyline(db).build([str(folder)], options)
        results["build_seconds_not_timed"] = round(time.perf_counter() - started, 1)
        seconds: dict[str, list[float]] = {"kept": [], "rescanned": []}
        for _ in range(args.runs):
            for way in seconds:
                with open_store(db) as store:
                    corpus = Corpus.load(store)
                if way == "rescanned":
                    corpus.unanchored_time_mentions.clear()
                timex._SCANS.clear()
                started = time.process_time()
                refine_dates(corpus, options)
                seconds[way].append(round(time.process_time() - started, 2))
    results["articles"] = len(found)
    for way, runs in seconds.items():
        results[f"dating_cpu_seconds_{way}"] = {"runs": runs, "median": statistics.median(runs)}
    emit(results, args.json)


if __name__ == "__main__":
    main()
