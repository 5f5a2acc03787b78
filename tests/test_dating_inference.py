"""Publication dates: timestamps and print credits in the text, inference from similar dated
articles, and the dating evaluation's scoring."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from storyline.analyse.sentences import split_sentences
from storyline.analyse.timex import find_time_expressions
from storyline.evals import dating as dating_eval
from storyline.ingest.dating import infer_from_content, stated_date
from storyline.ingest.dating_clues import (
    clue_scores,
    dated_scores,
    dateline_scores,
    with_weekday_years,
)
from storyline.ingest.page_stamps import find_posted_stamps
from storyline.ingest.textdate import (
    find_dateline_day,
    find_print_credits,
    find_text_dates,
    parse_date,
)
from storyline.link.corpus import Corpus
from storyline.link.dating_similar import date_from_similar, voter_days
from storyline.models import Article, DateInterval, Mention, PublicationDate, TimeMention
from storyline.pipeline import BuildOptions

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _inferred(text: str, collected_on: dt.date = dt.date(2030, 1, 1)) -> PublicationDate:
    """The date an article of ``text`` alone is given from its own time expressions."""
    mentions = find_time_expressions("a", text, split_sentences("a", text), None, "en")
    return infer_from_content(text, mentions, collected_on=collected_on)


BODY = "Officials met on Wednesday to agree a plan on migration, the State Department said."

# -- timestamps near the top -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("top", "day"),
    [
        # A headline and standfirst run into the page's timestamp on one line.
        (
            "Gulf well cement flaws known, investigator says Tests failed before the explosion "
            "Friday 29 October 2010 08.38 BST Fire burns on the rig as crews fight it.",
            dt.date(2010, 10, 29),
        ),
        (
            "LONDON | Wed Dec 1, 2010 8:28 am EST LONDON (Reuters) - Shares rose.",
            dt.date(2010, 12, 1),
        ),
        (
            "Maggie Shiels | 09:33 UK time, Wednesday, 9 June 2010 BP is under fire.",
            dt.date(2010, 6, 9),
        ),
        (
            "Wednesday, May 26, 2010; 4:26 PM As the administration comes under fire",
            dt.date(2010, 5, 26),
        ),
        ("6 January 2011 Last updated at 04:46 GMT Help", dt.date(2011, 1, 6)),
        ("By Jane Doe | May 14, 2010; 7:15 AM ET", dt.date(2010, 5, 14)),
        # A wire page's timestamp with spaces for separators, before its dateline.
        (
            "2009 05 3 08:53 JST MEXICO CITY (Reuters) - Mexico's flu outbreak appeared to be"
            " stabilizing on Saturday but officials warned the virus still threatened the world.",
            dt.date(2009, 5, 3),
        ),
        ("2009 06 13 00:11 JST The agency declared a pandemic.", dt.date(2009, 6, 13)),
        # A newspaper's print stamp: the edition's day and page, run into the story.
        (
            "Thursday, October 23, 2008; Page A01 Employers are moving to aggressively cut jobs"
            " and reduce costs in the face of the nation's economic crisis, preparing for what"
            " many fear will be a long and painful recession.",
            dt.date(2008, 10, 23),
        ),
    ],
)
def test_timestamps_near_the_top(top: str, day: dt.date) -> None:
    (candidate,) = find_text_dates(f"{top}\n{BODY}")
    assert candidate.date == day
    assert candidate.provenance == "text"
    assert candidate.evidence.startswith("text line 1:")


@pytest.mark.parametrize(
    "top",
    [
        # The story's dates, not the page's: a preposition leads them.
        "The meeting on Friday 29 October 2010 10:00 was short and ended without a deal at all.",
        "By Peter Bowes BBC News Jackson, who was due to play 50 dates, died on 25 June 2009.",
        # A clock reading that is not one: "3.5 hours" after a date in a sentence.
        "On February 28, 2024, officials met in Washington and talks lasted 3.5 hours in all.",
        # Figures, not a date: three numbers with spaces and no clock after them.
        "Sales were 2009 06 13 units in the three regions, the company said in its report today.",
        # The story's date beside a page reference in a sentence: "on" leads it.
        "The paper reported on Thursday, October 23, 2008; Page A01 carried the story of the cuts.",
    ],
)
def test_story_dates_are_not_timestamps(top: str) -> None:
    assert find_text_dates(f"{top}\n{BODY}") == []


_PRINTED = (
    f"{BODY}\nThe plan was criticised on Thursday.\n"
    "A version appeared on p18 of the Main section of the Guardian on 09.26 BST on "
    "Wednesday 12 May 2010"
)
# A Washington Post blog page of 12 October 2008: its stamp is mid-text, after the author's note.
_POSTED = (
    f"{BODY}\nThe plan was criticised in 2007.\nHis e-mail address is Posted by Fareed "
    "Zakaria on October 12, 2008 7:51 PM But the average American's behaviour changed."
)


@pytest.mark.parametrize(
    ("text", "day", "said"),
    [
        (_PRINTED, dt.date(2010, 5, 12), "in print on 2010-05-12"),
        (_POSTED, dt.date(2008, 10, 12), "posted on 2008-10-12"),
    ],
)
def test_a_pages_stamp_bounds_the_date_to_its_week_and_is_the_best_guess(
    text: str, day: dt.date, said: str
) -> None:
    assert find_text_dates(text) == []  # a print day or a post's is not near the top
    published = infer_from_content(text, [], collected_on=dt.date(2012, 1, 1))
    assert published.provenance == "inferred"
    assert published.interval == DateInterval(day - dt.timedelta(days=7), day, "month", day)
    assert any(said in line for line in published.evidence)


def test_print_credit_is_read_from_the_foot_of_the_text() -> None:
    ((day, evidence),) = find_print_credits(_PRINTED)
    assert day == dt.date(2010, 5, 12)
    assert evidence.startswith("text line 3:")


def test_a_credit_in_the_middle_of_the_story_is_not_read() -> None:
    lines = ["A version appeared in print on Monday 3 May 2010."] + [BODY] * 8
    assert find_print_credits("\n".join(lines)) == []


def test_regression_a_blog_posts_stamp_in_the_text_was_not_read() -> None:
    # The page of _POSTED was dated by similar articles alone, a month off: nothing read a
    # stamp below the lines read for a page's date.
    ((day, evidence),) = find_posted_stamps(_POSTED)
    assert day == dt.date(2008, 10, 12)
    assert evidence.startswith('"Posted by Fareed Zakaria on October 12, 2008 7:51 PM')


def test_the_earliest_readers_comment_bounds_the_date() -> None:
    # Each header the cleaner cuts readers' comments at, in any of its forms, dates one.
    text = (
        f"{BODY} {BODY} {BODY}\nPosted by: a reader | January 18, 2009 8:56 PM Crashing it "
        "twice is news.\nAt 10:02 am on 16 Jan 2009, another wrote: Indeed.\nJane says:\n"
        "January 17, 2009 at 10:15 am\nQuite."
    )
    assert [day for day, _ in find_posted_stamps(text)] == [
        dt.date(2009, 1, 16),
        dt.date(2009, 1, 17),
        dt.date(2009, 1, 18),
    ]
    # Above the article's first words, such headers are a widget of other pages' comments.
    assert find_posted_stamps(f"Posted by: a reader | January 18, 2009 8:56 PM\n{BODY}") == []
    published = infer_from_content(text, [], collected_on=dt.date(2012, 1, 1))
    assert published.interval is not None
    assert (published.interval.end, published.interval.best) == (dt.date(2009, 1, 16),) * 2


@pytest.mark.parametrize(
    "text",
    [
        "A video posted by the group on June 3, 2009 at a rally showed the march.",  # prose
        "Posted by Ann on June 3, 2009 and shared widely.",  # no clock: any date of a story
    ],
)
def test_a_date_after_posted_by_is_a_stamp_only_with_its_clock(text: str) -> None:
    assert find_posted_stamps(text) == []


# -- properties --------------------------------------------------------------------------------

_TEXT = st.lists(
    st.sampled_from(
        [
            *("a", "b", " ", "X", ",", ".", ";", "|", "-", "(", ")", "\n", "0", "1", "12", "29"),
            *("May ", "2010 ", "BST ", "08.38 ", "5:11 am ", "on ", "By ", "A version appeared "),
            *("Posted by ", ": ", "| ", "7:51 PM "),
        ]
    ),
    max_size=120,
).map("".join)


@FAST
@given(_TEXT)
@example("Friday 29 October 2010 08.38 BST")
@example("31 February 2010 10:00 GMT")
@example("A version appeared on 99.99 BST on 40 May 2010")
def test_text_dates_never_raise_and_are_read_from_the_text(text: str) -> None:
    for candidate in find_text_dates(text):
        assert candidate.provenance == "text"
        assert str(candidate.date.year) in text
        assert candidate.evidence.startswith("text line ")
    for day, evidence in find_print_credits(text):
        assert str(day.year) in text
        assert evidence.startswith("text line ")
    stamps = find_posted_stamps(text)
    assert [day for day, _ in stamps] == sorted(day for day, _ in stamps)
    for day, evidence in stamps:
        assert str(day.year) in text
        assert evidence.startswith('"') and evidence.endswith('..."')


@FAST
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)), st.booleans())
def test_any_timestamp_is_read_back(day: dt.date, day_first: bool) -> None:
    written = (
        f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')} 08.38 BST"
        if day_first
        else f"{day.strftime('%a %b')} {day.day}, {day.year} 5:11 am EDT"
    )
    top = f"Headline of a story about talks Standfirst of it {written} The story begins."
    assert [c.date for c in find_text_dates(f"{top}\n{BODY}")] == [day]
    assert parse_date(written) == day


# -- dating from similar dated articles --------------------------------------------------------

_STORIES = {
    "spill": "The {n} oil rig explosion Deepwater Horizon BP cap Macondo well leak Louisiana "
    "coast Hayward dispersant barrels {x}.",
    "flu": "Swine flu H1N1 virus outbreak Mexico pandemic vaccine WHO Chan cases school {x}.",
}


#: Shares some words with the spill reports: the same topic, not the same news.
_ON_THE_TOPIC_ONLY = (
    "Fishermen along the bayou count losses as shrimp prices collapse and tourists cancel "
    "bookings; restaurants close early, boats stay docked, families wait for claims after "
    "the Deepwater Horizon oil rig explosion at the Macondo well."
)


def _article(article_id: str, text: str, published: PublicationDate) -> Article:
    return Article(id=article_id, source=article_id, text=text, language="en", published=published)


def _corpus(articles: list[Article]) -> Corpus:
    corpus = Corpus({}, {}, {}, {}, {}, {})
    for article in articles:
        corpus.articles[article.id] = article
        corpus.sentences[article.id] = split_sentences(article.id, article.text)
        corpus.time_mentions[article.id] = []
        corpus.mentions[article.id] = []
        corpus.quotes[article.id] = []
        corpus.figures[article.id] = []
    return corpus


def _read_corpus(articles: list[Article]) -> Corpus:
    """:func:`_corpus` with each article's time expressions, as the per-article stages read
    them (against its date, and without one)."""
    corpus = _corpus(articles)
    for article in articles:
        sentences = corpus.sentences[article.id]
        corpus.time_mentions[article.id] = find_time_expressions(
            article.id, article.text, sentences, article.published.interval, "en"
        )
        corpus.unanchored_time_mentions[article.id] = find_time_expressions(
            article.id, article.text, sentences, None, "en"
        )
    return corpus


def _stated(day: dt.date) -> PublicationDate:
    return PublicationDate(DateInterval.day(day), "text", ("text line 1",))


SPILL_DAY, FLU_DAY = dt.date(2010, 6, 3), dt.date(2009, 4, 28)
UNKNOWN = PublicationDate(None, "unknown", ("no date in metadata, text or content",))


def _spill_and_flu(flu_reports: int) -> list[Article]:
    """Three reports of the spill with its day stated, ``flu_reports`` of the flu with
    theirs, and an undated report of the spill ("u")."""
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="kill top"), _stated(SPILL_DAY))
        for i in range(3)
    ]
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x="closed"), _stated(FLU_DAY))
        for i in range(flu_reports)
    ]
    return [*articles, _article("u", _STORIES["spill"].format(n=9, x="kill top"), UNKNOWN)]


def test_undated_article_takes_the_days_of_similar_dated_ones() -> None:
    updates = date_from_similar(_corpus(_spill_and_flu(3)), collected_on=dt.date(2012, 1, 1))
    assert set(updates) == {"u"}
    interval = updates["u"].interval
    assert interval is not None
    assert interval.best == SPILL_DAY
    assert interval.start == SPILL_DAY - dt.timedelta(days=30)
    assert interval.end == SPILL_DAY + dt.timedelta(days=7)
    assert updates["u"].provenance == "inferred"
    assert "3 dated articles report the same things" in updates["u"].evidence[-1]


def test_the_days_that_voted_are_those_of_the_similar_dated_articles() -> None:
    """``voter_days``: the days of the dated articles whose votes date each undated one, the
    same that ``date_from_similar`` weighs; fewer than three similar ones give none."""
    articles = _spill_and_flu(2)
    articles.append(_article("v", _STORIES["flu"].format(x="closed"), UNKNOWN))
    corpus = _corpus(articles)
    assert voter_days(corpus) == {"u": [SPILL_DAY] * 3}
    assert voter_days(corpus, {"v"}) == {}
    assert set(date_from_similar(corpus, dt.date(2012, 1, 1))) == {"u"}


def test_own_bounds_narrow_and_unrelated_articles_stay_undated() -> None:
    day = dt.date(2010, 6, 3)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="kill"), _stated(day)) for i in range(3)
    ]
    own = PublicationDate(
        DateInterval(dt.date(2010, 6, 5), dt.date(2011, 1, 1), "year"), "inferred", ("own",)
    )
    articles.append(_article("u", _STORIES["spill"].format(n=5, x="kill"), own))
    unknown = PublicationDate(None, "unknown", ())
    articles.append(_article("v", "Completely different words about cricket scores.", unknown))
    updates = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))
    assert set(updates) == {"u"}
    interval = updates["u"].interval
    assert interval is not None
    assert (interval.start, interval.end) == (dt.date(2010, 6, 5), dt.date(2010, 6, 10))
    assert interval.best == dt.date(2010, 6, 5)  # the voted day, moved into the own bounds
    assert updates["u"].evidence[0] == "own"


def test_regression_relinking_appended_the_vote_to_the_evidence_again() -> None:
    """Every build votes again from the date the last build stored: the vote must replace
    the earlier one (it used to be appended once more per build, so nothing ever settled and
    each relink redid the article's time expressions)."""
    day = dt.date(2010, 6, 3)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="kill top"), _stated(day))
        for i in range(3)
    ]
    flu_day = dt.date(2009, 4, 28)
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x="closed"), _stated(flu_day)) for i in range(3)
    ]
    unknown = PublicationDate(None, "unknown", ("no date in metadata, text or content",))
    articles.append(_article("u", _STORIES["spill"].format(n=9, x="kill top"), unknown))
    corpus = _corpus(articles)
    first = date_from_similar(corpus, collected_on=dt.date(2012, 1, 1))
    corpus.articles["u"] = dataclasses.replace(corpus.articles["u"], published=first["u"])
    assert date_from_similar(corpus, collected_on=dt.date(2012, 1, 1)) == {}
    assert len(set(first["u"].evidence)) == len(first["u"].evidence) == 2


