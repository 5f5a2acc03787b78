"""Every use case in one place: the CLI, the API and the web app call this and nothing else."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.build import BuildReport, run_build
from storyline.errors import StorylineError
from storyline.ingest.sources import SourceOptions
from storyline.ingest.types import RawInput
from storyline.models import (
    Article,
    Discrepancy,
    Entity,
    Event,
    Failure,
    Figure,
    Happening,
    Quote,
    Story,
    TimelineEntry,
    to_dict,
)
from storyline.pipeline import BuildOptions
from storyline.progress import Progress
from storyline.store import Store, open_store
from storyline.store.base import ArticleBrief, Hit
from storyline.tell.abstractive import AbstractiveConfig


class NotFound(StorylineError):
    """No article, event, entity or story with that id."""


@dataclass(frozen=True)
class StoryTimeline:
    story: Story
    entries: list[TimelineEntry]


#: What search looks through.
SEARCH_KINDS = ("article", "quote", "entry")
#: Words of a keyword query beyond this are ignored (a query is a few words, not a page).
MAX_QUERY_WORDS = 32


@dataclass(frozen=True)
class StorySummary:
    story: Story
    entries: int
    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True)
class StoryDetail:
    story: Story
    entries: list[TimelineEntry]
    discrepancies: dict[str, Discrepancy]
    entities: list[Entity]
    articles: dict[str, ArticleBrief]
    #: Disagreements beyond the ``DISCREPANCIES_SHOWN`` listed.
    more_discrepancies: int = 0


@dataclass(frozen=True)
class EntryDetail:
    story: Story
    seq: int
    entry: TimelineEntry
    happenings: list[Happening]
    discrepancies: list[Discrepancy]
    #: The sources shown side by side (at most ``SOURCE_COLUMNS``), whole.
    articles: list[Article]
    #: Every source of the entry, shown or not.
    briefs: dict[str, ArticleBrief]
    #: Quotes and figures inside the passages the entry rests on.
    quotes: list[Quote]
    figures: list[Figure]
    #: How many entries the story's timeline has (for previous / next links).
    entries_in_story: int
    #: Sources not shown side by side, in the order they would come next.
    more_sources: list[str] = field(default_factory=list)
    #: Disagreements of the entry beyond the ``DISCREPANCIES_SHOWN`` shown.
    more_discrepancies: int = 0


#: An entry reported by hundreds of articles (a much-covered day) shows this many side by side,
#: the cited ones first, then independent ones by date; the rest are listed. Loading every
#: source whole made the page take most of a second on the full Timeline17 store.
SOURCE_COLUMNS = 24
DISCREPANCIES_SHOWN = 30


@dataclass(frozen=True)
class EntityDetail:
    entity: Entity
    #: (month ``YYYY-MM`` or "" when undated, articles, mentions)
    appearances: list[tuple[str, int, int]]
    quotes: list[Quote]
    articles: list[ArticleBrief]
    stories: list[Story]
    #: Quotes of the entity beyond the ``QUOTES_SHOWN`` newest shown.
    more_quotes: int = 0


#: A much-quoted entity's page shows its newest quotes, this many.
QUOTES_SHOWN = 60


def meaning_text(kind: str, title: str, body: str) -> str:
    """What a search document's vector is computed from: an article by its headline and lead
    (the encoder reads 2,000 characters at most), a quote or an entry by its text."""
    if kind == "article":
        return f"{title}\n{body}"[:2000]
    return body[:2000]


class Storyline:
    """A storyline database and what can be done with it."""

    def __init__(self, db: str | os.PathLike[str], *, keep_readers: bool = False) -> None:
        """``keep_readers``: each thread keeps its read-only connection between calls (a
        server: opening a PostgreSQL connection per page cost more than most pages)."""
        self.db = os.fspath(db)
        self.keep_readers = keep_readers
        self._readers = threading.local()
        # Meaning search keeps the store's vectors in memory, reloaded when they change.
        self._lock = threading.Lock()
        self._vectors: tuple[str, list[tuple[str, str, str | None, str, str]], Any] | None = None
        self._speaker_index: tuple[str, dict[str, list[tuple[str, int]]]] | None = None

    @contextmanager
    def _open(self, readonly: bool = True) -> Iterator[Store]:
        if not (readonly and self.keep_readers):
            with open_store(self.db, readonly=readonly) as own:
                yield own
            return
        store: Store | None = getattr(self._readers, "store", None)
        if store is None:
            store = open_store(self.db, readonly=True)
            self._readers.store = store
        try:
            yield store
        except BaseException:
            # The connection may be what failed (a server restarted): the next call opens a
            # new one. Reopening after an ordinary error (a page not found) costs little.
            self._readers.store = None
            with suppress(Exception):
                store.close()
            raise

    def build(
        self,
        paths: Sequence[str],
        options: BuildOptions | None = None,
        progress: Progress | None = None,
        sources: SourceOptions | None = None,
    ) -> BuildReport:
        """Build ``paths`` (files, folders, addresses, feeds, archives, ``-``) into the store;
        ``sources`` says how they are read (column mapping, sidecar metadata, fetching)."""
        with self._open(readonly=False) as store:
            return run_build(store, paths, options or BuildOptions(), progress, sources=sources)

    def copy_to(
        self, target: str | os.PathLike[str], progress: Progress | None = None
    ) -> dict[str, int]:
        """Copy this store, whole, into the empty store at ``target`` (another file or a
        PostgreSQL URL); the number of rows copied per table."""
        from storyline.store.copy import copy_store

        if os.fspath(target) == self.db:
            raise StorylineError("the copy's target is its source: name another store")
        with self._open(readonly=True) as source, open_store(target) as destination:
            return copy_store(source, destination, progress)

    def stories(self) -> list[Story]:
        with self._open() as store:
            return store.stories()

    def timelines(self, story_id: str | None = None) -> list[StoryTimeline]:
        with self._open() as store:
            if story_id is not None:
                # By the indexed id, not by reading every story: a store of 100,000 articles
                # holds tens of thousands of stories.
                ids = store.find_stories(story_id)
                if story_id in ids:  # a whole id names its story, whatever it prefixes
                    ids = [story_id]
                if not ids:
                    raise NotFound(f"no story {story_id!r} (see `storyline timeline` for the list)")
                found = [store.story(i) for i in ids]
                order = {s.id: n for n, s in enumerate(store.stories())} if len(ids) > 1 else {}
                stories = sorted(
                    (s for s in found if s is not None), key=lambda s: order.get(s.id, 0)
                )
            else:
                stories = store.stories()
            return [StoryTimeline(s, store.timeline(s.id)) for s in stories]

    def abstractive_timelines(
        self, story_id: str | None, config: AbstractiveConfig, transport: Any = None
    ) -> tuple[list[StoryTimeline], list[str]]:
        """The timelines with each entry's summary rewritten through the configured
        OpenAI-compatible endpoint where it gave a usable answer (every generated sentence keeps
        the citations of the sentences it came from); the rest keep their extractive summary.
        Also: each entry that fell back, with the reason. ``transport`` is httpx's (tests)."""
        from storyline.tell.abstractive import rewrite_timeline

        told: list[StoryTimeline] = []
        fallbacks: list[str] = []
        for item in self.timelines(story_id):
            rewritten = rewrite_timeline(item.entries, config, transport)
            told.append(StoryTimeline(item.story, rewritten.entries))
            fallbacks.extend(f"{item.story.id} {reason}" for reason in rewritten.fallbacks)
        return told, fallbacks

    def article(self, article_id: str) -> dict[str, Any]:
        with self._open() as store:
            found = store.find_articles(article_id)
            if len(found) != 1:
                raise NotFound(_not_found("article", article_id, found))
            article = store.article(found[0])
            assert article is not None
            from storyline.models import Figure, Mention, TimeMention

            mention_entities = store.mention_entities(article.id)
            return {
                "article": article,
                "mentions": [
                    (m, mention_entities.get((article.id, i), ""))
                    for i, m in enumerate(store.extractions("mentions", Mention, article.id))
                ],
                "time_mentions": store.extractions("time_mentions", TimeMention, article.id),
                "quotes": store.extractions("quotes", Quote, article.id),
                "figures": store.extractions("figures", Figure, article.id),
                "duplicate_of": store.duplicate_of(article.id),
                "events": store.article_events(article.id),
                "stories": [
                    s for s in store.stories_naming(article.id) if article.id in s.article_ids
                ],
                "raw": store.raw_input(article.id),
            }

    def event(self, event_id: str) -> tuple[Event, list[Article]]:
        with self._open() as store:
            event = _one_event(store, event_id)
            return event, store.articles_by_id(event.article_ids)

    def event_briefs(self, event_id: str) -> tuple[Event, list[ArticleBrief]]:
        """The event and its articles' briefs (what a page lists, without the texts)."""
        with self._open() as store:
            event = _one_event(store, event_id)
            return event, store.article_briefs(event.article_ids)

    def entity(self, entity_id: str) -> tuple[Entity, list[Quote]]:
        with self._open() as store:
            found = store.find_entities(entity_id)
            if len(found) != 1:
                raise NotFound(_not_found("entity", entity_id, [e.id for e in found]))
            entity = found[0]
            return entity, store.speaker_quotes(entity.id)

    # -- what the web app and the API read (one store visit per page) ---------------------

    def story_detail(self, story_id: str) -> StoryDetail:
        with self._open() as store:
            story = _one_story(store, story_id)
            entries = store.timeline(story.id)
            discrepancies = {
                d.id: d for d in store.story_discrepancies(story.id, DISCREPANCIES_SHOWN)
            }
            entities = [e for e in (store.entity(i) for i in story.key_entities) if e]
            briefs = {b.id: b for b in store.article_briefs(story.article_ids)}
            more = 0
            if len(discrepancies) == DISCREPANCIES_SHOWN:
                more = store.story_discrepancy_count(story.id) - DISCREPANCIES_SHOWN
            return StoryDetail(story, entries, discrepancies, entities, briefs, more)

    def entry_detail(self, story_id: str, seq: int) -> EntryDetail:
        with self._open() as store:
            story = _one_story(store, story_id)
            entry = store.timeline_entry(story.id, seq)
            if entry is None:
                raise NotFound(f"story {story.id} has no timeline entry {seq}")
            happenings = store.happenings_by_id(entry.happening_ids)
            discrepancies = store.discrepancies_by_id(entry.discrepancy_ids[:DISCREPANCIES_SHOWN])
            briefs = {b.id: b for b in store.article_briefs(entry.sources)}
            order = _sources_in_order(entry, briefs)
            shown = set(order[:SOURCE_COLUMNS])
            articles = store.articles_by_id([a for a in entry.sources if a in shown])
            # The passages the entry rests on: its citations and its happenings' reports.
            passages: dict[str, list[tuple[int, int]]] = {}
            for sentence in entry.summary:
                for c in sentence.citations:
                    passages.setdefault(c.article, []).append((c.start, c.end))
            for happening in happenings:
                for r in happening.reports:
                    passages.setdefault(r.article_id, []).append((r.start, r.end))
            # Quotes and figures from the shown sources (a happening may also have been
            # reported by articles outside the story).
            inside = {a: spans for a, spans in passages.items() if a in shown}
            quotes = store.extractions_within("quotes", Quote, inside)
            figures = store.extractions_within("figures", Figure, inside)
            return EntryDetail(
                story,
                seq,
                entry,
                happenings,
                discrepancies,
                articles,
                briefs,
                quotes,
                figures,
                store.timeline_length(story.id),
                more_sources=order[SOURCE_COLUMNS:],
                more_discrepancies=max(0, len(entry.discrepancy_ids) - DISCREPANCIES_SHOWN),
            )

    def article_briefs(self, ids: Sequence[str]) -> list[ArticleBrief]:
        with self._open() as store:
            return store.article_briefs(ids)

    def article_ids_for(self, sources: Sequence[str]) -> list[str]:
        """The articles these inputs (paths, addresses, API names) were read into."""
        with self._open() as store:
            found = (store.source_hash(source) for source in sources)
            return [f[0] for f in found if f is not None]

    def vectors_missing(self) -> int:
        """Search documents still without a sentence vector."""
        with self._open() as store:
            return store.vectors_missing()

    def entity_detail(self, entity_id: str) -> EntityDetail:
        with self._open() as store:
            found = store.find_entities(entity_id)
            if len(found) != 1:
                raise NotFound(_not_found("entity", entity_id, [e.id for e in found]))
            entity = found[0]
            briefs = store.article_briefs(entity.articles)
            briefs.sort(key=lambda b: (b.published_start or "9999", b.id))
            # The newest quotes first, at most QUOTES_SHOWN of them.
            newest = {b.id: -rank for rank, b in enumerate(briefs)}
            keys = sorted(
                self._speakers(store).get(entity.id, []),
                key=lambda k: (newest.get(k[0], 1), k[1]),
            )
            shown = store.quotes_by_key(keys[:QUOTES_SHOWN])
            quotes = [replace(q, speaker_entity=entity.id) for q in shown]
            stories = [s for s in store.stories_naming(entity.id) if entity.id in s.key_entities]
            return EntityDetail(
                entity,
                store.entity_appearances(entity.id),
                quotes,
                briefs,
                stories,
                more_quotes=max(0, len(keys) - QUOTES_SHOWN),
            )

    def _speakers(self, store: Store) -> dict[str, list[tuple[str, int]]]:
        """Who said what across the store, computed once per state of the store (a page
        would otherwise scan every mention of a much-quoted entity's articles)."""
        generation = store.search_generation()
        with self._lock:
            if self._speaker_index is None or self._speaker_index[0] != generation:
                self._speaker_index = (generation, store.speaker_index())
            return self._speaker_index[1]

    def warm(self) -> None:
        """Compute what pages keep in memory (the speaker index), so no visitor waits."""
        with self._open() as store:
            self._speakers(store)

    def failures(self) -> list[Failure]:
        """The inputs and articles that could not be built, with their reasons, as the last
        builds recorded them."""
        with self._open() as store:
            return sorted(store.failures(), key=lambda f: (f.source, f.stage))

    def story_summaries(self) -> list[StorySummary]:
        with self._open() as store:
            result = []
            for story in store.stories():
                entries = store.timeline(story.id)
                dates = [e.date for e in entries]
                result.append(
                    StorySummary(
                        story,
                        len(entries),
                        min((d.start for d in dates), default=None),
                        max((d.end for d in dates), default=None),
                    )
                )
            return result

    def search(
        self,
        query: str,
        *,
        mode: str = "keyword",
        kinds: Sequence[str] = SEARCH_KINDS,
        limit: int = 20,
    ) -> list[Hit]:
        """Articles, quotes and timeline entries that match ``query``: by its words
        (``keyword``: full-text search in the store) or by what it means (``meaning``: cosine
        of multilingual sentence vectors, so a Spanish query finds English text)."""
        import re

        kinds = [k for k in kinds if k in SEARCH_KINDS]
        if mode == "keyword":
            words = re.findall(r"\w+", query)[:MAX_QUERY_WORDS]
            with self._open() as store:
                return store.search_keyword(words, kinds, limit)
        if mode == "meaning":
            return self._meaning(query, kinds, limit)
        raise StorylineError(f"unknown search mode {mode!r} (keyword, meaning)")

    def index_meaning(self, batch: int = 256) -> int:
        """Compute the sentence vectors that meaning search lacks; how many were added. Runs
        in batches, each committed, so it can stop and resume at any point."""
        import numpy as np

        from storyline.link.embeddings import embed
        from storyline.store.base import doc_hash

        added = 0
        with self._open(readonly=False) as store:
            while True:
                docs = store.docs_to_embed(batch)
                if not docs:
                    return added
                vectors = embed([meaning_text(kind, title, body) for _, kind, title, body in docs])
                rows = [
                    (doc_id, doc_hash(title, body), np.asarray(v, dtype=np.float32).tobytes())
                    for (doc_id, _, title, body), v in zip(docs, vectors, strict=True)
                ]
                with store.transaction():
                    store.put_vectors(rows)
                added += len(rows)

    def _meaning(self, query: str, kinds: Sequence[str], limit: int) -> list[Hit]:
        import numpy as np

        from storyline.link.embeddings import embed

        if not query.strip() or not kinds:
            return []
        with self._open() as store:
            generation = store.search_generation()
            with self._lock:
                cached = self._vectors
                if cached is None or cached[0] != generation:
                    rows = store.doc_vectors()
                    matrix = np.frombuffer(b"".join(r[5] for r in rows), dtype=np.float32)
                    # No vector yet (indexing has not run): an empty 0×0 matrix.
                    shape = (len(rows), -1) if rows else (0, 0)
                    cached = (generation, [r[:5] for r in rows], matrix.reshape(shape))
                    self._vectors = cached
        _, docs, matrix = cached
        if not docs:
            return []
        scores = matrix @ embed([query])[0]
        allowed = np.array([d[0] in kinds for d in docs])
        scores = np.where(allowed, scores, -2.0)
        best = np.argsort(-scores)[:limit]
        return [
            Hit(docs[i][0], docs[i][1], docs[i][2], docs[i][3], docs[i][4], float(scores[i]))
            for i in best
            if scores[i] > -2.0
        ]

    def add(self, inputs: Sequence[RawInput], options: BuildOptions | None = None) -> BuildReport:
        """Build these inputs into the store (the per-article stages for what is new, then the
        corpus stages), then give the new search documents their vectors."""
        options = options or BuildOptions(workers=1)
        with self._open(readonly=False) as store:
            report = run_build(store, [], options, inputs=list(inputs))
        self.index_meaning()
        return report

    def export(self, fmt: str) -> str:
        """The whole store as JSON (the documented contract), Markdown or self-contained HTML."""
        import json

        with self._open() as store:
            from storyline.tell.export import build_export

            doc = build_export(store)
        if fmt == "json":
            return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        if fmt == "markdown":
            from storyline.tell.render_markdown import render_markdown

            return str(render_markdown(doc))
        if fmt == "html":
            from storyline.tell.render_html import render_html

            return str(render_html(doc))
        if fmt == "timelinejs":
            from storyline.tell.export_timelinejs import timelinejs

            return json.dumps(timelinejs(doc), ensure_ascii=False, indent=2) + "\n"
        if fmt == "gexf":
            from storyline.tell.export_gexf import gexf

            return gexf(doc)
        raise StorylineError(
            f"unknown export format {fmt!r} (json, markdown, html, timelinejs, gexf;"
            " csv and parquet write a folder of tables)"
        )

    def export_tables(self, fmt: str, folder: str | os.PathLike[str]) -> list[str]:
        """The tables (articles, entities, quotes, figures, timeline) as CSV or Parquet files
        in ``folder``; the paths written."""
        from pathlib import Path

        from storyline.tell.export_tables import write_csv, write_parquet

        doc = self.export_dict()
        if fmt == "csv":
            return [str(p) for p in write_csv(doc, Path(folder))]
        if fmt == "parquet":
            return [str(p) for p in write_parquet(doc, Path(folder))]
        raise StorylineError(f"unknown table format {fmt!r} (csv, parquet)")

    def export_dict(self) -> dict[str, Any]:
        with self._open() as store:
            from storyline.tell.export import build_export

            return build_export(store)


