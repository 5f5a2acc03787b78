"""A build: inputs → per-article stages (in parallel processes) → corpus stages → the store.

Every article is written as soon as it is done, whole or not at all, in one transaction with
the others that came in the same half second (``_WriteGroups``), so a build that is killed
keeps what it finished and the next build resumes with the rest. Inputs whose bytes (and given
metadata) have not changed since the last build, whose stages are all current, and whose lines
hold the same furniture of their site (``ingest.furniture``, learnt from all that a build
reads), are skipped.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing import resource_tracker
from typing import NoReturn

import numpy as np

from storyline.errors import StageError
from storyline.ingest.furniture import (
    LEARN_PAGES,
    FurnitureLearner,
    SiteFurniture,
    furniture_held,
    furniture_note,
    given_furniture,
    learn_from,
    site_of,
)
from storyline.ingest.sources import SourceOptions, iter_inputs
from storyline.ingest.types import RawInput
from storyline.link.written import WrittenArticles
from storyline.models import Failure
from storyline.pipeline import (
    EXTRACTION_KINDS,
    ArticleResult,
    BuildOptions,
    content_hash,
    furniture_part,
    process_input,
    single_threaded_blas,
    stage_versions,
)
from storyline.progress import Progress, SilentProgress, Tick
from storyline.store import Store
from storyline.worker_pool import analyse_in_pool


@dataclass
class BuildReport:
    inputs: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    #: What the user should know though nothing failed (metadata rows that matched no input).
    notes: list[str] = field(default_factory=list)
    corpus_rebuilt: bool = False
    #: How many new articles were linked into the existing links one by one (0: none, or
    #: every corpus stage ran over the whole corpus: ``corpus_rebuilt``).
    linked_incrementally: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    #: Seconds per stage: per-article stages summed over articles (across processes), corpus
    #: stages as wall time.
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def run_build(
    store: Store,
    paths: Sequence[str],
    options: BuildOptions,
    progress: Progress | None = None,
    inputs: Iterable[RawInput | Failure] | None = None,
    sources: SourceOptions | None = None,
) -> BuildReport:
    """Build ``paths`` (or the given ``inputs``) into ``store``; returns what happened.
    ``sources`` says how paths, addresses, tables and feeds are read (default: the same
    ``max_bytes`` as ``options``)."""
    report = BuildReport()
    progress = _Timed(progress or SilentProgress(), report.stage_seconds)
    started = time.perf_counter()
    store.acquire_build_lock()
    blas = single_threaded_blas()
    try:
        work: list[RawInput] = []
        with progress.stage("read", None) as tick:
            # Inputs that failed for a transient reason (the network) are tried again.
            transient = {f.source for f in store.failures() if f.transient and f.stage == "ingest"}
            if inputs is None:
                sources = sources or SourceOptions(max_bytes=options.max_bytes)
                read_again = [*paths, *([sources.metadata_file] if sources.metadata_file else [])]
                with store.transaction():
                    _forget_read_failures(store, read_again)
                inputs = iter_inputs(paths, sources, retry=sorted(transient), notes=report.notes)
            # Each site's furniture is learnt from every text read (changed or not), so an
            # input's currency is known once all are read: unchanged bytes are kept as the
            # keys of their lines, not as bytes, until then.
            learner = FurnitureLearner(most=0 if options.keep_repeated_lines else LEARN_PAGES)
            furniture = SiteFurniture(
                learner, {} if options.keep_repeated_lines else store.corpus_state()
            )
            read: list[tuple[RawInput, np.ndarray | None]] = []
            same: list[_SameBytes] = []
            for item in inputs:
                tick()
                report.inputs += 1
                if isinstance(item, Failure):
                    with store.transaction():
                        store.record_failure(item)
                    report.failures.append(item)
                    continue
                held = learn_from(learner, item)
                stored = _same_bytes(store, item, options)
                if stored is None:
                    read.append((item, held))
                else:
                    same.append(_SameBytes(item.source, site_of(item), held, *stored))
            if note := furniture_note(learner):
                report.notes.append(note)
            if remember := furniture.to_remember():
                with store.transaction():
                    store.set_corpus_state(remember)
            for item, held in read:
                learnt = furniture.of(site_of(item))
                work.append(item if held is None else given_furniture(item, learnt, held))
            for unchanged in same:
                again = _again(store, unchanged, furniture.of(unchanged.site))
                if again is not None:
                    work.append(again)
                    continue
                report.unchanged += 1
                if unchanged.source in transient:  # fetched this time: the old failure is moot
                    with store.transaction():
                        store.clear_failures(unchanged.source, ["ingest"])
            del learner, furniture, read, same  # (every page's lines: not kept through the build)
            work.extend(_outdated_stored(store, {w.source for w in work}, options))
        changed = False
        preloading = _preload_corpus_stages() if _in_other_processes(work, options) else None
        # What is written, kept for the corpus stages (they would read it all back).
        written = WrittenArticles()
        with progress.stage("analyse", len(work)) as tick, _WriteGroups(store) as groups:
            for result in _process_all(work, options):
                changed = True
                groups.write(lambda: _write_result(store, result, report, written))  # noqa: B023
                for stage, seconds in result.seconds.items():
                    report.stage_seconds[stage] = report.stage_seconds.get(stage, 0.0) + seconds
                tick()
        if preloading is not None:
            preloading.join()
        fingerprint = _corpus_fingerprint(store)
        state = store.corpus_state()
        if changed or state.get("fingerprint") != fingerprint or state.get("stale"):
            from storyline.link.incremental import new_articles

            new = new_articles(store, options)
            if new is None:
                _run_corpus(store, options, progress, written)
                report.corpus_rebuilt = True
            else:
                _run_incremental(store, new, options, progress, written)
                report.linked_incrementally = len(new)
        report.counts = store.counts()
    finally:
        blas.restore_original_limits()
        store.release_build_lock()
    report.seconds = time.perf_counter() - started
    return report


class _Timed:
    """Passes progress through and records each corpus stage's wall time."""

    def __init__(self, inner: Progress, seconds: dict[str, float]) -> None:
        self.inner = inner
        self.seconds = seconds

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Tick]:
        started = time.perf_counter()
        with self.inner.stage(name, total) as tick:
            yield tick
        if name not in ("read", "analyse"):
            self.seconds[name] = time.perf_counter() - started


