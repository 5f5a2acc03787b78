"""A build writes the articles that come in quickly in one transaction (``build._WriteGroups``):
each article whole or absent, every group committed, on every backend."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.build import _WriteGroups
from storyline.models import Article, DateInterval, PublicationDate
from storyline.store import Store, open_store

#: The fixtures that run a test on every backend (store, store_location, postgres_url).
pytest_plugins = ("tests.pg",)


class _Clock:
    """Seconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _put(store: Store, name: str) -> None:
    article = Article(
        id=name * 16,
        source=f"{name}.txt",
        text=f"Text {name}.",
        title=name,
        published=PublicationDate(DateInterval.day(dt.date(2022, 4, 20)), "text", ()),
    )
    with store.transaction():  # as the build writes an article: a savepoint of the group
        store.put_article(article, raw=b"r", raw_text="r", media_type="text/plain", metadata={})


def _seen(location: str) -> list[str]:
    """The articles another connection sees: only what was committed."""
    with open_store(location) as reader:
        return [article_id[0] for article_id in reader.article_ids()]  # "aaaa…" is "a"


def test_articles_that_come_quickly_land_together_when_the_group_is_old_enough(
    store: Store, store_location: str
) -> None:
    clock = _Clock()
    with _WriteGroups(store, seconds=1.0, clock=clock) as groups:
        groups.write(lambda: _put(store, "a"))
        clock.now += 0.6
        groups.write(lambda: _put(store, "b"))
        assert _seen(store_location) == []  # open for 0.6 s, each 0.6 s after the last
        clock.now += 0.6
        groups.write(lambda: _put(store, "c"))
        assert _seen(store_location) == ["a", "b", "c"]  # open for 1.2 s: committed
        groups.write(lambda: _put(store, "d"))
        assert _seen(store_location) == ["a", "b", "c"]  # a new group
    assert _seen(store_location) == ["a", "b", "c", "d"]  # the last group, on leaving


def test_an_article_that_comes_slowly_lands_at_once(store: Store, store_location: str) -> None:
    clock = _Clock()
    with _WriteGroups(store, seconds=0.5, clock=clock) as groups:
        clock.now += 3.0
        groups.write(lambda: _put(store, "a"))
        assert _seen(store_location) == ["a"]
        clock.now += 0.1
        groups.write(lambda: _put(store, "b"))
        assert _seen(store_location) == ["a"]
        clock.now += 2.0
        groups.write(lambda: _put(store, "c"))
        assert _seen(store_location) == ["a", "b", "c"]


def test_a_failed_write_undoes_only_its_own_and_the_group_still_lands(
    store: Store, store_location: str
) -> None:
    def fails() -> None:
        with store.transaction():
            _put(store, "b")
            raise RuntimeError("the store refused the second article")

    with pytest.raises(RuntimeError), _WriteGroups(store, seconds=60.0) as groups:
        groups.write(lambda: _put(store, "a"))
        groups.write(fails)
    assert _seen(store_location) == ["a"]
    # and the store takes the next build's writes
    with _WriteGroups(store) as groups:
        groups.write(lambda: _put(store, "c"))
    assert _seen(store_location) == ["a", "c"]


def test_regression_a_group_that_could_not_begin_is_not_ended_on_leaving(
    store: Store, store_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ending a transaction that never began (BEGIN refused: the store is locked) would have
    begun one on the way out."""
    ended: list[object] = []

    class Refused:
        def __enter__(self) -> None:
            raise RuntimeError("database is locked")

        def __exit__(self, *exc: object) -> None:
            ended.append(exc)

    begun = store.transaction
    monkeypatch.setattr(store, "transaction", Refused)
    with pytest.raises(RuntimeError, match="locked"), _WriteGroups(store) as groups:
        groups.write(lambda: _put(store, "a"))
    assert ended == []
    monkeypatch.setattr(store, "transaction", begun)
    assert _seen(store_location) == []
    with _WriteGroups(store) as groups:  # and the store takes the next writes
        groups.write(lambda: _put(store, "b"))
    assert _seen(store_location) == ["b"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    arrivals=st.lists(
        st.tuples(st.sampled_from([0.0, 0.1, 0.3, 0.6, 2.0]), st.booleans()), max_size=12
    )
)
def test_any_arrivals_land_whole_and_slow_ones_at_once(
    tmp_path: Path, arrivals: list[tuple[float, bool]]
) -> None:
    """Whatever the gaps between articles and whichever fail: every article that did not fail
    is committed by the time the build leaves the loop, none that failed ever is, and an
    article that came slowly is committed with everything before it as soon as it is written."""
    location = str(tmp_path / f"{uuid.uuid4().hex}.db")
    clock = _Clock()
    written: list[str] = []
    names = iter("abcdefghijklmnopqrstuvwxyz")
    with open_store(location) as store:
        with _WriteGroups(store, seconds=0.5, clock=clock) as groups:
            for gap, fails in arrivals:
                clock.now += gap
                name = next(names)

                def write(name: str = name, fails: bool = fails) -> None:
                    with store.transaction():
                        _put(store, name)
                        if fails:
                            raise RuntimeError("refused")

                with contextlib.suppress(RuntimeError):
                    groups.write(write)
                if not fails:
                    written.append(name)
                seen = _seen(location)
                assert set(seen) <= set(written)
                if gap >= 0.5:
                    assert sorted(seen) == sorted(written)
        assert sorted(_seen(location)) == sorted(written)
