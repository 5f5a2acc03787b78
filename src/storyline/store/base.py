"""What every backend shares: the store's interface, the model ↔ row mapping, the JSON ``data``
columns and every query's logic. A backend adds only its dialect: how to connect, run a
statement, open a transaction, record the schema version, hold the build lock, and the few
statements whose spelling differs (replace-a-row, prefix match).

Queries here are written once with ``?`` placeholders and double-quoted ``"end"`` (reserved in
PostgreSQL); a backend translates placeholders if its driver needs to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar

import orjson

from storyline.errors import BuildLockedError, StoreError
from storyline.models import (
    Article,
    Discrepancy,
    Duplicate,
    Entity,
    Event,
    Failure,
    Happening,
    PublicationDate,
    Quote,
    Sentence,
    Story,
    TimelineEntry,
    from_dict,
)
from storyline.store.schema import MIGRATIONS, Dialect

T = TypeVar("T")
Row = tuple[Any, ...]
Params = Sequence[Any]

#: The corpus tables, emptied and refilled by each corpus run.
CORPUS_TABLES = (
    "entities",
    "entity_mentions",
    "duplicates",
    "events",
    "event_articles",
    "happenings",
    "stories",
    "timeline_entries",
    "discrepancies",
    "link_state",
    "link_bands",
)


#: ``corpus_state`` key of a digest chained over every write of happenings' link state (each
#: write's digest covers the one before it and the rows written, in id order): a copy of that
#: state kept outside the store (``link/happening_file.py``) is the store's while its digest is
#: this one. Chained, not random, so that two builds of the same corpus leave the same store.
HAPPENING_STATE_KEY = "happening_state"


#: The place after the last story's: one lookup in the index on ``seq`` (migration 6).
NEXT_STORY_SEQ = "SELECT COALESCE(MAX(seq), -1) + 1 FROM stories"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


#: Dicts' keys sorted (a row's text does not depend on the order a dict was filled in), keys
#: that are not strings written as strings and numpy's numbers as numbers, as ``json`` did.
_DUMP_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def dump(obj: Any) -> str:
    """A model object as the JSON text of a ``data`` column. orjson walks the dataclasses
    itself (fields in their order, dates as ISO strings, tuples as lists: the JSON of
    :func:`storyline.models.to_dict`) at a tenth of what ``to_dict`` and ``json.dumps`` cost,
    which was a third of the build's main-process work beside its worker processes."""
    return orjson.dumps(obj, option=_DUMP_OPTIONS).decode()


def load(cls: type[T], data: str) -> T:
    """A model object back from the JSON text of a ``data`` column (:func:`decode`)."""
    result: T = from_dict(cls, decode(data))
    return result


