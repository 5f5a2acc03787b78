"""Stamps a page prints of its own life anywhere in its text: the days it was up by.

A blog prints its post's stamp below the post's title and its author's note ("Posted by Fareed
Zakaria on October 12, 2008 7:51 PM"), and a news page its readers' comments under the story,
each with a header that dates it ("Posted by: daddio | May 28, 2009 7:15 PM", "At 00:45 am on
16 Jun 2010, jdd535 wrote:"). Neither is near the top, where a page's own date is read
(``textdate.find_text_dates``), and cleaning cuts the comments from the article
(``clean.comment_headers``): they are read from the page as it came. The page was up by the
earliest of them: a post's stamp is its day, and readers comment within days (on Timeline17
the earliest stamp was the page's day on 32 of 34 pages, a day or two after on the others).
"""

from __future__ import annotations

import datetime as dt
import re

from storyline.ingest.clean import comment_headers
from storyline.ingest.textdate import day_with_clock, first_full_date

#: A post's own stamp: its author's name, then " on ", the full date and the clock after it
#: (:func:`textdate.day_with_clock`). Without the clock, "posted by the group on June 3" is
#: any story's sentence.
_POST_STAMP = re.compile(r"\bPosted\s+by\s+[^|\n:]{1,60}?\s+on\s+(?=\S)")
#: How much of the text after a stamp's start the evidence quotes.
_QUOTED = 80


def find_posted_stamps(text: str) -> list[tuple[dt.date, str]]:
    """Days a post's stamp or a reader's comment's header in ``text`` says, earliest first,
    each with the evidence (the stamp as the text has it)."""
    stamps: list[tuple[dt.date, str]] = []
    for match in _POST_STAMP.finditer(text):
        day = day_with_clock(text[match.end() : match.end() + 60])
        if day is not None:
            stamps.append((day, _quoted(text, match.start())))
    for header in comment_headers(text):
        day = first_full_date(header.group(0))
        if day is not None:
            stamps.append((day, _quoted(text, header.start())))
    return sorted(stamps, key=lambda stamp: stamp[0])


def _quoted(text: str, start: int) -> str:
    said = text[start : start + _QUOTED].split("\n", 1)[0].strip()
    return f'"{said}..."'
