"""Duplicate detection's keys of a text (exact-copy key, MinHash, specifics) and dating's words
of it are worked out where the article is analysed and handed to the process that links the
corpus, which then does not read the texts again; a kept key is what reading the text gives."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.link import dating_similar, duplicates, text_keys
from storyline.link.corpus import Corpus
from storyline.models import Article
from storyline.recent import Recent

_TEXTS = st.lists(
    st.one_of(
        st.sampled_from(["The", "minister", "said", "3.5", "Mexico City", "U.S.", "\n\n", "ÉL"]),
        st.text(max_size=8),
    ),
    max_size=40,
).map(" ".join)


@pytest.fixture(autouse=True)
def _nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_keys, "_KEPT", Recent(8192))


@settings(max_examples=200, deadline=None)
@given(text=_TEXTS)
def test_keys_handed_over_are_the_keys_read_from_the_text(text: str) -> None:
    # As a worker process hands them over: pickled.
    keys = pickle.loads(pickle.dumps(text_keys.text_keys(text)))
    assert keys.exact == duplicates.exact_key(text)
    assert keys.specifics == duplicates.specifics(text)
    read = duplicates.minhash(text)
    assert np.array_equal(keys.minhash.hashvalues, read.hashvalues)
    assert keys.minhash.jaccard(read) == 1.0
    assert duplicates.band_keys(keys.minhash) == duplicates.band_keys(read)
    assert keys.dating_words == dating_similar.words_to_bytes(text)


def test_the_corpus_takes_kept_keys_instead_of_reading_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "Leaders of Mexico and the United States met in Los Angeles on Tuesday."
    text_keys.keep_text_keys(text, text_keys.text_keys(text))

    def unread(_: str) -> None:
        raise AssertionError("the text was read again")

    for name in ("minhash", "exact_key", "specifics"):
        monkeypatch.setattr(duplicates, name, unread)
    corpus = Corpus({"a": Article(id="a", source="a", text=text)}, {}, {}, {}, {}, {})
    assert corpus.exact_key("a").startswith("x:")
    assert "mexico" in corpus.specifics("a")
    assert len(corpus.minhash("a").hashvalues) == duplicates.PERMUTATIONS


def test_a_text_not_kept_is_read() -> None:
    corpus = Corpus({"a": Article(id="a", source="a", text="Talks resumed.")}, {}, {}, {}, {}, {})
    assert corpus.exact_key("a") == duplicates.exact_key("Talks resumed.")


def test_the_oldest_keys_are_dropped_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_keys, "_KEPT", Recent(2))
    for text in ("one", "two", "three"):
        text_keys.keep_text_keys(text, text_keys.text_keys(text))
    assert text_keys.kept_text_keys("one") is None
    assert text_keys.kept_text_keys("three") is not None


@settings(max_examples=100, deadline=None)
@given(text=_TEXTS, part=st.integers(1, 7))
def test_a_minhash_hashed_in_parts_is_the_minhash_of_one_pass(text: str, part: int) -> None:
    whole = duplicates.minhash(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duplicates, "MINHASH_PART", part)
        in_parts = duplicates.minhash(text)
    assert np.array_equal(whole.hashvalues, in_parts.hashvalues)


def test_dating_takes_the_kept_words_instead_of_reading_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "Talks between Mexico and the United States resumed in Mexico City on Tuesday."
    text_keys.keep_text_keys(text, text_keys.text_keys(text))
    kept = dating_similar.words_to_bytes(text)

    def unread(_: str) -> None:
        raise AssertionError("the text was read again")

    monkeypatch.setattr(dating_similar, "words_to_bytes", unread)
    assert dating_similar.text_words(text) == kept
    # and one not kept is read
    monkeypatch.undo()
    assert dating_similar.text_words("Talks resumed.") == dating_similar.words_to_bytes(
        "Talks resumed."
    )
