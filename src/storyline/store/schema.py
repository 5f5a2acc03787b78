"""Schema migrations, in order, for every backend.

A store records the number of the last migration applied: SQLite in ``PRAGMA user_version``,
PostgreSQL in a one-row ``schema_version`` table. Append a migration to change the schema;
never edit one that has shipped. Each migration is one step of one numbered list, with SQL per
dialect only where the dialects must differ (PostgreSQL has no BLOB, a 4-byte REAL, ``end`` as
a reserved word, no rowid, and sorts text by the database's locale unless told ``COLLATE "C"``,
which every PostgreSQL text column is, so that both backends order and compare text bytewise).

Tables keep the key columns that queries filter on as real columns and the rest of each object
as JSON text (``data``), so that the model can grow without a migration for every new field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Dialect = Literal["sqlite", "postgresql"]


@dataclass(frozen=True)
class Migration:
    """One schema step: its SQLite script and, where it must differ, its PostgreSQL one."""

    sqlite: str
    postgresql: str | None = None
    #: What separates the statements of a script: ``;`` unless a statement holds one (a
    #: trigger's body), when the script separates them with a line of its own instead.
    separator: str = ";"

    def script(self, dialect: Dialect) -> str:
        if dialect == "postgresql" and self.postgresql is not None:
            return self.postgresql
        return self.sqlite

    def statements(self, dialect: Dialect) -> list[str]:
        """The script split into statements (no migration puts a ``;`` inside a literal)."""
        return [s.strip() for s in self.script(dialect).split(self.separator) if s.strip()]


# The SQLite scripts exactly as they shipped (SQLite keeps their text in sqlite_master).
_SQLITE_1 = """
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
    """

_SQLITE_2 = """
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
    """


#: Separates the statements of migration 3, whose SQLite triggers hold ``;`` in their bodies.
_STATEMENT = "-- statement --"

# 3 (SQLite): what the search reads. ``search_docs`` has one row per searchable thing (an
# article, a quote, a timeline entry), kept by the store's own writes; ``search_fts`` is an FTS5
# index over it, kept in step by triggers (which also see the rows that an article's deletion
# removes by cascade). Porter stemming over unicode61 (diacritics folded), so that "elections"
# finds "election" and "Mexico" finds "México". Existing stores are filled from what they hold.
_SQLITE_3 = """
    CREATE TABLE search_docs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        article_id TEXT REFERENCES articles(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        hash TEXT NOT NULL
    )
    -- statement --
    CREATE INDEX search_docs_article ON search_docs(article_id)
    -- statement --
    CREATE INDEX search_docs_kind ON search_docs(kind, ref)
    -- statement --
    CREATE INDEX search_docs_hash ON search_docs(hash)
    -- statement --
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_docs', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    -- statement --
    CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    -- statement --
    CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    -- statement --
    CREATE TABLE search_vectors (hash TEXT PRIMARY KEY, vector BLOB NOT NULL)
    -- statement --
    INSERT INTO search_docs (kind, ref, article_id, title, body, hash)
    SELECT 'article', id, id, title, text, '' FROM articles
    -- statement --
    INSERT INTO search_docs (kind, ref, article_id, title, body, hash)
    SELECT 'quote', article_id || ':' || seq, article_id,
           COALESCE(json_extract(data, '$.speaker'), ''), json_extract(data, '$.text'), ''
    FROM extractions WHERE kind = 'quotes'
    -- statement --
    INSERT INTO search_docs (kind, ref, article_id, title, body, hash)
    SELECT 'entry', t.story_id || ':' || t.seq, NULL,
           COALESCE((SELECT json_extract(s.data, '$.title') FROM stories s
                     WHERE s.id = t.story_id), ''),
           COALESCE((SELECT group_concat(json_extract(value, '$.text'), ' ')
                     FROM json_each(t.data, '$.summary')), ''),
           ''
    FROM timeline_entries t
    """

# 3 (PostgreSQL): the same table, searched through a stored tsvector (the 'english'
# configuration: stemming as SQLite's porter does) and its GIN index.
_POSTGRESQL_3 = """
    CREATE TABLE search_docs (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        kind TEXT COLLATE "C" NOT NULL,
        ref TEXT COLLATE "C" NOT NULL,
        article_id TEXT COLLATE "C" REFERENCES articles(id) ON DELETE CASCADE,
        title TEXT COLLATE "C" NOT NULL,
        body TEXT COLLATE "C" NOT NULL,
        hash TEXT COLLATE "C" NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', title), 'A') || to_tsvector('english', body)
        ) STORED
    )
    -- statement --
    CREATE INDEX search_docs_article ON search_docs(article_id)
    -- statement --
    CREATE INDEX search_docs_kind ON search_docs(kind, ref)
    -- statement --
    CREATE INDEX search_docs_hash ON search_docs(hash)
    -- statement --
    CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)
    -- statement --
    CREATE TABLE search_vectors (hash TEXT COLLATE "C" PRIMARY KEY, vector BYTEA NOT NULL)
    -- statement --
    INSERT INTO search_docs (kind, ref, article_id, title, body, hash)
    SELECT 'article', id, id, title, text, '' FROM articles
    -- statement --
    INSERT INTO search_docs (kind, ref, article_id, title, body, hash)
    SELECT 'quote', article_id || ':' || seq, article_id,
           COALESCE((data::jsonb) ->> 'speaker', ''), COALESCE((data::jsonb) ->> 'text', ''), ''
    FROM extractions WHERE kind = 'quotes'
    -- statement --
    INSERT INTO search_docs (kind, ref, article_id, title, body, hash)
    SELECT 'entry', t.story_id || ':' || t.seq, NULL,
           COALESCE((SELECT (s.data::jsonb) ->> 'title' FROM stories s
                     WHERE s.id = t.story_id), ''),
           COALESCE((SELECT string_agg(x ->> 'text', ' ')
                     FROM jsonb_array_elements((t.data::jsonb) -> 'summary') AS x), ''),
           ''
    FROM timeline_entries t
    """


MIGRATIONS: tuple[Migration, ...] = (
    # 1: articles, their raw input, per-article extractions, failures and stage bookkeeping.
    Migration(
        sqlite=_SQLITE_1,
        postgresql="""
        CREATE TABLE articles (
            id TEXT COLLATE "C" PRIMARY KEY,
            source TEXT COLLATE "C" NOT NULL,
            title TEXT COLLATE "C" NOT NULL DEFAULT '',
            outlet TEXT COLLATE "C" NOT NULL DEFAULT '',
            language TEXT COLLATE "C" NOT NULL DEFAULT 'und',
            published_start TEXT COLLATE "C",
            published_end TEXT COLLATE "C",
            text TEXT COLLATE "C" NOT NULL,
            data TEXT COLLATE "C" NOT NULL,
            added_at TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX articles_published ON articles(published_start);
        CREATE TABLE raw_inputs (
            article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            media_type TEXT COLLATE "C" NOT NULL,
            metadata TEXT COLLATE "C" NOT NULL,
            raw_text TEXT COLLATE "C" NOT NULL,
            data BYTEA NOT NULL
        );
        CREATE TABLE sources (
            source TEXT COLLATE "C" PRIMARY KEY,
            article_id TEXT COLLATE "C" NOT NULL,
            content_hash TEXT COLLATE "C" NOT NULL,
            seen_at TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX sources_article ON sources(article_id);
        CREATE TABLE sentences (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        );
        CREATE TABLE extractions (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT COLLATE "C" NOT NULL,
            seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            data TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (article_id, kind, seq)
        );
        CREATE INDEX extractions_kind ON extractions(kind);
        CREATE TABLE stage_runs (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            stage TEXT COLLATE "C" NOT NULL,
            version TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (article_id, stage)
        );
        CREATE TABLE failures (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            source TEXT COLLATE "C" NOT NULL,
            stage TEXT COLLATE "C" NOT NULL,
            article_id TEXT COLLATE "C" NOT NULL DEFAULT '',
            reason TEXT COLLATE "C" NOT NULL,
            error TEXT COLLATE "C" NOT NULL,
            transient INTEGER NOT NULL DEFAULT 0,
            at TEXT COLLATE "C" NOT NULL,
            UNIQUE (source, stage)
        );
        """,
    ),
    # 2: what the corpus stages build; replaced whole by each corpus run.
    Migration(
        sqlite=_SQLITE_2,
        postgresql="""
        CREATE TABLE entities (id TEXT COLLATE "C" PRIMARY KEY, name TEXT COLLATE "C" NOT NULL,
                               type TEXT COLLATE "C" NOT NULL, data TEXT COLLATE "C" NOT NULL);
        CREATE TABLE entity_mentions (
            article_id TEXT COLLATE "C" NOT NULL,
            seq INTEGER NOT NULL,
            entity_id TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (article_id, seq)
        );
        CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
        CREATE TABLE duplicates (article_id TEXT COLLATE "C" PRIMARY KEY,
                                 original_id TEXT COLLATE "C" NOT NULL,
                                 kind TEXT COLLATE "C" NOT NULL,
                                 similarity DOUBLE PRECISION NOT NULL);
        CREATE TABLE events (id TEXT COLLATE "C" PRIMARY KEY, data TEXT COLLATE "C" NOT NULL);
        CREATE TABLE event_articles (event_id TEXT COLLATE "C" NOT NULL,
                                     article_id TEXT COLLATE "C" NOT NULL,
                                     PRIMARY KEY (event_id, article_id));
        CREATE INDEX event_articles_article ON event_articles(article_id);
        CREATE TABLE happenings (id TEXT COLLATE "C" PRIMARY KEY, start TEXT COLLATE "C" NOT NULL,
                                 data TEXT COLLATE "C" NOT NULL);
        CREATE TABLE stories (id TEXT COLLATE "C" PRIMARY KEY, seq INTEGER NOT NULL,
                              data TEXT COLLATE "C" NOT NULL);
        CREATE TABLE timeline_entries (story_id TEXT COLLATE "C" NOT NULL, seq INTEGER NOT NULL,
                                       data TEXT COLLATE "C" NOT NULL,
                                       PRIMARY KEY (story_id, seq));
        CREATE TABLE discrepancies (id TEXT COLLATE "C" PRIMARY KEY,
                                    story_id TEXT COLLATE "C" NOT NULL,
                                    data TEXT COLLATE "C" NOT NULL);
        CREATE TABLE corpus_state (key TEXT COLLATE "C" PRIMARY KEY,
                                   value TEXT COLLATE "C" NOT NULL);
        """,
    ),
    # 3: keyword search over articles, quotes and timeline entries (SQLite FTS5, PostgreSQL
    # full-text search) and the sentence vectors of meaning search. Rows backfilled here get
    # their ``hash`` (of the text a vector is computed from) at the next meaning indexing.
    Migration(sqlite=_SQLITE_3, postgresql=_POSTGRESQL_3, separator=_STATEMENT),
    # 4: sentence vectors kept between builds, by a hash of the model and the text: linking
    # after an added article embeds only the sentences no earlier build embedded.
    Migration(
        sqlite="CREATE TABLE text_vectors (hash TEXT PRIMARY KEY, vector BLOB NOT NULL)",
        postgresql=(
            'CREATE TABLE text_vectors (hash TEXT COLLATE "C" PRIMARY KEY, vector BYTEA NOT NULL)'
        ),
    ),
    # 5: what linking one more article needs without reading the corpus: each linked
    # article's gist, each event's centroid and specifics, each story's summed vector, each
    # happening's mean report vector and date span (``kind`` says which; ``start``/``stop``
    # are ISO days where the thing has them, in an index that answers "which of these ids
    # meet this span" without reading the rows), and the MinHash LSH band keys of every article.
    Migration(
        sqlite="""
            CREATE TABLE link_state (kind TEXT NOT NULL, id TEXT NOT NULL, start TEXT,
                stop TEXT, vector BLOB, data TEXT NOT NULL DEFAULT '', PRIMARY KEY (kind, id));
            CREATE INDEX link_state_span ON link_state (kind, id, start, stop);
            CREATE TABLE link_bands (band TEXT NOT NULL, article_id TEXT NOT NULL,
                PRIMARY KEY (band, article_id))
        """,
        postgresql="""
            CREATE TABLE link_state (kind TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL,
                start TEXT COLLATE "C", stop TEXT COLLATE "C", vector BYTEA,
                data TEXT COLLATE "C" NOT NULL DEFAULT '', PRIMARY KEY (kind, id));
            CREATE INDEX link_state_span ON link_state (kind, id, start, stop);
            CREATE TABLE link_bands (band TEXT COLLATE "C" NOT NULL,
                article_id TEXT COLLATE "C" NOT NULL, PRIMARY KEY (band, article_id))
        """,
    ),
    # 6: stories by their place: where the next new story goes (the last place) is found
    # without a pass over every story, which an incremental link paid after each story it
    # joined into another (15 ms at 39,000 stories).
    Migration(sqlite="CREATE INDEX stories_seq ON stories (seq)"),
    # 7: PostgreSQL keeps vectors in their rows. A row over 2 kB has its largest values moved
    # to a side table (TOAST) by default, and a 2 kB vector always is: reading one row then
    # costs a second index lookup. Rows of up to 8,160 bytes (a page) now stay whole; the
    # vectors, which do not compress, are not tried. Rows written before keep their place.
    # (SQLite keeps a row's values together anyway.)
    Migration(
        sqlite="",
        postgresql="""
            ALTER TABLE link_state SET (toast_tuple_target = 8160);
            ALTER TABLE link_state ALTER COLUMN vector SET STORAGE MAIN;
            ALTER TABLE text_vectors SET (toast_tuple_target = 8160);
            ALTER TABLE text_vectors ALTER COLUMN vector SET STORAGE MAIN;
            ALTER TABLE search_vectors SET (toast_tuple_target = 8160);
            ALTER TABLE search_vectors ALTER COLUMN vector SET STORAGE MAIN
        """,
    ),
    # 8: a ``dating`` row's ``start`` is the article's day where its date is stated (the
    # days that vote in dating others), so that dating a new article finds the closest of
    # those from the index alone; rows written before take it from their data (a row whose
    # data is not a JSON object keeps no start: it never voted).
    Migration(
        sqlite="""
            UPDATE link_state SET start = json_extract(data, '$.published.interval.start')
            WHERE kind = 'dating' AND CASE WHEN json_valid(data) THEN
                json_extract(data, '$.published.provenance')
                    IN ('sidecar', 'feed', 'metadata', 'text')
                AND json_extract(data, '$.published.interval.start')
                    = json_extract(data, '$.published.interval.end')
              ELSE 0 END
        """,
        postgresql="""
            UPDATE link_state SET start = (data::jsonb) #>> '{published,interval,start}'
            WHERE kind = 'dating' AND CASE WHEN data LIKE '{%' THEN
                (data::jsonb) #>> '{published,provenance}'
                    IN ('sidecar', 'feed', 'metadata', 'text')
                AND (data::jsonb) #>> '{published,interval,start}'
                    = (data::jsonb) #>> '{published,interval,end}'
              ELSE false END
        """,
    ),
)
