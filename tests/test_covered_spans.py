"""Which names overlap a taken name is asked of the characters taken names cover: the same
answers as comparing with every taken span (regression: that comparison was quadratic, seconds
per live blog naming hundreds of people)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.covered import Covered

_SPAN = st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(_SPAN, max_size=12), st.lists(_SPAN, min_size=1, max_size=12))
def test_a_span_overlaps_the_covered_characters_as_it_overlaps_some_span(
    taken: list[tuple[int, int]], asked: list[tuple[int, int]]
) -> None:
    covered = Covered(80)
    for start, end in taken:
        covered.add(start, end)
    for start, end in asked:
        expected = any(start < te and ts < end for ts, te in taken)
        assert covered.overlaps(start, end) == expected
        # and as names are taken one by one, each added after the question
        if not expected:
            covered.add(start, end)
            taken.append((start, end))
