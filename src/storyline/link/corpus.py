"""The corpus stages, in order: dating from other articles, entities, duplicates, events,
happenings, stories, timelines with agreement. They read every article's analysis from the
store, and write their whole output back in one transaction."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from storyline.link.embeddings import DIMENSIONS, MODEL_NAME, Vectors, each_in_parallel, embed
from storyline.link.written import WrittenArticle, WrittenArticles
from storyline.models import (
    Article,
    Figure,
    Happening,
    Mention,
    Quote,
    Sentence,
    Story,
    TimeMention,
)
from storyline.pipeline import BuildOptions
from storyline.progress import Progress, SilentProgress
from storyline.recent import text_digest
from storyline.store import Store

if TYPE_CHECKING:
    from datasketch import MinHash

    from storyline.link.dating import KeptReport
    from storyline.link.dating_happenings import DatedSentence

#: Changes when the corpus stages' results would: a store linked under another version (or
#: with another embedding model, whose vectors its link state holds) is linked in full again.
#: 2: date discrepancies are sources that put one happening on different days
#: (``tell.date_agreement``), no longer the other dates a report's sentence names.
#: 3: one place's names in several languages are one entity (``analyse.places``).
#: 4: an undated article's date narrowed by the corpus ends by the day it was collected.
#: 5: a paragraph's first word is no specific (``duplicates.specifics``).
CORPUS_VERSION = f"5+{MODEL_NAME}"
#: Title plus this many opening sentences make an article's gist.
GIST_SENTENCES = 6
#: Vectors written to the store at once while embedding goes on (a commit each).
KEPT_AT_ONCE = 2048


@dataclass
class Corpus:
    """Everything the per-article stages produced, keyed by article id (in id order)."""

    articles: dict[str, Article]
    sentences: dict[str, list[Sentence]]
    mentions: dict[str, list[Mention]]
    time_mentions: dict[str, list[TimeMention]]
    quotes: dict[str, list[Quote]]
    figures: dict[str, list[Figure]]
    #: Time expressions read without a date, by article: as the date stage kept them (read to
    #: infer a date), or as :meth:`unanchored` read them since. Not listed: not read yet.
    unanchored_time_mentions: dict[str, list[TimeMention]] = field(default_factory=dict)
    #: Embeddings by the text embedded: a sentence that many copies of a wire story share is
    #: embedded once. Filled lazily (only sentences a stage reads), in batches.
    _vectors: dict[str, Vectors] = field(default_factory=dict)
    _article_vectors: dict[str, Vectors] = field(default_factory=dict)
    #: Whole articles' sentence vectors given from outside (an evaluation's saved corpus).
    _sentence_vectors: dict[str, Vectors] = field(default_factory=dict)
    #: Where vectors computed in earlier builds are kept (by content hash), if anywhere.
    vector_cache: VectorCache | None = None
    #: Time spent computing embeddings (the model's work, apart from everything else).
    embedding_seconds: float = 0.0
    _specifics: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Each article's exact-copy key and MinHash (``duplicates``), found once and kept.
    _exact_keys: dict[str, str] = field(default_factory=dict)
    _minhashes: dict[str, MinHash] = field(default_factory=dict)
    #: Each article's MinHash LSH band keys, as duplicate detection computed them.
    band_keys: dict[str, list[str]] = field(default_factory=dict)
    #: Articles' words as dating weighs them (``dating_similar.words_from_bytes``), where
    #: they were read from the store's link state rather than found again from the texts.
    word_weights: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    #: Dated articles' sentences that say on which day something happened
    #: (``dating_happenings.dated_happenings``), and digests of texts (:meth:`text_digest`),
    #: where they were read from the link state: dating may read an article without its text.
    dated_sentences: dict[str, list[DatedSentence]] = field(default_factory=dict)
    text_digests: dict[str, str] = field(default_factory=dict)
    #: Articles' dates that a month named without its year elsewhere is matched with
    #: (``dating.month_reports``), as the link state keeps them, where they were read from it:
    #: dating then reads none of their time expressions, sentences or names.
    month_reports: dict[str, list[KeptReport]] = field(default_factory=dict)

    def part(self, article_ids: Iterable[str]) -> Corpus:
        """The corpus of only these articles (their extractions, kept words, dated sentences
        and digests), sharing this one's embeddings: what either embeds, neither embeds again."""
        ids = [i for i in article_ids if i in self.articles]

        def of(whole: Mapping[str, Any]) -> dict[str, Any]:
            return {i: whole[i] for i in ids if i in whole}

        return Corpus(
            articles=of(self.articles),
            sentences=of(self.sentences),
            mentions=of(self.mentions),
            time_mentions=of(self.time_mentions),
            quotes=of(self.quotes),
            figures=of(self.figures),
            unanchored_time_mentions=of(self.unanchored_time_mentions),
            _vectors=self._vectors,
            vector_cache=self.vector_cache,
            word_weights=of(self.word_weights),
            dated_sentences=of(self.dated_sentences),
            text_digests=of(self.text_digests),
            month_reports=of(self.month_reports),
        )

    @classmethod
    def load(
        cls,
        store: Store,
        article_ids: Sequence[str] | None = None,
        kinds: Collection[str] = (
            "mentions",
            "time_mentions",
            "quotes",
            "figures",
            "unanchored_time_mentions",
        ),
        written: WrittenArticles | None = None,
    ) -> Corpus:
        """Every article of the store, or only ``article_ids`` (one story's, say), with the
        extractions of these ``kinds`` (the others left empty). Of every article, what a
        build ``written`` wrote of it is taken as it wrote it (see ``written``); of named
        articles (the new ones an incremental link links, which the build just wrote), only
        those it did not write are read."""
        known: Mapping[str, WrittenArticle] = {}
        if written is not None:
            known = (
                written.by_id
                if article_ids is None
                else {a: written.by_id[a] for a in article_ids if a in written.by_id}
            )
        # The articles whose extractions are read from the store (None: all of them).
        unread: list[str] | None
        if known:
            # Of the whole store, those it holds; named ones are linked, so held.
            ids = store.article_ids() if article_ids is None else list(article_ids)
            unread = [a for a in ids if a not in known]
            loaded = [known[a].article for a in ids if a in known]
            loaded += store.articles_by_id(unread) if unread else []
        else:
            loaded = store.articles() if article_ids is None else store.articles_by_id(article_ids)
            unread = None if article_ids is None else [a.id for a in loaded]
        articles = {a.id: a for a in sorted(loaded, key=lambda a: a.id)}

        def by_article(kind: str, model: type[Any]) -> dict[str, list[Any]]:
            grouped: dict[str, list[Any]] = {a: [] for a in articles}
            if kind not in kinds:
                return grouped
            item: Any
            if unread is None:
                found = store.extractions(kind, model)
            else:
                found = store.extractions_of(kind, model, unread) if unread else []
            for item in found:
                if item.article_id in grouped:
                    grouped[item.article_id].append(item)
            for article_id, parts in known.items():
                if article_id in grouped:
                    grouped[article_id] = list(parts.extractions.get(kind, ()))
            return grouped

        unanchored: dict[str, list[TimeMention]] = {}
        if "unanchored_time_mentions" in kinds:
            from storyline.pipeline import stage_versions

            # Kept by the date stage since its version 2 (none kept is an empty list then).
            version = stage_versions()["date"]
            if article_ids is not None and known:
                # What the build wrote holds them if its date stage ran (just now: this
                # version); only the others are asked of the store.
                kept = {a for a in known if "unanchored_time_mentions" in known[a].extractions}
                kept |= store.articles_with_stage("date", version, unread) if unread else set()
            else:
                kept = store.articles_with_stage("date", version, article_ids)
            found = by_article("unanchored_time_mentions", TimeMention)
            unanchored = {a: found[a] for a in articles if a in kept}
        sentences = store.sentences_of([a for a in articles.values() if a.id not in known])
        for article_id, parts in known.items():
            if article_id in articles:
                sentences[article_id] = list(parts.sentences)
        return cls(
            articles=articles,
            sentences={a: sentences[a] for a in articles},
            mentions=by_article("mentions", Mention),
            time_mentions=by_article("time_mentions", TimeMention),
            quotes=by_article("quotes", Quote),
            figures=by_article("figures", Figure),
            unanchored_time_mentions=unanchored,
        )

    def unanchored(self, article_id: str) -> list[TimeMention]:
        """The article's time expressions read without a date (yearless months, weekdays):
        as the date stage kept them, or read from its text once. They do not depend on the
        publication date, so dating an article again reads them again from here."""
        if article_id not in self.unanchored_time_mentions:
            from storyline.analyse.timex import find_time_expressions

            article = self.articles[article_id]
            self.unanchored_time_mentions[article_id] = find_time_expressions(
                article.id, article.text, self.sentences[article_id], None, article.language
            )
        return self.unanchored_time_mentions[article_id]

    def specifics(self, article_id: str) -> frozenset[str]:
        """The article's names and numbers (``duplicates.specifics``), found once and kept:
        duplicates, events and the link state all read them."""
        if article_id not in self._specifics and not self._take_kept_keys(article_id):
            from storyline.link.duplicates import specifics

            self._specifics[article_id] = specifics(self.articles[article_id].text)
        return self._specifics[article_id]

    def text_digest(self, article_id: str) -> str:
        """A digest of the article's text (equal texts, equal digests): as kept, or found."""
        if article_id not in self.text_digests:
            text = self.articles[article_id].text
            self.text_digests[article_id] = text_digest(text).hexdigest()
        return self.text_digests[article_id]

    def exact_key(self, article_id: str) -> str:
        """The article's exact-copy key (``duplicates.exact_key``), found once and kept."""
        if article_id not in self._exact_keys and not self._take_kept_keys(article_id):
            from storyline.link.duplicates import exact_key

            self._exact_keys[article_id] = exact_key(self.articles[article_id].text)
        return self._exact_keys[article_id]

    def minhash(self, article_id: str) -> MinHash:
        """The article's MinHash (``duplicates.minhash``), found once and kept."""
        if article_id not in self._minhashes and not self._take_kept_keys(article_id):
            from storyline.link.duplicates import minhash

            self._minhashes[article_id] = minhash(self.articles[article_id].text)
        return self._minhashes[article_id]

    def _take_kept_keys(self, article_id: str) -> bool:
        """Take the three keys a build's analysing process worked out for this text
        (``text_keys``), if it handed them over; False if it did not."""
        from storyline.link.text_keys import kept_text_keys

        keys = kept_text_keys(self.articles[article_id].text)
        if keys is None:
            return False
        self._specifics.setdefault(article_id, keys.specifics)
        self._exact_keys.setdefault(article_id, keys.exact)
        self._minhashes.setdefault(article_id, keys.minhash)
        return True

    def embed_texts(self, texts: Sequence[str]) -> Vectors:
        """One vector per text: known ones from memory or the cache, the rest in one batch."""
        self._embed_calls([texts])
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([self._vectors[t] for t in texts])

    def embed_each(self, calls: Sequence[Sequence[str]]) -> list[Vectors]:
        """What :meth:`embed_texts` gives for each of ``calls`` in turn (the same vectors, in
        the same batches), with the kept vectors of all of them read in one lookup: a
        duplicate check's candidates cost one read of the store, not one each (a round trip
        each on PostgreSQL)."""
        self._embed_calls(calls)
        return [self.embed_texts(texts) for texts in calls]

    def _embed_calls(self, calls: Sequence[Sequence[str]]) -> None:
        """Embed what :meth:`embed_texts` called with each of ``calls`` in turn would, in the
        same batches (so the same vectors, to the bit: see ``embeddings``), but all of them
        at once, on the threads of ``embeddings.parallel_embedding`` if it is in force."""
        wanted = list(dict.fromkeys(t for call in calls for t in call if t not in self._vectors))
        if wanted and self.vector_cache is not None:
            self._vectors.update(self.vector_cache.get(wanted))
        # What each call would find missing, after the calls before it embedded theirs.
        batches: list[list[str]] = []
        planned: set[str] = set()
        for call in calls:
            missing = [
                t for t in dict.fromkeys(call) if t not in self._vectors and t not in planned
            ]
            if missing:
                batches.append(missing)
                planned.update(missing)
        if not batches:
            return
        started = time.perf_counter()
        computed: dict[str, Vectors] = {}
        unkept: dict[str, Vectors] = {}
        # ``embed`` looked up here, not bound: tests count what it is given. Each batch is
        # kept in the store while the threads embed the next ones (writing is about a
        # quarter of the cost of embedding the sentences duplicate detection aligns).
        embedded = each_in_parallel(lambda batch: embed(batch), batches)
        for batch, found in zip(batches, embedded, strict=True):
            rows = dict(zip(batch, found, strict=True))
            computed.update(rows)
            unkept.update(rows)
            if self.vector_cache is not None and len(unkept) >= KEPT_AT_ONCE:
                self.vector_cache.put(unkept)
                unkept = {}
        self.embedding_seconds += time.perf_counter() - started
        self._vectors.update(computed)
        if self.vector_cache is not None and unkept:
            self.vector_cache.put(unkept)

    def sentence_vectors(self, article_id: str) -> Vectors:
        """Embeddings of all the article's sentences."""
        if article_id in self._sentence_vectors:
            return self._sentence_vectors[article_id]
        return self.embed_texts([s.text for s in self.sentences.get(article_id, [])])

    def prefetch_sentence_vectors(self, article_ids: Sequence[str]) -> None:
        """Embed what :meth:`sentence_vectors` called for each of these articles in turn would
        embed, in the same batches, all at once (see :meth:`_embed_calls`). An article named
        again adds nothing (its first call embedded it): each is asked for once, since duplicate
        detection names a topic's articles in row after row (1.8 million sentence look-ups on
        Timeline17, on the one core, for what is now looked up once per article)."""
        self._embed_calls(
            [
                [s.text for s in self.sentences.get(a, [])]
                for a in dict.fromkeys(article_ids)
                if a not in self._sentence_vectors
            ]
        )

    def sentence_vector(self, article_id: str, index: int) -> Vectors:
        """One sentence's embedding, without embedding the rest of its article."""
        if article_id in self._sentence_vectors:
            return np.asarray(self._sentence_vectors[article_id][index], dtype=np.float32)
        return self.kept_sentence_vector(article_id, index, self.sentences[article_id][index].text)

    def kept_sentence_vector(self, article_id: str, index: int, text: str) -> Vectors:
        """What :meth:`sentence_vector` gives for a sentence whose text the caller holds (kept
        in the link state) where this corpus has not read the article's sentences."""
        if article_id in self._sentence_vectors:
            return np.asarray(self._sentence_vectors[article_id][index], dtype=np.float32)
        if text not in self._vectors:
            self.embed_texts([text])
        return self._vectors[text]

    def prefetch_sentence_vector(self, keys: Sequence[tuple[str, int]]) -> None:
        """Embed what :meth:`sentence_vector` called for each of these (article id, sentence
        index) pairs in turn would embed, each sentence alone as it does (so the same
        vectors), but all at once, on the threads of ``embeddings.parallel_embedding`` if it
        is in force (see :meth:`_embed_calls`)."""
        self._embed_calls(
            [[self.sentences[a][i].text] for a, i in keys if a not in self._sentence_vectors]
        )

    def prefetch_sentences(self, keys: Iterable[tuple[str, int]]) -> None:
        """Embed just these (article id, sentence index) pairs, in one batch."""
        self.embed_texts([self.sentences[a][i].text for a, i in keys])

    def article_vector(self, article_id: str) -> Vectors:
        """An article's gist: the mean of its title's and first sentences' vectors."""
        if article_id not in self._article_vectors:
            texts = [self.articles[article_id].title]
            texts += [s.text for s in self.sentences.get(article_id, [])[:GIST_SENTENCES]]
            mean = self.embed_texts(texts).mean(axis=0)
            norm = float(np.linalg.norm(mean)) or 1.0
            self._article_vectors[article_id] = (mean / norm).astype(np.float32)
        return self._article_vectors[article_id]

    def prefetch(self, article_ids: Sequence[str]) -> None:
        """Embed what the linking stages read, in large batches: each article's title and
        first sentences (its gist) and every sentence that dates something (happenings,
        timelines). Whole articles are embedded only when duplicate detection needs them."""
        texts: list[str] = []
        for article_id in article_ids:
            sentences = self.sentences.get(article_id, [])
            texts.append(self.articles[article_id].title)
            texts.extend(s.text for s in sentences[:GIST_SENTENCES])
            dated = {
                tm.sentence
                for tm in self.time_mentions.get(article_id, [])
                if tm.type == "DATE" and tm.interval is not None
            }
            texts.extend(sentences[i].text for i in sorted(dated) if 0 <= i < len(sentences))
        self.embed_texts(texts)


