"""NER where names are read (analyse/ner_scope.py): which sentences the model reads, how the
names it finds there are matched elsewhere, and the option that tags every sentence."""

from __future__ import annotations

import dataclasses

from storyline.analyse.entities import find_mentions
from storyline.analyse.ner_scope import runs_to_tag, sentences_to_tag
from storyline.analyse.sentences import split_sentences
from storyline.pipeline import BuildOptions, stage_versions

TEXT = (
    "The talks opened in the capital. Delegates arrived from across the region. "
    "They sat in a long hall. The weather was mild.\n\n"
    "Nobody expected a quick deal. Maria Fernandez chaired the first session. "
    '"We will stay until it is done," she said. '
    "The rooms were crowded. Some 40 delegations took part. "
    "Observers watched from the gallery. Fernandez later left the building. "
    "Crowds waited for Jonathan Pemberton outside."
)


def _chosen(text: str) -> list[str]:
    sentences = split_sentences("a", text)
    return [s.text for s, keep in zip(sentences, sentences_to_tag(sentences), strict=True) if keep]


def test_lead_speech_and_the_sentence_before_it_and_figures_are_read() -> None:
    chosen = _chosen(TEXT)
    assert chosen[:3] == [
        "The talks opened in the capital.",
        "Delegates arrived from across the region.",
        "They sat in a long hall.",
    ]
    assert "Maria Fernandez chaired the first session." in chosen  # before a quote
    assert "Nobody expected a quick deal." not in chosen
    assert '"We will stay until it is done," she said.' in chosen
    assert "Some 40 delegations took part." in chosen
    assert "The weather was mild." not in chosen
    assert "Observers watched from the gallery." not in chosen


def test_may_the_modal_is_not_a_date_but_may_the_month_is() -> None:
    lead = "One is here. Two is here. Three is here. "
    assert _chosen(lead + "Prices may rise. Talks resume in May.")[3:] == ["Talks resume in May."]


def test_a_reporting_phrase_makes_the_sentence_before_it_read() -> None:
    """Regression: 'he called for' was not taken for speech, so the sentence naming the
    speaker before it was not read and the quote went to the wrong person (seed 001)."""
    text = "One. Two. Three. Calls came with Secretary Ana Ruiz. He called for calm."
    assert "Calls came with Secretary Ana Ruiz." in _chosen(text)


def test_runs_join_consecutive_chosen_sentences() -> None:
    text = "One is here. Two is here. Three is here. Plain words now. Then 10 more came."
    runs = runs_to_tag(text, split_sentences("a", text))
    assert [text[s:e] for s, e in runs] == [
        "One is here. Two is here. Three is here.",
        "Then 10 more came.",
    ]


def test_names_tagged_where_read_are_matched_elsewhere_with_their_type() -> None:
    sentences = split_sentences("a", TEXT)
    scoped = find_mentions("a", TEXT, sentences)
    full = find_mentions("a", TEXT, sentences, scoped=False)
    fernandez = [m for m in scoped if m.text == "Fernandez"]
    # "Fernandez later left the building." is not read by the model: matched as the surname.
    assert any(TEXT.index("Fernandez later") == m.start for m in fernandez)
    assert all(m.type == "PERSON" for m in fernandez)
    # A name only in a sentence that is not read is what scoping gives up; tagging
    # everywhere finds it.
    assert not any(m.text == "Jonathan Pemberton" for m in scoped)
    assert any(m.text == "Jonathan Pemberton" for m in full)


def test_tagging_everywhere_is_recorded_in_the_stage_version() -> None:
    scoped, everywhere = BuildOptions(), BuildOptions(ner_everywhere=True)
    assert stage_versions(scoped) == stage_versions()
    assert stage_versions(everywhere)["entities"] != stage_versions(scoped)["entities"]
    others = {k: v for k, v in stage_versions(everywhere).items() if k != "entities"}
    assert others == {k: v for k, v in stage_versions().items() if k != "entities"}
    assert dataclasses.replace(scoped, ner_everywhere=True) == everywhere
