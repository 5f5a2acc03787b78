"""NER read without spaCy's per-token loop finds what spaCy's own parse finds, and how much less
CPU it takes.

    .venv/bin/python bench/ner_identity.py [--data ../shared/data/timeline17] [--sample 300]
                                           [--json out.json]

For each text — a seeded Timeline17 sample (``--sample 0``: every article; detokenised as a
build reads it) and the seed articles — ``find_mentions`` as a build calls it (NER where names
are read) and over the whole text (``scoped=False``), each twice in this process: with the fast
reading (``analyse/ner_decode.py``) and with spaCy's ``nlp.pipe`` (the fallback, the code as it
was), alternating which goes first per text so that the machine's load weighs on both alike.
Reports the texts whose mentions differ (exits 1 on any), and the CPU seconds of each reading
and words per CPU-second of the scoped ``find_mentions`` (the build's entities stage).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from unittest import mock

from _common import REPO, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from storyline.analyse import entities
from storyline.analyse.sentences import split_sentences
from storyline.evals.t17 import articles
from storyline.models import Mention
from storyline.pipeline import single_threaded_blas


def _timed(call: Callable[[], list[Mention]], fast: bool) -> tuple[list[Mention], float]:
    """The call's result and CPU seconds, with the fast reading or with spaCy's parse."""
    reading = entities.load_fast_ner if fast else (lambda: None)
    with mock.patch.object(entities, "load_fast_ner", reading):
        started = time.process_time()
        found = call()
        return found, time.process_time() - started


def main() -> None:
    cli = parser(__doc__ or "")
    cli.add_argument("--sample", type=int, default=300, help="0: every Timeline17 article.")
    args = cli.parse_args()
    if not data_present(args.data):
        return
    pool = [a.text for a in articles(args.data)]
    texts = seeded_sample(pool, args.sample) if args.sample else pool
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples/seeds").glob("*"))]
    single_threaded_blas()  # as a build runs it
    assert entities.load_fast_ner() is not None, "the packaged model is not read the fast way"
    entities.find_mentions("w", "Warm the model up in Washington.", [])
    before = machine()
    cpu = {(scoped, fast): 0.0 for scoped in (True, False) for fast in (True, False)}
    differ: list[int] = []
    mentions = words = 0
    for number, text in enumerate(texts):
        sentences = split_sentences("a", text)
        words += len(text.split())
        for scoped in (True, False):
            found = {}
            order = (True, False) if number % 2 == 0 else (False, True)
            for fast in order:
                call = partial(entities.find_mentions, "a", text, sentences, scoped=scoped)
                found[fast], seconds = _timed(call, fast)
                cpu[scoped, fast] += seconds
            if found[True] != found[False]:
                differ.append(number)
            mentions += len(found[True]) if scoped else 0
    scoped_fast, scoped_spacy = cpu[True, True], cpu[True, False]
    emit(
        {
            **before,
            "load_average_after": machine()["load_average_before"],
            "texts": len(texts),
            "words": words,
            "mentions_scoped": mentions,
            "texts_differing": len(differ),
            "first_differing": differ[:10],
            "cpu_seconds": {
                "scoped_fast": round(scoped_fast, 2),
                "scoped_spacy": round(scoped_spacy, 2),
                "whole_text_fast": round(cpu[False, True], 2),
                "whole_text_spacy": round(cpu[False, False], 2),
            },
            "words_per_cpu_second_scoped": {
                "fast": round(words / max(scoped_fast, 1e-9)),
                "spacy": round(words / max(scoped_spacy, 1e-9)),
            },
            "cpu_ratio_spacy_over_fast_scoped": round(scoped_spacy / max(scoped_fast, 1e-9), 2),
        },
        args.json,
    )
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