class VectorCache(Protocol):
    """Embeddings kept between builds, by the text they embed."""

    def get(self, texts: Sequence[str]) -> dict[str, Vectors]: ...

    def put(self, vectors: dict[str, Vectors]) -> None: ...


def stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]
    return f"{prefix}-{digest}"


def preload() -> None:
    """Load what the corpus stages load before their first step: the embedding model (its
    tokenizer's vocabulary is read in pure Python) and the linking modules with the
    libraries they import (datasketch brings scipy). About 3 CPU-seconds that would
    otherwise run on one core while the others idle; a build calls this on a thread of
    its own while other processes analyse the articles. Loading changes nothing they
    compute."""
    # Every linking stage's module, and what dating an article again reads its text with.
    from storyline.analyse import figures, timex  # noqa: F401
    from storyline.ingest import dating, dating_clues  # noqa: F401
    from storyline.link import dating_similar, incremental, vector_cache  # noqa: F401
    from storyline.link.embeddings import load_model
    from storyline.tell import agreement, timeline  # noqa: F401

    load_model()


def build_corpus(
    store: Store,
    options: BuildOptions,
    progress: Progress | None = None,
    written: WrittenArticles | None = None,
) -> None:
    """Run every corpus stage over the store and write the results. The stages run one after
    the other in this process; the embeddings they ask for, most of their work, are computed
    on as many threads as the build has worker processes (the same vectors as on one). What
    a build ``written`` wrote is taken as it wrote it rather than read back."""
    from storyline.link.embeddings import parallel_embedding

    with parallel_embedding(embedding_threads(options)):
        _build_corpus(store, options, progress, written)


