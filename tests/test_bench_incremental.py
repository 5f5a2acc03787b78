"""bench/incremental.py grows a store by copies of its articles: each copy's kept link state
must say what the copy is (its date moved with it), or the bench would time reads of a store
no build could make."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from storyline.core import Storyline
from storyline.models import PublicationDate, from_dict
from storyline.store import open_store

from .conftest import SEEDS

REPO = Path(__file__).resolve().parents[1]


def _bench() -> ModuleType:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        return importlib.import_module("incremental")
    finally:
        sys.path.remove(str(REPO / "bench"))


def test_a_grown_copys_dating_row_holds_its_own_moved_date(tmp_path: Path) -> None:
    bench = _bench()
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    # A dated report whose sentence says what happened the day before: kept in its row.
    (folder / "preview.txt").write_text(
        "Blinken to seek a migration declaration\n\nApril 21, 2022\n\nThe US is seeking a"
        " strong declaration to coordinate migration, US Secretary of State Antony Blinken said"
        " on April 20, 2022. Officials said the talks would focus on displaced people."
    )
    db = tmp_path / "grown.db"
    # Collected after the seeds were published (the bench's own day is Timeline17's, 2012,
    # before which no seed can be dated).
    options = dataclasses.replace(bench.OPTIONS, workers=1, collected_on=dt.date(2024, 12, 31))
    report = Storyline(db).build([str(folder)], options)
    assert report.failures == []
    with open_store(db) as store:
        assert bench.grow(store, 12, bench._Noise(1.0))[0] == 12
        articles = {a.id: a for a in store.articles()}
        rows = {r[0]: json.loads(r[4]) for r in store.link_state("dating")}
    assert set(rows) == set(articles) and len(articles) == 12
    moved = 0
    by_source = {a.source: a.id for a in articles.values()}
    for article_id, data in rows.items():
        kept = from_dict(PublicationDate, data["published"])
        assert kept == dataclasses.replace(articles[article_id].published, evidence=())
        source = articles[article_id].source
        if source.startswith("copy") and kept.interval is not None:
            moved += 1
            shift, original = source.split("/", 1)
            days = int(shift.removeprefix("copy")) * bench.SHIFT.days
            happened = rows[by_source[original]]["happened"]
            assert data["happened"] == [[day + days, words] for day, words in happened]
            reports = rows[by_source[original]]["reports"]
            assert len(data["reports"]) == len(reports)
            for (start, day, *rest), (was, was_day, *was_rest) in zip(
                data["reports"], reports, strict=True
            ):
                assert rest == was_rest
                moved_day = dt.date.fromisoformat(was) + dt.timedelta(days=days)
                if was_day:
                    assert (start, day) == (moved_day.isoformat(), moved_day.day)
                else:
                    assert (start, day) == (moved_day.replace(day=1).isoformat(), 0)
    assert moved >= 5
    assert any(data["happened"] for data in rows.values())
    assert any(data["reports"] for data in rows.values())


def test_warming_reads_the_store_and_every_file_kept_beside_it(tmp_path: Path) -> None:
    bench = _bench()
    db = tmp_path / "grown.db"
    db.write_bytes(b"d" * 1000)
    (tmp_path / "grown.db-happenings").write_bytes(b"h" * 300)
    (tmp_path / "grown.db-happenings.ids").write_bytes(b"i" * 20)
    (tmp_path / "other.db").write_bytes(b"o" * 5000)  # another store's: not read
    assert bench.read_into_page_cache(db) == 1320


def test_regression_the_bench_linked_with_blas_on_every_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build links with numpy's BLAS on one thread (``pipeline.single_threaded_blas``); the
    bench linked with it on every core, and waking the threads for a product of a few hundred
    rows put 5-10 ms on a link that no build pays."""
    from threadpoolctl import threadpool_info

    bench = _bench()
    db = tmp_path / "store.db"
    options = dataclasses.replace(bench.OPTIONS, workers=1, collected_on=dt.date(2024, 12, 31))
    assert Storyline(db).build([str(SEEDS)], options).failures == []
    adds = bench.analyse(
        ["Talks on migration\n\nOfficials from the region met on migration and asylum."], "added"
    )
    threads: list[int] = []
    link = bench.IncrementalLinker.link

    def counting_link(self: object, *args: object, **kwargs: object) -> str:
        threads.append(max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"))
        return link(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bench.IncrementalLinker, "link", counting_link)
    with open_store(db) as store:
        bench.link_added(store, adds)
    assert threads == [1]
