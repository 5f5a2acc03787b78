"""Incremental linking at scale: adding one article to a linked store of 100,000, and
timeline queries on it.

    .venv/bin/python bench/incremental.py [--data ../shared/data/timeline17] [--base 300]
        [--articles 100000] [--adds 30] [--queries 200] [--noise 1.0]
        [--backends sqlite,postgresql] [--json out.json]
        [--store grown.db --adds-offset N [--warm]]

1. Per-article analysis (not timed) of ``--base`` seeded-random Timeline17 articles and of
   ``--adds`` more held out to be added one at a time.
2. The base is linked in full (every corpus stage), as a first build does.
3. The store is grown to ``--articles`` by copies of the base with new ids and publication
   dates shifted by 3 days per copy (articles, raw inputs and sentences; their events,
   happenings, stories and timelines pointing at the copies; and their link state): each
   copy's gist, event centroid, story vector and happening vector is its original's with
   Gaussian noise of relative size ``--noise`` (cosine about 0.7 with the original and 0.5
   with other copies), and its LSH band keys are its own, so that copies are other articles
   on the same topics rather than duplicates of each other. Per-article extractions of the
   copies are not written: linking reads none of another article's (dating an undated one
   reads its closest articles' dates that a month named without its year is matched with
   from their ``dating`` rows, which a copy has moved with its date), except the sentences
   and names of those whose text may say when someone took office, which for copies are
   empty, so this understates what those reads cost (docs/performance.md).
4. Link latency: the model and the linking modules loaded first (``corpus.preload``, as a
   build does while its workers analyse), each held-out article is written as its analysis
   left it and linked by ``IncrementalLinker.link`` (what a build runs for a few new
   articles), the write-ahead log copied beside the links and numpy's BLAS on one thread as
   a build has them, and the store written to disk first (``os.sync``: a store just grown or
   copied is not): the model's work (embedding the article's sentences, and any the link
   compares it with that no build kept) and the linking itself are timed apart; median and
   p95 of the linking (and each article's, in the order added), then the time to tell the
   changed stories again. With
   ``--warm`` the SQLite store is first read into the page cache, as a store in steady use is
   (a fresh copy of an 8 GB store on a 24 GB machine is there only in part).
5. Timeline queries: ``Storyline(db).timelines(story_id)`` (what ``storyline timeline`` and
   the web app call, opening the store each time) on random stories: median and p95.

Both on SQLite and on PostgreSQL (a throwaway server started as the tests start theirs).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from _common import REPO, T17_COLLECTED_ON, data_present, emit, latency, machine, parser

sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from storyline.build import BuildReport, _process_all, _write_result
from storyline.core import Storyline
from storyline.evals.t17 import articles
from storyline.ingest.types import RawInput
from storyline.link.corpus import build_corpus, preload, stable_id
from storyline.link.incremental import (
    IncrementalLinker,
    LinkTimes,
    held_apart_from_the_collector,
    retell_story,
)
from storyline.link.link_state import from_bytes, to_bytes, unit
from storyline.link.written import WrittenArticles
from storyline.models import DateInterval, PublicationDate
from storyline.pipeline import ArticleResult, BuildOptions, single_threaded_blas
from storyline.store import Store, open_store

OPTIONS = BuildOptions(collected_on=T17_COLLECTED_ON, workers=2)
#: Copies are written in transactions of this many articles.
BATCH = 500
SHIFT = dt.timedelta(days=3)


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


def _moved(interval: DateInterval | None, by: dt.timedelta) -> DateInterval | None:
    if interval is None:
        return None
    best = interval.best + by if interval.best else None
    return DateInterval(interval.start + by, interval.end + by, interval.granularity, best)


def _day(day: str | None, by: dt.timedelta) -> str | None:
    return (dt.date.fromisoformat(day) + by).isoformat() if day else None


class _Noise:
    """Each copy's vectors: the original's plus Gaussian noise of relative size ``scale``."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.rng = np.random.default_rng(5)

    def __call__(self, data: bytes | None, keep_norm: bool = False) -> bytes:
        vector = from_bytes(data)
        norm = float(np.linalg.norm(vector)) or 1.0
        noise = self.rng.standard_normal(len(vector)).astype(np.float32)
        moved = unit(unit(vector) + self.scale * unit(noise))
        return to_bytes(moved * norm if keep_norm else moved)


