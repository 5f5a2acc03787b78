"""The clause tense reads faster than it was written first and must read the same: the cue
patterns turn away the end of a word at once and try the Spanish future ending only at a
word's start, the "be" before a participle is searched up to the participle instead of in a
copy of the text before it, and the answers are kept for the time-expression stage, which asks
again what the dating stage asked."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse import tense

from .strategies import joined_words


def _without(pattern: re.Pattern[str], *shortcuts: tuple[str, str]) -> re.Pattern[str]:
    """``pattern`` as it was written before the ``shortcuts`` (each a (now, before) pair)."""
    source = pattern.pattern
    for now, before in shortcuts:
        assert now in source
        source = source.replace(now, before)
    return re.compile(source, pattern.flags)


#: The patterns as first written: no lookahead turning away the end of a word, and the Spanish
#: future ending tried at every letter.
_PLAIN_FUTURE = _without(
    tense._FUTURE,
    (r"\b(?=[\w'])(?:will|", r"\b(?:will|"),
    (r"|\b\w+(?:rá|rán)\b", r"|\w+(?:rá|rán)\b"),
)
_PLAIN_PAST = _without(
    tense._PAST,
    (r"\b(?=\w)(?:was|", r"\b(?:was|"),
    (r"\b(?=\w)(?:\w+(?:ó|", r"\b(?:\w+(?:ó|"),
)

WORDS = (
    "will won't 'll shall going to is set to are expected to plans to was scheduled had been "
    "scheduled to expire decided to as soon as next to next coming from coming upcoming would "
    "to be se celebrará va a van a próximo próximas celebrará habrá tendrán será serán "
    "estará drá rá rán arán Rán Será ERÁ _será será_ 3rá xrán said says told reporters "
    "announced was were had ago last earlier became fell wrote united expected needed "
    "walked be highlighted be be  decidió firmaron pasado ayer on Friday Monday June in "
    "the talks meeting leaders Blinken, but while when after before ; : — –"
).split()
SEPARATORS = (" ", " ", "  ", "\n", "-", ", ", ". ", "'", "’s ", "", "_", "á", "3", "(")


def sentences() -> st.SearchStrategy[str]:
    return joined_words(
        WORDS, SEPARATORS, cases=(str, str, str.lower, str.upper, str.title), max_words=30
    )


@settings(max_examples=300, deadline=None)
@given(sentences())
def test_the_cue_patterns_find_what_they_found_as_first_written(text: str) -> None:
    for fast, plain in ((tense._FUTURE, _PLAIN_FUTURE), (tense._PAST, _PLAIN_PAST)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="be \t\n\u00a0xa-_", max_size=20), st.data())
def test_be_before_searched_up_to_an_offset_is_searched_in_the_slice(
    text: str, data: st.DataObject
) -> None:
    end = data.draw(st.integers(0, len(text)))
    plain = re.search(r"\bbe\s+$", text[:end])
    fast = tense._BE_BEFORE.search(text, 0, end)
    assert (plain and plain.span()) == (fast and fast.span())


@settings(max_examples=200, deadline=None)
@given(sentences(), st.data())
def test_the_kept_tense_is_the_tense_read_afresh(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    fresh = tense.clause_tense.__wrapped__(text, start, end)
    assert tense.clause_tense(text, start, end) == fresh
    assert tense.clause_tense(text, start, end) == fresh  # from the cache this time
