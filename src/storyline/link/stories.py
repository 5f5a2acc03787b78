"""Stories: events chained over months and years.

Two events are linked when they report a common happening (one article's summit is another's
background), or when their gists are close (cosine ≥ 0.45) and they share at least two key
entities that are not everywhere in the corpus. Links join stories only when the stories
themselves are close: the cosine of their centroids (events weighted by their articles) must
reach 0.45 for a shared happening and 0.6 for close events, which are weighed closest first.
On Timeline17's five topics pooled (2,639 articles) this gives one large story per topic
(topic purity 0.99) where joining every link had made one story of 2,483 articles; the bars
were chosen on those five topics.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

import numpy as np

from storyline.models import Entity, Event, Happening, Story

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

LINK_COSINE = 0.45
#: How close two stories' centroids must be for a link to join them: through close events
#: sharing entities, and through a happening both report.
STORY_COSINE = 0.6
HAPPENING_STORY_COSINE = 0.45
MIN_SHARED_ENTITIES = 2
KEY_ENTITIES = 6


def find_stories(
    corpus: Corpus,
    events: list[Event],
    happenings: list[Happening],
    entities: list[Entity],
    mention_entities: dict[tuple[str, int], str],
) -> list[Story]:
    from storyline.link.corpus import stable_id

    if not events:
        return []
    event_of = {a: e.id for e in events for a in e.article_ids}
    entities_of = _entities_by_event(events, mention_entities)
    ubiquitous = _ubiquitous(entities_of)
    parent = {e.id: e.id for e in events}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    vectors = {e.id: _event_vector(corpus, e) for e in events}
    # Each story keeps the sum of its events' vectors, weighted by their articles: a link
    # joins two stories only when the stories, not just the two events, are close (their
    # centroids' cosine clears the bar). Joining on single links alone chained every topic of
    # a mixed corpus into one story (Timeline17: 2,483 of 2,639 articles).
    totals = {e.id: vectors[e.id] * len(e.article_ids) for e in events}

    def join(a: str, b: str, bar: float) -> None:
        root_a, root_b = find(a), find(b)
        if root_a == root_b:
            return
        ca, cb = totals[root_a], totals[root_b]
        cosine = float(ca @ cb) / ((float(np.linalg.norm(ca)) * float(np.linalg.norm(cb))) or 1.0)
        if cosine >= bar:
            parent[root_b] = root_a
            totals[root_a] = ca + totals.pop(root_b)

    # A happening that two events both report links them, and is weighed first.
    for happening in happenings:
        linked = sorted(
            {event_of[r.article_id] for r in happening.reports if r.article_id in event_of}
        )
        for other in linked[1:]:
            join(linked[0], other, HAPPENING_STORY_COSINE)
    stacked = np.vstack([vectors[e.id] for e in events]).astype(np.float32)
    # Then close events sharing key entities, the closest first. Only pairs whose gists are
    # near the bar (one matrix product per block of events) are weighed.
    links: list[tuple[float, str, str]] = []
    for first in range(0, len(events), 512):
        rough = stacked[first : first + 512] @ stacked.T
        for row, col in zip(*np.nonzero(rough >= LINK_COSINE - 1e-3), strict=True):
            i, j = first + int(row), int(col)
            if j <= i:
                continue
            a, b = events[i], events[j]
            shared = (entities_of[a.id] & entities_of[b.id]) - ubiquitous
            cosine = float(vectors[a.id] @ vectors[b.id])
            if len(shared) >= MIN_SHARED_ENTITIES and cosine >= LINK_COSINE:
                links.append((cosine, a.id, b.id))
    for _cosine, a_id, b_id in sorted(links, key=lambda link: (-link[0], link[1], link[2])):
        join(a_id, b_id, STORY_COSINE)
    components: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        components[find(event.id)].append(event)
    names = {e.id: e for e in entities}
    stories = []
    for members in components.values():
        article_ids = sorted({a for e in members for a in e.article_ids})
        counts: Counter[str] = Counter()
        for event in members:
            counts.update(entities_of[event.id])
        key = [
            entity_id
            for entity_id, _ in sorted(
                counts.items(),
                key=lambda kv: (-kv[1], -names[kv[0]].mentions if kv[0] in names else 0, kv[0]),
            )
            if entity_id in names
            and names[entity_id].type in ("PERSON", "ORG", "GPE", "EVENT", "LOC")
        ][:KEY_ENTITIES]
        stories.append(
            Story(
                id=stable_id("st", *article_ids),
                title=_title(corpus, members, key, names),
                event_ids=tuple(sorted(e.id for e in members)),
                article_ids=tuple(article_ids),
                key_entities=tuple(key),
            )
        )
    return sorted(stories, key=lambda s: (-len(s.article_ids), s.id))


def _entities_by_event(
    events: list[Event], mention_entities: dict[tuple[str, int], str]
) -> dict[str, set[str]]:
    by_article: dict[str, set[str]] = defaultdict(set)
    for (article_id, _seq), entity_id in mention_entities.items():
        by_article[article_id].add(entity_id)
    return {e.id: set().union(*(by_article[a] for a in e.article_ids)) for e in events}


def _ubiquitous(entities_of: dict[str, set[str]]) -> set[str]:
    """Entities in more than half of the events of a large corpus say nothing about a story."""
    if len(entities_of) < 6:
        return set()
    counts: Counter[str] = Counter()
    for found in entities_of.values():
        counts.update(found)
    return {e for e, n in counts.items() if n > len(entities_of) / 2}


def _event_vector(corpus: Corpus, event: Event) -> np.ndarray:
    stacked = np.vstack([corpus.article_vector(a) for a in event.article_ids])
    mean = stacked.mean(axis=0)
    return np.asarray(mean / (float(np.linalg.norm(mean)) or 1.0))


def _title(corpus: Corpus, members: list[Event], key: list[str], names: dict[str, Entity]) -> str:
    """The title of the event with most articles, then the earliest; a single-event story
    keeps its article's title."""
    lead = max(
        members, key=lambda e: (len(e.article_ids), -(e.date.start.toordinal() if e.date else 0))
    )
    if len(members) == 1:
        return lead.title
    people = [names[k].name for k in key if names[k].type == "PERSON"][:2]
    places = [names[k].name for k in key if names[k].type in ("GPE", "LOC")][:2]
    # An uncertain publication interval counts by its best guess, so that an undated article
    # does not stretch the story's span to the day the corpus was collected.
    years = sorted(
        {(e.date.best or e.date.start).year for e in members if e.date}
        | {(e.date.best or e.date.end).year for e in members if e.date}
    )
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    # Where the key entities hold no person and no place (names in a language without an NER
    # model here are of no kind), the names themselves; where there are none, the lead's title.
    focus = ", ".join(people + places) or ", ".join(names[k].name for k in key[:3]) or lead.title
    return f"{focus} ({span})" if span else focus
