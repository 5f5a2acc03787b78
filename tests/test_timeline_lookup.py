"""`Storyline.timelines(story_id)` finds the story by its indexed id (or an id prefix) instead of
reading every story, with the same result as filtering them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.core import NotFound, Storyline
from storyline.models import Story
from storyline.store import open_store


def test_a_story_is_found_by_its_id_or_a_prefix_of_it(seed_db: Path) -> None:
    core = Storyline(seed_db)
    everything = core.timelines()
    assert everything
    for told in everything:
        assert core.timelines(told.story.id) == [told]
        for key in (told.story.id[:8], told.story.id[:6]):
            expected = [t for t in everything if t.story.id.startswith(key)]
            assert core.timelines(key) == expected
    # A prefix every story shares gives them all, in the stories' own order.
    shared = "story-"
    if all(t.story.id.startswith(shared) for t in everything):
        assert [t.story.id for t in core.timelines(shared)] == [t.story.id for t in everything]
    with pytest.raises(NotFound, match="no story 'zz-none'"):
        core.timelines("zz-none")


def test_a_whole_id_names_its_story_even_where_it_begins_another(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(str(db)) as store, store.transaction():
        store.replace_corpus(
            entities=[],
            mention_entities=[],
            duplicates=[],
            events=[],
            happenings=[],
            stories=[Story("story-a", "A", (), ()), Story("story-ab", "B", (), ())],
            timelines={},
            discrepancies=[],
            state={},
        )
    core = Storyline(db)
    assert [t.story.id for t in core.timelines("story-a")] == ["story-a"]
    assert [t.story.id for t in core.timelines("story-")] == ["story-a", "story-ab"]
