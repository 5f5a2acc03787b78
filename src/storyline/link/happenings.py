"""Happenings: dated things that happened, are planned or are ongoing, merged across articles.

Every sentence that places something in time (a normalised date expression) reports a
happening: an article about a 2023 summit also reports the 2022 summit before it. Two reports
are the same happening when their dates can be the same and they say the same thing (sentence
embeddings close, or the same participants and place). The merged happening keeps every report
with its span, the narrowest date all reports allow, and a status: planned things that a later
article tells in the past have happened.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.models import (
    Article,
    DateInterval,
    Duplicate,
    Happening,
    Mention,
    Report,
    Sentence,
    Status,
    TimeMention,
)

if TYPE_CHECKING:
    from storyline.link.corpus import Corpus

SAME_COSINE = 0.62
UNCERTAIN_COSINE = 0.8
SAME_COSINE_WITH_ENTITIES = 0.45
COARSE = frozenset({"decade", "century"})
PARTICIPANT_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class Candidate:
    """One sentence's report of one dated happening, before merging."""

    article_id: str
    sentence: Sentence
    mention: TimeMention
    date: DateInterval
    status: Status
    participants: frozenset[str]
    place: str
    vector: np.ndarray


def find_happenings(
    corpus: Corpus,
    mention_entities: dict[tuple[str, int], str],
    duplicates: list[Duplicate],
) -> list[Happening]:
    corpus.prefetch(list(corpus.articles))  # every dated sentence's vector, in one batch
    candidates = [
        c
        for article_id in corpus.articles
        for c in _candidates(corpus, article_id, mention_entities)
    ]
    original_of = {d.article_id: d.original_id for d in duplicates}
    groups = _merge(candidates, original_of)
    happenings = [_happening(corpus.articles, group, original_of) for group in groups]
    return sorted(happenings, key=lambda h: (h.date.start, h.date.end, h.id))


def _candidates(
    corpus: Corpus,
    article_id: str,
    mention_entities: dict[tuple[str, int], str],
) -> list[Candidate]:
    article: Article = corpus.articles[article_id]
    sentences: list[Sentence] = corpus.sentences[article_id]
    if not sentences:
        return []
    mentions: list[Mention] = corpus.mentions[article_id]
    by_sentence: dict[int, list[tuple[int, Mention]]] = defaultdict(list)
    for seq, mention in enumerate(mentions):
        by_sentence[mention.sentence].append((seq, mention))
    found = []
    for tm in corpus.time_mentions[article_id]:
        if tm.type != "DATE" or tm.interval is None or tm.interval.granularity in COARSE:
            continue
        if not 0 <= tm.sentence < len(sentences):
            continue
        if re.search(
            r"\b(?:since|until|before)\s+$", article.text[max(0, tm.start - 8) : tm.start]
        ):
            continue  # "since 2016" bounds a span of time; nothing happened on it
        sentence = sentences[tm.sentence]
        in_sentence = by_sentence.get(tm.sentence, [])
        participants = frozenset(
            mention_entities.get((article_id, seq), "")
            for seq, m in in_sentence
            if m.type in PARTICIPANT_TYPES
        ) - {""}
        found.append(
            Candidate(
                article_id=article_id,
                sentence=sentence,
                mention=tm,
                date=tm.interval,
                status=_status(tm, article),
                participants=participants,
                place=_place(article.text, in_sentence),
                vector=corpus.sentence_vector(article_id, tm.sentence),
            )
        )
    return found


def _status(tm: TimeMention, article: Article) -> Status:
    published = article.published.interval
    assert tm.interval is not None
    # A date after the article's was still to come when it was written, whatever the tense
    # of the clause around it: "Trump, who made immigration central, is leading the race for
    # next year's election" (the "made" of a relative clause is not the election's tense).
    if published is not None and tm.interval.start > published.end:
        return "planned"
    if tm.tense == "future":
        return "planned"
    if tm.tense == "past":
        return "happened"
    if published is not None and tm.interval.end < published.start:
        return "happened"
    return "ongoing"


def _place(text: str, in_sentence: list[tuple[int, Mention]]) -> str:
    for _seq, mention in in_sentence:
        if mention.type in PLACE_TYPES:
            before = text[max(0, mention.start - 4) : mention.start].lower()
            if before.endswith(("in ", "at ")):
                return mention.text
    return ""


#: How far a cosine of ``_close_pairs``'s block products may be from the pair's own product
#: (float32 sums of unit vectors differ by about 1e-6).
_COSINE_MARGIN = 1e-3
_THRESHOLDS = (SAME_COSINE, SAME_COSINE_WITH_ENTITIES, UNCERTAIN_COSINE)


def _near_a_threshold(cosine: float) -> bool:
    # Plain floats: this runs for millions of pairs, where numpy's per-call cost dominated.
    return any(-_COSINE_MARGIN <= cosine - t <= _COSINE_MARGIN for t in _THRESHOLDS)


