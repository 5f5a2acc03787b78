"""Where sources put one happening on different days.

Reports join a happening only when their dates meet (``link.happenings``), so every report of
a happening agrees with it on its date, whatever other dates its sentence names ("In March ...
the most since February 2000" reports March, not February 2000). Sources that disagree on
the day therefore end up in two happenings, told on two days. Such a pair is found here: two
reports from different articles on the same news (copies of one story, or articles whose
gists are as close as a rewrite's) that say the same thing in nearly the same words and with
the same numbers, each dating it by a day its text states (a full date, or a month and day),
on days that do not meet and lie at most ``WINDOW_DAYS`` apart, where neither sentence also
names the other's day ("released on November 2, rather than October 26" knows both). Kept
narrow on purpose, every rule from a false alarm on Timeline17: "On Monday the WHO confirmed
12 cases" and "On Tuesday ... 15 cases" are two happenings (the numbers differ); "said
Thursday" in a copy republished the next day was resolved against the later day (a weekday or
"today" is not compared); "This article was amended on 16 June" and "... 18 June" end two
unrelated articles (not the same news); a report dated only to a month is left alone (monthly
figures repeat in the same words).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.models import (
    Citation,
    DateInterval,
    Discrepancy,
    DiscrepancySide,
    Duplicate,
    Happening,
    Report,
    Story,
    TimeMention,
)

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

#: Sentence cosine from which two reports say the same thing (a wire story's versions, one
#: statement retold): higher than merging asks even of uncertain dates (0.8).
SAME_REPORT_COSINE = 0.9
#: Days a report's date may span to count as a day (a week: "the week of June 6").
DAY_LIKE_DAYS = 7
#: Reports on days further apart are taken for two happenings (a summit and its anniversary).
WINDOW_DAYS = 14
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
#: A month and day without a year, as time expressions read without a date write it.
_MONTH_DAY = re.compile(r"XXXX-\d\d-\d\d")


@dataclass(frozen=True)
class _Dated:
    """A report and the time expression that dates it, in its happening."""

    happening: Happening
    report: Report
    mention: TimeMention
    #: Every date its sentence names.
    named: tuple[DateInterval, ...]
    #: Every time expression of its sentence.
    times: tuple[TimeMention, ...]

    @property
    def interval(self) -> DateInterval:
        assert self.mention.interval is not None
        return self.mention.interval

    @functools.cached_property
    def numbers(self) -> frozenset[str]:
        """The numbers its sentence gives outside its time expressions (read only for the
        few reports in a candidate pair)."""
        return _numbers(self.report, self.times)


def date_conflicts(
    corpus: Corpus, story: Story, happenings: list[Happening], duplicates: list[Duplicate]
) -> list[Discrepancy]:
    """The story's happenings that its sources put on days that cannot both be true."""
    from storyline.link.corpus import stable_id

    same_news = _SameNews(corpus, duplicates)
    stated = _StatedDay(corpus)

    dated = _dated_reports(corpus, story, happenings)
    if len(dated) < 2:
        return []
    dated.sort(key=lambda d: (d.interval.start, d.report.article_id, d.report.sentence))
    keys = [(d.report.article_id, d.report.sentence) for d in dated]
    corpus.prefetch_sentence_vector(keys)  # the same vectors, looked up at once
    vectors = np.vstack([corpus.sentence_vector(a, i) for a, i in keys])
    starts = np.array([d.interval.start.toordinal() for d in dated])
    pairs: dict[tuple[str, str], list[tuple[_Dated, _Dated]]] = defaultdict(list)
    for i, one in enumerate(dated):
        # Those starting after this one's start, within the window (sorted by start).
        stop = int(np.searchsorted(starts, starts[i] + WINDOW_DAYS, side="right"))
        if stop <= i + 1:
            continue
        cosines = vectors[i + 1 : stop] @ vectors[i]
        for j in np.flatnonzero(cosines >= SAME_REPORT_COSINE) + i + 1:
            other = dated[int(j)]
            if (
                _conflict(one, other)
                and stated(one)
                and stated(other)
                and same_news(one.report.article_id, other.report.article_id)
            ):
                key = tuple(sorted((one.happening.id, other.happening.id)))
                pairs[(key[0], key[1])].append((one, other))
    found = []
    for (first_id, second_id), conflicts in sorted(pairs.items()):
        reports = [d for pair in conflicts for d in pair]
        # Shown with the happening more reports tell (the earlier on a tie).
        happening = max(
            {d.happening.id: d.happening for d in reports}.values(),
            key=lambda h: (len(h.reports), -h.date.start.toordinal(), h.id),
        )
        found.append(
            Discrepancy(
                stable_id("d", story.id, "date", first_id, second_id),
                "date",
                happening.title,
                "contradiction",
                _sides(reports),
                story.id,
                happening.id,
            )
        )
    return found


