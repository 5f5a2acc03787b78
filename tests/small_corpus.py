"""A corpus made by hand from a few texts, for the telling stages' tests."""

from __future__ import annotations

from storyline.analyse.sentences import split_sentences
from storyline.link.corpus import Corpus
from storyline.models import Article, PublicationDate


def small_corpus(texts: dict[str, tuple[str, PublicationDate]]) -> Corpus:
    """Each article with its text, publication date and sentences; no extractions (the tests
    add the ones they need)."""
    corpus = Corpus({}, {}, {}, {}, {}, {})
    for article_id, (text, published) in texts.items():
        corpus.articles[article_id] = Article(
            id=article_id, source=article_id, text=text, language="en", published=published
        )
        corpus.sentences[article_id] = split_sentences(article_id, text)
        for kind in ("mentions", "time_mentions", "quotes", "figures"):
            getattr(corpus, kind)[article_id] = []
    return corpus
