"""`storyline copy`: a whole store into another, SQLite onto PostgreSQL and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.core import Storyline
from storyline.errors import StoreError
from storyline.pipeline import BuildOptions
from storyline.store import copy as store_copy
from storyline.store import open_store

from .conftest import COLLECTED_ON, SEEDS

pytest_plugins = ("tests.pg",)

OPTIONS = BuildOptions(collected_on=COLLECTED_ON, workers=1)
NEW_ARTICLE = (
    "Mexico and Guatemala opened a new border crossing on Monday, officials said.\n\n"
    "The crossing at Ciudad Hidalgo will handle 2,000 trucks a day, the ministry said."
)


def _counts(location: str) -> dict[str, int]:
    with open_store(location, readonly=True) as store:
        return {t: int(store._scalar(f"SELECT COUNT(*) FROM {t}")) for t in store_copy.TABLES}


def test_sqlite_to_postgresql_answers_the_same_and_builds_on(
    seed_db: Path, postgres_url: str, tmp_path: Path
) -> None:
    copied = Storyline(seed_db).copy_to(postgres_url)
    assert copied == _counts(str(seed_db))
    assert copied["articles"] == 5 and copied["search_docs"] > 5 and copied["timeline_entries"]
    source, target = Storyline(seed_db), Storyline(postgres_url)
    assert target.export("json") == source.export("json")
    hits = target.search("Panama", mode="keyword", kinds=("article",))
    assert [h.ref for h in hits] == [
        h.ref for h in source.search("Panama", mode="keyword", kinds=("article",))
    ]
    # Building on the copy goes on incrementally: nothing to redo for the seeds, and a new
    # article gets new ids (the identity counters were moved past the copied rows).
    again = target.build([str(SEEDS)], OPTIONS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    crossing = tmp_path / "crossing.txt"
    crossing.write_text(NEW_ARTICLE, encoding="utf-8")
    more = target.build([str(crossing)], OPTIONS)
    assert more.failures == [] and more.added == 1
    assert _counts(postgres_url)["articles"] == 6


def test_postgresql_to_sqlite_round_trip(seed_db: Path, postgres_url: str, tmp_path: Path) -> None:
    Storyline(seed_db).copy_to(postgres_url)
    back = tmp_path / "back.db"
    Storyline(postgres_url).copy_to(back)
    assert _counts(str(back)) == _counts(str(seed_db))
    assert Storyline(back).export("json") == Storyline(seed_db).export("json")
    hits = Storyline(back).search("Panama", mode="keyword", kinds=("article",))
    assert hits, "the FTS index is filled as the search documents arrive"


def test_a_store_that_holds_articles_is_refused_and_left_as_it_was(
    seed_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "busy.db"
    Storyline(target).build([str(SEEDS / next(SEEDS.iterdir()).name)], OPTIONS)
    before = _counts(str(target))
    with pytest.raises(StoreError, match="already holds 1 articles: copy into an empty store"):
        Storyline(seed_db).copy_to(target)
    assert _counts(str(target)) == before


def test_a_copy_that_fails_half_way_leaves_the_target_empty(
    seed_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_copy._copy_table

    def failing(source: object, target: object, table: str, tick: object) -> int:
        if table == "stories":
            raise StoreError("disk full")
        return real(source, target, table, tick)  # type: ignore[arg-type]

    monkeypatch.setattr(store_copy, "_copy_table", failing)
    target = tmp_path / "half.db"
    with pytest.raises(StoreError, match="disk full"):
        Storyline(seed_db).copy_to(target)
    assert set(_counts(str(target)).values()) == {0}


def test_cli_copy_prints_counts_and_refuses_a_second_copy(seed_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "cli.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["copy", "--db", str(seed_db), "--to", str(target), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["copied"]["articles"] == 5
    second = runner.invoke(cli, ["copy", "--db", str(seed_db), "--to", str(target)])
    assert second.exit_code == 3
    assert "already holds 5 articles" in second.output
    same = runner.invoke(cli, ["copy", "--db", str(seed_db), "--to", str(seed_db)])
    assert same.exit_code == 3 and "its source" in same.output
