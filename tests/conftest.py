"""Shared fixtures: the seed corpus built once into a real SQLite store."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from storyline.core import Storyline
from storyline.pipeline import BuildOptions

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"
#: A fixed collection day, so that inferred intervals do not move with the calendar.
COLLECTED_ON = dt.date(2026, 11, 23)


def seed_path(prefix: str) -> Path:
    (found,) = SEEDS.glob(f"{prefix}_*.txt")
    return found


def copy_of_seeds(folder: Path) -> Path:
    """A new ``folder`` holding the seed articles, for a test that changes or adds to them."""
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def stored_objects(db: Path) -> list[Any]:
    """Every model object a build wrote to ``db``: articles, each kind of extraction, and the
    corpus stages' entities, duplicates, happenings, events, stories, discrepancies and
    timeline entries."""
    from storyline.models import Figure, Mention, Quote, TimeMention
    from storyline.store import open_store

    objects: list[Any] = []
    with open_store(db, readonly=True) as store:
        objects += store.articles()
        for kind, model in (
            ("mentions", Mention),
            ("time_mentions", TimeMention),
            ("quotes", Quote),
            ("figures", Figure),
        ):
            objects += store.extractions(kind, model)
        objects += store.entities() + store.duplicates() + store.happenings()
        objects += store.events() + store.stories() + store.discrepancies()
        for story in store.stories():
            objects += store.timeline(story.id)
    return objects


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    report = Storyline(db).build([str(SEEDS)], BuildOptions(collected_on=COLLECTED_ON, workers=2))
    assert report.failures == [], report.failures
    return db


@pytest.fixture(scope="session")
def seed_export(seed_db: Path) -> dict[str, Any]:
    return json.loads(Storyline(seed_db).export("json"))


@pytest.fixture(scope="session")
def seed_ids(seed_export: dict[str, Any]) -> dict[str, str]:
    """Seed file prefix ('000' ... '004') → article id."""
    ids = {}
    for article in seed_export["articles"]:
        ids[Path(article["source"]).name[:3]] = article["id"]
    return ids
