"""The publication date: from what the input states, else inferred from the content.

Trust order: a sidecar file, the feed, HTML metadata, a date near the top of the text. Without
any of these the date is *inferred* as an interval from the article's own time expressions:

- a dated thing told in the past tense ("held in Los Angeles in June 2022") happened before
  publication: a lower bound; one told in the future ("will host ... in 2024") an upper bound;
- "next year's election" beside "the 2024 election" makes the publication year 2023;
- a credit at the foot ("A version appeared on p18 ... on Wednesday 12 May 2010") dates the
  print edition: the article was online by then, and at most a week before; a note that the
  page was amended or corrected on a day ("This article was amended on 19 May 2010") says it
  was published by then; a post's or a reader's comment's stamp ("Posted by ... on October
  12, 2008 7:51 PM") says it was up by then, and the earliest is the best guess;
- a month or day named without its year ("on Nov. 3", "In March") lies within a year of
  publication, on the side its tense says; these give the best guess (news speaks of the near
  past and the near future) without narrowing the interval on their own;
- a dateline's day ("REYKJAVIK, Iceland, Oct. 9 --") is the day the story was filed: where it
  falls in the interval in one year (or one is nearest the other guess) it is the best guess.

The result is never silently "today": without evidence it is ``unknown``; with only a lower
bound, the day the article was collected closes the interval, and the evidence says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline.analyse.timex_calendar import month_day_in_years
from storyline.ingest.dating_clues import MONTH_DAY_SCALE, WEEKDAY_VALUE, clue_scores
from storyline.ingest.page_stamps import find_posted_stamps
from storyline.ingest.textdate import find_dateline_day, find_print_credits
from storyline.ingest.types import DateCandidate
from storyline.models import (
    Article,
    DateInterval,
    Granularity,
    PublicationDate,
    Sentence,
    TimeMention,
)

_TRUST = ("sidecar", "feed", "metadata", "text")
# Prepositions that make a date the time of the clause, not a modifier ("a 2024 election deal").
_TEMPORAL_LEAD = re.compile(
    r"(?:\b(?:in|on|since|during|by|until|till|from|at|of|before|after|early|late|mid|through)"
    r"|,)\s*(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
    re.IGNORECASE,
)
#: A note on the page's later life, right before its day: "This article was amended on 19 May
#: 2010", "The following correction was printed in the Observer's For the record column,
#: Sunday 20 June 2010", "A version appeared on p22 of the Main section ... on Tuesday 24
#: August 2010". The day is on or after publication, whatever the tense: it bounds the date
#: from above, never from below (read as a past happening it put a page after its own day).
_LATER_NOTE = re.compile(
    r"(?:\b(?:was|were|been|is|last)\s+(?:amended|corrected|updated|revised|edited)\s+(?:on|at)?"
    r"|\bcorrections?\s+(?:was|were|is)\s+(?:printed|published)\b[^.!?]{0,80}?"
    r"|\bappeared\s+on\s+p(?:age)?\s*\d+\b(?:[^.!?]|(?<=\d)\.(?=\d)){0,100}?\bon)\s*,?\s*$",
    re.IGNORECASE,
)
#: How far before a day its later note may start (the print credit's page, section and clock).
_NOTE_REACH = 160
_NEXT_YEARS = re.compile(r"\b(next|last) year['’]s\s+((?:[a-z]+\s+){0,2}[a-z]+)\b", re.IGNORECASE)
_MAX_FUTURE_WINDOW = dt.timedelta(days=366)
#: A time expression longer than this (a decade, a century) is history, not the news.
_A_YEAR = dt.timedelta(days=366)
#: How long before its print edition an article may have appeared online.
PRINT_LAG = dt.timedelta(days=7)
#: How a page's stamp's bound ends its line of evidence (what :func:`stamped` looks for).
_STAMPED = ", so published by then"
#: How long before the first stamp of a post or a reader's comment on it a page may have been
#: up (a blog's own stamp is its day; readers comment within days: on Timeline17 the earliest
#: stamp was the day itself on 32 of 34 pages, a day or two after on the others).
POSTED_LAG = dt.timedelta(days=7)


@dataclass(frozen=True)
class Bound:
    day: dt.date
    evidence: str
    #: A bound that says nothing of how long ago it was, so the guess does not lean on it
    #: (:func:`best_guess`): "since X" ("the most in a month since February 2000"), or a
    #: decade or century ("settled in the 9th century": news does not report its events).
    distant: bool = False
    #: A later note's day ("amended on ..."): an end, but not a plan the news announced.
    later_note: bool = False
    #: Where the bound is a plan's end ("in 2009": 2009-12-31), the plan's first day: news
    #: announces a year's plans within the year before it begins, not before its end.
    planned_from: dt.date | None = None
    #: A page's own stamp (a print credit, a post's or a reader's comment's stamp): firmer than
    #: any reading of a tense, so a tense's bound that contradicts it gives way.
    stamp: bool = False


_SINCE = re.compile(r"\b(?:since|desde|depuis|seit)\s+(?:the\s+|el\s+|la\s+)?$", re.IGNORECASE)


def date_article(
    article: Article,
    candidates: Sequence[DateCandidate],
    sentences: Sequence[Sentence],
    *,
    collected_on: dt.date,
    page_text: str | None = None,
) -> tuple[PublicationDate, list[TimeMention]]:
    """The article's publication date, and the time expressions it was inferred from (read
    without a date; none when the date is stated). ``page_text``: the page as it came (the
    raw input), where the stamps of readers' comments that cleaning cut are read."""
    stated = _stated(candidates)
    if stated is not None:
        return stated, []
    from storyline.analyse.timex import find_time_expressions

    mentions = find_time_expressions(article.id, article.text, sentences, None, article.language)
    published = infer_from_content(
        article.text, mentions, collected_on=collected_on, page_text=page_text
    )
    return published, list(mentions)


