"""The SQLite store: the only place that speaks SQL.

One file, WAL journal (readers never block the writer), foreign keys on, migrations applied on
open. A build holds an exclusive lock file beside the database so that two builds never write
one store at once; readers need no lock.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

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
    Sentence,
    Story,
    TimelineEntry,
    from_dict,
    to_dict,
)
from storyline.store.schema import MIGRATIONS

T = TypeVar("T")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _dump(obj: Any) -> str:
    return json.dumps(to_dict(obj), ensure_ascii=False, sort_keys=True)


class SQLiteStore:
    """A storyline database in one SQLite file."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.exists():
            raise StoreError(f"no storyline database at {self.path}")
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
            self.db = sqlite3.connect(uri, uri=readonly, timeout=30.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        self.db.row_factory = sqlite3.Row
        self._lock_file: IO[str] | None = None
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
            elif self.schema_version() < len(MIGRATIONS):
                raise StoreError(f"{self.path} is not a storyline database of this version")
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{self.path} is not a storyline database: {exc}") from exc

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self.release_build_lock()
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        try:
            current = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a SQLite database: {exc}") from exc
        for version, script in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            with self.transaction():
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {version}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: everything inside lands together or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def acquire_build_lock(self) -> None:
        """Refuse a second concurrent build on this store (the lock dies with its process)."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the build
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise BuildLockedError(
                f"another build is writing {self.path} ({holder}); wait for it to finish"
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {_now()}")
        handle.flush()
        self._lock_file = handle

    def release_build_lock(self) -> None:
        if getattr(self, "_lock_file", None) is not None:
            assert self._lock_file is not None
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    # -- sources and articles --------------------------------------------------------------

    def source_hash(self, source: str) -> tuple[str, str] | None:
        """The article id and content hash last ingested from ``source``."""
        row = self.db.execute(
            "SELECT article_id, content_hash FROM sources WHERE source = ?", (source,)
        ).fetchone()
        return (row["article_id"], row["content_hash"]) if row else None

    def has_article(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def put_article(
        self,
        article: Article,
        *,
        raw: bytes,
        raw_text: str,
        media_type: str,
        metadata: dict[str, str],
    ) -> None:
        """Insert or replace an article with its raw input (inside a transaction)."""
        published = article.published.interval
        self.db.execute(
            "INSERT OR REPLACE INTO articles (id, source, title, outlet, language,"
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
                _dump(_without_text(article)),
                _now(),
            ),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO raw_inputs (article_id, media_type, metadata, raw_text, data)"
            " VALUES (?, ?, ?, ?, ?)",
            (article.id, media_type, json.dumps(metadata, sort_keys=True), raw_text, raw),
        )

    def link_source(self, source: str, article_id: str, content_hash: str) -> str | None:
        """Point ``source`` at ``article_id``; returns the article it pointed at before, if
        that article is now referenced by no source (the caller may drop it)."""
        previous = self.source_hash(source)
        self.db.execute(
            "INSERT OR REPLACE INTO sources (source, article_id, content_hash, seen_at)"
            " VALUES (?, ?, ?, ?)",
            (source, article_id, content_hash, _now()),
        )
        if previous and previous[0] != article_id:
            still = self.db.execute(
                "SELECT 1 FROM sources WHERE article_id = ?", (previous[0],)
            ).fetchone()
            if not still:
                return previous[0]
        return None

    def delete_article(self, article_id: str) -> None:
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def update_published(self, article_id: str, published: PublicationDate) -> None:
        article = self.article(article_id)
        if article is None:
            return
        from dataclasses import replace

        updated = replace(article, published=published)
        interval = published.interval
        self.db.execute(
            "UPDATE articles SET data = ?, published_start = ?, published_end = ? WHERE id = ?",
            (
                _dump(_without_text(updated)),
                interval.start.isoformat() if interval else None,
                interval.end.isoformat() if interval else None,
                article_id,
            ),
        )

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY source, id")]

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            "SELECT text, data FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article_from_row(row) if row else None

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT text, data FROM articles ORDER BY source, id")
        return [_article_from_row(r) for r in rows]

    def raw_input(self, article_id: str) -> tuple[bytes, str, str, dict[str, str]] | None:
        """The bytes as they came, the decoded raw text, the media type and the metadata."""
        row = self.db.execute(
            "SELECT data, raw_text, media_type, metadata FROM raw_inputs WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        if not row:
            return None
        return bytes(row["data"]), row["raw_text"], row["media_type"], json.loads(row["metadata"])

    def find_articles(self, prefix: str) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id LIKE ? ORDER BY id", (prefix + "%",)
        )
        return [r[0] for r in rows]

    # -- per-article analysis ----------------------------------------------------------------

    def put_sentences(self, article_id: str, sentences: Sequence[Sentence]) -> None:
        self.db.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
        self.db.executemany(
            "INSERT INTO sentences (article_id, idx, start, end, paragraph) VALUES (?,?,?,?,?)",
            [(article_id, s.index, s.start, s.end, s.paragraph) for s in sentences],
        )

    def sentences(self, article_id: str) -> list[Sentence]:
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if not row:
            return []
        text = row[0]
        rows = self.db.execute(
            "SELECT idx, start, end, paragraph FROM sentences WHERE article_id = ? ORDER BY idx",
            (article_id,),
        )
        return [
            Sentence(
                article_id,
                r["idx"],
                r["start"],
                r["end"],
                text[r["start"] : r["end"]],
                r["paragraph"],
            )
            for r in rows
        ]

    def put_extractions(self, article_id: str, kind: str, items: Sequence[Any]) -> None:
        """Replace the article's extractions of one kind (mentions, time_mentions, ...)."""
        self.db.execute(
            "DELETE FROM extractions WHERE article_id = ? AND kind = ?", (article_id, kind)
        )
        self.db.executemany(
            "INSERT INTO extractions (article_id, kind, seq, start, end, data)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (article_id, kind, seq, item.start, item.end, _dump(item))
                for seq, item in enumerate(items)
            ],
        )

    def extractions(self, kind: str, cls: type[T], article_id: str | None = None) -> list[T]:
        if article_id is None:
            rows = self.db.execute(
                "SELECT data FROM extractions WHERE kind = ? ORDER BY article_id, seq", (kind,)
            )
        else:
            rows = self.db.execute(
                "SELECT data FROM extractions WHERE kind = ? AND article_id = ? ORDER BY seq",
                (kind, article_id),
            )
        return [from_dict(cls, json.loads(r[0])) for r in rows]

    def stage_versions(self, article_id: str) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT stage, version FROM stage_runs WHERE article_id = ?", (article_id,)
        )
        return {r[0]: r[1] for r in rows}

    def mark_stage(self, article_id: str, stage: str, version: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO stage_runs (article_id, stage, version) VALUES (?, ?, ?)",
            (article_id, stage, version),
        )

    def clear_stage(self, article_id: str, stage: str) -> None:
        self.db.execute(
            "DELETE FROM stage_runs WHERE article_id = ? AND stage = ?", (article_id, stage)
        )

    # -- failures ----------------------------------------------------------------------------

    def record_failure(self, failure: Failure) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO failures (source, stage, article_id, reason, error,"
            " transient, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                failure.source,
                failure.stage,
                failure.article_id,
                failure.reason,
                failure.error,
                int(failure.transient),
                failure.at or _now(),
            ),
        )

    def clear_failures(self, source: str, stages: Iterable[str] | None = None) -> None:
        if stages is None:
            self.db.execute("DELETE FROM failures WHERE source = ?", (source,))
        else:
            self.db.executemany(
                "DELETE FROM failures WHERE source = ? AND stage = ?",
                [(source, s) for s in stages],
            )

    def failures(self) -> list[Failure]:
        rows = self.db.execute(
            "SELECT source, stage, reason, error, article_id, transient, at FROM failures"
            " ORDER BY source, stage"
        )
        return [
            Failure(
                r["source"],
                r["stage"],
                r["reason"],
                r["error"],
                r["article_id"],
                bool(r["transient"]),
                r["at"],
            )
            for r in rows
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
        for table in (
            "entities",
            "entity_mentions",
            "duplicates",
            "events",
            "event_articles",
            "happenings",
            "stories",
            "timeline_entries",
            "discrepancies",
        ):
            self.db.execute(f"DELETE FROM {table}")
        self.db.executemany(
            "INSERT INTO entities (id, name, type, data) VALUES (?, ?, ?, ?)",
            [(e.id, e.name, e.type, _dump(e)) for e in entities],
        )
        self.db.executemany(
            "INSERT INTO entity_mentions (article_id, seq, entity_id) VALUES (?, ?, ?)",
            mention_entities,
        )
        self.db.executemany(
            "INSERT INTO duplicates (article_id, original_id, kind, similarity) VALUES (?,?,?,?)",
            [(d.article_id, d.original_id, d.kind, d.similarity) for d in duplicates],
        )
        self.db.executemany(
            "INSERT INTO events (id, data) VALUES (?, ?)", [(e.id, _dump(e)) for e in events]
        )
        self.db.executemany(
            "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?)",
            [(e.id, a) for e in events for a in e.article_ids],
        )
        self.db.executemany(
            "INSERT INTO happenings (id, start, data) VALUES (?, ?, ?)",
            [(h.id, h.date.start.isoformat(), _dump(h)) for h in happenings],
        )
        self.db.executemany(
            "INSERT INTO stories (id, seq, data) VALUES (?, ?, ?)",
            [(s.id, i, _dump(s)) for i, s in enumerate(stories)],
        )
        self.db.executemany(
            "INSERT INTO timeline_entries (story_id, seq, data) VALUES (?, ?, ?)",
            [
                (story_id, i, _dump(entry))
                for story_id, entries in timelines.items()
                for i, entry in enumerate(entries)
            ],
        )
        self.db.executemany(
            "INSERT INTO discrepancies (id, story_id, data) VALUES (?, ?, ?)",
            [(d.id, d.story_id, _dump(d)) for d in discrepancies],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO corpus_state (key, value) VALUES (?, ?)",
            list(state.items()),
        )

    def corpus_state(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT key, value FROM corpus_state")}

    def entities(self) -> list[Entity]:
        rows = self.db.execute("SELECT data FROM entities ORDER BY name, id")
        return [from_dict(Entity, json.loads(r[0])) for r in rows]

    def entity(self, entity_id: str) -> Entity | None:
        row = self.db.execute("SELECT data FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return from_dict(Entity, json.loads(row[0])) if row else None

    def find_entities(self, text: str) -> list[Entity]:
        """Entities whose id starts with ``text`` or whose name or alias equals it."""
        found = [e for e in self.entities() if e.id.startswith(text)]
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
            rows = self.db.execute("SELECT article_id, seq, entity_id FROM entity_mentions")
        else:
            rows = self.db.execute(
                "SELECT article_id, seq, entity_id FROM entity_mentions WHERE article_id = ?",
                (article_id,),
            )
        return {(r[0], r[1]): r[2] for r in rows}

    def duplicates(self) -> list[Duplicate]:
        rows = self.db.execute(
            "SELECT article_id, original_id, kind, similarity FROM duplicates ORDER BY article_id"
        )
        return [Duplicate(r[0], r[1], r[2], r[3]) for r in rows]

    def events(self) -> list[Event]:
        rows = self.db.execute("SELECT data FROM events ORDER BY id")
        return [from_dict(Event, json.loads(r[0])) for r in rows]

    def event(self, event_id: str) -> Event | None:
        row = self.db.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        return from_dict(Event, json.loads(row[0])) if row else None

    def happenings(self) -> list[Happening]:
        rows = self.db.execute("SELECT data FROM happenings ORDER BY start, id")
        return [from_dict(Happening, json.loads(r[0])) for r in rows]

    def stories(self) -> list[Story]:
        rows = self.db.execute("SELECT data FROM stories ORDER BY seq")
        return [from_dict(Story, json.loads(r[0])) for r in rows]

    def timeline(self, story_id: str) -> list[TimelineEntry]:
        rows = self.db.execute(
            "SELECT data FROM timeline_entries WHERE story_id = ? ORDER BY seq", (story_id,)
        )
        return [from_dict(TimelineEntry, json.loads(r[0])) for r in rows]

    def discrepancies(self) -> list[Discrepancy]:
        rows = self.db.execute("SELECT data FROM discrepancies ORDER BY id")
        return [from_dict(Discrepancy, json.loads(r[0])) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many of each thing the store holds (for summaries and tests)."""
        tables = ("articles", "entities", "events", "happenings", "stories", "failures")
        result = {
            t: int(self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
            for t in tables
        }
        for kind in ("mentions", "time_mentions", "quotes", "figures"):
            result[kind] = int(
                self.db.execute(
                    "SELECT COUNT(*) FROM extractions WHERE kind = ?", (kind,)
                ).fetchone()[0]
            )
        return result


def _without_text(article: Article) -> Article:
    from dataclasses import replace

    return replace(article, text="")


def _article_from_row(row: sqlite3.Row) -> Article:
    from dataclasses import replace

    article: Article = from_dict(Article, json.loads(row["data"]))
    return replace(article, text=row["text"])
