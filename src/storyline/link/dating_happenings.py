"""Dated happenings: the sentences of dated articles that say on which day something happened.

A dated article's "on Tuesday", resolved against its known day, and its "on June 3, 2010" date
what the sentence reports. An undated article whose lead (its first sentences, where news says
what happened) reports the same thing was most likely published on that day or within days
after it. Similar *articles* say only when the topic's reports came out, and an article on a
story's later weeks looks like the burst at its start; a lead matching a dated happening says
which of the days the votes leave open is the news' own. Sentences are compared as articles are
(TF-IDF cosine over words weighted by rarity): no word or topic is a feature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.models import TimeMention

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus
    from storyline.link.dating_similar import WordWeights

#: The sentences of an undated article that say what it reports: news leads with the happening.
LEAD_SENTENCES = 3
#: Shorter lead sentences (a headline's fragment, a byline) match too much by chance.
MIN_LEAD_WORDS = 6
#: A lead sentence and a dated sentence with a TF-IDF cosine below this report different things.
#: Fitted on half A of Timeline17 (0.15–0.35 tried; 0.2–0.3 gain on both halves).
MIN_MATCH = 0.2
#: News of a happening comes out on its day or within the next few (the day after in print, a
#: weekly round-up a few days on). 2 and 3 gained on both halves of Timeline17; 3 more on A.
DAYS_AFTER = 3
#: A matched happening multiplies the votes' support for the days just after it by
#: ``1 + WEIGHT * cosine ** 3`` (cubed as the votes are): a tie-breaker between the days the
#: similar articles already support, not a vote of its own. Fitted on half A (1–30 tried).
WEIGHT = 3.0


@dataclass(frozen=True)
class DatedSentence:
    """A sentence of a dated article, as its words (``dating_similar.sentence_words``), and the
    day (proleptic ordinal) it says something happened."""

    words: WordWeights
    day: int
    article_id: str


@dataclass(frozen=True)
class Match:
    """A dated happening an undated article's lead reports: how closely, its day (proleptic
    ordinal), and the dated article that dates it."""

    cosine: float
    day: int
    article_id: str


def dated_happenings(corpus: Corpus, dated: Collection[str]) -> list[DatedSentence]:
    """Every sentence of the ``dated`` articles that names a single day up to the article's own,
    told in the past or present tense (what has happened or is happening, not what is planned),
    once per sentence and day: as the link state kept them (``Corpus.dated_sentences``), else
    from the articles' sentences and time expressions."""
    from storyline.link.dating_similar import sentence_words

    pool: list[DatedSentence] = []
    for article_id in dated:
        kept = corpus.dated_sentences.get(article_id)
        if kept is not None:
            pool.extend(kept)
            continue
        pool.extend(
            DatedSentence(sentence_words(text), day, article_id)
            for day, text in happened_sentences(corpus, article_id)
        )
    return pool


def happened_sentences(corpus: Corpus, article_id: str) -> list[tuple[int, str]]:
    """The (day, sentence text) pairs of one dated article that :func:`dated_happenings` takes,
    in its order (what the article's ``dating`` row keeps)."""
    interval = corpus.articles[article_id].published.interval
    sentences = corpus.sentences.get(article_id, [])
    if interval is None or not sentences:
        return []
    found: list[tuple[int, str]] = []
    seen: set[tuple[int, int]] = set()
    for mention in corpus.time_mentions.get(article_id, []):
        day = _happened_on(mention, interval.start)
        if day is None or not 0 <= mention.sentence < len(sentences):
            continue
        if (mention.sentence, day) not in seen:
            seen.add((mention.sentence, day))
            found.append((day, sentences[mention.sentence].text))
    return found


def _happened_on(mention: TimeMention, published: dt.date) -> int | None:
    """The day ``mention`` says something happened on, if it names one day before publication."""
    if mention.type != "DATE" or mention.interval is None or not mention.interval.is_day:
        return None
    if mention.tense not in ("past", "present") or mention.interval.start > published:
        return None
    return mention.interval.start.toordinal()


def lead_matches(
    corpus: Corpus, pool: Sequence[DatedSentence], targets: Sequence[str]
) -> dict[str, list[Match]]:
    """For each target article, every dated happening one of its lead sentences matches at
    ``MIN_MATCH`` or more. Its own sentences and those of its copies (the same text
    under another date) are left out: they say nothing about when *it* came out."""
    from storyline.link.dating_similar import TfidfPool, sentence_words

    leads: list[tuple[WordWeights, str]] = []
    for article_id in targets:
        for sentence in corpus.sentences.get(article_id, [])[:LEAD_SENTENCES]:
            if len(sentence.text.split()) >= MIN_LEAD_WORDS:
                leads.append((sentence_words(sentence.text), article_id))
    if not pool or not leads:
        return {}
    # Document frequencies over these sentences: a word every report's lead repeats (the
    # topic's name) weighs little, the names and figures of one happening much.
    weights = TfidfPool.of([happening.words for happening in pool] + [w for w, _ in leads])
    similarities = weights.cosines(range(len(pool), weights.total), len(pool))
    # Nearly every pair shares a word ("the"): only the close ones are looked at one by one.
    similarities.data[similarities.data < MIN_MATCH] = 0.0
    similarities.eliminate_zeros()
    found: dict[str, list[Match]] = {}
    for row, (_, article_id) in enumerate(leads):
        start, end = similarities.indptr[row], similarities.indptr[row + 1]
        for column, cosine in zip(
            similarities.indices[start:end], similarities.data[start:end], strict=True
        ):
            source = pool[int(column)].article_id
            # (Texts compared by digest: dating may read a dated article without its text.)
            if source == article_id or corpus.text_digest(source) == corpus.text_digest(article_id):
                continue
            found.setdefault(article_id, []).append(
                Match(float(cosine), pool[int(column)].day, source)
            )
    return found


def happening_support(candidates: np.ndarray, matches: Sequence[Match]) -> np.ndarray:
    """For each candidate day, how strongly the lead's matched happenings put publication there:
    the sum of cosine³ over the happenings 0 to ``DAYS_AFTER`` days before it."""
    support = np.zeros(len(candidates), dtype=np.float64)
    for match in matches:
        after = candidates - match.day
        support += (match.cosine**3) * ((after >= 0) & (after <= DAYS_AFTER))
    return support
