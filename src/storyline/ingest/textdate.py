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
_WORD = re.compile(r"[^\W\d_]+")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def find_text_dates(text: str, *, top_lines: int = TOP_LINES) -> list[DateCandidate]:
    """Full dates stated on the first ``top_lines`` non-blank lines of ``text``, publication
    dates before update dates; each with the line (numbered from 1 in ``text``) it was read
    from."""
    published: list[DateCandidate] = []
    updated: list[DateCandidate] = []
    seen: set[dt.date] = set()
    for number, line in _top_lines(text, top_lines):
        for day, quoted in _line_dates(line):
            if day in seen:
                continue
            seen.add(day)
            evidence = f'text line {number}: "{quoted}"'
            candidate = DateCandidate(day, "text", evidence)
            (updated if _UPDATED.search(line) else published).append(candidate)
    return published + updated


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
    for number, line in enumerate(_LINE_BREAK.split(text[:20000]), start=1):
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
        for day, _span in _dates_in(line[:200]):
            yield day, quoted
        return
    dateline = _AGENCY_DATELINE.search(line[:100])
    if dateline:
        head = line[: dateline.start()]
        for day, _span in _dates_in(head):
            yield day, quoted
        return
    if len(line) > 160:
        return
    yield from ((day, quoted) for day in _short_date_line(line))


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
