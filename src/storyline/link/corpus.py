"""The corpus stages, in order: dating from other articles, entities, duplicates, events,
happenings, stories, timelines with agreement. They read every article's analysis from the
store, and write their whole output back in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline.link.embeddings import Vectors, embed
from storyline.models import (
    Article,
    Figure,
    Mention,
    Quote,
    Sentence,
    TimelineEntry,
    TimeMention,
)
from storyline.pipeline import BuildOptions
from storyline.progress import Progress, SilentProgress
from storyline.store import Store

CORPUS_VERSION = "1"


@dataclass
class Corpus:
    """Everything the per-article stages produced, keyed by article id (in id order)."""

    articles: dict[str, Article]
    sentences: dict[str, list[Sentence]]
    mentions: dict[str, list[Mention]]
    time_mentions: dict[str, list[TimeMention]]
    quotes: dict[str, list[Quote]]
    figures: dict[str, list[Figure]]
    _sentence_vectors: dict[str, Vectors] = field(default_factory=dict)
    _article_vectors: dict[str, Vectors] = field(default_factory=dict)
    _one_sentence: dict[tuple[str, int], Vectors] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store) -> Corpus:
        articles = {a.id: a for a in sorted(store.articles(), key=lambda a: a.id)}

        def by_article(kind: str, model: type[Any]) -> dict[str, list[Any]]:
            grouped: dict[str, list[Any]] = {a: [] for a in articles}
            item: Any
            for item in store.extractions(kind, model):
                if item.article_id in grouped:
                    grouped[item.article_id].append(item)
            return grouped

        return cls(
            articles=articles,
            sentences={a: store.sentences(a) for a in articles},
            mentions=by_article("mentions", Mention),
            time_mentions=by_article("time_mentions", TimeMention),
            quotes=by_article("quotes", Quote),
            figures=by_article("figures", Figure),
        )

    def sentence_vectors(self, article_id: str) -> Vectors:
        """Embeddings of the article's sentences (computed once)."""
        if article_id not in self._sentence_vectors:
            texts = [s.text for s in self.sentences.get(article_id, [])]
            self._sentence_vectors[article_id] = embed(texts)
        return self._sentence_vectors[article_id]

    def sentence_vector(self, article_id: str, index: int) -> Vectors:
        """One sentence's embedding, without embedding the rest of its article."""
        if article_id in self._sentence_vectors:
            return np.asarray(self._sentence_vectors[article_id][index], dtype=np.float32)
        key = (article_id, index)
        if key not in self._one_sentence:
            self.prefetch_sentences([key])
        return self._one_sentence[key]

    def prefetch_sentences(self, keys: Sequence[tuple[str, int]]) -> None:
        """Embed just these (article id, sentence index) pairs, in one batch."""
        missing = sorted(
            {k for k in keys if k not in self._one_sentence and k[0] not in self._sentence_vectors}
        )
        vectors = embed([self.sentences[a][i].text for a, i in missing])
        for key, vector in zip(missing, vectors, strict=True):
            self._one_sentence[key] = vector

    def article_vector(self, article_id: str) -> Vectors:
        """An article's gist: the mean of its title's and first sentences' vectors."""
        if article_id not in self._article_vectors:
            vectors = self.sentence_vectors(article_id)[:6]
            title = embed([self.articles[article_id].title])
            stacked = np.vstack([title, vectors]) if len(vectors) else title
            mean = stacked.mean(axis=0)
            norm = float(np.linalg.norm(mean)) or 1.0
            self._article_vectors[article_id] = (mean / norm).astype(np.float32)
        return self._article_vectors[article_id]

    def prefetch(self, article_ids: Sequence[str]) -> None:
        """Embed many articles' sentences in large batches (much faster than one by one)."""
        missing = [a for a in article_ids if a not in self._sentence_vectors]
        texts = [s.text for a in missing for s in self.sentences.get(a, [])]
        vectors = embed(texts)
        pos = 0
        for article_id in missing:
            n = len(self.sentences.get(article_id, []))
            self._sentence_vectors[article_id] = vectors[pos : pos + n]
            pos += n


def stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]
    return f"{prefix}-{digest}"


def build_corpus(
    store: Store, options: BuildOptions, progress: Progress | None = None
) -> None:
    """Run every corpus stage over the store and write the results."""
    from storyline.link.dating import refine_dates
    from storyline.link.duplicates import find_duplicates
    from storyline.link.entities import resolve_entities
    from storyline.link.events import cluster_events
    from storyline.link.happenings import find_happenings
    from storyline.link.stories import find_stories
    from storyline.tell.agreement import find_discrepancies
    from storyline.tell.timeline import build_timeline

    progress = progress or SilentProgress()
    corpus = Corpus.load(store)
    with progress.stage("dating", len(corpus.articles)) as tick:
        changed = refine_dates(corpus, options)
        with store.transaction():
            for article_id in changed:
                article = corpus.articles[article_id]
                store.update_published(article_id, article.published)
                store.put_extractions(article_id, "time_mentions", corpus.time_mentions[article_id])
                store.put_extractions(article_id, "figures", corpus.figures[article_id])
        tick(len(corpus.articles))
    with progress.stage("embed", len(corpus.articles)) as tick:
        corpus.prefetch(list(corpus.articles))
        tick(len(corpus.articles))
    with progress.stage("entities", 1) as tick:
        entities, mention_entities = resolve_entities(corpus)
        tick()
    with progress.stage("duplicates", 1) as tick:
        duplicates = find_duplicates(corpus)
        tick()
    with progress.stage("events", 1) as tick:
        events = cluster_events(corpus, duplicates)
        tick()
    with progress.stage("happenings", 1) as tick:
        happenings = find_happenings(corpus, mention_entities, duplicates)
        tick()
    with progress.stage("stories", 1) as tick:
        stories = find_stories(corpus, events, happenings, entities, mention_entities)
        tick()
    with progress.stage("timelines", len(stories)) as tick:
        timelines: dict[str, Sequence[TimelineEntry]] = {}
        discrepancies = []
        for story in stories:
            found = find_discrepancies(corpus, story, happenings, entities, duplicates)
            discrepancies.extend(found)
            timelines[story.id] = build_timeline(corpus, story, happenings, duplicates, found)
            tick()
    from storyline.build import _corpus_fingerprint

    with store.transaction():
        store.replace_corpus(
            entities=entities,
            mention_entities=[(a, seq, e) for (a, seq), e in sorted(mention_entities.items())],
            duplicates=duplicates,
            events=events,
            happenings=happenings,
            stories=stories,
            timelines=timelines,
            discrepancies=discrepancies,
            state={"fingerprint": _corpus_fingerprint(store), "version": CORPUS_VERSION},
        )
