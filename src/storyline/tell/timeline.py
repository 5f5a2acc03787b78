"""A story's timeline: its important dates, each with a short cited extractive summary.

Importance of a date = independent sources reporting it (copies, rewrites and translations
count once) + later articles that refer back to it + how precisely it is dated. The summary
of a day is drawn from the sentences that report it and from the leads of the articles
published that day or the next (``day_leads``): it picks the sentences closest to what those
candidates say together (in meaning, and in the distinctive words they share: ``lexical``) and
to the story, drops ones that repeat a chosen sentence, and cites every article that said the
same thing, each at its own span. A sentence is told without the wire dateline, page stamp or
photo credit it may open with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.models import (
    Citation,
    DateInterval,
    Discrepancy,
    Duplicate,
    Happening,
    Report,
    Status,
    Story,
    SummarySentence,
    TimelineEntry,
)
from storyline.tell import lexical
from storyline.tell.day_leads import day_leads, named_dates
from storyline.tell.told_text import in_own_voice, is_news, points_back, without_dateline

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

MAX_SUMMARY_SENTENCES = 2
REDUNDANT_COSINE = 0.8
SAME_CONTENT_COSINE = 0.75
LEAD_BONUS = 1.0
_NATURAL_DAYS = {"day": 1, "week": 7, "month": 31, "season": 92, "quarter": 92, "year": 366}
LEAD_PARAGRAPHS = 2
PRECISION_BONUS = {"day": 1.0, "week": 0.7, "month": 0.5, "season": 0.3, "quarter": 0.3}
#: A summary sentence should be about the story, not a side remark that happens to carry the
#: date: its closeness to the story's centroid counts this much beside its centrality among
#: the date's reports.
STORY_WEIGHT = 1.0
#: A timeline entry is read at a glance: sentences longer than this many words lose a little
#: per extra word, so that of two reports saying the same the shorter one is told.
LONG_SENTENCE_WORDS = 25
LONG_SENTENCE_COST = 0.01
#: An article's lead is written to be read first and alone, so it may run longer; beyond this
#: it is mostly a headline and dateline the sentence splitter could not tell from the lead.
LEAD_SENTENCE_WORDS = 40
#: Of sentences saying as much, one that stands alone and reports is the better entry: a
#: sentence opening by pointing back to the one before it, or in the writer's or to the
#: reader's voice (a comment piece's "we must hope ..."), loses this much.
POINTS_BACK_COST = 0.1
OWN_VOICE_COST = 0.3
#: Beside closeness in meaning, the share of the day's distinctive words a sentence uses
#: counts this much (``tell.lexical``): names and specific terms that embeddings blur.
LEXICAL_WEIGHT = 1.0


@dataclass(frozen=True)
class TimelineShape:
    """What a reader asks of a timeline: how many dates (None: every date worth telling, at
    most 4 per article and 40 in all), how many sentences per date, which span of days, and
    whether only dates known to the day may be entries."""

    dates: int | None = None
    sentences: int = MAX_SUMMARY_SENTENCES
    start: dt.date | None = None
    end: dt.date | None = None
    days_only: bool = False

    def admits(self, date: DateInterval) -> bool:
        if self.days_only and not date.is_day:
            return False
        if self.start is not None and date.end < self.start:
            return False
        return not (self.end is not None and date.start > self.end)


def independent_count(
    article_ids: set[str] | list[str] | tuple[str, ...], original_of: dict[str, str]
) -> int:
    return len({original_of.get(a, a) for a in article_ids})


def build_timeline(
    corpus: Corpus,
    story: Story,
    happenings: list[Happening],
    duplicates: list[Duplicate],
    discrepancies: list[Discrepancy],
    size: int | None = None,
    shape: TimelineShape | None = None,
) -> list[TimelineEntry]:
    """The story's timeline, in date order; ``size`` caps the number of dates (default: all
    dates worth telling, at most 4 per article and 40 in all), ``shape`` sets the number of
    dates and sentences and the span."""
    shape = shape or TimelineShape(dates=size)
    original_of = {d.article_id: d.original_id for d in duplicates}
    in_story = set(story.article_ids)
    by_date: dict[tuple[object, ...], list[Happening]] = defaultdict(list)
    for happening in happenings:
        if not shape.admits(happening.date):
            continue
        if any(r.article_id in in_story for r in happening.reports):
            by_date[_entry_key(happening)].append(happening)
    scored = []
    for members in by_date.values():
        sources = sorted(
            {r.article_id for h in members for r in h.reports if r.article_id in in_story}
        )
        independent = independent_count(sources, original_of)
        later = max(h.later_references for h in members)
        date = _entry_date(members)
        if date.granularity in ("year", "decade", "century") and independent < 2:
            continue  # a bare year from one source is background, not a dated event
        # A happening told in an article's opening paragraphs is what that article is about.
        lead = any(_in_lead(corpus, r.article_id, r.sentence) for h in members for r in h.reports)
        score = (
            independent
            + 0.5 * later
            + PRECISION_BONUS.get(date.granularity, 0.0)
            + (LEAD_BONUS if lead else 0.0)
        )
        if date.days > 2 * _NATURAL_DAYS.get(date.granularity, 366):
            score -= 1.0  # a date we cannot place within a year or more tells little
        score += 0.25 * (len(sources) - independent)  # retold, though not confirmed
        scored.append((score, date, members, sources, independent))
    limit = shape.dates if shape.dates is not None else min(40, max(5, 4 * len(in_story)))
    chosen = sorted(scored, key=lambda s: (-s[0], _date_key(s[2][0].date)))[:limit]
    centroid = _story_centroid(corpus, in_story) if chosen else None
    named = named_dates(corpus, in_story) if chosen else {}
    leads = day_leads(corpus, in_story, named) if chosen else {}
    idf = _story_idf(corpus, in_story) if chosen else {}
    entries = []
    for score, date, members, sources, independent in chosen:
        day_news = leads.get(date.start, []) if date.is_day else []
        # Only the reports that name a date this entry's date can be are told (the date is
        # still chosen from all of them); an entry left with nothing to tell keeps them all.
        told = [_fitting(h, named) for h in members]
        if not any(r.article_id in in_story for h in told for r in h.reports) and not day_news:
            told = members
        summary = _summary(corpus, told, in_story, shape.sentences, centroid, day_news, idf)
        # A day's lead told or cited in the summary makes its article a source of the entry
        # (shown beside the others); the date was chosen from the reports alone.
        cited = {c.article for sentence in summary for c in sentence.citations}
        if not cited <= set(sources):
            sources = sorted(set(sources) | cited)
            independent = independent_count(sources, original_of)
        happening_ids = tuple(h.id for h in members)
        entries.append(
            TimelineEntry(
                story_id=story.id,
                date=date,
                status=_status(members),
                summary=summary,
                sources=tuple(sources),
                independent_sources=max(1, independent),
                happening_ids=happening_ids,
                discrepancy_ids=tuple(
                    d.id for d in discrepancies if d.happening_id in happening_ids
                ),
                score=round(score, 3),
            )
        )
    return sorted(entries, key=lambda e: _sort_key(e.date))


def _in_lead(corpus: Corpus, article_id: str, sentence: int) -> bool:
    sentences = corpus.sentences.get(article_id, [])
    return 0 <= sentence < len(sentences) and sentences[sentence].paragraph < LEAD_PARAGRAPHS


def _entry_key(happening: Happening) -> tuple[object, ...]:
    """Happenings told under one entry: those of one date; and those that one article's
    undated text places on the same most likely day ("tomorrow" and "Thursday's talks" in an
    article guessed to be of a Wednesday), whose intervals differ only by how each is counted
    from the unknown day of publication."""
    date = happening.date
    if date.granularity == "day" and not date.is_day and date.best is not None:
        articles = frozenset(r.article_id for r in happening.reports)
        if len(articles) == 1:
            return ("best", date.best, articles)
    return _date_key(date)


def _entry_date(members: list[Happening]) -> DateInterval:
    """The date of an entry's happenings: theirs, or where one article's undated text put
    several on one most likely day, the days all of them can be."""
    date = members[0].date
    for other in members[1:]:
        date = date.intersect(other.date) or date
    return date


def _date_key(date: DateInterval) -> tuple[object, ...]:
    return (date.start, date.end)


def _sort_key(date: DateInterval) -> tuple[object, ...]:
    return (date.best or date.start, date.start, date.end)


def _status(members: list[Happening]) -> Status:
    statuses = {h.status for h in members}
    for status in ("happened", "planned", "ongoing"):
        if status in statuses:
            return status
    return "happened"


def _story_centroid(corpus: Corpus, in_story: set[str]) -> np.ndarray | None:
    """The mean of the story's article gists, normalised (None for an empty story)."""
    present = [a for a in sorted(in_story) if a in corpus.articles]
    if not present:
        return None
    mean = np.vstack([corpus.article_vector(a) for a in present]).mean(axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    return np.asarray(mean / norm, dtype=np.float32)


def _summary(
    corpus: Corpus,
    members: list[Happening],
    in_story: set[str],
    size: int,
    centroid: np.ndarray | None = None,
    day_news: list[Report] | None = None,
    idf: dict[str, float] | None = None,
) -> tuple[SummarySentence, ...]:
    reports = [r for h in members for r in h.reports if r.article_id in in_story]
    leads = day_news or []
    # A contact line is not told while the day has anything else to tell.
    news_reports, news_leads = [r for r in reports if is_news(r)], [r for r in leads if is_news(r)]
    if news_reports or news_leads:
        reports, leads = news_reports, news_leads
    unique = {(r.article_id, r.sentence): without_dateline(r) for r in reports}
    dated = set(unique)
    for lead in leads:
        unique.setdefault((lead.article_id, lead.sentence), without_dateline(lead))
    keys = sorted(unique)
    vectors = np.vstack([corpus.sentence_vector(a, s) for a, s in keys])
    # Closeness to what the day's candidates say together (not the mean pairwise similarity:
    # the day's many leads would then outvote its few reports).
    is_report = np.array([k in dated for k in keys])
    centrality = vectors @ _date_centroid(vectors, is_report)
    if idf:
        bags = [lexical.bag(unique[k].text, idf) for k in keys]
        centrality = centrality + LEXICAL_WEIGHT * lexical.closeness_to_centroid(
            bags, list(is_report)
        )
    if centroid is not None:
        centrality = centrality + STORY_WEIGHT * (vectors @ centroid)
    words = np.array([len(unique[k].text.split()) for k in keys])
    allowed = np.array(
        [LEAD_SENTENCE_WORDS if _in_lead(corpus, a, i) else LONG_SENTENCE_WORDS for a, i in keys]
    )
    centrality = centrality - LONG_SENTENCE_COST * np.maximum(0, words - allowed)
    centrality = centrality - np.array(
        [
            POINTS_BACK_COST * points_back(unique[k].text)
            + OWN_VOICE_COST * in_own_voice(unique[k].text)
            for k in keys
        ]
    )
    order = sorted(range(len(keys)), key=lambda i: (-centrality[i], keys[i]))
    chosen: list[int] = []
    for i in order:
        if any(float(vectors[i] @ vectors[j]) >= REDUNDANT_COSINE for j in chosen):
            continue
        chosen.append(i)
        if len(chosen) >= size:
            break
    summary = []
    covered: set[int] = set()
    for i in chosen:
        # Every report that says the same thing is cited with the chosen sentence.
        same = [
            j
            for j in range(len(keys))
            if j == i
            or (
                j not in chosen
                and j not in covered
                and float(vectors[i] @ vectors[j]) >= SAME_CONTENT_COSINE
            )
        ]
        covered.update(same)
        citations = tuple(
            Citation(unique[keys[j]].article_id, unique[keys[j]].start, unique[keys[j]].end)
            # The told sentence's own passage first, then the others that say the same.
            for j in sorted(same, key=lambda j: (j != i, keys[j]))
        )
        summary.append(SummarySentence(" ".join(unique[keys[i]].text.split()), citations))
    return tuple(summary)


def _date_centroid(vectors: np.ndarray, dated: np.ndarray) -> np.ndarray:
    """The direction of what the day's candidates say: the report sentences' mean and the
    day's leads' mean count alike, so that many leads do not drown few reports."""
    parts = [vectors[group].mean(axis=0) for group in (dated, ~dated) if group.any()]
    parts = [p / (float(np.linalg.norm(p)) or 1.0) for p in parts]
    total = np.sum(parts, axis=0)
    return np.asarray(total / (float(np.linalg.norm(total)) or 1.0), dtype=np.float32)


#: Granularities from finest to coarsest: a sentence that names only a coarser date than its
#: entry's (or than a week, for a day) does not place what it says on that entry's date.
_FINENESS = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4}


def _fitting(happening: Happening, named: dict[tuple[str, int], list[DateInterval]]) -> Happening:
    """The happening with only the reports whose sentence names a date its date can be: a
    chain of merges can gather sentences about other days under one narrow date. A date
    stated more coarsely than a week (or than the happening) places nothing on a day: "in
    2009" or "last month" overlaps any day of it. A day known only within a wide span (a
    weekday of an undated article) still can be the day."""
    coarsest = max(_FINENESS["week"], _FINENESS.get(happening.date.granularity, 5))
    reports = tuple(
        r
        for r in happening.reports
        if (r.article_id, r.sentence) not in named
        or any(
            d.overlaps(happening.date) and _FINENESS.get(d.granularity, 5) <= coarsest
            for d in named[(r.article_id, r.sentence)]
        )
    )
    return dataclasses.replace(happening, reports=reports)


def _story_idf(corpus: Corpus, in_story: set[str]) -> dict[str, float]:
    """How rare each word is among the story's sentences."""
    return lexical.inverse_frequencies(
        s.text for a in sorted(in_story) for s in corpus.sentences.get(a, [])
    )
