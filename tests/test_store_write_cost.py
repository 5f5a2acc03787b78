"""Writing one article, or retelling one story, costs the same in a large store as in a small
one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from storyline.models import (
    Article,
    DateInterval,
    PublicationDate,
    Quote,
    Story,
    SummarySentence,
    TimelineEntry,
)
from storyline.store import SQLiteStore, Store, open_store


def _article(n: int) -> Article:
    return Article(
        id=f"{n:016d}",
        source=f"{n}.txt",
        text="“We will meet again,” the minister said. " * 4,
        title="T",
        published=PublicationDate(DateInterval.day(dt.date(2022, 4, 20)), "text", ("line 1",)),
    )


def _quotes(article: Article) -> list[Quote]:
    return [
        Quote(article.id, 41 * k, 41 * k + 22, "We will meet again,", "direct", speaker="minister")
        for k in range(4)
    ]


def _write(store: Store, n: int) -> None:
    article = _article(n)
    with store.transaction():
        store.put_article(article, raw=b"r", raw_text="r", media_type="text/plain", metadata={})
        store.put_extractions(article.id, "quotes", _quotes(article))


def _steps(store: SQLiteStore, write: Callable[[], None]) -> int:
    """SQLite's virtual-machine steps (counted every 100) that ``write`` takes."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    store.db.set_progress_handler(count, 100)
    try:
        write()
    finally:
        store.db.set_progress_handler(None, 100)
    return steps[0]


def _in_small_and_large(
    tmp_path: Path, write: Callable[[Store, int], None], large_size: int, again: int
) -> tuple[int, int]:
    """The steps of ``write(store, again)`` in a store of 20 writes and in one of
    ``large_size``."""
    found = []
    for name, size in (("small", 20), ("large", large_size)):
        with open_store(tmp_path / f"{name}.db") as store:
            assert isinstance(store, SQLiteStore)
            for n in range(size):
                write(store, n)
            found.append(_steps(store, lambda: write(store, again)))
    return found[0], found[1]


def _tell(store: Store, n: int) -> None:
    story = Story(f"s-{n:012d}", f"Story {n}", (), ())
    entry = TimelineEntry(
        story.id,
        DateInterval.day(dt.date(2022, 4, 20)),
        "happened",
        (SummarySentence("Leaders met in Los Angeles.", ()),),
        (),
        1,
    )
    with store.transaction():
        store.replace_story_timeline(story, [entry, entry, entry], [])


def test_regression_writing_an_articles_quotes_read_every_quote_of_the_store(
    tmp_path: Path,
) -> None:
    """Clearing an article's quote documents before writing them again was one DELETE by
    article and kind, for which SQLite chose the index of kinds: it read every quote of the
    store, for every article a build wrote (quadratic in the store's articles)."""
    in_small, in_large = _in_small_and_large(tmp_path, _write, 2000, 10_000)
    assert in_large < 2 * in_small + 20, (in_small, in_large)


def test_writing_an_articles_quotes_again_replaces_its_quote_documents(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        _write(store, 1)
        _write(store, 2)
        _write(store, 1)
        rows = store._rows(
            "SELECT article_id, COUNT(*) FROM search_docs WHERE kind = 'quote'"
            " GROUP BY article_id ORDER BY article_id"
        )
    assert rows == [(_article(1).id, 4), (_article(2).id, 4)]


def test_regression_retelling_a_story_read_every_timeline_entry_of_the_store(
    tmp_path: Path,
) -> None:
    """A story's entry documents were cleared by a pattern on their reference, which SQLite's
    index cannot narrow: every entry document of the store was read for each story an added
    article retold."""
    in_small, in_large = _in_small_and_large(tmp_path, _tell, 3000, 7)
    with open_store(tmp_path / "large.db") as large:
        docs = large._rows("SELECT COUNT(*) FROM search_docs WHERE kind = 'entry'")
    assert docs == [(9000,)]  # three entries a story: the retold story's old ones are gone
    assert in_large < 2 * in_small + 20, (in_small, in_large)
