"""A person's name at a phrase's start, or after a lead word ("the", "el") and white space, is
found among the occurrences from there on, not by matching the lead before every occurrence
of the page (regression: that was a regex match per occurrence per phrase, 2 CPU-s of
Timeline17's build). A name's person is found by looking up the words after its spaces among
the article's full names, not by comparing it with each of them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse.speakers import _LEAD, SpeakerIndex, _FullNames
from storyline.models import Mention

_PIECES = [
    "the",
    "theAna Lee",
    "el",
    "la",
    "The",
    " ",
    "  ",
    "\n",
    "Ana Lee",
    "Lee",
    "said",
    ",",
    "x",
]


def _index(text: str) -> SpeakerIndex:
    mentions = [
        Mention("a", m.start(), m.end(), m.group(), "PERSON", 0)
        for m in re.finditer("Ana Lee", text)
    ]
    return SpeakerIndex(text, mentions, [(0, len(text))], [0])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join), st.data())
def test_the_person_a_phrase_starts_with_is_the_first_after_its_lead(
    text: str, data: st.DataObject
) -> None:
    index = _index(text)
    asked = data.draw(st.integers(0, len(text)))
    start = len(text) - len(text[asked:].lstrip())  # a phrase starts after white space
    # What was asked of every occurrence: named at the start, or only a lead word and white
    # space before it.
    expected = next(
        (
            (s, e)
            for s, e, _ in index.occurrences
            if e > s
            and (s == start or (s > start and _LEAD.fullmatch(text, start, s) is not None))
            and not index._head_follows(e)
        ),
        None,
    )
    found = index.phrase_after(asked, len(text))
    if expected is not None:
        assert found is not None and found.kind == "person"
        assert (found.start, found.end) == expected
    else:
        assert found is None or found.kind != "person"


def test_a_name_after_the_and_several_spaces_is_the_phrase() -> None:
    text = "said the  \n Ana Lee, and Ana Lee left"
    found = _index(text).phrase_after(4, len(text))
    assert found is not None and found.kind == "person"
    assert text[found.start : found.end] == "Ana Lee" and found.start == 12


_NAME_WORDS = ["Ana", "Lee", "Smith", "Ana Lee", "de la Cruz", "Cruz"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=3).map(" ".join)),
    st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=3).map(" ".join),
)
def test_the_full_name_related_to_a_surface_is_the_first_compared(
    names: list[str], surface: str
) -> None:
    full_names = sorted(dict.fromkeys(n for n in names if " " in n), key=len, reverse=True)
    expected = next(
        (
            n
            for n in full_names
            if n == surface or n.endswith(" " + surface) or surface.endswith(" " + n)
        ),
        None,
    )
    assert _FullNames(full_names).first_related(surface) == expected