def _run_incremental(
    store: Store,
    article_ids: list[str],
    options: BuildOptions,
    progress: Progress,
    written: WrittenArticles,
) -> None:
    """Link new articles one by one; a crash is recorded as the full link's is."""
    from storyline.link.incremental import link_incrementally

    try:
        link_incrementally(store, article_ids, progress, options, written)
    except Exception as exc:
        _corpus_failed(store, exc)
    _corpus_succeeded(store)


def _run_corpus(
    store: Store, options: BuildOptions, progress: Progress, written: WrittenArticles
) -> None:
    """The corpus stages; a crash there is recorded in the store and stops the build with a
    StageError (the per-article work is already saved, so the next build only redoes this)."""
    from storyline.link.corpus import build_corpus

    try:
        build_corpus(store, options, progress, written)
    except Exception as exc:
        _corpus_failed(store, exc)
    _corpus_succeeded(store)


def _corpus_failed(store: Store, exc: Exception) -> NoReturn:
    reason = f"{type(exc).__name__}: {exc}"
    with store.transaction():
        store.record_failure(Failure("(corpus)", "corpus", reason, traceback.format_exc()))
    raise StageError(f"a corpus stage failed: {reason}") from exc


def _corpus_succeeded(store: Store) -> None:
    with store.transaction():
        store.clear_failures("(corpus)")


