"""A site's furniture learnt from its own pages: the lines many of them repeat, removed from
each; copies of one story and a story's own reused lines are not furniture."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.core import Storyline
from storyline.ingest.furniture import (
    MIN_PAGES,
    FurnitureLearner,
    given_furniture,
    learn_repeated_lines,
    site_of,
    text_lines,
    with_furniture,
)
from storyline.ingest.types import RawInput
from storyline.pipeline import BuildOptions, content_hash
from storyline.store import open_store

from .conftest import COLLECTED_ON

OPTIONS = BuildOptions(collected_on=COLLECTED_ON, workers=1)
REPEATED = "repeated line"
NOTICE = "Views expressed in the comments do not represent those of The Daily Example."
PLACES = ["Lima", "Quito", "Bogota", "Caracas", "Santiago", "La Paz", "Asuncion", "Montevideo"]


def page(n: int, *extra: str) -> str:
    """A different article each ``n``, with the site's lines ``extra`` below it."""
    place = PLACES[n % len(PLACES)]
    story = (
        f"Officials in {place} said on Tuesday that {n + 3} new border posts would open next "
        f"month, and that the ministry would hire {10 * n + 40} more staff to run them."
    )
    other = f"The {place} plan was first announced in {2010 + n} by the interior ministry."
    return "\n\n".join([f"Border posts to open in {place}, phase {n}", story, other, *extra])


def written(folder: Path, texts: list[str]) -> Path:
    """``folder`` with each text as a page of its own ("0.txt", "1.txt" ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    return folder


def test_site_of_an_input() -> None:
    assert site_of(RawInput("a.txt", b"", metadata={"outlet": "Reuters "})) == "outlet:reuters"
    assert site_of(RawInput("https://www.bbc.co.uk/news/x", b"")) == "host:bbc.co.uk"
    assert site_of(RawInput("feed#3", b"", metadata={"url": "https://ex.org/a"})) == "host:ex.org"
    # An archive filed by day is one collection; a container's records are its own.
    assert site_of(RawInput("news/bbc/2010-06-15/1.txt", b"")) == "folder:news/bbc"
    assert site_of(RawInput("news/bbc/2010/06/15/1.txt", b"")) == "folder:news/bbc"
    assert site_of(RawInput("dump/rows.jsonl#12", b"")) == "folder:dump"


def test_a_line_on_enough_pages_of_a_site_is_learnt() -> None:
    learner = FurnitureLearner()
    for n in range(MIN_PAGES):
        learner.add("s", page(n, NOTICE, "Send us an e-mail." if n else ""))
    learnt = set(learner.learnt("s").values())
    assert learnt == {NOTICE}  # on every page; the e-mail line on one page fewer than needed
    assert learner.learnt("other site") == {}


def test_a_share_of_a_large_site_is_needed() -> None:
    learner = FurnitureLearner(min_pages=2, share=0.1)
    for n in range(40):
        learner.add("s", page(n, NOTICE if n < 3 else "", "Send us an e-mail." if n < 4 else ""))
    assert set(learner.learnt("s").values()) == {"Send us an e-mail."}  # 4 of 40: 10%


def test_copies_of_one_story_teach_nothing() -> None:
    """A wire story filed ten times (one with an update line) repeats every line it has."""
    story = page(1)
    copies = [story] * 9 + [story + "\n\nThis story has been updated."]
    assert learn_repeated_lines(copies, min_count=3) == frozenset()


def test_each_input_gets_only_the_furniture_it_holds() -> None:
    inputs = [
        RawInput(f"site/{n}.txt", page(n, NOTICE).encode(), "text/plain") for n in range(7)
    ] + [RawInput("site/7.txt", page(7).encode(), "text/plain")]
    given_ = with_furniture(inputs)
    assert [raw.furniture for raw in given_] == [frozenset({NOTICE})] * 7 + [frozenset()]
    # The hash tells the furniture apart from the bytes: "<bytes>+<furniture>".
    assert content_hash(given_[0]).startswith(content_hash(inputs[0]) + "+")
    assert content_hash(given_[7]) == content_hash(inputs[7])


def test_html_teaches_no_lines() -> None:
    """A page's markup has its own furniture, which the extraction leaves out."""
    html = [RawInput(f"s/{n}.html", f"<p>{NOTICE}</p>".encode(), "text/html") for n in range(8)]
    assert all(not raw.furniture for raw in with_furniture(html))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["A.", "B b.", "C c c.", NOTICE, "D.", "E e e e."]), max_size=6),
        max_size=12,
    ),
    st.integers(min_value=2, max_value=5),
)
def test_every_learnt_line_is_on_that_many_texts(texts: list[list[str]], least: int) -> None:
    joined = ["\n".join(lines) for lines in texts]
    for line in learn_repeated_lines(joined, min_count=least):
        assert sum(line in text_lines(text).values() for text in joined) >= least


