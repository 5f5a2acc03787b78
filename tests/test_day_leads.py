"""A day's entry is also told from the leads of the articles published that day or the next."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from storyline.link.corpus import Corpus
from storyline.models import (
    DateInterval,
    Happening,
    PublicationDate,
    Report,
    Story,
    TimeMention,
)
from storyline.tell import timeline
from storyline.tell.day_leads import day_leads
from storyline.tell.timeline import TimelineShape, build_timeline

from .small_corpus import small_corpus

DAY = dt.date(2009, 4, 27)
LEAD = "Spain confirms the first case of the new flu in Europe after a student fell ill."
SIDE = "The minister, who was appointed on 27 April, also spoke about the rail budget plans."
OTHER = "Officials said the school in the capital would reopen after the holiday next week."


def _published(day: dt.date | None, inferred: bool = False) -> PublicationDate:
    if day is None:
        return PublicationDate(None, "unknown")
    if inferred:  # a day guessed within a month: its lead tells no particular day
        return PublicationDate(
            DateInterval(day - dt.timedelta(days=20), day + dt.timedelta(days=10), "day", day),
            "inferred",
        )
    return PublicationDate(DateInterval.day(day), "sidecar")


def _date_mention(corpus: Corpus, article_id: str, sentence: int, day: dt.date) -> None:
    found = corpus.sentences[article_id][sentence]
    corpus.time_mentions[article_id].append(
        TimeMention(
            article_id, found.start, found.start + 5, "27 April", "DATE",
            day.isoformat(), sentence, DateInterval.day(day),
        )
    )  # fmt: skip


def test_leads_of_articles_published_that_day_and_the_next_only() -> None:
    corpus = small_corpus(
        {
            "same": (f"{LEAD} {OTHER} Short one here. {OTHER} {OTHER}", _published(DAY)),
            "next": (LEAD, _published(DAY + dt.timedelta(days=1))),
            "later": (LEAD, _published(DAY + dt.timedelta(days=2))),
            "guessed": (LEAD, _published(DAY, inferred=True)),
            "undated": (LEAD, _published(None)),
            "dated": (f"{SIDE} {LEAD}", _published(DAY)),
            "outside": (LEAD, _published(DAY)),
        }
    )
    _date_mention(corpus, "dated", 0, DAY)
    ids = [a for a in corpus.articles if a != "outside"]
    leads = day_leads(corpus, ids)[DAY]
    told = [(r.article_id, r.sentence) for r in leads]
    # The first three sentences, less the one too short to say what happened.
    assert ("same", 0) in told and ("same", 1) in told and ("same", 3) not in told
    assert ("same", 2) not in told
    assert ("next", 0) in told
    # Two days late, a day only guessed, no day at all, or not in the story: not that day's lead.
    assert not {a for a, _ in told} & {"later", "guessed", "undated", "outside"}
    # A lead sentence that names its own date reports that date, not the publication day's.
    assert ("dated", 0) not in told and ("dated", 1) in told
    first = next(r for r in leads if r.article_id == "same")
    assert corpus.articles["same"].text[first.start : first.end] == LEAD


def _unit(*weights: float) -> np.ndarray:
    vector = np.zeros(8, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def test_a_days_entry_tells_the_lead_of_that_days_news_with_its_citations() -> None:
    corpus = small_corpus(
        {
            "report": (SIDE, _published(DAY - dt.timedelta(days=3))),
            "a": (LEAD, _published(DAY)),
            "b": (LEAD, _published(DAY + dt.timedelta(days=1))),
        }
    )
    _date_mention(corpus, "report", 0, DAY)
    # Vectors by hand: the leads say what the story is about, the report is a side remark.
    main, side = _unit(1.0, 0.1), _unit(0.1, 1.0)
    corpus._sentence_vectors.update(
        {"report": side[None, :], "a": main[None, :], "b": main[None, :]}
    )
    corpus._article_vectors.update({"report": main, "a": main, "b": main})
    sentence = corpus.sentences["report"][0]
    report = Report("report", 0, sentence.start, sentence.end, sentence.text)
    happening = Happening("h1", DateInterval.day(DAY), "happened", "minister", (report,))
    story = Story("st1", "flu", (), ("a", "b", "report"))
    shape = TimelineShape(dates=1, sentences=1, days_only=True)

    (entry,) = build_timeline(corpus, story, [happening], [], [], shape=shape)

    assert entry.date == DateInterval.day(DAY)
    (told,) = entry.summary
    assert told.text == LEAD
    # The told lead is cited first, then the other day's article that opened the same way.
    assert [c.article for c in told.citations] == ["a", "b"]
    for citation in told.citations:
        assert corpus.articles[citation.article].text[citation.start : citation.end] == LEAD
    # The cited articles are the entry's sources too, shown beside the report's.
    assert entry.sources == ("a", "b", "report")
    assert entry.independent_sources == 3


def test_a_lead_glued_to_its_headline_pays_for_its_length() -> None:
    # Two leads of the day say the same; the first is a headline and dateline the sentence
    # splitter left glued to the lead (60 words): the plain 30-word lead is told.
    glued = "Flu headline " + " ".join(["word"] * 45) + " " + LEAD
    plain = " ".join(["more"] * 15) + " " + LEAD
    corpus = small_corpus({"a": (glued, _published(DAY)), "b": (plain, _published(DAY))})
    main = _unit(1.0, 0.1)
    corpus._sentence_vectors.update({"a": main[None, :], "b": main[None, :]})
    corpus._article_vectors.update({"a": main, "b": main})
    _date_mention(corpus, "a", 0, DAY)  # the headline's dateline makes it the day's report
    sentence = corpus.sentences["a"][0]
    report = Report("a", 0, sentence.start, sentence.end, sentence.text)
    happening = Happening("h1", DateInterval.day(DAY), "happened", "flu", (report,))
    story = Story("st1", "flu", (), ("a", "b"))
    shape = TimelineShape(dates=1, sentences=1, days_only=True)

    (entry,) = build_timeline(corpus, story, [happening], [], [], shape=shape)

    (told,) = entry.summary
    assert told.text == " ".join(plain.split())


def test_a_report_naming_another_day_is_not_told_under_this_one() -> None:
    other_day = DAY + dt.timedelta(days=10)
    right = "Health officials said on 27 April the new virus had reached Europe and Asia."
    wrong = "On 7 May the schools of the capital reopened after the week long closure ended."
    corpus = small_corpus(
        {"r": (right, _published(other_day)), "w": (wrong, _published(other_day))}
    )
    _date_mention(corpus, "r", 0, DAY)
    _date_mention(corpus, "w", 0, other_day)
    # The wrong one is nearer the story: only its date keeps it out of this day's entry.
    corpus._sentence_vectors.update({"r": _unit(0.5, 1.0)[None, :], "w": _unit(1.0)[None, :]})
    corpus._article_vectors.update({"r": _unit(1.0), "w": _unit(1.0)})
    reports = tuple(
        Report(a, 0, s.start, s.end, s.text) for a in ("r", "w") for s in corpus.sentences[a][:1]
    )
    # A chain of merges put both under the day (as happenings can).
    happening = Happening("h1", DateInterval.day(DAY), "happened", "flu", reports)
    story = Story("st1", "flu", (), ("r", "w"))
    shape = TimelineShape(dates=1, sentences=1, days_only=True)

    (entry,) = build_timeline(corpus, story, [happening], [], [], shape=shape)

    (told,) = entry.summary
    assert told.text == right
    assert entry.independent_sources == 2  # the date is still chosen from every report


def test_a_weekday_known_within_months_can_be_the_day_and_a_bare_year_cannot() -> None:
    weekday = "Officials said on Wednesday the new virus had reached Europe and Asia by now."
    year = "In 2009 the schools of the capital closed for a week as the new flu spread fast."
    corpus = small_corpus({"w": (weekday, _published(None)), "y": (year, _published(None))})
    wide = DateInterval(DAY - dt.timedelta(days=90), DAY + dt.timedelta(days=90), "day", DAY)
    for article_id, interval in (
        ("w", wide),
        ("y", DateInterval(dt.date(2009, 1, 1), dt.date(2009, 12, 31), "year")),
    ):
        found = corpus.sentences[article_id][0]
        corpus.time_mentions[article_id].append(
            TimeMention(
                article_id, found.start, found.start + 4, "x", "DATE", "x", 0, interval
            )
        )  # fmt: skip
    # The year sentence is nearer the story: only its coarse date keeps it out.
    corpus._sentence_vectors.update({"w": _unit(0.5, 1.0)[None, :], "y": _unit(1.0)[None, :]})
    corpus._article_vectors.update({"w": _unit(1.0), "y": _unit(1.0)})
    reports = tuple(
        Report(a, 0, s.start, s.end, s.text) for a in ("w", "y") for s in corpus.sentences[a][:1]
    )
    happening = Happening("h1", DateInterval.day(DAY), "happened", "flu", reports)
    story = Story("st1", "flu", (), ("w", "y"))
    shape = TimelineShape(dates=1, sentences=1, days_only=True)

    (entry,) = build_timeline(corpus, story, [happening], [], [], shape=shape)

    (told,) = entry.summary
    assert told.text == weekday


def _one_day_entry(texts: dict[str, str], vectors: dict[str, np.ndarray]) -> list[str]:
    corpus = small_corpus({a: (text, _published(DAY)) for a, text in texts.items()})
    corpus._sentence_vectors.update({a: v[None, :] for a, v in vectors.items()})
    corpus._article_vectors.update({a: _unit(1.0) for a in texts})
    reports = tuple(
        Report(a, 0, s.start, s.end, s.text) for a in texts for s in corpus.sentences[a][:1]
    )
    happening = Happening("h1", DateInterval.day(DAY), "happened", "flu", reports)
    story = Story("st1", "flu", (), tuple(texts))
    shape = TimelineShape(dates=1, sentences=1, days_only=True)
    (entry,) = build_timeline(corpus, story, [happening], [], [], shape=shape)
    return [s.text for s in entry.summary]


def test_a_pages_contact_line_run_into_a_sentence_is_not_told() -> None:
    # A page without its line breaks runs its footer into the last sentence; it is the one
    # nearest the story, and still not told while the day has news.
    footer = (
        "Ministers met on 27 April to discuss the new flu Letters for publication should be "
        "sent to: letters@example.co.uk If you need help using the site: help@example.co.uk"
    )
    news = "Health officials said on 27 April the new virus had reached Europe and Asia."
    vectors = {"footer": _unit(1.0), "news": _unit(0.5, 1.0)}
    assert _one_day_entry({"footer": footer, "news": news}, vectors) == [news]
    # A link is not news either; a day with nothing else to tell still tells it.
    link = "Read the health service's advice on the new flu at https://example.org/flu today."
    assert _one_day_entry(
        {"link": link, "news": news}, {"link": _unit(1.0), "news": _unit(0.5, 1.0)}
    ) == [news]
    assert _one_day_entry({"footer": footer}, {"footer": _unit(1.0)}) == [" ".join(footer.split())]


def test_of_two_sentences_alike_the_one_that_stands_alone_and_reports_is_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression: Timeline17's swine flu entries told "It is the first death from swine flu
    reported outside Mexico" and "He is thought to have picked up swine flu in Texas" (whose
    death? who?), and its oil spill entries a comment piece's "we must hope that BP questions
    its future" over the day's reports."""
    report = "Health officials said on 27 April that the new virus had reached Spain."
    quoted = "“The new virus has reached Spain,” health officials said on 27 April."
    others = [
        "But health officials said on 27 April that the new virus had reached Spain.",
        "It was health officials who said on 27 April that the new virus had reached Spain.",
        "We heard health officials say on 27 April that the new virus had reached Spain.",
        quoted,
    ]
    near = {"other": _unit(1.0), "report": _unit(1.0, 0.15)}  # the other a little nearer
    for other in others:
        texts = {"other": other, "report": report}
        with monkeypatch.context() as costless:
            costless.setattr(timeline, "POINTS_BACK_COST", 0.0)
            costless.setattr(timeline, "OWN_VOICE_COST", 0.0)
            assert _one_day_entry(texts, near) == [other]  # told were it not for the costs
        # Quoted words are the speaker's voice, not the writer's: not held against a report.
        assert _one_day_entry(texts, near) == [quoted if other == quoted else report], other