def test_voting_for_targets_only_gives_them_the_dates_a_vote_for_all_gives() -> None:
    """An incremental link dates one article among its neighbours: only its vote is taken,
    while the other undated articles still weigh the words (document frequencies); its new
    date must be the one voting for every undated article gives it."""
    spill_day, flu_day = dt.date(2010, 6, 3), dt.date(2009, 4, 28)
    articles = [
        _article(
            f"s{i}",
            _STORIES["spill"].format(n=i, x="kill top"),
            _stated(spill_day + dt.timedelta(days=i)),
        )
        for i in range(4)
    ]
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x=f"closed {i}"), _stated(flu_day))
        for i in range(3)
    ]
    unknown = PublicationDate(None, "unknown", ("no date in metadata, text or content",))
    articles += [
        _article("u1", _STORIES["spill"].format(n=9, x="kill top"), unknown),
        _article("u2", _STORIES["flu"].format(x="closed again"), unknown),
        _article("u3", _ON_THE_TOPIC_ONLY, unknown),
        _article("u4", "Completely different words about cricket scores.", unknown),
    ]
    collected = dt.date(2012, 1, 1)
    every = date_from_similar(_corpus(articles), collected_on=collected)
    assert {"u1", "u2"} <= set(every)
    for target in ("u1", "u2", "u3", "u4"):
        alone = date_from_similar(_corpus(articles), collected_on=collected, targets={target})
        assert alone == {k: v for k, v in every.items() if k == target}
    assert date_from_similar(_corpus(articles), collected_on=collected, targets=set()) == {}


def test_dating_targets_reads_only_the_sentences_and_names_it_says_it_reads() -> None:
    """An incremental link reads its neighbours' sentences and names only where dating reads
    them (``reads_in_full``: a tenure, a date in a month the article names without a year)
    and their time expressions only when it names one: dating among such partial reads gives
    what dating among whole ones gives."""
    from storyline.link.dating import names_a_tenure, reads_in_full, refine_dates, yearless_months

    def stated(day: dt.date, text: str, article_id: str) -> Article:
        return _article(article_id, text, _stated(day))

    unknown = PublicationDate(None, "unknown", ("no date in metadata, text or content",))
    articles = [
        _article("u", "Leaders will meet in Los Angeles in June to talk about migration.", unknown),
        stated(
            dt.date(2022, 5, 2),
            "Leaders will meet in Los Angeles in June 2022 to talk about migration.",
            "d1",
        ),
        stated(dt.date(2022, 5, 3), "The mayor, who took office in 2019, spoke at length.", "d2"),
        stated(dt.date(2022, 5, 4), "Cricket scores rose in Leeds on a sunny afternoon.", "d3"),
        stated(dt.date(2022, 5, 5), "Wheat prices fell again in Chicago trading this week.", "d4"),
    ]
    whole = _corpus(articles)
    for article in articles:
        interval = article.published.interval
        found = find_time_expressions(
            article.id, article.text, whole.sentences[article.id], interval, "en"
        )
        whole.time_mentions[article.id] = found
        whole.unanchored_time_mentions[article.id] = find_time_expressions(
            article.id, article.text, whole.sentences[article.id], None, "en"
        )
    months = yearless_months(whole, ["u"])
    assert months == {6}
    full = {
        a.id
        for a in articles
        if reads_in_full(names_a_tenure(a), whole.time_mentions[a.id], months)
    }
    assert full == {"d1", "d2"}
    full.add("u")  # the article to date is read whole
    partial = dataclasses.replace(
        whole,
        articles=dict(whole.articles),
        sentences={a: (s if a in full else []) for a, s in whole.sentences.items()},
        mentions={a: (m if a in full else []) for a, m in whole.mentions.items()},
        time_mentions=dict(whole.time_mentions),
        figures=dict(whole.figures),
        _vectors={},
    )
    options = BuildOptions(collected_on=dt.date(2023, 1, 1))
    assert refine_dates(partial, options, {"u"}) == refine_dates(whole, options, {"u"}) == {"u"}
    assert partial.articles["u"] == whole.articles["u"]
    interval = whole.articles["u"].published.interval
    assert interval is not None and interval.end <= dt.date(2022, 6, 30), interval
    assert partial.time_mentions["u"] == whole.time_mentions["u"]
    assert any("June" in line and "d1" in line for line in whole.articles["u"].published.evidence)


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                *("since", "Since", "taking", "took", "entered", "office", "Office", "officer"),
                *("in", "June", "2021", "1999", "21", ",", ".", " ", "  ", "\n", "x", "Biden"),
            ]
        ),
        max_size=14,
    )
)
@example(["took", " ", "office", " ", "in", " ", "2021"])
def test_a_text_without_the_tenure_span_has_no_tenure_sentence(words: list[str]) -> None:
    """Dating skips the sentences (and, for a neighbour of an incremental link, the reading
    of sentences and names) of a text where the edgeless tenure pattern finds nothing: every
    match of the sentence pattern must hold a match of it."""
    from storyline.link.dating import _TOOK_OFFICE, _TOOK_OFFICE_SPAN

    text = " ".join(words) if len(words) % 2 else "".join(words)
    if _TOOK_OFFICE.search(text):
        assert _TOOK_OFFICE_SPAN.search(text)


def test_nothing_to_do_without_dated_articles() -> None:
    unknown = PublicationDate(None, "unknown", ())
    corpus = _corpus([_article("u", _STORIES["flu"].format(x="a"), unknown)])
    assert date_from_similar(corpus, collected_on=dt.date(2012, 1, 1)) == {}


def test_stated_date_follows_the_order_of_trust() -> None:
    text = "Wed Dec 1, 2010 8:28 am EST (Reuters) - Shares rose.\n" + BODY
    published = stated_date(find_text_dates(text))
    assert published is not None
    assert published.provenance == "text"
    assert published.interval == DateInterval.day(dt.date(2010, 12, 1))
    assert stated_date([]) is None


# -- the dating evaluation -------------------------------------------------------------------


