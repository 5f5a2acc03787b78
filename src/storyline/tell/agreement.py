"""Where sources agree and where they do not: figures, dates and names.

- figures: the same quantity (alike counted thing, same unit, compatible time, in sentences
  that report the same thing, as of the same day) reported by different articles; equal
  values agree, values within a rounding tolerance (or one hedged by "more than", "nearly",
  ...) are rounding, others contradict;
- dates: one happening that sources put on days that cannot both be true
  (:mod:`storyline.tell.date_agreement`);
- names: entities flagged as spelling variants of each other.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz, process

from storyline.analyse.numbers import figure_phrase
from storyline.models import (
    Citation,
    Discrepancy,
    DiscrepancySide,
    Duplicate,
    Entity,
    Figure,
    Happening,
    NameVariant,
    Story,
)
from storyline.tell.date_agreement import date_conflicts

Verdict = Literal["agree", "rounding", "contradiction"]
ROUNDING = 0.05
#: Sentence cosine from which two figures' sentences say the same thing (see ``_SameReport``;
#: on Timeline17 the contradictions below it were mostly numbers of different things).
FIGURE_CONTEXT_COSINE = 0.6
HEDGES = frozenset(
    {
        "more than",
        "over",
        "nearly",
        "almost",
        "about",
        "around",
        "roughly",
        "at least",
        "some",
        "up to",
        "fewer than",
        "less than",
        "approximately",
    }
)

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus


def find_discrepancies(
    corpus: Corpus,
    story: Story,
    happenings: list[Happening],
    entities: list[Entity],
    duplicates: list[Duplicate],
    pairs: NamePairs | None = None,
) -> list[Discrepancy]:
    """The story's discrepancies. ``pairs``: :func:`name_pairs` of ``entities``, when the
    caller tells many stories with the same entities (made here otherwise)."""
    in_story = set(story.article_ids)
    story_happenings = [h for h in happenings if any(r.article_id in in_story for r in h.reports)]
    happening_of = _first_happening_of(story_happenings)
    found = _figures(corpus, story, happening_of)
    found += date_conflicts(corpus, story, story_happenings, duplicates)
    found += _names(corpus, story, pairs or name_pairs(entities), happening_of)
    return sorted(found, key=lambda d: d.id)


@dataclass(frozen=True)
class NamePairs:
    """Each pair of an entity's name and one of its variants' names, where it first appears
    among the entities (a later entity with the same pair of names adds nothing), and the
    pairs by the articles of the entity's side: a story looks up the pairs of its own
    articles instead of reading every entity of the corpus."""

    entries: list[tuple[Entity, NameVariant]]
    by_article: dict[str, list[int]]


def name_pairs(entities: list[Entity]) -> NamePairs:
    entries: list[tuple[Entity, NameVariant]] = []
    by_article: dict[str, list[int]] = defaultdict(list)
    seen: set[frozenset[str]] = set()
    for entity in entities:
        for variant in entity.variants:
            pair = frozenset({entity.name, variant.name})
            if pair in seen:
                continue
            seen.add(pair)
            for article_id in set(entity.articles):
                by_article[article_id].append(len(entries))
            entries.append((entity, variant))
    return NamePairs(entries, dict(by_article))


#: The id of the first happening (in the story's order) reporting in (article id, sentence).
HappeningOf = dict[tuple[str, int], str]


def _first_happening_of(happenings: list[Happening]) -> HappeningOf:
    """Looked up once per discrepancy: a scan of the story's happenings for each was most of
    the timelines stage on the whole of Timeline17."""
    first: HappeningOf = {}
    for h in happenings:
        for r in h.reports:
            first.setdefault((r.article_id, r.sentence), h.id)
    return first


def _figures(corpus: Corpus, story: Story, happening_of: HappeningOf) -> list[Discrepancy]:
    from storyline.link.corpus import stable_id

    figures: list[Figure] = [f for a in story.article_ids for f in corpus.figures.get(a, [])]
    lows = _range_lows(corpus, figures)
    # A range is compared by its upper end, which carries the unit and the counted thing.
    ends = {(low.article_id, low.start) for low in lows.values()}
    figures = [f for f in figures if (f.article_id, f.start) not in ends]
    groups = _quantity_groups(
        sorted(figures, key=lambda f: (f.article_id, f.start)),
        _SameReport(corpus, happening_of),
    )

    def label(f: Figure) -> str:
        return _value_label(f, lows.get((f.article_id, f.start)))

    def cited(f: Figure) -> Citation:
        low = lows.get((f.article_id, f.start))
        return Citation(f.article_id, low.start if low else f.start, f.end)

    found = []
    for group in groups:
        articles = {f.article_id for f in group}
        if len(articles) < 2:
            continue
        by_value: dict[str, list[Figure]] = defaultdict(list)
        for f in group:
            by_value[label(f)].append(f)
        verdict = _verdict(group, lows)
        sides = tuple(
            DiscrepancySide(
                value=value,
                articles=tuple(sorted({f.article_id for f in fs})),
                citations=tuple(cited(f) for f in fs),
            )
            for value, fs in sorted(by_value.items())
        )
        if len(sides) < 2:
            # All sources say the same: record the agreement on two sides, one per article.
            sides = tuple(
                DiscrepancySide(value=label(f), articles=(f.article_id,), citations=(cited(f),))
                for f in _one_per_article(group)
            )
        subject = group[0].counted or group[0].text
        first = group[0]
        found.append(
            Discrepancy(
                id=stable_id(
                    "d", story.id, "figure", *[f"{f.article_id}:{f.start}" for f in group]
                ),
                kind="figure",
                subject=subject + (f" ({first.time})" if first.time else ""),
                verdict=verdict,
                sides=sides,
                story_id=story.id,
                happening_id=happening_of.get((first.article_id, first.sentence), ""),
            )
        )
    return found


def _quantity_groups(figures: list[Figure], related: _SameReport) -> list[list[Figure]]:
    """Each figure joins the first group (in the order groups were made) whose first figure
    counts the same quantity and reports the same thing as of the same day (``related``),
    else starts one. Only groups with the same unit and a close head word can match, and for
    a figure as of its article's day only groups of that day, so those are the only ones
    weighed: trying every group was quadratic (a story with 20,000 figures spent minutes
    here)."""
    groups: list[list[Figure]] = []
    # Each group's first figure's value: most candidates of a long story count another order
    # of magnitude, and are passed over before the slower tests (``_close_values``).
    first_values: list[float] = []
    by_head: dict[tuple[str, str], list[int]] = defaultdict(list)
    heads: dict[str, list[str]] = defaultdict(list)
    # Each group's first figure's publication day, where its article states one day.
    days: list[int | None] = []
    for figure in figures:
        head = _head(figure)
        candidates: list[int] = []
        if head:
            known = heads[figure.unit]
            close = process.extract(head, known, scorer=fuzz.ratio, score_cutoff=80, limit=None)
            for other in {head, *(match for match, _score, _index in close)}:
                candidates.extend(by_head.get((figure.unit, other), ()))
        day = related.day(figure)
        if day is not None and not figure.time:  # as of its day: only groups of that day
            candidates = [i for i in candidates if days[i] is None or days[i] == day]
        for index in sorted(candidates):
            if _close_values(first_values[index], figure.value) and related.joins(
                groups[index][0], figure
            ):
                groups[index].append(figure)
                break
        else:
            if head:
                if (figure.unit, head) not in by_head:
                    heads[figure.unit].append(head)
                by_head[(figure.unit, head)].append(len(groups))
            groups.append([figure])
            first_values.append(figure.value)
            days.append(day)
    return groups


class _SameReport:
    """Whether two figures of one quantity report the same thing, as of the same time: a
    figure with no time of its own ("has confirmed 160 cases") is as of its article's day, so
    two of them compare only when their articles came out on the same day (a count updated the
    next day is not a contradiction); and their sentences must report the same happening or
    say the same thing (cosine ≥ ``FIGURE_CONTEXT_COSINE``): "an 85-page white paper" and "a
    96-page outcome document" count pages of two documents."""

    def __init__(self, corpus: Corpus, happening_of: HappeningOf) -> None:
        self.corpus = corpus
        self.happening_of = happening_of

    def day(self, figure: Figure) -> int | None:
        """The day its article came out, where that is one day (an ordinal)."""
        interval = self.corpus.articles[figure.article_id].published.interval
        return interval.start.toordinal() if interval is not None and interval.is_day else None

    def joins(self, first: Figure, figure: Figure) -> bool:
        """Whether ``figure`` joins the group that ``first`` opened. The cheap test first:
        most pairs of a long story are of other days."""
        return (
            self.as_of_one_day(first, figure)
            and _same_quantity(first, figure)
            and self.same_thing(first, figure)
        )

    def as_of_one_day(self, a: Figure, b: Figure) -> bool:
        return bool(a.time and b.time) or self._same_day(a.article_id, b.article_id)

    def same_thing(self, a: Figure, b: Figure) -> bool:
        happening = self.happening_of.get((a.article_id, a.sentence))
        if happening is not None and happening == self.happening_of.get((b.article_id, b.sentence)):
            return True
        if a.sentence < 0 or b.sentence < 0:
            return False
        vectors = (
            self.corpus.sentence_vector(a.article_id, a.sentence),
            self.corpus.sentence_vector(b.article_id, b.sentence),
        )
        return float(vectors[0] @ vectors[1]) >= FIGURE_CONTEXT_COSINE

    def _same_day(self, one: str, other: str) -> bool:
        """Whether the two articles may have come out on the same day (an unknown date may)."""
        first = self.corpus.articles[one].published.interval
        second = self.corpus.articles[other].published.interval
        return first is None or second is None or first.overlaps(second)


