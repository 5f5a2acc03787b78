"""Time expressions, normalised TIMEX3-style against the publication date and the tense.

Each expression is found by a pattern that knows what it denotes (a day, a month without its
year, a weekday, "next year", a duration ...). Expressions that need an anchor are resolved
against the publication date *and* the tense of their clause: "on Wednesday" in a past clause
is the Wednesday on or before publication, in a future clause the one on or after it, and
with no tense the nearest. When the publication date is itself an interval, the resolved value
is the union over every possible anchor day, and ``value`` uses the anchor's best guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storyline.analyse.tense import clause_tense
from storyline.analyse.timex_lexicon import (
    EN_MONTHS,
    ES_MONTHS,
    ES_WEEKDAYS,
    NUMBER_WORDS,
    SEASONS,
    UNITS,
    WEEKDAYS,
)
from storyline.models import DateInterval, Granularity, Sentence, TimeMention, TimexType

_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_ES_MONTH_RE = r"(?:" + "|".join(ES_MONTHS) + r")"
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ES_WEEKDAY_RE = r"(?:" + "|".join(ES_WEEKDAYS) + r")"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r"|a|an|several|a few)"
_UNIT = r"(?:" + "|".join(UNITS) + r")"
# A bare month name only when something marks it as a time ("in May", "May 2022", "and May").
_MONTH_LEAD = (
    r"(?:(?<=\bin )|(?<=\bIn )|(?<=\bsince )|(?<=\buntil )|(?<=\bby )|(?<=\bduring )|"
    r"(?<=\bearly )|(?<=\blate )|(?<=\bmid-)|(?<=\bof )|(?<=\band )|(?<=\bor )|(?<=\bthrough )|"
    r"(?<=\bfrom )|(?<=\bthis )|(?<=\blast )|(?<=\bnext )|(?<=\bSince )|(?<=\bBy )|(?<=\bUntil ))"
)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    kind: str
    groups: dict[str, str]


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range_md",
        re.compile(
            rf"\b(?:from\s+)?(?P<m>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})\s*(?:--|-|–|—|to|through)\s*"
            rf"(?P<d2>\d{{1,2}})\b(?:,?\s+(?P<y>{_YEAR}))?"
        ),
    ),
    (
        "range_es",
        re.compile(
            rf"\bdel\s+(?P<d1>\d{{1,2}})\s+al\s+(?P<d2>\d{{1,2}})\s+de\s+(?P<m>{_ES_MONTH_RE})"
            rf"(?:\s+de\s+(?P<y>{_YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<mn>\d\d)-(?P<d>\d\d)\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?\b"
            r"(?![\d:])"
        ),
    ),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_RE})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    (
        "es_dmy",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})\s+de\s+(?P<m>{_ES_MONTH_RE})(?:\s+de\s+(?P<y>{_YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"\b(?:(?P<part>early|late|mid-?)\s*)?(?P<m>{_MONTH_RE})\s+"
            rf"(?:of\s+)?(?P<y>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "es_month",
        re.compile(rf"(?<=\ben )(?P<m>{_ES_MONTH_RE})\b(?:\s+de\s+(?P<y>{_YEAR}))?", re.IGNORECASE),
    ),
    ("month", re.compile(rf"{_MONTH_LEAD}(?P<m>{_MONTH_RE})\b(?!\s+\d)")),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<dec>(?:1[89]|20)\d0)s\b|\bthe\s+(?P<dec2>[2-9]0)s\b")),
    (
        "season_year",
        re.compile(
            rf"\b(?:the\s+)?(?P<s>spring|summer|fall|autumn|winter)\s+(?:of\s+)?"
            rf"(?P<y>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+"
            rf"quarter(?:\s+of\s+(?P<y>{_YEAR}))?|\bQ(?P<qn>[1-4])\s+(?P<y2>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    ("year", re.compile(rf"(?<![\w$#.-])(?P<y>{_YEAR})(?![\w-]|\.\d|,\d)")),
    (
        "rel_year",
        re.compile(
            r"\b(?P<rel>this|next|last|past|previous|coming|the\s+following)\s+"
            r"(?P<u>year|month|week|weekend|summer|winter|spring|fall|autumn)(?:['’]s)?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "earlier_this",
        re.compile(
            r"\b(?P<rel>earlier|later)\s+(?:this|in\s+the)\s+(?P<u>year|month|week)\b",
            re.IGNORECASE,
        ),
    ),
    ("ago", re.compile(rf"\b(?P<n>{_NUM})\s+(?P<u>{_UNIT})s?\s+ago\b", re.IGNORECASE)),
    ("deictic", re.compile(r"\b(?P<w>today|tomorrow|yesterday|tonight)\b", re.IGNORECASE)),
    ("es_deictic", re.compile(r"\b(?P<w>hoy|ayer|mañana|pasado mañana|anteayer)\b", re.IGNORECASE)),
    (
        "es_rel",
        re.compile(
            r"\b(?P<a>la|el)\s+(?P<u>semana|mes|año)\s+(?P<rel>pasad[oa]|próxim[oa]|"
            r"que viene)\b|\beste\s+(?P<u2>año|mes)\b",
            re.IGNORECASE,
        ),
    ),
    ("weekday", re.compile(rf"\b(?P<w>{_WEEKDAY_RE})(?:['’]s)?\b(?!\s+(?:night|morning)s\b)")),
    (
        "es_weekday",
        re.compile(
            rf"\b(?:el\s+)?(?:(?P<rel>próximo|pasado)\s+)?(?P<w>{_ES_WEEKDAY_RE})"
            rf"(?:\s+(?P<rel2>próximo|pasado))?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "refs",
        re.compile(
            r"\b(?P<w>now|currently|recently|in recent (?:years|months|weeks)|"
            r"the coming (?:weeks|months|days|years)|nowadays|the future)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "set",
        re.compile(
            rf"\b(?P<q>each|every|per)\s+(?P<u>{_UNIT}|{_WEEKDAY_RE})\b|"
            r"\b(?P<adv>daily|weekly|monthly|annually|yearly)\b",
            re.IGNORECASE,
        ),
    ),
    ("duration_adj", re.compile(rf"\b(?P<n>{_NUM})-(?P<u>{_UNIT})\b", re.IGNORECASE)),
    (
        "duration",
        re.compile(
            rf"\b(?P<mod>more than|less than|nearly|almost|about|over|at least|some)?\s*"
            rf"(?P<n>{_NUM})\s+(?P<u>{_UNIT})s?\b(?!\s+ago)",
            re.IGNORECASE,
        ),
    ),
]


def find_time_expressions(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    anchor: DateInterval | None,
    language: str = "en",
) -> list[TimeMention]:
    """Every time expression in ``text``, normalised against ``anchor`` (the publication date)."""
    hits = _find(text)
    mentions = []
    starts = [s.start for s in sentences]
    import bisect

    for hit in hits:
        index = max(0, bisect.bisect_right(starts, hit.start) - 1)
        sentence = sentences[index] if sentences else None
        if sentence is not None and sentence.start <= hit.start < sentence.end:
            tense = clause_tense(
                sentence.text, hit.start - sentence.start, hit.end - sentence.start
            )
        else:
            tense, index = "present", -1
        normalised = _normalise(hit, tense, anchor)
        if normalised is None:
            continue
        timex_type, value, interval, relative = normalised
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


def _find(text: str) -> list[_Hit]:
    """All pattern matches, earlier patterns winning overlaps, in text order."""
    taken: list[tuple[int, int]] = []
    hits: list[_Hit] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            while start < end and text[start].isspace():
                start += 1
            if end <= start or any(start < e and s < end for s, e in taken):
                continue
            if kind == "month" and match.group("m") in ("May", "March") and _verb_like(text, end):
                continue
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            taken.append((start, end))
            hits.append(_Hit(start, end, kind, groups))
    return sorted(hits, key=lambda h: h.start)


def _verb_like(text: str, end: int) -> bool:
    """'May' or 'March' used as a verb: followed by a lower-case word ('may go', 'march on')."""
    return bool(
        re.match(r"\s+(?:be|have|not|also|go|on|to|in|through|against)\b", text[end : end + 12])
    )


# -- normalisation -------------------------------------------------------------------------

Normalised = tuple[TimexType, str, DateInterval | None, bool]


def _normalise(hit: _Hit, tense: str, anchor: DateInterval | None) -> Normalised | None:
    g = hit.groups
    kind = hit.kind
    if kind in ("iso",):
        day = _safe_date(int(g["y"]), int(g["mn"]), int(g["d"]))
        return None if day is None else ("DATE", day.isoformat(), DateInterval.day(day), False)
    if kind in ("mdy", "dmy", "es_dmy"):
        month = _month_number(g["m"])
        dom = int(g["d"])
        if month is None or not 1 <= dom <= 31:
            return None
        if "y" in g:
            day = _safe_date(int(g["y"]), month, dom)
            return None if day is None else ("DATE", day.isoformat(), DateInterval.day(day), False)
        known_month = month
        return _relative(
            anchor,
            tense,
            f"XXXX-{month:02d}-{dom:02d}",
            lambda a, t: _month_day(a, t, known_month, dom),
        )
    if kind in ("range_md", "range_es"):
        month = _month_number(g["m"])
        d1, d2 = int(g["d1"]), int(g["d2"])
        if month is None or not 1 <= d1 <= d2 <= 31:
            return None
        range_month = month
        if "y" in g:
            a, b = _safe_date(int(g["y"]), month, d1), _safe_date(int(g["y"]), month, d2)
            if a is None or b is None:
                return None
            return ("DATE", f"{a.isoformat()}/{b.isoformat()}", DateInterval(a, b, "day"), False)
        return _relative(
            anchor,
            tense,
            f"XXXX-{month:02d}-{d1:02d}/XXXX-{month:02d}-{d2:02d}",
            lambda a, t: _month_day_range(a, t, range_month, d1, d2),
        )
    if kind == "month_year":
        month = _month_number(g["m"])
        if month is None:
            return None
        interval = _month_interval(int(g["y"]), month)
        return ("DATE", f"{g['y']}-{month:02d}", interval, False)
    if kind in ("month", "es_month"):
        month = _month_number(g["m"])
        if month is None:
            return None
        if "y" in g:
            return ("DATE", f"{g['y']}-{month:02d}", _month_interval(int(g["y"]), month), False)
        return _relative(anchor, tense, f"XXXX-{month:02d}", lambda a, t: _bare_month(a, t, month))
    if kind == "year":
        year = int(g["y"])
        return ("DATE", str(year), _year_interval(year), False)
    if kind == "decade":
        decade = int(g["dec"]) if "dec" in g else None
        if decade is None:
            if anchor is None:
                return ("DATE", "XX" + g["dec2"][0], None, True)
            decade = (anchor.start.year // 100) * 100 + int(g["dec2"])
        interval = DateInterval(dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), "decade")
        return ("DATE", str(decade)[:3], interval, False)
    if kind == "season_year":
        return _season(int(g["y"]), g["s"].lower())
    if kind == "quarter":
        return _quarter(g, anchor)
    if kind in ("rel_year", "earlier_this", "es_rel"):
        return _relative_unit(g, kind, anchor)
    if kind in ("deictic", "es_deictic"):
        shift = {
            "today": 0,
            "tonight": 0,
            "tomorrow": 1,
            "yesterday": -1,
            "hoy": 0,
            "ayer": -1,
            "mañana": 1,
            "pasado mañana": 2,
            "anteayer": -2,
        }[g["w"].lower()]
        return _relative(
            anchor, tense, "XXXX-XX-XX", lambda a, t: DateInterval.day(a + dt.timedelta(days=shift))
        )
    if kind == "ago":
        n = _number(g["n"])
        unit = g["u"].lower()
        if n is None:
            return None
        days = n * UNITS[unit]
        granularity: Granularity = (
            "day" if UNITS[unit] < 7 else ("month" if UNITS[unit] < 365 else "year")
        )
        return _relative(
            anchor,
            tense,
            "PAST_REF",
            lambda a, t: _around(a - dt.timedelta(days=days), granularity),
        )
    if kind in ("weekday", "es_weekday"):
        name = g["w"].lower()
        weekday = WEEKDAYS.get(name, ES_WEEKDAYS.get(name))
        if weekday is None:
            return None
        rel = (g.get("rel") or g.get("rel2") or "").lower()
        wanted = "past" if rel == "pasado" else "future" if rel == "próximo" else tense
        return _relative(
            anchor,
            wanted,
            f"XXXX-WXX-{weekday + 1}",
            lambda a, t: _weekday(a, wanted, weekday, rel in ("pasado", "próximo")),
        )
    if kind == "refs":
        word = g["w"].lower()
        if word in ("now", "currently", "nowadays"):
            return ("DATE", "PRESENT_REF", None, True)
        if word.startswith("the coming") or word == "the future":
            return ("DATE", "FUTURE_REF", None, True)
        return ("DATE", "PAST_REF", None, True)
    if kind == "set":
        if "adv" in g:
            code = {
                "daily": "P1D",
                "weekly": "P1W",
                "monthly": "P1M",
                "annually": "P1Y",
                "yearly": "P1Y",
            }[g["adv"].lower()]
            return ("SET", code, None, False)
        unit = g["u"].lower()
        if unit in WEEKDAYS:
            return ("SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}", None, False)
        return ("SET", _duration_code(1, unit), None, False)
    if kind in ("duration", "duration_adj"):
        n = _number(g["n"])
        if n is None:
            return None
        return ("DURATION", _duration_code(n, g["u"].lower()), None, False)
    return None


Resolver = Callable[[dt.date, str], DateInterval]


def _relative(
    anchor: DateInterval | None, tense: str, unknown: str, resolve: Resolver
) -> Normalised:
    """Resolve against one anchor day, or the union over an anchor interval."""
    if anchor is None:
        return ("DATE", unknown, None, False)
    first = resolve(anchor.start, tense)
    if anchor.is_day:
        return ("DATE", _value(first), first, True)
    last = resolve(anchor.end, tense)
    if first == last:  # every possible anchor day gives the same reading
        return ("DATE", _value(first), first, True)
    best_day = anchor.best
    best = resolve(best_day, tense) if best_day else None
    union = DateInterval(
        min(first.start, last.start),
        max(first.end, last.end),
        first.granularity,
        best.start if best else None,
    )
    return ("DATE", _value(best) if best else _unknown_parts(unknown, first, last), union, True)


def _value(interval: DateInterval) -> str:
    g = interval.granularity
    if interval.is_day:
        return interval.start.isoformat()
    if g == "month":
        return interval.start.strftime("%Y-%m")
    if g == "year":
        return str(interval.start.year)
    if g == "week":
        iso = interval.start.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if g == "season":
        return f"{interval.start.year}-{_season_code(interval.start.month)}"
    if g == "day":
        return f"{interval.start.isoformat()}/{interval.end.isoformat()}"
    return interval.start.isoformat()


def _unknown_parts(unknown: str, first: DateInterval, last: DateInterval) -> str:
    if first.start.year == last.end.year and unknown.startswith("XXXX"):
        return str(first.start.year) + unknown[4:]
    return unknown


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int | None:
    key = name.lower().rstrip(".")
    return EN_MONTHS.get(key) or EN_MONTHS.get(key[:3]) or ES_MONTHS.get(key)


def _month_interval(year: int, month: int) -> DateInterval:
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return DateInterval(start, end, "month")


def _year_interval(year: int) -> DateInterval:
    return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _pick(anchor: dt.date, tense: str, candidates: list[DateInterval]) -> DateInterval:
    """Past → the latest not after the anchor; future → the earliest not before; else nearest."""
    if tense == "past":
        past = [c for c in candidates if c.start <= anchor]
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


def _month_day(anchor: dt.date, tense: str, month: int, dom: int) -> DateInterval:
    options = [
        DateInterval.day(d)
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := _safe_date(y, month, dom)) is not None
    ]
    return _pick(anchor, tense, options)


def _month_day_range(anchor: dt.date, tense: str, month: int, d1: int, d2: int) -> DateInterval:
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        a, b = (
            _safe_date(year, month, d1),
            _safe_date(year, month, min(d2, 28 if month == 2 else d2)),
        )
        if a and b:
            options.append(DateInterval(a, b, "day"))
    return _pick(anchor, tense, options)


def _bare_month(anchor: dt.date, tense: str, month: int) -> DateInterval:
    options = [_month_interval(y, month) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
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


def _around(day: dt.date, granularity: Granularity) -> DateInterval:
    if granularity == "month":
        return _month_interval(day.year, day.month)
    if granularity == "year":
        return _year_interval(day.year)
    return DateInterval.day(day)


def _season_code(month: int) -> str:
    return {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}.get(
        month, "WI"
    )


def _season_interval(year: int, season: str) -> DateInterval:
    first, last = SEASONS[season]
    start = dt.date(year, first, 1)
    end_year = year + 1 if last < first else year
    return DateInterval(start, _month_interval(end_year, last).end, "season")


def _season(year: int, season: str) -> Normalised:
    interval = _season_interval(year, season)
    return ("DATE", f"{year}-{_season_code(interval.start.month)}", interval, False)


def _quarter(g: dict[str, str], anchor: DateInterval | None) -> Normalised | None:
    number = (
        int(g["qn"])
        if "qn" in g
        else {
            "first": 1,
            "1st": 1,
            "second": 2,
            "2nd": 2,
            "third": 3,
            "3rd": 3,
            "fourth": 4,
            "4th": 4,
        }[g["q"].lower()]
    )
    year_text = g.get("y") or g.get("y2")
    if year_text is None:
        if anchor is None:
            return ("DATE", f"XXXX-Q{number}", None, False)
        year = (anchor.best or anchor.start).year
        relative = True
    else:
        year, relative = int(year_text), False
    start = dt.date(year, 3 * number - 2, 1)
    end = _month_interval(year, 3 * number).end
    return ("DATE", f"{year}-Q{number}", DateInterval(start, end, "quarter"), relative)


def _relative_unit(g: dict[str, str], kind: str, anchor: DateInterval | None) -> Normalised | None:
    unit = (g.get("u") or g.get("u2") or "").lower()
    rel = (g.get("rel") or "este").lower()
    unit = {"año": "year", "mes": "month", "semana": "week"}.get(unit, unit)
    shift = 0
    if rel in ("next", "coming", "the following", "próximo", "próxima", "que viene", "later"):
        shift = 1 if kind != "earlier_this" else 0
    elif rel in ("last", "past", "previous", "pasado", "pasada"):
        shift = -1
    if kind == "earlier_this":
        shift = 0
    if unit in SEASONS:

        def resolve_season(a: dt.date, _t: str) -> DateInterval:
            base = _season_interval(a.year, unit)
            if shift == 1 and base.start <= a:
                return _season_interval(a.year + 1, unit)
            if shift == -1 and base.end >= a:
                return _season_interval(a.year - 1, unit)
            return base

        code = f"XXXX-{_season_code(SEASONS[unit][0])}"
        return _relative(anchor, "", code, resolve_season)

    def resolve(a: dt.date, _t: str) -> DateInterval:
        if unit == "year":
            return _year_interval(a.year + shift)
        if unit == "month":
            m = a.month - 1 + shift
            return _month_interval(a.year + m // 12, m % 12 + 1)
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=shift)
        if unit == "weekend":
            saturday = monday + dt.timedelta(days=5)
            return DateInterval(saturday, saturday + dt.timedelta(days=1), "week")
        return DateInterval(monday, monday + dt.timedelta(days=6), "week")

    unknown = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE"}
    if unit not in unknown:
        return None
    return _relative(anchor, "", unknown[unit], resolve)


def _number(text: str) -> int | None:
    word = text.lower()
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    if word in ("several", "a few"):
        return 3
    return NUMBER_WORDS.get(word)


def _duration_code(n: int, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    if unit in ("hour", "minute", "second"):
        return f"PT{n}{unit[0].upper()}"
    code = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "E", "century": "C"}
    return f"P{n}{code.get(unit, 'D')}"