def _write_t17(root: Path) -> None:
    days = {
        "2010-06-03": [
            "Thu Jun 3, 2010 9:10 am EDT (Reuters) - BP's top kill failed to stop the Deepwater "
            "Horizon oil leak off Louisiana, Hayward said on Wednesday .",
            "Thu Jun 3, 2010 1:15 pm EDT (Reuters) - The top kill failed and the Deepwater "
            "Horizon leak goes on off Louisiana , BP 's Hayward said .",
            "Thu Jun 3, 2010 6:40 pm EDT (Reuters) - After the top kill failed , BP prepares a "
            "cap for the Deepwater Horizon leak off Louisiana , Hayward said .",
            "BP 's top kill failed to stop the Deepwater Horizon oil leak off Louisiana , the "
            "company said , as Hayward faced questions .",
        ],
        "2009-04-28": [
            "Tue Apr 28, 2009 7:00 am EDT (Reuters) - Swine flu H1N1 cases rose in Mexico as "
            "schools closed , WHO chief Chan said .",
        ],
    }
    for day, texts in days.items():
        folder = root / "bpoil_reuters" / "InputDocs" / day
        folder.mkdir(parents=True)
        for n, text in enumerate(texts):
            (folder / f"{n}.htm.txt").write_text(text, encoding="utf-8")


def test_dating_eval_on_a_small_t17_layout(tmp_path: Path) -> None:
    _write_t17(tmp_path / "data")
    metrics = dating_eval.run(tmp_path / "data", tmp_path / "out")
    assert metrics["articles"] == 5
    assert metrics["stated_in_text"] == 4
    assert metrics["inferred_articles"] == 1
    # The undated copy of the top-kill story takes the day of the dated report of it.
    assert metrics["within_3_days"] == 1.0
    assert metrics["interval_coverage"] == 1.0
    # Its votes held the right day; the stated ones had none.
    assert metrics["inferred_voters_within_3_days"] == 1.0
    rows = (tmp_path / "out" / "dates.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 5
    held = sorted(json.loads(row)["voters_within_3_days"] is True for row in rows)
    assert held == [False, False, False, False, True]


def test_the_dating_eval_builds_each_file_as_a_build_reads_it(tmp_path: Path) -> None:
    """Identical files are one article (each scored against its own folder's date), a file
    no article is built from (empty) is scored as undated, and a stamp a page prints is read
    from its raw text as a build reads it."""

    _write_t17(tmp_path / "data")
    source = tmp_path / "data" / "bpoil_reuters" / "InputDocs" / "2010-06-03" / "0.htm.txt"
    later = tmp_path / "data" / "bpoil_reuters" / "InputDocs" / "2010-06-05"
    later.mkdir()
    (later / "9.htm.txt").write_bytes(source.read_bytes())
    (later / "10.htm.txt").write_bytes(b"")
    metrics = dating_eval.run(tmp_path / "data", tmp_path / "out")
    assert metrics["articles"] == 7
    assert metrics["dated"] == 6
    rows = {
        row["path"].rsplit("/", 2)[-2] + "/" + row["path"].rsplit("/", 1)[-1]: row
        for row in map(json.loads, (tmp_path / "out" / "dates.jsonl").read_text().splitlines())
    }
    assert rows["2010-06-05/9.htm.txt"]["best"] == rows["2010-06-03/0.htm.txt"]["best"]
    assert rows["2010-06-03/0.htm.txt"]["best"] == "2010-06-03"
    assert rows["2010-06-05/10.htm.txt"]["provenance"] == "not built"
    assert rows["2010-06-05/10.htm.txt"]["best"] is None
    # The analysis is cached beside the dates: a second run reads it and gives the same.
    assert list((tmp_path / "out" / "cache").glob("corpus-*.pickle"))
    assert dating_eval.run(tmp_path / "data", tmp_path / "out") == metrics


def test_dating_among_the_closest_neighbours_dates_as_the_whole_corpus_does_here(
    tmp_path: Path,
) -> None:
    """The eval of an incremental link's dating: the undated article, dated among its 4
    closest with a stated day (every other article here), is dated as the whole corpus dates
    it; among its closest one alone, fewer than 3 similar dated articles date nothing."""
    _write_t17(tmp_path / "data")
    whole = dating_eval.run(tmp_path / "data", tmp_path / "whole")
    among = dating_eval.run_among_neighbours(tmp_path / "data", 4, 0, tmp_path / "among")
    assert (among["voters"], among["neighbours"]) == (4, 0)
    assert {k: v for k, v in among.items() if k not in ("voters", "neighbours")} == whole
    assert (tmp_path / "among" / "dates.jsonl").read_text() == (
        tmp_path / "whole" / "dates.jsonl"
    ).read_text()
    for voters, neighbours in ((1, 0), (0, 1)):
        alone = dating_eval.run_among_neighbours(tmp_path / "data", voters, neighbours)
        assert alone["inferred_within_3_days"] == 0.0


def test_the_dating_eval_from_the_command_line_prints_its_metrics_or_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    _write_t17(tmp_path / "data")
    assert dating_eval.main([str(tmp_path / "data"), "--incremental"]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["articles"] == 5 and printed["voters"] == 100
    assert dating_eval.main([str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_a_part_of_a_corpus_holds_only_its_articles_and_shares_the_embeddings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.link import corpus as corpus_module

    texts = {"a": "Talks resumed in Geneva.", "b": "Oil leaked off Louisiana.", "c": "Rain."}
    corpus = Corpus(
        {i: Article(id=i, source=i, text=t) for i, t in texts.items()},
        {i: split_sentences(i, t) for i, t in texts.items()},
        {i: [] for i in texts},
        {i: [] for i in texts},
        {i: [] for i in texts},
        {i: [] for i in texts},
    )
    part = corpus.part(["c", "a", "missing"])
    assert list(part.articles) == ["c", "a"] and set(part.sentences) == {"a", "c"}
    vector = part.sentence_vector("a", 0)
    # Embedded by the part, known to the whole: not embedded again.
    calls: list[list[str]] = []
    real = corpus_module.embed
    monkeypatch.setattr(
        corpus_module, "embed", lambda batch: calls.append(list(batch)) or real(batch)
    )
    assert np.array_equal(corpus.sentence_vector("a", 0), vector)
    assert calls == []


def test_dating_scores() -> None:
    rows = [
        {
            "truth": "2010-06-03",
            "start": "2010-06-01",
            "end": "2010-06-05",
            "best": "2010-06-03",
            "provenance": "text",
        },
        {
            "truth": "2010-06-03",
            "start": "2010-06-04",
            "end": "2010-06-09",
            "best": "2010-06-07",
            "provenance": "inferred",
            "voters_within_3_days": True,
        },
        {
            "truth": "2010-06-03",
            "start": None,
            "end": None,
            "best": None,
            "provenance": "unknown",
            "voters_within_3_days": None,
        },
    ]
    scores = dating_eval._score(rows)
    assert scores["articles"] == 3
    assert scores["exact_day"] == round(1 / 3, 4)
    assert scores["within_3_days"] == round(1 / 3, 4)
    assert scores["interval_coverage"] == round(1 / 3, 4)
    assert scores["median_abs_error_days"] == 2.0
    assert scores["inferred_articles"] == 2
    assert scores["inferred_within_3_days"] == 0.0
    # The votes held the right day for one of the two: the other had no votes.
    assert scores["inferred_voters_within_3_days"] == 0.5


def test_time_expressions_give_bounds_without_a_date() -> None:
    text = "The summit was held in Los Angeles in June 2022. Leaders will meet again in 2024."
    sentences = split_sentences("a", text)
    mentions = find_time_expressions("a", text, sentences, None, "en")
    published = infer_from_content(text, mentions, collected_on=dt.date(2030, 1, 1))
    assert published.interval is not None
    assert published.interval.start == dt.date(2022, 6, 1)
    assert published.interval.end == dt.date(2024, 12, 31)


def test_a_dateline_in_one_year_of_the_interval_is_the_best_guess() -> None:
    text = (
        "PARIS, Oct. 9 -- Ministers agreed a rescue plan on Thursday. The bank collapsed in"
        " September 2008, and talks will resume in 2009."
    )
    published = _inferred(text)
    assert published.interval is not None
    assert published.interval.best == dt.date(2008, 10, 9)
    assert any("PARIS, Oct. 9 --" in line for line in published.evidence)


def test_past_months_put_the_best_guess_after_them_where_plans_pull_ahead() -> None:
    """The seed story's Panama articles: months told as past (February, March) and as to come
    (June, the June 6 summit, November's elections). Summing the distances put the guess on
    the summit's first day, two future references to one past; the past weighs twice and a
    past month has ended, so the guess is just after March."""
    text = (
        "The invasion began in 2022, in February. In March, authorities apprehended 221,000"
        " people, an issue sure to be highlighted in November elections. Leaders will meet in"
        " June, and the summit will be held on June 6."
    )
    published = _inferred(text)
    assert published.interval is not None
    best = published.interval.best
    assert best is not None and (best.month, best.day) == (4, 1)
    (line,) = [e for e in published.evidence if e.startswith("most likely ")]
    assert line.startswith(f"most likely {best}: on or just after “February”, “March”")
    assert "on or before “November”, “June”, “June 6”" in line


def test_the_guess_line_is_replaced_not_repeated() -> None:
    from storyline.ingest.dating import with_guess

    mention = TimeMention("a", 0, 5, "March", "DATE", "XXXX-03", 0, None, "past", False)
    once = with_guess(("a clue",), dt.date(2022, 3, 28), [mention])
    twice = with_guess(once, dt.date(2022, 3, 29), [mention])
    assert once == (
        "a clue",
        "most likely 2022-03-28: on or just after “March” (months and days named without a year)",
    )
    assert twice[0] == "a clue" and len(twice) == 2 and "2022-03-29" in twice[1]
    assert with_guess(once, None, []) == ("a clue",)
    assert with_guess(once, None, [mention]) == (
        "a clue",
        "no most likely day: the months and days named without a year, “March” fit several of"
        " its years alike",
    )


def test_regression_a_since_bound_does_not_choose_the_year() -> None:
    """A Spanish wire's "la cifra más alta ... desde febrero de 2000" bounded it from 2000,
    its months fit every year after alike, and the guess went to the earliest: 2000. A
    "since" bound says nothing of how long ago it was: no guess where the years tie."""
    text = (
        "En marzo, las autoridades detuvieron a más de 221.000 personas, la cifra más alta"
        " desde febrero de 2000. La cumbre se celebrará en junio."
    )
    mentions = find_time_expressions("a", text, split_sentences("a", text), None, "es")
    published = infer_from_content(text, mentions, collected_on=dt.date(2026, 12, 6))
    assert published.interval is not None
    assert published.interval.start == dt.date(2000, 2, 1)
    assert published.interval.best is None
    assert published.evidence[-1].startswith("no most likely day")
    # Reported as happening then, the same year is the earliest: the guess stays.
    happened = text.replace("desde febrero de 2000", "en febrero de 2020")
    mentions = find_time_expressions("a", happened, split_sentences("a", happened), None, "es")
    dated = infer_from_content(happened, mentions, collected_on=dt.date(2026, 12, 6)).interval
    assert dated is not None and dated.best is not None and dated.best.year == 2020


def test_regression_infer_from_content_did_not_read_the_dateline() -> None:
    """An article dated from its own text alone (fewer than 3 similar dated articles, as the
    seed corpus's undated ones) got its best guess from a yearless month in its body,
    months from the day its dateline names."""
    text = (
        "UNITED NATIONS, Nov. 24 -- Delegates said on Monday the fund needs more money. The"
        " crisis began in September 2008, and the last talks were held in March. A vote will"
        " come in 2009."
    )
    published = _inferred(text)
    assert published.interval is not None
    assert published.interval.best == dt.date(2008, 11, 24)


def test_a_topic_match_gives_a_broad_interval_that_own_bounds_narrow() -> None:
    day = dt.date(2011, 9, 27)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="trial"), _stated(day)) for i in range(3)
    ]
    own = PublicationDate(
        DateInterval(dt.date(2011, 8, 1), dt.date(2012, 3, 1), "month", dt.date(2011, 11, 2)),
        "inferred",
        ("own",),
    )
    # Shares a few of its words with the dated reports: the same topic, not the same news.
    text = _ON_THE_TOPIC_ONLY
    articles.append(_article("u", text, own))
    # The rest of its words are shared with another undated article, so they count too.
    unknown = PublicationDate(None, "unknown", ())
    articles.append(_article("v", text.replace("the Deepwater Horizon", "a storm"), unknown))
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x="closed"), _stated(day)) for i in range(3)
    ]
    updates = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))
    # Without bounds of its own, a topic match gives a broad interval: a season either side.
    broad = updates["v"].interval
    assert broad is not None
    season = dt.timedelta(days=90)
    assert (broad.start, broad.end) == (day - season, day + season)
    interval = updates["u"].interval
    assert interval is not None
    # A season either side of the dated day, cut by the own bounds.
    assert (interval.start, interval.end, interval.best) == (
        dt.date(2011, 8, 1),
        day + season,
        day,
    )
    assert updates["u"].evidence[0] == "own"
    assert "are on the same topic" in updates["u"].evidence[-1]


