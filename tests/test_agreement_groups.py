"""Figures are grouped by quantity weighing only groups of the same unit and a close head
word; the result is what trying every group gave (regression: quadratic on large stories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse.sentences import split_sentences
from storyline.models import (
    Article,
    DateInterval,
    Discrepancy,
    Entity,
    Figure,
    Happening,
    NameVariant,
    PublicationDate,
    Report,
    Story,
)
from storyline.tell import agreement

from .small_corpus import small_corpus


def _figure(
    article: str, start: int, value: float, counted: str, unit: str = "", time: str = ""
) -> Figure:
    return Figure(
        article_id=article,
        start=start,
        end=start + 5,
        text=f"{value} {counted}",
        value=value,
        modifier="",
        unit=unit,
        counted=counted,
        time=time,
        place="",
        sentence=0,
    )


_DAY = dt.date(2010, 5, 3)
#: Publication dates: unknown, two days, and a span holding the first.
_PUBLISHED = {
    "none": PublicationDate(None, "unknown"),
    "day": PublicationDate(DateInterval.day(_DAY), "sidecar"),
    "next": PublicationDate(DateInterval.day(_DAY + dt.timedelta(days=1)), "sidecar"),
    "span": PublicationDate(
        DateInterval(_DAY - dt.timedelta(days=3), _DAY + dt.timedelta(days=3), "day", _DAY),
        "inferred",
    ),
}


def _related(published: dict[str, str]) -> agreement._SameReport:
    """The grouping's test of two figures over articles published as given (a key of
    ``_PUBLISHED``), every figure's sentence reporting one happening (so that the sentences'
    vectors are not asked for)."""
    corpus = small_corpus({a: ("Officials said.", _PUBLISHED[p]) for a, p in published.items()})
    return agreement._SameReport(corpus, {(a, 0): "h" for a in published})


def _every_group(figures: list[Figure], related: agreement._SameReport) -> list[list[Figure]]:
    groups: list[list[Figure]] = []
    for figure in figures:
        for group in groups:
            if related.joins(group[0], figure):
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
    related = _related(dict.fromkeys("abcde", "none"))
    assert agreement._quantity_groups(figures, related) == _every_group(figures, related)
    sizes = sorted(len(g) for g in agreement._quantity_groups(figures, related))
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
            st.sampled_from([0.0, 1.0, 1.2, 2.0, 100.0, 140.0]),
            _COUNTED,
            st.sampled_from(["", "USD"]),
            st.sampled_from(["", "", "2010-05", "2010-05-03", "2009"]),
        ),
        max_size=30,
    ),
    st.fixed_dictionaries({a: st.sampled_from(sorted(_PUBLISHED)) for a in "abcde"}),
)
def test_grouping_matches_trying_every_group_on_any_figures(
    rows: list[tuple[str, float, str, str, str]], published: dict[str, str]
) -> None:
    # Also the figures as of their articles' days, which look only among groups of that day,
    # and values the groups' first values rule out before the slower tests.
    figures = [_figure(a, n, v, c, u, t) for n, (a, v, c, u, t) in enumerate(rows)]
    related = _related(published)
    assert agreement._quantity_groups(figures, related) == _every_group(figures, related)


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


# -- name variants: a story reads the pairs of its own articles --------------------------------

_NAME_POOL = ["Obama", "Obamma", "Mubarak", "Moubarak", "Cairo", "Kairo", "Assad", "al-Assad"]
_ARTICLE_IDS = ["a", "b", "c", "d", "e"]


def _names_by_scan(corpus: Any, story: Story, entities: list[Entity]) -> list[Discrepancy]:
    """The names' discrepancies as every entity of the corpus, read for each story, gave."""
    in_story = set(story.article_ids)
    found = []
    seen: set[frozenset[str]] = set()
    for entity in entities:
        for variant in entity.variants:
            pair = frozenset({entity.name, variant.name})
            if pair in seen:
                continue
            seen.add(pair)
            a_articles = tuple(a for a in entity.articles if a in in_story)
            b_articles = tuple(a for a in variant.articles if a in in_story)
            if a_articles and b_articles:
                first, second = (entity.name, a_articles), (variant.name, b_articles)
                found.append(agreement._name_discrepancy(corpus, story, first, second, {}))
    return found


_ARTICLE_SETS = st.lists(st.sampled_from(_ARTICLE_IDS), max_size=4, unique=True).map(tuple)
_VARIANTS = st.lists(
    st.builds(NameVariant, st.sampled_from(_NAME_POOL), _ARTICLE_SETS, st.just(0.9)), max_size=3
).map(tuple)
_ENTITIES = st.lists(
    st.builds(
        Entity,
        id=st.sampled_from(["e1", "e2", "e3", "e4"]),
        name=st.sampled_from(_NAME_POOL),
        type=st.just("PERSON"),
        variants=_VARIANTS,
        articles=_ARTICLE_SETS,
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(entities=_ENTITIES, stories=st.lists(_ARTICLE_SETS, min_size=1, max_size=4))
def test_a_storys_name_variants_are_those_reading_every_entity_finds(
    entities: list[Entity], stories: list[tuple[str, ...]]
) -> None:
    from storyline.link.corpus import Corpus

    text = " ".join(_NAME_POOL) + "."
    corpus = Corpus(
        {a: Article(id=a, source=a, text=text) for a in _ARTICLE_IDS},
        {a: split_sentences(a, text) for a in _ARTICLE_IDS},
        {},
        {},
        {},
        {},
    )
    pairs = agreement.name_pairs(entities)
    for n, article_ids in enumerate(stories):
        story = Story(f"s{n}", "", (), article_ids)
        assert agreement._names(corpus, story, pairs, {}) == _names_by_scan(corpus, story, entities)
