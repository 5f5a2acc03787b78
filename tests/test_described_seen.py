"""analyse/described_seen: the walk back over the described sources a reader noted gives what
a walk over every one of them gives (those that may start at the floor or after, last noted
first, less the wording asked to pass over), whatever the order they were noted in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.described_seen import DescribedSeen

_NOTED = st.lists(
    st.tuples(st.integers(0, 60), st.sampled_from(["the official", "The Official", "a source"])),
    max_size=40,
)


@given(_NOTED, st.integers(-1, 70), st.sampled_from(["", "the official", "a source"]))
def test_the_walk_back_is_the_walk_over_all(
    noted: list[tuple[int, str]], floor: int, other_than: str
) -> None:
    seen = DescribedSeen()
    for start, wording in noted:
        seen.add(start, start + len(wording), wording, False)
    walked = [e for e in seen.back_to(floor, other_than) if e[0] >= floor]
    every = [
        (start, start + len(wording), wording, False)
        for start, wording in reversed(noted)
        if start >= floor and wording.lower() != other_than
    ]
    assert walked == every