def _copied_data(data: str | None, happening_ids: dict[str, str], by: dt.timedelta) -> str:
    """An article's link data for its copy: its happenings' copies, their spans moved."""
    found = json.loads(data or "{}")
    copied: dict[str, Any] = {"happenings": [happening_ids[h] for h in found.get("happenings", [])]}
    if "spans" in found:
        copied["spans"] = [[_day(start, by), _day(stop, by)] for start, stop in found["spans"]]
    return json.dumps(copied)


def _copied_dating(data: str, by: dt.timedelta) -> str:
    """An article's dating data for its copy: the same words and months, its date, the days
    its sentences say something happened on and its month reports moved (a report of a day
    keeps its day's number moved; one of a month stays the month's)."""
    found = json.loads(data or "{}")
    interval = (found.get("published") or {}).get("interval")
    if interval:
        for key in ("start", "end", "best"):
            interval[key] = _day(interval[key], by)
    if "happened" in found:
        found["happened"] = [[day + by.days, words] for day, words in found["happened"]]
    if "reports" in found:
        found["reports"] = [_copied_report(report, by) for report in found["reports"]]
    return json.dumps(found)


def _copied_report(report: list[Any], by: dt.timedelta) -> list[Any]:
    """A month report (``link_state.dating_row``) moved: a day's by ``by``, a month's to the
    month its first day moves into."""
    start, day, *rest = report
    moved = dt.date.fromisoformat(start) + by
    if not day:
        return [moved.replace(day=1).isoformat(), 0, *rest]
    return [moved.isoformat(), moved.day, *rest]


