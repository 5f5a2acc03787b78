"""Duplicate detection embeds whole articles only for candidate pairs that share their
specifics (names and numbers): same-topic reports with other specifics are not aligned."""

from __future__ import annotations

import pytest

from storyline.analyse.sentences import split_sentences
from storyline.link.corpus import Corpus, Vectors
from storyline.link.duplicates import find_duplicates
from storyline.models import Article

LEAD = "Rescue teams worked through the night after the flood in the valley. "


class _CountingCorpus(Corpus):
    """A corpus that counts which articles were embedded whole."""

    embedded_whole: list[str]

    def sentence_vectors(self, article_id: str) -> Vectors:
        self.embedded_whole.append(article_id)
        return super().sentence_vectors(article_id)


def _corpus(texts: dict[str, str]) -> _CountingCorpus:
    corpus = _CountingCorpus({}, {}, {}, {}, {}, {})
    corpus.embedded_whole = []
    for article_id, text in texts.items():
        corpus.articles[article_id] = Article(
            id=article_id, source=article_id, text=text, language="en"
        )
        corpus.sentences[article_id] = split_sentences(article_id, text)
        for kind in (corpus.mentions, corpus.time_mentions, corpus.quotes, corpus.figures):
            kind[article_id] = []
    return corpus


def test_same_topic_reports_with_other_specifics_are_not_aligned() -> None:
    corpus = _corpus(
        {
            "a": LEAD + "Mayor Ellen Hart said 42 homes in Brookfield were lost on Monday.",
            "b": LEAD + "Governor Tom Reyes said 310 people in Ashton left on Friday.",
        }
    )
    assert find_duplicates(corpus) == []
    assert corpus.embedded_whole == []


def test_a_rewrite_sharing_its_specifics_is_aligned_and_found() -> None:
    original = (
        LEAD + "Mayor Ellen Hart said 42 homes in Brookfield were lost on Monday. "
        "The Red Cross opened a shelter at Lincoln High School for 120 people."
    )
    rewrite = (
        LEAD + "Forty-two homes in Brookfield were lost on Monday, Mayor Ellen Hart said. "
        "A shelter for 120 people was opened by the Red Cross at Lincoln High School."
    )
    corpus = _corpus({"a": original, "b": rewrite})
    found = find_duplicates(corpus)
    assert sorted(corpus.embedded_whole) == ["a", "b"]
    assert [(d.article_id, d.original_id) for d in found] in ([("b", "a")], [("a", "b")])


def _versions_of_one_story() -> dict[str, str]:
    """Four outlets' wordings of one report: rewrites, not near copies."""
    return {
        "v0": LEAD + "Mayor Ellen Hart said 42 homes in Brookfield were lost on Monday. "
        "The Red Cross opened a shelter at Lincoln High School for 120 people.",
        "v1": LEAD + "Forty-two homes in Brookfield were lost on Monday, Mayor Ellen Hart said. "
        "A shelter for 120 people was opened by the Red Cross at Lincoln High School.",
        "v2": "Overnight, rescuers kept working in the flooded valley. In Brookfield 42 houses "
        "were destroyed on Monday, according to Mayor Ellen Hart. Lincoln High School now "
        "shelters 120 people in a Red Cross centre.",
        "v3": "Floodwater cost Brookfield 42 homes on Monday, Mayor Ellen Hart told reporters, "
        "as rescue crews worked all night in the valley. The Red Cross set up beds for 120 "
        "people at Lincoln High School.",
    }


def test_each_article_is_stacked_once_however_many_rows_it_is_a_candidate_in() -> None:
    corpus = _corpus(_versions_of_one_story())
    found = find_duplicates(corpus)
    assert found  # the versions are rewrites of one another
    assert sorted(corpus.embedded_whole) == sorted(set(corpus.embedded_whole))


def test_alignments_find_the_same_whatever_the_stacked_vectors_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storyline.link.duplicates as duplicates

    kept_all = find_duplicates(_corpus(_versions_of_one_story()))
    monkeypatch.setattr(duplicates, "STACKED_ARTICLES", 1)
    corpus = _corpus(_versions_of_one_story())
    assert find_duplicates(corpus) == kept_all
    assert len(corpus.embedded_whole) > len(set(corpus.embedded_whole))  # evicted, read again


def test_the_corpus_keeps_each_texts_copy_key_and_minhash() -> None:
    # Duplicate detection and the link state both read them: found once, kept on the corpus.
    from storyline.link.duplicates import exact_key, minhash

    other = "Mayor Ellen Hart opened the new bridge in Ashton on Friday, 12 years after the flood."
    texts = {**_versions_of_one_story(), "other": other, "other copy": other.upper()}
    corpus = _corpus(texts)
    found = find_duplicates(corpus)
    for article_id, text in texts.items():
        assert corpus.exact_key(article_id) == exact_key(text)
        assert list(corpus.minhash(article_id).hashvalues) == list(minhash(text).hashvalues)
    assert corpus.minhash("v0") is corpus.minhash("v0")
    assert {(d.article_id, d.original_id, d.kind) for d in found} >= {
        ("other copy", "other", "exact"),  # up to case
        ("v0", "v1", "rewrite"),
    }