def stated_date(candidates: Sequence[DateCandidate]) -> PublicationDate | None:
    """The most trusted date the input states (sidecar, feed, HTML metadata, text), or None."""
    return _stated(candidates)


def _stated(candidates: Sequence[DateCandidate]) -> PublicationDate | None:
    for provenance in _TRUST:
        found = [c for c in candidates if c.provenance == provenance]
        if found:
            best = found[0]
            return PublicationDate(DateInterval.day(best.date), best.provenance, (best.evidence,))
    return None


def stamped(published: PublicationDate) -> bool:
    """Whether a page's own stamp (a print credit, a post's or a reader's comment's stamp)
    bounds this inferred date, as its evidence says: no vote of similar articles overrules
    it (``link.dating_similar``)."""
    return any(
        line.endswith(_STAMPED) and not line.startswith("ignored") for line in published.evidence
    )


def infer_from_content(
    text: str,
    mentions: Sequence[TimeMention],
    *,
    collected_on: dt.date,
    page_text: str | None = None,
) -> PublicationDate:
    """An interval that the article's own time expressions support, with a best guess.
    ``page_text``: the page as it came, if ``text`` was cleaned of it; the stamps of posts and
    readers' comments are read there (cleaning cuts the comments)."""
    lower: list[Bound] = []
    upper: list[Bound] = []
    # The page's own stamps, the first of each kind: its day, then the page's earliest day by
    # it, each with what says so. The credit's line says more than its day alone: it comes
    # first, and so is kept on ties.
    stamps = [
        (
            day,
            f"{said}: in print on {day}",
            day - PRINT_LAG,
            f"{said}: online at most {PRINT_LAG.days} days before print",
        )
        for day, said in find_print_credits(text)[:1]
    ] + [
        (
            day,
            f"{said}: posted on {day}",
            day - POSTED_LAG,
            f"{said}: up at most {POSTED_LAG.days} days before",
        )
        for day, said in find_posted_stamps(text if page_text is None else page_text)[:1]
    ]
    for day, by_then, earliest, up_since in stamps:
        upper.append(Bound(day, by_then + _STAMPED, stamp=True))
        lower.append(Bound(earliest, up_since, stamp=True))
    for mention in mentions:
        interval = mention.interval
        if interval is None or mention.relative or mention.type != "DATE":
            continue
        if _LATER_NOTE.search(text, max(0, mention.start - _NOTE_REACH), mention.start):
            upper.append(
                Bound(
                    interval.end,
                    f"“{mention.text}” is when the page was amended, corrected or printed:"
                    f" published by then, not after {interval.end}",
                    later_note=True,
                )
            )
            continue
        lead = text[max(0, mention.start - 24) : mention.start]
        if not _TEMPORAL_LEAD.search(lead) and not mention.text[:1].isalpha():
            continue  # a bare year before a noun modifies it: "a 2024 election deal"
        quoted = f"“{mention.text}” ({mention.tense or 'no tense'})"
        since = bool(_SINCE.search(lead))
        if mention.tense == "past" or since:
            distant = since or interval.end - interval.start > _A_YEAR
            lower.append(
                Bound(
                    interval.start, f"{quoted} has happened: not before {interval.start}", distant
                )
            )
        elif (
            mention.tense == "future"
            and interval.granularity not in _AGES
            and not _names_a_thing(text, mention)
        ):
            upper.append(
                Bound(
                    interval.end,
                    f"{quoted} is still to come: not after {interval.end}",
                    planned_from=interval.start,
                )
            )
    year_hint = _year_from_next_years(text)
    if year_hint is not None:
        year, said = year_hint
        lower.append(Bound(dt.date(year, 1, 1), said))
        upper.append(Bound(dt.date(year, 12, 31), said))
    # Nothing was published after it was collected: a year "has happened" that had not yet
    # come is a plan misread as past ("committed to a cap on emissions by 2020").
    evidence = list(
        dict.fromkeys(  # a year said twice is set aside once
            f"ignored: {b.evidence}, after it was collected ({collected_on})"
            for b in lower
            if b.day > collected_on
        )
    )
    lower = [b for b in lower if b.day <= collected_on]
    # A plan for after the collection is true but bounds nothing the collection does not.
    upper = [b for b in upper if b.day <= collected_on]
    if not lower and not upper:
        return PublicationDate(None, "unknown", ("no date in metadata, text or content", *evidence))
    low = max(lower, key=lambda b: b.day) if lower else None
    high = min(upper, key=lambda b: b.day) if upper else None
    if low and high and high.day < low.day:
        if high.stamp:
            # The page's own stamp is firmer than a tense: the past read after it is a misread.
            evidence.append(f"ignored contradicting bound: {low.evidence}")
            low = max((b for b in lower if b.day <= high.day), key=lambda b: b.day, default=None)
        else:
            # Contradictory evidence: keep the past (what happened is firmer than plans), and
            # any stamp of the page that agrees with it.
            evidence.append(f"ignored contradicting bound: {high.evidence}")
            high = min(
                (b for b in upper if b.stamp and b.day >= low.day),
                key=lambda b: b.day,
                default=None,
            )
    evidence[:0] = [b.evidence for b in (low, high) if b is not None]
    if high is None:
        evidence.append(collected_line(collected_on))
        high = Bound(collected_on, "")
    if low is None:
        low = Bound((high.planned_from or high.day) - _MAX_FUTURE_WINDOW, "")
        evidence.append(
            f"pages are rarely amended more than a year on: not before {low.day}"
            if high.later_note
            else f"news rarely announces more than a year ahead: not before {low.day}"
        )
    best = best_guess(low.day, high.day, mentions, earliest_on_ties=not low.distant)
    stamp_days = sorted(day for day, *_ in stamps if low.day <= day <= high.day)
    if stamp_days:
        # Papers print the web's stories the same day or the next; a post's stamp is its day
        # and its readers comment on it within days: the earliest is nearest the day.
        best = stamp_days[0]
    else:
        filed = _dateline_day(text, low.day, high.day, best)
        if filed is not None:
            best, said = filed
            evidence.append(said)
        else:
            evidence[:] = with_guess(evidence, best, mentions)
    interval = DateInterval(low.day, high.day, uncertain_granularity(low.day, high.day), best)
    # One clue can bound both ends ("next year's election": in that year): said once.
    return PublicationDate(interval, "inferred", tuple(dict.fromkeys(evidence)))


