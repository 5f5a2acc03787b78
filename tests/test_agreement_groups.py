"""Figures are grouped by quantity weighing only groups of the same unit and a close head
word; the result is what trying every group gave (regression: quadratic on large stories)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.models import DateInterval, Figure, Happening, Report
from storyline.tell import agreement


def _figure(article: str, start: int, value: float, counted: str, unit: str = "") -> Figure:
    return Figure(
        article_id=article,
        start=start,
        end=start + 5,
        text=f"{value} {counted}",
        value=value,
        modifier="",
        unit=unit,
        counted=counted,
        time="",
        place="",
        sentence=0,
    )


def _every_group(figures: list[Figure]) -> list[list[Figure]]:
    groups: list[list[Figure]] = []
    for figure in figures:
        for group in groups:
            if agreement._same_quantity(group[0], figure):
                group.append(figure)
                break
        else:
            groups.append([figure])
    return groups


def test_grouping_matches_trying_every_group() -> None:
    figures = [
        _figure("a", 0, 11_000, "people apprehended at the border"),
        _figure("a", 10, 300, "barrels of oil", "USD"),
        _figure("b", 0, 11_500, "people apprehended at the border"),
        _figure("b", 10, 12_000, "peoples apprehended at the border"),
        _figure("c", 0, 310, "barrels of oil", "USD"),
        _figure("c", 10, 5, ""),
        _figure("d", 0, 10_900, "persons apprehended at the border"),
        _figure("d", 10, 40, "people killed in the blast"),
        _figure("e", 0, 42, "people killed in the blast"),
    ]
    assert agreement._quantity_groups(figures) == _every_group(figures)
    sizes = sorted(len(g) for g in agreement._quantity_groups(figures))
    assert sizes[-1] >= 2


_COUNTED = st.sampled_from(
    [
        "people killed",
        "peoples killed",
        "persons killed",
        "barrels of oil",
        "barrel of oil",
        "",
        "jobs",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("abcde"),
            st.sampled_from([1.0, 1.2, 2.0, 100.0, 140.0]),
            _COUNTED,
            st.sampled_from(["", "USD"]),
        ),
        max_size=30,
    )
)
def test_grouping_matches_trying_every_group_on_any_figures(
    rows: list[tuple[str, float, str, str]],
) -> None:
    figures = [_figure(a, n, v, c, u) for n, (a, v, c, u) in enumerate(rows)]
    assert agreement._quantity_groups(figures) == _every_group(figures)


def _scan_for_happening(happenings: list[Happening], article_id: str, sentence: int) -> str:
    """What a discrepancy's happening was before: the first of the story's happenings that
    reports in that sentence (a scan per discrepancy)."""
    for h in happenings:
        if any(r.article_id == article_id and r.sentence == sentence for r in h.reports):
            return h.id
    return ""


_REPORT_KEYS = st.tuples(st.sampled_from("abc"), st.integers(0, 4))


@settings(max_examples=200)
@given(
    st.lists(st.lists(_REPORT_KEYS, max_size=5), max_size=8),
    st.lists(_REPORT_KEYS, min_size=1, max_size=10),
)
def test_each_sentences_happening_is_the_first_a_scan_finds(
    reported: list[list[tuple[str, int]]], asked: list[tuple[str, int]]
) -> None:
    # Regression: the scan per discrepancy was most of the timelines stage on the whole of
    # Timeline17; the lookup must name the same happening, or none.
    day = DateInterval(dt.date(2010, 5, 1), dt.date(2010, 5, 1))
    happenings = [
        Happening(
            id=f"h{i}",
            date=day,
            status="happened",
            title="",
            reports=tuple(Report(a, s, 0, 1, "x") for a, s in keys),
        )
        for i, keys in enumerate(reported)
    ]
    happening_of = agreement._first_happening_of(happenings)
    for article_id, sentence in asked:
        expected = _scan_for_happening(happenings, article_id, sentence)
        assert happening_of.get((article_id, sentence), "") == expected