def _same(a: Candidate, b: Candidate, same_story: bool = False, near: float | None = None) -> bool:
    """``near``: the pair's cosine from a block product. Where it is farther than the margin
    from every threshold the rules compare with, it compares as the pair's own product would;
    only near a threshold is the pair's own product computed (most pairs' cost before)."""
    if a.article_id == b.article_id and a.sentence.index == b.sentence.index:
        return False  # two dates in one sentence are two happenings
    shared = len(a.participants & b.participants) + (1 if a.place and a.place == b.place else 0)
    if near is None or _near_a_threshold(near):
        near = float(a.vector @ b.vector)
    return same_happening(a.date, b.date, near, shared, same_story)


def same_happening(
    a: DateInterval, b: DateInterval, cosine: float, shared: int, same_story: bool = False
) -> bool:
    """Whether two reports (dates, their sentences' cosine, the participants and place they
    share) tell the same happening."""
    if not a.overlaps(b):
        return False
    if not same_story and (
        _uncertain(a) or _uncertain(b) or (a.granularity in _COARSE) != (b.granularity in _COARSE)
    ):
        # A day known only to within months overlaps almost anything: demand the same words.
        return cosine >= UNCERTAIN_COSINE
    if cosine >= SAME_COSINE:
        return True
    return shared >= 2 and cosine >= SAME_COSINE_WITH_ENTITIES


_COARSE = frozenset({"year", "decade", "century"})


def _uncertain(date: DateInterval) -> bool:
    """A day or month known only to within a wider span (resolved against an uncertain date)."""
    return date.days > 31 and date.granularity in ("day", "week", "month")


