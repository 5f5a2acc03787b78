"""Linking new articles into a linked store without rerunning the corpus stages.

A build that adds a few articles to a store whose links are current (a full link, see
``link/corpus.py``, wrote the state of ``link/link_state.py``) links each new article in
publication order, reading only what it needs through indexed lookups and in-memory matrices:

- duplicates: its exact-text key and MinHash LSH bands find copies; its gist, compared with every
  linked article's in one matrix product, finds rewrite and translation candidates published
  near it, confirmed by sentence alignment as in a full link. Only an original (an article that
  copies none) can be its counterpart, which it points at, or whose group it becomes the
  original of when it was published first.
- entities: each mention joins the entity of the same name key, the name its acronym abbreviates,
  or the one person whose full name ends with it, bringing its spellings and roles; otherwise
  it starts an entity, and a new name that looks like a spelling of a known one is flagged as
  its variant, both ways.
- events: a copy joins its original's event; otherwise the event whose centroid is close, whose
  specifics it shares and whose dates are near (the rules of ``link/events.py``); else it starts
  one. An event keeps its id when it grows.
- happenings: each dated sentence joins the happening of overlapping span that it tells (the
  rules of ``link/happenings.same_happening``, against the happening's mean report vector), else
  starts one.
- stories: an article of a known event joins that event's story; a new event joins the story of
  a happening it shares (centroid cosine ≥ ``HAPPENING_STORY_COSINE``) or the closest story whose
  key entities it shares (≥ ``STORY_COSINE``), else it starts one; other stories whose
  articles report its happenings are joined into its story when close (the full link's rule).

Each article is written in its own transaction (on SQLite the write-ahead log is copied into
the database by a thread beside them, ``Store.checkpoints_beside``). An article whose date is
not stated is first dated among its closest linked articles (the rules a full link applies over
the whole corpus). Then the timelines and discrepancies of the stories that changed are told
again. What only a full link does: dating from reports anywhere in the corpus, titling a joined
story afresh, and refreshing the article lists of variants flagged before. ``storyline build
--relink`` runs the full link.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import gc
import json
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from datasketch import MinHash

from storyline.analyse.places import place_of_key
from storyline.link.corpus import Corpus, stable_id
from storyline.link.cosine_index import CosineIndex, Products
from storyline.link.dating import STATED, refine_dates
from storyline.link.dating_similar import votes
from storyline.link.duplicates import (
    ALIGN_CHUNK,
    ALIGNED_SHARE,
    ARTICLE_COSINE,
    CANDIDATE_SPECIFICS,
    REWRITE_DAYS,
    SHARED_SPECIFICS,
    TOP_ALIGNMENT,
    aligned_share,
    band_keys,
    best_alignments,
    estimated_jaccard,
    minhash,
    original_rank,
    published_near,
    shared_specifics,
    specifics,
    specifics_from_key,
    specifics_hashes,
    specifics_key,
    top_alignment,
)
from storyline.link.embeddings import Vectors, unit_rows
from storyline.link.entities import (
    TYPE_FAMILIES,
    VARIANT_RATIO,
    acronym,
    mention_surfaces,
    name_key,
    variant_block,
    variant_similarity,
)
from storyline.link.events import JOIN_COSINE, JOIN_SPECIFICS, MAX_GAP, _hull
from storyline.link.growing import GrowingRows, stacked, with_room
from storyline.link.happening_join import HappeningJoin, Related
from storyline.link.happenings import _candidates, _happening
from storyline.link.link_state import (
    article_data,
    article_day,
    dating_row,
    happening_row,
    read_data,
    story_data,
    to_bytes,
    unit,
)
from storyline.link.neighbour_reads import NeighbourReads
from storyline.link.stories import (
    HAPPENING_STORY_COSINE,
    KEY_ENTITIES,
    MIN_SHARED_ENTITIES,
    STORY_COSINE,
)
from storyline.link.text_keys import kept_text_keys, text_keys
from storyline.link.written import WrittenArticles
from storyline.models import (
    Article,
    DateInterval,
    Duplicate,
    Entity,
    Event,
    Happening,
    NameVariant,
    Story,
)
from storyline.pipeline import BuildOptions
from storyline.progress import Progress, SilentProgress
from storyline.store import Store
from storyline.store.base import LinkRow

#: Where a new article's dated sentences look for the happenings they may join: among those
#: reported by this many of the articles closest to it, if at least this close.
RELATED_ARTICLES = 100
RELATED_COSINE = 0.3
#: A new article's closest rewrite candidates (this many) are aligned first, the others only
#: if none of these is what it rewrites.
FIRST_ALIGNED = 8
#: An undated new article is dated among this many linked articles with a stated day
#: closest to it (gist cosine), the ones that vote, and ``DATING_NEIGHBOURS`` closest of any
#: kind (what they say of a month's year or someone's tenure counts too). A full link reads
#: the whole corpus, but what dates an article is the reports of its own news and topic,
#: which are among the closest. Measured on Timeline17 (docs/quality.md), the 100 closest
#: voters and the 30 date better than the 100 closest of every kind, about two thirds of
#: which do not vote (within 3 days 0.6038 against 0.5875, interval coverage 0.9728
#: against 0.9479).
DATING_VOTERS = 100
DATING_NEIGHBOURS = 30
_STORY_ENTITY_TYPES = ("PERSON", "ORG", "GPE", "EVENT", "LOC")


@dataclass
class LinkTimes:
    """Seconds per new article: the model's work in linking it (embedding its sentences,
    per-article work that a full link also does, and those of the articles it is compared
    with that no build kept) and the rest of linking it (lookups, decisions, writes)."""

    embed: list[float] = field(default_factory=list)
    link: list[float] = field(default_factory=list)
    #: Of ``link``: dating an article whose date is not stated (0 for the others), less the
    #: model's work in it.
    dating: list[float] = field(default_factory=list)
    #: Seconds to write the batch's entities and tell its changed stories again.
    timelines: float = 0.0


@dataclass(frozen=True)
class _TextKeys:
    """What an article's text gives the lookups, computed once per article."""

    minhash: MinHash
    bands: list[str]
    exact: str
    specifics: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _TextKeys:
        """The keys the process that analysed the article worked out (``text_keys``), else
        read here as it reads them: reading them again (about 3 ms an article, most of it
        the MinHash) is per-article analysis, not linking."""
        keys = kept_text_keys(text) or text_keys(text)
        return cls(keys.minhash, band_keys(keys.minhash), keys.exact, keys.specifics)


