"""What the day's news opened with: article leads as summary candidates for a dated entry.

A report sentence that names a date is one way to learn what happened that day; the other is
what the articles *published* that day, or the morning after, open with. A news lead says what
happened in one self-contained sentence, usually without naming the day ("Mexico closed its
schools"), so the happenings never see it. For a timeline entry on a single day, the opening
sentences of the story's articles published on that day or the next are candidates beside the
report sentences (DATEWISE, Gholipour Ghalandari & Ifrim 2020, does the same).

Only articles whose publication day is known exactly count (a date inferred to within weeks
says nothing about which day their lead tells), and only lead sentences that name no date of
their own (those already report the day they name, which may be another one).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyline.models import DateInterval, Report

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

#: How many opening sentences of an article make its lead.
LEAD_SENTENCES = 3
#: An article published this many days after a day still tells that day's news first.
DAYS_AFTER = 1
#: Shorter sentences are headlines, datelines or captions, not statements of what happened.
MIN_WORDS = 8


def named_dates(
    corpus: Corpus, article_ids: Iterable[str]
) -> dict[tuple[str, int], list[DateInterval]]:
    """(article, sentence) → the dates that sentence names itself."""
    named: dict[tuple[str, int], list[DateInterval]] = defaultdict(list)
    for article_id in article_ids:
        for tm in corpus.time_mentions.get(article_id, []):
            if tm.type in ("DATE", "TIME") and tm.interval is not None:
                named[(article_id, tm.sentence)].append(tm.interval)
    return named


def day_leads(
    corpus: Corpus,
    article_ids: Iterable[str],
    named: dict[tuple[str, int], list[DateInterval]] | None = None,
) -> dict[dt.date, list[Report]]:
    """Day → the lead sentences (as reports, with their spans) of the given articles published
    on that day or up to ``DAYS_AFTER`` days later, in article and sentence order. ``named``:
    :func:`named_dates` of these articles, when the caller has it already."""
    ids = sorted(set(article_ids))
    if named is None:
        named = named_dates(corpus, ids)
    by_day: dict[dt.date, list[Report]] = defaultdict(list)
    for article_id in ids:
        article = corpus.articles.get(article_id)
        published = article.published.interval if article is not None else None
        if published is None or not published.is_day:
            continue
        leads = [
            Report(article_id, s.index, s.start, s.end, s.text)
            for s in corpus.sentences.get(article_id, [])[:LEAD_SENTENCES]
            if (article_id, s.index) not in named and len(s.text.split()) >= MIN_WORDS
        ]
        for back in range(DAYS_AFTER + 1):
            by_day[published.start - dt.timedelta(days=back)].extend(leads)
    return dict(by_day)
