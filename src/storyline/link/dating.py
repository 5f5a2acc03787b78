"""Dating undated articles from the rest of the corpus.

An article without a stated date may name a month or day without its year ("leaders meet in
Los Angeles in June"). When a dated article reports the same thing with its year ("the previous
summit, held in Los Angeles in June 2022"), the year carries over, and the tense places the
publication on one side of it: a future "June" that is June 2022 means published within the
year before it. Each such match narrows the interval and is kept as evidence. Newly dated
articles can date others, so this repeats until nothing changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from storyline.ingest.dating_clues import WEEKDAY_VALUE
from storyline.models import Article, DateInterval, PublicationDate, TimeMention
from storyline.pipeline import BuildOptions

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

STATED = frozenset({"sidecar", "feed", "metadata", "text"})
SIMILAR_COSINE = 0.6
SIMILAR_COSINE_WITH_NAME = 0.2
YEARLESS = re.compile(r"XXXX-(\d\d)(?:-(\d\d))?(?:/XXXX-\d\d-\d\d)?")
ROUNDS = 3
# "Since taking office in 2021, Biden ...", "Trudeau, who took office in 2015": when an office
# holder took office. An undated article that names them *with a role* was written after it.
_TOOK_OFFICE = re.compile(
    r"\b(?:since|after|before)?\s*(?:taking|took|assuming|assumed|entering|entered)\s+office"
    r"\s+in\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b"
)
#: What every match of ``_TOOK_OFFICE`` in a sentence holds: a text with no match of this has
#: no sentence that matches (a sentence is a span of its text). It starts with a word, which
#: the regular expression engine looks for first: a search of a whole text costs little.
_TOOK_OFFICE_SPAN = re.compile(r"office\s+in\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d")


def refine_dates(
    corpus: Corpus, options: BuildOptions, targets: Collection[str] | None = None
) -> set[str]:
    """Narrow inferred publication dates with dated reports elsewhere; returns changed ids.
    ``targets``: only these articles are dated (the rest of the corpus is evidence only), as
    when one new article is linked among its closest ones."""
    changed: set[str] = set()
    # Each changed article's time expressions as they were: its figures were read with them.
    first_read: dict[str, list[TimeMention]] = {}
    tenures = _tenures(corpus)
    yearless = _Yearless(corpus)
    names = PlaceNames(corpus)

    def to_date(article: Article) -> bool:
        stated = article.published.provenance in STATED
        return not stated and (targets is None or article.id in targets)

    for article_id, article in list(corpus.articles.items()):
        if not to_date(article):
            continue
        updated = _after_tenure(corpus, article, tenures, options.collected_on, yearless)
        # A date an earlier build already settled on is not applied again: the store holds
        # what applying it gives, and redoing it is most of what linking one article costs.
        if updated is not None and updated != article.published:
            _apply(corpus, article, updated, first_read)
            changed.add(article_id)
    # Only the months named without a year by an article to date are looked up.
    months = yearless_months(
        corpus, [a for a, article in corpus.articles.items() if to_date(article)]
    )
    for _ in range(ROUNDS if months else 0):
        progressed = False
        index = _MonthIndex.build(corpus, months, names)
        # The round compares each yearless mention's sentence with the index: embedded here
        # in the order the round asks for them, each alone as it would be, on every thread.
        corpus.prefetch_sentence_vector(
            [
                (article_id, mention.sentence)
                for article_id, article in corpus.articles.items()
                if to_date(article)
                for mention in yearless(article)
                if _compared(corpus, index, article_id, mention)
            ]
        )
        for article_id, article in corpus.articles.items():
            if not to_date(article):
                continue
            found = yearless(article)
            if not found:
                continue
            updated = _narrow(corpus, index, article, found, names, yearless, options.collected_on)
            if updated is not None and updated != article.published:
                _apply(corpus, article, updated, first_read)
                changed.add(article_id)
                progressed = True
        if not progressed:
            break
    # Last, what is still undated takes the days of dated articles reporting the same things.
    from storyline.link.dating_similar import date_from_similar

    # (date_from_similar returns only dates that differ from the stored ones.)
    def unanchored(article: Article) -> list[TimeMention]:
        # Articles that are not to be dated are not read (their votes are dropped below).
        return corpus.unanchored(article.id) if targets is None or article.id in targets else []

    similar = date_from_similar(corpus, options.collected_on, unanchored, targets)
    for article_id, published in similar.items():
        if not to_date(corpus.articles[article_id]):
            continue
        _apply(corpus, corpus.articles[article_id], published, first_read)
        changed.add(article_id)
    for article_id in changed:
        _refigure(corpus, article_id, first_read[article_id])
    return changed


def yearless_months(corpus: Corpus, article_ids: Iterable[str]) -> set[int]:
    """The months these articles name without a year: dating them looks up only the dated
    reports of these months."""
    yearless = _Yearless(corpus)
    return {int(m.value[5:7]) for a in article_ids for m in yearless(corpus.articles[a])}


def reads_in_full(
    tenure: bool, time_mentions: Sequence[TimeMention], months: Collection[int]
) -> bool:
    """Whether dating other articles (``refine_dates`` with ``targets`` that name ``months``
    without a year) reads this one's sentences and names: when its text may say when someone
    took office (``tenure``: :func:`names_a_tenure`), or one of its dates falls in one of
    those months (the month index; what it takes is a part of these). Otherwise dating reads
    only its words and date, and its time expressions when ``months`` is not empty."""
    if tenure:
        return True
    return bool(months) and not date_months(time_mentions).isdisjoint(months)


def names_a_tenure(article: Article) -> bool:
    """Whether the text may say when someone took office (dating then reads its sentences)."""
    return _TOOK_OFFICE_SPAN.search(article.text) is not None


def date_months(time_mentions: Iterable[TimeMention]) -> frozenset[int]:
    """The months (1–12) the article's dates start in: only where one of them is named
    without a year by an article to date do its time expressions count in dating it
    (:func:`reads_in_full`, the month index)."""
    return frozenset(
        tm.interval.start.month
        for tm in time_mentions
        if tm.type == "DATE" and tm.interval is not None
    )


class _Yearless:
    """The article's months and days named without a year, with a tense to place them
    (:meth:`Corpus.unanchored`, read once per article)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def __call__(self, article: Article) -> list[TimeMention]:
        return [m for m in self.corpus.unanchored(article.id) if YEARLESS.fullmatch(m.value)]

    def clues(self, article: Article) -> list[TimeMention]:
        """Its months and days, and its weekdays: what a best guess reads."""
        return [
            m
            for m in self.corpus.unanchored(article.id)
            if YEARLESS.fullmatch(m.value) or WEEKDAY_VALUE.fullmatch(m.value)
        ]


