"""CPU cost of the TF-IDF matrix that dates an undated article among its closest ones.

    .venv/bin/python bench/dating_tfidf.py [--data ../shared/data/timeline17] [--texts 101]
                                          [--sets 30] [--runs 3] [--json out.json]

An incremental link dates an article with no stated date among its ``DATING_VOTERS`` (100)
closest linked articles with a stated day and ``DATING_NEIGHBOURS`` (30) closest of any kind:
one TF-IDF matrix of about 101-131 texts per undated article
(`link/dating_similar._tfidf`). This times that matrix on ``--sets`` seeded-random sets of
``--texts`` Timeline17 articles drawn from 400, after each text has been read once (as in a
build, where the texts' word counts are kept between articles). Reports milliseconds of CPU
(process time) per matrix, the median of ``--runs`` runs. Run it in a checkout of another
commit to compare (the script reads the ``src`` beside it).
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from _common import REPO, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from storyline.evals.t17 import articles
from storyline.link import dating_similar


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--texts", type=int, default=101)
    cli.add_argument("--sets", type=int, default=30)
    cli.add_argument("--runs", type=int, default=3)
    args = cli.parse_args()
    if not data_present(args.data):
        return
    run = machine()
    pool = [a.text for a in seeded_sample(list(articles(args.data)), 400)]
    rng = random.Random(5)
    sets = [rng.sample(pool, min(args.texts, len(pool))) for _ in range(args.sets)]
    dating_similar._tfidf(pool)  # every text read once, as earlier articles of a build did
    per_matrix = []
    for _ in range(args.runs):
        started = time.process_time()
        for texts in sets:
            dating_similar._tfidf(texts)
        per_matrix.append((time.process_time() - started) / len(sets) * 1000)
    emit(
        {
            **run,
            "texts_per_matrix": args.texts,
            "matrices": args.sets,
            "cpu_ms_per_matrix_runs": [round(x, 2) for x in per_matrix],
            "cpu_ms_per_matrix_median": round(statistics.median(per_matrix), 2),
        },
        args.json,
    )


if __name__ == "__main__":
    main()