def embedding_threads(options: BuildOptions) -> int:
    """The per-article stages' processes are done by now: their cores embed."""
    import os

    cores = os.cpu_count() or 1
    return min(options.workers or cores, cores)


def story_happenings(
    stories: Sequence[Story], happenings: Sequence[Happening]
) -> list[list[Happening]]:
    """Each story's happenings: those with a report from one of its articles, in the order
    given. They are all that ``build_timeline`` and ``find_discrepancies`` keep of the list
    they are given; found here through an index of articles, instead of every story reading
    every happening's reports (stories times happenings: most of what telling cost)."""
    where: dict[str, list[int]] = {}
    for i, happening in enumerate(happenings):
        for article_id in {r.article_id for r in happening.reports}:
            where.setdefault(article_id, []).append(i)
    found = []
    for story in stories:
        rows = {i for a in set(story.article_ids) for i in where.get(a, ())}
        found.append([happenings[i] for i in sorted(rows)])
    return found


def _forget_other_models_vectors(store: Store) -> None:
    """Drop the kept sentence vectors when the corpus was last linked with another embedding
    model: a kept vector's key names its model, so they would never be read again, and a
    store would otherwise carry them for ever (about 2 kB per sentence)."""
    linked_with = store.corpus_state().get("version", "")
    if linked_with and not linked_with.endswith(f"+{MODEL_NAME}"):
        with store.transaction():
            store.drop_text_vectors()


