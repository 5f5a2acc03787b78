"""The time-expression scan tries each pattern only where its gate says a match can start
(issue 7): it must find exactly what trying every pattern at every position finds, the
reference kept as ``_scan(text, gated=False)``."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse import timex
from storyline.analyse.timex_patterns import GATES, PATTERNS, UNGATED

from .strategies import joined_words

#: Words the patterns are made of, and words around them, to build texts from.
WORDS = (
    "a an one two three five ten twelve twenty twenty-four forty hundred thousand couple of "
    "few several number nineteen ninety-six two thousand and 5 12 3 30 1990 2009 2012 1/2 ½ "
    "1st 2nd 3rd 4th 20th 1990s '90s 90s ’80s eighties the this that its last next past "
    "previous coming following same fiscal current full year years month months week weeks "
    "weekend day days hour hours minute minutes second decade decades century centuries "
    "quarter quarters period half ago earlier from now hence more additional long-term "
    "year-long 10-year three-month year-earlier year-ago year-end end beginning middle of "
    "early late mid mid- morning afternoon evening night tonight today yesterday tomorrow "
    "noon midnight p.m. a.m. pm am o'clock at about around in on by since until for within "
    "over after before Monday Friday Sunday Saturday January March May June Sept. Sept Dec. "
    "Jan Nov. October spring summer fall winter Q3 Christmas Eve Easter Thanksgiving Day "
    "New Year's Valentine's Good Labor Election EST GMT each every per daily weekly annually "
    "recently currently nowadays these right soon as possible future near term short time "
    "being present later date while some long del al de en desde hasta enero mayo junio "
    "marzo lunes martes miércoles sábado domingo hoy ayer mañana pasado próximo semana mes "
    "año este la el rose percent million $ % said company it was 3. 1er März Mai juin mars "
    "août Juli gennaio maggio março junho im seit Anfang fin em a di Montag lundi martedì "
    "segunda-feira letzten dernier scorso passada heute aujourd'hui oggi ontem demain "
    "марта мае в прошлый понедельник среду сегодня marca maju w zeszły środę dzisiaj Mart "
    "Mayıs dün 年 月 日 星期二 周三 火曜日 昨天 今日"
).split()
SEPARATORS = (" ", " ", " ", "  ", "\n", "-", ", ", ". ", "'s ", "’s ", "", "/", " (", ") ")


def texts() -> st.SearchStrategy[str]:
    return joined_words(
        WORDS, SEPARATORS, cases=(str, str, str.lower, str.upper, str.title), max_words=40
    )


@settings(max_examples=150, deadline=None)
@given(texts())
def test_the_gated_scan_finds_what_the_full_scan_finds(text: str) -> None:
    assert timex._scan(text) == timex._scan(text, gated=False)


@settings(max_examples=150, deadline=None)
@given(texts())
def test_no_gate_holds_back_a_position_where_its_pattern_matches(text: str) -> None:
    """Stronger than the scans agreeing: at every position, not only the ones a left-to-right
    scan comes to, a pattern that matches there is tried there."""
    starts = timex._Starts(text)
    for (kind, pattern), gate in zip(PATTERNS, GATES, strict=True):
        allowed = set(starts.starts(gate))
        for position in range(len(text)):
            if pattern.match(text, position):
                assert position in allowed, (kind, position, text[position : position + 30])


#: The patterns Hypothesis can write matches of (not those that open with a lookbehind).
WRITABLE = [
    (kind, pattern, gate)
    for (kind, pattern), gate in zip(PATTERNS, GATES, strict=True)
    if kind not in ("month", "es_month", "eu_month", "vague_duration")
]


@pytest.mark.parametrize("index", range(len(WRITABLE)), ids=[k for k, _, _ in WRITABLE])
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_every_alternative_of_every_pattern_passes_its_gate(
    index: int, data: st.DataObject
) -> None:
    """Strings the pattern matches whole (any case, any Unicode space or digit it allows),
    with words around them: at every position where the pattern matches, its gate lets it be
    tried."""
    kind, pattern, gate = WRITABLE[index]
    before = data.draw(st.sampled_from(("", "In ", "for ", "the ", "(", "said ", "x", "5 ", "-")))
    after = data.draw(st.sampled_from(("", ".", " ago", "s", " of", " 2010", " year", "x")))
    text = before + data.draw(st.from_regex(pattern, fullmatch=True)) + after
    if UNGATED.search(text):
        return  # scanned whole, not gated
    allowed = set(timex._Starts(text).starts(gate))
    for position in range(len(text)):
        if pattern.match(text, position):
            assert position in allowed, (kind, position, text[position : position + 30])


def test_known_expressions_are_found_with_their_extents_and_kinds() -> None:
    text = (
        "Two years ago, on Friday, Oct. 13, at 10 p.m. the company said third-quarter profit "
        "rose; a year earlier it fell for five consecutive months. In the 1990s, and again "
        "last summer, a 10-year plan ran until mid-November 2012. Sales rise 8% annually."
    )
    found = [(text[h.start : h.end], h.kind) for h in timex._scan(text)]
    assert found == [
        ("Two years ago", "ago"),
        ("Friday, Oct. 13, at 10 p.m.", "clock"),
        ("third-quarter", "quarter"),
        ("a year earlier", "shifted"),
        ("five consecutive months", "duration"),
        ("the 1990s", "decade"),
        ("last summer", "season"),
        ("10-year", "duration_adj"),
        ("mid-November 2012", "month_year"),
    ]
    assert timex._scan(text) == timex._scan(text, gated=False)


def test_a_text_with_a_character_that_folds_to_an_ascii_letter_is_scanned_whole() -> None:
    """'ı', 'ſ', 'K' (Kelvin) and 'İ' match ASCII letters under re.IGNORECASE though their
    lower case is not that letter: the gates, read on the lower-cased text, could miss them."""
    text = "Kılıçdaroğlu spoke two dayſ ago, on Monday."
    assert UNGATED.search(text)
    assert timex._scan(text) == timex._scan(text, gated=False)
    assert [h.kind for h in timex._scan(text)] == ["ago", "weekday"]


def test_ungated_holds_every_character_that_ignorecase_takes_for_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    folding = {
        c for c in map(chr, range(0x80, 0x3000)) if letter.fullmatch(c) or len(c.lower()) != 1
    } | {chr(0x212A)}
    assert all(UNGATED.fullmatch(c) for c in folding)
    assert folding == set("\u0130\u0131\u017f\u212a")


def test_no_pattern_can_match_nothing() -> None:
    """An empty match would make ``finditer`` step on where the gated scan would not."""
    for kind, pattern in PATTERNS:
        assert re._parser.parse(pattern.pattern, pattern.flags).getwidth()[0] > 0, kind  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["YARIN toplantı var.", "yarIn", "Toplantı SALI günü."])
def test_regression_a_turkish_word_in_capitals_passes_its_gate(text: str) -> None:
    """A pattern's dotless "ı" ("yarın", "salı") matches "I" and "i" under re.IGNORECASE,
    which the lower-cased text the gates read holds as "i": Hypothesis found "yarIn" matched
    and never tried."""
    starts = timex._Starts(text)
    for (kind, pattern), gate in zip(PATTERNS, GATES, strict=True):
        allowed = set(starts.starts(gate))
        for position in range(len(text)):
            if pattern.match(text, position):
                assert position in allowed, (kind, text[position:])
