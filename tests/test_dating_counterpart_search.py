"""The search for a yearless month's dated counterpart, over arrays and stopping once no report
can win, picks what a pass over every report in list order picks: property test on random
reports with tied cosines and shared names."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.link import dating
from storyline.models import Article, TimeMention

_NAMES = ["mexico", "panama", "darien", "un", "senate"]


def _plainly(
    index: Any, article: Article, mention: TimeMention, mine: np.ndarray, names: Any
) -> tuple[dt.date, str, str] | None:
    """The search as a pass over every report of the month, in list order."""
    found = dating.YEARLESS.fullmatch(mention.value)
    assert found is not None
    month, day = int(found.group(1)), int(found.group(2)) if found.group(2) else None
    cosines = index.vectors[month] @ mine
    my_names = names(article.id, mention.sentence)
    best: tuple[float, dt.date, str, str] | None = None
    for position in np.flatnonzero(cosines >= dating.SIMILAR_COSINE_WITH_NAME):
        report = index.entries[month][position]
        if report.article_id == article.id:
            continue
        if day is not None and report.day and report.day != day:
            continue
        cosine = float(cosines[position])
        shared = my_names & names(report.article_id, report.sentence)
        if cosine < dating.SIMILAR_COSINE and not shared:
            continue
        year = report.start.year
        target = dt.date(year, month, day or 1)
        if day is None and mention.tense == "future":
            target = dating._month_end(year, month)
        score = cosine + 0.2 * len(shared)
        if best is None or score > best[0]:
            best = (score, target, report.article_id, report.text)
    return None if best is None else best[1:]


_report = st.tuples(
    st.sampled_from(["me", "a", "b", "c"]),  # the article reporting it ("me": the same one)
    st.integers(0, 3),  # its direction: few distinct ones, so cosines tie
    st.integers(2008, 2012),  # year
    st.one_of(st.none(), st.integers(1, 28)),  # day, or the month as a whole
    st.frozensets(st.sampled_from(_NAMES), max_size=3),  # names in its sentence
)


@settings(max_examples=300, deadline=None)
@given(
    reports=st.lists(_report, min_size=1, max_size=25),
    my_direction=st.integers(0, 3),
    my_day=st.one_of(st.none(), st.integers(1, 28)),
    my_names=st.frozensets(st.sampled_from(_NAMES), max_size=3),
    tense=st.sampled_from(["past", "future", ""]),
)
def test_counterpart_search_picks_what_a_pass_in_list_order_picks(
    reports: list[tuple[str, int, int, int | None, frozenset[str]]],
    my_direction: int,
    my_day: int | None,
    my_names: frozenset[str],
    tense: str,
) -> None:
    rng = np.random.default_rng(7)
    directions = rng.normal(size=(4, 8)).astype(np.float32)
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    directions[1] = directions[0]  # an exact tie between two directions
    month = 6
    entries = []
    sentence_names: dict[tuple[str, int], set[str]] = {("me", 0): set(my_names)}
    for position, (article_id, _direction, year, day, names) in enumerate(reports):
        start = dt.date(year, month, day or 1)
        entries.append(
            dating.MonthReport(
                article_id, start, day or 0, f"r{position}", position, f"s{position}", names
            )
        )
        sentence_names[(article_id, position)] = set(names)
    vectors = np.vstack([directions[direction] for _, direction, *_ in reports])
    index = dating._MonthIndex(
        {month: entries},
        {month: vectors},
        {month: np.array([r.article_id for r in entries], dtype=object)},
        {month: np.array([r.day for r in entries])},
    )
    article = Article(id="me", source="me", text="In June ...", language="en")
    value = "XXXX-06" if my_day is None else f"XXXX-06-{my_day:02d}"
    mention = TimeMention("me", 3, 7, "June", "DATE", value, 0, None, tense)
    mine = directions[my_direction]
    corpus = SimpleNamespace(
        sentences={"me": [object()]}, sentence_vector=lambda _article, _sentence: mine
    )

    def names(article_id: str, sentence: int) -> set[str]:
        return sentence_names.get((article_id, sentence), set())

    expected = _plainly(index, article, mention, mine, names)
    assert dating._dated_counterpart(corpus, index, article, mention, names) == expected  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    whole_month=st.booleans(),
    text=st.text(max_size=30),
    sentence=st.integers(0, 500),
    said=st.text(max_size=200),
    names=st.frozensets(st.text(max_size=12), max_size=4),
)
def test_a_month_report_kept_in_a_dating_row_reads_back_the_same(
    day: dt.date, whole_month: bool, text: str, sentence: int, said: str, names: frozenset[str]
) -> None:
    """A month report as an article's ``dating`` row keeps it (JSON) reads back as it was,
    and its month is found from the kept day without reading the rest."""
    import json

    start = day.replace(day=1) if whole_month else day
    report = dating.MonthReport(
        "a", start, 0 if whole_month else day.day, text, sentence, said, names
    )
    kept = json.loads(json.dumps(report.kept()))
    assert dating.MonthReport.from_kept("a", kept) == report
    assert int(kept[0][5:7]) == report.start.month