def _head(figure: Figure) -> str:
    return _first_word(figure.counted)


@functools.lru_cache(maxsize=65_536)
def _first_word(counted: str) -> str:
    """The counted thing's first word, lower-cased (asked for twice per pair compared)."""
    return counted.split()[0].lower() if counted.strip() else ""


def _one_per_article(group: list[Figure]) -> list[Figure]:
    seen: dict[str, Figure] = {}
    for f in group:
        seen.setdefault(f.article_id, f)
    return list(seen.values())


def _same_quantity(a: Figure, b: Figure) -> bool:
    if a.article_id == b.article_id or a.unit != b.unit:
        return False
    if a.time and b.time and not (a.time.startswith(b.time) or b.time.startswith(a.time)):
        return False
    head_a, head_b = _head(a), _head(b)
    if not head_a or not head_b:
        return False
    if head_a != head_b and fuzz.ratio(head_a, head_b) < 80:
        return False
    if not (a.time and b.time) and fuzz.token_set_ratio(a.counted, b.counted) < 70:
        return False
    return _close_values(a.value, b.value)


def _close_values(a: float, b: float) -> bool:
    """Whether two values can count one quantity: both positive, within half again."""
    low, high = (a, b) if a <= b else (b, a)
    return low > 0 and high / low < 1.5


