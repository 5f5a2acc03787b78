"""The learned attribution-cue model (storyline.analyse.cue_model) on hand-written sentences:
it is packaged, finds reporting verbs, ignores plain narration, and adds to the rule reader a
cue that no rule list holds."""

from __future__ import annotations

import math

from storyline.analyse.cue_model import (
    STACK_INPUTS,
    TRANSITIONS,
    CueModel,
    chain_marginals,
    find_cues,
    load_model,
    parse_features,
    parse_ranges,
    sentence_ranges,
    spans_from_scores,
    stack_inputs,
    tokenize,
)
from storyline.analyse.entities import find_mentions
from storyline.analyse.quotes import Attribution, find_attributions, find_quotes
from storyline.analyse.sentences import split_sentences

from .conftest import SEEDS

#: the seed story's quote cues the parsed model overlaps (of 46; 47 before the build stopped
#: reading "reported a sharp decline" as a quote, 2026-12-05): of the 47, 46 with the logistic
#: model and its second pass, 47 with the CRF (2026-12-03)
SEED_CUES_COVERED = 46


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
    # the broad reading's model reads a parse; the build's reads the text alone
    assert model.parse and 0.0 <= model.parse_floor < model.threshold
    assert any(name.startswith("P:") for name in model.weights)
    # a linear-chain CRF (train_cues --crf): its label transitions, no second pass
    assert model.transitions is not None and model.stack is None
    assert model.transitions["I>I"] > model.transitions["I>O"]
    plain = load_model(parsed=False)
    assert plain is not None and not plain.parse
    assert not any(name.startswith("P:") for name in plain.weights)


def test_dependency_features_see_the_clause_a_verb_governs() -> None:
    text = "The mayor said the bridge would reopen. The river flooded the town."
    tokens = tokenize(text)
    ranges = sentence_ranges(text, tokens)
    assert ranges == [(0, 8), (8, 14)]
    features = parse_features(text, tokens, ranges[:1])
    said = features[2]
    assert "P:kid=ccomp" in said and "P:kid=nsubj" in said and "P:subj+comp" in said
    assert "P:in_comp" in features[6]  # "reopen": inside the complement clause
    assert all(f == [] for f in features[8:])  # the second sentence was not parsed


def test_only_sentences_that_may_hold_a_cue_are_parsed() -> None:
    text = "Officials said the talks failed. Rain fell on the town."
    tokens = tokenize(text)
    scores = [0.0] * len(tokens)
    scores[1] = 0.3  # "said"
    assert parse_ranges(text, tokens, scores, 0.05) == [(0, 6)]
    ruled = [False] * len(tokens)
    ruled[8] = True
    assert parse_ranges(text, tokens, scores, 0.05, ruled) == [(0, 6), (6, 12)]
    assert parse_ranges(text, tokens, scores, 0.5) == []


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


def test_the_second_pass_reads_the_first_pass_around_each_token() -> None:
    text = "He told reporters , she said . Rain"
    tokens = tokenize(text)
    ranges = sentence_ranges(text, tokens)
    assert ranges == [(0, 7), (7, 8)]
    z = [-5.0, 3.0, 0.5, -5.0, -5.0, 20.0, -5.0, 1.0]
    ruled = [False, True, False, False, False, True, False, False]
    rows = stack_inputs([t.text for t in tokens], ranges, z, ruled, [False] * 7 + [True])
    assert all(len(row) == len(STACK_INPUTS) for row in rows)
    x = [dict(zip(STACK_INPUTS, row, strict=True)) for row in rows]
    reporters = x[2]
    assert reporters["z"] == 0.5 and reporters["alnum"] == 1.0
    assert 0.95 < reporters["p-1"] < 0.96  # "told"
    assert reporters["p+2"] < 0.01  # "she"
    assert reporters["far_max"] > 0.999 and reporters["far_count"] == 1 / 3  # "said"
    said = x[5]
    assert said["z"] == 12.0 and said["rule*z"] == 12.0  # clipped
    # "told" (4 tokens off) the strongest further than two tokens; "reporters" also over 0.4
    assert 0.95 < said["far_max"] < 0.96 and said["far_count"] == 2 / 3
    assert x[3]["alnum"] == 0.0 and x[3]["punct*near"] > 0.99  # the comma beside "said"
    rain = x[7]  # a sentence of its own: no neighbours
    assert rain["p-1"] == rain["p+1"] == rain["far_max"] == 0.0
    assert rain["inquote"] == 1.0 and rain["inquote*z"] == 1.0


