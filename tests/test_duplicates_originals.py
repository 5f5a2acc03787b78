"""Who depends on whom: each copy points at an original it is itself paired with, and rewrites
are looked for only among articles published close together."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.sentences import split_sentences
from storyline.core import Storyline
from storyline.link.corpus import Corpus
from storyline.link.duplicates import (
    REWRITE_DAYS,
    _point_at_originals,
    find_duplicates,
    published_near,
)
from storyline.models import Article, DateInterval, PublicationDate
from storyline.pipeline import BuildOptions
from storyline.store import open_store
from tests.conftest import COLLECTED_ON

#: Incremental from the first linked article, whatever the share of new ones.
INCREMENTAL = BuildOptions(
    collected_on=COLLECTED_ON, workers=1, incremental_from=0, incremental_share=1.0
)

DAY = dt.date(2010, 6, 1)


def _article(article_id: str, day: dt.date | None, text: str = "") -> Article:
    published = (
        PublicationDate(DateInterval.day(day), "metadata")
        if day
        else PublicationDate(None, "unknown")
    )
    return Article(
        id=article_id,
        source=article_id,
        text=text or f"Text of {article_id}.",
        language="en",
        published=published,
    )


def _days(**offsets: int) -> dict[str, Article]:
    return {a: _article(a, DAY + dt.timedelta(days=n)) for a, n in offsets.items()}


def test_a_chain_of_rewrites_no_longer_makes_one_original_of_all() -> None:
    # Regression: pairs were joined into groups through chains (a~b, b~c, c~d), so on a
    # topic's coverage one article became the "original" of hundreds it shares nothing with.
    articles = _days(a=0, b=1, c=2, d=3)
    pairs = {
        ("a", "b"): ("rewrite", 0.8),
        ("b", "c"): ("rewrite", 0.7),
        ("c", "d"): ("rewrite", 0.6),
    }
    found = {
        d.article_id: (d.original_id, d.kind, d.similarity)
        for d in _point_at_originals(articles, pairs)
    }
    # b copies a; c is paired only with b, a copy, so it is an original itself; d copies c.
    assert found == {"b": ("a", "rewrite", 0.8), "d": ("c", "rewrite", 0.6)}


def test_versions_of_one_wire_story_all_point_at_the_first() -> None:
    articles = _days(wire=0, first=0, second=1)
    articles["wire"] = _article("wire", DAY, "A longer text of the wire story itself.")
    pairs = {
        ("first", "wire"): ("near", 0.9),
        ("second", "wire"): ("rewrite", 0.6),
        ("first", "second"): ("rewrite", 0.7),
    }
    found = {d.article_id: (d.original_id, d.kind) for d in _point_at_originals(articles, pairs)}
    assert found == {"first": ("wire", "near"), "second": ("wire", "rewrite")}


def test_of_versions_published_alike_one_that_says_it_is_secondhand_follows() -> None:
    from dataclasses import replace

    from storyline.ingest.clean import SECONDHAND_NOTE
    from storyline.models import RemovedSpan

    articles = _days(wire=0, compiled=0)
    # The compilation is the longer text, which alone would make it the original.
    articles["compiled"] = replace(
        _article("compiled", DAY, "A longer retelling of the wire story, from two outlets."),
        removed=(RemovedSpan(60, 130, SECONDHAND_NOTE),),
    )
    pairs = {("compiled", "wire"): ("rewrite", 0.6)}
    found = {d.article_id: d.original_id for d in _point_at_originals(articles, pairs)}
    assert found == {"compiled": "wire"}


def test_exact_copies_all_point_at_the_earliest_whatever_their_ids() -> None:
    text = "The same wire text, word for word, in three places."
    articles = {
        "a": _article("a", DAY + dt.timedelta(days=2), text),
        "b": _article("b", DAY, text),
        "c": _article("c", DAY + dt.timedelta(days=1), text.upper()),
    }
    found = {d.article_id: (d.original_id, d.kind) for d in find_duplicates(_corpus(articles))}
    assert found == {"a": ("b", "exact"), "c": ("b", "exact")}


@given(
    st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 7), st.sampled_from(["near", "rewrite"])),
        max_size=20,
    )
)
def test_every_dependent_points_at_an_original_it_is_paired_with(
    edges: list[tuple[int, int, str]],
) -> None:
    articles = _days(**{f"x{i}": i // 2 for i in range(8)})
    pairs = {(f"x{i}", f"x{j}"): (kind, 0.5) for i, j, kind in edges if i != j}
    found = _point_at_originals(articles, pairs)
    dependents = {d.article_id for d in found}
    for d in found:
        assert (d.article_id, d.original_id) in pairs or (d.original_id, d.article_id) in pairs
        assert d.original_id not in dependents  # an original, not a copy of one
    # Every paired article is either an original or depends on one: nothing is lost.
    paired = {a for pair in pairs for a in pair}
    originals = paired - dependents
    assert all(d.original_id in originals for d in found)


@given(st.integers(-40, 40), st.integers(0, 20), st.integers(0, 20))
def test_published_near_is_symmetric_and_bounded_by_the_gap(
    offset: int, width_a: int, width_b: int
) -> None:
    a = Article(
        id="a",
        source="a",
        text="a",
        published=PublicationDate(DateInterval(DAY, DAY + dt.timedelta(days=width_a)), "inferred"),
    )
    start = DAY + dt.timedelta(days=offset)
    b = Article(
        id="b",
        source="b",
        text="b",
        published=PublicationDate(
            DateInterval(start, start + dt.timedelta(days=width_b)), "inferred"
        ),
    )
    assert published_near(a, b) == published_near(b, a)
    gap = max(offset - width_a, -offset - width_b, 0)
    assert published_near(a, b) == (gap <= REWRITE_DAYS)


def test_an_undated_article_may_be_near_anything() -> None:
    assert published_near(_article("a", None), _article("b", DAY))


def _corpus(articles: dict[str, Article]) -> Corpus:
    corpus = Corpus({}, {}, {}, {}, {}, {})
    for article_id, article in articles.items():
        corpus.articles[article_id] = article
        corpus.sentences[article_id] = split_sentences(article_id, article.text)
        for kind in (corpus.mentions, corpus.time_mentions, corpus.quotes, corpus.figures):
            kind[article_id] = []
    return corpus


REPORT = (
    "Rescue teams worked through the night after the flood in the valley. "
    "Mayor Ellen Hart said 42 homes in Brookfield were lost on Monday. "
    "The Red Cross opened a shelter at Lincoln High School for 120 people."
)
REWORDED = (
    "Rescue crews worked all night after the valley flooded. "
    "Forty-two homes in Brookfield were lost on Monday, Mayor Ellen Hart said. "
    "A shelter for 120 people was opened by the Red Cross at Lincoln High School."
)


def test_a_rewording_published_weeks_later_is_not_a_rewrite() -> None:
    near = {
        "a": _article("a", DAY, REPORT),
        "b": _article("b", DAY + dt.timedelta(days=1), REWORDED),
    }
    assert [(d.article_id, d.original_id) for d in find_duplicates(_corpus(near))] == [("b", "a")]
    later = DAY + dt.timedelta(days=REWRITE_DAYS + 1)
    apart = {"a": _article("a", DAY, REPORT), "b": _article("b", later, REWORDED)}
    assert find_duplicates(_corpus(apart)) == []


def _write(folder: Path, name: str, day: dt.date, text: str) -> Path:
    path = folder / f"{name}.json"
    path.write_text(
        json.dumps({"title": f"Flood report {name}", "date": day.isoformat(), "text": text})
    )
    return path


def _pointers(db: Path) -> dict[str, str]:
    """Dependent → original, by file name."""
    with open_store(db) as store:
        pairs = [(d.article_id, d.original_id) for d in store.duplicates()]
        names = {
            a.id: Path(a.source.split("#")[0]).name
            for a in store.articles_by_id([i for pair in pairs for i in pair])
        }
    return {names[a]: names[o] for a, o in pairs}


def test_a_new_rewording_weeks_later_is_linked_as_no_rewrite(tmp_path: Path) -> None:
    """The incremental link keeps the full link's window: a new article reworded from a linked
    one published weeks before is an independent source."""
    first = _write(tmp_path, "a", DAY, REPORT)
    db = tmp_path / "store.db"
    Storyline(db).build([str(first)], INCREMENTAL)
    near = _write(tmp_path, "b", DAY + dt.timedelta(days=1), REWORDED)
    later = _write(tmp_path, "c", DAY + dt.timedelta(days=REWRITE_DAYS + 30), REWORDED + " Later.")
    for added in ([first, near], [first, near, later]):
        report = Storyline(db).build([str(p) for p in added], INCREMENTAL)
        assert report.linked_incrementally == 1
    assert _pointers(db) == {"b.json": "a.json"}


def test_a_new_copy_of_a_copy_points_at_the_original_it_rewrites(tmp_path: Path) -> None:
    """Regression: a new article copying a copy pointed at that copy's original whether or
    not it resembled it (a chain, one link per new article); it now points only at an
    original it is itself paired with."""
    first = _write(tmp_path, "a", DAY, REPORT)
    rewrite = _write(tmp_path, "b", DAY + dt.timedelta(days=1), REWORDED)
    db = tmp_path / "store.db"
    Storyline(db).build([str(first), str(rewrite)], INCREMENTAL)
    assert _pointers(db) == {"b.json": "a.json"}
    # b's text up to white space: an exact copy of it, stored as an article of its own.
    copy = _write(tmp_path, "c", DAY + dt.timedelta(days=2), REWORDED.replace(". ", ".  "))
    report = Storyline(db).build([str(first), str(rewrite), str(copy)], INCREMENTAL)
    assert report.linked_incrementally == 1
    with open_store(db) as store:
        kinds = {d.kind for d in store.duplicates()}
    assert _pointers(db) == {"b.json": "a.json", "c.json": "a.json"}
    assert kinds == {"rewrite"}  # c is b's exact copy, but b copies a: c is a's rewrite


def test_regression_a_copy_dated_before_its_original_was_put_in_an_event_of_its_own() -> None:
    """Articles join events in publication order, and a copy joined its original's event only
    when the original came first: the seed story's two Panama versions, guessed to the same
    day, sorted by id, the copy first, and were split into two events."""
    from storyline.link.events import cluster_events
    from storyline.models import Duplicate

    articles = {
        "a-copy": _article("a-copy", DAY, "Ministers met in Panama on migration."),
        "z-original": _article("z-original", DAY, "The harvest festival drew record crowds."),
    }
    copy = Duplicate("a-copy", "z-original", "translation", 0.5)
    (event,) = cluster_events(_corpus(articles), [copy])
    assert event.article_ids == ("a-copy", "z-original")
    assert len(cluster_events(_corpus(articles), [])) == 2
