"""NER read without spaCy's per-token loop finds what spaCy's own parse finds, and how much less
CPU it takes.

    .venv/bin/python bench/ner_identity.py [--data ../shared/data/timeline17] [--sample 300]
                                           [--json out.json]

For each text — a seeded Timeline17 sample (``--sample 0``: every article; detokenised as a
build reads it) and the seed articles — ``find_mentions`` as a build calls it (NER where names
are read) and over the whole text (``scoped=False``), three times in this process: with the
fast reading as a build runs it (``analyse/ner_decode.py``, the token network as one
onnxruntime graph: ``analyse/ner_network.py``), with the fast reading on thinc's network
(``exact``), and with spaCy's ``nlp.pipe`` (the fallback, the code as it was), rotating which
goes first per text so that the machine's load weighs on all alike. Reports the texts whose
mentions differ from spaCy's for each reading (exits 1 if the exact reading differs on any),
the mentions the graph reading finds or misses against spaCy's, and the CPU seconds of each
reading and words per CPU-second of the scoped ``find_mentions`` (the build's entities stage).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from unittest import mock

from _common import REPO, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from storyline.analyse import entities
from storyline.analyse.ner_decode import FastNer
from storyline.analyse.sentences import split_sentences
from storyline.evals.t17 import articles
from storyline.models import Mention
from storyline.pipeline import single_threaded_blas

READINGS = ("graph", "exact", "spacy")


def _timed(
    call: Callable[[], list[Mention]], reading: FastNer | None
) -> tuple[list[Mention], float]:
    """The call's result and CPU seconds with ``reading`` (None: spaCy's parse)."""
    with mock.patch.object(entities, "load_fast_ner", lambda: reading):
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
    graph = entities.load_fast_ner()
    assert graph is not None and graph.network is not None, "the model is not read the fast way"
    readers: dict[str, FastNer | None] = {
        "graph": graph,
        "exact": FastNer(entities.load_ner(), exact=True),
        "spacy": None,
    }
    entities.find_mentions("w", "Warm the model up in Washington.", [])
    before = machine()
    cpu = {(scoped, name): 0.0 for scoped in (True, False) for name in READINGS}
    differ: dict[str, list[int]] = {"graph": [], "exact": []}
    agreement = Counter[str]()
    words = 0
    for number, text in enumerate(texts):
        sentences = split_sentences("a", text)
        words += len(text.split())
        for scoped in (True, False):
            found: dict[str, list[Mention]] = {}
            shift = number % len(READINGS)
            for name in READINGS[shift:] + READINGS[:shift]:
                call = partial(entities.find_mentions, "a", text, sentences, scoped=scoped)
                found[name], seconds = _timed(call, readers[name])
                cpu[scoped, name] += seconds
            for name in differ:
                if found[name] != found["spacy"] and number not in differ[name]:
                    differ[name].append(number)
            if scoped:
                ours = Counter(map(_key, found["graph"]))
                theirs = Counter(map(_key, found["spacy"]))
                agreement["both"] += sum((ours & theirs).values())
                agreement["graph_only"] += sum((ours - theirs).values())
                agreement["spacy_only"] += sum((theirs - ours).values())
    scoped_cpu = {name: cpu[True, name] for name in READINGS}
    emit(
        {
            **before,
            "load_average_after": machine()["load_average_before"],
            "texts": len(texts),
            "words": words,
            "texts_differing": {name: len(found) for name, found in differ.items()},
            "first_differing": {name: found[:10] for name, found in differ.items()},
            "mentions_scoped": dict(agreement),
            "cpu_seconds": {
                **{f"scoped_{name}": round(cpu[True, name], 2) for name in READINGS},
                **{f"whole_text_{name}": round(cpu[False, name], 2) for name in READINGS},
            },
            "words_per_cpu_second_scoped": {
                name: round(words / max(seconds, 1e-9)) for name, seconds in scoped_cpu.items()
            },
            "cpu_ratio_spacy_over_graph_scoped": round(
                scoped_cpu["spacy"] / max(scoped_cpu["graph"], 1e-9), 2
            ),
            "cpu_ratio_exact_over_graph_scoped": round(
                scoped_cpu["exact"] / max(scoped_cpu["graph"], 1e-9), 2
            ),
        },
        args.json,
    )
    if differ["exact"]:
        sys.exit(1)


def _key(mention: Mention) -> tuple[object, ...]:
    return (mention.start, mention.end, mention.type)


if __name__ == "__main__":
    main()
