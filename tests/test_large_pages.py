"""Pages of much-reported things stay readable and fast: an entry shows a bounded number of
sources side by side and lists the rest, a story and an entry their first disagreements with a
count of the others, an entity its newest quotes. (On the full Timeline17 store one entry has
a thousand sources and one story thousands of disagreements.) The bounds are lowered here so
that the seed story shows the behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import core
from storyline.core import Storyline
from storyline.store import open_store
from storyline.web import views


@pytest.fixture(scope="module")
def app(seed_db: Path) -> Storyline:
    return Storyline(seed_db)


def _widest_entry(app: Storyline) -> tuple[str, int, int]:
    """(story id, entry seq, sources) of the entry with the most sources."""
    best = ("", -1, 0)
    for item in app.timelines():
        for seq, entry in enumerate(item.entries):
            if len(entry.sources) > best[2]:
                best = (item.story.id, seq, len(entry.sources))
    return best


def test_an_entry_shows_a_bounded_number_of_sources_and_lists_the_rest(
    app: Storyline, monkeypatch: pytest.MonkeyPatch
) -> None:
    story_id, seq, sources = _widest_entry(app)
    assert sources >= 2, "the seed story has an entry with several sources"
    full = views.entry_page(app, story_id, seq)
    assert len(full.sources) == sources and full.more_sources == []
    monkeypatch.setattr(core, "SOURCE_COLUMNS", 1)
    page = views.entry_page(app, story_id, seq)
    assert len(page.sources) == 1
    assert len(page.more_sources) == sources - 1
    shown = {page.sources[0].article.id}
    assert shown | {a.id for a in page.more_sources} == {c.article.id for c in full.sources}
    cited = {c.article for s in page.summary for c in s.citations}
    assert shown <= {a for a in cited}, "a cited source is shown first"
    assert all(q.article in shown for q in page.quotes)


def test_a_story_lists_its_first_disagreements_and_counts_the_others(
    app: Storyline, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = next(
        i.story for i in app.timelines() if views.story_page(app, i.story.id).discrepancies
    )
    every = views.story_page(app, story.id).discrepancies
    monkeypatch.setattr(core, "DISCREPANCIES_SHOWN", 1)
    page = views.story_page(app, story.id)
    assert [d.id for d in page.discrepancies] == [every[0].id]
    assert page.more_discrepancies == len(every) - 1


def test_an_entity_page_shows_its_newest_quotes_and_counts_the_others(
    app: Storyline, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(app.db, readonly=True) as store:
        entities = store.entities()
    pages = [views.entity_page(app, e.id) for e in entities]
    quoted = max(pages, key=lambda p: len(p.quotes))
    assert len(quoted.quotes) >= 2
    monkeypatch.setattr(core, "QUOTES_SHOWN", 1)
    page = views.entity_page(app, quoted.id)
    assert len(page.quotes) == 1 and page.more_quotes == len(quoted.quotes) - 1
    newest = max(quoted.articles, key=lambda a: a.published_start or "")
    if any(q.article == newest.id for q in quoted.quotes):
        assert page.quotes[0].article == newest.id


def test_stories_are_found_by_an_id_they_hold(app: Storyline) -> None:
    with open_store(app.db, readonly=True) as store:
        stories = store.stories()
        article_id = stories[0].article_ids[0]
        entity_id = stories[0].key_entities[0]
        assert stories[0] in store.stories_naming(article_id)
        assert stories[0] in store.stories_naming(entity_id)
        assert store.stories_naming("no-such-id") == []
        assert store.stories_naming("%") == []


def test_an_entity_page_lists_its_newest_articles_and_counts_the_others(
    app: Storyline, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(app.db, readonly=True) as store:
        entities = store.entities()
    pages = [views.entity_page(app, e.id) for e in entities]
    named = max(pages, key=lambda p: len(p.articles))
    assert len(named.articles) >= 2
    monkeypatch.setattr(views, "ENTITY_ARTICLES_SHOWN", 1)
    page = views.entity_page(app, named.id)
    assert [a.id for a in page.articles] == [named.articles[-1].id]
    assert page.more_articles == len(named.articles) - 1
