"""The same build gives the same export whichever backend holds the store."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.core import Storyline
from storyline.pipeline import BuildOptions
from storyline.store import PostgresStore, open_store

from .conftest import COLLECTED_ON, SEEDS

pytest_plugins = ("tests.pg",)

OPTIONS = BuildOptions(collected_on=COLLECTED_ON, workers=1)


def test_the_seed_build_exports_the_same_from_sqlite_and_postgresql(
    tmp_path: Path, postgres_url: str
) -> None:
    exports = {}
    for name, location in (("sqlite", str(tmp_path / "s.db")), ("postgresql", postgres_url)):
        app = Storyline(location)
        report = app.build([str(SEEDS)], OPTIONS)
        assert report.failures == [], (name, report.failures)
        assert report.added == 5, name
        again = app.build([str(SEEDS)], OPTIONS)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 5), name
        assert not again.corpus_rebuilt, name
        exports[name] = app.export("json")
    with open_store(postgres_url, readonly=True) as store:
        assert isinstance(store, PostgresStore)
    doc = json.loads(exports["sqlite"])
    assert len(doc["articles"]) == 5 and doc["stories"]
    assert exports["postgresql"] == exports["sqlite"]


def test_every_reader_use_case_works_on_postgresql(postgres_url: str) -> None:
    """What the CLI's readers call, through ``Storyline`` with a URL, on a built store."""
    app = Storyline(postgres_url)
    app.build([str(SEEDS)], OPTIONS)
    timelines = app.timelines()
    assert timelines and timelines[0].entries
    story = timelines[0].story
    assert app.timelines(story.id[:6])[0].story == story
    article_id = story.article_ids[0]
    assert app.article(article_id[:8])["article"].id == article_id
    event_id = story.event_ids[0]
    assert app.event(event_id)[0].id == event_id
    assert app.export("markdown").strip() and app.export("html").strip()