def _build_corpus(
    store: Store, options: BuildOptions, progress: Progress | None, written: WrittenArticles | None
) -> None:
    from storyline.link.dating import refine_dates
    from storyline.link.duplicates import find_duplicates
    from storyline.link.embeddings import end_idle_threads
    from storyline.link.entities import resolve_entities
    from storyline.link.events import cluster_events
    from storyline.link.forked import ForkedCall
    from storyline.link.happenings import find_happenings
    from storyline.link.link_state import LINK_VERSION, save_link_state
    from storyline.link.stories import find_stories
    from storyline.link.telling import Told, tell_stories, tell_stories_apart
    from storyline.link.vector_cache import StoreVectorCache

    progress = progress or SilentProgress()
    _forget_other_models_vectors(store)
    corpus = Corpus.load(store, written=written)
    corpus.vector_cache = StoreVectorCache(store)
    # Entity resolution reads only the names and texts, which dating leaves alone: it is
    # worked out in a forked child beside dating, on the core dating leaves idle between its
    # embeddings (the same result; computed here where no child can be forked).
    with ForkedCall(resolve_entities, corpus) as resolving:
        with progress.stage("dating", len(corpus.articles)) as tick:
            changed = refine_dates(corpus, options)
            tick(len(corpus.articles))
        with progress.stage("embed", len(corpus.articles)) as tick:
            corpus.prefetch(list(corpus.articles))
            tick(len(corpus.articles))
        # Not "entities": that name is the per-article NER stage, and their timings would mix.
        with progress.stage("resolve", 1) as tick:
            entities, mention_entities = resolving.result()
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
    from storyline.build import _corpus_fingerprint

    # The stories are told in a forked child while this process writes what the stages
    # before found (neither needs the other); told here, in turn, where no child can be.
    end_idle_threads()  # the embedding threads idle until the end: a fork needs them gone
    with ForkedCall(
        tell_stories_apart, corpus, store, stories, happenings, entities, duplicates
    ) as telling:
        told: Told | None = None
        if not telling.forked:
            with progress.stage("timelines", len(stories)) as tick:
                told = tell_stories(corpus, stories, happenings, entities, duplicates, tick)
        # One transaction for everything the corpus stages write, refined dates included: a
        # build killed before it leaves the store as the per-article stages left it, so the
        # next build starts the corpus stages from the same input (refining twice need not
        # give the same).
        with store.transaction():
            for article_id in sorted(changed):
                article = corpus.articles[article_id]
                store.update_published(article_id, article.published)
                store.put_extractions(article_id, "time_mentions", corpus.time_mentions[article_id])
                store.put_extractions(article_id, "figures", corpus.figures[article_id])
            store.replace_corpus(
                entities=entities,
                mention_entities=[(a, seq, e) for (a, seq), e in sorted(mention_entities.items())],
                duplicates=duplicates,
                events=events,
                happenings=happenings,
                stories=stories,
                timelines={},
                discrepancies=[],
                state={
                    "fingerprint": _corpus_fingerprint(store),
                    "version": CORPUS_VERSION,
                    "link": LINK_VERSION,
                    "stale": "",
                },
            )
            save_link_state(store, corpus, events, stories, happenings)
            if told is None:
                with progress.stage("timelines", len(stories)) as tick:
                    told = telling.result()
                    tick(len(stories))
            if told.unkept_vectors and corpus.vector_cache is not None:
                corpus.vector_cache.put(told.unkept_vectors)
            store.put_timelines(told.timelines, stories, told.discrepancies)
