"""Crash safety: ``storyline build`` killed with SIGKILL at random moments loses nothing it
committed and leaves nothing half-written, and the next build finishes the job with the same
result as a clean build. Two builds at once: the second is refused and the store stays intact;
readers run while a build writes.

Every build here is a real ``storyline build`` process on 30 articles (the seeds, and each seed
five times more with one of its lines left out), ``--workers 1``. Kill moments come from a
seeded RNG, one from each of 20 equal slices of the measured duration of a clean build, so
that they spread over the whole build: start-up, the per-article transactions, the corpus
stages and their transactions. The trials run in two lanes side by side (the machine has two
cores), each on three stores in turn: a few builds killed one after the other, each resuming
what the one before left, then one build to the end, checked against the clean build.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from storyline.core import Storyline
from storyline.models import Mention, Quote
from storyline.pipeline import ARTICLE_STAGES
from storyline.store import Store, is_postgres, open_store

from .conftest import SEEDS

pytest_plugins = ("tests.pg",)
pytestmark = pytest.mark.slow

COLLECTED_ON = "2026-11-23"
SEED = 20261123
#: Kill trials: lanes run side by side, each on stores in turn, with this many kills per store.
LANES, KILLS_PER_STORE = 2, (4, 3, 3)
#: How many builds must really have been killed (a resumed build may finish before its moment).
MIN_KILLS = 16
#: Per-article extractions that only the per-article transaction writes (the corpus stages
#: rewrite time mentions and figures).
STABLE_KINDS: dict[str, type] = {"mentions": Mention, "quotes": Quote}
STAGES = {stage.name for stage in ARTICLE_STAGES}
EXIT_STORE_ERROR = 3


def _build_command(folder: Path, location: str) -> list[str]:
    return [
        sys.executable, "-m", "storyline", "build", str(folder), "--db", location,
        "--workers", "1", "--collected-on", COLLECTED_ON,
    ]  # fmt: skip


def _start_build(folder: Path, location: str, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(
            _build_command(folder, location), stdout=out, stderr=subprocess.STDOUT
        )


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


@dataclass(frozen=True)
class Reference:
    """A clean, uninterrupted build of the folder."""

    folder: Path
    seconds: float
    export: str
    #: article id → how many sentences and stable extractions it has
    counts: dict[str, dict[str, int]]
    #: input path → article id
    sources: dict[str, str]


@pytest.fixture(scope="module")
def articles_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 distinct articles: each seed, and each seed without one of its lines 1-5."""
    folder = tmp_path_factory.mktemp("pile")
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").split("\n")
        content = [i for i, line in enumerate(lines) if line.strip()]
        for variant in range(6):
            drop = content[variant] if variant else -1
            kept = [line for i, line in enumerate(lines) if i != drop]
            (folder / f"{seed.name[:3]}-{variant}.txt").write_text("\n".join(kept), "utf-8")
    assert len({p.read_bytes() for p in folder.iterdir()}) == 30
    return folder


