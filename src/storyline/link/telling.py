"""The corpus's stories told: each story's discrepancies and timeline.

Telling is the last corpus stage and reads only what the stages before it found; writing
those findings to the store (entities, events, happenings, stories, the link state) does not
need the timelines either. Both ran one after the other on one core, the other idle. A build
now tells the stories in a forked child (``link.forked``) while it writes the rest, then
writes the timelines the child sends back, in the same transaction.

The child must not use its parent's database connection, so it reads the sentence vectors
the store keeps through a connection of its own (:meth:`Store.reader`), and hands back the
vectors it embedded for the parent to keep: the store ends up holding what telling in turn
leaves in it, and the timelines are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.link.embeddings import Vectors
from storyline.link.vector_cache import StoreVectorCache
from storyline.models import Discrepancy, Duplicate, Entity, Happening, Story, TimelineEntry

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus
    from storyline.store.base import Store


@dataclass
class Told:
    """Every story's timeline (by story id) and discrepancies, and the sentence vectors
    telling embedded and has not kept in the store."""

    timelines: dict[str, Sequence[TimelineEntry]]
    discrepancies: list[Discrepancy]
    unkept_vectors: dict[str, Vectors] = field(default_factory=dict)


def tell_stories(
    corpus: Corpus,
    stories: Sequence[Story],
    happenings: Sequence[Happening],
    entities: list[Entity],
    duplicates: list[Duplicate],
    tick: Callable[[], None] = lambda: None,
) -> Told:
    """Each story's discrepancies and timeline, from its own happenings (``tick`` after each
    story)."""
    from storyline.link.corpus import story_happenings
    from storyline.tell.agreement import find_discrepancies, name_pairs
    from storyline.tell.timeline import build_timeline

    timelines: dict[str, Sequence[TimelineEntry]] = {}
    discrepancies: list[Discrepancy] = []
    pairs = name_pairs(entities)
    for story, told in zip(stories, story_happenings(stories, happenings), strict=True):
        found = find_discrepancies(corpus, story, told, entities, duplicates, pairs)
        discrepancies.extend(found)
        timelines[story.id] = build_timeline(corpus, story, told, duplicates, found)
        tick()
    return Told(timelines, discrepancies)


class _ReadHereKeptThere:
    """A vector cache that reads what ``store`` keeps and holds what is put in it (for the
    process that owns the store's writing connection to keep)."""

    def __init__(self, store: Store) -> None:
        self._kept = StoreVectorCache(store)
        self.put_here: dict[str, Vectors] = {}

    def get(self, texts: Sequence[str]) -> dict[str, Vectors]:
        return self._kept.get(texts)

    def put(self, vectors: dict[str, Vectors]) -> None:
        self.put_here.update(vectors)


def tell_stories_apart(
    corpus: Corpus,
    store: Store,
    stories: Sequence[Story],
    happenings: Sequence[Happening],
    entities: list[Entity],
    duplicates: list[Duplicate],
) -> Told:
    """:func:`tell_stories` through a connection of its own to ``store`` (as a forked child
    must), the vectors it embedded handed back rather than kept."""
    reader = store.reader()
    own_cache = corpus.vector_cache
    cache = _ReadHereKeptThere(reader)
    corpus.vector_cache = cache
    try:
        told = tell_stories(corpus, stories, happenings, entities, duplicates)
    finally:
        corpus.vector_cache = own_cache
        reader.close()
    told.unkept_vectors = cache.put_here
    return told