def grow(store: Store, target: int, noise: _Noise) -> tuple[int, int]:
    """Copies of the store's articles and of everything linked to them until it holds
    ``target`` articles. Returns (articles, stories)."""
    originals = store.articles()
    stored = {a.id: (store.raw_input(a.id), store.sentences(a.id)) for a in originals}
    stories = store.stories()
    events = store.events()
    happenings = store.happenings()
    timelines = {s.id: store.timeline(s.id) for s in stories}
    state = {
        k: store.link_state(k)
        for k in ("article", "event", "story", "happening", "specifics", "dating")
    }
    bands = store._rows("SELECT band, article_id FROM link_bands")
    count, copy, made_stories = len(originals), 0, len(stories)
    while count < target:
        copy += 1
        by = SHIFT * copy
        todo = originals[: target - count]
        ids = {a.id: hashlib.sha256(f"{a.id}/{copy}".encode()).hexdigest()[:16] for a in todo}
        for first in range(0, len(todo), BATCH):
            with store.transaction():
                for article in todo[first : first + BATCH]:
                    (data, raw_text, media_type, metadata), sentences = stored[article.id]
                    published = article.published
                    clone = replace(
                        article,
                        id=ids[article.id],
                        source=f"copy{copy}/{article.source}",
                        published=PublicationDate(
                            _moved(published.interval, by), published.provenance, published.evidence
                        ),
                    )
                    store.put_article(
                        clone, raw=data, raw_text=raw_text, media_type=media_type,
                        metadata=metadata,
                    )  # fmt: skip
                    store.put_sentences(
                        clone.id, [replace(s, article_id=clone.id) for s in sentences]
                    )
        count += len(todo)
        copied = set(ids)

        def new_id(prefix: str, old: str) -> str:
            return stable_id(prefix, old, str(copy))  # noqa: B023 - used within the loop

        with store.transaction():
            happening_ids = {h.id: new_id("h", h.id) for h in happenings}
            for h in happenings:
                if {r.article_id for r in h.reports} <= copied:
                    store.put_happenings([replace(
                        h, id=happening_ids[h.id], date=_moved(h.date, by) or h.date,
                        reports=tuple(replace(r, article_id=ids[r.article_id]) for r in h.reports),
                    )])  # fmt: skip
            store.put_link_state("happening", [
                (happening_ids[i], _day(a, by), _day(b, by), noise(v), d)
                for i, a, b, v, d in state["happening"]
            ])  # fmt: skip
            event_ids = {}
            for event in events:
                if set(event.article_ids) <= copied:
                    event_ids[event.id] = new_id("ev", event.id)
                    store.put_event(replace(
                        event, id=event_ids[event.id], date=_moved(event.date, by),
                        article_ids=tuple(ids[a] for a in event.article_ids),
                    ), [ids[a] for a in event.article_ids])  # fmt: skip
            store.put_link_state("event", [
                (event_ids[i], _day(a, by), _day(b, by), noise(v), d)
                for i, a, b, v, d in state["event"] if i in event_ids
            ])  # fmt: skip
            story_ids = {}
            for story in stories:
                if set(story.article_ids) <= copied:
                    story_ids[story.id] = new_id("st", story.id)
                    clone = replace(
                        story, id=story_ids[story.id],
                        event_ids=tuple(event_ids[e] for e in story.event_ids),
                        article_ids=tuple(ids[a] for a in story.article_ids),
                    )  # fmt: skip
                    store.put_story(clone)
                    entries = [replace(e, story_id=clone.id) for e in timelines[story.id]]
                    store.replace_story_timeline(clone, entries, [])
                    made_stories += 1
            store.put_link_state("story", [
                (story_ids[i], a, b, noise(v, keep_norm=True), json.dumps({"events": [
                    event_ids[e] for e in json.loads(d or "{}").get("events", [])
                ]}))
                for i, a, b, v, d in state["story"] if i in story_ids
            ])  # fmt: skip
            store.put_link_state("article", [
                (ids[i], _day(a, by), b, noise(v), _copied_data(d, happening_ids, by))
                for i, a, b, v, d in state["article"] if i in ids
            ])  # fmt: skip
            store.put_link_bands([(f"{band}~{copy}", ids[a]) for band, a in bands if a in ids])
            # A copy has its original's text, so its specifics and words; its date moved.
            store.put_link_state("specifics", [
                (ids[i], a, b, v, d) for i, a, b, v, d in state["specifics"] if i in ids
            ])  # fmt: skip
            store.put_link_state("dating", [
                (ids[i], a, b, v, _copied_dating(d, by)) for i, a, b, v, d in state["dating"]
                if i in ids
            ])  # fmt: skip
    # Every entity's article list takes the copies of its articles, as linking them would
    # have made it (a name such as "United States" then lists tens of thousands).
    copies: dict[str, list[str]] = {}
    for copy_number in range(1, copy + 1):
        for article in originals:
            clone_id = hashlib.sha256(f"{article.id}/{copy_number}".encode()).hexdigest()[:16]
            copies.setdefault(article.id, []).append(clone_id)
    existing = {r[0] for r in store._rows("SELECT id FROM articles")}
    with store.transaction():
        store.put_entities([
            replace(e, articles=tuple(sorted({
                *e.articles, *(c for a in e.articles for c in copies.get(a, ()) if c in existing)
            })))
            for e in store.entities()
        ])  # fmt: skip
    return count, made_stories