@pytest.fixture(scope="module")
def reference(articles_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    db = str(tmp_path_factory.mktemp("reference") / "clean.db")
    started = time.perf_counter()
    done = _run(_build_command(articles_folder, db), timeout=900)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stdout + done.stderr
    with open_store(db, readonly=True) as store:
        counts = _article_counts(store)
        sources = {
            str(path): found[0]
            for path in articles_folder.iterdir()
            if (found := store.source_hash(str(path)))
        }
    assert len(counts) == 30 and len(sources) == 30
    return Reference(articles_folder, seconds, Storyline(db).export("json"), counts, sources)


def _article_counts(store: Store) -> dict[str, dict[str, int]]:
    return {
        article_id: {
            "sentences": len(store.sentences(article_id)),
            **{
                kind: len(store.extractions(kind, cls, article_id))
                for kind, cls in STABLE_KINDS.items()
            },
        }
        for article_id in store.article_ids()
    }


def check_consistent(location: str, ref: Reference) -> tuple[int, bool]:
    """What a build killed at any moment must leave: a sound store, no failures, and every
    article in it whole (all its stages marked, its raw input, its sentences and extractions
    as the clean build has them), pointed at by its inputs. Returns (articles, corpus written).
    """
    if not is_postgres(location):
        with sqlite3.connect(location) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            unset = conn.execute("PRAGMA user_version").fetchone() == (0,)
            tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        conn.close()
        if unset:  # killed before its set-up committed: the file is as empty as it began
            assert tables == [], f"a store half set up: {tables}"
            return 0, False
    with open_store(location, readonly=True) as store:
        assert store.failures() == []
        counts = _article_counts(store)
        for article_id, found in counts.items():
            assert article_id in ref.counts, f"an article no input makes: {article_id}"
            assert found == ref.counts[article_id], f"half-written article {article_id}"
            assert set(store.stage_versions(article_id)) == STAGES, article_id
            assert store.raw_input(article_id) is not None, article_id
        for source, article_id in ref.sources.items():
            linked = store.source_hash(source)
            if linked is not None:
                assert linked[0] == article_id, source
                assert article_id in counts, f"{source} points at a missing article"
        return len(counts), bool(store.stories())


def check_complete(location: str, ref: Reference) -> None:
    """A finished build: the above, every input exactly once as its own article, and the
    export of a clean build."""
    check_consistent(location, ref)
    with open_store(location, readonly=True) as store:
        linked = {source: store.source_hash(source) for source in ref.sources}
        assert {s: found[0] if found else None for s, found in linked.items()} == ref.sources
        assert sorted(store.article_ids()) == sorted(ref.sources.values())
    assert Storyline(location).export("json") == ref.export


def _kill_lane(lane: int, plan: list[list[float]], ref: Reference, tmp: Path) -> list[str]:
    """For each store of the plan: builds killed at its moments, each resuming the store the
    one before left, then one more build to finish it, checked complete. A resumed build that
    finishes before its moment is checked complete, and that moment and the store's others go
    to a new store (so the moment is still tried, on a first build there). One log line per
    build."""
    log: list[str] = []
    stores = 0
    build_log = tmp / f"lane{lane}.log"

    def finish(db: str) -> None:
        done = _run(_build_command(ref.folder, db), timeout=10 * ref.seconds + 60)
        assert done.returncode == 0, done.stdout + done.stderr
        check_complete(db, ref)
        log.append(f"lane {lane} store {stores}: finished by one more build, complete")

    for moments in plan:
        db = str(tmp / f"lane{lane}-{stores}.db")
        pending = list(moments)
        while pending:
            at = pending[0]
            fresh = not Path(db).exists()
            process = _start_build(ref.folder, db, build_log)
            try:
                process.wait(timeout=at)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=60)
                articles, corpus = check_consistent(db, ref) if Path(db).exists() else (0, False)
                log.append(
                    f"lane {lane} store {stores}: killed at {at:5.2f}s:"
                    f" {articles:2} articles, corpus {'written' if corpus else 'not yet'}"
                )
                pending.pop(0)
                continue
            assert process.returncode == 0, build_log.read_text()
            check_complete(db, ref)
            log.append(f"lane {lane} store {stores}: finished before {at:5.2f}s, complete")
            if fresh:
                pending.pop(0)  # even a first build was quicker: the moment is spent
            stores += 1
            db = str(tmp / f"lane{lane}-{stores}.db")
        if Path(db).exists():
            finish(db)
            stores += 1
    return log


