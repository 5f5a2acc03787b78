"""What dating a new article reads of its closest linked articles, kept between articles.

An incremental link dates an undated new article among its closest linked articles
(``link/incremental.py``) by the rules a full link applies over the whole corpus
(``link/dating.refine_dates``). It reads of them only what those rules read: their dates,
words, dated sentences and month reports (the dates a month named without its year is matched
with) from their ``dating`` rows; their texts, sentences and names only where their text may
say when someone took office; and, of rows written before they kept month reports, the time
expressions (and then sentences and names) where the article names a month without its year.
What was read is kept for the next new articles: a build's new articles come in bursts on the
same news, so their closest articles are mostly the same.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.link.corpus import Corpus
from storyline.link.dating import PLACE_NAMES, KeptReport, names_a_tenure
from storyline.link.dating_happenings import DatedSentence
from storyline.link.dating_similar import WordWeights, votes, words_from_bytes
from storyline.link.kept import keep_recent
from storyline.link.link_state import dated_sentences_of, dating_row, read_data
from storyline.models import (
    Article,
    Mention,
    PublicationDate,
    Sentence,
    TimeMention,
    from_dict,
)
from storyline.store import Store
from storyline.store.base import LinkRow

#: What dating read of this many linked articles is kept between new articles: a build's new
#: articles come in bursts on the same news, so their closest articles are mostly the same.
DATING_READS_KEPT = 2_000


@dataclass
class DatingRead:
    """One linked article as dating others read it: its text and date; its time expressions
    once an article to date names a month without its year; its sentences and names once
    dating reads them (``dating.reads_in_full``). What was read is kept as the store holds it."""

    #: Without its text (and its date's evidence) where its ``dating`` row holds what dating
    #: reads of it (``whole`` False): the text is read only with its sentences.
    article: Article
    #: Whether its text may say when someone took office (``dating.names_a_tenure``).
    tenure: bool
    whole: bool = True
    #: Its words as dating weighs them, and the months its dates start in, as kept when it
    #: was linked (None: not kept, as in a store linked before they were; dating then finds
    #: the words from the text, and reads its time expressions to find the months).
    words: WordWeights | None = None
    months: frozenset[int] | None = None
    #: What its sentences say happened on which day, if its day is stated, and a digest of
    #: its text, as kept (None: not kept; dating then reads its sentences for them).
    happened: list[DatedSentence] | None = None
    digest: str | None = None
    #: Its dates that a month named without its year is matched with, as kept (None: not
    #: kept; dating then reads its time expressions, sentences and names for them).
    reports: list[KeptReport] | None = None
    #: Its time expressions once read: all of them if its row is written again (pooled),
    #: else only its dates with an interval (``_a_date``).
    time_mentions: list[TimeMention] | None = None
    sentences: list[Sentence] | None = None
    #: Its names once read: all of them where its text may say when someone took office
    #: (``tenure``), else only places, organisations and events (``_a_place``).
    mentions: list[Mention] | None = None


class NeighbourReads:
    """Linked articles as dating reads them, most recently used last. Dating changes only
    the article it dates, which is never kept here, so what is kept stays what the store
    holds."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.kept: OrderedDict[str, DatingRead] = OrderedDict()
        #: Old ``dating`` rows made new by the last dating, for the link's transaction.
        self.rows_due: list[LinkRow] = []

    def corpus(
        self, neighbours: Sequence[str], article_id: str, target: Corpus | None = None
    ) -> Corpus:
        """What dating reads of the article (from ``target``, the link's corpus, which read
        it, if given) and of its closest linked ones: their dates, words and dated sentences
        (``dating_happenings``) from their ``dating`` rows; their time expressions only if the
        article names a month without its year; their texts, sentences and names only where
        dating reads them (``dating.reads_in_full``; empty lists for the others). The
        neighbours' come from memory where an earlier article read them."""
        from storyline.link.dating import reads_in_full, yearless_months

        kinds = ("mentions", "time_mentions", "unanchored_time_mentions")
        if target is None:
            target = Corpus.load(self.store, [article_id], kinds)
        months = yearless_months(target, [article_id])
        kept = self.kept
        missing = [i for i in neighbours if i not in kept]
        # Their words, date and months as kept: finding the words again from the texts cost
        # most of the dating, and reading the texts most of what was left.
        rows = {r[0]: r for r in self.store.link_state("dating", missing)}
        for i, _start, _stop, words, data in rows.values():
            found = read_data(data)
            happened = dated_sentences_of(i, found)
            if words and "published" in found and happened is not None:
                published = from_dict(PublicationDate, found["published"])
                kept[i] = DatingRead(
                    Article(i, "", "", published=published),
                    found["tenure"],
                    whole=False,
                    words=words_from_bytes(words),
                    months=frozenset(found["months"]),
                    happened=happened,
                    digest=found["text"],
                    reports=found.get("reports"),
                )
        for article in self.store.articles_by_id([i for i in missing if i not in kept]):
            read = kept[article.id] = DatingRead(article, names_a_tenure(article))
            row = rows.get(article.id)
            if row is not None and row[3]:  # kept before the rows held the date
                read.words = words_from_bytes(row[3])
                read.months = frozenset(read_data(row[4]).get("months", []))
        reads = {i: kept[i] for i in neighbours if i in kept}
        # Dated ones whose rows do not keep what their sentences say happened on which day
        # (a store linked before they did): their time expressions and sentences say it.
        pooled = {i for i, read in reads.items() if read.happened is None and votes(read.article)}
        # Time expressions otherwise only of those whose rows keep no month reports and that
        # may date a month named without its year (a date in one of them) or say when someone
        # took office: of the others dating reads nothing more (``reads_in_full``), and
        # reading them was most of its reads.
        unread = [
            i
            for i, read in reads.items()
            if read.time_mentions is None
            and (
                i in pooled
                or (
                    bool(months)
                    and read.reports is None
                    and (read.months is None or not read.months.isdisjoint(months) or read.tenure)
                )
            )
        ]
        # The pooled ones' are read whole (their rows are written again from them); of the
        # others only the dates with an interval, all that dating reads of another article's
        # time expressions (``dating.date_months``, the month index): about half of them, and
        # building the other half was most of the cost of such a read.
        found = self._by_article(
            "time_mentions",
            TimeMention,
            unread,
            lambda tm: tm["article_id"] in pooled or _a_date(tm),
        )
        for i in unread:
            reads[i].time_mentions = found[i]
        # Sentences and names of those that may say when someone took office, and of those
        # whose dates in the months the month index takes from them rather than from rows.
        full = [
            i
            for i, read in reads.items()
            if read.sentences is None
            and (
                i in pooled
                or read.tenure
                or (read.reports is None and reads_in_full(False, read.time_mentions or [], months))
            )
        ]
        for article in self.store.articles_by_id([i for i in full if not reads[i].whole]):
            reads[article.id].article, reads[article.id].whole = article, True
        if full:
            sentences = self.store.sentences_of([reads[i].article for i in full])
            # People's names only where the text may say when someone took office: elsewhere
            # dating reads only places, organisations and events (``dating.PLACE_NAMES``),
            # and people are over half of the names.
            people = {i for i in full if reads[i].tenure}
            mentions = self._by_article(
                "mentions", Mention, full, lambda m: m["article_id"] in people or _a_place(m)
            )
            for i in full:
                reads[i].sentences, reads[i].mentions = sentences[i], mentions[i]
        if pooled:
            self._rewrite_rows({i: reads[i] for i in sorted(pooled)})
        keep_recent(kept, reads, DATING_READS_KEPT)
        ids = sorted([*reads, article_id])  # the order Corpus.load gives
        reads.pop(article_id, None)

        def of(i: str, kind: str) -> list[Any]:
            if i == article_id:
                return list(getattr(target, kind)[i])
            found = getattr(reads[i], kind)
            return found if found is not None else []

        return Corpus(
            articles={i: target.articles[i] if i == article_id else reads[i].article for i in ids},
            sentences={i: of(i, "sentences") for i in ids},
            mentions={i: of(i, "mentions") for i in ids},
            time_mentions={i: of(i, "time_mentions") for i in ids},
            quotes={i: [] for i in ids},
            figures={i: [] for i in ids},
            unanchored_time_mentions=target.unanchored_time_mentions,
            word_weights={i: read.words for i, read in reads.items() if read.words is not None},
            dated_sentences={
                i: read.happened for i, read in reads.items() if read.happened is not None
            },
            text_digests={i: read.digest for i, read in reads.items() if read.digest is not None},
            month_reports={
                i: read.reports for i, read in reads.items() if read.reports is not None
            },
        )

    def _by_article(
        self, kind: str, cls: type[Any], ids: Sequence[str], where: Callable[[dict[str, Any]], bool]
    ) -> dict[str, list[Any]]:
        """These articles' extractions of one kind that ``where`` accepts (their stored
        JSON), built and grouped by article (each of ``ids`` listed, in their order)."""
        grouped: dict[str, list[Any]] = {i: [] for i in ids}
        for item in self.store.extractions_of(kind, cls, ids, where=where):
            if item.article_id in grouped:
                grouped[item.article_id].append(item)
        return grouped

    def _rewrite_rows(self, reads: dict[str, DatingRead]) -> None:
        """The ``dating`` rows of these neighbours, written before rows kept what dating reads
        of a dated article, as a link writes them now: from what was just read of them
        (whole, with their sentences and time expressions), written in the link's
        transaction. Each old row costs these reads once, not at every new article."""
        read_whole = Corpus(
            articles={i: read.article for i, read in reads.items()},
            sentences={i: read.sentences or [] for i, read in reads.items()},
            mentions={i: read.mentions or [] for i, read in reads.items()},
            time_mentions={i: read.time_mentions or [] for i, read in reads.items()},
            quotes={i: [] for i in reads},
            figures={i: [] for i in reads},
        )
        for i, read in reads.items():
            row = dating_row(read_whole, i)
            self.rows_due.append(row)
            data = read_data(row[4])
            read.happened, read.digest = dated_sentences_of(i, data), data["text"]
            read.reports = data.get("reports")


def _a_date(time_mention: dict[str, Any]) -> bool:
    """Whether a stored time expression (its JSON) is a date with an interval."""
    return time_mention["type"] == "DATE" and time_mention.get("interval") is not None


def _a_place(mention: dict[str, Any]) -> bool:
    """Whether a stored name (its JSON) is one that dating compares (``dating.PLACE_NAMES``)."""
    return mention["type"] in PLACE_NAMES
