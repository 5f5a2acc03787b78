"""Words per second of each per-article analysis on Timeline17 text, and of all of them together,
with the share of the time spent in NER. One process, the stages run in build order on the
same detokenised articles (a seeded sample across every topic and outlet):

    .venv/bin/python bench/analyse_t17.py [--data ../shared/data/timeline17] [--sample 300]
                                          [--json out.json]

Stages: sentences, NER (``find_mentions``), time expressions, quotes, figures. The NER model is
loaded (and warmed on one article) before timing: a build pays that once per process.
"""

from __future__ import annotations

import sys
import time

from _common import REPO, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from storyline.analyse.entities import find_mentions
from storyline.analyse.figures import find_figures
from storyline.analyse.quotes import find_quotes
from storyline.analyse.sentences import split_sentences
from storyline.analyse.timex import find_time_expressions
from storyline.evals.t17 import articles
from storyline.models import DateInterval


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sample", type=int, default=300)
    args = cli.parse_args()
    if not data_present(args.data):
        return
    run = machine()
    found = seeded_sample(list(articles(args.data)), args.sample)
    words = sum(len(a.text.split()) for a in found)
    seconds = dict.fromkeys(("sentences", "ner", "timex", "quotes", "figures"), 0.0)

    cpu = dict.fromkeys(seconds, 0.0)
    clock = time.perf_counter
    marks: list[tuple[float, float]] = []

    def mark() -> None:
        marks.append((clock(), time.process_time()))

    warm = found[0]
    find_mentions("warm", warm.text, split_sentences("warm", warm.text), "en")
    for n, article in enumerate(found):
        aid, text = f"a{n}", article.text
        anchor = DateInterval.day(article.published)
        marks.clear()
        mark()
        sentences = split_sentences(aid, text)
        mark()
        mentions = find_mentions(aid, text, sentences, "en")
        mark()
        times = find_time_expressions(aid, text, sentences, anchor, "en")
        mark()
        find_quotes(aid, text, sentences, mentions, "en")
        mark()
        find_figures(aid, text, sentences, times, mentions)
        mark()
        for stage, before, after in zip(seconds, marks, marks[1:], strict=False):
            seconds[stage] += after[0] - before[0]
            cpu[stage] += after[1] - before[1]
    total = sum(seconds.values())
    cpu_total = sum(cpu.values())
    result = {
        **run,
        "articles": len(found),
        "words": words,
        "words_per_second": {k: round(words / v) for k, v in seconds.items() if v},
        "all_words_per_second": round(words / total),
        "ner_share": round(seconds["ner"] / total, 3),
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        # CPU time is what a loaded, shared machine distorts least
        "cpu_words_per_second": {k: round(words / v) for k, v in cpu.items() if v},
        "cpu_all_words_per_second": round(words / cpu_total),
        "cpu_ner_share": round(cpu["ner"] / cpu_total, 3),
        "cpu_seconds": {k: round(v, 2) for k, v in cpu.items()},
    }
    emit(result, args.json)


if __name__ == "__main__":
    main()
