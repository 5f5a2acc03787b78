"""Dating an undated article by the dated articles that report the same things.

News comes in bursts: the articles that share an undated article's specific words (the names,
figures and phrases of the events it reports, weighted by how rare they are in the corpus) were
mostly published within days of it. Among the most similar articles whose day is stated, the
day most of them (by similarity) were published near is the best guess; the interval runs from
a month before the earliest of them to a week after the latest (an article can look back on
events for a while; it rarely reports them long before others do), and is narrowed by whatever
the article's own text bounds it to (unless those miss it or leave out the voted day). The
article's own dates then choose the day within it (:mod:`storyline.link.dating_clues`). Only
stated days are used as evidence, never other guesses, so errors do not feed on each other
(a second round in which confidently dated articles voted too scored worse).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zlib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from storyline.ingest.dating import GUESS_LINE, NO_GUESS_LINE, stamped
from storyline.ingest.dating_clues import clue_scores, dated_scores, with_weekday_years
from storyline.ingest.textdate import find_dateline_day
from storyline.link import dating_happenings
from storyline.models import Article, DateInterval, PublicationDate, TimeMention

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

STATED = frozenset({"sidecar", "feed", "metadata", "text"})
#: How many of the most similar dated articles vote.
NEIGHBOURS = 20
#: Fewer similar dated articles than this say nothing: one or two reports on the same topic
#: (a corpus of five articles with one dated) are as likely other news as the same.
MIN_VOTERS = 3
#: Below this cosine (TF-IDF) two articles share too little to say anything about each other.
MIN_SIMILARITY = 0.05
#: From this cosine on, the closest report is the same news: its day bounds the article's.
#: Below it, the similar articles are on the same topic, which can run for years: they give a
#: best guess and a broad interval, which the article's own bounds narrow. Own bounds that miss
#: even that broad interval are set aside (a tense misread on "1952" or "2014" gives such
#: bounds; on Timeline17 none of the own bounds in that case held the true day).
STRONG_SIMILARITY = 0.3
#: Votes count ``similarity ** SHARPNESS``: the closest reports weigh far more than the rest.
SHARPNESS = 3
#: A vote for day d supports day c by exp(-|c - d| / BANDWIDTH_DAYS).
BANDWIDTH_DAYS = 2.0
#: How far the article's own weekdays and month-days may move the best-supported day.
LOCAL_DAYS = 3
#: Weight of the votes beside the article's own full dates when these choose the day.
TIE_BREAK = 0.01
#: Own bounds that leave the day most similar articles point to further out than this are set
#: aside: they come mostly from a misread (a tense on "1952", a yearless "May" given the
#: year of another article's "May"), and narrowing by them moved the interval off the truth
#: (on Timeline17, 187 of the 238 intervals that missed). Closer than this they are kept: a
#: report of "Saturday's" news can come a few days after the others.
PEAK_MARGIN_DAYS = 7
WINDOW_BEFORE = dt.timedelta(days=30)
WINDOW_AFTER = dt.timedelta(days=7)
#: Either side of the similar articles' days when they are only about the same topic: a
#: season. The topic's articles span the article's day already (on Timeline17 for 93% of such
#: articles); a year either side (as before) doubled the intervals' width for 0.01 coverage.
WEAK_WINDOW = dt.timedelta(days=90)
#: The first words of an article (its lead: what happened, who, where, when) count this many
#: times each; the rest of the text is mostly background the topic's articles share. Reading
#: the lead alone scored worse on Timeline17: the body still tells reports apart.
LEAD_WORDS = 200
LEAD_WEIGHT = 2.0
_TOKEN = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")
_CHUNK = 512


#: Each distinct word of a text as its id and its weight in the text (:func:`_word_weights`).
WordWeights = tuple[np.ndarray, np.ndarray]
#: An article's time expressions read without a publication date (yearless, unresolved).
Unanchored = Callable[[Article], Sequence[TimeMention]]


def date_from_similar(
    corpus: Corpus,
    collected_on: dt.date,
    unanchored: Unanchored | None = None,
    targets: Collection[str] | None = None,
) -> dict[str, PublicationDate]:
    """New publication dates (interval, best guess, evidence) for undated articles, from the
    similar dated ones, by article id; no date in the corpus is changed. ``unanchored`` gives each
    article's time expressions read without a date (the corpus dating stage has them already);
    without it they are read here. ``targets``: only these undated articles are voted for (the
    other undated ones still count in the words' document frequencies, so a target's date is
    the one a vote for every article gives it)."""
    if unanchored is None:

        def unanchored(article: Article) -> Sequence[TimeMention]:
            return corpus.unanchored(article.id)

    voting = _Voting.of(corpus, targets)
    if voting is None:
        return {}
    dated = voting.dated
    # The happenings the dated articles date, matched by each voted article's lead: they say
    # which of the days the votes support is the day of the news the article reports.
    happened = dating_happenings.lead_matches(
        corpus,
        dating_happenings.dated_happenings(corpus, dated),
        [voting.ids[p] for p in voting.voted],
    )
    changed: dict[str, PublicationDate] = {}
    for article_id, similarities in voting.similarities():
        updated = _vote(
            corpus,
            article_id,
            similarities,
            dated,
            voting.dated_days,
            collected_on,
            unanchored,
            happened.get(article_id, []),
        )
        if updated is not None and updated != corpus.articles[article_id].published:
            changed[article_id] = updated
    return changed


def voter_days(corpus: Corpus, targets: Collection[str] | None = None) -> dict[str, list[dt.date]]:
    """The days of the similar dated articles that vote in dating each undated article (of
    ``targets``, if given; fewer than ``MIN_VOTERS`` vote for none): what choosing among the
    votes can reach (the dating eval reports how often one of them is the right day)."""
    voting = _Voting.of(corpus, targets)
    if voting is None:
        return {}
    found = {}
    for article_id, similarities in voting.similarities():
        order = _voters(similarities)
        if len(order) >= MIN_VOTERS:
            found[article_id] = [dt.date.fromordinal(int(d)) for d in voting.dated_days[order]]
    return found


@dataclass
class _Voting:
    """The articles whose day is stated, which vote (``dated``), and the undated ones voted
    for (their positions in ``ids``, after the dated ones), in one pool of word weights:
    every undated article counts in the words' document frequencies, voted for or not, so a
    target's date is the one a vote for every article gives it."""

    dated: list[str]
    ids: list[str]
    voted: list[int]
    pool: TfidfPool
    dated_days: np.ndarray

    @classmethod
    def of(cls, corpus: Corpus, targets: Collection[str] | None) -> _Voting | None:
        dated = [article_id for article_id, article in corpus.articles.items() if votes(article)]
        undated = [
            article_id
            for article_id, article in corpus.articles.items()
            if article.published.provenance not in STATED
        ]
        voted = [
            len(dated) + row
            for row, article_id in enumerate(undated)
            if targets is None or article_id in targets
        ]
        if not dated or not voted:
            return None
        ids = dated + undated
        pool = TfidfPool.of([_article_words(corpus, article_id) for article_id in ids])
        days = np.array(
            [_day(corpus, article_id).toordinal() for article_id in dated], dtype=np.int64
        )
        return cls(dated, ids, voted, pool, days)

    def similarities(self) -> Iterator[tuple[str, np.ndarray]]:
        """Each voted-for article's cosines with every dated one, in chunks."""
        for first in range(0, len(self.voted), _CHUNK):
            positions = self.voted[first : first + _CHUNK]
            # Each row of the product is its own sum: taking fewer rows changes none of them
            # (beyond float rounding, where few rows are summed entry by entry: FEW_QUERIES).
            found = self.pool.cosines(positions, len(self.dated)).todense()
            similarities = np.asarray(found, np.float64)
            for row, position in enumerate(positions):
                yield self.ids[position], similarities[row]


