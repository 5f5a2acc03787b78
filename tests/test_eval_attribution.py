"""PolNeAR attribution evaluation: brat reading and writing, the scoring, the broad reading of
attributions it measures, and a quality floor on the real dev split (skipped without it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.entities import find_mentions
from storyline.analyse.quotes import Attribution, find_attributions, find_quotes
from storyline.analyse.sentences import split_sentences
from storyline.cli import cli
from storyline.errors import DataFormatError, DataNotFound
from storyline.evals import attribution as evaluation
from storyline.evals.attribution import BratAttribution, count, metrics, read_brat, to_brat

from .conftest import SHARED_DATA

POLNEAR_DEV = SHARED_DATA / "polnear" / "dev"

TEXT = "The bank said that it had fired thousands of employees. Voters want change."
#       0         1         2         3         4         5         6         7
#       0123456789012345678901234567890123456789012345678901234567890123456789012345
ANN = (
    "T1\tSource 0 8\tThe bank\n"
    "T2\tCue 9 13\tsaid\n"
    "T3\tContent 19 54\tit had fired thousands of employees\n"
    "T4\tAttribution 9 13\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tSource 56 62\tVoters\n"
    "T6\tCue 63 67;68 74\twant change\n"
    "T7\tAttribution 63 67\twant\n"
    "E2\tAttribution:T7 Source:T5 Cue:T6\n"
)


def attributions_in(text: str) -> list[Attribution]:
    sentences = split_sentences("t", text)
    mentions = find_mentions("t", text, sentences, "en")
    return find_attributions("t", text, sentences, mentions, "en", broad=True)


def one_with(found: list[Attribution], text: str, content: str) -> Attribution:
    hits = [a for a in found if content in a.quote.text]
    assert hits, f"no attribution holds {content!r}: {[a.quote.text for a in found]}"
    return hits[0]


# -- brat --------------------------------------------------------------------------------------


def test_read_brat_ties_spans_by_event() -> None:
    first, second = read_brat(ANN, len(TEXT))
    assert first == BratAttribution(cue=((9, 13),), source=((0, 8),), content=((19, 54),))
    assert TEXT[19:54] == "it had fired thousands of employees"
    # a discontinuous cue keeps both fragments; an attribution without content has none
    assert second.cue == ((63, 67), (68, 74)) and second.content == ()


@pytest.mark.parametrize(
    "bad",
    [
        "T1\tCue 20 10\tsaid\nE1\tAttribution:T1 Cue:T1\n",  # ends before it starts
        "T1\tCue 9 999\tsaid\nE1\tAttribution:T1 Cue:T1\n",  # past the end of the text
        "T1\tCue 9 13\tsaid\nE1\tAttribution:T1 Cue:T1 Source:T9\n",  # names a missing T
        "T1\tCue nine 13\tsaid\n",  # not a number
    ],
)
def test_read_brat_rejects_broken_files(bad: str) -> None:
    with pytest.raises(DataFormatError):
        read_brat(bad, len(TEXT), "x.ann")


spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda p: (p[0], p[0] + p[1])),
    min_size=0,
    max_size=3,
).map(lambda xs: tuple(sorted(set(xs))))


@given(
    st.lists(
        st.builds(BratAttribution, spans.filter(bool), spans, spans),
        max_size=4,
    )
)
def test_brat_round_trip(attributions: list[BratAttribution]) -> None:
    text = "x" * 80
    assert read_brat(to_brat(attributions, text), len(text)) == attributions


# -- scoring -----------------------------------------------------------------------------------


def test_scoring_counts_cues_sources_and_content_tokens() -> None:
    gold = read_brat(ANN, len(TEXT))
    system = [
        # the right cue and source, content one token short
        BratAttribution(((9, 13),), ((4, 8),), ((19, 44),)),
        # a cue nobody annotated
        BratAttribution(((30, 35),), (), ()),
    ]
    result = metrics(count(TEXT, gold, system))
    assert result["cue_precision"] == 0.5 and result["cue_recall"] == 0.5
    assert result["source_precision"] == 1.0 and result["source_recall"] == 1.0
    # gold content: 6 tokens; predicted: 5 of them
    assert result["content_precision"] == 1.0
    assert result["content_recall"] == pytest.approx(5 / 6, abs=1e-4)


def test_a_cue_matches_one_gold_attribution_only() -> None:
    gold = read_brat(ANN, len(TEXT))
    system = [BratAttribution(((9, 13),), (), ()), BratAttribution(((10, 12),), (), ())]
    counts = count(TEXT, gold, system)
    assert counts.cue_matched == 1 and counts.system == 2


def write_split(root: Path, annotators: dict[str, str]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    for name, ann in annotators.items():
        (root / "attributions" / f"doc1_{name}.ann").write_text(ann, encoding="utf-8")
    return root


def test_run_scores_each_annotator_and_writes_brat(tmp_path: Path) -> None:
    # annotator b marked only the first attribution: recall against a is 1/2, against b 1/1
    first_only = "\n".join(ANN.splitlines()[:5]) + "\n"
    data = write_split(tmp_path / "split", {"a": ANN, "b": first_only})
    out = tmp_path / "out"
    result = evaluation.run(data, out)
    assert result["documents"] == 1 and result["unreadable"] == []
    assert result["cue_precision"] == 1.0  # "said" (and "want" when found) are both right
    written = out / "attributions" / "doc1_storyline.ann"
    predicted = read_brat(written.read_text(encoding="utf-8"), len(TEXT))
    said = [a for a in predicted if a.cue == ((9, 13),)]
    assert said and said[0].source == ((0, 8),)
    assert TEXT[said[0].content[0][0] : said[0].content[0][1]].startswith("it had fired")


def test_run_reports_unreadable_annotations(tmp_path: Path) -> None:
    data = write_split(tmp_path / "split", {"a": ANN, "b": "T1\tCue 5 2\tx\n"})
    result = evaluation.run(data)
    assert result["unreadable"] == ["doc1_b.ann"]


def test_missing_split_is_data_not_found(tmp_path: Path) -> None:
    with pytest.raises(DataNotFound, match="text/ and attributions/"):
        evaluation.run(tmp_path)
    runner = CliRunner()
    outcome = runner.invoke(cli, ["eval", "attribution", "--data", str(tmp_path)])
    assert outcome.exit_code != 0


# -- the broad reading it measures ---------------------------------------------------------------


def test_any_noun_phrase_is_a_source_in_the_broad_reading() -> None:
    text = "The bank said that it had fired 5,300 employees over five years."
    found = one_with(attributions_in(text), text, "it had fired")
    assert text[found.source_start : found.source_end] == "The bank"
    # the default reading keeps to speakers it can resolve
    sentences = split_sentences("t", text)
    assert find_quotes("t", text, sentences, find_mentions("t", text, sentences, "en")) == []


def test_beliefs_intentions_and_evidence_are_attributions() -> None:
    text = (
        "Senator Maria Lopez wants a recount in every county.\n\n"
        "A new statewide poll shows the governor ahead by four points.\n\n"
        "His plans for the state were never published."
    )
    found = attributions_in(text)
    wants = one_with(found, text, "a recount")
    assert wants.quote.cue == "wants"
    assert "Maria Lopez" in text[wants.source_start : wants.source_end]
    shows = one_with(found, text, "the governor ahead")
    assert text[shows.source_start : shows.source_end].endswith("poll")
    assert not any(a.quote.cue in ("plans", "state") for a in found)  # nouns, not verbs


def test_party_and_age_between_name_and_verb() -> None:
    text = (
        "Sen. Lindsey Graham (R-S.C.) told reporters on Thursday that the bill would pass.\n\n"
        "''It will not be easy,'' Mr. King, 82, told me."
    )
    found = attributions_in(text)
    graham = one_with(found, text, "the bill would pass")
    assert "Lindsey Graham" in text[graham.source_start : graham.source_end]
    king = one_with(found, text, "It will not be easy")
    assert king.quote.kind == "direct"
    assert "King" in text[king.source_start : king.source_end]


def test_transcript_labels_and_signatures() -> None:
    text = (
        'Partial transcript as follows:\n\n"WALLACE: Will she be at the debate tomorrow?\n\n'
        '"PENCE: She will not be attending the debate tomorrow night.\n\n'
        "“He represents our greatest shame.” ― Sonya Herridge\n\n"
        "Update: the story was corrected on Monday afternoon.\n\n"
        "Stealth Over Health: The Candidate Was Headed to the Hospital."
    )
    found = attributions_in(text)
    pence = one_with(found, text, "She will not be attending")
    assert pence.quote.cue == ":" and text[pence.source_start : pence.source_end] == "PENCE"
    wallace = one_with(found, text, "Will she be at the debate")
    assert wallace.quote.speaker == "WALLACE"
    signed = one_with(found, text, "He represents our greatest shame")
    assert signed.quote.cue == "―" and signed.quote.speaker == "Sonya Herridge"
    assert not any("the story was corrected" in a.quote.text for a in found)
    assert not any("Headed to the Hospital" in a.quote.text for a in found)  # a title


def test_typewriter_quotes_are_quotes_in_every_reading() -> None:
    text = "''There's a lot of new complexity,'' said Mr. Burman, an economist."
    sentences = split_sentences("t", text)
    quotes = find_quotes("t", text, sentences, find_mentions("t", text, sentences, "en"))
    (quote,) = quotes
    assert quote.kind == "direct" and quote.text == "There's a lot of new complexity"
    assert "Burman" in quote.speaker


# -- the real data -------------------------------------------------------------------------------


@pytest.mark.skipif(
    not POLNEAR_DEV.is_dir(),
    reason=f"PolNeAR dev split absent ({POLNEAR_DEV}); see docs/quality.md",
)
def test_quality_floor_on_polnear_dev_subset(tmp_path: Path) -> None:
    """A fast subset (the first 20 dev texts) held to the level measured in docs/quality.md,
    less a small margin: a regression in cues, sources or content fails here."""
    result = evaluation.run(POLNEAR_DEV, tmp_path, limit=20)
    assert result["documents"] == 20 and result["unreadable"] == []
    # with the cue model over the parse (2026-12-02): cue P 0.828 / F1 0.832, source 0.944,
    # content 0.891 (without the parse: P 0.819 / F1 0.797, 0.943, 0.894)
    assert result["cue_precision"] >= 0.81
    assert result["cue_f1"] >= 0.82
    assert result["source_f1"] >= 0.93
    assert result["content_f1"] >= 0.88
    runner = CliRunner()
    outcome = runner.invoke(
        cli, ["eval", "attribution", "--data", str(POLNEAR_DEV), "--out", str(tmp_path / "cli")]
    )
    assert outcome.exit_code == 0, outcome.output
    last = json.loads(outcome.output.strip().splitlines()[-1])
    assert {"cue_f1", "source_f1", "content_f1"} <= last.keys()
    assert len(list((tmp_path / "cli" / "attributions").glob("*_storyline.ann"))) == 84


def test_intentions_relatives_appositions_and_headlines() -> None:
    text = (
        "Clinton Hid Health Problems From Public, Former White House Doctor Says.\n\n"
        "She wants to triple the size of the AmeriCorps program.\n\n"
        "The state's campaign chairman, Phil Lovas, said he cannot comment on the letter.\n\n"
        "Callers phoned listeners who said they had misgivings about the plan."
    )
    found = attributions_in(text)
    headline = one_with(found, text, "Clinton Hid Health Problems")
    assert headline.quote.cue == "Says"
    assert text[headline.source_start : headline.source_end] == "Former White House Doctor"
    wants = one_with(found, text, "to triple the size")
    assert text[wants.source_start : wants.source_end] == "She"
    lovas = one_with(found, text, "he cannot comment")
    assert text[lovas.source_start : lovas.source_end] == "Phil Lovas"
    relative = one_with(found, text, "they had misgivings")
    assert text[relative.source_start : relative.source_end] == "who"


def test_a_lower_case_role_before_the_name_belongs_to_the_speaker() -> None:
    """'…," Clinton campaign spokesman Brian Fallon said': the quote before the title is his,
    in the default reading too."""
    text = (
        "“She will be out there campaigning as aggressively as ever,” Clinton campaign "
        "spokesman Brian Fallon said on Monday."
    )
    sentences = split_sentences("t", text)
    quotes = find_quotes("t", text, sentences, find_mentions("t", text, sentences, "en"))
    (quote,) = quotes
    assert quote.kind == "direct" and "Fallon" in quote.speaker


def test_passives_progressives_and_plural_subjects() -> None:
    text = (
        "The registration issue was reported by The Washington Post.\n\n"
        "The White House is saying that the revelations are troubling.\n\n"
        "An analysis of campaign finance reports shows donations near a record.\n\n"
        "Although the senator lacks a signature achievement, elected officials from both "
        "parties say he has a reputation as a hard worker.\n\n"
        "The presidential debates drew record audiences."
    )
    found = attributions_in(text)
    reported = one_with(found, text, "The registration issue")
    assert "Washington Post" in text[reported.source_start : reported.source_end]
    saying = one_with(found, text, "the revelations are troubling")
    assert text[saying.source_start : saying.source_end].endswith("White House")
    shows = one_with(found, text, "donations near a record")
    assert shows.quote.cue == "shows"
    say = one_with(found, text, "he has a reputation")
    assert text[say.source_start : say.source_end] == "elected officials from both parties"
    assert not any(a.quote.cue == "debates" for a in found)


def test_progressive_reporting_verb_in_the_default_reading() -> None:
    """'is saying that …' is reported speech, not a passive ('was told')."""
    text = "The White House is saying that the revelations about the candidate are troubling."
    sentences = split_sentences("t", text)
    quotes = find_quotes("t", text, sentences, find_mentions("t", text, sentences, "en"))
    assert [q.text for q in quotes] == ["the revelations about the candidate are troubling"]


def test_content_after_an_adverbial_starts_at_its_clause() -> None:
    text = (
        "Trump said after the convention he would not accept the endorsement.\n\n"
        "The mayor spoke at a press conference in the afternoon."
    )
    sentences = split_sentences("t", text)
    quotes = find_quotes("t", text, sentences, find_mentions("t", text, sentences, "en"))
    assert [q.text for q in quotes] == ["he would not accept the endorsement"]
