"""Coverage events: articles about the same happening.

Articles arrive in publication order and each joins the event it fits best or starts a new one,
so adding an article never reshuffles the events before it. An article joins an event when it
depends on one of its articles or one of them depends on it (a copy, rewrite or
translation), or when its gist is close to
the event's (cosine ≥ 0.72), it shares specifics (names, numbers) with the event's articles,
and their dates can be the same week. Gists alone are not enough: two articles on one topic
(a summit and a ministerial meeting on migration) are as close as two on one event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from storyline.link.duplicates import shared_specifics
from storyline.link.embeddings import DIMENSIONS
from storyline.models import Article, DateInterval, Duplicate, Event

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

JOIN_COSINE = 0.72
JOIN_SPECIFICS = 0.4
MAX_GAP = dt.timedelta(days=7)


@dataclass
class _Open:
    article_ids: list[str]
    centroid: np.ndarray
    date: DateInterval | None
    members: set[str] = field(default_factory=set)
    specifics: set[str] = field(default_factory=set)
    row: int = 0


def publication_order(article: Article) -> tuple[str, str]:
    interval = article.published.interval
    day = (interval.best or interval.start).isoformat() if interval else "9999-12-31"
    return (day, article.id)


def cluster_events(corpus: Corpus, duplicates: list[Duplicate]) -> list[Event]:
    from storyline.link.corpus import stable_id

    # A copy and its original share an event whichever comes first in publication order
    # (dated alike, the original may sort after its copy).
    partners: dict[str, list[str]] = {}
    for d in duplicates:
        partners.setdefault(d.article_id, []).append(d.original_id)
        partners.setdefault(d.original_id, []).append(d.article_id)
    ordered = sorted(corpus.articles.values(), key=publication_order)
    events: list[_Open] = []
    event_of: dict[str, _Open] = {}
    # The centroids stacked (row k is events[k]'s), so that one product scores every event.
    centroids = np.zeros((max(1, len(ordered)), DIMENSIONS), dtype=np.float32)
    for article in ordered:
        vector = corpus.article_vector(article.id)
        date = article.published.interval
        found = corpus.specifics(article.id)
        target = next((event_of[p] for p in partners.get(article.id, ()) if p in event_of), None)
        if target is None:
            target = _closest(events, centroids[: len(events)] @ vector, vector, date, found)
        if target is None:
            target = _Open([article.id], vector.copy(), date, {article.id}, set(found))
            target.row = len(events)
            centroids[target.row] = target.centroid
            events.append(target)
            event_of[article.id] = target
            continue
        target.article_ids.append(article.id)
        target.members.add(article.id)
        event_of[article.id] = target
        target.specifics |= found
        n = len(target.article_ids)
        target.centroid = (target.centroid * (n - 1) + vector) / n
        target.centroid /= float(np.linalg.norm(target.centroid)) or 1.0
        centroids[target.row] = target.centroid
        target.date = _hull(target.date, date)
    result = []
    for event in events:
        first = corpus.articles[event.article_ids[0]]
        result.append(
            Event(
                id=stable_id("ev", *sorted(event.article_ids)),
                article_ids=tuple(sorted(event.article_ids)),
                title=first.title,
                date=event.date,
            )
        )
    return sorted(result, key=lambda e: e.id)


def _closest(
    events: list[_Open],
    rough: np.ndarray,
    vector: np.ndarray,
    date: DateInterval | None,
    found: frozenset[str],
) -> _Open | None:
    """The best-scoring event the article may join. ``rough`` holds every event's cosine
    from one matrix product: events well under the bar are passed over unread, the others
    scored exactly as before."""
    best, best_score = None, JOIN_COSINE
    for position in np.flatnonzero(rough >= JOIN_COSINE - 1e-3):
        event = events[int(position)]
        if not _near_in_time(event.date, date):
            continue
        if shared_specifics(found, frozenset(event.specifics)) < JOIN_SPECIFICS:
            continue
        score = float(event.centroid @ vector)
        if score >= best_score:
            best, best_score = event, score
    return best


def _near_in_time(a: DateInterval | None, b: DateInterval | None) -> bool:
    if a is None or b is None:
        return True
    return a.start - MAX_GAP <= b.end and b.start - MAX_GAP <= a.end


def _hull(a: DateInterval | None, b: DateInterval | None) -> DateInterval | None:
    if a is None or b is None:
        return a or b
    return DateInterval(min(a.start, b.start), max(a.end, b.end), "day" if a == b else "week")
