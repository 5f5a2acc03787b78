"""The one timeline drawing shared by the report's strip and the web app's timeline."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from storyline.tell.timeline_layout import Point, lay_out

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def points(draw: st.DrawFn) -> Point:
    start = draw(days)
    length = draw(st.integers(0, 400))
    end = min(start + dt.timedelta(days=length), dt.date(2100, 12, 31))
    best = draw(st.one_of(st.none(), days))
    return Point(
        href=f"#e{draw(st.integers(0, 10**6))}",
        status=draw(st.sampled_from(["happened", "ongoing", "planned"])),
        start=start,
        end=end,
        best=best,
        independent=draw(st.integers(0, 30)),
        uncertain=draw(st.booleans()),
        date_label=start.isoformat(),
        summary=draw(st.text(max_size=300)),
    )


@given(st.lists(points(), min_size=1, max_size=25))
def test_the_whole_story_shows_every_entry_inside_the_plot(pts: list[Point]) -> None:
    layout = lay_out(pts)
    assert layout is not None
    assert layout.is_whole and layout.hidden == 0 and len(layout.items) == len(pts)
    for item in layout.items:
        assert layout.left <= item.x0 < item.x1 <= layout.right + 0.1
        assert layout.left <= item.cx <= layout.right + 0.1
        assert len(item.title) < 400
    # Bigger circles are drawn first so that smaller ones stay on top.
    radii = [i.r for i in layout.items]
    assert radii == sorted(radii, reverse=True)
    assert 1 <= len(layout.ticks) <= 14
    assert all(layout.left <= t.x <= layout.right and t.first <= t.last for t in layout.ticks)


def test_a_window_hides_what_lies_outside_it_and_counts_it() -> None:
    def point(day: dt.date) -> Point:
        return Point("#x", "happened", day, day, None, 1, False, "", "")

    pts = [point(dt.date(2020, 1, 1)), point(dt.date(2020, 6, 1)), point(dt.date(2023, 1, 1))]
    layout = lay_out(pts, dt.date(2020, 5, 1), dt.date(2020, 7, 1))
    assert layout is not None and not layout.is_whole
    assert layout.hidden == 2 and len(layout.items) == 1
    assert all(t.label[:3].isalpha() for t in layout.ticks)  # months, not years


def test_nothing_dated_draws_nothing() -> None:
    assert lay_out([]) is None