#: The names a yearless month's sentence and a dated report of it may share (``PlaceNames``):
#: of another article's names, dating reads only these, and people where its text may say when
#: someone took office (``_tenures``).
PLACE_NAMES = frozenset({"GPE", "LOC", "FAC", "EVENT", "ORG"})


class PlaceNames:
    """Place, organisation and event name keys by (article id, sentence), read once."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.by_sentence: dict[str, dict[int, set[str]]] = {}

    def __call__(self, article_id: str, sentence: int) -> set[str]:
        if article_id not in self.by_sentence:
            from storyline.link.entities import name_key

            grouped: dict[int, set[str]] = defaultdict(set)
            for m in self.corpus.mentions[article_id]:
                if m.type in PLACE_NAMES:
                    grouped[m.sentence].add(name_key(m.text))
            self.by_sentence[article_id] = grouped
        return self.by_sentence[article_id].get(sentence, set())


#: A role's abbreviations as datelines and bylines write them ("Sen. Barack Obama").
_ROLE_WORDS = {
    "sen.": "senator",
    "rep.": "representative",
    "gov.": "governor",
    "gen.": "general",
    "pres.": "president",
    "lt.": "lieutenant",
    "sec.": "secretary",
    "atty.": "attorney",
}
#: Words that make another office of the same title: a vice president is no president, a
#: prime minister no health minister, an attorney general no general.
_OFFICE_MODIFIERS = frozenset(
    {
        *("vice", "deputy", "assistant", "acting", "under", "prime", "lieutenant", "associate"),
        *("executive", "interim", "chief", "attorney", "majority", "minority", "first"),
    }
)

#: An office as a role names it: its title and what makes it another office of that title
#: ("US President" and "President" are one office, "Vice President" and "Sen." others).
Office = tuple[str, frozenset[str]]


def office_of(role: str) -> Office | None:
    """The office a role names ("Secretary of State" → secretary), None for no role."""
    words = [
        _ROLE_WORDS.get(w, w.strip(".,'’")) for w in role.casefold().partition(" of ")[0].split()
    ]
    words = [w for w in words if w]
    if not words:
        return None
    return words[-1], frozenset(w for w in words[:-1] if w in _OFFICE_MODIFIERS)


#: Surname → the office → (the year they took it, evidence).
Tenures = dict[str, dict[Office, tuple[int, str]]]


def _tenures(corpus: Corpus) -> Tenures:
    """Surname → when they took which office, read from every article: the office is the
    role the holder has in the sentence, else the one their article gives them most. Where
    the article names no office of theirs, what they took is not known, and nothing is
    bounded by it ("Obama took office in January 2009" of a page that says only "Obama"
    bounds no "Sen. Barack Obama")."""

    found: Tenures = defaultdict(dict)
    for article_id, sentences in corpus.sentences.items():
        # A sentence is a span of its article's text: one search of the whole text skips
        # every sentence of an article that never says when someone took office.
        article = corpus.articles.get(article_id)
        if article is not None and not names_a_tenure(article):
            continue
        for sentence in sentences:
            # The pattern needs the word: a substring test skips most sentences unread.
            match = "office" in sentence.text and _TOOK_OFFICE.search(sentence.text)
            if not match:
                continue
            people = [
                m
                for m in corpus.mentions[article_id]
                if m.sentence == sentence.index and m.type == "PERSON"
            ]
            if not people:
                continue
            holder = min(people, key=lambda m: abs(m.start - (sentence.start + match.start())))
            surname = _surname(holder.text)
            office = _office_in(corpus, article_id, holder.role, surname) if surname else None
            if office is None:
                continue
            year = int(match.group(1))
            said = f"article {article_id} says “{match.group(0).strip()}” of {holder.text}"
            # Of two years told for one office, the earlier: they held it from then on.
            if office not in found[surname] or year < found[surname][office][0]:
                found[surname][office] = (year, said)
    return found


def _office_in(corpus: Corpus, article_id: str, role: str, surname: str) -> Office | None:
    """The office of a tenure's holder: the role they have there, else the office their
    article names them with most often (None: it names none)."""
    if _held(role):
        return office_of(role)
    offices = Counter(
        office_of(m.role)
        for m in corpus.mentions[article_id]
        if m.type == "PERSON" and _held(m.role) and _surname(m.text) == surname
    )
    offices.pop(None, None)
    return offices.most_common(1)[0][0] if offices else None


def _held(role: str) -> bool:
    """Whether a role says an office is held now ("former President" says it is not)."""
    return bool(role) and "former" not in role.lower()


def _surname(name: str) -> str:
    """A person's name as tenures are keyed by it: the last word of its key ("" for none)."""
    from storyline.link.entities import name_key

    return (name_key(name).split() or [""])[-1]