#: What joins the two ends of a range: "20,000 to 28,500 barrels", "between 25 and 30".
_RANGE_JOIN = re.compile(r"^\s*(?:to|and|-|–|—)\s*$", re.IGNORECASE)
#: Ranges by the article and start of their upper end: their lower end.
Lows = dict[tuple[str, int], Figure]


def _range_lows(corpus: Corpus, figures: list[Figure]) -> Lows:
    """The figures that open a range ("20,000 to 28,500 barrels" reads as two figures), by
    the range's upper end: a range is one estimate, and its ends compared as two values made
    contradictions of estimates that hold each other."""
    by_article: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_article[f.article_id].append(f)
    lows: Lows = {}
    for article_id, found in by_article.items():
        text = corpus.articles[article_id].text
        ordered = sorted(found, key=lambda f: f.start)
        for low, high in itertools.pairwise(ordered):
            if (
                low.sentence == high.sentence
                and low.value < high.value
                and low.unit in ("", high.unit)
                and _RANGE_JOIN.match(text[low.end : high.start])
            ):
                lows[(article_id, high.start)] = low
    return lows


def _value_label(figure: Figure, low: Figure | None = None) -> str:
    value = _number(figure.value)
    if low is not None:  # "between 35,000 and 60,000": the dash says "between"
        value = f"{_number(low.value)}–{value}"
        modifier = "" if low.modifier == "between" else low.modifier
        return " ".join(p for p in (modifier, value, figure.unit) if p)
    return figure_phrase(figure.modifier, value, figure.text, figure.unit)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _verdict(group: list[Figure], lows: Lows | None = None) -> Verdict:
    """Agree (one value), rounding (within rounding, one hedged, or a range that holds the
    others), else contradiction."""
    spans = set()
    for f in group:
        opening = (lows or {}).get((f.article_id, f.start))
        spans.add((opening.value if opening is not None else f.value, f.value))
    modifiers = {f.modifier for f in group}
    if len(spans) == 1 and len(modifiers) == 1:
        return "agree"
    highs = [high for _low, high in spans]
    low, high = min(highs), max(highs)
    if high - low <= ROUNDING * high or any(m in HEDGES for m in modifiers if m):
        return "rounding"
    if max(start for start, _end in spans) <= min(end for _start, end in spans):
        return "rounding"  # every value within every range given
    return "contradiction"