#: How far the article's weekdays may move a best guess its months and days put: a week
#: either way, as a weekday names one day of any week and the months only put the week
#: roughly (the vote's own move, ``dating_similar.LOCAL_DAYS``, is 3: votes put the day).
WEEKDAY_REACH = 6
#: How many days from a month's edge, or from a day named with its month, a day must be for
#: its likelihood to fall by a factor e: a month told as past was mostly reported within weeks
#: of its end, a month and day within a week or so (``dating_clues.MONTH_DAY_SCALE``).
MONTH_SCALE = 30.0


#: A yearless month, or month and day, as :func:`best_guess` reads it, with its tense.
_Reference = tuple[tuple[int, int | None], str]


def _on_its_weekdays(
    best: dt.date,
    low: dt.date,
    high: dt.date,
    mentions: Sequence[TimeMention],
    references: Sequence[_Reference],
) -> dt.date:
    """The day within ``WEEKDAY_REACH`` of ``best`` (in [low, high]) that the article's
    weekdays and its months and days together make likeliest ("the official said
    Wednesday", "Thursday's talks", and October told as past: the first Wednesday of
    November), nearest ``best`` on ties; ``best`` where it names no weekday. The months put
    the week; the weekdays, which name no week, put the day in it."""
    weekdays = [m for m in mentions if m.interval is None and WEEKDAY_VALUE.fullmatch(m.value)]
    start = max(best.toordinal() - WEEKDAY_REACH, low.toordinal())
    end = min(best.toordinal() + WEEKDAY_REACH, high.toordinal())
    if not weekdays or start > end:
        return best
    days = np.arange(start, end + 1, dtype=np.int64)
    years = np.array([dt.date.fromordinal(int(day)).year for day in days], dtype=np.int64)
    scores = clue_scores(days, weekdays)
    for (month, dom), tense in references:
        scale = MONTH_SCALE if dom is None else MONTH_DAY_SCALE
        scores = scores - _weight(tense) * _distances(days, years, month, dom, tense) / scale
    closeness = -np.abs(days - best.toordinal()) * 1e-6  # ties to the day the months put
    return dt.date.fromordinal(int(days[int(np.argmax(scores + closeness))]))


