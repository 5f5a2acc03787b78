"""The learned attribution-cue model (storyline.analyse.cue_model) on hand-written sentences:
it is packaged, finds reporting verbs, ignores plain narration, and adds to the rule reader a
cue that no rule list holds."""

from __future__ import annotations

from storyline.analyse.cue_model import find_cues, load_model, spans_from_scores, tokenize
from storyline.analyse.entities import find_mentions
from storyline.analyse.quotes import Attribution, find_attributions, find_quotes
from storyline.analyse.sentences import split_sentences


def cue_words(text: str) -> list[str]:
    return [text[c.start : c.end] for c in find_cues(text)]


def read(text: str, *, broad: bool, learned: bool) -> list[Attribution]:
    sentences = split_sentences("t", text)
    mentions = find_mentions("t", text, sentences, "en")
    return find_attributions("t", text, sentences, mentions, "en", broad=broad, learned=learned)


def test_the_model_is_packaged() -> None:
    model = load_model()
    assert model is not None
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 10_000


def test_reporting_verbs_are_cues_and_narration_is_not() -> None:
    assert cue_words("The mayor said the bridge would reopen next month.") == ["said"]
    assert cue_words("Farmers fear that the drought will ruin the harvest.") == ["fear"]
    assert cue_words("The river flooded the town after three days of heavy rain.") == []
    assert cue_words("Protesters marched through the square on Sunday.") == []


def test_a_cue_outside_the_rule_lists_is_read_with_its_source_and_content() -> None:
    text = "Senator Alvarez slammed the proposal as a giveaway to insurers."
    assert not any(a.quote.cue == "slammed" for a in read(text, broad=True, learned=False))
    (found,) = read(text, broad=True, learned=True)
    assert found.quote.cue == "slammed"
    assert "Alvarez" in text[found.source_start : found.source_end]
    assert found.quote.text == "the proposal as a giveaway to insurers"
    # the build's reading takes it too: the speaker is a name and the model is sure of it
    (quote,) = find_quotes(
        "t", text, split_sentences("t", text), find_mentions("t", text, split_sentences("t", text))
    )
    assert quote.cue == "slammed" and "Alvarez" in quote.speaker


def test_neighbouring_cue_tokens_make_one_cue() -> None:
    text = "The report was first published by the agency"
    tokens = tokenize(text)
    scores = [0.0, 0.0, 0.9, 0.2, 0.9, 0.9, 0.0, 0.0]
    (cue,) = spans_from_scores(text, tokens, scores, 0.5, gap=1)
    assert text[cue.start : cue.end] == "was first published by"
    assert len(spans_from_scores(text, tokens, scores, 0.5, gap=0)) == 2