def _spill_vote(own: PublicationDate, day: dt.date) -> dict[str, PublicationDate]:
    """Three reports of the spill stated on ``day``, two of the flu, and "u": a fourth spill
    report whose own date is ``own``; what the similar articles' vote gives."""
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="kill"), _stated(day)) for i in range(3)
    ]
    articles.append(_article("u", _STORIES["spill"].format(n=7, x="kill"), own))
    articles += [_article(f"f{i}", _STORIES["flu"].format(x="a"), _stated(day)) for i in range(2)]
    return date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))


def test_own_bounds_that_miss_every_similar_article_are_set_aside() -> None:
    day = dt.date(2010, 6, 3)
    # "1952" read as future tense: bounds decades away from every report of the same news.
    misread = PublicationDate(
        DateInterval(dt.date(1951, 12, 31), dt.date(1952, 12, 31), "year"), "inferred", ("own",)
    )
    updates = _spill_vote(misread, day)
    interval = updates["u"].interval
    assert interval is not None
    assert interval.best == day
    assert interval.contains_date(day)
    assert any(
        line.startswith("set aside: the text's own bounds 1951-12-31")
        for line in updates["u"].evidence
    )


def test_one_or_two_similar_dated_articles_date_nothing() -> None:
    # As in the seed corpus: one article dated, the others on the same topic but other news.
    day = dt.date(2024, 2, 28)
    unknown = PublicationDate(None, "unknown", ())
    for dated in (1, 2):
        articles = [
            _article(f"s{i}", _STORIES["spill"].format(n=i, x="kill"), _stated(day))
            for i in range(dated)
        ]
        articles += [_article(f"f{i}", _STORIES["flu"].format(x="a"), unknown) for i in range(2)]
        articles.append(_article("u", _STORIES["spill"].format(n=7, x="kill"), unknown))
        assert date_from_similar(_corpus(articles), collected_on=dt.date(2025, 1, 1)) == {}


def test_regression_own_bounds_that_leave_out_the_voted_day_narrowed_the_interval_off_it() -> None:
    """A yearless "20 August" given its year by another article's "August 20" (an anniversary
    piece) bounded a June 2010 report to 20 August 2010: the bounds overlapped the broad window
    of the topic's dated reports, so they narrowed it to a day far from every report, and the
    interval missed the truth. Bounds that leave out the voted day by more than a week are set
    aside."""
    day = dt.date(2010, 6, 3)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="trial"), _stated(day)) for i in range(3)
    ]
    misread = PublicationDate(
        DateInterval(dt.date(2010, 8, 20), dt.date(2010, 8, 20), "day"), "inferred", ("own",)
    )
    # Only on the topic of the dated reports (as in the topic-match test above).
    text = _ON_THE_TOPIC_ONLY
    articles.append(_article("u", text, misread))
    unknown = PublicationDate(None, "unknown", ())
    articles.append(_article("v", text.replace("the Deepwater Horizon", "a storm"), unknown))
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x="closed"), _stated(day)) for i in range(3)
    ]
    updates = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))
    interval = updates["u"].interval
    assert interval is not None
    assert "are on the same topic" in updates["u"].evidence[-1]
    assert interval.contains_date(day)
    assert interval.best == day
    assert any("leave out 2010-06-03" in line for line in updates["u"].evidence)


def test_own_bounds_a_few_days_off_the_voted_day_still_narrow() -> None:
    day = dt.date(2010, 6, 3)
    own = PublicationDate(
        DateInterval(dt.date(2010, 6, 8), dt.date(2010, 12, 1), "month"), "inferred", ("own",)
    )
    updates = _spill_vote(own, day)
    interval = updates["u"].interval
    assert interval is not None
    assert (interval.start, interval.end) == (dt.date(2010, 6, 8), dt.date(2010, 6, 10))
    assert not any(line.startswith("set aside") for line in updates["u"].evidence)


# -- the article's own weekdays and month-days pick the day among the voted ones -------------


def _clues(text: str) -> list[TimeMention]:
    return find_time_expressions("a", text, split_sentences("a", text), None, "en")


def _pick(text: str, days: list[dt.date]) -> dt.date:
    ordinals = np.array([d.toordinal() for d in days])
    return days[int(np.argmax(clue_scores(ordinals, _clues(text))))]


def test_a_past_weekday_points_to_that_day_or_the_next() -> None:
    week = [dt.date(2010, 6, 1) + dt.timedelta(days=n) for n in range(7)]  # Tuesday on
    # "said on Thursday": Thursday or Friday, never the Tuesday before.
    assert _pick("BP said on Thursday that the cap held.", week) in week[2:4]
    assert _pick("BP said on Thursday that the cap held.", week).weekday() in (3, 4)


def test_last_weekday_points_to_the_week_before_not_the_day_after() -> None:
    week = [dt.date(2010, 6, 1) + dt.timedelta(days=n) for n in range(7)]  # Tuesday on
    scores = clue_scores(np.array([d.toordinal() for d in week]), _clues("BP said last Thursday."))
    friday, others = scores[3], np.delete(scores, 3)
    # The day after is the one day it is unlikely; the rest of the week is alike.
    assert (friday < others).all()
    assert np.allclose(others, others[0])


def test_regression_last_weekday_was_read_as_that_day_or_the_next() -> None:
    """“Last Thursday” was scored as “on Thursday”: published that Thursday or the Friday,
    where it means a Thursday 2 to 7 days back (a Timeline17 page of Tuesday 4 May 2010 with
    "last Thursday" was moved to Friday 30 April)."""
    friday, tuesday = dt.date(2010, 4, 30), dt.date(2010, 5, 4)
    text = "The rig sank after the blast, officials said last Thursday."
    scores = clue_scores(np.array([friday.toordinal(), tuesday.toordinal()]), _clues(text))
    assert scores[1] > scores[0]


def test_a_future_weekday_points_to_the_days_before() -> None:
    week = [dt.date(2010, 6, 1) + dt.timedelta(days=n) for n in range(7)]
    picked = _pick("Officials will meet on Sunday to agree a plan.", week)
    assert dt.date(2010, 6, 4) <= picked <= dt.date(2010, 6, 6)


def test_a_past_month_day_points_to_the_days_after_it() -> None:
    days = [dt.date(2010, 5, 20) + dt.timedelta(days=n) for n in range(30)]
    picked = _pick("The well blew out on June 3 and the leak went on.", days)
    assert dt.date(2010, 6, 3) <= picked <= dt.date(2010, 6, 5)


def test_no_yearless_clues_score_nothing() -> None:
    days = np.arange(dt.date(2010, 6, 1).toordinal(), dt.date(2010, 6, 8).toordinal())
    assert not clue_scores(days, _clues("The summit was held in Los Angeles in June 2022.")).any()


def test_the_article_weekday_moves_the_voted_day_within_the_week() -> None:
    # The dated reports came out on Thursday 3 June; the undated one says "on Friday" in the
    # past: it is Friday's or Saturday's, not Thursday's.
    day = dt.date(2010, 6, 3)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="kill top"), _stated(day))
        for i in range(3)
    ]
    unknown = PublicationDate(None, "unknown", ())
    text = _STORIES["spill"].format(n=9, x="kill top") + " The cap was fitted on Friday."
    articles.append(_article("u", text, unknown))
    articles += [_article(f"f{i}", _STORIES["flu"].format(x="a"), _stated(day)) for i in range(2)]
    updates = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))
    interval = updates["u"].interval
    assert interval is not None
    assert interval.best in (dt.date(2010, 6, 4), dt.date(2010, 6, 5))
    assert "most of them near 2010-06-03" in updates["u"].evidence[-1]


def test_a_full_date_told_in_the_past_points_to_the_days_after_it() -> None:
    days = np.arange(dt.date(2010, 1, 1).toordinal(), dt.date(2011, 1, 1).toordinal())
    text = "The well blew out on June 3, 2010 and the leak went on."
    picked = dt.date.fromordinal(int(days[int(np.argmax(dated_scores(days, _clues(text))))]))
    assert dt.date(2010, 6, 3) <= picked <= dt.date(2010, 6, 5)
    # Weekdays and yearless month-days recur: they never choose across a long window.
    assert not dated_scores(days, _clues("The cap held on Friday and on June 3.")).any()


