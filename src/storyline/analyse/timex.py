"""Time expressions, normalised TIMEX3-style against the publication date and the tense.

Expressions are found by :mod:`storyline.analyse.timex_patterns` (each pattern knows what it
denotes: a day, a month without its year, a weekday, a quarter, a duration ...) with the TimeML
extent conventions applied. Expressions that need an anchor are resolved against the
publication date *and* the tense of their clause: "on Wednesday" in a past clause is the
Wednesday on or before publication, in a future clause the one on or after it. Expressions
that count from another time ("a year earlier", "the year-ago quarter", "that year", "the
following month") are resolved against the *reference time*: the last period the text
named, as the TimeML guidelines prescribe; "a year earlier" after "the third quarter" is the
third quarter of the year before. When the publication date is itself an interval, the
resolved value is the union over every possible anchor day, and ``value`` uses the anchor's
best guess.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from storyline.analyse import timex_calendar as cal
from storyline.analyse.tense import clause_tense, settled_past
from storyline.analyse.timex_holidays import holiday_day
from storyline.analyse.timex_lexicon import (
    EN_MONTHS,
    ES_MONTHS,
    ES_WEEKDAYS,
    EU_FUTURE_WORDS,
    EU_MONTHS,
    EU_PAST_WORDS,
    EU_WEEKDAYS,
    NUMBER_WORDS,
    ONES,
    PARTS_OF_DAY,
    SEASONS,
    TENS,
    UNITS,
    WEEKDAYS,
)
from storyline.analyse.timex_patterns import (
    CJK_DEICTIC,
    CJK_WEEKDAYS,
    COUNT_STARTS,
    COUNT_WORDS,
    DIGIT_STARTS,
    ES_COUNTS,
    ES_UNITS,
    EU_DEICTIC,
    GATES,
    OTHER_LANGUAGE_KINDS,
    PATTERNS,
    UNGATED,
    Gate,
    Hit,
    widen,
)
from storyline.ingest.language import language_code
from storyline.models import DateInterval, Sentence, TimeMention, TimexType
from storyline.recent import Recent, text_digest

Normalised = tuple[TimexType, str, DateInterval | None, bool]
Resolver = Callable[[dt.date, str], DateInterval]

_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER_WORDS |= {"fourth": 4, "4th": 4, "last": 4}
_DECADE_WORDS = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
#: Kinds whose value is a period that later expressions may count from.
_REFERENCE_KINDS = frozenset(
    {
        "iso",
        "mdy",
        "dmy",
        "es_dmy",
        "month_year",
        "month",
        "es_month",
        "cjk_date",
        "eu_numeric",
        "eu_dmy",
        "eu_month_year",
        "eu_month",
        "year",
        "quarter",
        "quarter_rel",
        "half",
        "fiscal",
        "season_year",
        "weekday",
        "deictic",
        "rel_year",
        "month_rel_year",
        "the_unit",
        "spelled_year",
        "season",
        "year_end",
        "holiday",
        "week_of",
    }
)


class Reading(NamedTuple):
    """A time expression as the text alone reads it, before any date: where it is and what
    pattern found it (``hit``), the tense of its clause, and its sentence's index (-1 when no
    sentence holds it). Normalising it against a publication date is all that is left."""

    hit: Hit
    tense: str
    sentence: int


def find_time_expressions(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    anchor: DateInterval | None,
    language: str = "en",
) -> list[TimeMention]:
    """Every time expression in ``text``, normalised against ``anchor`` (the publication date)."""
    mentions = []
    reader = _Normaliser(anchor)
    for hit, tense, index in read_time_expressions(text, sentences, language):
        normalised = reader.normalise(hit, tense)
        if normalised is None:
            continue
        timex_type, value, interval, relative = normalised
        if (
            timex_type == "DATE"
            and interval is not None
            and hit.kind in _REFERENCE_KINDS
            and interval.granularity != "unknown"
            and not _comparison(hit)
            and not _PERIOD_END.search(text, max(0, hit.start - 10), hit.start)
        ):
            reader.reference = interval
        mentions.append(
            TimeMention(
                article_id=article_id,
                start=hit.start,
                end=hit.end,
                text=text[hit.start : hit.end],
                type=timex_type,
                value=value,
                sentence=index,
                interval=interval,
                tense=tense,
                relative=relative,
            )
        )
    return mentions


def read_time_expressions(
    text: str, sentences: Sequence[Sentence], language: str = "en"
) -> tuple[Reading, ...]:
    """The text's time expressions with their tenses: everything of the tagger that does not
    depend on the publication date (about two thirds of its cost). German's, French's,
    Italian's and Portuguese's patterns are read only in articles not in English (they cost
    an English article a fifth more for nothing).

    Kept, by a hash of the text and its sentences, for the last ``_READINGS.limit`` texts:
    dating an undated article across the corpus normalises its expressions again at each new
    date it finds, and a build hands the readings its worker processes made to the process
    that links the corpus (:func:`keep_readings`)."""
    key = _reading_key(text, sentences, language)
    readings = _READINGS.get(key)
    if readings is None:
        readings = _read(text, sentences, _reads_other_languages(language))
        _READINGS.put(key, readings)
    return readings


def _reads_other_languages(language: str) -> bool:
    return language_code(language) != "en"


def keep_readings(
    text: str, sentences: Sequence[Sentence], readings: tuple[Reading, ...], language: str = "en"
) -> None:
    """Keep what :func:`read_time_expressions` gave for this text, these sentences and this
    language (in another process, which handed them over): reading them again gives the
    same."""
    _READINGS.put(_reading_key(text, sentences, language), readings)


def _reading_key(text: str, sentences: Sequence[Sentence], language: str) -> bytes:
    digest = text_digest(text)
    digest.update(b"\x00other" if _reads_other_languages(language) else b"\x00en")
    for sentence in sentences:
        digest.update(f"\x00{sentence.start}:{sentence.end}:".encode())
        digest.update(sentence.text.encode("utf-8", "surrogatepass"))
    return digest.digest()


def _read(text: str, sentences: Sequence[Sentence], others: bool) -> tuple[Reading, ...]:
    readings = []
    starts = [s.start for s in sentences]
    for hit in _find(text, others):
        index = max(0, bisect.bisect_right(starts, hit.start) - 1)
        sentence = sentences[index] if sentences else None
        if sentence is not None and sentence.start <= hit.start < sentence.end:
            tense = clause_tense(
                sentence.text, hit.start - sentence.start, hit.end - sentence.start
            )
        else:
            tense, index = "present", -1
        if hit.kind in _DEICTIC_KINDS:
            # "tomorrow" is ahead and "yesterday" behind whatever the clause around them
            # says ("it's not one of the focuses of tomorrow, as I mentioned").
            word = (hit.groups.get("w") or "").lower().replace("’", "'")
            days_away = _DAYS_FROM_TODAY.get(word, 0)
            if days_away:
                tense = "future" if days_away > 0 else "past"
        # "who died last June", "the talks next spring": the word before the time says which
        # side of publication it is on, whatever the clause's verbs do (none here: "died" is
        # too short for the tense rule's "-ed", and read with no tense the month was taken as
        # the nearest June, either side).
        tense = _REL_TENSE.get(" ".join(hit.groups.get("rel", "").lower().split()), tense)
        if (
            hit.kind in _DEADLINE_KINDS
            and _DEADLINE.search(text, max(0, hit.start - 10), hit.start)
            and not (sentence is not None and _PAST_PERFECT.search(sentence.text))
        ):
            tense = "future"
        if settled_past(text, hit.start):
            # "since Oct. 23", "the year ended March 31": past however long ago, so the
            # half-year reach of a weak past cue does not apply.
            hit = Hit(hit.start, hit.end, hit.kind, {**hit.groups, "settled": "past"})
            tense = "past"
        readings.append(Reading(hit, tense, index))
    return tuple(readings)


#: Enough for every article of a build of a few thousand (the corpus stages read the
#: undated ones again); a few kB each on news pages.
_READINGS: Recent[tuple[Reading, ...]] = Recent(8192)


#: Modifiers that name a period only to compare with the one being reported on.
_COMPARATIVE = frozenset({"year-earlier", "year-ago", "year-before", "comparable", "corresponding"})


#: "pay down the loan by February", "postponed until Tuesday morning", "loans through
#: January": a limit lies ahead, whatever past the clause tells of the setting of it; unless
#: the sentence looks back from the limit in the past perfect ("had filed by Wednesday",
#: "up until Thursday they had described him as a witness").
_DEADLINE = re.compile(r"\b(?:by|until|till|through)\s+$", re.IGNORECASE)
_PAST_PERFECT = re.compile(r"\bhad\b", re.IGNORECASE)
_DEADLINE_KINDS = frozenset({"month", "weekday", "part_day", "clock"})
#: The tense a time's own "last", "next", ... gives it.
_REL_TENSE = {"last": "past", "this past": "past", "next": "future", "this coming": "future"}
#: Words for a day counted from the publication's ("tomorrow", "ayer", "明天").
_DEICTIC_KINDS = frozenset({"deictic", "es_deictic", "eu_deictic", "cjk_deictic"})
#: "the quarter ended Sept. 30": the day only bounds the period named before it, which stays
#: the reference time ("a year earlier" is that quarter a year back, not that day).
_PERIOD_END = re.compile(r"\b(?:ended|ending)\s+$", re.IGNORECASE)


def _comparison(hit: Hit) -> bool:
    """'the year-ago quarter', 'the 1988 period', 'the same quarter last year': an earnings
    report names these to compare with the period it reports on, so the text's reference time
    stays on that period ("the quarter" after them is still the reported one)."""
    g = hit.groups
    rel = (g.get("rel") or "").lower()
    return bool(
        g.get("ly")
        or g.get("pre_ya") in _COMPARATIVE
        or (hit.kind == "quarter_rel" and (rel in _COMPARATIVE or rel.isdigit()))
    )


def _find(text: str, others: bool = False) -> list[Hit]:
    """All pattern matches, earlier patterns winning overlaps, widened to TimeML extents.

    The scan depends on the text alone and is half the tagger's cost (about 3 ms of a Timeline17
    article's 6; 30 ms before the gates): it is kept, by a hash of the text, for the last
    ``_SCANS.limit`` texts. The dating stage and the time-expression stage read each article in
    turn, and refining dates across the corpus reads undated articles again."""
    digest = text_digest(text)
    digest.update(b"\x00other" if others else b"\x00en")
    key = digest.digest()
    hits = _SCANS.get(key)
    if hits is None:
        hits = _scan(text, others=others)
        _SCANS.put(key, hits)
    return list(hits)


_SCANS: Recent[tuple[Hit, ...]] = Recent(2048)


def _scan(text: str, gated: bool = True, others: bool = True) -> tuple[Hit, ...]:
    """Every pattern's matches, earlier patterns winning overlaps, widened; ``others``: with
    the patterns of German, French, Italian and Portuguese.

    Each pattern is tried only where its gate (:data:`timex_patterns.GATES`) says it can
    start, which finds what trying it everywhere finds (``gated=False``, kept as the
    reference the tests hold the gated scan to), at a small part of the cost."""
    taken = _Spans()
    hits: list[Hit] = []
    starts = _Starts(text) if gated and not UNGATED.search(text) else None
    for (kind, pattern), gate in zip(PATTERNS, GATES, strict=True):
        if not others and kind in OTHER_LANGUAGE_KINDS:
            continue
        matches = pattern.finditer(text) if starts is None else starts.matches(pattern, gate)
        for match in matches:
            start, end = match.span()
            while start < end and text[start].isspace():
                start += 1
            if end <= start or taken.overlaps(start, end):
                continue
            month = match.groupdict().get("m")
            if kind == "month" and month in ("May", "March") and _verb_like(text, end):
                continue
            if kind == "month" and month and _abbreviation_before_name(text, month, end):
                continue
            if kind == "duration" and _is_rate(text, start, match.group("n")):
                continue
            if kind == "set" and match.groupdict().get("adv") and _frequency_of_amount(text, start):
                continue
            if kind == "year" and _year_modifies_noun(text, end):
                continue
            if kind == "refs" and re.match(r"Now\s*,|Now\s+for\b", text[start : start + 8]):
                continue  # "Now, ..." opens a turn in the talk, it does not date anything
            if kind == "duration" and re.match(r"an?\s+second\b", text[start:end], re.I):
                continue  # "a second group"
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            taken.add(start, end)
            hits.append(Hit(start, end, kind, groups))
    return tuple(widen(text, sorted(hits, key=lambda h: h.start)))


class _Starts:
    """Where the patterns can start in one text: each gate read on the lower-cased text, the
    figures and counts that several patterns start at found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower()
        # Every character's lower case is one character (İ is in UNGATED), so the positions
        # line up; checked all the same.
        assert len(self.low) == len(text)
        self._digits: list[int] | None = None
        self._counts: list[int] | None = None
        self._words: dict[str, list[int]] = {}

    def _all(self, gate: re.Pattern[str]) -> list[int]:
        found, low, position = [], self.low, 0
        while (match := gate.search(low, position)) is not None:
            found.append(match.start())
            position = match.start() + 1
        return found

    def starts(self, gate: Gate) -> list[int]:
        """The positions, in order, where the gate lets its pattern be tried."""
        low = self.low
        if gate.needs and not any(needed in low for needed in gate.needs):
            return []
        starts = []
        for word in gate.words:
            found = self._found(word)
            starts += [p for p in found if self._word_starts(p)] if gate.word_start else found
        for start in gate.starts:
            starts += self._all(start)
        if gate.digits:
            if self._digits is None:
                self._digits = self._all(DIGIT_STARTS)
            starts += self._digits
        if gate.counts:
            if self._counts is None:
                self._counts = self._count_starts()
            starts += self._counts
        return sorted(set(starts))

    def _word_starts(self, position: int) -> bool:
        """Whether a word starts at ``position`` (no word character before it, as ``\b``
        has it)."""
        before = self.low[position - 1] if position else " "
        return not (before.isalnum() or before == "_")

    def _found(self, word: str) -> list[int]:
        """Every position of ``word`` in the lower-cased text (several gates share words)."""
        found = self._words.get(word)
        if found is None:
            found, low = [], self.low
            position = low.find(word)
            while position >= 0:
                found.append(position)
                position = low.find(word, position + 1)
            self._words[word] = found
        return found

    def _count_starts(self) -> list[int]:
        """Where a count can start a word: "a"/"an" before a space, a number word."""
        low, found = self.low, self._all(COUNT_STARTS)
        for word in COUNT_WORDS:
            position = low.find(word)
            while position >= 0:
                before = low[position - 1] if position else " "
                if not (before.isalnum() or before == "_"):  # no word character before: \b
                    found.append(position)
                position = low.find(word, position + 1)
        return found

    def matches(self, pattern: re.Pattern[str], gate: Gate) -> Iterator[re.Match[str]]:
        """What ``pattern.finditer(text)`` gives: the pattern tried at each of the gate's
        starts in turn, from the end of the last match on."""
        end, text = 0, self.text
        for start in self.starts(gate):
            if start >= end and (match := pattern.match(text, start)) is not None:
                yield match
                end = match.end()