def _names(
    corpus: Corpus, story: Story, pairs: NamePairs, happening_of: HappeningOf
) -> list[Discrepancy]:
    in_story = set(story.article_ids)
    found = []
    # In the entities' order: a pair whose entity has none of the story's articles has no
    # first side, so only the pairs of the story's articles can be found.
    for k in sorted({k for a in in_story for k in pairs.by_article.get(a, ())}):
        entity, variant = pairs.entries[k]
        a_articles = tuple(a for a in entity.articles if a in in_story)
        b_articles = tuple(a for a in variant.articles if a in in_story)
        if a_articles and b_articles:
            found.append(
                _name_discrepancy(
                    corpus,
                    story,
                    (entity.name, a_articles),
                    (variant.name, b_articles),
                    happening_of,
                )
            )
    return found


def _name_discrepancy(
    corpus: Corpus,
    story: Story,
    first: tuple[str, tuple[str, ...]],
    second: tuple[str, tuple[str, ...]],
    happening_of: HappeningOf,
) -> Discrepancy:
    """Two spellings of one name (each with the story's articles that use it)."""
    from storyline.link.corpus import stable_id

    sides = tuple(
        sorted(
            (
                DiscrepancySide(name, ids, _name_citations(corpus, name, ids))
                for name, ids in (first, second)
            ),
            key=lambda s: s.value,
        )
    )
    cited = sides[0].citations[0] if sides[0].citations else None
    happening_id = ""
    if cited is not None:
        sentence = _sentence_at(corpus, cited.article, cited.start)
        happening_id = happening_of.get((cited.article, sentence), "")
    names = sorted({first[0], second[0]})
    return Discrepancy(
        stable_id("d", story.id, "name", *names),
        "name",
        " / ".join(names),
        "variant",
        sides,
        story.id,
        happening_id,
    )


def _name_citations(
    corpus: Corpus, name: str, article_ids: tuple[str, ...]
) -> tuple[Citation, ...]:
    citations = []
    for article_id in article_ids:
        text = corpus.articles[article_id].text
        at = text.find(name)
        if at >= 0:
            citations.append(Citation(article_id, at, at + len(name)))
    return tuple(citations)


def _sentence_at(corpus: Corpus, article_id: str, offset: int) -> int:
    for s in corpus.sentences.get(article_id, []):
        if s.start <= offset < s.end:
            return s.index
    return -1
