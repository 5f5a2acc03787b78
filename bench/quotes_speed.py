"""Speed of the build's quote reading (`find_quotes`) with the learned cue model and without it.

    .venv/bin/python bench/quotes_speed.py [--data ../shared/data/timeline17] [--sample 60]
                                          [--runs 3] [--profile N] [--json out.json]

The seeded-random Timeline17 articles `bench/build_t17.py --sample N` picks (the same helper,
seed 17); their sentences and name mentions are found first (not timed), then
`find_quotes` reads every article in one process, as a build's quotes stage does, with the
packaged cue model (`cue_model_plain.json`) and with `STORYLINE_CUE_MODEL=off` (the rules
alone). Reports words per CPU-second (process time), the median of ``--runs`` runs of each,
and the number of quotes found; and the cue model alone (its `cues` over the same texts, no
rule cues given). ``--profile N`` prints the N most costly functions (cProfile,
by own time) of one more run with the model.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time
from typing import Any

from _common import REPO, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from storyline.analyse.cue_model import load_model
from storyline.analyse.entities import find_mentions
from storyline.analyse.quotes import find_quotes
from storyline.analyse.sentences import split_sentences
from storyline.evals.t17 import articles

Prepared = list[tuple[str, str, Any, Any]]


def prepare(texts: list[str]) -> Prepared:
    """Each article's id, text, sentences and mentions: what the quotes stage is given."""
    prepared = []
    for i, text in enumerate(texts):
        article_id = f"a{i:05d}"
        sentences = split_sentences(article_id, text)
        mentions = find_mentions(article_id, text, sentences, "en")
        prepared.append((article_id, text, sentences, mentions))
    return prepared


def use_model(on: bool) -> None:
    if on:
        os.environ.pop("STORYLINE_CUE_MODEL", None)
    else:
        os.environ["STORYLINE_CUE_MODEL"] = "off"
    load_model.cache_clear()
    model = load_model(False)  # the weights are read here, not in the timed runs,
    if model is not None:
        model.cues("Warm up, he said.")  # and what is made of them once per process


def read_all(prepared: Prepared) -> int:
    return sum(len(find_quotes(*item, "en")) for item in prepared)


def timed(prepared: Prepared) -> tuple[float, int]:
    started = time.process_time()
    quotes = read_all(prepared)
    return time.process_time() - started, quotes


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sample", type=int, default=60, help="Seeded random articles to read.")
    cli.add_argument("--runs", type=int, default=3)
    cli.add_argument(
        "--profile", type=int, default=0, help="Print the N costliest functions of a model run."
    )
    args = cli.parse_args()
    if not data_present(args.data):
        return
    texts = [a.text for a in seeded_sample(list(articles(args.data)), args.sample)]
    words = sum(len(t.split()) for t in texts)
    results: dict[str, Any] = {**machine(), "articles": len(texts), "words": words}
    prepared = prepare(texts)
    for name, on in (("model", True), ("off", False)):
        use_model(on)
        runs = [timed(prepared) for _ in range(args.runs)]
        seconds = statistics.median(s for s, _ in runs)
        results[name] = {
            "cpu_seconds_median": round(seconds, 3),
            "runs": [round(s, 3) for s, _ in runs],
            "words_per_cpu_second": round(words / seconds),
            "quotes": runs[-1][1],
        }
    results["model_cost_ratio"] = round(
        results["model"]["cpu_seconds_median"] / results["off"]["cpu_seconds_median"], 2
    )
    use_model(True)
    model = load_model(False)
    if model is not None:
        runs_alone = []
        for _ in range(args.runs):
            started = time.process_time()
            for text in texts:
                model.cues(text)
            runs_alone.append(time.process_time() - started)
        seconds = statistics.median(runs_alone)
        results["cue_model_alone"] = {
            "cpu_seconds_median": round(seconds, 3),
            "runs": [round(s, 3) for s in runs_alone],
            "words_per_cpu_second": round(words / seconds),
        }
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(read_all, prepared)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(args.profile)
    emit(results, args.json)


if __name__ == "__main__":
    main()
