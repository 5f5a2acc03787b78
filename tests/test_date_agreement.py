"""Date discrepancies: sources that put one happening on different days, and only those."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.core import Storyline
from storyline.ingest.sources import SourceOptions
from storyline.link.corpus import Corpus
from storyline.models import (
    DateInterval,
    Duplicate,
    Happening,
    PublicationDate,
    Report,
    Sentence,
    Story,
    TimeMention,
)
from storyline.pipeline import BuildOptions
from storyline.tell.date_agreement import WINDOW_DAYS, date_conflicts

from .conftest import COLLECTED_ON
from .small_corpus import small_corpus

SIGNED = (
    "Leaders of Panama and the United States signed a migration agreement in Panama City on "
    "{day}, the foreign ministry said in a statement."
)
STATED = PublicationDate(DateInterval.day(dt.date(2022, 6, 10)), "sidecar")


def _dated(
    corpus: Corpus, article_id: str, said: str, interval: DateInterval, relative: bool = False
) -> Report:
    """The article's first sentence as a report, ``said`` in it a DATE mention of
    ``interval``."""
    sentence = corpus.sentences[article_id][0]
    start = corpus.articles[article_id].text.index(said)
    corpus.time_mentions[article_id].append(
        TimeMention(
            article_id, start, start + len(said), said, "DATE", interval.start.isoformat(), 0,
            interval, "past", relative,
        )
    )  # fmt: skip
    return Report(article_id, 0, sentence.start, sentence.end, sentence.text)


def _day(day: int) -> DateInterval:
    return DateInterval.day(dt.date(2022, 6, day))


def _on(
    corpus: Corpus, happening_id: str, day: int, article_id: str, said: str, relative: bool = False
) -> Happening:
    """A happening on that day of June 2022, reported by the article's first sentence."""
    report = _dated(corpus, article_id, said, _day(day), relative)
    return Happening(happening_id, _day(day), "happened", "what happened", (report,))


