"""The cue model's fast scoring (storyline.analyse.cue_model._PlainScorer) gives the scores the
plain way gives — the weights of token_features' names summed one by one, as the trainer
reads them — to the last bit, on the seed articles, on hand-made edge cases and on any text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse.cue_model import (
    CueModel,
    _sigmoid,
    chain_marginals,
    load_model,
    parse_features,
    parse_ranges,
    quoted_stretches,
    second_pass,
    sentence_ranges,
    spans_from_scores,
    token_features,
    tokenize,
)

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def reference_scores(
    model: CueModel,
    text: str,
    rules: list[tuple[int, int]] | tuple[()] = (),
    parse_floor: float | None = None,
) -> list[float]:
    """CueModel.token_scores as it was before the fast path: every feature named, then
    looked up."""
    tokens = tokenize(text)
    weights = model.weights
    features = list(token_features(text, tokens, quoted_stretches(text), rules))
    z = [sum(weights.get(f, 0.0) for f in fs) for fs in features]
    if model.parse:
        floor = model.parse_floor if parse_floor is None else parse_floor
        ruled = ["rule" in fs for fs in features]
        ranges = parse_ranges(text, tokens, [_sigmoid(v) for v in z], floor, ruled)
        for k, extra in enumerate(parse_features(text, tokens, ranges)):
            z[k] += sum(weights.get(f, 0.0) for f in extra)
    if model.stack is not None:
        ruled = ["rule" in fs for fs in features]
        z = second_pass(model.stack, text, tokens, z, ruled, quoted_stretches(text))
    if model.transitions is not None:  # a CRF: its marginals over each sentence
        return chain_marginals(z, sentence_ranges(text, tokens), model.transitions)
    return [_sigmoid(v) for v in z]


def plain() -> CueModel:
    model = load_model(parsed=False)
    assert model is not None
    return model


def some_rules(text: str, every: int = 7) -> list[tuple[int, int]]:
    """Rule cues over every ``every``-th token, some two tokens long."""
    tokens = tokenize(text)
    return [
        (tokens[k].start, tokens[min(k + k % 2, len(tokens) - 1)].end)
        for k in range(0, len(tokens), every)
    ]


EDGE_CASES = [
    "",
    " \n\t ",
    "said",
    '"We will win," said the mayor.\n\nShe added: "No doubt."',
    "“It’s over,” he said — ‘truly’ — according to «them» and „others“.",
    "a | b || c ||| d: the | that | said",
    "Officials SAID that 2012's plan, they said, was 'dead'. 'Quite.' He warned:",
    "he\nsaid\n\nthat\n\n\n'quote' . . . ! ? !!",
    "Über-Präsident Müller sagte, dass 3 000 Menschen kämen. 東京 said “はい”.",
    '"unclosed quote, said he. And "another',
    "x" * 300 + " said " + "y'z-w " * 40,
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_fast_scores_equal_the_reference_on_edge_cases(text: str) -> None:
    model = plain()
    for rules in ((), some_rules(text, 3)):
        assert model.token_scores(text, None, rules) == reference_scores(model, text, rules)


def test_fast_scores_and_cues_equal_the_reference_on_the_seed_articles() -> None:
    model = plain()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert texts
    for text in texts:
        for rules in ((), some_rules(text)):
            expected = reference_scores(model, text, rules)
            tokens = tokenize(text)
            assert model.token_scores(text, tokens, rules) == expected
            assert model.token_scores(text, None, rules) == expected
            for threshold in (None, 0.05, 0.4, 0.7, 0.99, 1.5):
                cut = model.threshold if threshold is None else threshold
                assert model.cues(text, rules, threshold) == spans_from_scores(
                    text, tokens, expected, cut, model.gap
                )


def test_the_parsed_model_scores_as_before() -> None:
    model = load_model(parsed=True)
    assert model is not None
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    text = text[:3000]
    for rules in ((), some_rules(text)):
        assert model.token_scores(text, None, rules) == reference_scores(model, text, rules)


def test_a_pair_feature_naming_a_bar_is_found() -> None:
    """A word may be "|", the separator of a pair feature's name: the lookup by pair reads
    the weight under exactly the name token_features makes."""
    weights = {"bias": -1.0, "w-1w=||said": 2.0, "ww+1=said||": 0.5, "w-1w+1=|||": 0.25}
    model = CueModel(weights, 0.5, 1)
    for text in ("| said |", "| | |", "said | said", "a|b"):
        assert model.token_scores(text) == reference_scores(model, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=80),
        st.lists(
            st.one_of(
                st.sampled_from(list(" \n\t.,:;!?\"'“”‘’«»|-—")),
                st.sampled_from([" said ", "that", "he", "The ", "told", "according to", "2012"]),
                st.characters(),
            ),
            max_size=60,
        ).map("".join),
    ),
    st.lists(st.tuples(st.integers(0, 150), st.integers(0, 8)), max_size=4),
)
def test_fast_scoring_never_raises_and_equals_the_reference(
    text: str, raw_rules: list[tuple[int, int]]
) -> None:
    model = plain()
    rules = sorted((s, s + length) for s, length in raw_rules)
    scores = model.token_scores(text, None, rules)
    assert len(scores) == len(tokenize(text))
    assert scores == reference_scores(model, text, rules)
    assert model.cues(text, rules) == spans_from_scores(
        text, tokenize(text), scores, model.threshold, model.gap
    )
