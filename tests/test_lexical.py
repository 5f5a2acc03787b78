"""The words a day's candidates share: TF-IDF bags and their balanced centroid."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from storyline.analyse.sentences import split_sentences
from storyline.link.corpus import Corpus
from storyline.models import Article, DateInterval, Happening, PublicationDate, Report, Story
from storyline.tell import lexical
from storyline.tell.timeline import TimelineShape, build_timeline


def test_words_are_letter_runs_in_any_script_lower_cased() -> None:
    assert lexical.words("La OMS confirmó 26 casos en México; H1N1 a él") == [
        "oms",
        "confirmó",
        "casos",
        "méxico",
    ]


def test_a_word_every_sentence_uses_weighs_least() -> None:
    idf = lexical.inverse_frequencies(
        ["the virus spread", "the schools closed", "the vaccine arrived"]
    )
    assert idf["the"] < idf["virus"]
    weights = lexical.bag("the virus", idf)
    assert weights["virus"] > weights["the"]
    assert sum(x * x for x in weights.values()) == pytest.approx(1.0)
    assert lexical.bag("unheard words", idf) == {}  # words the story never used weigh nothing


def test_the_centroid_weighs_reports_and_leads_alike() -> None:
    idf = {"schools": 1.0, "vaccine": 1.0}
    reports = [lexical.bag("schools", idf)]
    leads = [lexical.bag("vaccine", idf) for _ in range(5)]
    closeness = lexical.closeness_to_centroid(reports + leads, [True] + [False] * 5)
    # One report against five leads: each group is half the centroid.
    assert closeness[0] == pytest.approx(closeness[1])
    assert lexical.closeness_to_centroid([], []).shape == (0,)


def test_of_two_sentences_alike_in_meaning_the_one_with_the_days_words_is_told() -> None:
    day = dt.date(2009, 4, 27)
    texts = {
        "a": "A country in Europe reported that one person there has the illness now.",
        "b": "Spain confirms the first swine flu case in Europe, the health minister says.",
        "c": "The health minister of Spain says a student has swine flu after a trip.",
        "d": "Swine flu reaches Spain: the health minister confirms a case in Valencia.",
    }
    corpus = Corpus({}, {}, {}, {}, {}, {})
    for article_id, text in texts.items():
        corpus.articles[article_id] = Article(
            id=article_id,
            source=article_id,
            text=text,
            language="en",
            published=PublicationDate(DateInterval.day(day), "sidecar"),
        )
        corpus.sentences[article_id] = split_sentences(article_id, text)
        for kind in ("mentions", "time_mentions", "quotes", "figures"):
            getattr(corpus, kind)[article_id] = []
    # Same vector for all: meaning does not tell them apart, the words must.
    same = np.zeros(8, dtype=np.float32)
    same[0] = 1.0
    corpus._sentence_vectors.update({a: same[None, :] for a in texts})
    corpus._article_vectors.update({a: same for a in texts})
    reports = tuple(
        Report(a, 0, s.start, s.end, s.text) for a in ("a", "b") for s in corpus.sentences[a]
    )
    happening = Happening("h1", DateInterval.day(day), "happened", "flu", reports)
    story = Story("st1", "flu", (), tuple(texts))
    shape = TimelineShape(dates=1, sentences=1, days_only=True)

    (entry,) = build_timeline(corpus, story, [happening], [], [], shape=shape)

    # "a" sorts first and would win a tie; "b" shares the day's words (Spain, minister, flu).
    assert entry.summary[0].text == texts["b"]