class _CpuTimes:
    """CPU seconds of each link, of its dating, and of the model's embedding within them (all
    of it, the dating's too): on a machine shared with other jobs, wall time measures the
    other jobs as much as the link, CPU time much less."""

    def __init__(self, linker: IncrementalLinker) -> None:
        from storyline.link import corpus as corpus_module

        self.embedding = 0.0
        self.link: list[float] = []
        self.dating: list[float] = []
        embed = corpus_module.embed

        def timed_embed(texts: Any) -> Any:
            started = time.process_time()
            try:
                return embed(texts)
            finally:
                self.embedding += time.process_time() - started

        corpus_module.embed = timed_embed  # type: ignore[assignment]
        date = linker._date

        def timed_date(*args: Any) -> bool:
            started, embedded = time.process_time(), self.embedding
            try:
                return bool(date(*args))
            finally:
                self.dating[-1] = time.process_time() - started - (self.embedding - embedded)

        linker._date = timed_date  # type: ignore[method-assign]

    def measure(self, link: Any) -> Any:
        self.dating.append(0.0)
        started, embedded = time.process_time(), self.embedding
        try:
            return link()
        finally:
            self.link.append(time.process_time() - started - (self.embedding - embedded))


def link_added(store: Store, adds: list[ArticleResult], profile: str = "") -> dict[str, Any]:
    """Write each held-out article and link it; then tell the changed stories again
    (``profile``: a file for cProfile statistics of the linking)."""
    profiler = cProfile.Profile()
    # numpy's BLAS on one thread, as a build runs (``build.build``): on its threads, waking
    # them for a product of a few hundred rows put 5-10 ms on a link (events' centroids).
    with single_threaded_blas():
        started = time.perf_counter()
        preload()  # as a build does while its workers analyse the new articles
        linker = IncrementalLinker(store)
        loaded = time.perf_counter() - started
        # The store at rest: a store just grown or copied leaves gigabytes of pages the kernel has
        # still to write, and writing them out during the links put single links at 190 ms.
        os.sync()
        cpu = _CpuTimes(linker)
        times = LinkTimes()
        touched = set()
        report = BuildReport()
        linked = store.linked_article_ids()
        with store.checkpoints_beside(), held_apart_from_the_collector():  # as a build links
            for result in adds:
                article_id = result.state["article"].id
                if article_id in linked:  # the same text as an article already in the store
                    continue
                # What the build wrote is handed to the link, as a build hands it over.
                written = WrittenArticles()
                _write_result(store, result, report, written)
                if profile:
                    profiler.enable()
                touched.add(cpu.measure(lambda: linker.link(article_id, times, written)))  # noqa: B023
                profiler.disable()
                linked.add(article_id)
        if profile:
            profiler.dump_stats(profile)
        started = time.perf_counter()
        with store.transaction():
            linker.flush()
        for story_id in sorted(touched):
            retell_story(store, story_id)
    return {
        "linker_load_seconds": round(loaded, 2),
        "link": summary(times.link),
        # Each added article's, in the order added (the same articles in every run, so that
        # two versions compare article by article).
        "link_each_ms": [round(t * 1000, 1) for t in times.link],
        "dating_each_ms": [round(t * 1000, 1) for t in times.dating],
        # Dating an undated article among its closest (part of "link", 0 for dated ones).
        "dating_of_undated": summary([t for t in times.dating if t > 0] or [0.0]),
        "link_less_dating": summary([a - b for a, b in zip(times.link, times.dating, strict=True)]),
        "embed_new_article": summary(times.embed),
        # CPU time (process_time, all threads) less the model's: the same parts.
        "link_cpu": summary(cpu.link),
        "dating_of_undated_cpu": summary([t for t in cpu.dating if t > 0] or [0.0]),
        "link_less_dating_cpu": summary([a - b for a, b in zip(cpu.link, cpu.dating, strict=True)]),
        "retell_stories": len(touched),
        "entities_and_retell_seconds": round(time.perf_counter() - started, 2),
    }