def _after_tenure(
    corpus: Corpus,
    article: Article,
    tenures: Tenures,
    collected_on: dt.date,
    yearless: _Yearless,
) -> PublicationDate | None:
    """A lower bound from an office holder named with the role of the office they took
    ("President Biden"; "Sen. Barack Obama" is not bounded by the presidency he took later)."""
    from storyline.ingest.dating import (
        best_guess,
        collected_line,
        uncertain_granularity,
        with_guess,
    )

    interval = _own_or_collected(article, collected_on)
    evidence = (
        article.published.evidence
        if article.published.interval
        else (collected_line(collected_on),)
    )
    for mention in corpus.mentions[article.id]:
        if mention.type != "PERSON" or not _held(mention.role):
            continue
        surname = _surname(mention.text)
        office = office_of(mention.role)
        took = tenures.get(surname, {}).get(office) if office is not None else None
        if took is None:
            continue
        year, said = took
        start = dt.date(year, 1, 1)
        if interval.start >= start or interval.end < start:
            continue
        named = yearless.clues(article)
        guessed = best_guess(start, interval.end, named)
        best = guessed or interval.best
        if best is not None and not start <= best <= interval.end:
            best = None
        tenure = (
            f"“{mention.role} {mention.text}” is in office, taken in {year}: not before"
            f" {start} ({said})"
        )
        return PublicationDate(
            DateInterval(start, interval.end, uncertain_granularity(start, interval.end), best),
            "inferred",
            with_guess((*evidence, tenure), best, named) if guessed else (*evidence, tenure),
        )
    return None


