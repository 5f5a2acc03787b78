"""The timeline scorer (tilse's align+ m:1 ROUGE with the Perl ROUGE-1.5.5, and Date F1), the
gold-style tokeniser and the tilse text layout."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.evals.t17 import _parse_timeline, gold_timelines
from storyline.evals.tls_score import (
    _BRACKETS,
    Scorer,
    f1_of_means,
    mean,
    ptb_tokenize,
    write_timeline,
)

SHARED_T17 = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timeline17"

D = dt.date
GOLD = {
    D(2010, 4, 20): [
        "An explosion on the Deepwater Horizon rig kills 11 workers .",
    ],
    D(2010, 4, 22): ["The rig sinks and oil begins to leak into the Gulf of Mexico ."],
    D(2010, 5, 2): [
        "President Obama visits the Louisiana coast and says BP will pay the bill .",
        "Fishing is banned in federal waters affected by the spill .",
    ],
}


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer("original")


def test_a_timeline_scored_against_itself_is_perfect(scorer: Scorer) -> None:
    assert set(scorer.score(GOLD, GOLD).values()) == {1.0}


def test_a_real_gold_timeline_against_itself_is_perfect(scorer: Scorer) -> None:
    if not SHARED_T17.is_dir():
        pytest.skip("../shared/data/timeline17 is absent")
    gold = min(gold_timelines(SHARED_T17), key=lambda g: len(g.entries))
    entries = dict(gold.entries)
    scores = scorer.score(entries, entries)
    assert set(scores.values()) == {1.0}
    assert {"ar2_f1", "ar2_precision", "ar2_recall", "date_recall"} <= set(scores)


def test_right_dates_with_other_words_score_dates_only(scorer: Scorer) -> None:
    other = {day: ["Shares of an airline rose on strong quarterly bookings ."] for day in GOLD}
    scores = scorer.score(other, GOLD)
    assert scores["date_f1"] == 1.0
    assert scores["ar1_f1"] < 0.1
    assert scores["ar2_f1"] == 0.0


def test_a_day_off_halves_the_content_and_loses_the_date(scorer: Scorer) -> None:
    shifted = {day + dt.timedelta(days=1): lines for day, lines in GOLD.items()}
    scores = scorer.score(shifted, GOLD)
    assert scores["date_f1"] == 0.0
    # Aligned one day off, every matched n-gram counts 1 / (1 + 1).
    assert scores["ar1_f1"] == pytest.approx(0.5, abs=0.01)


def test_half_the_dates_scores_between(scorer: Scorer) -> None:
    half = {D(2010, 4, 20): GOLD[D(2010, 4, 20)], D(2010, 5, 2): GOLD[D(2010, 5, 2)]}
    scores = scorer.score(half, GOLD)
    assert scores["date_f1"] == pytest.approx(0.8)
    assert 0.5 < scores["ar1_f1"] < 1.0


def test_an_empty_prediction_scores_zero(scorer: Scorer) -> None:
    scores = scorer.score({}, GOLD)
    assert set(scores.values()) == {0.0} and len(scores) == 9


def test_tokenised_like_the_gold() -> None:
    assert ptb_tokenize("BP's well (the Macondo) leaked 4.9 million barrels, it said.") == (
        "BP 's well -LRB- the Macondo -RRB- leaked 4.9 million barrels , it said ."
    )
    assert ptb_tokenize("“It didn't work,” he said.") == "`` It did n't work , '' he said ."
    assert ptb_tokenize("The U.S. government") == "The U.S. government"


@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=80))
def test_tokenising_keeps_every_letter_and_digit_in_order(text: str) -> None:
    tokens = ptb_tokenize(text)
    assert "  " not in tokens
    assert tokens == tokens.strip()
    # A bracket becomes its name (-LRB- ...); the text's own letters stay, "-LRB-" included.
    named = "".join(_BRACKETS.get(c, c) for c in text)
    assert re.sub(r"[^A-Za-z0-9]", "", tokens) == re.sub(r"[^A-Za-z0-9]", "", named)


def test_regression_a_text_that_writes_a_bracket_name_keeps_it() -> None:
    """The property above once removed every "-LRB-" from the tokens before comparing, also
    one the text itself wrote, and failed on it; the tokeniser keeps it."""
    assert ptb_tokenize("-LRB-") == "-LRB-"
    assert ptb_tokenize("(a) -LRB-") == "-LRB- a -RRB- -LRB-"


def test_the_tilse_layout_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "pred.txt"
    write_timeline(path, GOLD)
    lines = path.read_text().splitlines()
    assert lines[0] == "2010-04-20" and set(lines[2]) == {"-"}
    assert dict(_parse_timeline(path)) == {d: tuple(s) for d, s in GOLD.items()}


def test_news_tls_averages_precision_and_recall_before_taking_f1() -> None:
    """news-tls's ``get_average_results`` (which made the published figures) averages each
    timeline's precision and recall and takes the F1 of those; the mean of each timeline's F1
    is lower where precision and recall differ from timeline to timeline."""
    rows = [
        {"ar2_precision": 0.02, "ar2_recall": 0.10, "ar2_f1": 2 * 0.02 * 0.10 / 0.12},
        {"ar2_precision": 0.06, "ar2_recall": 0.02, "ar2_f1": 2 * 0.06 * 0.02 / 0.08},
    ]
    assert f1_of_means(rows, "ar2") == pytest.approx(2 * 0.04 * 0.06 / 0.10)
    assert mean(rows, "ar2_f1") == pytest.approx((1 / 30 + 0.03) / 2)
    assert f1_of_means(rows, "ar2") > mean(rows, "ar2_f1")
    assert f1_of_means([{"ar2_precision": 0.0, "ar2_recall": 0.0}], "ar2") == 0.0
