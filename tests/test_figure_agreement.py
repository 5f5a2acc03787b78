"""Figures compared across sources: the same quantity, reported as of the same day, in
sentences that report the same thing."""

from __future__ import annotations

import datetime as dt

from storyline.analyse.figures import find_figures
from storyline.analyse.sentences import split_sentences
from storyline.link.corpus import Corpus
from storyline.models import DateInterval, PublicationDate, Story
from storyline.tell.agreement import find_discrepancies

from .small_corpus import small_corpus

MAY_3 = dt.date(2009, 5, 3)


def _corpus(texts: dict[str, tuple[str, dt.date]]) -> Corpus:
    """Each article's figures as the per-article stage reads them, its day stated."""
    corpus = small_corpus(
        {
            a: (text, PublicationDate(DateInterval.day(day), "sidecar"))
            for a, (text, day) in texts.items()
        }
    )
    for article_id, article in corpus.articles.items():
        corpus.figures[article_id] = find_figures(
            article_id, article.text, corpus.sentences[article_id]
        )
    return corpus


def _verdicts(corpus: Corpus) -> list[tuple[str, tuple[str, ...]]]:
    story = Story("s", "t", (), tuple(corpus.articles))
    found = find_discrepancies(corpus, story, [], [], [])
    return [(d.verdict, tuple(s.value for s in d.sides)) for d in found if d.kind == "figure"]


def test_two_outlets_on_one_day_that_disagree_on_a_figure() -> None:
    corpus = _corpus(
        {
            "a": ("The oil leak has already soiled 70 miles of the coastline of Louisiana, "
                  "threatening fragile marshlands.", MAY_3),
            "b": ("Oil has already soiled 84 miles of the coastline of Louisiana and envelops "
                  "the delta of the Mississippi River.", MAY_3),
        }
    )  # fmt: skip
    assert _verdicts(corpus) == [("contradiction", ("70 miles", "84 miles"))]


def test_regression_numbers_of_two_things_with_one_unit_were_a_contradiction() -> None:
    # Timeline17: "an 85-page white paper" and "a 96-page outcome document" count the pages
    # of two documents; their sentences say nothing alike.
    corpus = _corpus(
        {
            "a": ("The White House makes its case for this approach in an 85-page white paper "
                  "that describes the roots of the crisis.", MAY_3),
            "b": ("Delegates negotiating a 96-page outcome document at U.N. headquarters this "
                  "week remain deadlocked on several issues.", MAY_3),
        }
    )  # fmt: skip
    assert _verdicts(corpus) == []


def test_regression_a_count_updated_the_next_day_was_a_contradiction() -> None:
    # "has now confirmed 19 fatalities" on May 3 and "... 25 fatalities" on May 4: a figure
    # with no time of its own is as of its article's day; the count grew, nobody disagrees.
    said = (
        "Mexico has now confirmed {n} fatalities from the virus, but officials said the "
        "outbreak could be levelling off."
    )
    corpus = _corpus(
        {"a": (said.format(n=19), MAY_3), "b": (said.format(n=25), MAY_3 + dt.timedelta(days=1))}
    )
    assert _verdicts(corpus) == []
    # The same two reports on one day do disagree.
    same_day = _corpus({"a": (said.format(n=19), MAY_3), "b": (said.format(n=25), MAY_3)})
    assert _verdicts(same_day) == [("contradiction", ("19", "25"))]


def test_regression_a_clock_time_was_read_as_a_figure() -> None:
    # Timeline17 pages open with "09:43 UK time" and "00:11 JST": the minutes were read as a
    # figure ("43 UK") and two pages' stamps "contradicted" each other.
    for text in (
        "Ben Sutherland | 09:43 UK time, Thursday, 6 January 2011 The final report into the "
        "spill has said BP made decisions to cut costs.",
        "2009 06 13 00:11 JST GENEVA (Reuters) - The World Health Organization declared an "
        "influenza pandemic on Thursday.",
        "The score was 3:1 after the second half.",
    ):
        assert find_figures("a", text, split_sentences("a", text)) == [], text
    text = "The meeting starts at 10:30 in Geneva and 12 countries attend."
    assert [f.text for f in find_figures("a", text, split_sentences("a", text))] == ["12 countries"]


def test_regression_a_range_end_was_compared_as_a_point() -> None:
    # "20,000 to 28,500 barrels" reads as two figures; its upper end against "22,750 barrels"
    # was a contradiction, though 22,750 lies in the range.
    capturing = "BP said it is capturing {amount} of oil a day from the leaking well."
    corpus = _corpus(
        {
            "a": (capturing.format(amount="20,000 to 28,500 barrels"), MAY_3),
            "b": (capturing.format(amount="22,750 barrels"), MAY_3),
        }
    )
    assert _verdicts(corpus) == [("rounding", ("20,000–28,500 barrels", "22,750 barrels"))]
    story = Story("s", "t", (), tuple(corpus.articles))
    (found,) = find_discrepancies(corpus, story, [], [], [])
    (cited,) = found.sides[0].citations
    assert corpus.articles["a"].text[cited.start : cited.end] == "20,000 to 28,500 barrels of oil"
    # Two estimates that do not meet contradict each other.
    apart = _corpus(
        {
            "a": (capturing.format(amount="between 12,000 and 19,000 barrels"), MAY_3),
            "b": (capturing.format(amount="between 22,000 and 25,000 barrels"), MAY_3),
        }
    )
    assert _verdicts(apart) == [
        ("contradiction", ("12,000–19,000 barrels", "22,000–25,000 barrels"))
    ]