def decode(data: str) -> Any:
    """The JSON of a ``data`` column decoded. Rows written before orjson wrote them may hold
    what only ``json`` reads (NaN, integers past 64 bits)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def escape_like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern whose escape character is ``\\``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store(ABC):
    """A storyline database. Writes go inside :meth:`transaction`; a build holds the build
    lock (:meth:`acquire_build_lock`) so that two builds never write one store at once."""

    dialect: ClassVar[Dialect]
    readonly: bool

    # -- what a backend provides -------------------------------------------------------------

    @property
    @abstractmethod
    def where(self) -> str:
        """The store's location for messages (never with a password)."""

    def file_beside(self, suffix: str) -> Path | None:
        """A path for a file kept outside the database that copies part of it (``suffix``
        ends its name): beside a SQLite file, in the user's cache directory for a server's
        database; None for a reader, or where there is no such place."""
        return None

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (what it writes is not yet the store's)."""
        return False

    @abstractmethod
    def reader(self) -> Store:
        """Another connection to the same database, that only reads (:meth:`close` it): a
        forked child may not use the connection it inherited, which is its parent's."""

    @abstractmethod
    def _rows(self, sql: str, params: Params = ()) -> list[Row]:
        """Run one query; all its rows as tuples."""

    @abstractmethod
    def _run(self, sql: str, params: Params = ()) -> None:
        """Run one statement."""

    @abstractmethod
    def _run_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement once per parameter row."""

    @abstractmethod
    def _close(self) -> None:
        """Close the connection."""

    @abstractmethod
    def stream_rows(self, sql: str) -> Iterator[Row]:
        """Run one query and yield its rows as they come, without holding them all."""

    @abstractmethod
    def table_names(self) -> list[str]:
        """The store's own tables (not the engine's, nor an index's internal ones)."""

    @abstractmethod
    def table_columns(self, table: str) -> list[str]:
        """The columns of ``table`` that a row is written with (not generated ones)."""

    def after_bulk_insert(self, table: str) -> None:  # noqa: B027 - a hook for the dialects
        """Called after rows were copied into ``table`` with their own ids."""

    @abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: everything inside lands together or not at all."""
        yield  # pragma: no cover

    @contextmanager
    def checkpoints_beside(self) -> Iterator[None]:
        """While inside, the engine copies its write-ahead log into the database beside the
        writes rather than inside a commit (many short transactions, such as an incremental
        link's, each of which should take only its own time). A no-op where the engine does
        so anyway (PostgreSQL's checkpointer is a server process)."""
        yield

    @abstractmethod
    def schema_version(self) -> int:
        """The number of the last migration applied (0: an empty store)."""

    @abstractmethod
    def _set_schema_version(self, version: int) -> None:
        """Record ``version`` (inside the migration's transaction)."""

    def _lock_schema(self) -> None:  # noqa: B027 - a hook; SQLite's BEGIN IMMEDIATE suffices
        """Serialise migrations between concurrent openers (inside the transaction)."""

    @abstractmethod
    def acquire_build_lock(self) -> None:
        """Refuse a second concurrent build on this store (the lock dies with its process)."""

    @abstractmethod
    def release_build_lock(self) -> None:
        """Let the next build in (a no-op when this store holds no lock)."""

    @abstractmethod
    def _upsert_sql(self, table: str, columns: Sequence[str], key: Sequence[str]) -> str:
        """Insert a row, replacing the one with the same ``key`` columns."""

    @abstractmethod
    def _prefix_sql(self, column: str) -> str:
        """A condition: ``column`` starts with the escaped pattern given as the parameter."""

    # -- shared plumbing ---------------------------------------------------------------------

    def _row(self, sql: str, params: Params = ()) -> Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _scalar(self, sql: str, params: Params = ()) -> Any:
        row = self._row(sql, params)
        return row[0] if row else None

    def _migrate(self) -> None:
        """Apply the migrations this store lacks, all in one transaction: a build killed while
        it sets up a store leaves it as it was (a new one empty, an old one at its version),
        never half set up, which readers would refuse. The version is read again under the
        lock, so concurrent openers of a new store migrate it once."""
        if self.schema_version() >= len(MIGRATIONS):
            return
        with self.transaction():
            self._lock_schema()
            current = self.schema_version()
            for version, migration in enumerate(MIGRATIONS, start=1):
                if version <= current:
                    continue
                for statement in migration.statements(self.dialect):
                    self._run(statement)
                self._set_schema_version(version)

    def _check_readable(self) -> None:
        """A reader's check: the store is set up, at this version. A build stopped before it
        set a new store up leaves it at version 0; an older release's store needs a build to
        migrate it."""
        version = self.schema_version()
        if version == 0:
            raise StoreError(f"no storyline database at {self.where} yet: run a build")
        if version < len(MIGRATIONS):
            raise StoreError(
                f"{self.where} was written by an older storyline (store version {version}; this"
                f" release reads version {len(MIGRATIONS)}): `storyline build --db {self.where}`"
                " brings it up to date"
            )

    def _build_locked(self, holder: str) -> BuildLockedError:
        return BuildLockedError(
            f"another build is writing {self.where} ({holder or 'another process'});"
            " wait for it to finish"
        )

    def close(self) -> None:
        self.release_build_lock()
        self._close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources and articles ----------------------------------------------------------------

    def source_hash(self, source: str) -> tuple[str, str] | None:
        """The article id and content hash last ingested from ``source``."""
        row = self._row("SELECT article_id, content_hash FROM sources WHERE source = ?", (source,))
        return (row[0], row[1]) if row else None

    def has_article(self, article_id: str) -> bool:
        return self._row("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None

    def put_article(
        self,
        article: Article,
        *,
        raw: bytes,
        raw_text: str,
        media_type: str,
        metadata: dict[str, str],
    ) -> None:
        """Insert or replace an article with its raw input (inside a transaction). Replacing
        starts the article afresh: its sentences, extractions and stage marks go with the old
        row (ON DELETE CASCADE), and the caller writes the new ones."""
        published = article.published.interval
        self._run("DELETE FROM articles WHERE id = ?", (article.id,))
        self._run(
            "INSERT INTO articles (id, source, title, outlet, language,"
            " published_start, published_end, text, data, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.source,
                article.title,
                article.outlet,
                article.language,
                published.start.isoformat() if published else None,
                published.end.isoformat() if published else None,
                article.text,
                dump(_without_text(article)),
                now(),
            ),
        )
        self._run(
            self._upsert_sql(
                "raw_inputs",
                ("article_id", "media_type", "metadata", "raw_text", "data"),
                ("article_id",),
            ),
            (article.id, media_type, json.dumps(metadata, sort_keys=True), raw_text, raw),
        )
        # The old row's search document went with it (ON DELETE CASCADE).
        self._index_docs([("article", article.id, article.id, article.title, article.text)])

    def link_source(self, source: str, article_id: str, content_hash: str) -> str | None:
        """Point ``source`` at ``article_id``; returns the article it pointed at before, if
        that article is now referenced by no source (the caller may drop it)."""
        previous = self.source_hash(source)
        self._run(
            self._upsert_sql(
                "sources", ("source", "article_id", "content_hash", "seen_at"), ("source",)
            ),
            (source, article_id, content_hash, now()),
        )
        if previous and previous[0] != article_id:
            still = self._row("SELECT 1 FROM sources WHERE article_id = ?", (previous[0],))
            if not still:
                return previous[0]
        return None

    def delete_article(self, article_id: str) -> None:
        self._run("DELETE FROM articles WHERE id = ?", (article_id,))

    def update_published(self, article_id: str, published: PublicationDate) -> None:
        article = self.article(article_id)
        if article is None:
            return
        updated = replace(article, published=published)
        interval = published.interval
        self._run(
            "UPDATE articles SET data = ?, published_start = ?, published_end = ? WHERE id = ?",
            (
                dump(_without_text(updated)),
                interval.start.isoformat() if interval else None,
                interval.end.isoformat() if interval else None,
                article_id,
            ),
        )

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM articles ORDER BY source, id")]

    def article(self, article_id: str) -> Article | None:
        row = self._row("SELECT text, data FROM articles WHERE id = ?", (article_id,))
        return _article_from_row(row) if row else None

    def articles(self) -> list[Article]:
        rows = self._rows("SELECT text, data FROM articles ORDER BY source, id")
        return [_article_from_row(r) for r in rows]

    def raw_input(self, article_id: str) -> tuple[bytes, str, str, dict[str, str]] | None:
        """The bytes as they came, the decoded raw text, the media type and the metadata."""
        row = self._row(
            "SELECT data, raw_text, media_type, metadata FROM raw_inputs WHERE article_id = ?",
            (article_id,),
        )
        if not row:
            return None
        return bytes(row[0]), row[1], row[2], json.loads(row[3])

    def find_articles(self, prefix: str) -> list[str]:
        """The ids that start with ``prefix`` (ASCII case-insensitive; ``%`` and ``_`` are
        plain characters)."""
        rows = self._rows(
            f"SELECT id FROM articles WHERE {self._prefix_sql('id')} ORDER BY id",
            (escape_like(prefix) + "%",),
        )
        return [r[0] for r in rows]

    # -- per-article analysis ----------------------------------------------------------------

    def put_sentences(self, article_id: str, sentences: Sequence[Sentence]) -> None:
        self._run("DELETE FROM sentences WHERE article_id = ?", (article_id,))
        self._run_many(
            'INSERT INTO sentences (article_id, idx, start, "end", paragraph)'
            " VALUES (?, ?, ?, ?, ?)",
            [(article_id, s.index, s.start, s.end, s.paragraph) for s in sentences],
        )

    def sentences(self, article_id: str) -> list[Sentence]:
        row = self._row("SELECT text FROM articles WHERE id = ?", (article_id,))
        return self._sentences_in({article_id: row[0]})[article_id] if row else []

    def sentences_of(self, articles: Sequence[Article]) -> dict[str, list[Sentence]]:
        """The sentences of these articles (their texts already read), a query per chunk of
        articles instead of two per article."""
        return self._sentences_in({a.id: a.text for a in articles})

    def _sentences_in(self, texts: dict[str, str]) -> dict[str, list[Sentence]]:
        """The sentences of the articles with these texts (by id), cut from the texts."""
        found: dict[str, list[Sentence]] = {a: [] for a in texts}
        rows = self._in_rows(
            'SELECT article_id, idx, start, "end", paragraph FROM sentences'
            " WHERE article_id IN ({}) ORDER BY article_id, idx",
            list(texts),
        )
        for article_id, idx, start, end, paragraph in rows:
            text = texts[article_id]
            found[article_id].append(
                Sentence(article_id, idx, start, end, text[start:end], paragraph)
            )
        return found

    def put_extractions(self, article_id: str, kind: str, items: Sequence[Any]) -> None:
        """Replace the article's extractions of one kind (mentions, time_mentions, ...)."""
        self._run("DELETE FROM extractions WHERE article_id = ? AND kind = ?", (article_id, kind))
        self._run_many(
            'INSERT INTO extractions (article_id, kind, seq, start, "end", data)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (article_id, kind, seq, item.start, item.end, dump(item))
                for seq, item in enumerate(items)
            ],
        )

        if kind == "quotes":
            # Found by the article, then the kind: with both in one WHERE, SQLite's planner
            # took the index of kinds and read every quote of the store for each article
            # (6 ms an article at 2,600 articles, growing with the store: a third of what a
            # build's writing cost on the whole of Timeline17).
            docs = self._rows(
                "SELECT id, kind FROM search_docs WHERE article_id = ?", (article_id,)
            )
            quotes = [(doc_id,) for doc_id, doc_kind in docs if doc_kind == "quote"]
            if quotes:
                self._run_many("DELETE FROM search_docs WHERE id = ?", quotes)
            self._index_docs(
                [
                    ("quote", f"{article_id}:{seq}", article_id, item.speaker, item.text)
                    for seq, item in enumerate(items)
                ]
            )

    def extractions(self, kind: str, cls: type[T], article_id: str | None = None) -> list[T]:
        if article_id is not None:
            return self.extractions_of(kind, cls, [article_id])
        rows = self._rows(
            "SELECT data FROM extractions WHERE kind = ? ORDER BY article_id, seq", (kind,)
        )
        return [load(cls, r[0]) for r in rows]

    def extractions_of(
        self,
        kind: str,
        cls: type[T],
        article_ids: Sequence[str],
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> list[T]:
        """The extractions of one kind of these articles, by article id and order; only those
        whose JSON object ``where`` accepts, if given (the others are never built: building
        the objects costs several times what decoding their JSON does)."""
        rows = self._in_rows(
            "SELECT data FROM extractions WHERE kind = ? AND article_id IN ({})"
            " ORDER BY article_id, seq",
            sorted(set(article_ids)),
            before=(kind,),
        )
        if where is None:
            return [load(cls, r[0]) for r in rows]
        plain = (decode(r[0]) for r in rows)
        return [from_dict(cls, found) for found in plain if where(found)]

    def stage_versions(self, article_id: str) -> dict[str, str]:
        rows = self._rows(
            "SELECT stage, version FROM stage_runs WHERE article_id = ?", (article_id,)
        )
        return {r[0]: r[1] for r in rows}

    def articles_with_stage(
        self, stage: str, version: str, article_ids: Sequence[str] | None = None
    ) -> set[str]:
        """The articles (of ``article_ids``, or all) whose ``stage`` ran at ``version``."""
        sql = "SELECT article_id FROM stage_runs WHERE stage = ? AND version = ?"
        if article_ids is None:
            return {str(r[0]) for r in self._rows(sql, (stage, version))}
        rows = self._in_rows(sql + " AND article_id IN ({})", article_ids, before=(stage, version))
        return {str(r[0]) for r in rows}

    def mark_stage(self, article_id: str, stage: str, version: str) -> None:
        self._run(
            self._upsert_sql(
                "stage_runs", ("article_id", "stage", "version"), ("article_id", "stage")
            ),
            (article_id, stage, version),
        )

    def clear_stage(self, article_id: str, stage: str) -> None:
        self._run("DELETE FROM stage_runs WHERE article_id = ? AND stage = ?", (article_id, stage))

    # -- failures ----------------------------------------------------------------------------

    def record_failure(self, failure: Failure) -> None:
        self._run(
            self._upsert_sql(
                "failures",
                ("source", "stage", "article_id", "reason", "error", "transient", "at"),
                ("source", "stage"),
            ),
            (
                failure.source,
                failure.stage,
                failure.article_id,
                failure.reason,
                failure.error,
                int(failure.transient),
                failure.at or now(),
            ),
        )

    def clear_failures(self, source: str, stages: Iterable[str] | None = None) -> None:
        if stages is None:
            self._run("DELETE FROM failures WHERE source = ?", (source,))
        else:
            self._run_many(
                "DELETE FROM failures WHERE source = ? AND stage = ?",
                [(source, s) for s in stages],
            )

    def failures(self) -> list[Failure]:
        rows = self._rows(
            "SELECT source, stage, reason, error, article_id, transient, at FROM failures"
            " ORDER BY source, stage"
        )
        return [
            Failure(source, stage, reason, error, article_id, bool(transient), at)
            for source, stage, reason, error, article_id, transient, at in rows
        ]

    # -- corpus outputs ----------------------------------------------------------------------

    def replace_corpus(
        self,
        *,
        entities: Sequence[Entity],
        mention_entities: Sequence[tuple[str, int, str]],
        duplicates: Sequence[Duplicate],
        events: Sequence[Event],
        happenings: Sequence[Happening],
        stories: Sequence[Story],
        timelines: dict[str, Sequence[TimelineEntry]],
        discrepancies: Sequence[Discrepancy],
        state: dict[str, str],
    ) -> None:
        """Write everything the corpus stages built, replacing the previous run's output."""
        for table in CORPUS_TABLES:
            self._run(f"DELETE FROM {table}")
        self._chain_happening_state(b"emptied")
        self._run_many(
            "INSERT INTO entities (id, name, type, data) VALUES (?, ?, ?, ?)",
            [(e.id, e.name, e.type, dump(e)) for e in entities],
        )
        self._run_many(
            "INSERT INTO entity_mentions (article_id, seq, entity_id) VALUES (?, ?, ?)",
            mention_entities,
        )
        self._run_many(
            "INSERT INTO duplicates (article_id, original_id, kind, similarity)"
            " VALUES (?, ?, ?, ?)",
            [(d.article_id, d.original_id, d.kind, d.similarity) for d in duplicates],
        )
        self._run_many(
            "INSERT INTO events (id, data) VALUES (?, ?)", [(e.id, dump(e)) for e in events]
        )
        self._run_many(
            "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?)",
            [(e.id, a) for e in events for a in e.article_ids],
        )
        self._run_many(
            "INSERT INTO happenings (id, start, data) VALUES (?, ?, ?)",
            [(h.id, h.date.start.isoformat(), dump(h)) for h in happenings],
        )
        self._run_many(
            "INSERT INTO stories (id, seq, data) VALUES (?, ?, ?)",
            [(s.id, i, dump(s)) for i, s in enumerate(stories)],
        )
        self._run("DELETE FROM search_docs WHERE kind = 'entry'")
        self.put_timelines(timelines, stories, discrepancies)
        self.set_corpus_state(state)

    def put_timelines(
        self,
        timelines: dict[str, Sequence[TimelineEntry]],
        stories: Sequence[Story],
        discrepancies: Sequence[Discrepancy],
    ) -> None:
        """Add the stories' timelines (by story id) and discrepancies to what
        :meth:`replace_corpus` wrote (given none there: a build tells the stories while it
        writes the rest)."""
        self._insert_timelines(timelines, {s.id: s.title for s in stories}, discrepancies)

    def corpus_state(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._rows("SELECT key, value FROM corpus_state")}

    def entities(self) -> list[Entity]:
        rows = self._rows("SELECT data FROM entities ORDER BY name, id")
        return [load(Entity, r[0]) for r in rows]

    def entity(self, entity_id: str) -> Entity | None:
        row = self._row("SELECT data FROM entities WHERE id = ?", (entity_id,))
        return load(Entity, row[0]) if row else None

    def find_entities(self, text: str) -> list[Entity]:
        """Entities whose id starts with ``text`` or whose name or alias equals it."""
        rows = self._rows(
            f"SELECT data FROM entities WHERE {self._prefix_sql('id')} ORDER BY name, id",
            (escape_like(text) + "%",),
        )
        found = [e for e in (load(Entity, r[0]) for r in rows) if e.id.startswith(text)]
        if found:
            return found
        needle = text.casefold()
        return [
            e
            for e in self.entities()
            if e.name.casefold() == needle or needle in (a.casefold() for a in e.aliases)
        ]

    def mention_entities(self, article_id: str | None = None) -> dict[tuple[str, int], str]:
        if article_id is None:
            rows = self._rows("SELECT article_id, seq, entity_id FROM entity_mentions")
        else:
            rows = self._rows(
                "SELECT article_id, seq, entity_id FROM entity_mentions WHERE article_id = ?",
                (article_id,),
            )
        return {(r[0], r[1]): r[2] for r in rows}

    def duplicates(self) -> list[Duplicate]:
        rows = self._rows(
            "SELECT article_id, original_id, kind, similarity FROM duplicates ORDER BY article_id"
        )
        return [Duplicate(r[0], r[1], r[2], r[3]) for r in rows]

    def events(self) -> list[Event]:
        rows = self._rows("SELECT data FROM events ORDER BY id")
        return [load(Event, r[0]) for r in rows]

    def event(self, event_id: str) -> Event | None:
        row = self._row("SELECT data FROM events WHERE id = ?", (event_id,))
        return load(Event, row[0]) if row else None

    def happenings(self) -> list[Happening]:
        rows = self._rows("SELECT data FROM happenings ORDER BY start, id")
        return [load(Happening, r[0]) for r in rows]

    def stories(self) -> list[Story]:
        rows = self._rows("SELECT data FROM stories ORDER BY seq")
        return [load(Story, r[0]) for r in rows]

    def stories_naming(self, ident: str) -> list[Story]:
        """The stories whose data holds ``ident`` (an article or entity id) anywhere, in order:
        a text filter in the database, for pages that must not load every story; the caller
        checks the field it means."""
        rows = self._rows(
            "SELECT data FROM stories WHERE data LIKE ? ESCAPE '\\' ORDER BY seq",
            ('%"' + escape_like(ident) + '"%',),
        )
        return [load(Story, r[0]) for r in rows]

    def timeline(self, story_id: str) -> list[TimelineEntry]:
        rows = self._rows(
            "SELECT data FROM timeline_entries WHERE story_id = ? ORDER BY seq", (story_id,)
        )
        return [load(TimelineEntry, r[0]) for r in rows]

    def discrepancies(self) -> list[Discrepancy]:
        rows = self._rows("SELECT data FROM discrepancies ORDER BY id")
        return [load(Discrepancy, r[0]) for r in rows]

    # -- reading one thing at a time (what pages and the API need) ------------------------

    def story(self, story_id: str) -> Story | None:
        row = self._row("SELECT data FROM stories WHERE id = ?", (story_id,))
        return load(Story, row[0]) if row else None

    def find_stories(self, prefix: str) -> list[str]:
        """The story ids that start with ``prefix`` (as :meth:`find_articles`)."""
        rows = self._rows(
            f"SELECT id FROM stories WHERE {self._prefix_sql('id')} ORDER BY id",
            (escape_like(prefix) + "%",),
        )
        return [r[0] for r in rows]

    def timeline_entry(self, story_id: str, seq: int) -> TimelineEntry | None:
        row = self._row(
            "SELECT data FROM timeline_entries WHERE story_id = ? AND seq = ?", (story_id, seq)
        )
        return load(TimelineEntry, row[0]) if row else None

    def timeline_length(self, story_id: str) -> int:
        return int(
            self._scalar("SELECT COUNT(*) FROM timeline_entries WHERE story_id = ?", (story_id,))
        )

    def story_discrepancies(self, story_id: str, limit: int = -1) -> list[Discrepancy]:
        """The story's discrepancies in id order, the first ``limit`` of them (all if < 0)."""
        rows = self._rows(
            "SELECT data FROM discrepancies WHERE story_id = ? ORDER BY id"
            + (" LIMIT ?" if limit >= 0 else ""),
            (story_id, limit) if limit >= 0 else (story_id,),
        )
        return [load(Discrepancy, r[0]) for r in rows]

    def story_discrepancy_count(self, story_id: str) -> int:
        return int(
            self._scalar("SELECT COUNT(*) FROM discrepancies WHERE story_id = ?", (story_id,))
        )

    def discrepancies_by_id(self, ids: Sequence[str]) -> list[Discrepancy]:
        rows = self._in_rows("SELECT data FROM discrepancies WHERE id IN ({})", ids)
        found = {d.id: d for d in (load(Discrepancy, r[0]) for r in rows)}
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def extractions_within(
        self, kind: str, cls: type[T], passages: dict[str, list[tuple[int, int]]]
    ) -> list[T]:
        """The extractions of ``kind`` lying inside one of the given passages (article id →
        ``(start, end)`` spans), in article and reading order. Spans are compared on the key
        columns, so only what is inside is decoded."""
        if not passages:
            return []
        found = []
        for article_id, start, end, data in self._in_rows(
            'SELECT article_id, start, "end", data FROM extractions'
            f" WHERE kind = '{_kind_literal(kind)}' AND article_id IN ({{}})"
            " ORDER BY article_id, seq",
            list(passages),
        ):
            if any(a <= start and end <= b for a, b in passages[article_id]):
                found.append(load(cls, data))
        return found

    def happenings_by_id(self, ids: Sequence[str]) -> list[Happening]:
        rows = self._in_rows("SELECT data FROM happenings WHERE id IN ({})", ids)
        found = {h.id: h for h in (load(Happening, r[0]) for r in rows)}
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids (unknown ids left out), in the order asked."""
        rows = self._in_rows("SELECT text, data FROM articles WHERE id IN ({})", ids)
        found = {a.id: a for a in (_article_from_row(r) for r in rows)}
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def article_briefs(self, ids: Sequence[str] | None = None) -> list[ArticleBrief]:
        """What lists show of each article, read from the key columns alone (no JSON), in the
        order asked (or by publication date when ``ids`` is None)."""
        columns = (
            "SELECT a.id, a.title, a.outlet, a.source, a.language, a.published_start,"
            " a.published_end, d.original_id, d.kind FROM articles a"
            " LEFT JOIN duplicates d ON d.article_id = a.id"
        )
        if ids is None:
            rows = self._rows(columns + " ORDER BY a.published_start, a.id")
            return [ArticleBrief.from_row(r) for r in rows]
        rows = self._in_rows(columns + " WHERE a.id IN ({})", ids)
        found = {r[0]: ArticleBrief.from_row(r) for r in rows}
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def copies_of(self, original_id: str) -> list[Duplicate]:
        """The articles that point at this original."""
        rows = self._rows(
            "SELECT article_id, original_id, kind, similarity FROM duplicates"
            " WHERE original_id = ? ORDER BY article_id",
            (original_id,),
        )
        return [Duplicate(r[0], r[1], r[2], r[3]) for r in rows]

    def duplicate_of(self, article_id: str) -> Duplicate | None:
        row = self._row(
            "SELECT article_id, original_id, kind, similarity FROM duplicates WHERE article_id = ?",
            (article_id,),
        )
        return Duplicate(row[0], row[1], row[2], row[3]) if row else None

    def copying(self, article_ids: Sequence[str]) -> set[str]:
        """Those of these articles that copy another (have a :meth:`duplicate_of`): one query
        for them all."""
        sql = "SELECT article_id FROM duplicates WHERE article_id IN ({})"
        return {str(r[0]) for r in self._in_rows(sql, article_ids)}

    def article_events(self, article_id: str) -> list[Event]:
        rows = self._rows(
            "SELECT e.data FROM events e JOIN event_articles ea ON ea.event_id = e.id"
            " WHERE ea.article_id = ? ORDER BY e.id",
            (article_id,),
        )
        return [load(Event, r[0]) for r in rows]

    def events_of(self, article_ids: Sequence[str]) -> set[str]:
        """The ids of the events these articles are in (one query, no event read)."""
        sql = "SELECT event_id FROM event_articles WHERE article_id IN ({})"
        return {str(r[0]) for r in self._in_rows(sql, article_ids)}

    def find_events(self, prefix: str) -> list[str]:
        rows = self._rows(
            f"SELECT id FROM events WHERE {self._prefix_sql('id')} ORDER BY id",
            (escape_like(prefix) + "%",),
        )
        return [r[0] for r in rows]

    def entity_appearances(self, entity_id: str) -> list[tuple[str, int, int]]:
        """Per month of publication (``YYYY-MM``, or ``""`` for undated articles): the articles
        that mention the entity and how many times they do."""
        rows = self._rows(
            "SELECT COALESCE(substr(a.published_start, 1, 7), ''), COUNT(DISTINCT a.id),"
            " COUNT(*) FROM entity_mentions em JOIN articles a ON a.id = em.article_id"
            " WHERE em.entity_id = ? GROUP BY 1 ORDER BY 1",
            (entity_id,),
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    def speaker_quotes(self, entity_id: str) -> list[Quote]:
        """What the entity said: quotes resolved to it, or whose speaker's span overlaps a
        mention of it (the first overlapping mention decides, as the export does)."""
        articles = "SELECT DISTINCT article_id FROM entity_mentions WHERE entity_id = ?"
        said: list[dict[str, Any]] = []
        # Quotes whose speaker is a span of text not resolved to an entity: the mentions of
        # their articles decide (read only for those articles, which are few).
        pending: dict[str, list[dict[str, Any]]] = {}
        for (data,) in self._rows(
            "SELECT data FROM extractions WHERE kind = 'quotes'"
            f" AND article_id IN ({articles}) ORDER BY article_id, seq",
            (entity_id,),
        ):
            # Decide on the plain JSON first: most quotes are someone else's.
            raw = json.loads(data)
            resolved = raw.get("speaker_entity") or ""
            if resolved == entity_id:
                said.append(raw)
            elif not resolved and raw.get("speaker") and raw.get("speaker_start", -1) >= 0:
                pending.setdefault(raw["article_id"], []).append(raw)
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for article_id, start, end, entity in self._in_rows(
            "SELECT m.article_id, m.start, m.\"end\", COALESCE(em.entity_id, '')"
            " FROM extractions m LEFT JOIN entity_mentions em"
            " ON em.article_id = m.article_id AND em.seq = m.seq"
            " WHERE m.kind = 'mentions' AND m.article_id IN ({})",
            list(pending),
        ):
            spans.setdefault(article_id, []).append((start, end, entity))
        for found in spans.values():
            found.sort()
        for article_id, quotes in pending.items():
            for raw in quotes:
                speaker = _first_overlap(
                    spans.get(article_id, []), raw["speaker_start"], raw["speaker_end"]
                )
                if speaker == entity_id:
                    said.append(raw)
        # In article and reading order, as the store keeps them.
        said.sort(key=lambda raw: (raw["article_id"], raw["start"], raw["end"]))
        return [replace(from_dict(Quote, raw), speaker_entity=entity_id) for raw in said]

    def speaker_index(self) -> dict[str, list[tuple[str, int]]]:
        """Every entity's quotes as ``(article id, seq)``, resolved as :meth:`speaker_quotes`
        resolves them, for the whole store in two scans (what a server computes once and keeps
        until the store changes)."""
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for article_id, start, end, entity in self._rows(
            "SELECT m.article_id, m.start, m.\"end\", COALESCE(em.entity_id, '')"
            " FROM extractions m LEFT JOIN entity_mentions em"
            " ON em.article_id = m.article_id AND em.seq = m.seq WHERE m.kind = 'mentions'"
        ):
            spans.setdefault(article_id, []).append((start, end, entity))
        for found in spans.values():
            found.sort()
        index: dict[str, list[tuple[str, int]]] = {}
        for article_id, seq, data in self._rows(
            "SELECT article_id, seq, data FROM extractions WHERE kind = 'quotes'"
            " ORDER BY article_id, seq"
        ):
            raw = json.loads(data)
            resolved = raw.get("speaker_entity") or ""
            if not resolved and raw.get("speaker") and raw.get("speaker_start", -1) >= 0:
                resolved = _first_overlap(
                    spans.get(article_id, []), raw["speaker_start"], raw["speaker_end"]
                )
            if resolved:
                index.setdefault(resolved, []).append((article_id, int(seq)))
        return index

    def quotes_by_key(self, keys: Sequence[tuple[str, int]]) -> list[Quote]:
        """The quotes at these ``(article id, seq)`` keys, in the order given."""
        wanted = set(keys)
        by_key: dict[tuple[str, int], Quote] = {}
        for article_id, seq, data in self._in_rows(
            "SELECT article_id, seq, data FROM extractions WHERE kind = 'quotes'"
            " AND article_id IN ({})",
            list(dict.fromkeys(k[0] for k in keys)),
        ):
            if (article_id, int(seq)) in wanted:
                by_key[(article_id, int(seq))] = load(Quote, data)
        return [by_key[k] for k in keys if k in by_key]

    # -- search -------------------------------------------------------------------------------

    def _index_docs(self, docs: Sequence[tuple[str, str, str | None, str, str]]) -> None:
        """Add search documents ``(kind, ref, article_id, title, body)``."""
        self._run_many(
            "INSERT INTO search_docs (kind, ref, article_id, title, body, hash)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(*doc, doc_hash(doc[3], doc[4])) for doc in docs],
        )

    @abstractmethod
    def search_keyword(self, words: Sequence[str], kinds: Sequence[str], limit: int) -> list[Hit]:
        """Documents of these kinds holding every word (stemmed), best first; each snippet
        marks the matched words between :data:`HIT_START` and :data:`HIT_END`."""

    def search_generation(self) -> str:
        """Changes whenever a search document or vector is added or removed."""
        row = self._row(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), (SELECT COUNT(*) FROM search_vectors)"
            " FROM search_docs"
        )
        return "-".join(str(x) for x in row) if row else ""

    def docs_to_embed(self, limit: int) -> list[tuple[int, str, str, str]]:
        """Up to ``limit`` search documents that have no vector yet: ``(id, kind, title,
        body)``."""
        rows = self._rows(
            "SELECT d.id, d.kind, d.title, d.body FROM search_docs d"
            " LEFT JOIN search_vectors v ON v.hash = d.hash"
            " WHERE v.hash IS NULL ORDER BY d.id LIMIT ?",
            (limit,),
        )
        return [(int(r[0]), r[1], r[2], r[3]) for r in rows]

    def vectors_missing(self) -> int:
        return int(
            self._scalar(
                "SELECT COUNT(*) FROM search_docs d LEFT JOIN search_vectors v"
                " ON v.hash = d.hash WHERE v.hash IS NULL"
            )
        )

    def put_vectors(self, vectors: Sequence[tuple[int, str, bytes]]) -> None:
        """Store ``(doc id, hash of its text, vector bytes)``; the document takes the hash."""
        self._run_many(
            self._upsert_sql("search_vectors", ("hash", "vector"), ("hash",)),
            [(h, v) for _, h, v in vectors],
        )
        self._run_many(
            "UPDATE search_docs SET hash = ? WHERE id = ?", [(h, i) for i, h, _ in vectors]
        )

    def doc_vectors(self) -> list[tuple[str, str, str | None, str, str, bytes]]:
        """Every document with a vector: ``(kind, ref, article_id, title, snippet,
        vector)``."""
        rows = self._rows(
            "SELECT d.kind, d.ref, d.article_id, d.title, substr(d.body, 1, 400), v.vector"
            " FROM search_docs d JOIN search_vectors v ON v.hash = d.hash ORDER BY d.id"
        )
        return [(r[0], r[1], r[2], r[3], r[4], bytes(r[5])) for r in rows]

    def text_vectors(self, hashes: Sequence[str]) -> dict[str, bytes]:
        """The kept sentence vectors among ``hashes`` (see :meth:`put_text_vectors`)."""
        rows = self._in_rows("SELECT hash, vector FROM text_vectors WHERE hash IN ({})", hashes)
        return {r[0]: bytes(r[1]) for r in rows}

    def put_text_vectors(self, vectors: Sequence[tuple[str, bytes]]) -> None:
        """Keep ``(hash of model and text, vector bytes)`` for later builds."""
        self._run_many(self._upsert_sql("text_vectors", ("hash", "vector"), ("hash",)), vectors)

    def drop_text_vectors(self) -> None:
        """Forget every kept sentence vector (they are a cache: linking embeds again)."""
        self._run("DELETE FROM text_vectors")

    # -- incremental linking -----------------------------------------------------------------

    def put_link_state(self, kind: str, rows: Sequence[LinkRow]) -> None:
        """Keep ``(id, start, stop, vector bytes, data)`` rows of one kind (see migration 5)."""
        self._run_many(
            self._upsert_sql(
                "link_state", ("kind", "id", "start", "stop", "vector", "data"), ("kind", "id")
            ),
            [(kind, *row) for row in rows],
        )
        if kind == "happening":
            self._chain_happening_state(b"put", rows)

    def _chain_happening_state(self, change: bytes, rows: Sequence[LinkRow] = ()) -> None:
        """Record that happenings' link state changed (``HAPPENING_STATE_KEY``)."""
        digest = hashlib.blake2b(self.happening_state().encode() + change, digest_size=16)
        for row in sorted(rows, key=lambda r: r[0]):
            for part in row:
                digest.update(b"\0" + (part if isinstance(part, bytes) else str(part).encode()))
        self.set_corpus_state({HAPPENING_STATE_KEY: digest.hexdigest()})

    def happening_state(self) -> str:
        """The digest of every write of happenings' link state so far ("" before the first)."""
        rows = self._rows("SELECT value FROM corpus_state WHERE key = ?", (HAPPENING_STATE_KEY,))
        return str(rows[0][0]) if rows else ""

    def link_state_batches(self, kind: str, size: int = 10_000) -> Iterator[list[LinkRow]]:
        """Every kept row of one kind, by id, ``size`` rows at a time (a store's happenings'
        rows can be more than memory should hold at once)."""
        last = ""
        while True:
            rows = self._rows(
                "SELECT id, start, stop, vector, data FROM link_state"
                " WHERE kind = ? AND id > ? ORDER BY id LIMIT ?",
                (kind, last, size),
            )
            if not rows:
                return
            yield [_link_row(r) for r in rows]
            last = str(rows[-1][0])

    def link_state(self, kind: str, ids: Sequence[str] | None = None) -> list[LinkRow]:
        """The kept rows of one kind: all of them, or those of ``ids``."""
        columns = "id, start, stop, vector, data"
        if ids is None:
            rows = self._rows(
                f"SELECT {columns} FROM link_state WHERE kind = ? ORDER BY id", (kind,)
            )
        else:
            rows = self._link_rows(columns, kind, ids)
        return [_link_row(r) for r in rows]

    def link_data(self, kind: str, ids: Sequence[str]) -> list[tuple[str, str]]:
        """``(id, data)`` of the kept rows of one kind among ``ids``, without their vectors."""
        return [(str(r[0]), str(r[1])) for r in self._link_rows("id, data", kind, ids)]

    def link_starts(self, kind: str) -> list[tuple[str, str]]:
        """``(id, start)`` of every kept row of one kind that has a start, by id (from the
        index alone, without reading the rows)."""
        rows = self._rows(
            "SELECT id, start FROM link_state WHERE kind = ? AND start IS NOT NULL ORDER BY id",
            (kind,),
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def link_spans(self, kind: str, ids: Sequence[str]) -> list[tuple[str, str, str]]:
        """``(id, start, stop)`` of the kept rows of one kind among ``ids`` that have a span
        (from the index alone, without reading the rows' vectors)."""
        rows = self._link_rows("id, start, stop", kind, ids)
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows if r[1] and r[2]]

    def _link_rows(self, columns: str, kind: str, ids: Sequence[str]) -> list[Row]:
        rows = self._in_rows(
            f"SELECT {columns} FROM link_state WHERE kind = ? AND id IN ({{}})", ids, before=(kind,)
        )
        return sorted(rows, key=lambda r: str(r[0]))  # the same order on every backend

    def linked_article_ids(self) -> set[str]:
        """The articles whose links are in the store (a full or incremental link saw them)."""
        return {r[0] for r in self._rows("SELECT id FROM link_state WHERE kind = 'article'")}

    def put_link_bands(self, rows: Sequence[tuple[str, str]]) -> None:
        """Keep ``(band key, article id)``: MinHash LSH bands and exact-text keys."""
        self._run_many(
            self._upsert_sql("link_bands", ("band", "article_id"), ("band", "article_id")), rows
        )

    def articles_in_bands(self, bands: Sequence[str]) -> set[str]:
        rows = self._in_rows("SELECT article_id FROM link_bands WHERE band IN ({})", bands)
        return {r[0] for r in rows}

    def put_duplicate(self, duplicate: Duplicate) -> None:
        self._run_many(
            self._upsert_sql(
                "duplicates", ("article_id", "original_id", "kind", "similarity"), ("article_id",)
            ),
            [(duplicate.article_id, duplicate.original_id, duplicate.kind, duplicate.similarity)],
        )

    def entities_by_id(self, ids: Sequence[str]) -> list[Entity]:
        rows = self._in_rows("SELECT data FROM entities WHERE id IN ({})", ids)
        return [load(Entity, r[0]) for r in rows]

    def put_entities(self, entities: Sequence[Entity]) -> None:
        """Add or replace entities (an incremental link updates their counts and aliases)."""
        self._run_many(
            self._upsert_sql("entities", ("id", "name", "type", "data"), ("id",)),
            [(e.id, e.name, e.type, dump(e)) for e in entities],
        )

    def put_mention_entities(self, rows: Sequence[tuple[str, int, str]]) -> None:
        self._run_many(
            "INSERT INTO entity_mentions (article_id, seq, entity_id) VALUES (?, ?, ?)", rows
        )

    def put_event(self, event: Event, added: Sequence[str]) -> None:
        """Add or replace an event; ``added`` are its articles not yet recorded with it."""
        self._run_many(
            self._upsert_sql("events", ("id", "data"), ("id",)), [(event.id, dump(event))]
        )
        self._run_many(
            "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?)",
            [(event.id, a) for a in added],
        )

    def put_happenings(self, happenings: Sequence[Happening]) -> None:
        self._run_many(
            self._upsert_sql("happenings", ("id", "start", "data"), ("id",)),
            [(h.id, h.date.start.isoformat(), dump(h)) for h in happenings],
        )

    def put_story(self, story: Story, next_seq: int | None = None) -> int:
        """Add or replace a story; a new one goes after the others: at ``next_seq`` when the
        caller knows the place after the last story's (:meth:`next_story_seq`), else where
        that is found. Returns the story's place."""
        seq = self._scalar("SELECT seq FROM stories WHERE id = ?", (story.id,))
        if seq is None:
            seq = self.next_story_seq() if next_seq is None else next_seq
        self._run_many(
            self._upsert_sql("stories", ("id", "seq", "data"), ("id",)),
            [(story.id, seq, dump(story))],
        )
        return int(seq)

    def next_story_seq(self) -> int:
        """The place after the last story's (the last place, from the index on ``seq``)."""
        return int(self._scalar(NEXT_STORY_SEQ))

    def delete_story(self, story_id: str) -> None:
        """Remove a story joined into another: it, its timeline, discrepancies, their search
        documents and its link state."""
        self.replace_story_timeline(Story(story_id, "", (), ()), [], [])
        self._run("DELETE FROM stories WHERE id = ?", (story_id,))
        self._run("DELETE FROM link_state WHERE kind = 'story' AND id = ?", (story_id,))

    def replace_story_timeline(
        self,
        story: Story,
        entries: Sequence[TimelineEntry],
        discrepancies: Sequence[Discrepancy],
    ) -> None:
        """Replace one story's timeline and discrepancies (and their search documents)."""
        # The entries' documents by their exact references ("story:seq", as written with
        # them): a pattern on the reference read every entry document of the store (SQLite
        # cannot narrow a LIKE with its index), for every story an added article retells.
        seqs = self._rows("SELECT seq FROM timeline_entries WHERE story_id = ?", (story.id,))
        if seqs:
            self._run_many(
                "DELETE FROM search_docs WHERE kind = 'entry' AND ref = ?",
                [(f"{story.id}:{seq}",) for (seq,) in seqs],
            )
        self._run("DELETE FROM timeline_entries WHERE story_id = ?", (story.id,))
        self._run("DELETE FROM discrepancies WHERE story_id = ?", (story.id,))
        self._insert_timelines({story.id: entries}, {story.id: story.title}, discrepancies)

    def _insert_timelines(
        self,
        timelines: dict[str, Sequence[TimelineEntry]],
        titles: dict[str, str],
        discrepancies: Sequence[Discrepancy],
    ) -> None:
        """Write timelines (by story id), their search documents and discrepancies."""
        self._run_many(
            "INSERT INTO timeline_entries (story_id, seq, data) VALUES (?, ?, ?)",
            [
                (story_id, i, dump(entry))
                for story_id, entries in timelines.items()
                for i, entry in enumerate(entries)
            ],
        )
        self._run_many(
            "INSERT INTO discrepancies (id, story_id, data) VALUES (?, ?, ?)",
            [(d.id, d.story_id, dump(d)) for d in discrepancies],
        )
        self._index_docs(
            [
                (
                    "entry",
                    f"{story_id}:{i}",
                    None,
                    titles.get(story_id, ""),
                    " ".join(s.text for s in entry.summary),
                )
                for story_id, entries in timelines.items()
                for i, entry in enumerate(entries)
            ]
        )

    def set_corpus_state(self, state: dict[str, str]) -> None:
        self._run_many(
            self._upsert_sql("corpus_state", ("key", "value"), ("key",)), list(state.items())
        )

    def _in_rows(
        self, sql: str, ids: Sequence[str], chunk: int = 500, before: Params = ()
    ) -> list[Row]:
        """``sql`` with ``IN ({})`` run over ``ids`` in chunks (drivers cap parameters);
        ``before`` are the parameters of the placeholders ahead of the list."""
        unique = list(dict.fromkeys(ids))
        rows: list[Row] = []
        for i in range(0, len(unique), chunk):
            part = unique[i : i + chunk]
            rows += self._rows(sql.format(", ".join("?" for _ in part)), (*before, *part))
        return rows

    def counts(self) -> dict[str, int]:
        """How many of each thing the store holds (for summaries and tests)."""
        tables = ("articles", "entities", "events", "happenings", "stories", "failures")
        result = {t: int(self._scalar(f"SELECT COUNT(*) FROM {t}")) for t in tables}
        for kind in ("mentions", "time_mentions", "quotes", "figures"):
            result[kind] = int(
                self._scalar("SELECT COUNT(*) FROM extractions WHERE kind = ?", (kind,))
            )
        return result


#: A kept link-state row: ``(id, start, stop, vector bytes or None, data)``.
LinkRow = tuple[str, str | None, str | None, bytes | None, str]


def _link_row(row: Row) -> LinkRow:
    vector = bytes(row[3]) if row[3] is not None else None
    return (row[0], row[1], row[2], vector, row[4])


#: What marks a matched word in a search snippet (private-use characters, which no text
#: holds: the web layer escapes the snippet, then turns these into ``<mark>``).
HIT_START = "\ue000"
HIT_END = "\ue001"


def doc_hash(title: str, body: str) -> str:
    """Names the text a search vector is computed from, so a vector outlives a rebuild that
    leaves the text unchanged."""
    return hashlib.sha256(f"{title}\x00{body}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Hit:
    """One search result: an article (ref = its id), a quote (``article:seq``) or a timeline
    entry (``story:seq``)."""

    kind: str
    ref: str
    article_id: str | None
    title: str
    snippet: str
    score: float


@dataclass(frozen=True)
class ArticleBrief:
    """An article as lists show it."""

    id: str
    title: str
    outlet: str
    source: str
    language: str
    published_start: str | None
    published_end: str | None
    duplicate_of: str | None
    dependency: str | None

    @classmethod
    def from_row(cls, row: Row) -> ArticleBrief:
        return cls(*row)


def _kind_literal(kind: str) -> str:
    """An extraction kind as an SQL literal: the kinds are this package's own names."""
    if not kind.replace("_", "").isalpha():
        raise ValueError(f"not an extraction kind: {kind!r}")
    return kind


def _first_overlap(spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    """The entity of the first (leftmost) of ``spans`` (sorted by start) overlapping
    ``[start, end)``, or ""; mentions are short, so only those starting shortly before
    ``start`` can reach into it."""
    import bisect

    last = bisect.bisect_left(spans, (end,))  # spans at or after ``end`` cannot overlap
    first = bisect.bisect_left(spans, (start - 500,))
    for a, b, entity in spans[first:last]:
        if a < end and start < b:
            return entity
    return ""


def _without_text(article: Article) -> Article:
    return replace(article, text="")


def _article_from_row(row: Row) -> Article:
    """``articles.text`` holds the text; ``articles.data`` the rest (stored without it)."""
    return replace(load(Article, row[1]), text=row[0])