def _voters(similarities: np.ndarray) -> np.ndarray:
    """The positions of the dated articles that vote: the ``NEIGHBOURS`` most similar, of a
    cosine of ``MIN_SIMILARITY`` or more, most similar first."""
    order = np.argsort(-similarities)[:NEIGHBOURS]
    return order[similarities[order] >= MIN_SIMILARITY]


#: The evidence lines :func:`_vote` writes.
_VOTE_LINE = re.compile(
    r"\d+ dated articles (?:report the same things|are on the same topic), published "
)


def _day(corpus: Corpus, article_id: str) -> dt.date:
    interval = corpus.articles[article_id].published.interval
    assert interval is not None
    return interval.start


def _vote(
    corpus: Corpus,
    article_id: str,
    similarities: np.ndarray,
    dated: Sequence[str],
    dated_days: np.ndarray,
    collected_on: dt.date,
    unanchored: Unanchored,
    happened: Sequence[dating_happenings.Match] = (),
) -> PublicationDate | None:
    order = _voters(similarities)
    if len(order) < MIN_VOTERS:
        return None
    days = dated_days[order]
    weights = similarities[order] ** SHARPNESS
    earliest = dt.date.fromordinal(int(days.min()))
    latest = dt.date.fromordinal(int(days.max()))
    strong = float(similarities[order[0]]) >= STRONG_SIMILARITY
    before, after = (WINDOW_BEFORE, WINDOW_AFTER) if strong else (WEAK_WINDOW, WEAK_WINDOW)
    window = DateInterval(earliest - before, min(latest + after, max(collected_on, latest)), "day")
    article = corpus.articles[article_id]
    own = article.published.interval
    # An earlier build's vote is replaced, not added to: linking again gives the same date
    # with the same evidence (regression: every build appended the vote once more). What it
    # set aside stays said: the stored date is that vote's, so relinking no longer sees the
    # text's own bounds and would otherwise drop the line (and never settle).
    evidence = [
        e
        for e in article.published.evidence
        if not _VOTE_LINE.match(e) and not e.startswith((GUESS_LINE, NO_GUESS_LINE))
    ]
    interval = window
    # Only the voters' happenings: what the article's own neighbours say happened (as many on
    # Timeline17 as every dated article's, +11 against +12 articles), and all an incremental
    # link, which dates an article among its closest ones, can read.
    voters = {dated[int(i)] for i in order}
    reported = [m for m in happened if m.article_id in voters]
    peak = _peak(days, weights, reported)
    # Whether the lead's happenings moved the day (the votes alone are weighed again only
    # when there are any: without them the two are the same).
    moved = bool(reported) and peak != _peak(days, weights)
    # A page's stamp (a print credit, a post's stamp) bounds its date firmer than the votes of
    # articles on its topic: its bounds are kept, and its own best guess where the votes'
    # day falls outside them.
    firm = own if own is not None and own.best is not None and stamped(article.published) else None
    if own is not None:
        joined = own.intersect(window)
        if firm is not None:
            interval = firm
        elif joined is None:
            _add(
                evidence,
                f"set aside: the text's own bounds {own.start} – {own.end}, which no similar"
                " dated article agrees with",
            )
        elif _days_outside(own, peak) > PEAK_MARGIN_DAYS:
            _add(
                evidence,
                f"set aside: the text's own bounds {own.start} – {own.end}, which leave out"
                f" {peak}, the day most similar dated articles point to",
            )
        else:
            interval = joined
    dateline = find_dateline_day(article.text)
    # The stamp's own guess where the votes' day falls outside its bounds.
    kept = firm.best if firm is not None and _days_outside(firm, peak) > 0 else None
    best = kept or _best_day(
        interval, peak, days, weights, unanchored(article), dateline[:2] if dateline else None
    )
    closest = dated[int(order[0])]
    kind = "report the same things" if strong else "are on the same topic"
    evidence.append(
        f"{len(order)} dated articles {kind}, published {earliest} – {latest};"
        f" most of them near {peak} (closest: article {closest} of"
        f" {_day(corpus, closest)}, similarity {similarities[order[0]]:.2f})"
        + (_reported_line(reported, peak) if moved else "")
        + (f"; the page's own stamp keeps it on {best}" if kept else "")
        + (f"; its own weekdays and dates put it on {best}" if best != peak and not kept else "")
        + (f" (its dateline: “{dateline[2]}”)" if dateline and best != peak and not kept else "")
    )
    from storyline.ingest.dating import uncertain_granularity

    granularity = uncertain_granularity(interval.start, interval.end)
    return PublicationDate(
        DateInterval(interval.start, interval.end, granularity, best),
        "inferred",
        tuple(evidence),
    )