def _sources_in_order(entry: TimelineEntry, briefs: dict[str, ArticleBrief]) -> list[str]:
    """The entry's sources in the order a reader wants them: the cited ones, then the
    independent ones, then copies, each by publication date."""
    cited = {c.article for sentence in entry.summary for c in sentence.citations}
    known = [a for a in entry.sources if a in briefs]
    return sorted(
        known,
        key=lambda a: (
            a not in cited,
            briefs[a].duplicate_of is not None,
            briefs[a].published_start or "9999",
            a,
        ),
    )


def _one_event(store: Store, event_id: str) -> Event:
    found = store.find_events(event_id)
    if len(found) != 1:
        raise NotFound(_not_found("event", event_id, found))
    event = store.event(found[0])
    assert event is not None
    return event


def _one_story(store: Store, story_id: str) -> Story:
    found = store.find_stories(story_id)
    exact = [f for f in found if f == story_id]
    if len(exact) == 1:
        found = exact
    if len(found) != 1:
        raise NotFound(_not_found("story", story_id, found))
    story = store.story(found[0])
    assert story is not None
    return story


def _not_found(kind: str, wanted: str, found: Sequence[str]) -> str:
    if found:
        return f"{kind} id {wanted!r} is ambiguous: {', '.join(found[:5])}"
    return f"no {kind} {wanted!r}"


def jsonable(obj: Any) -> Any:
    return to_dict(obj)
