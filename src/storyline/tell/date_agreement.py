"""Where sources put one happening on different days.

Reports join a happening only when their dates meet (``link.happenings``), so every report of
a happening agrees with it on its date, whatever other dates its sentence names ("In March ...
the most since February 2000" reports March, not February 2000). Sources that disagree on
the day therefore end up in two happenings, told on two days. Such a pair is found here: two
reports from different articles that say the same thing in nearly the same words and with the
same numbers, each dated by an explicit date (or one resolved against a stated publication
day), on days that do not meet and lie at most ``WINDOW_DAYS`` apart. Kept narrow on purpose:
"On Monday the WHO confirmed 12 cases" and "On Tuesday ... 15 cases" are two happenings (the
numbers differ), and a report dated only to a month is left alone (monthly figures repeat in
the same words).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.models import (
    Article,
    Citation,
    DateInterval,
    Discrepancy,
    DiscrepancySide,
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


@dataclass(frozen=True)
class _Dated:
    """A report and the time expression that dates it, in its happening."""

    happening: Happening
    report: Report
    mention: TimeMention
    numbers: frozenset[str]

    @property
    def interval(self) -> DateInterval:
        assert self.mention.interval is not None
        return self.mention.interval


def date_conflicts(corpus: Corpus, story: Story, happenings: list[Happening]) -> list[Discrepancy]:
    """The story's happenings that its sources put on days that cannot both be true."""
    from storyline.link.corpus import stable_id

    dated = _dated_reports(corpus, story, happenings)
    if len(dated) < 2:
        return []
    dated.sort(key=lambda d: (d.interval.start, d.report.article_id, d.report.sentence))
    vectors = np.vstack(
        [corpus.sentence_vector(d.report.article_id, d.report.sentence) for d in dated]
    )
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
            if _conflict(one, other):
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
    found = []
    for happening in happenings:
        if happening.date.days > DAY_LIKE_DAYS:
            continue
        for report in happening.reports:
            article = corpus.articles.get(report.article_id)
            if report.article_id not in in_story or article is None:
                continue
            mentions = [
                tm
                for tm in corpus.time_mentions.get(report.article_id, [])
                if tm.sentence == report.sentence
                and tm.type == "DATE"
                and tm.interval is not None
                and tm.interval.overlaps(happening.date)
            ]
            if not mentions:
                continue
            # The finest of its dates that meet the happening's is the one that dates it.
            mention = min(mentions, key=lambda tm: (_days(tm), tm.start))
            if _days(mention) > DAY_LIKE_DAYS or not _explicit(mention, article):
                continue
            found.append(_Dated(happening, report, mention, _numbers(corpus, report)))
    return found


def _explicit(mention: TimeMention, article: Article) -> bool:
    """A date the text states, or one resolved against a stated publication day ("on
    Monday" in an article whose date is only inferred may be any Monday of its interval)."""
    from storyline.link.dating import STATED

    published = article.published
    stated_day = (
        published.provenance in STATED
        and published.interval is not None
        and published.interval.is_day
    )
    return not mention.relative or stated_day


def _days(mention: TimeMention) -> int:
    return mention.interval.days if mention.interval is not None else 1 << 30


def _numbers(corpus: Corpus, report: Report) -> frozenset[str]:
    """The numbers the report's sentence gives, apart from those of its time expressions
    (their offsets are the article's, the sentence's start ``report.start``)."""
    text = list(report.text)
    for tm in corpus.time_mentions.get(report.article_id, []):
        if tm.sentence == report.sentence:
            for offset in range(
                max(tm.start - report.start, 0), min(tm.end - report.start, len(text))
            ):
                text[offset] = " "
    return frozenset(n.replace(",", "") for n in _NUMBER.findall("".join(text)))


def _conflict(one: _Dated, other: _Dated) -> bool:
    return (
        one.report.article_id != other.report.article_id
        and one.happening.id != other.happening.id
        and not one.interval.overlaps(other.interval)
        and one.numbers == other.numbers
    )


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