def _own_or_collected(article: Article, collected_on: dt.date) -> DateInterval:
    """The article's own interval, or for one without: any day up to the one it was collected
    on (nothing is published after it was collected), for the corpus to narrow."""
    return article.published.interval or DateInterval(dt.date.min, collected_on, "unknown")


def _narrow(
    corpus: Corpus,
    index: _MonthIndex,
    article: Article,
    yearless: list[TimeMention],
    names: PlaceNames,
    clues: _Yearless,
    collected_on: dt.date,
) -> PublicationDate | None:
    interval = _own_or_collected(article, collected_on)
    evidence = list(article.published.evidence)
    narrowed = False
    for mention in yearless:
        match = _dated_counterpart(corpus, index, article, mention, names)
        if match is None:
            continue
        day, other_id, other_text = match
        if mention.tense == "future":
            bound = DateInterval(day - dt.timedelta(days=365), day, "day")
            side = "still to come"
        elif mention.tense == "past":
            bound = DateInterval(day, day + dt.timedelta(days=365), "day")
            side = "past"
        else:  # no tense: the nearest such month or day, so within half a year either side
            bound = DateInterval(day - dt.timedelta(days=183), day + dt.timedelta(days=183), "day")
            side = "the nearest"
        joined = interval.intersect(bound)
        if joined is None or joined == interval:
            continue
        interval = joined
        narrowed = True
        evidence.append(
            f"“{mention.text}” ({side}) is {day.isoformat()}: article {other_id} reports"
            f" “{other_text}”"
        )
    if not narrowed:
        return None
    from storyline.ingest.dating import (
        best_guess,
        collected_line,
        uncertain_granularity,
        with_guess,
    )

    if article.published.interval is None and interval.end == collected_on:
        evidence.append(collected_line(collected_on))

    named = clues.clues(article)  # its weekdays too, for the best guess
    best = best_guess(interval.start, interval.end, named)
    granularity = uncertain_granularity(interval.start, interval.end)
    return PublicationDate(
        DateInterval(interval.start, interval.end, granularity, best),
        "inferred",
        with_guess(evidence, best, named),
    )


@dataclass(frozen=True)
class MonthReport:
    """One of an article's dates with its year that a month named without its year elsewhere
    can be matched with (the month index's entries): a day, or a whole month, in one month,
    stated or resolved reliably. With its sentence's text and the place names in it (what
    the match compares), an article's ``dating`` row keeps these, so that dating a new article
    among it reads none of its time expressions, sentences or names."""

    article_id: str
    #: The date's first day: its year and month (and its day, if ``day``).
    start: dt.date
    #: The day of the month if the date is a day, else 0.
    day: int
    #: The date as the text writes it.
    text: str
    sentence: int
    sentence_text: str
    #: Its sentence's place, organisation and event name keys (``PlaceNames``).
    names: frozenset[str]

    def kept(self) -> KeptReport:
        """As an article's ``dating`` row keeps it (JSON)."""
        return [
            self.start.isoformat(),
            self.day,
            self.text,
            self.sentence,
            self.sentence_text,
            sorted(self.names),
        ]

    @classmethod
    def from_kept(cls, article_id: str, kept: KeptReport) -> MonthReport:
        start, day, text, sentence, sentence_text, names = kept
        return cls(
            article_id,
            dt.date.fromisoformat(start),
            day,
            text,
            sentence,
            sentence_text,
            frozenset(names),
        )