def test_the_article_own_full_dates_choose_the_day_among_topic_votes() -> None:
    """Articles only on the topic vote for the topic's busiest day; an article that reports
    what happened "on September 1, 2011" was published just after it, whatever the votes say
    (most Timeline17 articles without a printed date were guessed weeks off this way)."""
    day = dt.date(2011, 9, 27)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="trial"), _stated(day)) for i in range(3)
    ]
    text = _ON_THE_TOPIC_ONLY
    unknown = PublicationDate(None, "unknown", ())
    articles.append(_article("u", text + " The claims office shut on September 1, 2011.", unknown))
    articles.append(_article("v", text.replace("the Deepwater Horizon", "a storm"), unknown))
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x="closed"), _stated(day)) for i in range(3)
    ]
    updates = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))
    interval = updates["u"].interval
    assert interval is not None
    assert "are on the same topic" in updates["u"].evidence[-1]
    assert interval.best is not None
    assert dt.date(2011, 9, 1) <= interval.best <= dt.date(2011, 9, 4)
    assert "its own weekdays and dates put it on" in updates["u"].evidence[-1]
    # Without the date, the votes decide.
    assert updates["v"].interval is not None and updates["v"].interval.best == day


# -- the dateline's day ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month_day"),
    [
        ("REYKJAVIK, Iceland, Oct. 9 -- The bad news just keeps coming for Icelanders.", (10, 9)),
        ("NEW YORK, Feb. 19 (Reuters) - Shares fell on Thursday.", (2, 19)),
        ("OXFORD, Miss., Sept. 26 -- Sen. Barack Obama and Sen. John McCain sparred.", (9, 26)),
        # Below a headline, a caption and its credit, as pages print them.
        (
            "Obama Adviser Urges Regulation Paul Volcker led the report.\n(By Mark Lennihan --"
            " Associated Press) NEW YORK, Jan. 15 -- A top economic adviser said.",
            (1, 15),
        ),
        ("MEXICO CITY, April 27 — Schools stayed shut.", (4, 27)),
        # Spanish wires: the day first, mixed-case places, ".-" (EFE).
        ("EE.UU. busca un acuerdo\n\nPanamá, 20 abr (EFE).- Estados Unidos busca.", (4, 20)),
        ("Ciudad de México, 3 mar 2024 (AFP) - El presidente habló.", (3, 3)),
    ],
)
def test_a_dateline_gives_its_month_and_day(text: str, month_day: tuple[int, int]) -> None:
    found = find_dateline_day(text)
    assert found is not None
    assert found[:2] == month_day
    assert found[2] in text


@pytest.mark.parametrize(
    "text",
    [
        # A dateline without a day: the story's own comes first, so a later one is another's.
        "HOUSTON/PORT FOURCHON, Louisiana (Reuters) -- BP geared up on Thursday.\n"
        "HOUSTON, May 8 (Reuters) -- A gas cloud enveloped the rig days before.",
        "GENEVA (Reuters) - The World Health Organization declared a pandemic.",
        # A headline with a hyphen is not a dateline; nor is a date in the story.
        "BP - Oil Giant Under Fire, May 8 - a day of protests.",
        "The rig exploded on April 20 -- and the well has leaked since.",
        # Not a day of any year.
        "PARIS, Feb. 30 -- Ministers met.",
        # Too far down: part of the story by then.
        "x " * 400 + "PARIS, Dec. 4 -- Ministers met.",
    ],
)
def test_no_dateline_day(text: str) -> None:
    assert find_dateline_day(text) is None


def test_a_dateline_day_points_to_that_day_or_the_next_in_any_year() -> None:
    first = dt.date(2008, 1, 1).toordinal()
    days = np.arange(first, first + 3 * 365)
    scores = dateline_scores(days, (10, 9))
    top = {dt.date.fromordinal(int(day)) for day in days[scores == scores.max()]}
    assert top == {dt.date(year, 10, day) for year in (2008, 2009, 2010) for day in (9, 10)}
    assert not dateline_scores(days, None).any()


def test_regression_a_dateline_day_was_used_only_a_few_days_around_the_votes() -> None:
    """Articles only on the topic vote for the topic's busiest day, weeks from the article's;
    its dateline ("PARIS, Sept. 1 --") was only a yearless month-day, which may move the guess
    by 3 days at most (62 Timeline17 articles without a printed date have such a dateline,
    all published on its day or the next; 24 were guessed within 3 days)."""
    day = dt.date(2011, 9, 27)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="trial"), _stated(day)) for i in range(3)
    ]
    unknown = PublicationDate(None, "unknown", ())
    articles.append(_article("u", "PARIS, Sept. 1 -- " + _ON_THE_TOPIC_ONLY, unknown))
    articles.append(_article("v", "PARIS -- " + _ON_THE_TOPIC_ONLY, unknown))
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x="closed"), _stated(day)) for i in range(3)
    ]
    updates = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))
    interval = updates["u"].interval
    assert interval is not None and interval.best is not None
    assert interval.best in (dt.date(2011, 9, 1), dt.date(2011, 9, 2))
    assert "its own weekdays and dates put it on" in updates["u"].evidence[-1]
    # Without a day in the dateline, the votes decide.
    assert updates["v"].interval is not None and updates["v"].interval.best == day


def test_a_weekday_with_a_yearless_date_names_its_year() -> None:
    mentions = _clues("Ministers met on Wednesday, May 12, and will meet again on May 19.")
    resolved = with_weekday_years(mentions, 2008, 2012)
    dated = [m for m in resolved if m.interval is not None]
    # 12 May was a Wednesday in 2010 only, of 2008 - 2012; "May 19" has no weekday to tell.
    assert [(m.text, m.interval.start) for m in dated if m.interval] == [
        ("Wednesday, May 12", dt.date(2010, 5, 12))
    ]
    assert any(m.value == "XXXX-05-19" and m.interval is None for m in resolved)
    # Where two years fit (2004 and 2010), the weekday does not tell them apart.
    assert all(m.interval is None for m in with_weekday_years(mentions, 2004, 2010))
    # A weekday that no year fits (a misprint) leaves the date yearless.
    wrong = _clues("Ministers met on Tuesday, May 12.")
    assert all(m.interval is None for m in with_weekday_years(wrong, 2010, 2010))


def test_a_date_with_its_weekday_chooses_the_day_among_topic_votes() -> None:
    """A "Wednesday, Sept. 7" is 2011's September 7th in a window around 2011: it places the
    article as a full date does, where a yearless month-day only moves the vote by days."""
    day = dt.date(2011, 9, 27)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="trial"), _stated(day)) for i in range(3)
    ]
    unknown = PublicationDate(None, "unknown", ())
    said = " The claims office shut on Wednesday, Sept. 7."
    articles.append(_article("u", _ON_THE_TOPIC_ONLY + said, unknown))
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x="closed"), _stated(day)) for i in range(3)
    ]
    updates = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))
    interval = updates["u"].interval
    assert interval is not None and interval.best is not None
    assert dt.date(2011, 9, 7) <= interval.best <= dt.date(2011, 9, 10)


def test_regression_relinking_dropped_the_set_aside_line() -> None:
    """The stored date of an article whose own bounds were set aside is the vote's: relinking
    sees no misread bounds any more, so the line saying they were set aside was dropped and the
    date counted as changed (one more redo of its time expressions, and the reason lost)."""
    day = dt.date(2010, 6, 3)
    articles = [
        _article(f"s{i}", _STORIES["spill"].format(n=i, x="kill"), _stated(day)) for i in range(3)
    ]
    misread = PublicationDate(
        DateInterval(dt.date(1951, 12, 31), dt.date(1952, 12, 31), "year"), "inferred", ("own",)
    )
    articles.append(_article("u", _STORIES["spill"].format(n=7, x="kill"), misread))
    articles += [_article(f"f{i}", _STORIES["flu"].format(x="a"), _stated(day)) for i in range(2)]
    corpus = _corpus(articles)
    first = date_from_similar(corpus, collected_on=dt.date(2012, 1, 1))
    assert any(line.startswith("set aside") for line in first["u"].evidence)
    corpus.articles["u"] = dataclasses.replace(corpus.articles["u"], published=first["u"])
    assert date_from_similar(corpus, collected_on=dt.date(2012, 1, 1)) == {}


def test_the_lead_weighs_more_than_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    # The undated report shares its lead (the news) with the two reports of one day and its
    # background paragraph with three reports of another: the lead decides.
    import storyline.link.dating_similar as dating_similar

    monkeypatch.setattr(dating_similar, "LEAD_WORDS", 8)
    news_day, old_day = dt.date(2010, 7, 15), dt.date(2010, 6, 1)
    lead = "Engineers closed the capping stack valves and the leak stopped."
    background = (
        "The rig exploded in April killing eleven workers; the well spilled oil for weeks"
        " along the coast of Louisiana, Mississippi and Alabama."
    )
    articles = [
        _article(f"n{i}", f"{lead} Pressure readings rose overnight {i}.", _stated(news_day))
        for i in range(2)
    ]
    articles += [
        _article(f"b{i}", f"Hearings began in Washington {i}. {background}", _stated(old_day))
        for i in range(3)
    ]
    unknown = PublicationDate(None, "unknown", ())
    articles.append(_article("u", f"{lead} {background}", unknown))
    updates = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))
    interval = updates["u"].interval
    assert interval is not None
    assert interval.best == news_day


def _tfidf_by_the_book(texts: list[str]) -> np.ndarray:
    """The TF-IDF rows as the definition says, word by word (the reference for
    ``dating_similar._tfidf``, which builds them from cached hashed arrays)."""
    import math

    from storyline.link.dating_similar import _counts

    counts = [_counts(text) for text in texts]
    frequency: dict[str, int] = {}
    for found in counts:
        for word in found:
            frequency[word] = frequency.get(word, 0) + 1
    shared = sorted(word for word, df in frequency.items() if df >= 2)
    rows = np.zeros((len(texts), max(1, len(shared))))
    for row, found in enumerate(counts):
        for column, word in enumerate(shared):
            if word in found:
                idf = math.log(len(texts) / frequency[word])
                rows[row, column] = (1.0 + math.log(found[word])) * idf
    norms = np.linalg.norm(rows, axis=1)
    norms[norms == 0] = 1.0
    return rows / norms[:, None]


def _word_lists(most: int) -> st.SearchStrategy[list[list[str]]]:
    """Texts as lists of words (a few, with case, figures and apostrophes), 1 to ``most``."""
    words = st.sampled_from(["Gap", "darien", "summit", "May", "3,000", "talks", "o'neill"])
    return st.lists(st.lists(words), min_size=1, max_size=most)


