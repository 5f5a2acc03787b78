"""A publication date stated near the top of a text: a date line, a byline with a date, a
"Published:" or "Updated" line, or a dateline with a full date.

Only full dates (day, month and year) count, and only on lines that are about the article rather
than part of its story: a line with a marker ("Published", "Updated", "Written by ... on"), a
dateline ("WASHINGTON, Nov. 17, 2021 (Reuters) -"), or a short line that is little more than the
date. A dateline without a year ("WASHINGTON, Nov 17 (Reuters)") is not a date. Dates in the
body are for the lead's inference, not for this module.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator

from storyline.ingest.line_breaks import LINE_BREAK
from storyline.ingest.types import CandidateProvenance, DateCandidate

#: How many non-blank lines from the top are read.
TOP_LINES = 8

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan enero ene janvier janv janeiro januar",
        "february feb febrero février fevrier févr fevr fevereiro fev februar",
        "march mar marzo mars março marco märz maerz",
        "april apr abril avril abr",
        "may mayo mai maio",
        "june jun junio juin junho juni",
        "july jul julio juillet juil julho juli",
        "august aug agosto août aout ago",
        "september sep sept septiembre septembre setembro set setiembre",
        "october oct octubre octobre outubro out oktober okt",
        "november nov noviembre novembre novembro",
        "december dec diciembre décembre decembre dezembro dez dezember dic déc",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH = "|".join(sorted((re.escape(name) for name in _MONTHS), key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20|21)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
_MDY = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+{_DAY}(?:st|nd|rd|th)?(?:,\s*|\s+){_YEAR}\b", re.IGNORECASE
)
_DMY = re.compile(
    rf"\b{_DAY}(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?(?P<month>{_MONTH})\.?,?\s+(?:de\s+|del\s+)?"
    rf"{_YEAR}\b",
    re.IGNORECASE,
)
_ISO = re.compile(rf"(?<![\d/.-]){_YEAR}[-/.](?P<month>[01]?\d)[-/.]{_DAY}(?![\d/])")
_NUMERIC = re.compile(rf"(?<![\d/.-])(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d|[0-3]\d)[/.]{_YEAR}(?![\d/])")
# A page timestamp with spaces for separators, year first ("2009 06 13 00:11 JST", as some wire
# pages print them): only with the clock right after it, which makes the three numbers a date
# rather than figures ("2009 06 13" alone could be anything).
_SPACED_STAMP = re.compile(
    rf"(?<![\d/.:-]){_YEAR} (?P<month>0?[1-9]|1[0-2]) {_DAY}(?= [0-2]?\d:[0-5]\d(?![\d/]))"
)
_MARKER = re.compile(
    r"^\W*(?:published|updated|posted|last\s+(?:updated|modified)|modified|date[d:]?|"
    rf"written\s+by|by\b(?!\s+(?:(?:{_MONTH})\b|\d|the\b|then\b))|publicado|actualizado|fecha|publié|publie|mis\s+à\s+jour|"
    r"veröffentlicht|aktualisiert)",
    re.IGNORECASE,
)
_BYLINE_MARKER = re.compile(r"^\W*(?:written\s+by|by)\b", re.IGNORECASE)
_UPDATED = re.compile(
    r"\b(?:updated|modified|actualizado|mis\s+à\s+jour|aktualisiert)\b", re.IGNORECASE
)
_AGENCY_DATELINE = re.compile(r"\((?:[A-Z][\w.&' -]{0,30})\)\s*[-–—]")
_FILLER = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b|"
    r"\b(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b|"
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\b|\b[ap]\.?m\.?\b|"
    r"\b(?:[A-Z]{1,2}[SD]?T|GMT|UTC|CET|CEST)\b|\b(?:at|on|a\s+las|le|am)\b",
    re.IGNORECASE,
)
# A clock time with what marks it as one (a colon, am/pm, or a time zone): the full date beside
# it is a timestamp ("Thu Apr 30, 2009 5:11 am EDT", "Friday 29 October 2010 08.38 BST"), which
# pages print for their own publication, not a date of the story (stories say "on Friday").
_ZONE = r"(?:[A-Z]{1,2}[SD]?T|GMT|UTC|CET|CEST|BST|IST|JST|AEST|AEDT|Z)"
_CLOCK = (
    r"[0-2]?\d(?::[0-5]\d(?::[0-5]\d)?\s*(?:[ap]\.?m\.?)?"
    rf"|[.][0-5]\d\s*(?:[ap]\.?m\.?|{_ZONE}\b))"
)
_CLOCK_AFTER = re.compile(
    r"^\s*[,;|-]?\s*(?:(?:last\s+)?(?:updated|modified|published|posted)\s+(?:at\s+)?)?" + _CLOCK,
    re.IGNORECASE,
)
# A print stamp: the edition's date and the page the story ran on ("Thursday, October 23, 2008;
# Page A01"), which newspapers' sites print above the story: the day it was published in print.
_PAGE_AFTER = re.compile(
    r"^\s*[;,]\s*(?:(?:section|sec\.)\s+[A-Z0-9]{1,3}\s*[;,]\s*)?(?:page|p\.|pg\.)\s*[A-Z]{0,2}\d{1,3}\b",
    re.IGNORECASE,
)
# A credit at the foot of a page saying when (and where) it was printed or first published:
# "This article appeared on p8 of the G2 section ... on Monday 19 September 2005".
_PRINT_CREDIT = re.compile(
    r"^\W*(?:(?:this|the)\s+(?:article|story|piece)|a\s+version(?:\s+of\s+this\s+\w+)?)\s+"
    r"(?:first\s+|originally\s+)?appeared\b|^\W*(?:first|originally)\s+published\b",
    re.IGNORECASE,
)
#: How many non-blank lines from the bottom are read for a print or first-publication credit.
BOTTOM_LINES = 5
# "met on 29 October 2010 10:00": a preposition makes the date the story's, not the page's.
_STORY_LEAD = re.compile(
    r"\b(?:on|by|until|till|from|since|before|after|of|for|in)\s+"
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?$",
    re.IGNORECASE,
)
_CLOCK_BEFORE = re.compile(
    _CLOCK + rf"\s*(?:{_ZONE}\b|[A-Z]{{2,3}}\s+time\b|local\s+time\b)?\s*[,|-]?\s*"
    r"(?:on\s+)?[A-Za-z]*\.?,?\s*$",
    re.IGNORECASE,
)
#: How far after a "Published" / "By" marker a date on a long line may start.
MARKER_REACH = 60
#: How far into a long top line a timestamp is looked for (after a headline and standfirst).
TIMESTAMP_REACH = 600
_WORD = re.compile(r"[^\W\d_]+")


def find_text_dates(
    text: str, *, top_lines: int = TOP_LINES, source: str = "text"
) -> list[DateCandidate]:
    """Full dates stated on the first ``top_lines`` non-blank lines of ``text``, publication
    dates before update dates; each with the line (numbered from 1 in ``text``) it was read
    from, in evidence that names the ``source`` of the lines ("text line 3: ...")."""
    published: list[DateCandidate] = []
    updated: list[DateCandidate] = []
    seen: set[dt.date] = set()
    for number, line in _top_lines(text, top_lines):
        for day, quoted in _line_dates(line):
            if day in seen:
                continue
            seen.add(day)
            evidence = f'{source} line {number}: "{quoted}"'
            candidate = DateCandidate(day, "text", evidence)
            (updated if _UPDATED.search(line) else published).append(candidate)
    return published + updated


def find_print_credits(text: str) -> list[tuple[dt.date, str]]:
    """Days a credit at the foot of the text says the article was printed or first published
    ("A version appeared on p18 of the Main section ... on Wednesday 12 May 2010"), with the
    evidence. A print edition follows the web by up to a day or so, so this is an upper bound
    for the publication rather than the publication itself."""
    credits: list[tuple[dt.date, str]] = []
    for number, line in _bottom_lines(text, BOTTOM_LINES):
        if not _PRINT_CREDIT.match(line):
            continue
        quoted = line if len(line) <= 160 else line[:157] + "..."
        for day, _span in _dates_in(line[:300]):
            credits.append((day, f'text line {number}: "{quoted}"'))
    return credits


def _bottom_lines(text: str, limit: int) -> Iterator[tuple[int, str]]:
    lines = LINE_BREAK.split(text[-20000:])
    offset = text[: max(0, len(text) - 20000)].count("\n")  # numbering as in the whole text
    found = 0
    for index in range(len(lines) - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped:
            yield offset + index + 1, stripped
            found += 1
            if found >= limit:
                return


def day_with_clock(text: str) -> dt.date | None:
    """The full date opening ``text`` if a clock time follows it (what makes it a stamp:
    "October 12, 2008 7:51 PM")."""
    for day, (start, end) in _dates_in(text):
        if start == 0 and _CLOCK_AFTER.match(text[end:]):
            return day
        return None
    return None


def first_full_date(text: str) -> dt.date | None:
    """The first full date (with its year) in ``text``."""
    return next((day for day, _span in _dates_in(text)), None)


# A dateline: the place in capitals, perhaps a region ("OXFORD, Miss."), perhaps the day without
# its year ("Sept. 26"), perhaps the agency, then a dash ("REYKJAVIK, Iceland, Oct. 9 --",
# "HOUSTON, May 8 (Reuters) -", "GENEVA (Reuters) -"). Without an agency, only a long dash
# ("--", "—") ends one: a capitalised word and a hyphen are as often a headline.
_DATELINE = re.compile(
    r"(?<![\w,])(?P<place>[A-Z][A-Z.'’]+(?:(?:\s+|\s*[/\\]+\s*)[A-Z][A-Z.'’]+)*)"
    r"(?:\s*,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,3})?"
    rf"(?:\s*,\s*(?P<month>(?i:{_MONTH}))\.?\s+(?P<day>[0-3]?\d)(?![\d:,]))?\s*"
    r"(?:\([A-Z][\w.&' -]{0,30}\)\s*[-–—]+|--|—)\s"
)
# The day before the month, as Spanish, Portuguese and French wires write their datelines,
# always with the agency: "Panamá, 20 abr (EFE).-", "Washington, 20 avr 2022 (AFP) -".
_DATELINE_DAY_FIRST = re.compile(
    r"(?<![\w,])(?P<place>[A-ZÁÉÍÓÚÑ][\w.'’]*(?:[ \t]+[\w.'’]+){0,3})[ \t]*,[ \t]*"
    rf"(?P<day>[0-3]?\d)\s+(?P<month>(?i:{_MONTH}))\.?(?:\s+(?:19|20)\d\d)?\s*"
    r"\([A-Z][\w.&' -]{0,30}\)\s*\.?\s*[-–—]+"
)
#: How far into the text the story's dateline is looked for: after a headline, a standfirst
#: and a photo caption with its credit, which pages print above it.
DATELINE_REACH = 600


def find_dateline_day(text: str) -> tuple[int, int, str] | None:
    """The month and day of the story's dateline near the top of ``text`` when it gives one
    without its year ("REYKJAVIK, Iceland, Oct. 9 -- The bad news ..." → (10, 9)), with the
    dateline. The dateline is the day the story was filed from there: news is published that
    day or the next. Only the first dateline counts: one without a day (the story's own)
    can be followed by a second story's, dated days before."""
    top = text[:DATELINE_REACH]
    found = _DATELINE.search(top)
    day_first = _DATELINE_DAY_FIRST.search(top)
    if day_first is not None and (found is None or day_first.start() < found.start()):
        found = day_first
    if found is None or found.group("month") is None:
        return None
    month = _MONTHS.get(found.group("month").lower())
    day = int(found.group("day"))
    if month is None or _make_date(2000, month, day) is None:  # 2000: 29 February is a day
        return None
    return month, day, found.group(0).strip()


def is_date_line(line: str) -> bool:
    """Whether a line is a date line about the article rather than a line of its story: a
    "Published:" / "Updated" line with a full date, or a short line that is little more than a
    full date ("Wednesday, February 28, 2024 10:32 AM EST"). Bylines and datelines are not."""
    line = line.strip()
    if not line or len(line) > 160:
        return False
    if _BYLINE_MARKER.match(line):
        return False
    if _MARKER.match(line):
        return len(_WORD.findall(line)) <= 25 and any(True for _ in _dates_in(line))
    if _AGENCY_DATELINE.search(line[:100]):
        return False
    return any(True for _ in _short_date_line(line))


def parse_date(value: str) -> dt.date | None:
    """A date from a metadata value: ISO 8601 (date or date-time), RFC 2822 as feeds write it
    ("Wed, 28 Feb 2024 10:00:00 GMT"), or written out ("February 28, 2024", "28 Feb 2024")."""
    value = value.strip()
    if not value or len(value) > 200:
        return None
    iso = re.match(r"^((?:19|20|21)\d\d)-(\d\d)-(\d\d)(?:$|[T ]\d)", value)
    if iso:
        return _make_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is not None:
        return _make_date(parsed.year, parsed.month, parsed.day)
    for day, _ in _dates_in(value):
        return day
    return None


def candidate_from_metadata(
    value: str, provenance: CandidateProvenance, evidence: str
) -> DateCandidate | None:
    day = parse_date(value)
    if day is None:
        return None
    return DateCandidate(day, provenance, evidence)


def _top_lines(text: str, limit: int) -> Iterator[tuple[int, str]]:
    count = 0
    for number, line in enumerate(LINE_BREAK.split(text[:20000]), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        yield number, stripped
        count += 1
        if count >= limit:
            return


def _line_dates(line: str) -> Iterator[tuple[dt.date, str]]:
    quoted = line if len(line) <= 160 else line[:157] + "..."
    if _MARKER.match(line):
        # A byline run into the story ("By Jane Doe BBC News ... died on 25 June 2009") states
        # the page's date beside the marker, not a sentence later.
        beside = [
            day
            for day, (start, _end) in _dates_in(line[:200])
            if start <= MARKER_REACH
            or (len(line) <= 160 and not _STORY_LEAD.search(line[max(0, start - 30) : start]))
        ]
        if beside:
            yield from ((day, quoted) for day in beside)
            return
        # A long byline ("By A, B, C MOSCOW/WASHINGTON | Fri Jul 2, 2010 11:22 am EDT ...")
        # puts the page's stamp further on: a date with its clock time is still the page's.
    dateline = _AGENCY_DATELINE.search(line[:100])
    if dateline:
        head = line[: dateline.start()]
        for day, _span in _dates_in(head):
            yield day, quoted
        return
    short = list(_short_date_line(line)) if len(line) <= 160 else []
    if short:
        yield from ((day, quoted) for day in short)
        return
    for day in _timestamps(line[:TIMESTAMP_REACH]):
        yield day, _quote_around(line, day)


def _timestamps(text: str) -> Iterator[dt.date]:
    """Full dates printed with a clock time, either order ("10:32 AM ET, Feb 28, 2024"), or
    with the print page ("Thursday, October 23, 2008; Page A01")."""
    for day, (start, end) in _dates_in(text):
        if _STORY_LEAD.search(text[max(0, start - 30) : start]):
            continue
        after = text[end : end + 30]
        if (
            _CLOCK_AFTER.match(after)
            or _PAGE_AFTER.match(after)
            or _CLOCK_BEFORE.search(text[max(0, start - 30) : start])
        ):
            yield day


def _quote_around(line: str, day: dt.date) -> str:
    """The part of a long line that states ``day``, for the evidence."""
    for found, (start, end) in _dates_in(line[:TIMESTAMP_REACH]):
        if found == day:
            return ("..." if start > 40 else "") + line[max(0, start - 40) : end + 30] + "..."
    return line[:157] + "..."


def _short_date_line(line: str) -> Iterator[dt.date]:
    """The dates of a line that is little more than a date, or nothing."""
    found = list(_dates_in(line))
    if not found:
        return
    rest = line
    for _day, (start, end) in sorted(found, key=lambda item: -item[1][0]):
        rest = rest[:start] + " " + rest[end:]
    rest = _FILLER.sub(" ", rest)
    words = _WORD.findall(rest)
    if len(words) > 3:
        return
    if line.rstrip()[-1:] in ".!?" and any(w.islower() and len(w) >= 3 for w in words):
        return
    for day, _span in found:
        yield day


def _dates_in(text: str) -> Iterator[tuple[dt.date, tuple[int, int]]]:
    matches: list[tuple[int, int, dt.date]] = []
    for pattern in (_MDY, _DMY):
        for match in pattern.finditer(text):
            month = _MONTHS.get(match.group("month").lower())
            if month is None:
                continue
            day = _make_date(int(match.group("year")), month, int(match.group("day")))
            if day is not None:
                matches.append((match.start(), match.end(), day))
    for match in _ISO.finditer(text):
        day = _make_date(
            int(match.group("year")), int(match.group("month")), int(match.group("day"))
        )
        if day is not None:
            matches.append((match.start(), match.end(), day))
    for match in _SPACED_STAMP.finditer(text):
        day = _make_date(
            int(match.group("year")), int(match.group("month")), int(match.group("day"))
        )
        if day is not None:
            matches.append((match.start(), match.end(), day))
    for match in _NUMERIC.finditer(text):
        a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
        if a > 12 and b <= 12:
            day = _make_date(year, b, a)
        elif (b > 12 and a <= 12) or a == b:
            day = _make_date(year, a, b)
        else:
            day = None  # 03/04/2024: April 3 or March 4, cannot tell
        if day is not None:
            matches.append((match.start(), match.end(), day))
    matches.sort(key=lambda item: (item[0], -item[1]))
    last_end = -1
    for start, end, day in matches:
        if start < last_end:
            continue
        last_end = end
        yield day, (start, end)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