#: A month report as a ``dating`` row keeps it: its first day (ISO), day of the month (or 0),
#: text, sentence, sentence text, and sorted names.
KeptReport = list[Any]


#: Every month: what an article's ``dating`` row keeps the reports of.
ALL_MONTHS = frozenset(range(1, 13))


def month_reports(
    corpus: Corpus, article_id: str, months: Collection[int], names: PlaceNames
) -> list[MonthReport]:
    """The article's reports of these months: as its ``dating`` row kept them
    (``Corpus.month_reports``; only those of these months are made), else read from its time
    expressions, sentences and names."""
    kept = corpus.month_reports.get(article_id)
    if kept is not None:
        # (The month of an ISO day "YYYY-MM-DD" read without parsing the rest.)
        return [MonthReport.from_kept(article_id, r) for r in kept if int(r[0][5:7]) in months]
    article = corpus.articles[article_id]
    found = []
    for tm in corpus.time_mentions[article_id]:
        interval = tm.interval
        if interval is None or tm.type != "DATE" or not _reliable(tm, article):
            continue
        if interval.start.month not in months or interval.granularity not in ("day", "month"):
            continue
        if interval.start.month != interval.end.month:
            continue
        found.append(
            MonthReport(
                article_id,
                interval.start,
                interval.start.day if interval.is_day else 0,
                tm.text,
                tm.sentence,
                corpus.sentences[article_id][tm.sentence].text,
                frozenset(names(article_id, tm.sentence)),
            )
        )
    return found


@dataclass
class _MonthIndex:
    """Dated reports (with their year) by month, with their sentence vectors stacked, so a
    yearless mention is compared with all same-month reports in one matrix product."""

    entries: dict[int, list[MonthReport]]
    vectors: dict[int, np.ndarray]
    #: Per month, each report's article id and its day of the month (0 unless it is a day):
    #: the filters a yearless mention applies, over arrays rather than report by report.
    article_ids: dict[int, np.ndarray]
    days: dict[int, np.ndarray]

    @classmethod
    def build(cls, corpus: Corpus, months: Collection[int], names: PlaceNames) -> _MonthIndex:
        """The reports of these months (those that yearless mentions name)."""
        entries: dict[int, list[MonthReport]] = defaultdict(list)
        for other_id in corpus.articles:
            for report in month_reports(corpus, other_id, months, names):
                entries[report.start.month].append(report)
        # Their sentences embedded in one batch, in the order of the index.
        corpus.embed_texts([r.sentence_text for found in entries.values() for r in found])
        vectors = {
            month: np.vstack(
                [
                    corpus.kept_sentence_vector(r.article_id, r.sentence, r.sentence_text)
                    for r in found
                ]
            )
            for month, found in entries.items()
        }
        article_ids = {
            month: np.array([r.article_id for r in found], dtype=object)
            for month, found in entries.items()
        }
        days = {
            month: np.array([r.day for r in found], dtype=np.int64)
            for month, found in entries.items()
        }
        return cls(dict(entries), vectors, article_ids, days)


def _compared(corpus: Corpus, index: _MonthIndex, article_id: str, mention: TimeMention) -> bool:
    """Whether :func:`_dated_counterpart` compares this yearless mention's sentence with the
    index: its month has dated reports there, and the sentence is one of the article's."""
    found = YEARLESS.fullmatch(mention.value)
    assert found is not None
    return int(found.group(1)) in index.entries and 0 <= mention.sentence < len(
        corpus.sentences[article_id]
    )


