"""What the store keeps so that one more article can be linked without reading the corpus.

A full link (every corpus stage over every article) writes it; each incremental link adds to
it. Per kind of ``link_state`` row:

- ``article``: the article's gist vector, its publication day (``start``), and in ``data``
  the happenings it reports (a story's timeline is rebuilt from these) and their spans;
- ``event``: the centroid of its articles' gists, its date span, and in ``data`` its number of
  articles and its specifics (names and numbers) that a joining article must share;
- ``story``: the sum of its events' vectors weighted by their articles (as stories are joined),
  and in ``data`` its events;
- ``happening``: the mean of its reports' sentence vectors, its date span, its report count;
- ``specifics``: the article's specifics as hashes (``duplicates.specifics_key``, in the
  vector column), so that rewrite candidates are weighed without reading their texts;
- ``dating``: what dating a new article among its closest ones reads of each without its
  text and extractions: its distinct words and their counts (``dating_similar.words_to_bytes``,
  in the vector column) and in ``data`` its date, the months its dates start in
  (``dating.date_months``), what its sentences say happened on which day, and its dates that
  a month named without its year elsewhere is matched with, with their sentences and place
  names (``dating.month_reports``): its time expressions, sentences and names are read only
  where its text may say when someone took office (or its row was written before it kept
  these).

``link_bands`` keeps each article's MinHash LSH band keys and exact-text key.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson

from storyline.link.dating import (
    ALL_MONTHS,
    PlaceNames,
    date_months,
    month_reports,
    names_a_tenure,
)
from storyline.link.dating_happenings import DatedSentence, happened_sentences
from storyline.link.dating_similar import text_words, votes, words_from_bytes, words_to_bytes
from storyline.link.duplicates import specifics_key
from storyline.link.embeddings import Vectors
from storyline.models import Event, Happening, Story, to_dict

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus
    from storyline.store import Store
    from storyline.store.base import LinkRow

#: Changes when what is kept changes: a store with another version is linked in full again.
LINK_VERSION = "1"


def to_bytes(vector: Vectors) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | None) -> Vectors:
    return np.frombuffer(data or b"", dtype=np.float32)


def unit(vector: Vectors) -> Vectors:
    return np.asarray(vector / (float(np.linalg.norm(vector)) or 1.0), dtype=np.float32)


def article_day(corpus: Corpus, article_id: str) -> str | None:
    interval = corpus.articles[article_id].published.interval
    return (interval.best or interval.start).isoformat() if interval else None


def event_specifics(corpus: Corpus, event: Event) -> list[str]:
    found: set[str] = set()
    for article_id in event.article_ids:
        found |= corpus.specifics(article_id)
    return sorted(found)


def happening_vector(corpus: Corpus, happening: Happening) -> Vectors:
    stacked = np.vstack(
        [corpus.sentence_vector(r.article_id, r.sentence) for r in happening.reports]
    )
    return unit(stacked.mean(axis=0))


def save_link_state(
    store: Store,
    corpus: Corpus,
    events: Sequence[Event],
    stories: Sequence[Story],
    happenings: Sequence[Happening],
) -> None:
    """Write the state of a full link (inside its transaction; the tables were emptied)."""
    reported: dict[str, list[Happening]] = defaultdict(list)
    for happening in happenings:
        for article_id in dict.fromkeys(r.article_id for r in happening.reports):
            reported[article_id].append(happening)
    store.put_link_state(
        "article",
        [
            (
                a,
                article_day(corpus, a),
                None,
                to_bytes(corpus.article_vector(a)),
                article_data(reported.get(a, [])),
            )
            for a in corpus.articles
        ],
    )
    store.put_link_state(
        "specifics",
        [(a, None, None, specifics_key(corpus.specifics(a)), "") for a in corpus.articles],
    )
    store.put_link_state("dating", [dating_row(corpus, a) for a in corpus.articles])
    store.put_link_bands(
        [(k, a) for a, keys in corpus.band_keys.items() for k in keys]
        + [(corpus.exact_key(a), a) for a in corpus.articles]
    )
    event_vectors: dict[str, Vectors] = {}
    rows = []
    for event in events:
        vector = unit(np.vstack([corpus.article_vector(a) for a in event.article_ids]).mean(axis=0))
        event_vectors[event.id] = vector
        data = {"articles": len(event.article_ids), "specifics": event_specifics(corpus, event)}
        start = event.date.start.isoformat() if event.date else None
        stop = event.date.end.isoformat() if event.date else None
        rows.append((event.id, start, stop, to_bytes(vector), json.dumps(data)))
    store.put_link_state("event", rows)
    sizes = {e.id: len(e.article_ids) for e in events}
    store.put_link_state(
        "story",
        [
            (
                story.id,
                None,
                None,
                to_bytes(np.sum([event_vectors[e] * sizes[e] for e in story.event_ids], axis=0)),
                story_data(story),
            )
            for story in stories
        ],
    )
    store.put_link_state(
        "happening",
        [happening_row(h, happening_vector(corpus, h), len(h.reports)) for h in happenings],
    )


def dating_row(corpus: Corpus, article_id: str) -> LinkRow:
    """The article's ``dating`` row: its words; and in its data the months its dates start
    in (as its time expressions now read, after its own dating), its date (interval and
    provenance: the evidence is not read by dating others), whether it may say when someone
    took office, a digest of its text, if its day is stated what its sentences say happened
    on which day, and its month reports (``dating.month_reports``). Dating a new article
    among it then reads its text, sentences and names only where its text may say when
    someone took office."""
    article = corpus.articles[article_id]
    happened = happened_sentences(corpus, article_id) if votes(article) else []
    data = {
        "months": sorted(date_months(corpus.time_mentions[article_id])),
        "published": to_dict(replace(article.published, evidence=())),
        "tenure": names_a_tenure(article),
        "text": corpus.text_digest(article_id),
        # What its sentences say happened on which day (``dating_happenings``), as words.
        "happened": [
            [day, base64.b64encode(words_to_bytes(text)).decode()] for day, text in happened
        ],
        # Its dates that a month named without its year elsewhere is matched with.
        "reports": [
            r.kept() for r in month_reports(corpus, article_id, ALL_MONTHS, PlaceNames(corpus))
        ],
    }
    # Its day in ``start`` if it votes in dating others: the linker finds those by index.
    interval = article.published.interval
    day = interval.start.isoformat() if interval is not None and votes(article) else None
    return (article_id, day, None, text_words(article.text), json.dumps(data))


def dated_sentences_of(article_id: str, data: dict[str, Any]) -> list[DatedSentence] | None:
    """The dated sentences a ``dating`` row's data keeps (None: a row written before it kept
    them)."""
    kept = data.get("happened")
    if kept is None:
        return None
    return [
        DatedSentence(words_from_bytes(base64.b64decode(words)), day, article_id)
        for day, words in kept
    ]


def happening_row(happening: Happening, vector: Vectors, reports: int) -> LinkRow:
    return (
        happening.id,
        happening.date.start.isoformat(),
        happening.date.end.isoformat(),
        to_bytes(vector),
        json.dumps({"reports": reports}),
    )


def happening_state(
    start: str, stop: str, data: bytes | None, extra: str
) -> tuple[int, int, Vectors, int]:
    """A happening's row (:func:`happening_row`, less its id) as lookups take it: its span as
    day ordinals, its mean report vector, its number of reports."""
    return (
        dt.date.fromisoformat(start).toordinal(),
        dt.date.fromisoformat(stop).toordinal(),
        from_bytes(data),
        int(read_data(extra).get("reports", 1)),
    )


def article_data(happenings: Sequence[Happening]) -> str:
    """An article's ``data`` in the link state: the happenings it reports and their spans
    when it was linked. A happening's span only narrows as reports join it, so a kept span
    can rule a happening out of a lookup but never wrongly in."""
    return json.dumps(
        {
            "happenings": [h.id for h in happenings],
            "spans": [[h.date.start.isoformat(), h.date.end.isoformat()] for h in happenings],
        }
    )


def read_data(data: str | None) -> dict[str, Any]:
    """A link-state row's ``data`` as a dict (empty when the row has none). orjson reads
    what ``json`` wrote here a few times faster: an incremental link reads thousands of these
    rows (its nearest articles', the happenings they report)."""
    found: dict[str, Any] = orjson.loads(data or "{}")
    return found


def story_data(story: Story) -> str:
    """A story's ``data`` in the link state: its events (the linker maps each event to its
    story from these, without reading every story's article list)."""
    return json.dumps({"events": list(story.event_ids)})