def _forget_read_failures(store: Store, paths: Sequence[str]) -> None:
    """Forget the reading failures of the named paths, of their rows (a table's, the metadata
    file's: ``path#3``) and of everything under the named folders: this build reads them
    again and records what still fails. Otherwise a folder named before it existed, a file
    since removed from a folder or a row since mended stayed failed for good."""
    for failure in store.failures():
        if failure.stage == "ingest" and any(_under(failure.source, p) for p in paths):
            store.clear_failures(failure.source, ["ingest"])


def _under(source: str, path: str) -> bool:
    folder = path.rstrip("/" + os.sep)
    return source == path or source.startswith((folder + os.sep, path + "#"))


@dataclass(frozen=True)
class _SameBytes:
    """An input read with the bytes and metadata its stored article was built from."""

    source: str
    site: str
    #: The keys of its lines (None: not text, no furniture).
    held: np.ndarray | None
    article_id: str
    #: The furniture part of its stored content hash (``pipeline.furniture_part``).
    furniture: str


def _same_bytes(store: Store, raw: RawInput, options: BuildOptions) -> tuple[str, str] | None:
    """The stored article and the furniture part of its hash, when ``raw`` (without its
    furniture) is what that article was built from at the current stage versions."""
    known = store.source_hash(raw.source)
    if known is None:
        return None
    article_id, stored_hash = known
    base, plus, part = stored_hash.partition("+")
    if base != content_hash(raw) or not store.has_article(article_id):
        return None
    if store.stage_versions(article_id) != stage_versions(options):
        return None
    return article_id, plus + part


def _again(store: Store, unchanged: _SameBytes, learnt: dict[int, str]) -> RawInput | None:
    """The input to build again, read back from the store, when the furniture its site now
    has among its lines is not what it was built with; None when it is current."""
    found = furniture_held(learnt, unchanged.held)
    if furniture_part(found) == unchanged.furniture:
        return None
    stored = store.raw_input(unchanged.article_id)
    if stored is None:
        return None
    data, _raw_text, media_type, metadata = stored
    return RawInput(unchanged.source, data, media_type, metadata, found)


def _outdated_stored(store: Store, queued: set[str], options: BuildOptions) -> Iterator[RawInput]:
    """Stored articles whose stages changed version (or failed before): redo from raw input."""
    current = stage_versions(options)
    for article_id in store.article_ids():
        if store.stage_versions(article_id) == current:
            continue
        article = store.article(article_id)
        stored = store.raw_input(article_id)
        if article is None or stored is None or article.source in queued:
            continue
        data, _raw_text, media_type, metadata = stored
        yield RawInput(article.source, data, media_type, metadata)


def _preload_corpus_stages() -> threading.Thread:
    """Load the corpus stages' model and modules on a thread of this process, which has
    little else to do while other processes analyse the articles; join it before the corpus
    stages (the model must not be loaded on two threads at once). A failure to load is left
    for the corpus stage that needs it to meet and report."""

    def load() -> None:
        from storyline.link.corpus import preload

        with suppress(Exception):
            preload()

    # The worker pool's resource tracker (a helper process) is started from this thread
    # before the preloading one, not beside it.
    resource_tracker.ensure_running()
    thread = threading.Thread(target=load, name="preload-corpus-stages", daemon=True)
    thread.start()
    return thread


def _in_other_processes(work: list[RawInput], options: BuildOptions) -> bool:
    """Whether ``_process_all`` analyses ``work`` in other processes than this one."""
    return bool(work) and (bool(options.dask) or _pool_size(work, options) > 1)


def _pool_size(work: list[RawInput], options: BuildOptions) -> int:
    workers = options.workers or (os.cpu_count() or 1)
    return max(1, min(workers, len(work)))


def _process_all(work: list[RawInput], options: BuildOptions) -> Iterator[ArticleResult]:
    if options.dask and work:
        from storyline.distributed import process_on_dask

        yield from process_on_dask(work, options)
        return
    workers = _pool_size(work, options)
    if workers == 1:
        for raw in work:
            yield process_input(raw, options)
        return
    yield from analyse_in_pool(work, options, workers)