def test_a_build_removes_a_sites_furniture_and_builds_again_only_what_it_changes(
    tmp_path: Path,
) -> None:
    promotion = "Our reporters cover the region from six bureaus across the Andes."
    # The promotion on five pages: fewer than a site's furniture needs.
    folder = written(
        tmp_path / "example.org" / "2024-02-28",
        [page(n, NOTICE, promotion) if n < 5 else page(n, NOTICE) for n in range(7)],
    )
    db = tmp_path / "s.db"
    app = Storyline(db)
    first = app.build([str(tmp_path / "example.org")], OPTIONS)
    assert first.added == 7
    assert any("1 line(s) that many pages of one site repeat" in n for n in first.notes)
    with open_store(db, readonly=True) as store:
        articles = list(store.articles())
        raw_texts = {a.id: store.raw_input(a.id)[1] for a in articles}  # type: ignore[index]
    assert all(NOTICE not in a.text for a in articles)
    assert sum(promotion in a.text for a in articles) == 5
    # What was removed is kept, with its reason.
    assert all(
        any(raw_texts[a.id][s.start : s.end] == NOTICE for s in a.removed if s.reason == REPEATED)
        for a in articles
    )
    again = app.build([str(tmp_path / "example.org")], OPTIONS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 7)
    # A sixth page with the promotion makes it the site's: the five pages that hold it are
    # cleaned again, the two without it are not.
    (folder / "7.txt").write_text(page(7, NOTICE, promotion), encoding="utf-8")
    grown = app.build([str(tmp_path / "example.org")], OPTIONS)
    assert (grown.added, grown.updated, grown.unchanged) == (1, 5, 2)
    with open_store(db, readonly=True) as store:
        assert not any(promotion in a.text for a in store.articles())
    settled = app.build([str(tmp_path / "example.org")], OPTIONS)
    assert (settled.added, settled.updated, settled.unchanged) == (0, 0, 8)


def test_learning_stops_at_its_page_limit_and_later_pages_are_still_cleaned() -> None:
    learner = FurnitureLearner(min_pages=2, share=0.0, most=3)
    held = [learner.add("s", page(n, NOTICE)) for n in range(5)]
    assert set(learner.learnt("s").values()) == {NOTICE}
    for n in range(6, 10):  # past the limit: nothing more is learnt
        learner.add("s", page(n, "Send us an e-mail."))
    assert set(learner.learnt("s").values()) == {NOTICE}
    late = RawInput("s/4.txt", page(4, NOTICE).encode(), "text/plain")
    assert given_furniture(late, learner.learnt("s"), held[4]).furniture == {NOTICE}


def test_repeated_lines_kept_on_request_and_removed_when_no_longer_asked(tmp_path: Path) -> None:
    """A folder of one story's rewrites can share a sentence on many pages: the user can keep
    such lines; building again without asking removes them from the pages that hold them."""
    folder = written(tmp_path / "story", [page(n, NOTICE) for n in range(8)])
    db = tmp_path / "s.db"
    app = Storyline(db)
    keep = BuildOptions(collected_on=COLLECTED_ON, workers=1, keep_repeated_lines=True)
    assert app.build([str(folder)], keep).added == 8
    with open_store(db, readonly=True) as store:
        assert all(NOTICE in a.text for a in store.articles())
    assert app.build([str(folder)], keep).unchanged == 8
    removed = app.build([str(folder)], OPTIONS)
    assert (removed.updated, removed.unchanged) == (8, 0)
    with open_store(db, readonly=True) as store:
        assert not any(NOTICE in a.text for a in store.articles())


def test_a_page_added_on_its_own_is_cleaned_of_what_its_sites_pages_taught(
    tmp_path: Path,
) -> None:
    folder = written(tmp_path / "example.org", [page(n, NOTICE) for n in range(7)])
    db = tmp_path / "s.db"
    app = Storyline(db)
    app.build([str(folder)], OPTIONS)
    with open_store(db, readonly=True) as store:
        assert store.corpus_state()[f"furniture:folder:{folder}"] == f'["{NOTICE}"]'
    # Through the API, one page of that site (the store remembers its furniture).
    added = app.add([RawInput(str(folder / "7.txt"), page(7, NOTICE).encode(), "text/plain")])
    assert added.added == 1
    with open_store(db, readonly=True) as store:
        assert not any(NOTICE in a.text for a in store.articles())
        assert len(list(store.articles())) == 8