def _reported_line(reported: Sequence[dating_happenings.Match], peak: dt.date) -> str:
    """What moved the votes' day: the closest dated happening the lead reports just before it."""
    before = [m for m in reported if 0 <= peak.toordinal() - m.day <= dating_happenings.DAYS_AFTER]
    match = max(before, key=lambda m: m.cosine)
    return (
        f"; its lead reports what article {match.article_id} says happened on"
        f" {dt.date.fromordinal(match.day)} (similarity {match.cosine:.2f})"
    )


def _add(evidence: list[str], line: str) -> None:
    if line not in evidence:
        evidence.append(line)


def _days_outside(interval: DateInterval, day: dt.date) -> int:
    """How many days ``day`` lies outside ``interval`` (0 inside)."""
    return max((interval.start - day).days, (day - interval.end).days, 0)


def _support(candidates: np.ndarray, days: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each candidate day's support: every vote counts, less the further its day is."""
    spread = np.exp(-np.abs(candidates[:, None] - days[None, :]) / BANDWIDTH_DAYS)
    return np.asarray((weights[None, :] * spread).sum(axis=1), dtype=np.float64)


def _peak(
    days: np.ndarray, weights: np.ndarray, happened: Sequence[dating_happenings.Match] = ()
) -> dt.date:
    """The voted day with the most support (a sum of such spreads peaks on a voted day), each
    day's support raised where the article's lead reports a happening dated just before it
    (:mod:`dating_happenings`): of two weeks the similar articles point to, the one whose news
    the lead tells."""
    voted = np.unique(days)
    support = _support(voted, days, weights)
    if happened:
        support = support * (
            1.0 + dating_happenings.WEIGHT * dating_happenings.happening_support(voted, happened)
        )
    return dt.date.fromordinal(int(voted[int(np.argmax(support))]))


def _best_day(
    interval: DateInterval,
    peak: dt.date,
    days: np.ndarray,
    weights: np.ndarray,
    mentions: Sequence[TimeMention],
    dateline: tuple[int, int] | None = None,
) -> dt.date:
    """The best-supported day (moved into ``interval``), then moved up to ``LOCAL_DAYS`` by the
    article's own weekdays and month-days (:mod:`dating_clues`). The votes pick the week; the
    text's "on Tuesday" picks the day, which votes smoothed over days cannot. Days the article
    names (full dates with their year; its dateline's month and day) choose in the whole
    interval instead."""
    start, end = interval.start.toordinal(), interval.end.toordinal()
    mentions = with_weekday_years(mentions, interval.start.year, interval.end.year)
    centre = min(max(peak.toordinal(), start), end)
    whole = np.arange(start, end + 1)
    named = dated_scores(whole, mentions, dateline)
    if named.any():
        # The article's own dates with their year place it better than the votes of articles
        # mostly only on its topic: they choose the day, the votes only break ties.
        support = np.log(_support(whole, days, weights) + 1e-12)
        centre = int(whole[int(np.argmax(named + TIE_BREAK * support))])
    candidates = np.arange(max(centre - LOCAL_DAYS, start), min(centre + LOCAL_DAYS, end) + 1)
    # The floor keeps days far from every vote comparable (own clues can still tell them apart).
    score = np.log(_support(candidates, days, weights) + 1e-12) + clue_scores(
        candidates, mentions, dateline
    )
    return dt.date.fromordinal(int(candidates[int(np.argmax(score))]))


def votes(article: Article) -> bool:
    """Whether the article's day is stated, so that it votes in dating others (and what its
    sentences say happened on a day dates their leads: ``dating_happenings``)."""
    interval = article.published.interval
    return article.published.provenance in STATED and interval is not None and interval.is_day


def _tfidf(texts: Sequence[str]) -> Any:
    """Rows of sublinear TF × IDF over words found in at least two texts, L2-normalised; the
    words of each text's lead count ``LEAD_WEIGHT`` times (:func:`_counts`)."""
    return TfidfPool.of([_word_weights(text) for text in texts]).matrix


def sentence_words(text: str) -> WordWeights:
    """:func:`_word_weights` of a sentence, not kept in its cache: sentences are not worth
    keeping, and would push whole articles out."""
    return words_from_bytes(words_to_bytes(text))


def _article_words(corpus: Corpus, article_id: str) -> WordWeights:
    """The article's words as :func:`_word_weights` finds them: as the store kept them when it
    was linked (read by an incremental link for the articles it dates among), else from its
    text."""
    kept = corpus.word_weights.get(article_id)
    return kept if kept is not None else _word_weights(corpus.articles[article_id].text)


#: Up to this many query rows, :meth:`TfidfPool.cosines` sums each query's products over the
#: pool's entries rather than building the sparse matrices: an incremental link asks for one
#: article's (or its few lead sentences') cosines, where building the matrices was most of the
#: cost (5.3 against 2.8 ms for one article among 130).
FEW_QUERIES = 8


class TfidfPool:
    """A pool of texts' TF × IDF weights (:func:`_tfidf`), kept as entries (text row, word
    column, weight; each row's in order) from which the cosines of some rows with others are
    found, for a few rows without building sparse matrices."""

    def __init__(self, rows: np.ndarray, columns: np.ndarray, values: np.ndarray, total: int):
        self.rows, self.columns, self.values, self.total = rows, columns, values, total
        self.width = max(1, int(columns.max()) + 1) if len(columns) else 1
        #: Where each row's entries start (and, last, where they end).
        self.starts = np.searchsorted(rows, np.arange(total + 1))
        #: The first rows, transposed, by how many: what many queries are multiplied with
        #: (one transposition for every chunk of queries of a full link).
        self._transposed: dict[int, Any] = {}

    @classmethod
    def of(cls, found: Sequence[WordWeights]) -> TfidfPool:
        """The pool of these texts' word weights: words found in only one text are left out;
        each row is L2-normalised."""
        total = len(found)
        words = np.concatenate([ids for ids, _ in found]) if found else np.zeros(0, np.int64)
        tf = np.concatenate([weights for _, weights in found]) if found else np.zeros(0)
        rows = np.repeat(np.arange(total), [len(ids) for ids, _ in found])
        # Each text lists a word once, so how often a word id occurs is its document frequency.
        _, column, frequency = np.unique(words, return_inverse=True, return_counts=True)
        shared = frequency >= 2
        kept = shared[column]
        columns = (np.cumsum(shared) - 1)[column[kept]]
        idf = np.array([0.0] + [math.log(total / df) for df in range(1, total + 1)])
        values = tf[kept] * idf[frequency[column[kept]]]
        rows = rows[kept]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=total))
        norms[norms == 0] = 1.0
        return cls(rows, columns, values * (1.0 / norms)[rows], total)

    @cached_property
    def matrix(self) -> Any:
        """The rows as a sparse matrix (CSR), one column per word kept."""
        from scipy import sparse

        return sparse.csr_matrix(
            (self.values, (self.rows, self.columns)),
            shape=(self.total, self.width),
            dtype=np.float64,
        )

    def cosines(self, queries: Sequence[int], against: int) -> Any:
        """The cosines of the rows ``queries`` with the first ``against`` rows, as a sparse
        matrix (CSR), a row per query."""
        from scipy import sparse

        if len(queries) > FEW_QUERIES:
            if against not in self._transposed:
                self._transposed[against] = self.matrix[:against].T.tocsc()
            return (self.matrix[list(queries)] @ self._transposed[against]).tocsr()
        end = int(self.starts[against])
        rows, columns, values = self.rows[:end], self.columns[:end], self.values[:end]
        found = np.zeros((len(queries), against), dtype=np.float64)
        query = np.zeros(self.width, dtype=np.float64)
        for i, row in enumerate(queries):
            start, stop = int(self.starts[row]), int(self.starts[row + 1])
            query[self.columns[start:stop]] = self.values[start:stop]
            found[i] = np.bincount(rows, weights=values * query[columns], minlength=against)
            query[self.columns[start:stop]] = 0.0
        return sparse.csr_matrix(found)