def _merge(candidates: list[Candidate], original_of: dict[str, str]) -> list[list[Candidate]]:
    """Union-find over same-happening pairs (pairs are only compared within a date window)."""
    parent = list(range(len(candidates)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Two dates of one sentence are two happenings, even through third reports. Each group
    # keeps its sentences with the dates it holds from each; a clash is a sentence both groups
    # hold with a date only the second holds. Checked and merged from the smaller group's side,
    # so a happening reported thousands of times costs no more per pair than a small one.
    members: dict[int, dict[tuple[str, int], set[int]]] = {
        i: {(c.article_id, c.sentence.index): {c.mention.start}} for i, c in enumerate(candidates)
    }

    def clash(a: int, b: int) -> bool:
        first, second = members[a], members[b]
        smaller, larger = (first, second) if len(first) <= len(second) else (second, first)
        return any(second[key] - first[key] for key in smaller if key in larger)

    def join(into: int, other: int) -> None:
        big, small = members[into], members.pop(other)
        if len(big) < len(small):
            big, small = small, big
        for key, starts in small.items():
            big.setdefault(key, set()).update(starts)
        members[into] = big

    # One happening has one date: a group keeps the span every member's date allows (the
    # intersection of their intervals), and two groups join only when their spans meet.
    # Without it, pairs that each overlap chained reports of different days (and through
    # undated articles' wide intervals, of different topics) into one happening with
    # thousands of reports.
    span = {i: (c.date.start, c.date.end) for i, c in enumerate(candidates)}

    def dates_meet(a: int, b: int) -> bool:
        return max(span[a][0], span[b][0]) <= min(span[a][1], span[b][1])

    order = sorted(range(len(candidates)), key=lambda i: candidates[i].date.start)
    starts = [candidates[i].date.start for i in order]
    for i, j, near in _close_pairs(candidates, order, starts, original_of):
        root_i, root_j = find(i), find(j)
        if root_i == root_j or not dates_meet(root_i, root_j) or clash(root_i, root_j):
            continue
        a, b = candidates[i], candidates[j]
        # Versions of one wire story report the same happenings: no need for the same words.
        copies = original_of.get(a.article_id, a.article_id) == original_of.get(
            b.article_id, b.article_id
        )
        if _same(a, b, copies and a.article_id != b.article_id, near):
            parent[root_j] = root_i
            join(root_i, root_j)
            span[root_i] = (
                max(span[root_i][0], span[root_j][0]),
                min(span[root_i][1], span[root_j][1]),
            )
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for i, candidate in enumerate(candidates):
        groups[find(i)].append(candidate)
    return list(groups.values())


def _close_pairs(
    candidates: list[Candidate],
    order: list[int],
    starts: list[dt.date],
    original_of: dict[str, str],
    prefilter: bool = True,
) -> Iterator[tuple[int, int, float]]:
    """The pairs ``_merge`` must weigh, in the order it weighs them: each candidate (by start)
    with the later-starting ones that start before it ends, less those whose sentences are
    too far apart for any rule of ``_same`` (all need cosine ≥ SAME_COSINE_WITH_ENTITIES).
    The cosines come from one matrix product per block of candidates, with a margin for
    rounding, so that ``_same`` itself still decides every pair it used to; each pair comes
    with its cosine from that product.

    Also left out (``prefilter``), over whole blocks at once: pairs ``_same`` refuses
    whatever the merge has joined so far. Two dates of one sentence; and a pair that must
    have the same words (a date known only within a wider span, or a day beside a year, not
    copies of one story) whose cosine is below UNCERTAIN_COSINE by more than the margin:
    nine in ten pairs of the whole of Timeline17, where undated articles' wide dates overlap
    almost everything. ``prefilter=False`` gives every pair, the reference the tests hold
    this to."""
    if not order:
        return
    vectors = np.vstack([candidates[i].vector for i in order]).astype(np.float32)
    floor = min(_THRESHOLDS) - _COSINE_MARGIN
    stops = [bisect.bisect_right(starts, candidates[i].date.end) for i in order]
    in_order = [candidates[i] for i in order]
    ids: dict[str, int] = {}
    article = np.array([ids.setdefault(c.article_id, len(ids)) for c in in_order])
    origin = np.array(
        [ids.setdefault(original_of.get(c.article_id, c.article_id), len(ids)) for c in in_order]
    )
    sentence = np.array([c.sentence.index for c in in_order])
    loose = np.array([_uncertain(c.date) for c in in_order], dtype=bool)
    coarse = np.array([c.date.granularity in _COARSE for c in in_order], dtype=bool)
    block = 256
    for first in range(0, len(order), block):
        last = min(first + block, len(order))
        lo, hi = first + 1, max(max(stops[first:last]), first + 1)
        if hi <= lo:
            continue
        cosines = vectors[first:last] @ vectors[lo:hi].T
        weighed = cosines >= floor
        if prefilter:
            rows, cols = slice(first, last), slice(lo, hi)
            strict = (
                loose[rows, None] | loose[None, cols] | (coarse[rows, None] != coarse[None, cols])
            )
            same_article = article[rows, None] == article[None, cols]
            copies = (origin[rows, None] == origin[None, cols]) & ~same_article
            refused = strict & ~copies & (cosines < UNCERTAIN_COSINE - _COSINE_MARGIN)
            refused |= same_article & (sentence[rows, None] == sentence[None, cols])
            weighed &= ~refused
        for pos in range(first, last):
            stop = stops[pos]
            if stop <= pos + 1:
                continue
            row = cosines[pos - first, pos + 1 - lo : stop - lo]
            for offset in np.flatnonzero(weighed[pos - first, pos + 1 - lo : stop - lo]).tolist():
                yield order[pos], order[pos + 1 + offset], float(row[offset])


def most_named(places: list[str]) -> str:
    """The place the reports name most; of places named as often, the first named (the
    group is in article and sentence order). Not the first of a set of them: a set's order
    follows the process's string hash seed, and so did the place of a build."""
    counts = Counter(places)  # in order of first naming: max keeps the first of a tie
    return max(counts, key=counts.__getitem__) if counts else ""


def _happening(
    articles: dict[str, Article], group: list[Candidate], original_of: dict[str, str]
) -> Happening:
    from storyline.link.corpus import stable_id

    group = sorted(group, key=lambda c: (c.article_id, c.sentence.index, c.mention.start))
    date = _narrowest_common(group)
    status = _merged_status(articles, group, date)
    first = min(group, key=lambda c: (_published_key(articles[c.article_id]), c.sentence.index))
    reports = tuple(
        Report(c.article_id, c.sentence.index, c.sentence.start, c.sentence.end, c.sentence.text)
        for c in _unique_sentences(group)
    )
    later = {
        original_of.get(c.article_id, c.article_id)
        for c in group
        if (p := articles[c.article_id].published.interval) is not None and p.start > date.end
    }
    places = [c.place for c in group if c.place]
    participants: set[str] = set()
    for c in group:
        participants |= c.participants
    return Happening(
        id=stable_id("h", *[f"{c.article_id}:{c.mention.start}" for c in group]),
        date=date,
        status=status,
        title=_title(first.sentence.text),
        reports=reports,
        participants=tuple(sorted(participants)),
        place=most_named(places),
        later_references=len(later),
    )


def _unique_sentences(group: list[Candidate]) -> list[Candidate]:
    seen: set[tuple[str, int]] = set()
    unique = []
    for c in group:
        key = (c.article_id, c.sentence.index)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def _narrowest_common(group: list[Candidate]) -> DateInterval:
    """The intersection of all reports' dates, or, where they disagree, the narrowest one."""
    narrowest = min((c.date for c in group), key=lambda d: (d.days, d.start))
    common: DateInterval | None = group[0].date
    for c in group[1:]:
        common = common.intersect(c.date) if common else None
    if common is None:
        return narrowest
    granularity = narrowest.granularity if narrowest.days >= common.days else common.granularity
    if common.days < narrowest.days and common.is_day:
        granularity = "day"
    best = common.best or next(
        (c.date.best for c in group if c.date.best and common.contains_date(c.date.best)), None
    )
    return DateInterval(common.start, common.end, granularity, best)


def _merged_status(
    articles: dict[str, Article], group: list[Candidate], date: DateInterval
) -> Status:
    statuses = {c.status for c in group}
    if "happened" in statuses:
        return "happened"
    for c in group:
        published = articles[c.article_id].published.interval
        if published is not None and published.start > date.end:
            return "happened"
    if "planned" in statuses:
        return "planned"
    return "ongoing"


def _published_key(article: Article) -> dt.date:
    interval = article.published.interval
    return (interval.best or interval.start) if interval else dt.date.max


def _title(sentence: str, limit: int = 160) -> str:
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