def test_a_build_killed_at_random_moments_resumes_to_the_clean_result(
    reference: Reference, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    trials = LANES * sum(KILLS_PER_STORE)
    # One moment from each of `trials` equal slices of a clean build. The earliest go to the
    # first build on each new store (start-up and the per-article transactions), the rest, at
    # random, to the builds that resume it (which go on into the corpus stages).
    moments = [reference.seconds / trials * (i + rng.random()) for i in range(trials)]
    stores = LANES * len(KILLS_PER_STORE)
    first, later = moments[:stores], moments[stores:]
    rng.shuffle(first)
    rng.shuffle(later)
    plan: list[list[list[float]]] = [[] for _ in range(LANES)]
    for n, kills in enumerate(KILLS_PER_STORE * LANES):
        plan[n % LANES].append([first.pop(), *(later.pop() for _ in range(kills - 1))])
    started = time.perf_counter()
    with ThreadPoolExecutor(LANES) as pool:
        futures = [
            pool.submit(_kill_lane, lane, plan[lane], reference, tmp_path) for lane in range(LANES)
        ]
        logs = [line for future in futures for line in future.result()]
    print(
        f"\nclean build {reference.seconds:.1f}s; the kill trials took"
        f" {time.perf_counter() - started:.1f}s:\n" + "\n".join(logs)
    )
    assert sum("killed" in line for line in logs) >= MIN_KILLS


# -- two builds at once, and readers -----------------------------------------------------------


def _holds_lock(location: str, pid: int) -> bool:
    """Whether the build process ``pid`` holds the build lock of ``location``."""
    if not is_postgres(location):
        lock_file = Path(location + ".lock")
        return lock_file.exists() and lock_file.read_text().startswith(f"pid {pid} ")
    import psycopg

    with psycopg.connect(location, autocommit=True) as conn:
        return bool(
            conn.execute(
                "SELECT 1 FROM pg_stat_activity WHERE application_name LIKE %s",
                (f"pid {pid} since %",),
            ).fetchone()
        )


def _wait_for_lock(location: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while not _holds_lock(location, process.pid):
        assert process.poll() is None, f"build {process.pid} ended ({process.returncode})"
        assert time.monotonic() < deadline, f"build {process.pid} never took the lock"
        time.sleep(0.05)


def _reader_command(location: str) -> list[str]:
    """``storyline timeline``; on PostgreSQL the same use case through the API in a process of
    its own, since the CLI's reader commands take only an existing file for --db."""
    if not is_postgres(location):
        return [sys.executable, "-m", "storyline", "timeline", "--db", location]
    code = "import sys; from storyline.core import Storyline; Storyline(sys.argv[1]).timelines()"
    return [sys.executable, "-c", code, location]


def _articles_in(location: str) -> int:
    with open_store(location, readonly=True) as store:
        return len(store.article_ids())


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "s.db")
    else:
        yield request.getfixturevalue("postgres_url")


def test_a_second_build_is_refused_readers_run_and_a_killed_build_lets_go(
    location: str, reference: Reference, tmp_path: Path
) -> None:
    first = _start_build(reference.folder, location, tmp_path / "first.log")
    third: subprocess.Popen[bytes] | None = None
    try:
        _wait_for_lock(location, first)
        second = _run(_build_command(reference.folder, location), timeout=300)
        assert first.poll() is None, "the first build ended before the second one tried"
        assert second.returncode == EXIT_STORE_ERROR, second.stdout + second.stderr
        assert "another build is writing" in second.stderr
        assert f"(pid {first.pid} since " in second.stderr
        assert "wait for it to finish" in second.stderr
        # Readers succeed while the first build writes its articles.
        reads = 0
        while first.poll() is None and (reads < 3 or _articles_in(location) == 0):
            reader = _run(_reader_command(location), timeout=300)
            assert reader.returncode == 0, reader.stdout + reader.stderr
            reads += 1
        assert first.poll() is None, "the first build ended before the readers were done"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
        check_consistent(location, reference)
        # The killed build's lock died with it: the next build takes it at once.
        third = _start_build(reference.folder, location, tmp_path / "third.log")
        _wait_for_lock(location, third)
        third.send_signal(signal.SIGKILL)
        third.wait(timeout=60)
        check_consistent(location, reference)
    finally:
        for process in (first, third):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()


#: A process that takes the build lock, forks a child computing beside it (as the corpus
#: stages do), says the child's pid and waits to be killed.
_LOCK_THEN_FORK = """
import sys, time
from storyline.link.forked import ForkedCall
from storyline.store import open_store
store = open_store(sys.argv[1])
store.acquire_build_lock()
call = ForkedCall(time.sleep, 120)
assert call.forked
print(call._pid, flush=True)
time.sleep(120)
"""


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie no one has reaped yet counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")
def test_regression_a_killed_builds_forked_child_does_not_keep_the_store_locked(
    location: str,
) -> None:
    """A build killed while a child it forked was computing left the store locked until the
    child ended, so the build that should resume it was refused ("another build is
    writing"; the random-kill test failed so on a loaded machine). The lock now dies with the
    build, and the child with it."""
    with open_store(location) as store:
        store.release_build_lock()  # set up (a new PostgreSQL database's schema), then let go
    build = subprocess.Popen(
        [sys.executable, "-c", _LOCK_THEN_FORK, location],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert build.stdout is not None
        line = build.stdout.readline()
        assert line.strip().isdigit(), line + build.stderr.read() if build.stderr else b""
        child = int(line)
        assert not _gone(child)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        # At once, while the child may still be running: the lock is free.
        with open_store(location) as store:
            store.acquire_build_lock()
            store.release_build_lock()
        deadline = time.monotonic() + 10
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(child), "the child outlived its killed build"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
