"""Dating an undated article by the dated happenings its lead reports (link/dating_happenings)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from storyline.analyse.sentences import split_sentences
from storyline.analyse.timex import find_time_expressions
from storyline.link.corpus import Corpus
from storyline.link.dating_happenings import (
    DAYS_AFTER,
    Match,
    dated_happenings,
    happening_support,
    lead_matches,
)
from storyline.link.dating_similar import date_from_similar, sentence_words
from storyline.models import Article, DateInterval, PublicationDate

UNKNOWN = PublicationDate(None, "unknown", ("no date in metadata, text or content",))
#: A Thursday: "on Tuesday" told in the past is 18 May 2010.
THURSDAY = dt.date(2010, 5, 20)
CAPPED = (
    "BP engineers capped the leaking well with a steel containment dome{when}, the company said."
)
SPILL = (
    "Engineers worked on the leaking oil well in the Gulf of Mexico as the spill spread toward"
    " the coast of Louisiana."
)
AWAY = (
    "Fishermen waited in port for news of the catch, and hotels along the beaches of Alabama"
    " and Florida counted cancellations as tourists stayed away from the coast all week."
)


def _article(article_id: str, text: str, day: dt.date | None = None) -> Article:
    published = PublicationDate(DateInterval.day(day), "text", ()) if day else UNKNOWN
    return Article(id=article_id, source=article_id, text=text, language="en", published=published)


def _corpus(articles: list[Article], time_expressions: bool = True) -> Corpus:
    """The articles with their sentences and (unless not asked) their time expressions read
    against their dates, as a build's corpus holds them."""
    corpus = Corpus({}, {}, {}, {}, {}, {})
    for article in articles:
        sentences = split_sentences(article.id, article.text)
        corpus.articles[article.id] = article
        corpus.sentences[article.id] = sentences
        corpus.time_mentions[article.id] = (
            find_time_expressions(
                article.id, article.text, sentences, article.published.interval, "en"
            )
            if time_expressions
            else []
        )
        corpus.mentions[article.id] = []
        corpus.quotes[article.id] = []
        corpus.figures[article.id] = []
    return corpus


def test_a_dated_sentence_happened_on_the_day_its_time_expression_names() -> None:
    articles = [
        _article(
            "d",
            f"{CAPPED.format(when=' on Tuesday')} Officials will meet on Friday to review it."
            " The next test is planned for June 1, 2010.",
            THURSDAY,
        ),
        _article("u", CAPPED.format(when=" on May 17, 2010")),  # undated: no pool of its own
    ]
    pool = dated_happenings(_corpus(articles), ["d"])
    # The past "on Tuesday" only: Friday and June 1 are still to come when it was written.
    assert [(h.article_id, dt.date.fromordinal(h.day)) for h in pool] == [
        ("d", dt.date(2010, 5, 18))
    ]
    words, weights = pool[0].words
    expected_words, expected_weights = sentence_words(CAPPED.format(when=" on Tuesday"))
    assert words.tolist() == expected_words.tolist()
    assert weights.tolist() == expected_weights.tolist()


def test_dated_articles_whose_sentences_are_not_loaded_give_no_happenings() -> None:
    articles = [_article("d", CAPPED.format(when=" on Tuesday"), THURSDAY)]
    assert dated_happenings(_corpus(articles, time_expressions=False), ["d"]) == []


def test_the_lead_matches_dated_happenings_but_not_its_own_sentences_or_copies() -> None:
    lead = CAPPED.format(when=" on Tuesday")
    articles = [
        _article("d", f"{lead} {AWAY}", THURSDAY),
        _article("copy", f"{lead} {SPILL}", dt.date(2010, 5, 19)),  # the same text, dated
        _article("u", f"{lead} {SPILL}"),
        _article("other", "Schools closed in Mexico City as swine flu spread, officials said."),
    ]
    corpus = _corpus(articles)
    matches = lead_matches(corpus, dated_happenings(corpus, ["d", "copy"]), ["u", "other"])
    assert set(matches) == {"u"}
    assert {m.article_id for m in matches["u"]} == {"d"}
    assert max(m.cosine for m in matches["u"]) > 0.99
    assert {dt.date.fromordinal(m.day) for m in matches["u"]} == {dt.date(2010, 5, 18)}


def test_a_happening_supports_its_day_and_the_days_just_after() -> None:
    day = THURSDAY.toordinal()
    candidates = np.arange(day - 2, day + DAYS_AFTER + 3)
    support = happening_support(candidates, [Match(0.5, day, "d")])
    after = candidates - day
    assert np.all(support[(after >= 0) & (after <= DAYS_AFTER)] == 0.5**3)
    assert np.all(support[(after < 0) | (after > DAYS_AFTER)] == 0)


def test_regression_the_vote_chose_the_topic_burst_though_the_lead_reports_a_later_happening() -> (
    None
):
    """Three reports of 3 May (the dome being readied) outvoted the two of 20 May, one of which
    says the well was capped "on Tuesday" (18 May): the undated article's lead tells that
    capping, so it was published on 18 May or just after, not with the burst of 3 May."""
    early = (
        "BP engineers prepared a steel containment dome to cap the leaking well, the company said."
    )
    articles = [
        _article(f"early{i}", f"{early} {SPILL} Crews laid booms near Venice.", dt.date(2010, 5, 3))
        for i in range(3)
    ]
    articles += [
        _article("late", f"{SPILL} {AWAY}", THURSDAY),
        _article("capped", f"{CAPPED.format(when=' on Tuesday')} {SPILL} {AWAY}", THURSDAY),
    ]
    articles += [
        _article(
            f"flu{i}", "Schools closed in Mexico City as swine flu spread.", dt.date(2009, 4, 28)
        )
        for i in range(3)
    ]
    articles.append(_article("u", f"{CAPPED.format(when='')} {SPILL}"))
    collected = dt.date(2011, 1, 1)

    dated = date_from_similar(_corpus(articles), collected)["u"]
    assert dated.interval is not None and dated.interval.best == THURSDAY
    assert "its lead reports what article capped says happened on 2010-05-18" in dated.evidence[-1]
    # Without the dated happening (no time expressions read) the burst of 3 May wins, as before.
    plain = date_from_similar(_corpus(articles, time_expressions=False), collected)["u"]
    assert plain.interval is not None and plain.interval.best == dt.date(2010, 5, 3)