@settings(max_examples=60, deadline=None)
@given(_word_lists(6))
def test_tfidf_similarities_are_those_of_the_definition(word_lists: list[list[str]]) -> None:
    from storyline.link.dating_similar import _tfidf

    texts = [" ".join(words) for words in word_lists]
    fast = _tfidf(texts).toarray()
    reference = _tfidf_by_the_book(texts)
    assert np.allclose(fast @ fast.T, reference @ reference.T, atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(_word_lists(12), st.data())
def test_a_few_rows_cosines_are_those_of_the_sparse_product(
    word_lists: list[list[str]], data: st.DataObject
) -> None:
    """``TfidfPool.cosines`` sums a few queries' products entry by entry (an incremental link
    dates one article): the cosines are those of the definition and of the sparse product it
    takes for many queries, to float rounding, whichever rows are asked for."""
    from storyline.link.dating_similar import FEW_QUERIES, TfidfPool, _word_weights

    texts = [" ".join(words) for words in word_lists]
    pool = TfidfPool.of([_word_weights(text) for text in texts])
    against = data.draw(st.integers(0, len(texts)))
    queries = data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=FEW_QUERIES))
    reference = _tfidf_by_the_book(texts)
    expected = reference[queries] @ reference[:against].T
    few = pool.cosines(queries, against).toarray()
    many = pool.cosines(queries * (FEW_QUERIES + 1), against).toarray()[: len(queries)]
    assert few.shape == (len(queries), against)
    assert np.allclose(few, expected, atol=1e-12)
    assert np.allclose(many, expected, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cD,.'’-_é1\n"), max_size=600))
def test_words_kept_in_the_store_are_each_distinct_word_with_its_count(text: str) -> None:
    """An article's words as the store keeps them (``words_to_bytes``) read back: each
    distinct word's id once, with 1 + log of its count (lead words counting twice)."""
    import math

    from storyline.link.dating_similar import _counts, _word_id, words_from_bytes, words_to_bytes

    ids, weights = words_from_bytes(words_to_bytes(text))
    expected = {_word_id(word): 1.0 + math.log(count) for word, count in _counts(text).items()}
    assert len(ids) == len(expected) == len(set(ids.tolist()))
    assert dict(zip(ids.tolist(), weights.tolist(), strict=True)) == pytest.approx(expected)


def test_regression_word_ids_were_not_the_same_in_another_process() -> None:
    """Word ids were Python's ``hash`` of the word, which changes from one process to the next
    (``PYTHONHASHSEED``): ids kept in the store by one build would not match those a later
    build finds. They are now the same in every process."""
    import subprocess
    import sys

    from storyline.link.dating_similar import words_to_bytes

    text = "The summit in Los Angeles: 20 leaders signed the declaration. The summit ended."
    script = "import sys; from storyline.link.dating_similar import words_to_bytes as w; " + (
        f"sys.stdout.write(w({text!r}).hex())"
    )
    found = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert found == {words_to_bytes(text).hex()}


def test_regression_the_corpus_dating_scanned_every_undated_text_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus dating read each undated article's time expressions without a date from
    its text again (about 30 ms of scanning an article, most of the dating stage), though the
    date stage had read them to infer its date. The date stage keeps them; dating from the
    kept ones scans no text and dates every article as the scan does."""
    from storyline import pipeline
    from storyline.analyse import timex
    from storyline.core import Storyline
    from storyline.link.dating import STATED, refine_dates
    from storyline.store import open_store
    from tests.conftest import COLLECTED_ON, SEEDS

    options = pipeline.BuildOptions(collected_on=COLLECTED_ON, workers=1)
    db = tmp_path / "seeds.db"
    Storyline(db).build([str(SEEDS)], options)
    with open_store(db) as store:
        kept = Corpus.load(store)
        scanned = Corpus.load(store)
    scanned.unanchored_time_mentions.clear()
    undated = [a for a in kept.articles.values() if a.published.provenance not in STATED]
    assert len(undated) == 4
    for article in undated:
        expected = find_time_expressions(
            article.id, article.text, kept.sentences[article.id], None, article.language
        )
        assert kept.unanchored_time_mentions[article.id] == expected
        assert expected, article.id

    reread: list[str] = []
    scan = timex.find_time_expressions

    def counting(article_id: str, text: str, sentences: Any, published: Any, *rest: Any) -> Any:
        if published is None:
            reread.append(article_id)
        return scan(article_id, text, sentences, published, *rest)

    monkeypatch.setattr(timex, "find_time_expressions", counting)
    # Undated again, as before the corpus dating narrowed them.
    for corpus in (kept, scanned):
        for article in undated:
            corpus.articles[article.id] = dataclasses.replace(
                article, published=dataclasses.replace(article.published, evidence=())
            )
    changed = refine_dates(kept, options)
    assert reread == []
    assert refine_dates(scanned, options) == changed
    assert sorted(set(reread)) == sorted(a.id for a in undated)
    for article in undated:
        assert kept.articles[article.id].published == scanned.articles[article.id].published


def test_regression_dating_read_an_articles_figures_again_at_every_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An article narrowed in two steps (a month named without its year, then the days of
    the similar dated articles) was read for figures at each step, though dating never reads
    them: now once at most, at the end, against its time expressions as they end, which is
    what the last step's reading gave."""
    from storyline.analyse import figures
    from storyline.link.dating import refine_dates

    said = (
        "Leaders of the Americas will meet in Los Angeles in June{year} to talk about "
        "migration, trade and 40 million dollars of aid."
    )
    unknown = PublicationDate(None, "unknown", ("no date in metadata, text or content",))
    articles = [_article("u", said.format(year=""), unknown)]
    articles += [
        _article(f"d{i}", said.format(year=" 2022"), _stated(dt.date(2022, 5, 2 + i)))
        for i in range(4)
    ]
    # Other news, so that the words the reports share weigh something.
    articles += [
        _article(f"f{i}", _STORIES["flu"].format(x="closed"), _stated(dt.date(2009, 4, 28)))
        for i in range(4)
    ]
    corpus = _read_corpus(articles)
    for article in articles:
        # As the per-article stage leaves them: read with the time expressions above.
        corpus.figures[article.id] = figures.find_figures(
            article.id,
            article.text,
            corpus.sentences[article.id],
            corpus.time_mentions[article.id],
            [],
        )
    read: list[str] = []
    find = figures.find_figures

    def counting(article_id: str, *rest: Any) -> Any:
        read.append(article_id)
        return find(article_id, *rest)

    monkeypatch.setattr(figures, "find_figures", counting)
    assert refine_dates(corpus, BuildOptions(collected_on=dt.date(2023, 1, 1)), {"u"}) == {"u"}
    evidence = corpus.articles["u"].published.evidence
    assert any("June" in line for line in evidence), evidence  # the first step
    assert any("dated articles report the same things" in line for line in evidence)  # the second
    # At most once (its time expressions kept their places here, so only their values are
    # taken again: ``figures.retime_figures``).
    assert read in ([], ["u"])
    expected = find(
        "u",
        corpus.articles["u"].text,
        corpus.sentences["u"],
        corpus.time_mentions["u"],
        corpus.mentions["u"],
    )
    assert expected and corpus.figures["u"] == expected
    assert corpus.time_mentions["u"] == find_time_expressions(
        "u",
        corpus.articles["u"].text,
        corpus.sentences["u"],
        corpus.articles["u"].published.interval,
        "en",
    )


def _best_guess_day_by_day(
    low: dt.date, high: dt.date, references: list[tuple[int, int | None, str]]
) -> dt.date | None:
    """``best_guess`` by its definition: a loop over the candidate days and three years; a
    day with its month is not the day of publication (the day after it when told as past,
    the day before when to come); a month without its day, told as past, has ended
    (publication on or after the next month's first day), told as to come, has not begun (on
    or before the day before its first); a past reference counts twice."""

    def distance(day: dt.date, month: int, dom: int | None, tense: str) -> int:
        options = []
        for year in (day.year - 1, day.year, day.year + 1):
            try:
                if dom is not None:
                    target = dt.date(year, month, dom) + dt.timedelta(
                        days={"past": 1, "future": -1}.get(tense, 0)
                    )
                elif tense == "past":
                    target = dt.date(year + month // 12, month % 12 + 1, 1)
                elif tense == "future":
                    target = dt.date(year, month, 1) - dt.timedelta(days=1)
                else:
                    target = dt.date(year, month, 1)
            except (ValueError, OverflowError):
                continue
            delta = (target - day).days
            if tense == "future" and delta < 0:
                continue
            if tense == "past" and delta > 0:
                continue
            options.append(abs(delta))
        return min(options) if options else 366

    if not references:
        return None
    span = (high - low).days
    step = max(1, span // 2000)
    best_day, best_cost = None, float("inf")
    for offset in range(0, span + 1, step):
        day = low + dt.timedelta(days=offset)
        cost = sum(
            (2 if tense == "past" else 1) * distance(day, month, dom, tense)
            for month, dom, tense in references
        )
        if cost < best_cost:
            best_day, best_cost = day, cost
    return best_day


@settings(max_examples=300, deadline=None)
@given(
    low=st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    span=st.one_of(st.integers(-3, 800), st.integers(800, 3_000_000)),
    references=st.lists(
        st.tuples(
            st.integers(1, 12),
            st.one_of(st.none(), st.integers(1, 31)),
            st.sampled_from(["past", "future", "present", ""]),
        ),
        max_size=4,
    ),
)
def test_the_best_guess_over_arrays_is_the_day_a_loop_over_the_days_finds(
    low: dt.date, span: int, references: list[tuple[int, int | None, str]]
) -> None:
    """The best guess among an interval's days, every day's distance to the yearless months
    and days taken at once: the day the loop over the days and years found, ties to the
    first, 29 February and the first and last years of the calendar included."""
    from storyline.ingest.dating import best_guess

    high = dt.date.fromordinal(min(low.toordinal() + span, dt.date.max.toordinal()))
    mentions = [
        TimeMention(
            "a", 0, 1, "x", "DATE", f"XXXX-{m:02d}" + (f"-{d:02d}" if d else ""), 0, None, t
        )
        for m, d, t in references
    ]
    assert best_guess(low, high, mentions) == _best_guess_day_by_day(low, high, references)


def test_a_rounds_sentences_embedded_at_once_are_embedded_as_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each round of dating by yearless months embeds the sentences it compares with the
    month index before it starts (on every thread a build gives embedding): the same
    sentences, each alone, in the same order as asking for them one by one did, so the same
    vectors to the bit."""
    import hashlib

    import storyline.link.corpus as corpus_module
    from storyline.link.dating import refine_dates
    from storyline.link.embeddings import DIMENSIONS

    said = "Leaders of the Americas will meet in {place} in June{year} on migration."
    places = ["Los Angeles", "Panama City", "Bogota"]
    unknown = PublicationDate(None, "unknown", ("no date in metadata, text or content",))
    articles = [
        _article(f"u{i}", said.format(place=place, year=""), unknown)
        for i, place in enumerate(places)
    ]
    articles += [
        _article(f"d{i}", said.format(place=place, year=" 2022"), _stated(dt.date(2022, 1, 2 + i)))
        for i, place in enumerate(places)
    ]

    def batches_of_a_run(prefetch: bool) -> tuple[list[list[str]], dict[str, Any]]:
        corpus = _read_corpus(articles)
        batches: list[list[str]] = []

        def embed(texts: Any) -> np.ndarray:
            batches.append(list(texts))
            rows = [np.frombuffer(hashlib.sha512(t.encode()).digest() * 8, np.uint8) for t in texts]
            vectors = np.asarray(rows, dtype=np.float32)[:, :DIMENSIONS] + 1.0
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

        monkeypatch.setattr(corpus_module, "embed", embed)
        if not prefetch:
            monkeypatch.setattr(Corpus, "prefetch_sentence_vector", lambda self, keys: None)
        refine_dates(corpus, BuildOptions(collected_on=dt.date(2023, 1, 1)))
        monkeypatch.undo()
        return batches, {a: corpus.articles[a].published for a in corpus.articles}

    at_once, dated_at_once = batches_of_a_run(prefetch=True)
    one_by_one, dated_one_by_one = batches_of_a_run(prefetch=False)
    assert at_once == one_by_one
    assert dated_at_once == dated_one_by_one
    # The three undated articles' sentences, each alone.
    assert [b for b in at_once if len(b) == 1 and " June on " in b[0]] == [
        [said.format(place=place, year="")] for place in places
    ]


# -- an office holder's tenure as a lower bound ------------------------------------------------


@pytest.mark.parametrize(
    ("role", "other", "same"),
    [
        ("US President", "President", True),
        ("U.S. President", "president", True),
        ("Sen.", "Democratic Senator", True),
        ("Louisiana Gov.", "Governor", True),
        ("Vice President", "President", False),
        ("Sen.", "President", False),
        ("Prime Minister", "Health Minister", False),
        ("Attorney General", "General", False),
        ("Secretary of State", "Secretary", True),
    ],
)
def test_an_office_is_its_title_and_what_makes_it_another(
    role: str, other: str, same: bool
) -> None:
    from storyline.link.dating import office_of

    assert (office_of(role) == office_of(other)) is same
    assert office_of("") is None


def _with_people(corpus: Corpus, people: dict[str, list[tuple[str, str]]]) -> Corpus:
    """The corpus with PERSON mentions of these (name, role) pairs, at each name's first
    place in its article after the previous one."""
    for article_id, named in people.items():
        text, at, found = corpus.articles[article_id].text, 0, []
        for name, role in named:
            start = text.index(name, at)
            at = start + len(name)
            sentence = next(s.index for s in corpus.sentences[article_id] if s.end >= at)
            found.append(Mention(article_id, start, at, name, "PERSON", sentence, role))
        corpus.mentions[article_id] = found
    return corpus


def test_a_senator_is_not_dated_by_the_presidency_he_took_later() -> None:
    """Regression: "Sen. Barack Obama" in a 2008 article was bounded by "Obama took office in
    January 2009" (another article's words of the presidency), putting its whole interval
    after its true day; a tenure bounds only a holder named with the office taken."""
    from storyline.link.dating import refine_dates

    unknown = PublicationDate(None, "unknown", ("no date in metadata, text or content",))
    articles = [
        _article(
            "d1",
            "President Barack Obama spoke about the leak on Monday. More than 300 wells were "
            "approved since Obama took office in January 2009.",
            _stated(dt.date(2010, 5, 17)),
        ),
        _article("senator", "Sen. Barack Obama said the bailout must help homeowners.", unknown),
        _article("president", "President Obama said the bailout must help homeowners.", unknown),
        # What Bush took in 2001 this page does not say: it bounds no "President Bush".
        _article(
            "d2",
            "Wells were approved since Bush took office in 2001.",
            _stated(dt.date(2010, 5, 18)),
        ),
        _article("bush", "President Bush said the bailout must help homeowners.", unknown),
    ]
    corpus = _with_people(
        _corpus(articles),
        {
            "d1": [("Barack Obama", "President"), ("Obama", "")],
            "senator": [("Barack Obama", "Sen.")],
            "president": [("Obama", "President")],
            "d2": [("Bush", "")],
            "bush": [("Bush", "President")],
        },
    )
    refine_dates(corpus, BuildOptions(collected_on=dt.date(2012, 1, 1)))
    president = corpus.articles["president"].published
    assert president.interval is not None
    assert president.interval.start == dt.date(2009, 1, 1)
    assert any("is in office, taken in 2009" in line for line in president.evidence)
    senator = corpus.articles["senator"].published
    assert not any("is in office" in line for line in senator.evidence)
    assert senator.interval is None or senator.interval.start < dt.date(2009, 1, 1)
    assert not any("is in office" in line for line in corpus.articles["bush"].published.evidence)


@FAST
@given(
    st.lists(
        st.sampled_from(["Vice", "President", "Sen.", "Prime", "Minister", "of", "State", "x"]),
        max_size=5,
    ),
    st.sampled_from(["US", "U.S.", "British", "Louisiana", "Democratic"]),
)
def test_where_an_office_is_held_does_not_change_the_office(words: list[str], where: str) -> None:
    """A country, state or party before a role names the same office ("US President" is a
    president); a role with no words names none."""
    from storyline.link.dating import office_of

    assume(words[:1] != ["of"])  # a role names its title before "of" ("Secretary of State")
    role = " ".join(words)
    office = office_of(role)
    assert (office is None) == (not role.partition(" of ")[0].split())
    if office is not None:
        assert office_of(f"{where} {role}") == office


def test_an_articles_weekdays_put_its_guess_on_their_day() -> None:
    """Regression: the seed story's summit article ("In October, ... reported", "the official
    said Wednesday", "Thursday's talks", "tomorrow") was guessed on Monday 1 November 2021,
    the first day after October; its weekdays say it was written on a Wednesday."""
    text = (
        "Biden took office in January 2021. Apprehensions rose sharply in August and September."
        " In October, officials reported a decline. The official said Wednesday that Thursday's"
        " talks will focus on root causes of migration."
    )
    published = _inferred(text)
    assert published.interval is not None
    assert published.interval.best == dt.date(2021, 11, 3)  # a Wednesday


@FAST
@given(
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 400),
    st.lists(st.sampled_from(["Monday", "Wednesday", "Friday", "Sunday"]), max_size=3),
    st.sampled_from(["said", "will meet"]),
)
def test_weekdays_move_a_guess_at_most_three_days_within_the_interval(
    low: dt.date, span: int, weekdays: list[str], verb: str
) -> None:
    from storyline.ingest.dating import WEEKDAY_REACH, best_guess

    high = low + dt.timedelta(days=span)
    text = "In March, prices rose. " + " ".join(f"They {verb} on {day}." for day in weekdays)
    mentions = find_time_expressions("a", text, split_sentences("a", text), None, "en")
    months_only = [m for m in mentions if "W" not in m.value]
    by_months = best_guess(low, high, months_only)
    moved = best_guess(low, high, mentions)
    assert (by_months is None) == (moved is None)
    if by_months is not None and moved is not None:
        assert low <= moved <= high
        assert abs((moved - by_months).days) <= WEEKDAY_REACH


def test_a_day_to_come_and_a_past_weekday_put_the_guess_in_the_week_before() -> None:
    """Regression: the seed story's Reuters article ("will host ... a summit on Nov. 3", "the
    White House said on Friday") was guessed on 3 November 2023, the summit's own day; a day
    to come is after publication, so the Friday is the one before: 27 October (or the next
    day)."""
    text = (
        "The election deal was reached in 2023. Biden will host leaders at the White House for"
        " a summit on Nov. 3, the White House said on Friday."
    )
    published = _inferred(text, collected_on=dt.date(2023, 12, 31))
    assert published.interval is not None
    assert published.interval.best in (dt.date(2023, 10, 27), dt.date(2023, 10, 28))


def test_regression_a_century_put_a_datelines_year_in_the_middle_ages() -> None:
    """A Reykjavik wire on the banks' collapse ("REYKJAVIK, Iceland, Oct. 9 --") that recalls
    the island's settlement in the 9th century was bounded from the year 800; its yearless
    "Oct. 9" fit every year since alike, the guess took an early one, and the evidence said
    "filed on 1001-10-09". A decade or a century is history, not the news: like "since X",
    it says nothing of how long ago the article was written, so no year is guessed (the
    similar dated articles of a corpus choose it)."""
    for history, start in (
        ("the 9th century", dt.date(800, 1, 1)),
        ("the 1940s", dt.date(1940, 1, 1)),
    ):
        text = (
            "REYKJAVIK, Iceland, Oct. 9 -- Icelanders saw their banks fall on Thursday. Their"
            f" island was settled by farmers in {history}."
        )
        published = _inferred(text)
        assert published.interval is not None
        assert published.interval.start == start
        assert published.interval.best is None
        assert not any("filed on" in line for line in published.evidence)
        assert published.evidence[-1].startswith("no most likely day")
    # A year is news the article can be near: the dateline's day is taken in a year near it
    # (the one whose Oct. 9 falls the day after a Thursday).
    text = (
        "REYKJAVIK, Iceland, Oct. 9 -- Icelanders saw their banks fall on Thursday. The"
        " krona lost half its value in 2008."
    )
    published = _inferred(text)
    assert published.interval is not None and published.interval.best == dt.date(2009, 10, 9)
    assert any("filed on 2009-10-09" in line for line in published.evidence)


def test_regression_a_plan_read_as_past_bounded_an_article_after_its_collection() -> None:
    """A BBC report of an airline meeting ("airline bosses committed to a global cap on
    emissions by 2020"), collected in 2011, had the year read as past: "not before
    2020-01-01", and its interval ran from 2020-01-01 to 2020-01-01 beside the line "not
    after it was collected (2011-12-01)". Nothing is published after it was collected: such
    a bound is set aside and said so, and a plan for after the collection bounds nothing."""
    collected = dt.date(2011, 12, 1)
    # "committed to" is now read as a plan (and this one bounds nothing after the
    # collection); a year told as past after it was collected is still set aside.
    text = (
        "The virus was first found in humans in 2009. At the meeting, airline bosses signed up"
        " for a global cap on emissions by 2020."
    )
    published = _inferred(text, collected_on=collected)
    assert published.interval is not None
    assert (published.interval.start, published.interval.end) == (dt.date(2009, 1, 1), collected)
    assert any(
        line.startswith("ignored: “2020” (past)")
        and line.endswith("after it was collected (2011-12-01)")
        for line in published.evidence
    ), published.evidence
    assert "not after it was collected (2011-12-01)" in published.evidence
    # With nothing else to go by, the article is undated (not dated after its collection).
    alone = _inferred(
        "Airline bosses signed up for a global cap on emissions by 2020. A cap by 2020 was agreed.",
        collected,
    )
    assert alone.interval is None and alone.provenance == "unknown"
    assert len(alone.evidence) == 2  # "no date ...", and the year set aside once
    # A plan still to come after the collection bounds nothing either.
    planned = _inferred("The fund was set up in 2009. Leaders will meet again in 2014.", collected)
    assert planned.interval is not None and planned.interval.end == collected


_DATING_WORDS = (
    *("in", "by", "since", "on", "will", "was", "were", "last", "next", "the", "held", "meet"),
    *("1952", "1994", "2009", "2010", "2020", "2035", "the 1980s", "the 9th century", "June"),
    *("Oct. 9", "Tuesday", "next year's election", "a 2011 election", "PARIS, Oct. 9 --"),
)


@FAST
@given(
    st.lists(st.sampled_from(_DATING_WORDS), max_size=16).map(" ".join),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)
@example("airline bosses committed to a cap by 2020", dt.date(2011, 12, 1))
@example("airline bosses signed up for a cap by 2020", dt.date(2011, 12, 1))
@example("PARIS, Oct. 9 -- settled in the 9th century", dt.date(2011, 12, 1))
def test_an_inferred_date_lies_before_the_collection_with_its_guess_inside(
    text: str, collected: dt.date
) -> None:
    """Whatever the text's years and tenses say, an article inferred from its own words is
    dated no later than the day it was collected, and its best guess lies in its interval."""
    published = _inferred(text, collected_on=collected)
    interval = published.interval
    if interval is None:
        assert published.provenance == "unknown"
        return
    assert interval.start <= interval.end <= collected
    assert interval.best is None or interval.start <= interval.best <= interval.end
    assert len(set(published.evidence)) == len(published.evidence)


def test_regression_a_yearless_month_dated_an_article_after_its_collection() -> None:
    """An undated BBC page (collected 2011-12-01) said "the end of January" was still to come;
    a dated article reported "January 2012", so its date was bounded from 2011-01-31 to
    2012-01-31 — two months past the day it was collected. The corpus's narrowing starts
    from what collection allows, like the article's own reading."""
    from storyline.link.dating import refine_dates

    collected = dt.date(2022, 8, 1)
    articles = [
        _article("u", "Leaders met in Los Angeles in June to talk about migration.", UNKNOWN),
        _article(
            "d1",
            "Leaders met in Los Angeles in June 2022 to talk about migration.",
            _stated(dt.date(2022, 7, 2)),
        ),
    ]
    corpus = _read_corpus(articles)
    assert refine_dates(corpus, BuildOptions(collected_on=collected), {"u"}) == {"u"}
    published = corpus.articles["u"].published
    assert published.interval is not None
    assert published.interval.start == dt.date(2022, 6, 1)
    assert published.interval.end == collected
    assert any("article d1 reports" in line for line in published.evidence)
    assert f"not after it was collected ({collected})" in published.evidence


@pytest.mark.parametrize(
    ("note", "day"),
    [
        ("This article was amended on 19 May 2010.", dt.date(2010, 5, 19)),
        (
            "The following correction was printed in the Observer's For the record column,"
            " Sunday 20 June 2010 We reported below that the fund was larger.",
            dt.date(2010, 6, 20),
        ),
        (
            "A version appeared on p22 of the Main section section of the Guardian on 09.49 BST"
            " on Tuesday 24 August 2010 Our selection of best buys",
            dt.date(2010, 8, 24),
        ),
    ],
)
def test_regression_a_later_note_put_the_page_after_its_own_day(note: str, day: dt.date) -> None:
    """A Guardian page of 13 May 2010 ending "This article was amended on 19 May 2010" was
    dated "not before 2010-05-19": the amendment's day, read as a past happening, became a
    lower bound (67 of Timeline17's pages had a note's or a print credit's day as one). A page
    is amended, corrected or printed on or after the day it was published: the note's day
    bounds the date from above only."""
    text = f"The well was capped in April 2010 after weeks of failed attempts.\n{note}"
    published = _inferred(text, collected_on=dt.date(2011, 12, 1))
    assert published.interval is not None
    assert published.interval.end == day
    assert published.interval.start <= day - dt.timedelta(days=1)
    assert not any("has happened" in line and str(day) in line for line in published.evidence), (
        published.evidence
    )
    # With nothing before it, the note alone bounds the page to the year before it.
    alone = _inferred(note, collected_on=dt.date(2011, 12, 1))
    assert alone.interval is not None and alone.interval.end == day
    assert not any("announces" in line for line in alone.evidence), alone.evidence


@pytest.mark.parametrize(
    "thing",
    [
        "the spill could surpass by next week the size of the 1969 Santa Barbara spill",
        "as a responsible party under the Oil Pollution Act of 1990, we will pay every claim",
        "the company expects to pay about $4 billion in its 1999 production taxes",
        "when we look back at the financial crisis of 1998, we will see what regulators forgot",
    ],
)
def test_regression_a_year_naming_a_thing_was_read_as_a_plan(thing: str) -> None:
    """ "the spill could surpass by next week the size of the 1969 Santa Barbara spill" (a
    Washington Post page of April 2010) bounded the page to before 1970: the clause's plan was
    taken for the year's. A bare year that names a thing (before a word that goes on its
    phrase a determiner opens, or after "the Act of") bounds nothing as a plan; a plan's own
    year still does ("output will recover in 2011", "a recession in 2009 across the world")."""
    text = f"The rig sank in April 2010. Officials said {thing}."
    published = _inferred(text, collected_on=dt.date(2011, 12, 1))
    assert published.interval is not None
    assert (published.interval.start, published.interval.end) == (
        dt.date(2010, 4, 1),
        dt.date(2011, 12, 1),
    )
    assert not any("is still to come" in line for line in published.evidence), published.evidence
    planned = _inferred("The rig sank in April 2010. Output will recover in 2011 across the Gulf.")
    assert any("“2011” (future) is still to come" in line for line in planned.evidence)


def test_regression_a_forecast_for_next_year_put_the_page_after_new_year() -> None:
    """A Washington Post page of 25 November 2008 ("there will be a deep recession in 2009")
    was bounded "not before 2008-12-30": news rarely announces more than a year ahead, but
    that year was counted back from the end of 2009, not from its start. A plan for a year, a
    month or a season is announced within the year before it begins."""
    published = _inferred(
        "Dervis said that there will be a deep recession in 2009 across the rich world.",
        dt.date(2011, 12, 1),
    )
    assert published.interval is not None
    assert published.interval.start == dt.date(2008, 1, 1)
    assert published.interval.end == dt.date(2009, 12, 31)
    assert "news rarely announces more than a year ahead: not before 2008-01-01" in (
        published.evidence
    )
    # A plan for one day is announced within the year before that day, as before.
    day = _inferred("The summit will open on March 3, 2010 in Lisbon.", dt.date(2011, 12, 1))
    assert day.interval is not None and day.interval.start == dt.date(2009, 3, 2)


@pytest.mark.parametrize(
    "age",
    [
        "So we are going to have to update for the 21st century the same kinds of regulations"
        " that we put in place for the 20th century",
        "Daniel Ortega, the leader who battled the contra insurgency through the 1980s, will be"
        " there",
    ],
)
def test_regression_a_decade_was_read_as_a_plan(age: str) -> None:
    """A Washington Post page of September 2008 was bounded "not after 1999-12-31": "the 20th
    century" took the clause's "going to", and "the 1980s" in another page a "will". News
    announces at most a year or so ahead: a decade or a century is no plan's time. As a past
    it still bounds the date."""
    published = _inferred(f"The banks failed in September 2008. {age}.", dt.date(2011, 12, 1))
    assert published.interval is not None
    assert published.interval.end == dt.date(2011, 12, 1)
    assert not any("is still to come" in line for line in published.evidence), published.evidence
    past = _inferred("Banks have grown since the 1980s.", dt.date(2011, 12, 1))
    assert past.interval is not None and past.interval.start == dt.date(1980, 1, 1)


def test_regression_a_readers_comments_stamp_was_cut_with_the_comments() -> None:
    # A Washington Post page of 16 January 2009 ends in readers' comments ("Posted by:
    # thetravelingmasseur | January 16, 2009 8:56 PM"): cleaning cuts them from the article,
    # and with them the only date on the page, so similar articles alone dated it, 3 months
    # off. The stamps are read from the page as it came.
    from storyline.ingest.types import RawInput
    from storyline.pipeline import process_input

    body = "\n\n".join([BODY] * 10)  # the comments below the lines read for a page's date
    page = (
        f"Banks ask for more help\n\n{body}\n\nWill you do that for us, please? Posted by: "
        "thetravelingmasseur | January 16, 2009 8:56 PM | Report abuse\nCrashing the economy "
        "twice is just careless. Posted by: another | January 17, 2009 9:01 AM | Report abuse\n"
    )
    options = BuildOptions(collected_on=dt.date(2012, 1, 1))
    result = process_input(RawInput("page.txt", page.encode(), "text/plain"), options)
    article = result.state["article"]
    assert "thetravelingmasseur" not in article.text  # cut as readers' comments
    interval = article.published.interval
    assert article.published.provenance == "inferred" and interval is not None
    assert (interval.start, interval.end, interval.best) == (
        dt.date(2009, 1, 9),
        dt.date(2009, 1, 16),
        dt.date(2009, 1, 16),
    )


def test_a_pages_stamp_is_kept_against_the_votes_of_its_topic() -> None:
    # A report stamped "Posted by ... on May 2, 2010 11:54 PM" among dated reports of the same
    # news a month later: the votes moved it to their day (its own bounds were "set aside" as
    # missing the votes' peak); a page's stamp keeps its bounds and its day now.
    text = (
        _STORIES["spill"].format(n=9, x="kill top") + " Posted by Ann Lee on May 2, 2010 11:54 PM."
    )
    published = infer_from_content(text, [], collected_on=dt.date(2012, 1, 1))
    assert published.interval is not None and published.interval.best == dt.date(2010, 5, 2)
    articles = [*_spill_and_flu(3)[:-1], _article("u", text, published)]
    updated = date_from_similar(_corpus(articles), collected_on=dt.date(2012, 1, 1))["u"]
    assert updated.interval is not None
    assert (updated.interval.start, updated.interval.end, updated.interval.best) == (
        dt.date(2010, 4, 25),
        dt.date(2010, 5, 2),
        dt.date(2010, 5, 2),
    )
    assert not any(line.startswith("set aside") for line in updated.evidence)
    assert "the page's own stamp keeps it on 2010-05-02" in updated.evidence[-1]