def _month(year: int, month: int, last: int) -> DateInterval:
    return DateInterval(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _span(sentence: Sentence) -> tuple[int, int, str]:
    return sentence.start, sentence.end, sentence.text


def _story(corpus: Corpus) -> Story:
    return Story("s", "t", (), tuple(corpus.articles))


def test_two_sources_on_two_days_are_a_date_contradiction() -> None:
    seventh, eighth = SIGNED.format(day="June 7, 2022"), SIGNED.format(day="June 8, 2022")
    corpus = small_corpus({"a": (seventh, STATED), "b": (eighth, STATED)})
    first = _on(corpus, "h1", 7, "a", "June 7, 2022")
    second = _on(corpus, "h2", 8, "b", "June 8, 2022")
    (found,) = date_conflicts(corpus, _story(corpus), [first, second], [])
    assert (found.kind, found.verdict, found.story_id) == ("date", "contradiction", "s")
    assert found.happening_id in {"h1", "h2"}
    assert [(side.value, side.articles) for side in found.sides] == [
        ("2022-06-07", ("a",)),
        ("2022-06-08", ("b",)),
    ]
    (cited,) = found.sides[0].citations
    assert corpus.articles["a"].text[cited.start : cited.end] == "June 7, 2022"


def test_regression_other_dates_in_a_report_sentence_were_called_a_contradiction() -> None:
    # "In March ... the highest since February 2000 ... November elections": each report is
    # dated by March; the other dates of its sentence say nothing about when it happened. The
    # old check compared every date of every report's sentence and called the story's sources
    # contradictory (the seed story showed two such "contradictions").
    text = (
        "In March 2022, authorities detained more than 221,000 people at the border, the most "
        "since February 2000, ahead of the elections in November 2022."
    )
    corpus = small_corpus(
        {"a": (text, STATED), "b": (text.replace("authorities", "agents"), STATED)}
    )
    march = _month(2022, 3, 31)
    reports = []
    for article_id in ("a", "b"):
        report = _dated(corpus, article_id, "March 2022", march)
        _dated(corpus, article_id, "February 2000", _month(2000, 2, 29))
        _dated(corpus, article_id, "November 2022", _month(2022, 11, 30))
        reports.append(report)
    happening = Happening("h", march, "happened", "detained", tuple(reports))
    assert date_conflicts(corpus, _story(corpus), [happening], []) == []


def test_other_numbers_are_another_happening_not_a_contradiction() -> None:
    # Daily counts in the same words: "... confirmed 12 new cases on June 7", "... 15 ... June 8".
    said = (
        "Health officials in Panama City confirmed {n} new cases of the flu on {day}, the "
        "ministry said."
    )
    corpus = small_corpus(
        {
            "a": (said.format(n=12, day="June 7, 2022"), STATED),
            "b": (said.format(n=15, day="June 8, 2022"), STATED),
        }
    )
    first = _on(corpus, "h1", 7, "a", "June 7, 2022")
    second = _on(corpus, "h2", 8, "b", "June 8, 2022")
    assert date_conflicts(corpus, _story(corpus), [first, second], []) == []


def test_a_weekday_resolved_against_a_guessed_date_contradicts_nothing() -> None:
    # "on Tuesday" in an article whose date is only inferred may be any Tuesday near it.
    guessed = PublicationDate(
        DateInterval(dt.date(2022, 6, 1), dt.date(2022, 6, 30), "day", dt.date(2022, 6, 10)),
        "inferred",
    )
    corpus = small_corpus(
        {
            "a": (SIGNED.format(day="Tuesday"), guessed),
            "b": (SIGNED.format(day="June 8, 2022"), STATED),
        }
    )
    first = _on(corpus, "h1", 7, "a", "Tuesday", relative=True)
    second = _on(corpus, "h2", 8, "b", "June 8, 2022")
    assert date_conflicts(corpus, _story(corpus), [first, second], []) == []


def test_one_article_giving_two_days_is_not_two_sources() -> None:
    text = f"{SIGNED.format(day='June 7, 2022')} {SIGNED.format(day='June 8, 2022')}"
    corpus = small_corpus({"a": (text, STATED)})
    sentences = corpus.sentences["a"]
    mentions = []
    for index, (said, day) in enumerate([("June 7, 2022", 7), ("June 8, 2022", 8)]):
        start = text.index(said)
        mentions.append(
            TimeMention("a", start, start + len(said), said, "DATE", "", index, _day(day), "past")
        )
    corpus.time_mentions["a"] = mentions
    happenings = [
        Happening(f"h{i}", _day(7 + i), "happened", "signed", (Report("a", i, *_span(s)),))
        for i, s in enumerate(sentences)
    ]
    assert date_conflicts(corpus, _story(corpus), happenings, []) == []


def _at(day: dt.date) -> PublicationDate:
    return PublicationDate(DateInterval.day(day), "sidecar")


def test_regression_a_copy_republished_the_next_day_said_thursday_on_two_days() -> None:
    # Timeline17: one wire text on two outlets' pages a day apart, "said Thursday" resolved
    # against each page's own day (May 20 and May 27). Relative dates are not compared.
    said = "Lt. Commander Tony Russell said Thursday that the mud was stopping some of the oil."
    corpus = small_corpus(
        {"a": (said, _at(dt.date(2010, 5, 26))), "b": (said, _at(dt.date(2010, 5, 27)))}
    )
    thursdays = [DateInterval.day(dt.date(2010, 5, 20)), DateInterval.day(dt.date(2010, 5, 27))]
    happenings = [
        Happening(f"h{i}", day, "happened", "said", (_dated(corpus, a, "Thursday", day, True),))
        for i, (a, day) in enumerate(zip("ab", thursdays, strict=True))
    ]
    assert date_conflicts(corpus, _story(corpus), happenings, []) == []


def test_regression_a_sentence_naming_both_days_contradicted_another() -> None:
    # "released on November 2, rather than October 26" reports October 26 too; the other
    # outlet's "released on 2 November" does not contradict it.
    october, november = (
        DateInterval.day(dt.date(2010, 10, 26)),
        DateInterval.day(dt.date(2010, 11, 2)),
    )
    corpus = small_corpus(
        {
            "a": ("BP said its quarterly figures would now be released on November 2, rather "
                  "than October 26.", _at(dt.date(2010, 9, 10))),
            "b": ("BP said its quarterly figures would now be released on 2 November.",
                  _at(dt.date(2010, 9, 10))),
        }
    )  # fmt: skip
    _dated(corpus, "a", "November 2", november)
    first = Happening(
        "h1", october, "planned", "figures", (_dated(corpus, "a", "October 26", october),)
    )
    second = Happening(
        "h2", november, "planned", "figures", (_dated(corpus, "b", "2 November", november),)
    )
    assert date_conflicts(corpus, _story(corpus), [first, second], []) == []


def test_regression_the_same_closing_line_of_two_unrelated_articles() -> None:
    # "This article was amended on 16 June 2010" and "... 18 June 2010": two articles on
    # other news (gists far apart), not two sources on one happening.
    corpus = small_corpus(
        {
            "a": ("This article was amended on 16 June 2010. Barack Obama used his first Oval "
                  "Office address to promise that the Gulf would be restored.",
                  _at(dt.date(2010, 6, 16))),
            "b": ("This article was amended on 18 June 2010. People in New Orleans loathe the "
                  "company but they still need the jobs it brings to the coast.",
                  _at(dt.date(2010, 6, 18))),
        }
    )  # fmt: skip
    days = [DateInterval.day(dt.date(2010, 6, 16)), DateInterval.day(dt.date(2010, 6, 18))]
    happenings = [
        Happening(f"h{i}", day, "happened", "amended", (_dated(corpus, a, said, day),))
        for i, (a, said, day) in enumerate(
            zip("ab", ["16 June 2010", "18 June 2010"], days, strict=True)
        )
    ]
    assert date_conflicts(corpus, _story(corpus), happenings, []) == []
    # The same two lines in copies of one story would be two sources on one happening.
    copies = [Duplicate("b", "a", "near", 0.9)]
    assert len(date_conflicts(corpus, _story(corpus), happenings, copies)) == 1


def test_the_seed_story_has_no_date_contradiction(seed_export: dict[str, Any]) -> None:
    kinds = sorted((d["kind"], d["verdict"]) for d in seed_export["discrepancies"])
    assert kinds == [("figure", "agree"), ("name", "variant")]


def test_a_build_shows_two_outlets_that_disagree_on_the_day(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    rest = (
        "The accord commits both governments to share information on smuggling networks and to "
        "expand legal pathways for workers. Officials from both countries met for two days of "
        "talks before the signing ceremony at the presidential palace."
    )
    (folder / "a.txt").write_text(f"{SIGNED.format(day='June 7')} {rest}\n", "utf-8")
    (folder / "b.txt").write_text(
        f"{SIGNED.format(day='June 8')} Critics said the deal did little for families "
        "already waiting at the border. The foreign minister called it a first step toward a "
        "regional plan on migration.\n",
        "utf-8",
    )
    meta = tmp_path / "meta.jsonl"
    meta.write_text(
        "\n".join(
            json.dumps({"path": name, "outlet": outlet, "date": "2022-06-10"})
            for name, outlet in (("a.txt", "Daily Example"), ("b.txt", "Evening Example"))
        ),
        "utf-8",
    )
    app = Storyline(tmp_path / "s.db")
    app.build(
        [str(folder)],
        BuildOptions(collected_on=COLLECTED_ON, workers=1),
        sources=SourceOptions(metadata_file=str(meta)),
    )
    exported = json.loads(app.export("json"))
    dates = [d for d in exported["discrepancies"] if d["kind"] == "date"]
    assert len(dates) == 1, exported["discrepancies"]
    (found,) = dates
    assert found["verdict"] == "contradiction"
    assert [side["value"] for side in found["sides"]] == ["2022-06-07", "2022-06-08"]
    outlets = {a["id"]: a["outlet"] for a in exported["articles"]}
    assert [[outlets[a] for a in side["articles"]] for side in found["sides"]] == [
        ["Daily Example"],
        ["Evening Example"],
    ]
    # Shown on a timeline entry of its story.
    entries = [e for story in exported["stories"] for e in story["timeline"]]
    assert any(found["id"] in e["discrepancies"] for e in entries), entries


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.sampled_from([7, 8, 9, 30]), min_size=2, max_size=5),
    order=st.randoms(use_true_random=False),
)
def test_what_is_found_is_what_the_days_say_in_any_order(days: list[int], order: Any) -> None:
    # One article per entry, each reporting the signing on its day (June 2022), one happening
    # per day: every two days at most 14 apart are one contradiction, whatever the order of
    # the happenings and of their reports.
    corpus = small_corpus(
        {f"a{i}": (SIGNED.format(day=f"June {day}, 2022"), STATED) for i, day in enumerate(days)}
    )
    reports: dict[int, list[Report]] = {}
    for i, day in enumerate(days):
        reports.setdefault(day, []).append(_dated(corpus, f"a{i}", f"June {day}, 2022", _day(day)))
    happenings = [
        Happening(f"h{day}", _day(day), "happened", "signed", tuple(found))
        for day, found in reports.items()
    ]
    found = date_conflicts(corpus, _story(corpus), happenings, [])
    shuffled = [
        replace(h, reports=tuple(order.sample(h.reports, len(h.reports)))) for h in happenings
    ]
    order.shuffle(shuffled)
    assert date_conflicts(corpus, _story(corpus), shuffled, []) == found
    close = {(a, b) for a in reports for b in reports if a < b and abs(a - b) <= WINDOW_DAYS}
    assert {tuple(sorted(int(s.value[-2:]) for s in d.sides)) for d in found} == close
    for discrepancy in found:
        for side in discrepancy.sides:
            day = int(side.value[-2:])
            assert set(side.articles) == {r.article_id for r in reports[day]}
            for citation in side.citations:
                assert corpus.articles[citation.article].text[citation.start : citation.end] == (
                    f"June {day}, 2022"
                )