def _dated_counterpart(
    corpus: Corpus, index: _MonthIndex, article: Article, mention: TimeMention, names: PlaceNames
) -> tuple[dt.date, str, str] | None:
    """A report elsewhere of the same month (and day) with its year, in a similar sentence."""
    if not _compared(corpus, index, article.id, mention):
        return None
    found = YEARLESS.fullmatch(mention.value)
    assert found is not None
    month, day = int(found.group(1)), int(found.group(2)) if found.group(2) else None
    mine = corpus.sentence_vector(article.id, mention.sentence)
    cosines = index.vectors[month] @ mine
    keep = (cosines >= SIMILAR_COSINE_WITH_NAME) & (index.article_ids[month] != article.id)
    if day is not None:  # a report of another day of the month is not this one
        keep &= (index.days[month] == 0) | (index.days[month] == day)
    my_names = names(article.id, mention.sentence)
    if not my_names:  # nothing shared: the score is the cosine, and it must be high
        keep &= cosines.astype(np.float64) >= SIMILAR_COSINE
    positions = np.flatnonzero(keep)
    # Most likely first: a report's score is at most its cosine plus what all of the
    # mention's names would add, so the search stops once that cannot reach the best.
    positions = positions[np.argsort(-cosines[positions], kind="stable")]
    reach = 0.2 * len(my_names)
    best: tuple[float, int, dt.date, str, str] | None = None
    for position in positions.tolist():
        cosine = float(cosines[position])
        if best is not None and cosine + reach < best[0]:
            break
        report = index.entries[month][position]
        shared = my_names & report.names if my_names else set()
        if cosine < SIMILAR_COSINE and not shared:
            continue
        score = cosine + 0.2 * len(shared)
        # Equal scores go to the report listed first, as a pass in list order gives.
        if best is None or score > best[0] or (score == best[0] and position < best[1]):
            year = report.start.year
            target = dt.date(year, month, day or 1)
            if day is None and mention.tense == "future":
                target = _month_end(year, month)
            best = (score, position, target, report.article_id, report.text)
    return None if best is None else best[2:]


def _reliable(tm: TimeMention, article: Article) -> bool:
    """A year stated in the text, or resolved against a stated publication day."""
    interval = article.published.interval
    stated_day = article.published.provenance in STATED and interval is not None and interval.is_day
    # A relative expression whose every reading falls in one month is as good as stated.
    settled = tm.interval is not None and (tm.interval.start.year, tm.interval.start.month) == (
        tm.interval.end.year,
        tm.interval.end.month,
    )
    return not tm.relative or stated_day or settled


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _apply(
    corpus: Corpus,
    article: Article,
    published: PublicationDate,
    first_read: dict[str, list[TimeMention]],
) -> None:
    """Store the new date and redo the time expressions, which depend on it (and which the
    month index reads in the rounds that follow); ``first_read`` keeps the article's
    expressions as they were before its first change. The figures, which also depend on it
    but which dating never reads, are redone once per changed article at the end
    (:func:`_refigure`): an article narrowed in several steps was read for figures at each."""
    from storyline.analyse.timex import find_time_expressions

    first_read.setdefault(article.id, corpus.time_mentions[article.id])
    updated = replace(article, published=published)
    corpus.articles[article.id] = updated
    corpus.time_mentions[article.id] = find_time_expressions(
        article.id, article.text, corpus.sentences[article.id], published.interval, article.language
    )


def _refigure(corpus: Corpus, article_id: str, first_read: Sequence[TimeMention]) -> None:
    """Read the article's figures again, against its time expressions as they now are
    (``first_read``: as they were when its figures were read)."""
    from storyline.analyse.figures import retime_figures

    article = corpus.articles[article_id]
    # A figure parser failing here keeps what the per-article stage made (which recorded it).
    with contextlib.suppress(Exception):
        corpus.figures[article_id] = retime_figures(
            article_id,
            article.text,
            corpus.sentences[article_id],
            corpus.figures[article_id],
            first_read,
            corpus.time_mentions[article_id],
            corpus.mentions[article_id],
            article.language,
        )
