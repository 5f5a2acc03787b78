"""What a long stretch of work holds is kept off the cyclic collector while it runs, and let
go afterwards: the corpus stages of a build, and an incremental link (test_incremental_link)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest

from storyline.collector import held_apart_from_the_collector
from storyline.core import Storyline
from storyline.link import stories
from storyline.pipeline import BuildOptions
from tests.conftest import COLLECTED_ON, SEEDS


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def _garbage_cycle() -> weakref.ref[_Node]:
    return weakref.ref(_Node())


def test_collected_first_garbage_is_not_held() -> None:
    gone = _garbage_cycle()
    with held_apart_from_the_collector():
        assert gone() is None


def test_not_collected_first_garbage_waits_until_the_end() -> None:
    gc.collect()
    gone = _garbage_cycle()
    with held_apart_from_the_collector(collect_first=False):
        assert gc.get_freeze_count() > 0
        gc.collect()
        assert gone() is not None  # set apart with the rest
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None


def test_a_builds_corpus_stages_run_with_the_corpus_set_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Timeline17 four full collections walked the corpus during these stages (2.0 s of
    the one core) and found nothing."""
    frozen: list[int] = []
    real = stories.find_stories

    def counting(*args: Any) -> Any:
        frozen.append(gc.get_freeze_count())
        return real(*args)

    monkeypatch.setattr(stories, "find_stories", counting)
    Storyline(tmp_path / "s.db").build(
        [str(SEEDS)], BuildOptions(collected_on=COLLECTED_ON, workers=1)
    )
    assert len(frozen) == 1 and frozen[0] > 0
    assert gc.get_freeze_count() == 0