def _dated_reports(corpus: Corpus, story: Story, happenings: list[Happening]) -> list[_Dated]:
    """Each report of the story's day-like happenings, with the explicit date that dates it."""
    in_story = set(story.article_ids)
    times: dict[str, _SentenceTimes] = {}
    found = []
    for happening in happenings:
        if happening.date.days > DAY_LIKE_DAYS:
            continue
        for report in happening.reports:
            if report.article_id not in in_story or report.article_id not in corpus.articles:
                continue
            if report.article_id not in times:
                times[report.article_id] = _SentenceTimes.of(corpus, report.article_id)
            dates = times[report.article_id].dates.get(report.sentence, [])
            meeting = [tm for tm in dates if tm.interval and tm.interval.overlaps(happening.date)]
            if not meeting:
                continue
            # The finest of its dates that meet the happening's is the one that dates it.
            mention = min(meeting, key=lambda tm: (_days(tm), tm.start))
            if _days(mention) > DAY_LIKE_DAYS:
                continue
            named = tuple(tm.interval for tm in dates if tm.interval is not None)
            every = tuple(times[report.article_id].every.get(report.sentence, []))
            found.append(_Dated(happening, report, mention, named, every))
    return found


@dataclass
class _SentenceTimes:
    """An article's time expressions by sentence: all of them (their numbers are not
    figures), and the dates with an interval."""

    every: dict[int, list[TimeMention]]
    dates: dict[int, list[TimeMention]]

    @classmethod
    def of(cls, corpus: Corpus, article_id: str) -> _SentenceTimes:
        every: dict[int, list[TimeMention]] = defaultdict(list)
        dates: dict[int, list[TimeMention]] = defaultdict(list)
        for tm in corpus.time_mentions.get(article_id, []):
            every[tm.sentence].append(tm)
            if tm.type == "DATE" and tm.interval is not None:
                dates[tm.sentence].append(tm)
        return cls(every, dates)


def _days(mention: TimeMention) -> int:
    return mention.interval.days if mention.interval is not None else 1 << 30


def _numbers(report: Report, mentions: tuple[TimeMention, ...]) -> frozenset[str]:
    """The numbers the report's sentence gives outside its time expressions ``mentions``
    (their offsets are the article's; the sentence starts at ``report.start``)."""
    parts, position = [], 0
    for tm in sorted(mentions, key=lambda tm: tm.start):
        start = min(max(tm.start - report.start, position), len(report.text))
        parts.append(report.text[position:start])
        position = max(position, min(tm.end - report.start, len(report.text)))
    parts.append(report.text[position:])
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(" ".join(parts)))


def _conflict(one: _Dated, other: _Dated) -> bool:
    return (
        one.report.article_id != other.report.article_id
        and one.happening.id != other.happening.id
        and one.numbers == other.numbers
        and not any(one.interval.overlaps(named) for named in other.named)
        and not any(other.interval.overlaps(named) for named in one.named)
    )


class _StatedDay:
    """Whether the text states the day that dates a report: a full date, or a month and day
    whose year alone was taken from the publication date ("on June 7"). A weekday or "today"
    was resolved against the publication day, and a copy of a story republished the next day
    says "Thursday" of another Thursday. Told by reading the report's sentence again without
    a date (a month and day then reads ``XXXX-06-07``), only for reports in a candidate pair."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.known: dict[tuple[str, int], bool] = {}

    def __call__(self, dated: _Dated) -> bool:
        from storyline.analyse.timex import find_time_expressions

        mention = dated.mention
        if not mention.relative:
            return True
        key = (mention.article_id, mention.start)
        if key not in self.known:
            article = self.corpus.articles[mention.article_id]
            sentence = self.corpus.sentences[mention.article_id][dated.report.sentence]
            undated = find_time_expressions(
                article.id, article.text, [sentence], None, article.language
            )
            self.known[key] = any(
                tm.start == mention.start and _MONTH_DAY.fullmatch(tm.value) is not None
                for tm in undated
            )
        return self.known[key]


class _SameNews:
    """Whether two articles report the same news: copies of one story (``duplicates``), or
    gists as close as a rewrite's (``duplicates.ARTICLE_COSINE``; on Timeline17 the two
    unrelated articles that end "This article was amended on ..." sit at 0.45 and 0.55)."""

    def __init__(self, corpus: Corpus, duplicates: list[Duplicate]) -> None:
        self.corpus = corpus
        self.original = {d.article_id: d.original_id for d in duplicates}

    def __call__(self, one: str, other: str) -> bool:
        from storyline.link.duplicates import ARTICLE_COSINE

        if self.original.get(one, one) == self.original.get(other, other):
            return True
        gists = self.corpus.article_vector(one), self.corpus.article_vector(other)
        return float(gists[0] @ gists[1]) >= ARTICLE_COSINE


def _sides(reports: list[_Dated]) -> tuple[DiscrepancySide, ...]:
    by_label: dict[str, dict[tuple[str, int], _Dated]] = defaultdict(dict)
    for d in reports:
        by_label[d.interval.label()][(d.report.article_id, d.mention.start)] = d
    return tuple(
        DiscrepancySide(
            label,
            tuple(sorted({a for a, _ in found})),
            tuple(
                Citation(d.report.article_id, d.mention.start, d.mention.end)
                for _, d in sorted(found.items())
            ),
        )
        for label, found in sorted(by_label.items())
    )