def _dateline_day(
    text: str, low: dt.date, high: dt.date, guess: dt.date | None
) -> tuple[dt.date, str] | None:
    """The day of the dateline ("REYKJAVIK, Iceland, Oct. 9 --"), in the year that puts it in
    [low, high], with the evidence: a story is published the day it is filed or the next, so
    this is a better guess than any yearless month in its body. Where the month and day fall in
    [low, high] in several years, the one nearest the other guess; without one, none (the
    similar articles of a corpus choose the year later, :mod:`storyline.link.dating_similar`)."""
    found = find_dateline_day(text)
    if found is None:
        return None
    month, day, dateline = found
    years = range(low.year, high.year + 1)
    days = [filed for filed in month_day_in_years(month, day, years) if low <= filed <= high]
    if len(days) > 1 and guess is not None:
        days = [min(days, key=lambda filed: abs((filed - guess).days))]
    if len(days) != 1:
        return None
    return days[0], f"its dateline “{dateline}”: filed on {days[0]}, published that day or the next"


#: A year that names a thing rather than the clause's time: "the 1969 Santa Barbara spill",
#: "a 1948 NHS film" (in the phrase a determiner opens), "the Oil Pollution Act of 1990", "the
#: financial crisis of 2008" (after a word that is not a part of time: "the end of 2003" is).
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|its|his|her|their|our|this|that)\s+$", re.IGNORECASE
)
_THING_OF = re.compile(
    r"\b(?!(?:end|beginning|start|middle|half|quarter|summer|spring|autumn|fall|winter|"
    r"course|rest|remainder|part|parts|months?|weeks?|days?|years?|period|as|most|all|much|"
    r"some|each|any|none)\b)[A-Za-z]+\s+of\s+$",
)


#: Decades and centuries are no plan's time: news announces at most a year or so ahead, and
#: a clause's "will" or "to be" before "the 20th century" or "the 1980s" is another verb's
#: ("we are going to have to update for the 21st century the regulations that we put in place
#: for the 20th century"). As a past they still bound the date.
_AGES = frozenset({"decade", "century"})


