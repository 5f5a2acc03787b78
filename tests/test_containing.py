"""analyse/containing: the spans found to contain a stretch are those a walk over every span
finds, in any order given, last starting first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.containing import Containing

_SPANS = st.lists(
    st.tuples(st.integers(0, 50), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=30,
)


@given(_SPANS, st.integers(-5, 60), st.integers(-5, 60))
def test_the_spans_containing_a_stretch_are_those_a_walk_over_all_finds(
    spans: list[tuple[int, int]], start: int, end: int
) -> None:
    found = Containing((s, e, i) for i, (s, e) in enumerate(spans))
    every = [i for i, (s, e) in enumerate(spans) if s <= start and e >= end]
    assert sorted(found.all(start, end)) == every
    assert found.any(start, end) == bool(every)
    starts = [spans[i][0] for i in found.all(start, end)]
    assert starts == sorted(starts, reverse=True)
