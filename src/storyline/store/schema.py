"""Schema migrations, in order. A store records the last one applied in ``PRAGMA user_version``.

Append a migration to change the schema; never edit one that has shipped. Tables keep the key
columns that queries filter on as real columns and the rest of each object as JSON (``data``),
so that the model can grow without a migration for every new field.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, their raw input, per-article extractions, failures and stage bookkeeping.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        outlet TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'und',
        published_start TEXT,
        published_end TEXT,
        text TEXT NOT NULL,
        data TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published_start);
    CREATE TABLE raw_inputs (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        media_type TEXT NOT NULL,
        metadata TEXT NOT NULL,
        raw_text TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE sources (
        source TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        seen_at TEXT NOT NULL
    );
    CREATE INDEX sources_article ON sources(article_id);
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    );
    CREATE TABLE extractions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (article_id, kind, seq)
    );
    CREATE INDEX extractions_kind ON extractions(kind);
    CREATE TABLE stage_runs (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (article_id, stage)
    );
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        article_id TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        error TEXT NOT NULL,
        transient INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL,
        UNIQUE (source, stage)
    );
    """,
    # 2: what the corpus stages build; replaced whole by each corpus run.
    """
    CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,
                           data TEXT NOT NULL);
    CREATE TABLE entity_mentions (
        article_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
    );
    CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
    CREATE TABLE duplicates (article_id TEXT PRIMARY KEY, original_id TEXT NOT NULL,
                             kind TEXT NOT NULL, similarity REAL NOT NULL);
    CREATE TABLE events (id TEXT PRIMARY KEY, data TEXT NOT NULL);
    CREATE TABLE event_articles (event_id TEXT NOT NULL, article_id TEXT NOT NULL,
                                 PRIMARY KEY (event_id, article_id));
    CREATE INDEX event_articles_article ON event_articles(article_id);
    CREATE TABLE happenings (id TEXT PRIMARY KEY, start TEXT NOT NULL, data TEXT NOT NULL);
    CREATE TABLE stories (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL);
    CREATE TABLE timeline_entries (story_id TEXT NOT NULL, seq INTEGER NOT NULL,
                                   data TEXT NOT NULL, PRIMARY KEY (story_id, seq));
    CREATE TABLE discrepancies (id TEXT PRIMARY KEY, story_id TEXT NOT NULL, data TEXT NOT NULL);
    CREATE TABLE corpus_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)
