"""A function worked out in a forked child gives what it gives here; a child that fails, dies
or cannot be forked leaves the work to this process; a child no one asks is ended."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from storyline.core import Storyline
from storyline.link import forked
from storyline.link.forked import ForkedCall, can_fork
from storyline.pipeline import BuildOptions
from storyline.store import open_store
from tests.conftest import COLLECTED_ON, SEEDS


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fails(message: str) -> None:
    raise ValueError(message)


def _unpicklable() -> Any:
    return threading.Lock()


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_child_computes_the_result_in_another_process() -> None:
    with ForkedCall(_pid_and_sum, [1, 2, 3]) as call:
        forked_here = call.forked
        pid, total = call.result()
    assert total == 6
    assert forked_here == can_fork()
    assert (pid != os.getpid()) == forked_here


def _niceness() -> int:
    return os.nice(0)


def test_the_child_runs_behind_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # It is to take the core this process leaves idle, not the one its threads would use.
    # (Forked even if an earlier test left a thread: the child only reads its priority.)
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    with ForkedCall(_niceness) as call:
        assert call.forked
        child = call.result()
    assert child == min(os.nice(0) + forked.CHILD_NICENESS, 19)


def test_no_child_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with ForkedCall(_pid_and_sum, [4]) as call:
            assert not call.forked
            assert call.result() == (os.getpid(), 4)
    finally:
        stop.set()
        other.join()


def test_a_failing_function_raises_here_as_it_would_have() -> None:
    with ForkedCall(_fails, "no names") as call, pytest.raises(ValueError, match="no names"):
        call.result()


def test_a_result_that_cannot_be_sent_back_is_computed_here() -> None:
    with ForkedCall(_unpicklable) as call:
        result = call.result()
    assert isinstance(result, type(threading.Lock()))


def test_a_killed_child_leaves_the_work_to_this_process() -> None:
    with ForkedCall(_pid_and_sum, [5, 5]) as call:
        if call.forked:
            os.kill(call._pid, signal.SIGKILL)
        assert call.result() == (os.getpid(), 10)


def test_a_child_whose_result_is_never_asked_for_is_ended_and_reaped() -> None:
    stop = threading.Event()
    with ForkedCall(stop.wait, 3600) as call:  # the child waits an hour unless ended
        pid = call._pid
    if pid:
        assert _gone(pid)


def test_where_no_child_can_be_forked_the_result_is_computed_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    with ForkedCall(_pid_and_sum, [7]) as call:
        assert not call.forked
        assert call.result() == (os.getpid(), 7)


def test_entities_resolved_and_stories_told_beside_equal_those_done_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_export: dict[str, Any], seed_db: Path
) -> None:
    """The seed build (in conftest: two workers, the resolution and the telling forked where
    they can be) and a build that may not fork give the same entities, and so the same
    events, happenings and stories, the same timelines and discrepancies, and keep the same
    vectors."""
    children: list[bool] = []
    real_init = ForkedCall.__init__

    def recording_init(self: ForkedCall[Any], *args: Any) -> None:
        real_init(self, *args)
        children.append(self.forked)

    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.setattr(ForkedCall, "__init__", recording_init)
    db = tmp_path / "in_turn.db"
    Storyline(db).build([str(SEEDS)], BuildOptions(collected_on=COLLECTED_ON, workers=1))
    in_turn = json.loads(Storyline(db).export("json"))
    assert children == [False, False]  # entities beside dating; stories told beside writing
    assert len(in_turn["entities"]) > 20
    assert any(story["timeline"] for story in in_turn["stories"])
    assert in_turn["discrepancies"]
    assert in_turn.keys() == seed_export.keys()
    for key in in_turn:  # every collection of the export, one by one for a readable failure
        assert in_turn[key] == seed_export[key], key
    # Telling in turn keeps the vectors it embeds; a child hands them back to be kept.
    assert _kept_vectors(db) == _kept_vectors(seed_db)


def _kept_vectors(db: Path) -> set[tuple[str, bytes]]:
    with open_store(db, readonly=True) as store:
        return set(store._rows("SELECT hash, vector FROM text_vectors"))


def test_stories_are_told_in_a_child_when_entities_are_resolved_in_one(tmp_path: Path) -> None:
    """Both children are forked under the same condition (no other thread): the embedding
    threads, idle since the duplicates, are ended before the stories are told."""
    forks: dict[str, bool] = {}
    real_init = ForkedCall.__init__

    def recording_init(self: ForkedCall[Any], function: Any, *args: Any) -> None:
        real_init(self, function, *args)
        forks[function.__name__] = self.forked

    # A build joins the threads it starts: where none runs now (Linux, the usual test run),
    # both children are forked; where another test left one running, neither is.
    forkable = can_fork()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ForkedCall, "__init__", recording_init)
        Storyline(tmp_path / "s.db").build(
            [str(SEEDS)], BuildOptions(collected_on=COLLECTED_ON, workers=2)
        )
    assert forks == {"resolve_entities": forkable, "tell_stories_apart": forkable}
