"""bench/incremental.py grows a store by copies of its articles: each copy's kept link state
must say what the copy is (its date moved with it), or the bench would time reads of a store
no build could make."""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

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
    db = tmp_path / "grown.db"
    report = Storyline(db).build([str(SEEDS)], dataclasses.replace(bench.OPTIONS, workers=1))
    assert report.failures == []
    with open_store(db) as store:
        assert bench.grow(store, 12, bench._Noise(1.0))[0] == 12
        articles = {a.id: a for a in store.articles()}
        rows = {r[0]: json.loads(r[4]) for r in store.link_state("dating")}
    assert set(rows) == set(articles) and len(articles) == 12
    moved = 0
    for article_id, data in rows.items():
        kept = from_dict(PublicationDate, data["published"])
        assert kept == dataclasses.replace(articles[article_id].published, evidence=())
        moved += articles[article_id].source.startswith("copy") and kept.interval is not None
    assert moved >= 5