class _Spans:
    """Disjoint character spans, kept sorted: whether a new one overlaps any is two
    comparisons, not one per span taken (a long page has thousands of candidate matches)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans at or after i start at or after end
        return i > 0 and self.ends[i - 1] > start  # disjoint: the latest before ends last

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _verb_like(text: str, end: int) -> bool:
    """'May' or 'March' used as a verb: followed by a lower-case word ('may go', 'march on')."""
    return bool(
        re.match(r"\s+(?:be|have|not|also|go|on|to|in|through|against)\b", text[end : end + 12])
    )


_ABBREVIATED_MONTHS = frozenset(k for k in EN_MONTHS if len(k) <= 4) - {"may", "june", "july"}


def _abbreviation_before_name(text: str, month: str, end: int) -> bool:
    """'Jan Kavan', 'Jun Ishida': a month abbreviation without its period followed by a
    capitalised word is a first name, not a month."""
    abbreviated = month[-1].isalpha() and month.lower() in _ABBREVIATED_MONTHS
    return abbreviated and bool(re.match(r" [A-Z][a-z]", text[end:]))


#: Verbs of change: a frequency after them is a rate ("doubling its profits annually").
_CHANGE_VERB = (
    r"\b(?:doubl|tripl|grow|grew|rise|rising|rose|increas|decreas|declin|fall|fell|climb)"
)


def _frequency_of_amount(text: str, start: int) -> bool:
    """'rise 8.5% annually', '10,000 units annually', 'average daily volume': the adverb
    makes an amount a rate; it does not say when anything happens. Nor does a newspaper's
    name ('the party daily Granma')."""
    before = text[max(0, start - 30) : start].lower()
    return bool(
        re.search(r"(?:\d%?|percent|million|billion|\d[\d,.]*\s+[a-z]+s)\s+$", before)
        or re.search(r"\baverage\s+$", before)
        # "doubling its profits annually": how fast something changes
        or re.search(_CHANGE_VERB + r"\w*\s+(?:\w+\s+){0,2}$", before)
        # "the Communist Party daily Granma": a newspaper, named
        or re.match(r"\w+\s+[A-Z][a-z]", text[start : start + 30])
    )


def _is_rate(text: str, start: int, count: str) -> bool:
    """'$1.76 a year', 'four flights a week', '8% a month': a rate, not a duration."""
    if count.lower() not in ("a", "an", "per"):
        return False
    before = text[max(0, start - 30) : start].rstrip().lower()
    return bool(
        re.search(r"(?:\d|%|percent|times|cents?|dollars?|[a-z]+s)$", before)
        and not re.search(r"\b(?:for|in|within|over|after|than|about|nearly|almost)$", before)
    )


def _year_modifies_noun(text: str, end: int) -> bool:
    """'the 1988 period', 'a 2024 election deal': a year used as a modifier is a time, but
    its extent is the phrase; only 'period'/'level' comparisons are kept as the year."""
    return bool(re.match(r"\s+(?:level|levels|model|models|census)\b", text[end : end + 10]))


# -- normalisation -------------------------------------------------------------------------


class _Normaliser:
    """Turns hits into TIMEX3 types and values, remembering the last period named."""

    def __init__(self, anchor: DateInterval | None) -> None:
        self.anchor = anchor
        self.reference: DateInterval | None = None

    @property
    def anchor_day(self) -> dt.date | None:
        if self.anchor is None:
            return None
        return self.anchor.best or self.anchor.start

    def normalise(self, hit: Hit, tense: str) -> Normalised | None:
        handler = getattr(self, f"_{hit.kind}", None)
        if handler is None:
            return _normalise_plain(hit, tense, self.anchor)
        result: Normalised | None = handler(hit.groups, tense)
        return result

    # -- clock times and parts of the day ----------------------------------------------

    def _clock(self, g: dict[str, str], tense: str) -> Normalised | None:
        if "noon" in g:
            hour, minute = (12, 0) if g["noon"].lower() == "noon" else (24, 0)
        elif "h2" in g:
            hour, minute = int(g["h2"]), int(g.get("mi2", "0"))
            if not (1 <= hour <= 12 and 0 <= minute <= 59):
                return None
            part = g["pd"].split()[-1].lower()
            # "in the morning" is a.m.; afternoon and evening p.m.; "at night" p.m. until
            # midnight, a.m. for the small hours ("2 at night").
            pm = part in ("afternoon", "evening") or (part == "night" and hour >= 6)
            hour = (hour % 12) + (12 if pm else 0)
        else:
            hour, minute = int(g["h"]), int(g.get("mi", "0"))
            pm = g["ap"].lower().startswith("p")
            if not (1 <= hour <= 12 and 0 <= minute <= 59):
                return None
            hour = (hour % 12) + (12 if pm else 0)
        day_value, interval = self._day_of(g, "day_", tense)
        return ("TIME", f"{day_value}T{hour:02d}:{minute:02d}", interval, interval is not None)

    def _part_day(self, g: dict[str, str], tense: str) -> Normalised | None:
        if "tonight" in g:
            part, day_word = "NI", "today"
        elif "p2" in g:
            part, day_word = PARTS_OF_DAY[g["p2"].lower()], "today"
        elif "p3" in g:
            part, day_word = PARTS_OF_DAY[g["p3"].lower()], g["d3"].lower()
        else:
            part, day_word = PARTS_OF_DAY[g["p"].lower()], g["d"].lower()
        if day_word in WEEKDAYS:
            # "Friday evening": the Friday the clause means, read as a bare "Friday" is
            # (the tense's side of the anchor, a present-tense report looking back).
            weekday = self._weekday({"w": g["d"]}, tense)
            if weekday is None:
                return None
            day_value, interval = weekday[1], weekday[2]
        else:
            shift = {"yesterday": -1, "last": -1, "tomorrow": 1}.get(day_word, 0)
            day = self.anchor_day
            if day is None:
                day_value, interval = "XXXX-XX-XX", None
            else:
                interval = DateInterval.day(day + dt.timedelta(days=shift))
                day_value = interval.start.isoformat()
        return ("TIME", f"{day_value}T{part}", interval, interval is not None)

    def _day_of(
        self, g: dict[str, str], prefix: str, tense: str
    ) -> tuple[str, DateInterval | None]:
        """The day a clock time is on: its own date part, else the publication day."""
        kind = g.get(f"{prefix}kind")
        if kind:
            inner = {k[len(prefix) :]: v for k, v in g.items() if k.startswith(prefix)}
            result = _normalise_plain(Hit(0, 0, kind, inner), tense, self.anchor)
            if result is not None and result[2] is not None:
                return result[1], result[2]
            if result is not None:
                return result[1], None
        day = self.anchor_day
        if day is None:
            return "XXXX-XX-XX", None
        return day.isoformat(), DateInterval.day(day)

    def _week_of(self, g: dict[str, str], tense: str) -> Normalised | None:
        _value, interval = self._day_of(g, "day_", tense)
        if interval is None:
            return ("DATE", "XXXX-WXX", None, True)
        week = cal.week_interval(interval.start)
        return ("DATE", cal.value(week), week, True)

    # -- years, decades, centuries -------------------------------------------------------

    def _spelled_year(self, g: dict[str, str], tense: str) -> Normalised | None:
        if "k" in g:
            year = 2000 + (NUMBER_WORDS.get(g.get("o2", "").lower(), 0))
        else:
            year = 1900 + TENS[g["t"].lower()] + ONES.get(g.get("o", "").lower(), 0)
        return ("DATE", str(year), cal.year_interval(year), False)

    def _century(self, g: dict[str, str], tense: str) -> Normalised | None:
        n = int(g["n"])
        if not 1 <= n <= 21:
            return None
        first = (n - 1) * 100
        return ("DATE", f"{n - 1:02d}", cal.century_interval(first), False)

    def _decade(self, g: dict[str, str], tense: str) -> Normalised | None:
        if "dec" in g:
            decade = int(g["dec"])
            return ("DATE", str(decade)[:3], cal.decade_interval(decade), False)
        tens = int(g["dec2"]) if "dec2" in g else int(g["dec3"]) if "dec3" in g else None
        if tens is None:
            tens = _DECADE_WORDS[g["dw"].lower()]
        day = self.anchor_day
        if day is None:
            return ("DATE", "XX" + str(tens)[0], None, True)
        century = day.year // 100 * 100
        decade = century + tens if century + tens <= day.year else century - 100 + tens
        return ("DATE", str(decade)[:3], cal.decade_interval(decade), True)

    def _fiscal(self, g: dict[str, str], tense: str) -> Normalised | None:
        if "yy" in g:
            two = int(g["yy"])
            year = 1900 + two if two >= 50 else 2000 + two
        else:
            year = int(g.get("y") or g["y2"])
        return ("DATE", str(year), cal.year_interval(year), False)

    # -- quarters and halves -------------------------------------------------------------

    def _quarter(self, g: dict[str, str], tense: str) -> Normalised | None:
        number = int(g["qn"]) if "qn" in g else _QUARTER_WORDS[g["q"].lower()]
        year = self._stated_year(g)
        if year is not None:
            return ("DATE", f"{year}-Q{number}", cal.quarter_interval(year, number), False)
        day = self.anchor_day
        if day is None:
            return ("DATE", f"XXXX-Q{number}", None, False)
        if g.get("pre_ya"):  # "the year-earlier third quarter"
            base = self.reference.start if self.reference else day
            year = base.year - 1 if g["pre_ya"] in ("year-earlier", "year-ago") else base.year
            return ("DATE", f"{year}-Q{number}", cal.quarter_interval(year, number), True)
        # Without a year: the latest such quarter that has begun by publication, whatever the
        # tense ("third-quarter earnings will be lower", said in October, is this year's).
        candidates = [cal.quarter_interval(y, number) for y in (day.year - 1, day.year)]
        chosen = max((c for c in candidates if c.start <= day), key=lambda c: c.start)
        return ("DATE", cal.value(chosen), chosen, True)

    def _stated_year(self, g: dict[str, str]) -> int | None:
        text = g.get("y") or g.get("y2") or g.get("pre_y")
        if text:
            return int(text)
        day = self.anchor_day
        relative = g.get("pre_yy")
        if relative and day is not None:
            return day.year + {"this": 0, "last": -1, "next": 1}[relative]
        return None

    def _quarter_rel(self, g: dict[str, str], tense: str) -> Normalised | None:
        day = self.anchor_day
        rel = (g.get("rel") or g.get("pre_ya") or "").lower()
        if day is None:
            return ("DATE", "XXXX-QX", None, True)
        current = cal.period(day, "quarter")
        reference = (
            self.reference
            if self.reference and self.reference.granularity in ("quarter", "half", "month")
            else None
        )
        if rel.isdigit():  # "the 1988 quarter", "the 1989 period"
            base = reference.start if reference else current.start
            granularity = reference.granularity if reference else "quarter"
            chosen = cal.period(base.replace(year=int(rel), day=1), granularity)
            return ("DATE", cal.value(chosen), chosen, True)
        if g.get("ly"):
            rel = "year-earlier"
        if rel in ("year-earlier", "year-ago", "comparable", "corresponding"):
            base = reference.start if reference else cal.shift(current.start, -1, "quarter")
            granularity = reference.granularity if reference else "quarter"
            chosen = cal.period(cal.shift(base, -1, "year"), granularity)
        elif rel in ("next", "coming"):
            chosen = cal.period(cal.shift(current.start, 1, "quarter"), "quarter")
        elif rel == "current" or (rel == "this" and reference is None):
            chosen = current  # "the current quarter" is the one under way at publication
        elif reference is not None and rel in ("", "same", "current", "this", "fiscal"):
            chosen = cal.period(reference.start, "quarter")
        else:  # latest, last, past, previous, recent, or "the quarter" with nothing before
            chosen = cal.period(cal.shift(current.start, -1, "quarter"), "quarter")
        return ("DATE", cal.value(chosen), chosen, True)

    def _half(self, g: dict[str, str], tense: str) -> Normalised | None:
        number = 1 if g["q"].lower() == "first" else 2
        year = self._stated_year(g)
        if year is None:
            day = self.reference.start if self.reference else self.anchor_day
            if day is None:
                return ("DATE", f"XXXX-H{number}", None, True)
            year = day.year
        return ("DATE", f"{year}-H{number}", cal.half_interval(year, number), "y" not in g)

    # -- counted from a reference --------------------------------------------------------

    def _shifted_adj(self, g: dict[str, str], tense: str) -> Normalised | None:
        base = self.reference or (cal.period(self.anchor_day, "year") if self.anchor_day else None)
        if base is None:
            return ("DATE", "XXXX", None, True)
        chosen = cal.period(cal.shift(base.start, -1, "year"), base.granularity)
        return ("DATE", cal.value(chosen), chosen, True)

    def _shifted(self, g: dict[str, str], tense: str) -> Normalised | None:
        n = _count(g["n"])
        unit = cal.unit_name(g["u"])
        direction = -1 if g["dir"].lower() == "earlier" else 1
        if g["dir"].lower() in ("from now", "hence"):
            base = DateInterval.day(self.anchor_day) if self.anchor_day else None
        else:
            base = self.reference or (
                DateInterval.day(self.anchor_day) if self.anchor_day else None
            )
        if n is None or base is None:
            return ("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", None, True)
        granularity = base.granularity
        if cal.finer(cal.granularity_of(unit), granularity):
            granularity = cal.granularity_of(unit)
        chosen = cal.period(cal.shift(base.start, direction * n, unit), granularity)
        return ("DATE", cal.value(chosen), chosen, True)

    def _ago(self, g: dict[str, str], tense: str) -> Normalised | None:
        if "vague" in g:
            return ("DATE", "PAST_REF", None, True)
        n = _count(g["n"])
        unit = cal.unit_name(g["u"])
        day = self.anchor_day
        if n is None or day is None:
            return ("DATE", "PAST_REF", None, True)
        granularity = cal.granularity_of(unit)
        reference = self.reference
        if (
            unit == "year"
            and reference is not None
            and reference.granularity in ("quarter", "half")
            and abs((reference.start - day).days) < 200
        ):
            granularity = reference.granularity  # "up from $5 million a year ago"
            day = reference.start
        chosen = cal.period(cal.shift(day, -n, unit), granularity)
        return ("DATE", cal.value(chosen), chosen, True)

    def _the_unit(self, g: dict[str, str], tense: str) -> Normalised | None:
        unit = g["u"].lower()
        det = " ".join(g["det"].lower().split())
        day = self.anchor_day
        if "ended" in g and unit in ("year", "month", "week"):
            return ("DURATION", _duration_code(1, unit), None, False)  # "the year ended June 30"
        if (
            det in ("that", "the same")
            and self.reference is not None
            # "June 1998 ... later that year": the year holding the reference; a period
            # finer than the reference ("that day" after "in 1998") cannot be told from it.
            and not cal.finer(unit, self.reference.granularity)
            and self.reference.granularity in ("day", "week", "month", "quarter", "year")
            and not (unit == "day" and self.reference.granularity != "day")
        ):
            base = self.reference.start
        elif day is None:
            return (
                "DATE",
                {"year": "XXXX", "month": "XXXX-XX"}.get(unit, "XXXX-XX-XX"),
                None,
                True,
            )
        else:
            base = day
        if unit == "weekend":
            weekend = _weekday(base, tense if tense != "present" else "past", 5)
            interval = DateInterval(weekend.start, weekend.start + dt.timedelta(days=1), "week")
            return ("DATE", cal.value(interval) + "-WE", interval, True)
        chosen = cal.period(base, unit)
        return ("DATE", cal.value(chosen), chosen, True)

    def _rel_year(self, g: dict[str, str], tense: str) -> Normalised | None:
        rel = " ".join(g["rel"].lower().split())
        if rel.startswith("the ") and rel != "the following":
            rel = rel[4:]
        unit = g["u"].lower()
        if rel == "the following" or rel == "the previous":
            base = self.reference
            if base is not None and unit in ("year", "month", "week"):
                step = 1 if rel == "the following" else -1
                chosen = cal.period(cal.shift(base.start, step, unit), unit)
                return ("DATE", cal.value(chosen), chosen, True)
        if unit == "decade":
            day = self.anchor_day
            if day is None:
                return ("DATE", "XXX", None, True)
            step = {"next": 1, "coming": 1, "this": 0}.get(rel, -1)
            chosen = cal.period(cal.shift(day, step * 10, "year"), "decade")
            return ("DATE", cal.value(chosen), chosen, True)
        return _relative_unit({"u": unit, "rel": rel}, "rel_year", self.anchor)

    def _month_rel_year(self, g: dict[str, str], tense: str) -> Normalised | None:
        month = _month_number(g["m"])
        day = self.anchor_day
        if month is None:
            return None
        if day is None:
            return ("DATE", f"XXXX-{month:02d}", None, True)
        year = day.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return ("DATE", f"{year}-{month:02d}", cal.month_interval(year, month), True)

    def _year_end(self, g: dict[str, str], tense: str) -> Normalised | None:
        day = self.anchor_day
        if day is None:
            return ("DATE", "XXXX", None, True)
        return ("DATE", str(day.year), cal.year_interval(day.year), True)

    def _season(self, g: dict[str, str], tense: str) -> Normalised | None:
        rel = " ".join(g["rel"].lower().split())
        season = g["s"].lower()
        day = self.anchor_day
        if day is None:
            return ("DATE", f"XXXX-{cal.season_code(SEASONS[season][0])}", None, True)
        options = [cal.season_interval(y, season) for y in (day.year - 1, day.year, day.year + 1)]
        if rel in ("last", "this past"):
            chosen = max((o for o in options if o.end < day), key=lambda o: o.start)
        elif rel in ("next", "this coming"):
            chosen = min((o for o in options if o.start > day), key=lambda o: o.start)
        elif rel == "this" or tense == "present":
            chosen = _pick(day, "", options)
        else:
            chosen = _pick(day, tense, options)
        return ("DATE", cal.value(chosen), chosen, True)

    def _refs(self, g: dict[str, str], tense: str) -> Normalised | None:
        word = " ".join(g["w"].lower().split())
        if word in ("now", "right now", "currently", "nowadays", "the present", "these days"):
            return ("DATE", "PRESENT_REF", None, True)
        if word == "the time being":
            return ("DATE", "PRESENT_REF", None, True)
        if word.startswith("recent "):
            # "in recent years": an unstated number of years up to now, a duration like
            # "the past few years" (PXY); "recently" alone is a past time.
            return ("DURATION", _duration_code(None, word.split()[1]), None, False)
        if word.startswith("recent") or word in ("the past", "past years", "recently"):
            return ("DATE", "PAST_REF", None, True)
        return ("DATE", "FUTURE_REF", None, True)

    def _vague_duration(self, g: dict[str, str], tense: str) -> Normalised | None:
        if "while" in g:
            return ("DURATION", "PXY" if "long" in g["while"].lower() else "PXX", None, False)
        return ("DURATION", _duration_code(None, g["u"]), None, False)

    def _weekday(self, g: dict[str, str], tense: str) -> Normalised | None:
        rel = " ".join(g.get("rel", "").lower().split())
        if rel in ("the previous", "the next", "the following") and self.reference is not None:
            weekday = WEEKDAYS[g["w"].lower()]
            base = self.reference.start
            wanted = "past" if rel == "the previous" else "future"
            interval = _weekday(base, wanted, weekday, strict=True)
            return ("DATE", interval.start.isoformat(), interval, True)
        if rel in _REL_TENSE:
            tense = _REL_TENSE[rel]
        elif tense == "present":
            tense = "past"  # news reports what happened: a bare "Thursday" is the last one
        return _normalise_plain(Hit(0, 0, "weekday", {**g, "strict": rel}), tense, self.anchor)

    def _holiday(self, g: dict[str, str], tense: str) -> Normalised | None:
        name = g["h"]
        if "y" in g:
            day = holiday_day(name, int(g["y"]))
            return None if day is None else ("DATE", day.isoformat(), DateInterval.day(day), False)
        rel = " ".join(g.get("rel", "").lower().split())
        wanted = _REL_TENSE.get(rel, tense if tense != "present" else "")
        # "last Christmas" said in November is eleven months back: a stated direction reaches
        # a whole year, a clause's tense only the usual half.
        reach = _SETTLED_REACH if rel in _REL_TENSE else _TENSE_REACH
        first, second = holiday_day(name, 2001), holiday_day(name, 2002)
        if first is None or second is None:
            return None
        fixed = (first.month, first.day) == (second.month, second.day)
        unknown = f"XXXX-{first.month:02d}-{first.day:02d}" if fixed else "XXXX-XX-XX"

        def resolve(anchor: dt.date, _tense: str) -> DateInterval:
            options = [
                DateInterval.day(d)
                for y in (anchor.year - 1, anchor.year, anchor.year + 1)
                if (d := holiday_day(name, y)) is not None
            ]
            return _pick(anchor, wanted, options, reach)

        return _relative(self.anchor, wanted, unknown, resolve)

    def _month(self, g: dict[str, str], tense: str) -> Normalised | None:
        rel = g.get("rel", "").lower()
        name = g.get("m") or g.get("m2") or ""
        month = _month_number(name)
        day = self.anchor_day
        if month is None:
            return None
        if day is None or not rel:
            return _normalise_plain(Hit(0, 0, "month", {"m": name}), tense, self.anchor)
        if rel in ("last", "this past"):
            year = day.year if month < day.month else day.year - 1
        elif rel in ("next", "this coming"):
            year = day.year if month > day.month else day.year + 1
        else:
            year = day.year
        return ("DATE", f"{year}-{month:02d}", cal.month_interval(year, month), True)


def _normalise_plain(hit: Hit, tense: str, anchor: DateInterval | None) -> Normalised | None:
    """Dates read whole or against the publication date alone."""
    g = hit.groups
    kind = hit.kind
    if kind in ("iso", "eu_numeric"):
        day = cal.safe_date(int(g["y"]), int(g["mn"]), int(g["d"]))
        return None if day is None else ("DATE", day.isoformat(), DateInterval.day(day), False)
    if kind in ("mdy", "dmy", "es_dmy", "eu_dmy"):
        month = _month_number(g["m"])
        dom = int(g["d"])
        if month is None or not 1 <= dom <= 31:
            return None
        if "y" in g:
            day = cal.safe_date(int(g["y"]), month, dom)
            return None if day is None else ("DATE", day.isoformat(), DateInterval.day(day), False)
        known_month = month
        reach = _SETTLED_REACH if g.get("settled") else _TENSE_REACH
        return _relative(
            anchor,
            tense,
            f"XXXX-{month:02d}-{dom:02d}",
            lambda a, t: _month_day(a, t, known_month, dom, reach),
        )
    if kind in ("range_md", "range_es"):
        month = _month_number(g["m"])
        d1, d2 = int(g["d1"]), int(g["d2"])
        if month is None or not 1 <= d1 <= d2 <= 31:
            return None
        range_month = month
        if "y" in g:
            a, b = cal.safe_date(int(g["y"]), month, d1), cal.safe_date(int(g["y"]), month, d2)
            if a is None or b is None:
                return None
            return ("DATE", f"{a.isoformat()}/{b.isoformat()}", DateInterval(a, b, "day"), False)
        return _relative(
            anchor,
            tense,
            f"XXXX-{month:02d}-{d1:02d}/XXXX-{month:02d}-{d2:02d}",
            lambda a, t: _month_day_range(a, t, range_month, d1, d2),
        )
    if kind in ("month_year", "eu_month_year"):
        month = _month_number(g["m"])
        if month is None:
            return None
        return ("DATE", f"{g['y']}-{month:02d}", cal.month_interval(int(g["y"]), month), False)
    if kind in ("month", "es_month", "eu_month"):
        month = _month_number(g["m"])
        if month is None:
            return None
        if "y" in g:
            return ("DATE", f"{g['y']}-{month:02d}", cal.month_interval(int(g["y"]), month), False)
        return _relative(anchor, tense, f"XXXX-{month:02d}", lambda a, t: _bare_month(a, t, month))
    if kind == "year":
        year = int(g["y"])
        return ("DATE", str(year), cal.year_interval(year), False)
    if kind == "season_year":
        interval = cal.season_interval(int(g["y"]), g["s"].lower())
        return ("DATE", cal.value(interval), interval, False)
    if kind == "es_rel":
        return _relative_unit(g, kind, anchor)
    if kind == "es_ago":
        count = int(g["n"]) if g["n"].isdigit() else ES_COUNTS.get(g["n"].lower())
        unit = ES_UNITS[g["u"].lower()]
        if count is None or anchor is None:
            return ("DATE", "PAST_REF", None, True)
        back, granularity = -count, cal.granularity_of(unit)
        return _relative(
            anchor,
            "past",
            "PAST_REF",
            lambda a, _t: cal.period(cal.shift(a, back, unit), granularity),
        )
    if kind == "cjk_date":
        return _cjk_date(g, tense, anchor)
    if kind in ("deictic", "es_deictic", "eu_deictic", "cjk_deictic"):
        shift = _DAYS_FROM_TODAY[g["w"].lower().replace("’", "'")]
        return _relative(
            anchor, tense, "XXXX-XX-XX", lambda a, t: DateInterval.day(a + dt.timedelta(days=shift))
        )
    if kind in ("weekday", "es_weekday", "eu_weekday", "cjk_weekday"):
        name = (g.get("w") or g["jw"]).lower()  # "jw": a Japanese day's name ("火曜日")
        weekday = next((d[name] for d in _WEEKDAY_NAMES if name in d), None)
        if weekday is None:
            return None
        rel = (g.get("rel") or g.get("rel2") or "").lower()
        past = rel == "pasado" or rel in EU_PAST_WORDS
        future = rel == "próximo" or rel in EU_FUTURE_WORDS
        if kind in ("eu_weekday", "cjk_weekday") and not (past or future) and tense == "present":
            tense = "past"  # news reports what happened: a bare "Montag" is the last one
        wanted = "past" if past else "future" if future else tense
        strict = past or future or g.get("strict", "") in ("last", "next")
        return _relative(
            anchor,
            wanted,
            f"XXXX-WXX-{weekday + 1}",
            lambda a, t: _weekday(a, wanted, weekday, strict),
        )
    if kind == "set":
        return _set(g)
    if kind in ("duration", "duration_adj"):
        n = _count(g.get("n0") or g["n"])
        half = "frac" in g or "half" in g  # "5 1/2 hours", "a year and a half"
        code = _duration_code(n, g["u"], half=half and "n0" not in g)
        if g.get("det", "").endswith(("past", "last", "previous", "recent")) and n is None:
            return ("DATE", "PAST_REF", None, True)
        return ("DURATION", code, None, False)
    return None


def _set(g: dict[str, str]) -> Normalised | None:
    if "adv" in g:
        code = {
            "daily": "P1D",
            "weekly": "P1W",
            "monthly": "P1M",
            "annually": "P1Y",
            "yearly": "P1Y",
            "hourly": "PT1H",
        }[g["adv"].lower()]
        return ("SET", code, None, False)
    unit = g["u"].lower()
    if unit in WEEKDAYS:
        return ("SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}", None, False)
    month = _month_number(unit)
    if month is not None and cal.unit_name(unit) not in UNITS:
        return ("SET", f"XXXX-{month:02d}", None, False)
    if cal.unit_name(unit) == "quarter":
        return ("SET", "P1Q", None, False)
    return ("SET", _duration_code(1, unit), None, False)


def _relative(
    anchor: DateInterval | None, tense: str, unknown: str, resolve: Resolver
) -> Normalised:
    """Resolve against one anchor day, or the union over an anchor interval."""
    if anchor is None:
        return ("DATE", unknown, None, False)
    first = resolve(anchor.start, tense)
    if anchor.is_day:
        return ("DATE", cal.value(first), first, True)
    last = resolve(anchor.end, tense)
    if first == last:  # every possible anchor day gives the same reading
        return ("DATE", cal.value(first), first, True)
    best_day = anchor.best
    best = resolve(best_day, tense) if best_day else None
    union = DateInterval(
        min(first.start, last.start),
        max(first.end, last.end),
        first.granularity,
        best.start if best else None,
    )
    return ("DATE", cal.value(best) if best else _unknown_parts(unknown, first, last), union, True)


def _unknown_parts(unknown: str, first: DateInterval, last: DateInterval) -> str:
    if first.start.year == last.end.year and unknown.startswith("XXXX"):
        return str(first.start.year) + unknown[4:]
    return unknown


#: Days from the publication day of "today", "yesterday", "tomorrow" ... in every language
#: read (as the patterns' ``w`` group gives them, in small letters).
_DAYS_FROM_TODAY = {
    **{"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1},
    **{"hoy": 0, "ayer": -1, "mañana": 1, "pasado mañana": 2, "anteayer": -2},
    **EU_DEICTIC,
    **CJK_DEICTIC,
}
#: Weekday names by language, English's first.
_WEEKDAY_NAMES = (WEEKDAYS, ES_WEEKDAYS, EU_WEEKDAYS, CJK_WEEKDAYS)


def _cjk_date(g: dict[str, str], tense: str, anchor: DateInterval | None) -> Normalised | None:
    """ "2020年3月3日", "3月3日", "2020年3月", "3月", "2020年": a year, a month and a day as
    Chinese and Japanese write them, each part that is given."""
    if "y2" in g:
        year = int(g["y2"])
        return ("DATE", str(year), cal.year_interval(year), False)
    month = int(g["mn"])
    if not 1 <= month <= 12:
        return None
    if "d" in g:
        return _normalise_plain(
            Hit(0, 0, "dmy", {k: g[k] for k in ("y", "d") if k in g} | {"m": str(month)}),
            tense,
            anchor,
        )
    if "y" in g:
        year = int(g["y"])
        return ("DATE", f"{year}-{month:02d}", cal.month_interval(year, month), False)
    return _relative(anchor, tense, f"XXXX-{month:02d}", lambda a, t: _bare_month(a, t, month))


def _month_number(name: str) -> int | None:
    if name.isdigit():
        return int(name) if 1 <= int(name) <= 12 else None
    key = name.lower().rstrip(".")
    return EN_MONTHS.get(key) or EN_MONTHS.get(key[:3]) or ES_MONTHS.get(key) or EU_MONTHS.get(key)


#: How far back a past tense may pull a yearless date. The past cues are weak (any "-ed" word,
#: a reporting verb): "declared a dividend, payable Dec. 15" reads past but Dec. 15 is seven
#: weeks ahead. Future cues ("will", "is scheduled to") are strong and reach a year.
_TENSE_REACH = dt.timedelta(days=183)
#: A settled past ("since", "ended") reaches back a whole year.
_SETTLED_REACH = dt.timedelta(days=366)


def _pick(
    anchor: dt.date,
    tense: str,
    candidates: list[DateInterval],
    reach: dt.timedelta = _TENSE_REACH,
) -> DateInterval:
    """Past → the latest not after the anchor (within ``reach``); future → the earliest not
    before; else nearest."""
    if tense == "past":
        past = [c for c in candidates if c.start <= anchor and anchor - c.start <= reach]
        if past:
            return max(past, key=lambda c: c.start)
    if tense == "future":
        future = [c for c in candidates if c.end >= anchor]
        if future:
            return min(future, key=lambda c: c.start)

    def gap(c: DateInterval) -> int:
        if c.start <= anchor <= c.end:
            return 0
        return min(abs((c.start - anchor).days), abs((c.end - anchor).days))

    return min(candidates, key=gap)


def _month_day(
    anchor: dt.date, tense: str, month: int, dom: int, reach: dt.timedelta = _TENSE_REACH
) -> DateInterval:
    options = [
        DateInterval.day(d)
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := cal.safe_date(y, month, dom)) is not None
    ]
    return _pick(anchor, tense, options, reach)


def _month_day_range(anchor: dt.date, tense: str, month: int, d1: int, d2: int) -> DateInterval:
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        a, b = (
            cal.safe_date(year, month, d1),
            cal.safe_date(year, month, min(d2, 28 if month == 2 else d2)),
        )
        if a and b:
            options.append(DateInterval(a, b, "day"))
    return _pick(anchor, tense, options)


def _bare_month(anchor: dt.date, tense: str, month: int) -> DateInterval:
    options = [
        cal.month_interval(y, month) for y in (anchor.year - 1, anchor.year, anchor.year + 1)
    ]
    if tense == "past":
        # "In March" told in the past: the last March that has begun by publication.
        begun = [o for o in options if o.start <= anchor]
        return max(begun, key=lambda o: o.start)
    return _pick(anchor, tense, options)


def _weekday(anchor: dt.date, tense: str, weekday: int, strict: bool = False) -> DateInterval:
    """The weekday on the tense's side of the anchor (the anchor day itself counts, unless
    ``strict``: "el próximo miércoles" said on a Wednesday is a week later)."""
    back = (anchor.weekday() - weekday) % 7 or (7 if strict else 0)
    ahead = (weekday - anchor.weekday()) % 7 or (7 if strict else 0)
    if tense == "past":
        return DateInterval.day(anchor - dt.timedelta(days=back))
    if tense == "future":
        return DateInterval.day(anchor + dt.timedelta(days=ahead))
    shift = -back if back <= ahead else ahead
    return DateInterval.day(anchor + dt.timedelta(days=shift))


def _relative_unit(g: dict[str, str], kind: str, anchor: DateInterval | None) -> Normalised | None:
    unit = (g.get("u") or g.get("u2") or g.get("u3") or "").lower()
    rel = (g.get("rel") or g.get("rel3") or "este").lower()
    unit = {"año": "year", "mes": "month", "semana": "week"}.get(unit, unit)
    shift = 0
    if rel in ("next", "coming", "the following", "próximo", "próxima", "que viene", "later"):
        shift = 1
    elif rel in ("last", "past", "previous", "pasado", "pasada", "the previous"):
        shift = -1
    if unit in SEASONS:

        def resolve_season(a: dt.date, _t: str) -> DateInterval:
            base = cal.season_interval(a.year, unit)
            if shift == 1 and base.start <= a:
                return cal.season_interval(a.year + 1, unit)
            if shift == -1 and base.end >= a:
                return cal.season_interval(a.year - 1, unit)
            return base

        code = f"XXXX-{cal.season_code(SEASONS[unit][0])}"
        return _relative(anchor, "", code, resolve_season)

    def resolve(a: dt.date, _t: str) -> DateInterval:
        if unit == "year":
            return cal.year_interval(a.year + shift)
        if unit == "month":
            m = a.month - 1 + shift
            return cal.month_interval(a.year + m // 12, m % 12 + 1)
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=shift)
        if unit == "weekend":
            saturday = monday + dt.timedelta(days=5)
            return DateInterval(saturday, saturday + dt.timedelta(days=1), "week")
        return DateInterval(monday, monday + dt.timedelta(days=6), "week")

    unknown = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE"}
    if unit not in unknown:
        return None
    result = _relative(anchor, "", unknown[unit], resolve)
    if unit == "weekend" and result[2] is not None:
        return (result[0], result[1] + "-WE", result[2], result[3])
    return result


def _count(text: str) -> int | None:
    """A count in digits or words; None when it is vague ("a few", "several")."""
    word = " ".join(text.lower().replace("-", " ").split())
    if word.replace(".", "", 1).isdigit():
        return int(float(word)) if float(word).is_integer() else None
    if word in ("a", "an", "one", "per"):
        return 1
    if word in ("a couple of", "couple of"):  # "the next couple of years"
        return 2
    if word.startswith("a "):
        word = word[2:]
    parts = word.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ONES:
        return TENS[parts[0]] + ONES[parts[1]]
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in ("hundred", "thousand"):
        return NUMBER_WORDS[parts[0]] * NUMBER_WORDS[parts[1]]
    if len(parts) == 1 and parts[0] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]]
    return None


#: Half of each unit in the next smaller one, for "2 1/2 years" (P2Y6M) and "an hour and a
#: half" (PT1H30M), written as the TimeML annotations write them.
_HALF = {"year": "6M", "day": "T12H", "hour": "30M", "minute": "30S"}


def _duration_code(n: int | None, unit: str, half: bool = False) -> str:
    unit = cal.unit_name(unit)
    count = "X" if n is None else str(n)
    if half and n is not None and unit in _HALF:
        base = _duration_code(n, unit)
        return base + _HALF[unit]
    if unit in ("hour", "minute", "second"):
        return f"PT{count}{unit[0].upper()}"
    if unit == "quarter":
        return "PXM" if n is None else f"P{3 * n}M"
    if unit == "decade":
        return "PXE" if n is None else f"P{10 * n}Y"
    if unit == "century":
        return "PXC" if n is None else f"P{100 * n}Y"
    code = {"day": "D", "week": "W", "month": "M", "year": "Y"}
    return f"P{count}{code.get(unit, 'D')}"