# An incremental build dates each new article among its closest ones, which overlap from
# one new article to the next: their weights are kept (read-only) rather than found again.
@lru_cache(maxsize=1024)
def _word_weights(text: str) -> WordWeights:
    """Each distinct word of ``text`` as a 64-bit hash (for the vocabulary, without a table
    of every word ever seen) and its sublinear count, 1 + log(count) (:func:`_counts`)."""
    return words_from_bytes(text_words(text))


def text_words(text: str) -> bytes:
    """:func:`words_to_bytes` of an article's text: as the build's analysing process handed
    it over (``text_keys``), else read here."""
    from storyline.link.text_keys import kept_text_keys

    kept = kept_text_keys(text)
    return kept.dating_words if kept is not None else words_to_bytes(text)


def _word_id(word: str) -> int:
    """A word's 64-bit id, the same in every process (Python's ``hash`` of a string changes
    from one process to the next, and ids are kept in the store): two 32-bit checksums, in C."""
    data = word.encode()
    return zlib.crc32(data) << 32 | zlib.adler32(data)


def words_to_bytes(text: str) -> bytes:
    """The text's distinct words (their ids) and counts (:func:`_counts`) as the store keeps
    them (the vector of the article's ``dating`` row in the link state): the ids, then the
    counts, little-endian."""
    counts = _counts(text)
    ids = np.fromiter(map(_word_id, counts), dtype="<u8", count=len(counts))
    return ids.tobytes() + np.fromiter(counts.values(), dtype="<f4", count=len(counts)).tobytes()


def words_from_bytes(data: bytes) -> WordWeights:
    """Word ids and sublinear counts, 1 + log(count), from :func:`words_to_bytes`. Counts are
    kept rather than weights: sums of 1 and ``LEAD_WEIGHT``, they are exact as 4-byte floats,
    so the weights are the same whether found from the text or read from the store."""
    size = len(data) // 12
    ids = np.frombuffer(data, dtype="<u8", count=size)
    weights = 1.0 + np.log(np.frombuffer(data, dtype="<f4", offset=8 * size).astype(np.float64))
    weights.setflags(write=False)
    return ids, weights


def _counts(text: str) -> dict[str, float]:
    """Lower-cased word counts, each of the first ``LEAD_WORDS`` words counting
    ``LEAD_WEIGHT`` times: news puts what happened first, so two reports of the same news
    share their leads more than their background."""
    counts: dict[str, float] = {}
    for position, token in enumerate(_TOKEN.findall(text)):
        word = token.lower()
        counts[word] = counts.get(word, 0.0) + (LEAD_WEIGHT if position < LEAD_WORDS else 1.0)
    return counts