def _names_a_thing(text: str, mention: TimeMention) -> bool:
    """Whether a bare year names a thing (after :data:`_THING_OF`'s "the Act of", or in the
    phrase a determiner opens: "the 1969 Santa Barbara spill"): its time is the thing's, not
    the clause's, so a plan in the clause ("could surpass the size of the 1969 Santa Barbara
    spill by next week") says nothing of when the year lies. Only a clause's plan is set aside
    on this ground: a thing named as past ("during the 2006 war") still bounds the date."""
    if not mention.text.isdigit():
        return False
    lead = text[max(0, mention.start - 40) : mention.start]
    after = text[mention.end : mention.end + 20]
    if _THING_OF.search(lead):
        return True
    # (Without the determiner, "in 2009 production taxes" is not told from "in 2009 across
    # the rich world": only the phrase a determiner opens is taken.)
    return bool(_DETERMINER_BEFORE.search(lead) and re.match(r"\s+[A-Za-z]", after))


def collected_line(collected_on: dt.date) -> str:
    """The evidence line that bounds a date by the day the article was collected."""
    return f"not after it was collected ({collected_on})"


def uncertain_granularity(start: dt.date, end: dt.date) -> Granularity:
    """How coarse an inferred publication interval is: a day, about a month, or about a year."""
    days = (end - start).days
    if days == 0:
        return "day"
    return "year" if days >= 300 else "month"


def _year_from_next_years(text: str) -> tuple[int, str] | None:
    """'next year's presidential election' + 'a 2024 election deal' → published in 2023."""
    for match in _NEXT_YEARS.finditer(text):
        explicit = None
        # The head is the last word ("presidential election" → "election"), then the others.
        for noun in reversed(match.group(2).lower().split()):
            explicit = re.search(
                r"\b((?:19|20)\d\d)\s+(?:[a-z]+\s+){0,2}?" + re.escape(noun) + r"s?\b",
                text,
                re.IGNORECASE,
            )
            if explicit:
                break
        if explicit:
            year = int(explicit.group(1))
            shift = -1 if match.group(1).lower() == "next" else 1
            return year + shift, (
                f"“{match.group(0)}” and “{explicit.group(0)}”: published in {year + shift}"
            )
    return None


