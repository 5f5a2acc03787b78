"""Reading a store's objects back: every extraction of each kind, and the corpus stages'
objects, timed as the web app, the exports and a retelling read them.

    .venv/bin/python bench/store_reads.py --store STORE [--runs 3] [--json out.json]

Each kind is read whole (``Store.extractions``, ``happenings``, ``events``, ``stories``,
``entities``) ``--runs`` times; the fastest run is reported (the first warms the file's pages).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from _common import REPO, emit, machine, parser

sys.path.insert(0, str(REPO / "src"))

from storyline.models import Figure, Mention, Quote, TimeMention
from storyline.store import Store, open_store


def _readers(store: Store) -> dict[str, Callable[[], list[Any]]]:
    readers: dict[str, Callable[[], list[Any]]] = {
        kind: (lambda kind=kind, model=model: store.extractions(kind, model))
        for kind, model in (
            ("mentions", Mention),
            ("time_mentions", TimeMention),
            ("quotes", Quote),
            ("figures", Figure),
        )
    }
    readers.update(
        happenings=store.happenings,
        events=store.events,
        stories=store.stories,
        entities=store.entities,
    )
    return readers


def main() -> None:
    args = parser(__doc__)
    args.add_argument("--store", required=True)
    args.add_argument("--runs", type=int, default=3)
    options = args.parse_args()
    results = machine()
    results["store"] = options.store
    with open_store(options.store, readonly=True) as store:
        for name, read in _readers(store).items():
            seconds = []
            for _run in range(options.runs):
                started = time.perf_counter()
                count = len(read())
                seconds.append(time.perf_counter() - started)
            results[name] = {"objects": count, "seconds": round(min(seconds), 3)}
    emit(results, options.json)


if __name__ == "__main__":
    main()
