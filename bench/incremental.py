"""Incremental: linking one added article, and timeline queries on a 100,000-article store.

    .venv/bin/python bench/incremental.py [--data ../shared/data/timeline17] [--base 150]
        [--articles 100000] [--link-sizes 50,100,150] [--adds 5] [--queries 200]
        [--backends sqlite,postgresql] [--json out.json]

1. Per-article analysis (not timed) of the first ``--base`` Timeline17 articles and of
   ``--adds`` more held out to be added one at a time.
2. Link latency: for each size in ``--link-sizes``, a store of that many analysed articles is
   linked once; then each held-out article is written (as the per-article stages left it) and
   the corpus stages are timed: the latency of linking one more article, excluding its
   analysis. Reported as median and p95 per size.
3. Timeline queries: the base store is grown to ``--articles`` articles by copies of its
   articles with new ids and publication dates shifted by whole years (articles, raw inputs
   and sentences are copied; the copies' stories, events and timelines too, pointing at the
   copies), then ``Storyline(db).timelines(story_id)`` (what ``storyline timeline`` and the web
   app call, opening the store each time) is timed for random stories: median and p95.

Both on SQLite and on PostgreSQL (a throwaway server started as the tests start theirs).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from _common import REPO, data_present, emit, latency, machine, parser

sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from storyline.build import (
    BuildReport,
    _process_all,
    _write_result,
)
from storyline.core import Storyline
from storyline.evals.t17 import articles
from storyline.ingest.types import RawInput
from storyline.link.corpus import build_corpus, stable_id
from storyline.models import Article, DateInterval, PublicationDate
from storyline.pipeline import ArticleResult, BuildOptions
from storyline.store import Store, open_store

OPTIONS = BuildOptions(collected_on=dt.date(2012, 1, 1), workers=2)
#: Copies are written in transactions of this many articles.
BATCH = 1000


def summary(seconds: list[float]) -> dict[str, float]:
    return latency([s * 1000 for s in seconds])


def analyse(texts: list[str], tag: str) -> list[ArticleResult]:
    work = [
        RawInput(f"{tag}/{i:05d}.txt", text.encode(), "text/plain", {})
        for i, text in enumerate(texts)
    ]
    results = list(_process_all(work, OPTIONS))
    return sorted(results, key=lambda r: r.source)


@contextmanager
def backend(name: str, tmp: Path) -> Iterator[Any]:
    """A factory of fresh store locations on one backend."""
    if name == "sqlite":
        counter = iter(range(1_000_000))
        yield lambda: str(tmp / f"store-{next(counter)}.db")
        return
    from tests.pg import find_bindir, start_server

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL binaries: run `make postgres-deps`")
    server = start_server(bindir)
    try:
        yield server.create_database
    finally:
        server.stop()


def link_latency(new_location: Any, base: list[ArticleResult], adds: list[ArticleResult],
                 size: int) -> list[float]:  # fmt: skip
    location = new_location()
    seconds = []
    with open_store(location) as store:
        report = BuildReport()
        for result in base[:size]:
            _write_result(store, result, report)
        build_corpus(store, OPTIONS)
        for result in adds:
            _write_result(store, result, report)
            started = time.perf_counter()
            build_corpus(store, OPTIONS)
            seconds.append(time.perf_counter() - started)
    return seconds


def _shift(published: PublicationDate, years: int) -> PublicationDate:
    def move(day: dt.date | None) -> dt.date | None:
        if day is None:
            return None
        try:
            return day.replace(year=day.year + years)
        except ValueError:  # 29 February
            return day.replace(year=day.year + years, day=28)

    interval = published.interval
    if interval is None:
        return published
    moved = DateInterval(
        move(interval.start) or interval.start,
        move(interval.end) or interval.end,
        interval.granularity,
        move(interval.best),
    )
    return replace(published, interval=moved)


def grow(store: Store, target: int) -> tuple[int, int]:
    """Copies of the store's articles and of its stories (with their events and timelines)
    until it holds ``target`` articles. Returns (articles, stories)."""
    originals = [a for a in store.articles()]
    stored: dict[str, Any] = {
        a.id: (store.raw_input(a.id), store.sentences(a.id)) for a in originals
    }
    stories = store.stories()
    events = {e.id: e for e in store.events()}
    timelines = {s.id: store.timeline(s.id) for s in stories}
    corpus = {
        "entities": store.entities(),
        "duplicates": store.duplicates(),
        "happenings": store.happenings(),
        "discrepancies": store.discrepancies(),
    }
    all_stories = list(stories)
    all_events = list(events.values())
    all_timelines = dict(timelines)
    count, copy = len(originals), 0
    while count < target:
        copy += 1
        ids = {a.id: hashlib.sha256(f"{a.id}/{copy}".encode()).hexdigest()[:16] for a in originals}
        todo = originals[: target - count]
        for first in range(0, len(todo), BATCH):
            with store.transaction():
                for article in todo[first : first + BATCH]:
                    (data, raw_text, media_type, metadata), sentences = stored[article.id]
                    clone: Article = replace(
                        article,
                        id=ids[article.id],
                        source=f"copy{copy}/{article.source}",
                        published=_shift(article.published, copy),
                    )
                    store.put_article(
                        clone, raw=data, raw_text=raw_text, media_type=media_type,
                        metadata=metadata,
                    )  # fmt: skip
                    store.put_sentences(
                        clone.id, [replace(s, article_id=clone.id) for s in sentences]
                    )
        count += len(todo)
        copied = {a.id for a in todo}
        for story in stories:
            if not set(story.article_ids) <= copied:
                continue
            # Ids of the same shape as real ones (no copy's id a prefix of another's).
            sid = stable_id("story", story.id, str(copy))
            story_events = []
            for event_id in story.event_ids:
                event = events[event_id]
                story_events.append(
                    replace(
                        event,
                        id=stable_id("event", event.id, str(copy)),
                        article_ids=tuple(ids[a] for a in event.article_ids),
                    )
                )
            all_events.extend(story_events)
            all_stories.append(
                replace(
                    story,
                    id=sid,
                    event_ids=tuple(e.id for e in story_events),
                    article_ids=tuple(ids[a] for a in story.article_ids),
                )
            )
            all_timelines[sid] = [replace(entry, story_id=sid) for entry in timelines[story.id]]
    with store.transaction():
        store.replace_corpus(
            entities=corpus["entities"],
            mention_entities=[],
            duplicates=corpus["duplicates"],
            events=all_events,
            happenings=corpus["happenings"],
            stories=all_stories,
            timelines=all_timelines,
            discrepancies=corpus["discrepancies"],
            state=store.corpus_state(),
        )
    return count, len(all_stories)


def timeline_queries(location: str, story_ids: list[str], queries: int) -> list[float]:
    rng = random.Random(7)
    core = Storyline(location)
    core.timelines(story_ids[0])  # warm: imports, first connection
    seconds = []
    for _ in range(queries):
        story_id = rng.choice(story_ids)
        started = time.perf_counter()
        core.timelines(story_id)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--base", type=int, default=150)
    cli.add_argument("--articles", type=int, default=100_000)
    cli.add_argument("--link-sizes", default="50,100,150")
    cli.add_argument("--adds", type=int, default=5)
    cli.add_argument("--queries", type=int, default=200)
    cli.add_argument("--backends", default="sqlite,postgresql")
    args = cli.parse_args()
    if not data_present(args.data):
        return
    run = machine()
    found = list(articles(args.data))
    rng = random.Random(11)
    rng.shuffle(found)  # every topic and outlet in the base, not the first folder's
    texts = [a.text for a in found[: args.base + args.adds]]
    started = time.perf_counter()
    base = analyse(texts[: args.base], "base")
    adds = analyse(texts[args.base :], "added")
    results: dict[str, Any] = {
        **run,
        "base_articles": len(base),
        "analysis_seconds_not_timed": round(time.perf_counter() - started, 1),
    }
    sizes = [int(s) for s in args.link_sizes.split(",") if s]
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.backends.split(","):
            with backend(name, Path(tmp)) as new_location:
                entry: dict[str, Any] = {"link_latency": {}}
                for size in sizes:
                    latency = link_latency(new_location, base, adds, min(size, len(base)))
                    entry["link_latency"][str(size)] = summary(latency)
                    print(name, "link", size, entry["link_latency"][str(size)], file=sys.stderr)
                if not args.queries:  # link latency only
                    results[name] = entry
                    continue
                location = new_location()
                with open_store(location) as store:
                    report = BuildReport()
                    for result in base:
                        _write_result(store, result, report)
                    build_corpus(store, OPTIONS)
                    grow_started = time.perf_counter()
                    count, stories = grow(store, args.articles)
                    entry["grown_to"] = {
                        "articles": count,
                        "stories": stories,
                        "seconds": round(time.perf_counter() - grow_started, 1),
                    }
                    story_ids = [s.id for s in store.stories()]
                entry["timeline_query"] = summary(
                    timeline_queries(location, story_ids, args.queries)
                )
                print(name, entry, file=sys.stderr)
                results[name] = entry
    emit(results, args.json)


if __name__ == "__main__":
    main()