class _EventSpans:
    """Each event's span as day ordinals, in the rows of the centroid matrix: the events an
    article may join (``events._near_in_time``) found by one array comparison, so that only
    their centroids are multiplied with its gist, not every event's."""

    #: An event without a date is near every article (and every event is near an article
    #: without one): its span is open both ways.
    OPEN = (np.iinfo(np.int64).min // 2, np.iinfo(np.int64).max // 2)

    def __init__(self, dates: Sequence[DateInterval | None]) -> None:
        self.size = 0
        self.starts = np.zeros(max(16, 2 * len(dates)), dtype=np.int64)
        self.stops = np.zeros_like(self.starts)
        for date in dates:
            self.append(date)

    def set(self, row: int, date: DateInterval | None) -> None:
        start, stop = (date.start.toordinal(), date.end.toordinal()) if date else self.OPEN
        self.starts[row], self.stops[row] = start, stop

    def append(self, date: DateInterval | None) -> None:
        self.starts = with_room(self.starts, self.size)
        self.stops = with_room(self.stops, self.size)
        self.set(self.size, date)
        self.size += 1

    def near(self, date: DateInterval | None) -> np.ndarray:
        """The rows of the events near ``date`` in time (within ``MAX_GAP``), in row order."""
        if date is None:
            return np.arange(self.size)
        gap = MAX_GAP.days
        starts, stops = self.starts[: self.size], self.stops[: self.size]
        return np.flatnonzero(
            (starts - gap <= date.end.toordinal()) & (date.start.toordinal() - gap <= stops)
        )


class _EventSpecifics:
    """Each event's specifics (names and numbers) as postings, by the rows of the centroid
    matrix: the events whose specifics an article shares enough of to join them
    (``JOIN_SPECIFICS``, the overlap coefficient of ``duplicates.shared_specifics``) found by
    counting, so that only their centroids are multiplied with its gist."""

    def __init__(self, lists: Sequence[Sequence[str]]) -> None:
        self.postings: dict[str, array.array[int]] = {}
        self.sizes = np.zeros(max(16, 2 * len(lists)), dtype=np.int64)
        self.size = 0
        for found in lists:
            self.append(list(dict.fromkeys(found)))  # each once, as a set counts them

    def append(self, found: Sequence[str]) -> None:
        self.sizes = with_room(self.sizes, self.size)
        self.size += 1
        self.add(self.size - 1, found)

    def add(self, row: int, new: Sequence[str]) -> None:
        """Specifics the event at ``row`` did not have."""
        for specific in new:
            self.postings.setdefault(specific, array.array("q")).append(row)
        self.sizes[row] += len(new)

    def sharing(self, found: AbstractSet[str]) -> np.ndarray:
        """The rows whose specifics and ``found`` overlap by ``JOIN_SPECIFICS`` or more, in
        row order (the division as ``shared_specifics`` makes it, so the same comparisons)."""
        lists = [self.postings[s] for s in found if s in self.postings]
        if not lists:
            return np.zeros(0, dtype=np.int64)
        hits = np.concatenate([np.frombuffer(posting, dtype=np.int64) for posting in lists])
        counts = np.bincount(hits, minlength=self.size)
        rows = np.flatnonzero(counts)
        smaller = np.minimum(len(found), self.sizes[rows])
        return rows[counts[rows] / smaller >= JOIN_SPECIFICS]


def _row_products(matrix: GrowingRows, rows: np.ndarray, vector: Vectors) -> Vectors:
    """``matrix.view[rows] @ vector``: the rows gathered when they are few, else every row's
    product taken (gathering a fifth of the rows costs about what one pass over all of them
    does: measured at 10,000 and 70,000 rows of 512)."""
    if 5 * len(rows) > matrix.size:
        found: Vectors = (matrix.view @ vector)[rows]
    else:
        found = matrix.data[rows] @ vector
    return found


class IncrementalLinker:
    """Holds what linking needs in memory (gists, event centroids, story vectors, entity
    names), loaded once; :meth:`link` links one article and writes it."""

    def __init__(self, store: Store, options: BuildOptions | None = None) -> None:
        from storyline.link.vector_cache import StoreVectorCache

        self.store = store
        self.options = options or BuildOptions()
        self.cache = StoreVectorCache(store)
        rows = store.link_state("article")
        #: Happenings' link state and happenings as lookups read them, kept likewise.
        self.happening_join = HappeningJoin(store)
        self.happening_join.index_articles(rows)
        self.article_ids = [r[0] for r in rows]
        self.gists = CosineIndex(stacked([r[3] for r in rows]))
        #: Each linked article's stated day by row (a day ordinal; 0 where it has none): those
        #: with one vote in dating new articles, and a rewrite candidate published far from a
        #: new article by its stated day is left out unread.
        stated = dict(store.link_starts("dating"))
        self.stated_days = np.zeros(max(16, 2 * len(rows)), dtype=np.int64)
        self.stated_days[: len(rows)] = [
            dt.date.fromisoformat(stated[i]).toordinal() if i in stated else 0
            for i in self.article_ids
        ]
        rows = store.link_state("event")
        self.event_ids = [r[0] for r in rows]
        self.event_row = {e: i for i, e in enumerate(self.event_ids)}
        self.event_spans = _EventSpans([_interval(r[1], r[2]) for r in rows])
        self.event_data = [r[4] for r in rows]
        self.event_specifics = _EventSpecifics([read_data(r[4]).get("specifics", []) for r in rows])
        self.centroids = GrowingRows(stacked([r[3] for r in rows]))
        rows = store.link_state("story")
        self.story_of_event = _story_of_event(store, rows)
        self.story_ids = [r[0] for r in rows]
        self.story_row = {s: i for i, s in enumerate(self.story_ids)}
        self.story_totals = GrowingRows(stacked([r[3] for r in rows]))
        #: Each story's vector at unit length, for the cosine lookups of a new event's story:
        #: found here, with the rest of the loading, and kept up to date as stories grow
        #: (the first article that started a story used to find every length: 0.2 s at
        #: 100,000 stories).
        self.story_units = CosineIndex(unit_rows(self.story_totals.view))
        self._index_entities(store.entities())
        #: The last article's gist products (its lookups ask them in turn).
        self._products_of = ""
        self.pending: dict[str, Entity] = {}
        #: The articles linked since the last flush that name each pending entity, added to
        #: its article list at the flush: that list can hold tens of thousands of ids, and
        #: copying it for each article cost 3 ms a link at 100,000 articles.
        self.naming: dict[str, list[str]] = {}
        self._products: Products | None = None
        #: The place the next new story takes (after the last story's), kept as this linker
        #: adds stories (only it writes them while it links) instead of a pass over every
        #: story for each new one (15 ms at 39,000 stories); found again after a removal.
        self._next_story_seq: int | None = None
        #: Linked articles as dating reads them, kept between new articles.
        self.dating_reads = NeighbourReads(store)

    # -- entities -------------------------------------------------------------------------

    def _index_entities(self, entities: Sequence[Entity]) -> None:
        self.by_key: dict[str, str] = {}
        self.by_acronym: dict[str, str] = {}
        self.by_suffix: dict[tuple[str, ...], set[str]] = {}
        #: Places by the country or city they are (``analyse.places``): one place's names in
        #: other languages join its entity.
        self.by_place: dict[str, str] = {}
        self.family: dict[str, str] = {}
        #: Entity names by the block they can be spelling variants within, and the entities
        #: this batch created (compared with their blocks when the batch is written).
        self.blocks: dict[tuple[str, int, str], list[tuple[str, str]]] = {}
        self.created: list[str] = []
        for entity in entities:
            self._index_entity(entity)

    def _index_entity(self, entity: Entity) -> None:
        self.family[entity.id] = TYPE_FAMILIES.get(entity.type, entity.type)
        block = variant_block(entity)
        if block is not None:
            self.blocks.setdefault(block, []).append((entity.id, entity.name))
        place_family = self.family[entity.id] == "place"
        for name in (entity.name, *entity.aliases):
            key = name_key(name)
            if key:
                self.by_key.setdefault(key, entity.id)
                place = place_of_key(key) if place_family else None
                if place is not None:
                    self.by_place.setdefault(place, entity.id)
        key = name_key(entity.name)
        if acronym(key):
            self.by_acronym.setdefault(acronym(key), entity.id)
        words = tuple(key.split())
        if entity.type == "PERSON" and len(words) >= 2:
            for k in range(1, len(words)):
                self.by_suffix.setdefault(words[-k:], set()).add(entity.id)

    def _entity_for(self, key: str, mention_type: str) -> str | None:
        family = TYPE_FAMILIES.get(mention_type, mention_type)
        found = self.by_key.get(key)
        if found is not None:
            return found
        found = self.by_acronym.get(key.replace(" ", ""))
        if found is not None and self.family.get(found) == family:
            return found
        if mention_type == "PERSON":
            persons = self.by_suffix.get(tuple(key.split()), set())
            if len(persons) == 1:
                return next(iter(persons))
        if family == "place":
            place = place_of_key(key)
            if place is not None:
                return self.by_place.get(place)
        return None

    def _entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        """These entities as they are now: changed in this batch, else as stored."""
        found = {i: self.pending[i] for i in ids if i in self.pending}
        found.update((e.id, e) for e in self.store.entities_by_id(sorted(set(ids) - set(found))))
        return found

    def flush(self) -> None:
        """Write the entities this batch changed (inside a transaction). Their counts, article
        lists and aliases are kept in memory while articles are linked and written once per
        batch: an entity such as "United States" lists tens of thousands of articles, and
        writing it for every article would cost more than the rest of the link."""
        for entity_id, article_ids in self.naming.items():
            entity = self.pending[entity_id]
            self.pending[entity_id] = replace(
                entity, articles=_with_all(entity.articles, article_ids)
            )
        self.naming.clear()
        self._flag_variants()
        self.store.put_entities([self.pending[i] for i in sorted(self.pending)])
        self.pending.clear()
        self.created.clear()

    def _flag_variants(self) -> None:
        """Flag each entity this batch created and the known names that look like spellings
        of it ("Durian Gap" / "Darien Gap"), both ways, as a full link does; only the new
        names' blocks are read."""
        from rapidfuzz import fuzz, process

        for entity_id in self.created:
            entity = self.pending[entity_id]
            block = variant_block(entity)
            if block is None:
                continue
            others = [(i, n) for i, n in self.blocks.get(block, []) if i != entity_id]
            close = process.extract(
                name_key(entity.name),
                [name_key(n) for _, n in others],
                scorer=fuzz.ratio,
                score_cutoff=VARIANT_RATIO,
                limit=None,
            )
            for _choice, _score, index in close:
                other_id, other_name = others[index]
                similarity = variant_similarity(entity.name, other_name)
                if similarity is None:
                    continue
                other = self._entities([other_id])[other_id]
                self.pending[other_id] = _with_variant(other, entity, similarity)
                entity = _with_variant(entity, self.pending[other_id], similarity)
            self.pending[entity_id] = entity

    def _resolve(self, corpus: Corpus, article: Article) -> dict[tuple[str, int], str]:
        """Each mention's entity; the entities' counts, articles and aliases are updated in
        :attr:`pending`."""
        mentions = corpus.mentions[article.id]
        chosen: dict[int, str] = {}
        new: dict[str, Entity] = {}
        for seq, mention in enumerate(mentions):
            key = name_key(mention.text)
            if not key:
                continue
            entity_id = self._entity_for(key, mention.type)
            if entity_id is None:
                family = (
                    mention.type
                    if mention.type == "PERSON"
                    else TYPE_FAMILIES.get(mention.type, mention.type)
                )
                entity_id = stable_id("e", family, key)
                if entity_id not in new:
                    new[entity_id] = Entity(id=entity_id, name=mention.text, type=mention.type)
                    self._index_entity(new[entity_id])
                    self.created.append(entity_id)
            chosen[seq] = entity_id
        known = self._entities(sorted(set(chosen.values())))
        known.update({k: v for k, v in new.items() if k not in known})
        counts = Counter(chosen.values())
        surfaces: dict[str, set[str]] = {}
        roles: dict[str, Counter[str]] = {}
        for seq, entity_id in chosen.items():
            mention = mentions[seq]
            surfaces.setdefault(entity_id, set()).update(mention_surfaces(article.text, mention))
            if mention.role:
                roles.setdefault(entity_id, Counter())[mention.role] += 1
        for entity_id, entity in known.items():
            aliases = set(entity.aliases) | {s for s in surfaces[entity_id] if s != entity.name}
            stated = roles.get(entity_id, Counter())
            # Roles known before keep their order (a full link orders them by use); the
            # article's new ones follow, most used first.
            added = sorted(set(stated) - set(entity.roles), key=lambda r: (-stated[r], r))
            self.pending[entity_id] = replace(
                entity,
                aliases=tuple(sorted(aliases)),
                roles=(*entity.roles, *added),
                mentions=entity.mentions + counts[entity_id],
            )
            self.naming.setdefault(entity_id, []).append(article.id)
        return {(article.id, seq): e for seq, e in chosen.items()}

    # -- dating ---------------------------------------------------------------------------

    def _date(self, corpus: Corpus, article_id: str, vector: Vectors) -> bool:
        """Date an article whose date is not stated (the caller knows) from the linked
        articles closest to it (``DATING_NEIGHBOURS`` by gist cosine), by the rules a full link
        applies over the whole corpus (``link/dating.refine_dates``); True when its date
        changed (``corpus`` then holds the new date and the time expressions and figures read
        with it)."""
        if not self.gists.size:
            return False
        products = self._gist_products(article_id, vector)
        voters, _ = products.top(DATING_VOTERS, among=self.stated_days > 0)
        others, _ = products.top(DATING_NEIGHBOURS)
        closest = [self.article_ids[int(i)] for i in dict.fromkeys([*voters, *others])]
        local = self.dating_reads.corpus(closest, article_id, corpus)
        local.vector_cache = self.cache
        try:
            if article_id not in refine_dates(local, self.options, targets={article_id}):
                return False
        finally:
            # The model's work in dating (the article's own sentences that name a month
            # without its year, each embedded alone) is the model's, as everywhere else.
            corpus.embedding_seconds += local.embedding_seconds
        corpus.articles[article_id] = local.articles[article_id]
        corpus.time_mentions[article_id] = local.time_mentions[article_id]
        corpus.figures[article_id] = local.figures[article_id]
        return True

    # -- duplicates -----------------------------------------------------------------------

    def _duplicate(
        self, corpus: Corpus, article: Article, vector: Vectors, text: _TextKeys
    ) -> Duplicate | None:
        store = self.store
        found: tuple[str, str, float] | None = None
        # Only an original can be what this copies (``duplicates._point_at_originals``: no
        # chains); an exact copy of a copy is one of the original too, found here beside it.
        same = self._originals(store.articles_in_bands([text.exact]) - {article.id})
        if same:
            found = (same[0], "exact", 1.0)
        else:
            near = self._originals(store.articles_in_bands(text.bands) - {article.id})
            if near:
                scored = [
                    (estimated_jaccard(text.minhash, minhash(other.text)), other.id)
                    for other in store.articles_by_id(near)
                ]
                similarity, other_id = max(scored)
                found = (other_id, "near", similarity)
            else:
                found = self._rewrite(corpus, article, vector, text.specifics)
        if found is None:
            return None
        other_id, kind, similarity = found
        return Duplicate(article.id, other_id, kind, similarity)  # type: ignore[arg-type]

    def _originals(self, article_ids: Collection[str]) -> list[str]:
        """Those of these articles that copy no other, sorted: only such an article can be a
        new one's counterpart."""
        copying = self.store.copying(sorted(article_ids)) if article_ids else set()
        return sorted(set(article_ids) - copying)

    def _gist_products(self, article_id: str, vector: Vectors) -> Products:
        """Every linked article's gist cosine with this one's, to be asked for the closest or
        the close enough (found once, kept for the article's other lookups)."""
        if self._products is None or self._products_of != article_id:
            self._products = self.gists.products(vector)
            self._products_of = article_id
        return self._products

    def _rewrite(
        self, corpus: Corpus, article: Article, vector: Vectors, mine: frozenset[str]
    ) -> tuple[str, str, float] | None:
        if not self.gists.size:
            return None
        close, cosines = self._gist_products(article.id, vector).at_least(ARTICLE_COSINE)
        if not len(close):
            return None
        # Closest first, ties by row (the order articles were linked in); those whose stated
        # day is too far from the article's to be a rewrite of it (``published_near``) left
        # out before anything of them is read, as a full link leaves them out first.
        window = close[np.argsort(-cosines, kind="stable")][: 4 * ALIGN_CHUNK]
        window = window[self._may_be_near(article, window)]
        ranked = [self.article_ids[int(i)] for i in window]
        # Specifics first (kept hashes), then texts and sentences only of those that pass.
        theirs = self._specifics(ranked)
        hashed = specifics_hashes(mine)
        passing = {}
        for other_id, found in theirs.items():
            shared = shared_specifics(hashed, found)
            if shared >= CANDIDATE_SPECIFICS:
                passing[other_id] = shared
                if len(passing) == ALIGN_CHUNK:
                    break
        # The closest few first: what an article copies or rewrites is most often among
        # them, and the others' texts, sentences and vectors are then never read (the answer
        # is the same: the first candidate, in this order, that the alignment confirms).
        ids = list(passing)
        for group in (ids[:FIRST_ALIGNED], ids[FIRST_ALIGNED:]):
            confirmed = self._confirmed(corpus, article, {i: passing[i] for i in group})
            if confirmed is not None:
                return confirmed
        return None

    def _confirmed(
        self, corpus: Corpus, article: Article, passing: dict[str, float]
    ) -> tuple[str, str, float] | None:
        """The first of these rewrite candidates (by id, with the specifics they share) that
        the sentence alignment confirms as what the article rewrites or translates."""
        if not passing:
            return None
        near = [o for o in self.store.articles_by_id(list(passing)) if published_near(article, o)]
        originals = set(self._originals([other.id for other in near]))
        candidates = [(other, passing[other.id]) for other in near if other.id in originals]
        if not candidates:
            return None
        # Their sentences in one query, cut from the texts just read (not a query per
        # candidate that reads its text again), and their kept vectors in one lookup; each
        # candidate still embedded on its own, in the same batches.
        sentences = self.store.sentences_of([other for other, _ in candidates])
        others = corpus.embed_each(
            [[s.text for s in sentences[other.id]] for other, _ in candidates]
        )
        aligned = best_alignments(corpus.sentence_vectors(article.id), others)
        for (other, shared), best in zip(candidates, aligned, strict=True):
            share = aligned_share(best)
            rephrased = top_alignment(best) >= TOP_ALIGNMENT and shared >= SHARED_SPECIFICS
            if share >= ALIGNED_SHARE or rephrased:
                kind = "rewrite" if other.language == article.language else "translation"
                return (other.id, kind, round(share, 3))
        return None

    def _may_be_near(self, article: Article, rows: np.ndarray) -> np.ndarray:
        """Whether each of these rows' articles may have been published within
        ``REWRITE_DAYS`` of ``article`` (``duplicates.published_near``) as far as their stated
        days tell (those without one may have been)."""
        interval = article.published.interval
        days = self.stated_days[rows]
        if interval is None:
            return np.ones(len(rows), dtype=bool)
        start, end = interval.start.toordinal(), interval.end.toordinal()
        apart = np.maximum(days, start) - np.minimum(days, end)
        near: np.ndarray = (days == 0) | (apart <= REWRITE_DAYS)
        return near

    def _pointers(self, article: Article, duplicate: Duplicate | None) -> list[Duplicate]:
        """The duplicate rows linking the article writes: its own, pointing at the original
        of the group it copies; or, when it is what a full link would make that group's
        original (published first; ``original_rank``), the group's, all pointing at it."""
        if duplicate is None:
            return []
        found = self.store.articles_by_id([duplicate.original_id])
        if not found or original_rank(found[0]) <= original_rank(article):
            return [duplicate]
        original = found[0].id
        return [
            replace(duplicate, article_id=original, original_id=article.id),
            *(replace(d, original_id=article.id) for d in self.store.copies_of(original)),
        ]

    def _specifics(self, article_ids: list[str]) -> dict[str, frozenset[int]]:
        """These articles' specifics (as hashes), in the order given: kept in the link state,
        or read from their texts where a store linked before it kept them has none."""
        rows = self.store.link_state("specifics", article_ids)
        kept = {r[0]: specifics_from_key(r[3]) for r in rows if r[3] is not None}
        missing = [a for a in article_ids if a not in kept]
        for other in self.store.articles_by_id(missing):
            kept[other.id] = specifics_hashes(specifics(other.text))
        return {a: kept[a] for a in article_ids if a in kept}

    # -- events ---------------------------------------------------------------------------

    def _event(
        self,
        article: Article,
        vector: Vectors,
        duplicate: Duplicate | None,
        found: frozenset[str],
    ) -> tuple[Event, bool]:
        """The event the article joins (True) or starts (False), with the article in it."""
        date = article.published.interval
        target: str | None = None
        if duplicate is not None:
            events = self.store.article_events(duplicate.original_id)
            target = events[0].id if events else None
        if target is None and self.centroids.size:
            # Only the events near the article in time whose specifics it shares can take
            # it: only their centroids are multiplied with its gist.
            rows = np.intersect1d(
                self.event_spans.near(date), self.event_specifics.sharing(found), assume_unique=True
            )
            rough = _row_products(self.centroids, rows, vector)
            best_score = JOIN_COSINE
            for position in np.flatnonzero(rough >= JOIN_COSINE - 1e-3):
                row = int(rows[position])
                if float(rough[position]) >= best_score:
                    target, best_score = self.event_ids[row], float(rough[position])
        if target is None:
            event_id = stable_id("ev", article.id)
            return Event(
                id=event_id, article_ids=(article.id,), title=article.title, date=date
            ), False
        event = self.store.event(target)
        assert event is not None
        grown = replace(
            event,
            article_ids=tuple(sorted({*event.article_ids, article.id})),
            date=_hull(event.date, date),
        )
        return grown, True

    def _keep_event(self, event: Event, vector: Vectors, found: frozenset[str]) -> None:
        """Update the event's centroid, date and specifics in memory; its state row."""
        row = self.event_row.get(event.id)
        if row is None:
            row = self.centroids.append(unit(vector))
            self.event_row[event.id] = row
            self.event_ids.append(event.id)
            self.event_spans.append(event.date)
            self.event_specifics.append(sorted(found))
            data: dict[str, Any] = {"articles": 1, "specifics": sorted(found)}
            self.event_data.append(json.dumps(data))
        else:
            data = read_data(self.event_data[row])
            n = int(data.get("articles", 1))
            self.centroids.data[row] = unit(self.centroids.data[row] * n + vector)
            known = set(data.get("specifics", ()))
            self.event_specifics.add(row, sorted(found - known))
            data = {"articles": n + 1, "specifics": sorted(known | found)}
            self.event_data[row] = json.dumps(data)
            self.event_spans.set(row, event.date)
        start = event.date.start.isoformat() if event.date else None
        stop = event.date.end.isoformat() if event.date else None
        self.store.put_link_state(
            "event",
            [(event.id, start, stop, to_bytes(self.centroids.data[row]), self.event_data[row])],
        )

    # -- happenings -----------------------------------------------------------------------

    def _happenings(
        self,
        corpus: Corpus,
        article: Article,
        mention_entities: dict[tuple[str, int], str],
        duplicate: Duplicate | None,
    ) -> list[Happening]:
        """The happenings the article's dated sentences join or start, as they now are."""
        changed: dict[str, Happening] = {}
        vectors: dict[str, tuple[Vectors, int]] = {}
        original_of = {duplicate.article_id: duplicate.original_id} if duplicate else {}
        found = _candidates(corpus, article.id, mention_entities)
        related = (
            self._related_happenings(
                article,
                corpus.article_vector(article.id),
                [(c.date.start.isoformat(), c.date.end.isoformat()) for c in found],
            )
            if found
            else Related.of([])
        )
        for candidate in found:
            joined = self.happening_join.join(candidate, related, changed, vectors, duplicate)
            if joined is None:
                happening = _happening(corpus.articles, [candidate], original_of)
                changed[happening.id] = happening
                vectors[happening.id] = (unit(candidate.vector), 1)
        rows = [happening_row(h, *vectors[h.id]) for h in changed.values()]
        self.store.put_link_state("happening", rows)
        self.happening_join.put(rows)
        return list(changed.values())

    def _related_happenings(
        self, article: Article, vector: Vectors, dates: list[tuple[str, str]]
    ) -> Related:
        """The happenings that the articles closest to this one report (``RELATED_ARTICLES``
        at most, gist cosine ≥ ``RELATED_COSINE``): by id, their span, mean report vector and
        number of reports. A happening is told by articles on its topic, and looking among
        these keeps the lookup bounded however many happenings the store holds."""
        if not self.gists.size:
            return Related.of([])
        rows, cosines = self._gist_products(article.id, vector).top(RELATED_ARTICLES)
        ids = [self.article_ids[int(i)] for i in rows[cosines >= RELATED_COSINE]]
        return self.happening_join.reported_by(ids, dates)

    # -- stories --------------------------------------------------------------------------

    def _story(
        self,
        article: Article,
        event: Event,
        joined_event: bool,
        happenings: Sequence[Happening],
        mention_entities: dict[tuple[str, int], str],
        vector: Vectors,
    ) -> Story:
        store = self.store
        # The stories of the other articles that report the article's happenings.
        sharing = self._sharing(article, happenings)
        story_id = self.story_of_event.get(event.id) if joined_event else None
        if story_id is None:
            story_id = self._story_for_new_event(sharing, mention_entities, vector)
        if story_id is None:
            counts = Counter(mention_entities.values())
            named = self._entities(list(counts))
            key = [
                e
                for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                if e in named and named[e].type in _STORY_ENTITY_TYPES
            ][:KEY_ENTITIES]
            story = Story(
                id=stable_id("st", article.id),
                title=article.title,
                event_ids=(event.id,),
                article_ids=(article.id,),
                key_entities=tuple(key),
            )
            row = self.story_totals.append(vector)
            self.story_units.append(unit(vector))
            self.story_row[story.id] = row
            self.story_ids.append(story.id)
        else:
            found = store.story(story_id)
            assert found is not None
            story = replace(
                found,
                event_ids=tuple(sorted({*found.event_ids, event.id})),
                article_ids=tuple(sorted({*found.article_ids, article.id})),
            )
            row = self.story_row[story.id]
            self._set_story_total(row, self.story_totals.data[row] + vector)
        self.story_of_event[event.id] = story.id
        story = self._join_bridged(story, sharing)
        row = self.story_row[story.id]
        self._put_story(story)
        store.put_link_state(
            "story",
            [(story.id, None, None, to_bytes(self.story_totals.data[row]), story_data(story))],
        )
        return story

    def _join_bridged(self, story: Story, sharing: set[str]) -> Story:
        """The story with the other stories joined into it that the article's happenings
        bridge (``sharing``: the stories of other articles reporting them): a shared happening
        links two stories when their vectors are close (``HAPPENING_STORY_COSINE``, the full
        link's rule); the joined stories are removed."""
        row = self.story_row[story.id]
        for other_id in sorted(sharing - {story.id}):
            other_row = self.story_row[other_id]
            mine, theirs = self.story_totals.data[row], self.story_totals.data[other_row]
            norms = float(np.linalg.norm(mine)) * float(np.linalg.norm(theirs))
            if not norms or float(mine @ theirs) / norms < HAPPENING_STORY_COSINE:
                continue
            other = self.store.story(other_id)
            if other is None:
                continue
            story = replace(
                story,
                event_ids=tuple(sorted({*story.event_ids, *other.event_ids})),
                article_ids=tuple(sorted({*story.article_ids, *other.article_ids})),
            )
            for event_id in other.event_ids:
                self.story_of_event[event_id] = story.id
            self._set_story_total(row, mine + theirs)
            # The joined story's row stays, empty: nothing maps to it and nothing is near it.
            self._set_story_total(other_row, np.zeros_like(theirs))
            self._delete_story(other_id)
        return story

    def _put_story(self, story: Story) -> None:
        """Write a story; a new one takes the place after the last story's."""
        if self._next_story_seq is None:
            self._next_story_seq = self.store.next_story_seq()
        if self.store.put_story(story, self._next_story_seq) == self._next_story_seq:
            self._next_story_seq += 1

    def _delete_story(self, story_id: str) -> None:
        """Remove a story (joined into another); if it was the last, the next new story's
        place is the one after the last remaining story's."""
        self.store.delete_story(story_id)
        self._next_story_seq = None

    def _set_story_total(self, row: int, total: Vectors) -> None:
        """Change a story's vector, and its unit vector that lookups compare."""
        self.story_totals.data[row] = total
        self.story_units.set(row, unit(total))

    def _sharing(self, article: Article, happenings: Sequence[Happening]) -> set[str]:
        """The stories of the other articles that report the article's happenings."""
        others = {r.article_id for h in happenings for r in h.reports} - {article.id}
        events = self.store.events_of(sorted(others)) if others else set()
        return {self.story_of_event[e] for e in events if e in self.story_of_event}

    def _story_for_new_event(
        self,
        sharing: set[str],
        mention_entities: dict[tuple[str, int], str],
        vector: Vectors,
    ) -> str | None:
        if not self.story_totals.size:
            return None
        # A happening this article shares with another article's event links their stories:
        # the closest of those stories, if close enough, is the story, and only their vectors
        # are multiplied with the gist (every story's only when none of them is).
        ordered = list(sharing)
        rows = np.array([self.story_row[s] for s in ordered], dtype=np.int64)
        shared = self.story_units.rows.data[rows] @ vector
        best = max(range(len(ordered)), key=lambda i: float(shared[i]), default=None)
        if best is not None and float(shared[best]) >= HAPPENING_STORY_COSINE:
            return ordered[best]
        close, cosines = self.story_units.products(vector).at_least(STORY_COSINE)
        mine = set(mention_entities.values())
        # The ten closest stories at or above the threshold, closest first: only those are
        # sorted, not every story (ties, rare, go by row, the order stories were made).
        for position in close[np.argsort(-cosines, kind="stable")][:10]:
            row = int(position)
            story = self.store.story(self.story_ids[row])
            if story and len(mine & set(story.key_entities)) >= MIN_SHARED_ENTITIES:
                return story.id
        return None

    # -- one article ----------------------------------------------------------------------

    def link(
        self,
        article_id: str,
        times: LinkTimes | None = None,
        written: WrittenArticles | None = None,
    ) -> str:
        """Link one stored article; the id of the story it is now in. ``written``: what the
        build wrote, which holds the article's analysis as the store would give it back (not
        read back: eight queries, a round trip each on PostgreSQL, and its JSON decoded)."""
        started = time.perf_counter()
        corpus = Corpus.load(self.store, [article_id], written=written)
        corpus.vector_cache = self.cache
        corpus.prefetch([article_id])
        vector = corpus.article_vector(article_id)
        dating_started, embedded = time.perf_counter(), corpus.embedding_seconds
        undated = corpus.articles[article_id].published.provenance not in STATED
        redated = undated and self._date(corpus, article_id, vector)
        dating = (
            time.perf_counter() - dating_started - (corpus.embedding_seconds - embedded)
            if undated
            else 0.0
        )
        if redated:  # sentences its new date dates are read by the happenings: one batch
            corpus.prefetch([article_id])
        article = corpus.articles[article_id]
        text = _TextKeys.of(article.text)
        # Before the transaction: confirming a rewrite may embed sentences, kept in the store.
        duplicate = self._duplicate(corpus, article, vector, text)
        with self.store.transaction():
            if redated:
                self.store.update_published(article.id, article.published)
                for kind in ("time_mentions", "figures"):
                    self.store.put_extractions(article.id, kind, getattr(corpus, kind)[article.id])
            for row in self._pointers(article, duplicate):
                self.store.put_duplicate(row)
            mention_entities = self._resolve(corpus, article)
            self.store.put_mention_entities([(a, s, e) for (a, s), e in mention_entities.items()])
            event, joined = self._event(article, vector, duplicate, text.specifics)
            self.store.put_event(event, [article.id])
            self._keep_event(event, vector, text.specifics)
            happenings = self._happenings(corpus, article, mention_entities, duplicate)
            self.store.put_happenings(happenings)
            story = self._story(article, event, joined, happenings, mention_entities, vector)
            self.store.put_link_state(
                "article",
                [
                    (
                        article.id,
                        article_day(corpus, article.id),
                        None,
                        to_bytes(vector),
                        article_data(happenings),
                    )
                ],
            )
            self.store.put_link_bands([(k, article.id) for k in [*text.bands, text.exact]])
            self.store.put_link_state(
                "specifics", [(article.id, None, None, specifics_key(text.specifics), "")]
            )
            self.store.put_link_state("dating", [dating_row(corpus, article.id)])
            if self.dating_reads.rows_due:
                self.store.put_link_state("dating", self.dating_reads.rows_due)
                self.dating_reads.rows_due = []
        self.happening_join.written(article.id, happenings)
        self.stated_days = with_room(self.stated_days, len(self.article_ids))
        interval = article.published.interval
        self.stated_days[len(self.article_ids)] = (
            interval.start.toordinal() if interval is not None and votes(article) else 0
        )
        self.article_ids.append(article.id)
        self.gists.append(vector)
        if times is not None:
            # The model's work on the article's sentences is per-article analysis; the rest
            # is the link.
            times.embed.append(corpus.embedding_seconds)
            times.link.append(time.perf_counter() - started - corpus.embedding_seconds)
            times.dating.append(dating)
        return story.id


def _story_of_event(store: Store, rows: Sequence[LinkRow]) -> dict[str, str]:
    """Each event's story, from the stories' link state (their event lists), or from the
    stories themselves where a store linked before kept no lists (reading every story's
    article list: seconds on a large store)."""
    lists = [read_data(r[4]).get("events") for r in rows]
    if any(events is None for events in lists):
        return {e: story.id for story in store.stories() for e in story.event_ids}
    return {e: r[0] for r, events in zip(rows, lists, strict=True) for e in events or ()}


def _with_variant(entity: Entity, other: Entity, similarity: float) -> Entity:
    """``entity`` with ``other``'s name among its variants (replacing an older record of it)."""
    kept = tuple(v for v in entity.variants if v.name != other.name)
    variant = NameVariant(other.name, other.articles, round(similarity, 3))
    return replace(entity, variants=(*kept, variant))


def _with_all(ids: tuple[str, ...], new: Iterable[str]) -> tuple[str, ...]:
    """A sorted tuple of ids with each of ``new`` in its place (bisections, not a sort: an
    entity can list tens of thousands of articles)."""
    merged = list(ids)
    for article_id in sorted(set(new)):
        at = bisect.bisect_left(merged, article_id)
        if at == len(merged) or merged[at] != article_id:
            merged.insert(at, article_id)
    return tuple(merged)


def _interval(start: str | None, stop: str | None) -> DateInterval | None:
    if start is None or stop is None:
        return None
    return DateInterval(dt.date.fromisoformat(start), dt.date.fromisoformat(stop), "week")


def new_articles(store: Store, options: BuildOptions) -> list[str] | None:
    """The articles to link incrementally, in publication order, or None when the build must
    link in full: asked to, no current link state, articles changed or removed since, or too
    many new ones (more than ``options.incremental_share`` of the linked ones), or fewer linked
    articles than ``options.incremental_from`` (a small corpus is linked in full in moments)."""
    from storyline.link.corpus import CORPUS_VERSION
    from storyline.link.link_state import LINK_VERSION

    if options.relink:
        return None
    state = store.corpus_state()
    if state.get("link") != LINK_VERSION or state.get("version") != CORPUS_VERSION:
        return None
    if state.get("stale"):
        return None
    linked = store.linked_article_ids()
    present = set(store.article_ids())
    if not linked or not linked <= present or len(linked) < options.incremental_from:
        return None
    new = present - linked
    if not new or len(new) > options.incremental_share * len(linked):
        return None
    from storyline.link.events import publication_order

    return [a.id for a in sorted(store.articles_by_id(sorted(new)), key=publication_order)]


@contextmanager
def held_apart_from_the_collector() -> Iterator[None]:
    """While articles are linked, what the process holds so far (the linker's loaded state:
    hundreds of thousands of objects at 100,000 articles) is set apart from Python's cyclic
    garbage collector (``gc.freeze``), whose full collections otherwise walk all of it to
    find nothing (60 ms in one link of a dozen or so). Let go afterwards (``gc.unfreeze``), so
    that it is collected as usual once the linker is gone."""
    gc.collect()  # what is garbage already is not set apart with the rest
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def link_incrementally(
    store: Store,
    article_ids: Sequence[str],
    progress: Progress | None = None,
    options: BuildOptions | None = None,
    written: WrittenArticles | None = None,
) -> LinkTimes:
    """Link ``article_ids`` one by one, then tell the changed stories again (``options``:
    the build's, for the collection day that bounds inferred dates; ``written``: what the
    build wrote of them, taken rather than read back)."""
    progress = progress or SilentProgress()
    times = LinkTimes()
    touched: set[str] = set()
    with progress.stage("link", len(article_ids)) as tick, store.checkpoints_beside():
        linker = IncrementalLinker(store, options)
        with held_apart_from_the_collector():
            for article_id in article_ids:
                touched.add(linker.link(article_id, times, written))
                tick()
    started = time.perf_counter()
    with store.transaction():
        linker.flush()
    with progress.stage("timelines", len(touched)) as tick:
        for story_id in sorted(touched):
            retell_story(store, story_id)
            tick()
    times.timelines = time.perf_counter() - started
    from storyline.build import _corpus_fingerprint

    with store.transaction():
        store.set_corpus_state({"fingerprint": _corpus_fingerprint(store)})
    return times


def retell_story(store: Store, story_id: str) -> None:
    """Build one story's timeline and discrepancies again from what the store holds."""
    from storyline.link.vector_cache import StoreVectorCache
    from storyline.tell.agreement import find_discrepancies
    from storyline.tell.timeline import build_timeline

    story = store.story(story_id)
    if story is None:
        return
    happening_ids: list[str] = []
    for _id, data in store.link_data("article", story.article_ids):
        happening_ids.extend(read_data(data).get("happenings", []))
    happenings = store.happenings_by_id(list(dict.fromkeys(happening_ids)))
    # A happening of the story may also be reported by articles of other stories; the
    # timeline reads every report's sentence.
    reporting = {r.article_id for h in happenings for r in h.reports}
    corpus = Corpus.load(store, sorted(set(story.article_ids) | reporting))
    corpus.vector_cache = StoreVectorCache(store)
    # Told from the articles the store still holds (one deleted outside a build, whose next
    # build would link the corpus in full, is left out rather than failing the retelling).
    story = replace(story, article_ids=tuple(a for a in story.article_ids if a in corpus.articles))
    duplicates = [d for d in store.duplicates() if d.article_id in corpus.articles]
    entity_ids = {
        e for article_id in story.article_ids for e in store.mention_entities(article_id).values()
    }
    entities = store.entities_by_id(sorted(entity_ids))
    found = find_discrepancies(corpus, story, happenings, entities, duplicates)
    entries = build_timeline(corpus, story, happenings, duplicates, found)
    with store.transaction():
        store.replace_story_timeline(story, entries, found)
