"""The corpus stages hand each story's timeline only the story's happenings, found through an
index of articles: the same happenings, in the same order, as the filter the timeline and the
discrepancy check apply to the whole list themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.link.corpus import Corpus, story_happenings
from storyline.link.vector_cache import StoreVectorCache
from storyline.models import DateInterval, Happening, Report, Story, to_dict
from storyline.store import open_store
from storyline.tell.agreement import find_discrepancies
from storyline.tell.timeline import build_timeline

ARTICLES = [f"a{i}" for i in range(8)]
DAY = DateInterval(dt.date(2020, 1, 1), dt.date(2020, 1, 1))


def plain(story: Story, happenings: list[Happening]) -> list[Happening]:
    """What ``build_timeline`` and ``find_discrepancies`` keep of the whole list."""
    in_story = set(story.article_ids)
    return [h for h in happenings if any(r.article_id in in_story for r in h.reports)]


def happening(i: int, authors: list[str]) -> Happening:
    reports = tuple(Report(a, k, 0, 1, "x") for k, a in enumerate(authors))
    return Happening(f"h{i}", DAY, "happened", "t", reports)


@settings(max_examples=200, deadline=None)
@given(
    reports=st.lists(st.lists(st.sampled_from(ARTICLES), max_size=4), max_size=30),
    stories=st.lists(st.lists(st.sampled_from(ARTICLES), max_size=5), max_size=6),
)
def test_the_plain_filter_per_story(reports: list[list[str]], stories: list[list[str]]) -> None:
    happenings = [happening(i, authors) for i, authors in enumerate(reports)]
    made = [Story(f"s{i}", "t", (), tuple(ids)) for i, ids in enumerate(stories)]
    found = story_happenings(made, happenings)
    assert found == [plain(story, happenings) for story in made]


def test_the_seed_timelines_from_the_story_happenings(seed_db: Path) -> None:
    with open_store(seed_db, readonly=True) as store:
        corpus = Corpus.load(store)
        corpus.vector_cache = StoreVectorCache(store)  # the kept vectors: read from the store
        stories, happenings = store.stories(), store.happenings()
        entities, duplicates = store.entities(), store.duplicates()
        assert stories and happenings

        def told(story: Story, given_list: list[Happening]) -> object:
            found = find_discrepancies(corpus, story, given_list, entities, duplicates)
            return to_dict((found, build_timeline(corpus, story, given_list, duplicates, found)))

        for story, own in zip(stories, story_happenings(stories, happenings), strict=True):
            assert told(story, own) == told(story, happenings)