def test_a_model_with_a_second_pass_reads_it() -> None:
    first = load_model(parsed=False)
    assert first is not None and first.stack is None  # the packaged models have none
    # a second pass that keeps the first pass's logit and adds the next token's score
    stack = {"z": 1.0, "p+1": 4.0}
    data = {"weights": first.weights, "threshold": first.threshold, "gap": 1, "stack": stack}
    model = CueModel.from_json(data)
    assert model.stack == stack and not model.parse
    text = "The mayor said on Monday that the bridge would reopen."
    tokens = tokenize(text)
    plain = first.token_scores(text, tokens)
    scores = model.token_scores(text, tokens)
    said = 2
    assert scores[said - 1] > plain[said - 1]  # "mayor", before "said"
    assert scores[-1] == plain[-1]  # the full stop: no next token in its sentence
    assert model.cues(text) == spans_from_scores(text, tokens, scores, model.threshold, 1)


def brute_force_marginals(z: list[float], transitions: dict[str, float]) -> list[float]:
    """P(token inside a cue) over every labelling of one sentence, by enumeration."""
    import itertools
    import math

    total = 0.0
    inside = [0.0] * len(z)
    for labels in itertools.product("OI", repeat=len(z)):
        score = sum(v for v, y in zip(z, labels, strict=True) if y == "I")
        score += sum(transitions[f"{a}>{b}"] for a, b in itertools.pairwise(labels))
        weight = math.exp(score)
        total += weight
        for k, y in enumerate(labels):
            if y == "I":
                inside[k] += weight
    return [v / total for v in inside]


def test_chain_marginals_are_the_crf_marginals_of_each_sentence() -> None:
    transitions = dict(zip(TRANSITIONS, (0.3, -1.2, -0.4, 1.7), strict=True))
    z = [-2.0, 1.5, 0.2, -0.7, 3.0, -1.0, 0.4]
    sentences = [(0, 4), (4, 5), (5, 7)]
    found = chain_marginals(z, sentences, transitions)
    expected: list[float] = []
    for a, b in sentences:
        expected += brute_force_marginals(z[a:b], transitions)
    assert [round(v, 12) for v in found] == [round(v, 12) for v in expected]
    # without transitions each token is on its own: the logistic score of its state weight
    alone = chain_marginals(z, sentences, {})
    assert [round(v, 12) for v in alone] == [round(1 / (1 + math.exp(-v)), 12) for v in z]


def test_a_model_with_transitions_scores_by_chain_marginals() -> None:
    first = load_model(parsed=False)
    assert first is not None
    # "I>I" strong: a token beside a likely cue token is pulled up, as in "according to"
    transitions = {"O>O": 0.0, "O>I": -1.0, "I>O": -1.0, "I>I": 2.0}
    data = {"weights": first.weights, "threshold": 0.4, "gap": 1, "transitions": transitions}
    model = CueModel.from_json(data)
    assert model.transitions == transitions and model.stack is None
    text = "The mayor said on Monday that the bridge would reopen. Rain fell."
    tokens = tokenize(text)
    z = [math.log(p / (1 - p)) for p in first.token_scores(text, tokens)]
    scores = model.token_scores(text, tokens)
    expected = chain_marginals(z, sentence_ranges(text, tokens), transitions)
    assert [round(v, 6) for v in scores] == [round(v, 6) for v in expected]
    assert model.cues(text) == spans_from_scores(text, tokens, scores, 0.4, 1)


def test_the_parsed_model_finds_the_seed_storys_quote_cues() -> None:
    """The broad reading's model (the CRF since 2026-12-03) overlaps every cue of the seed
    story's quotes (the build's reading); the logistic model with its second pass missed one
    ("say" in 004)."""
    covered = total = 0
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences("t", text)
        mentions = find_mentions("t", text, sentences, "en")
        quotes = find_attributions("t", text, sentences, mentions, "en", broad=False)
        cues = {(a.quote.cue_start, a.quote.cue_end) for a in quotes if a.quote.cue_start >= 0}
        rules = find_attributions("t", text, sentences, mentions, "en", broad=True, learned=False)
        ruled = sorted({(a.quote.cue_start, a.quote.cue_end) for a in rules})
        found = find_cues(text, [c for c in ruled if c[0] >= 0])
        total += len(cues)
        covered += sum(any(c.start < e and s < c.end for c in found) for s, e in cues)
    assert total == 46
    assert covered >= SEED_CUES_COVERED
