"""Sentence vectors kept in the store: a build that adds an article embeds only what no
earlier build embedded, and the story comes out the same."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import storyline.link.corpus as corpus_module
from storyline.core import Storyline
from storyline.link.embeddings import DIMENSIONS, Vectors
from storyline.link.vector_cache import StoreVectorCache, text_hash
from storyline.pipeline import BuildOptions
from storyline.store import open_store

from .conftest import COLLECTED_ON, SEEDS

OPTIONS = BuildOptions(collected_on=COLLECTED_ON, workers=1)


def test_adding_an_article_embeds_only_the_new_articles_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = sorted(SEEDS.iterdir())
    first, last = seeds[:-1], seeds[-1]
    app = Storyline(tmp_path / "s.db")
    app.build([str(p) for p in first], OPTIONS)

    embedded: list[str] = []
    real_embed = corpus_module.embed

    def counting_embed(texts: Sequence[str]) -> Vectors:
        embedded.extend(texts)
        return real_embed(texts)

    monkeypatch.setattr(corpus_module, "embed", counting_embed)
    app.build([str(p) for p in seeds], OPTIONS)
    assert embedded, "the added article's texts are embedded"
    with open_store(str(app.db)) as store:
        added = next(a for a in store.articles() if a.source.endswith(last.name))
        new_texts = {added.title} | {s.text for s in store.sentences(added.id)}
    assert set(embedded) <= new_texts

    # The same story as a build from scratch, which embeds everything afresh.
    monkeypatch.setattr(corpus_module, "embed", real_embed)
    fresh = Storyline(tmp_path / "fresh.db")
    fresh.build([str(p) for p in seeds], OPTIONS)
    assert _timeline_texts(app) == _timeline_texts(fresh)


def test_a_vector_of_another_shape_is_not_read(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "v.db")) as store:
        cache = StoreVectorCache(store)
        good = np.ones(DIMENSIONS, dtype=np.float32)
        cache.put({"kept": good})
        store.put_text_vectors([(text_hash("other model"), np.ones(3, np.float32).tobytes())])
        found = cache.get(["kept", "other model", "never seen"])
    assert list(found) == ["kept"] and np.array_equal(found["kept"], good)


def _timeline_texts(app: Storyline) -> list[list[str]]:
    return [[s.text for e in t.entries for s in e.summary] for t in app.timelines()]


@pytest.mark.parametrize("threads", [1, 2])
def test_vectors_are_kept_a_part_at_a_time_while_the_rest_is_embedded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    """Embedding many articles' sentences writes what it has embedded every
    ``KEPT_AT_ONCE`` vectors: every vector is kept, once, as computed, whatever the threads."""
    from storyline.link.corpus import Corpus
    from storyline.link.embeddings import parallel_embedding

    monkeypatch.setattr(corpus_module, "KEPT_AT_ONCE", 25)
    texts = [f"Talks number {n} resumed in Geneva." for n in range(323)]
    calls = [texts[i : i + 10] for i in range(0, len(texts), 10)]  # ten sentences an article
    puts: list[int] = []
    with open_store(str(tmp_path / "v.db")) as store:
        cache = StoreVectorCache(store)
        real_put = cache.put
        monkeypatch.setattr(
            cache, "put", lambda vectors: puts.append(len(vectors)) or real_put(vectors)
        )
        corpus = Corpus({}, {}, {}, {}, {}, {})
        corpus.vector_cache = cache
        with parallel_embedding(threads):
            corpus._embed_calls(calls)
            vectors = corpus.embed_texts(texts)  # from memory now: nothing embedded again
        kept = StoreVectorCache(store).get(texts)
    assert puts == [30] * 10 + [23]
    assert all(np.array_equal(kept[t], v) for t, v in zip(texts, vectors, strict=True))


def test_each_of_several_calls_reads_the_kept_vectors_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A duplicate check embeds each of its candidates' sentences on its own, and read their
    kept vectors from the store one candidate at a time (a round trip each on PostgreSQL).
    ``embed_each`` gives what ``embed_texts`` gives for each call, with one read for all."""
    from storyline.link.corpus import Corpus

    calls = [
        [f"Candidate {c} said the talks resumed in round {n}." for n in range(4)] for c in range(5)
    ]
    with open_store(str(tmp_path / "v.db")) as store:
        one_by_one = Corpus({}, {}, {}, {}, {}, {})
        one_by_one.vector_cache = StoreVectorCache(store)
        expected = [one_by_one.embed_texts(texts) for texts in calls[:3]]  # three kept, two not
        reads: list[int] = []
        real_read = store.text_vectors
        monkeypatch.setattr(
            store, "text_vectors", lambda hashes: reads.append(len(hashes)) or real_read(hashes)
        )
        at_once = Corpus({}, {}, {}, {}, {}, {})
        at_once.vector_cache = StoreVectorCache(store)
        found = at_once.embed_each(calls)
        fresh = Corpus({}, {}, {}, {}, {}, {})
        alone = [fresh.embed_texts(texts) for texts in calls]  # no cache: embedded afresh
    assert reads == [20]
    assert [v.shape for v in found] == [(4, DIMENSIONS)] * 5
    assert all(np.array_equal(a, b) for a, b in zip(found[:3], expected, strict=True))
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(found, alone, strict=True))
