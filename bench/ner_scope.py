"""What scoped NER keeps of the full tagging, and the time it saves.

    .venv/bin/python bench/ner_scope.py [--data ../shared/data/timeline17] [--sample 300]
                                        [--seeds] [--json out.json]

For each article of a seeded Timeline17 sample (detokenised as a build reads it): the mentions
of `find_mentions(..., scoped=False)` (NER over the whole text) and of the default scoped
reading (NER on the sentences whose names are read, the names matched elsewhere), each timed in
CPU seconds in this one process, alternating per article so that load affects both alike.
Reports the share of words NER reads, the CPU time of each and their ratio, and how much of the
full tagging the scoped one keeps: mentions (same span and type), and distinct names per
article (same text and type) — what entity pages, aliases and the entity graph are built from.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from _common import REPO, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from storyline.analyse.entities import find_mentions, load_ner
from storyline.analyse.ner_scope import runs_to_tag
from storyline.analyse.sentences import split_sentences
from storyline.evals.t17 import articles
from storyline.models import Mention, Sentence
from storyline.pipeline import single_threaded_blas


def _texts(args: object) -> list[str]:
    if getattr(args, "seeds", False):
        return [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples/seeds").glob("*"))]
    pool = [a.text for a in articles(args.data)]  # type: ignore[attr-defined]
    return seeded_sample(pool, args.sample)  # type: ignore[attr-defined]


def _timed(text: str, sentences: list[Sentence], scoped: bool) -> tuple[list[Mention], float]:
    started = time.process_time()
    result = find_mentions("a", text, sentences, scoped=scoped)
    return result, time.process_time() - started


def _keys(mentions: Sequence[Mention]) -> tuple[set[tuple[int, int, str]], set[tuple[str, str]]]:
    spans = {(m.start, m.end, m.type) for m in mentions}
    names = {(m.text, m.type) for m in mentions}
    return spans, names


def main() -> None:
    cli = parser(__doc__ or "")
    cli.add_argument("--sample", type=int, default=300)
    cli.add_argument("--seeds", action="store_true", help="The five seed articles instead.")
    args = cli.parse_args()
    if not args.seeds and not data_present(args.data):
        return
    texts = _texts(args)
    single_threaded_blas()  # as a build runs it
    load_ner()("Warm the model up in Washington.")
    before = machine()
    words = tagged_words = 0
    full_cpu = scoped_cpu = 0.0
    kept_spans = full_spans = scoped_spans = 0
    kept_names = full_names = 0
    for number, text in enumerate(texts):
        sentences = split_sentences("a", text)
        words += len(text.split())
        tagged_words += sum(len(text[s:e].split()) for s, e in runs_to_tag(text, sentences))
        # Alternate which goes first, so that the machine's load weighs on both alike.
        order = (False, True) if number % 2 == 0 else (True, False)
        timed = {scoped: _timed(text, sentences, scoped) for scoped in order}
        (full, full_seconds), (scoped, scoped_seconds) = timed[False], timed[True]
        full_cpu += full_seconds
        scoped_cpu += scoped_seconds
        (fs, fn), (ss, sn) = _keys(full), _keys(scoped)
        kept_spans += len(fs & ss)
        full_spans += len(fs)
        scoped_spans += len(ss)
        kept_names += len(fn & sn)
        full_names += len(fn)
    emit(
        {
            **before,
            "articles": len(texts),
            "words": words,
            "share_of_words_tagged": round(tagged_words / max(words, 1), 3),
            "full_ner_cpu_seconds": round(full_cpu, 2),
            "scoped_ner_cpu_seconds": round(scoped_cpu, 2),
            "cpu_ratio_full_over_scoped": round(full_cpu / max(scoped_cpu, 1e-9), 2),
            "mention_recall": round(kept_spans / max(full_spans, 1), 3),
            "mention_precision": round(kept_spans / max(scoped_spans, 1), 3),
            "name_recall_per_article": round(kept_names / max(full_names, 1), 3),
        },
        args.json,
    )


if __name__ == "__main__":
    main()
