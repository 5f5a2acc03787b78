"""The cosine index against the float32 product it replaces, side by side in one run.

    .venv/bin/python bench/cosine_index.py [--store STORE] [--rows 100000] [--queries 60]
        [--runs 5] [--json out.json]

What an incremental link asks of every linked article's gist for one new article: the 100
closest (dating's neighbours, the related articles' happenings) and those at a cosine of 0.6
or more (what it may rewrite). ``float32``: one product with every row, then the same
selections; ``index``: ``CosineIndex.products`` (the 8-bit pass, then float32 only for the
rows its bound leaves a chance). The rows are a store's gists (``--store``, the ``article``
rows of its link state) or, without one, ``--rows`` unit vectors around 300 topics (cosine
about 0.7 with their topic's centre), like a large corpus of news on a few hundred stories.
Queries are held-out rows (in neither matrix); each run times every query both ways,
alternating, and the medians of the runs' medians are reported with their ratio. Both ways
must give the same rows (checked on every query).
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
from _common import REPO, emit, machine, parser

sys.path.insert(0, str(REPO / "src"))

from storyline.link.cosine_index import CosineIndex
from storyline.link.embeddings import DIMENSIONS, unit_rows
from storyline.link.growing import stacked

CLOSEST = 100
CLOSE = 0.6


def _synthetic(rows: int, seed: int = 17) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = unit_rows(rng.standard_normal((300, DIMENSIONS)).astype(np.float32))
    noise = rng.standard_normal((rows, DIMENSIONS)).astype(np.float32)
    noise *= 1.0 / np.sqrt(DIMENSIONS)
    return unit_rows(centres[rng.integers(0, 300, rows)] + noise)


def _gists(store: str) -> np.ndarray:
    from storyline.store import open_store

    with open_store(store) as opened:
        return stacked([r[3] for r in opened.link_state("article")])


def _plain(matrix: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    cosines = matrix @ query
    k = min(CLOSEST, len(cosines))
    top = np.argpartition(-cosines, k - 1)[:k]
    return top[np.lexsort((top, -cosines[top]))], np.flatnonzero(cosines >= CLOSE)


def _indexed(index: CosineIndex, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    products = index.products(query)
    return products.top(CLOSEST)[0], products.at_least(CLOSE)[0]


def main() -> None:
    args = parser(__doc__)
    args.add_argument("--store", default=None)
    args.add_argument("--rows", type=int, default=100_000)
    args.add_argument("--queries", type=int, default=60)
    args.add_argument("--runs", type=int, default=5)
    options = args.parse_args()
    results = machine()
    everything = _gists(options.store) if options.store else _synthetic(options.rows)
    queries, matrix = everything[: options.queries], everything[options.queries :]
    started = time.perf_counter()
    index = CosineIndex(list(matrix), exact_below=0)
    index.products(queries[0])  # the integer copy, made as a linker makes it when it loads
    load = time.perf_counter() - started
    medians: dict[str, list[float]] = {"float32": [], "index": []}
    differ = 0
    for _run in range(options.runs):
        times: dict[str, list[float]] = {"float32": [], "index": []}
        for query in queries:
            started = time.perf_counter()
            plain = _plain(matrix, query)
            times["float32"].append(time.perf_counter() - started)
            started = time.perf_counter()
            indexed = _indexed(index, query)
            times["index"].append(time.perf_counter() - started)
            # The same rows, up to neighbours whose cosines differ in float32's last bit.
            differ += int(set(plain[0]) != set(indexed[0]) or set(plain[1]) != set(indexed[1]))
        for way, seconds in times.items():
            medians[way].append(statistics.median(seconds) * 1000)
    plain_ms = statistics.median(medians["float32"])
    index_ms = statistics.median(medians["index"])
    results.update(
        {
            "rows": len(matrix),
            "source": options.store or f"synthetic ({options.rows:,} rows around 300 topics)",
            "queries": len(queries),
            "runs": options.runs,
            "float32_ms": round(plain_ms, 3),
            "index_ms": round(index_ms, 3),
            "float32_ms_runs": [round(m, 3) for m in medians["float32"]],
            "index_ms_runs": [round(m, 3) for m in medians["index"]],
            "ratio": round(plain_ms / index_ms, 2),
            "index_load_seconds": round(load, 2),
            "queries_whose_rows_differ": differ,
        }
    )
    emit(results, options.json)


if __name__ == "__main__":
    main()