def best_guess(
    low: dt.date,
    high: dt.date,
    mentions: Sequence[TimeMention],
    *,
    earliest_on_ties: bool = True,
) -> dt.date | None:
    """The day in [low, high] that puts the yearless months and days the article names
    closest to it on the side their tense says (news tells the near past and near future):
    of the days ``low + k * step`` (at most about 2,000 of them), the first of least total
    distance, a past reference counting twice (:func:`_weight`). Every candidate day's
    distance is taken at once per reference, over arrays of day ordinals (dating an article
    among its neighbours asks this at each narrowing; a loop over the days in Python took
    about 20 ms for a year's span)."""
    references = [
        (month_day, m.tense)
        for m in mentions
        if m.interval is None and (month_day := _month_day(m)) is not None
    ]
    span = (high - low).days
    if not references or span < 0:
        return None
    step = max(1, span // 2000)
    days = np.arange(low.toordinal(), high.toordinal() + 1, step, dtype=np.int64)
    years = np.array([dt.date.fromordinal(int(day)).year for day in days], dtype=np.int64)
    cost = np.zeros(len(days), dtype=np.int64)
    for (month, dom), tense in references:
        cost += _weight(tense) * _distances(days, years, month, dom, tense)
    # Where other years fit alike, the first least is in the earliest: news tells the near
    # past, and the interval's start is mostly what the article reports ("collapsed in
    # September 2008"). Not where it starts at "since X" or at a decade or century
    # (``earliest_on_ties`` false): that says nothing of how long ago it was, and no year is
    # likelier than another.
    least = np.flatnonzero(cost == cost.min())
    if not earliest_on_ties and days[least[-1]] - days[least[0]] > YEAR_TIE_DAYS:
        return None
    first = dt.date.fromordinal(int(days[int(least[0])]))  # the first least, as a loop
    return _on_its_weekdays(first, low, high, mentions, references)


#: How the line that says why a best guess is the day it is begins (:func:`with_guess`).
GUESS_LINE = "most likely "
#: The line that says why there is none (:func:`best_guess` gives no day on such ties).
NO_GUESS_LINE = "no most likely day: the months and days named without a year, "


def with_guess(
    evidence: Sequence[str], best: dt.date | None, mentions: Sequence[TimeMention]
) -> tuple[str, ...]:
    """``evidence`` with the line that says which yearless months and days put the best
    guess :func:`best_guess` found where it is, in place of an earlier guess's line."""
    kept = tuple(line for line in evidence if not line.startswith((GUESS_LINE, NO_GUESS_LINE)))
    sides: dict[str, list[str]] = {"past": [], "future": [], "present": []}
    for mention in mentions:
        if mention.interval is None and _month_day(mention) is not None:
            said = f"“{mention.text}”"
            side = sides.get(mention.tense or "present", sides["present"])
            if said not in side:
                side.append(said)
    told = [
        f"{words} {', '.join(said[:4])}{' ...' if len(said) > 4 else ''}"
        for words, said in (
            ("on or just after", sides["past"]),
            ("on or before", sides["future"]),
            ("near", sides["present"]),
        )
        if said
    ]
    if not told:
        return kept
    if best is None:
        named = ", ".join(said for side in sides.values() for said in side[:4])
        return (*kept, f"{NO_GUESS_LINE}{named} fit several of its years alike")
    return (*kept, f"{GUESS_LINE}{best}: {'; '.join(told)} (months and days named without a year)")


#: Least-cost days further apart than this are of different years (see :func:`best_guess`).
YEAR_TIE_DAYS = 183


def _weight(tense: str) -> int:
    """News reports the recent past within days and announces what is to come weeks or
    months ahead, so a past reference pins the day more closely than a future one: where
    they pull apart ("in March, ..." and "when leaders meet in June", "November's
    elections"), the past decides."""
    return 2 if tense == "past" else 1


def _distances(
    days: np.ndarray, years: np.ndarray, month: int, dom: int | None, tense: str
) -> np.ndarray:
    """Each of ``days`` (ordinals; ``years`` their years, ascending): how many days it lies
    from the nearest (month, dom) on the side ``tense`` says, in its year or the next or the
    one before (366 where none is on that side)."""
    first = int(years[0]) - 1
    # The day in each year that could hold it: 0 where that year has no such day (30
    # February, 29 February outside leap years, years before 1 or after 9999).
    targets = np.array(
        [_reference_day(year, month, dom, tense) for year in range(first, int(years[-1]) + 2)],
        dtype=np.int64,
    )
    nearest = np.full(len(days), np.iinfo(np.int64).max, dtype=np.int64)
    for shift in (-1, 0, 1):
        target = targets[years + shift - first]
        delta = target - days
        usable = target > 0
        if tense == "future":
            usable &= delta >= 0
        elif tense == "past":
            usable &= delta <= 0
        nearest = np.where(usable, np.minimum(nearest, np.abs(delta)), nearest)
    return np.where(nearest == np.iinfo(np.int64).max, 366, nearest)


def _reference_day(year: int, month: int, dom: int | None, tense: str) -> int:
    """The ordinal of the day a yearless reference puts publication on or after (past) or on
    or before (to come), in ``year``; 0 where there is none. A month named without its day
    has ended by publication if told in the past ("In October, officials reported ...":
    written in October it would say "this month"), so publication is on or after the next
    month's first day; told as to come it has not begun ("when leaders meet in June"), so
    publication is on or before the day before its first. A day named with its month is not
    the day of publication either: that day is "today" (or its weekday) in the news, so one
    told as past is before it and one still to come after it ("will host a summit on Nov. 3",
    "the White House said on Friday": the Friday before the 3rd)."""
    if dom is not None:
        day = _ordinal_or_zero(year, month, dom)
        if day and tense == "past":
            return day + 1
        if day > 1 and tense == "future":
            return day - 1
        return day
    if tense == "past":
        return _ordinal_or_zero(year + month // 12, month % 12 + 1, 1)
    start = _ordinal_or_zero(year, month, 1)
    if tense == "future":
        return start - 1 if start > 1 else 0
    return start


def _ordinal_or_zero(year: int, month: int, day: int) -> int:
    try:
        return dt.date(year, month, day).toordinal()
    except ValueError:
        return 0


def _month_day(mention: TimeMention) -> tuple[int, int | None] | None:
    match = re.fullmatch(r"XXXX-(\d\d)(?:-(\d\d))?(?:/XXXX-\d\d-\d\d)?", mention.value)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None