#: How long the articles written in one transaction may take to come in: about 20 articles a
#: commit at two workers' pace rather than one. Each commit writes every page its articles
#: touched (the search index's among them) to the write-ahead log: per-article commits were
#: 8.6 s of the 16 s the main process spent writing a Timeline17 build's 2,640 articles (a
#: profile), though mostly waiting on the file, not taking a core from the workers (the
#: analysis phase about 1 s shorter grouped; docs/performance.md).
WRITE_GROUP_SECONDS = 0.5


class _WriteGroups:
    """Finished articles written in one transaction while they come in quickly: each article
    is still whole or absent (its own savepoint). A group is committed once it has been open
    ``WRITE_GROUP_SECONDS``, at once when its article came that long after the one before
    (articles that come slowly are committed one by one, as they come), and when the build
    leaves the loop, by an error too (what failed undid only its own writes). A killed build
    loses at most the last group's articles; the next build analyses them again."""

    def __init__(
        self,
        store: Store,
        seconds: float = WRITE_GROUP_SECONDS,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._store = store
        self._seconds = seconds
        self._clock = clock
        self._open: AbstractContextManager[None] | None = None
        self._opened_at = self._last_at = clock()

    def __enter__(self) -> _WriteGroups:
        return self

    def write(self, write: Callable[[], None]) -> None:
        came_at = self._clock()
        slowly = came_at - self._last_at >= self._seconds
        self._last_at = came_at
        if self._open is None:
            opened = self._store.transaction()
            opened.__enter__()  # kept only once begun: a group that failed to begin is not ended
            self._open, self._opened_at = opened, came_at
        try:
            write()
        finally:  # what came before an article that failed is whole: due, it lands now
            if slowly or self._clock() - self._opened_at >= self._seconds:
                self.commit()

    def commit(self) -> None:
        opened, self._open = self._open, None
        if opened is not None:
            opened.__exit__(None, None, None)

    def __exit__(self, *exc: object) -> None:
        self.commit()


def _write_result(
    store: Store, result: ArticleResult, report: BuildReport, written: WrittenArticles
) -> None:
    state = result.state
    article = state.get("article")
    with store.transaction():
        store.clear_failures(result.source)
        for failure in result.failures:
            store.record_failure(failure)
        if article is None:
            report.failures.extend(result.failures)
            return
        is_new = store.source_hash(result.source) is None
        extracted = state["extracted"]
        store.put_article(
            article,
            raw=state["raw_data"],
            raw_text=extracted.raw_text,
            media_type=extracted.content_type,
            metadata=state["metadata"],
        )
        if "sentences" in state:
            store.put_sentences(article.id, state["sentences"])
            if "time_readings" in state:
                from storyline.analyse.timex import keep_readings

                keep_readings(
                    article.text, state["sentences"], state["time_readings"], article.language
                )
        if state.get("text_keys") is not None:
            from storyline.link.text_keys import keep_text_keys

            keep_text_keys(article.text, state["text_keys"])
        for kind in EXTRACTION_KINDS:
            if kind in state:
                store.put_extractions(article.id, kind, state[kind])
        for stage in result.versions:
            store.clear_stage(article.id, stage)
        for stage in result.completed:
            store.mark_stage(article.id, stage, result.versions[stage])
        if not is_new:
            # The links were made from the article as it was: link the corpus in full again.
            store.set_corpus_state({"stale": "1"})
        orphan = store.link_source(result.source, article.id, result.content_hash)
        if orphan:
            store.delete_article(orphan)
    extractions = {kind: state[kind] for kind in EXTRACTION_KINDS if kind in state}
    written.note(article, state.get("sentences", []), extractions)
    report.failures.extend(result.failures)
    if is_new:
        report.added += 1
    else:
        report.updated += 1


def _corpus_fingerprint(store: Store) -> str:
    import hashlib

    from storyline.link.corpus import CORPUS_VERSION

    digest = hashlib.sha256(CORPUS_VERSION.encode())
    for article_id in store.article_ids():
        digest.update(article_id.encode())
    return digest.hexdigest()