def read_into_page_cache(database: Path) -> int:
    """Read a SQLite store's file and the files beside it (its log, the happenings' records)
    through once, so that the links find them in the page cache as a store in steady use is;
    the bytes read."""
    read = 0
    for path in [database, *sorted(database.parent.glob(database.name + "-*"))]:
        with open(path, "rb", buffering=0) as file:
            while chunk := file.read(1 << 24):
                read += len(chunk)
    return read


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
    cli.add_argument("--base", type=int, default=300)
    cli.add_argument("--articles", type=int, default=100_000)
    cli.add_argument("--adds", type=int, default=30)
    cli.add_argument("--queries", type=int, default=200)
    cli.add_argument("--noise", type=float, default=1.0)
    cli.add_argument("--backends", default="sqlite,postgresql")
    cli.add_argument(
        "--store",
        default="",
        help="a store this script grew before (kept from an earlier run): link other held-out"
        " articles into it (--adds-offset) instead of building and growing one",
    )
    cli.add_argument("--adds-offset", type=int, default=0)
    cli.add_argument(
        "--keep",
        default="",
        help="copy the grown SQLite store here before linking (to --store it in later runs)",
    )
    cli.add_argument(
        "--warm",
        action="store_true",
        help="read the SQLite store (and the files kept beside it) into the page cache before"
        " the links: a store in steady use is there, a fresh copy only in part",
    )
    cli.add_argument(
        "--profile",
        default="",
        help="write cProfile statistics of linking the added articles to this file",
    )
    args = cli.parse_args()
    if not data_present(args.data):
        return
    run = machine()
    found = list(articles(args.data))
    rng = random.Random(11)
    rng.shuffle(found)  # every topic and outlet in the base, not the first folder's
    first = args.base + args.adds_offset
    texts = [a.text for a in found[: args.base]] + [
        a.text for a in found[first : first + args.adds]
    ]
    started = time.perf_counter()
    if args.store:  # the base is in the store already
        base, adds = [], analyse(texts[args.base :], f"added{args.adds_offset}")
    else:
        base = analyse(texts[: args.base], "base")
        adds = analyse(texts[args.base :], "added")
    results: dict[str, Any] = {
        **run,
        "base_articles": len(base),
        "added_articles": len(adds),
        "analysis_seconds_not_timed": round(time.perf_counter() - started, 1),
    }
    print("analysed", results, file=sys.stderr)
    if args.store:
        if args.warm:
            results["warmed_bytes"] = read_into_page_cache(Path(args.store))
        with open_store(args.store) as store:
            results["reused_store"] = {"articles": len(store.article_ids())}
            results["added"] = link_added(store, adds, args.profile)
            story_ids = [s.id for s in store.stories()]
        if args.queries:
            results["timeline_query"] = summary(
                timeline_queries(args.store, story_ids, args.queries)
            )
        emit(results, args.json)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.backends.split(","):
            with backend(name, Path(tmp)) as new_location:
                entry: dict[str, Any] = {}
                location = new_location()
                with open_store(location) as store:
                    report = BuildReport()
                    written = WrittenArticles()
                    for result in base:
                        _write_result(store, result, report, written)
                    started = time.perf_counter()
                    build_corpus(store, OPTIONS, written=written)
                    entry["full_link_of_base_seconds"] = round(time.perf_counter() - started, 1)
                    started = time.perf_counter()
                    count, stories = grow(store, args.articles, _Noise(args.noise))
                    entry["grown_to"] = {
                        "articles": count,
                        "stories": stories,
                        "seconds": round(time.perf_counter() - started, 1),
                    }
                    print(name, entry, file=sys.stderr)
                    if args.keep and name == "sqlite":
                        store._run("VACUUM INTO ?", (args.keep,))  # a consistent copy
                    entry["added"] = link_added(store, adds, args.profile)
                    print(name, entry, file=sys.stderr)
                    story_ids = [s.id for s in store.stories()]
                if args.queries:
                    entry["timeline_query"] = summary(
                        timeline_queries(location, story_ids, args.queries)
                    )
                print(name, entry, file=sys.stderr)
                results[name] = entry
    emit(results, args.json)


if __name__ == "__main__":
    main()
