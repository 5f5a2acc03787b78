"""The number pattern looks at the first character before it tries its alternatives: it must
find exactly what it finds without that look."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse import figures

from .strategies import joined_words

_LOOK = "(?=[\\d." + figures._NUMBER_FIRSTS + "])\n"
assert _LOOK in figures._NUMBER.pattern
#: The pattern without the look at the first character.
_PLAIN_NUMBER = re.compile(figures._NUMBER.pattern.replace(_LOOK, "", 1), figures._NUMBER.flags)

WORDS = (
    "a an one two three four five eleven twelve twenty forty-five ninety zero half dozen dozens "
    "scores several few tens hundreds hundred thousands thousand millions million billions "
    "billion trillion of the their third quarter thirds 1 12 1,200 3.5 .5 0.25 1,000,000 2bn "
    "4m 5 k 3tn 7mln km ft mph people Said THE Half A An ONE ſeven ſix Kelvin İ ı ½ ٣ ١٢"
).split()


def texts() -> st.SearchStrategy[str]:
    return joined_words(
        WORDS,
        (" ", " ", "  ", "\n", "-", ", ", ".", ",", "", "$"),
        cases=(str, str, str.capitalize, str.upper),
        max_words=30,
    )


@settings(max_examples=300, deadline=None)
@given(texts())
def test_the_number_pattern_finds_what_it_finds_without_the_first_look(text: str) -> None:
    fast = [(m.span(), m.groupdict()) for m in figures._NUMBER.finditer(text)]
    assert fast == [(m.span(), m.groupdict()) for m in _PLAIN_NUMBER.finditer(text)]
