"""The cue model's trainer (storyline.evals.train_cues): cross-fitting the second pass scores
every text with a first pass that did not see it, and keeps each fit for the next run; the
CRF path (``--crf``) fits, keeps and reads back its CRFs and writes a model that finds cues."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline.analyse.cue_model import (
    STACK_INPUTS,
    TRANSITIONS,
    CueModel,
    quoted_stretches,
    token_features,
    tokenize,
)
from storyline.evals.attribution import BratAttribution
from storyline.evals.train_cues import (
    CROSS_FOLDS,
    Doc,
    cached_first_passes,
    crf_fitted,
    cross_fit_logits,
    main,
    stack_design,
    stack_fitted,
)

SENTENCES = [
    "The mayor said the bridge would reopen.",
    "Rain fell on the city all night.",
    "Officials told reporters that the plan had failed.",
    "The river rose by a metre.",
]


def doc(text: str) -> Doc:
    tokens = tokenize(text)
    features = list(token_features(text, tokens, quoted_stretches(text), []))
    cues = {"said", "told", "reporters"}
    labels = [int(t.text in cues) for t in tokens]
    gold = [BratAttribution(((t.start, t.end),), (), ()) for t in tokens if t.text in cues]
    return Doc(text, tokens, features, [[] for _ in tokens], labels, [gold])


def corpus(n: int) -> list[Doc]:
    return [doc(SENTENCES[k % len(SENTENCES)]) for k in range(n)]


def test_cross_fitting_never_scores_a_text_with_a_first_pass_fitted_on_it() -> None:
    docs = corpus(14)
    folds = [k % CROSS_FOLDS for k in range(len(docs))]
    fitted_on: list[set[int]] = []

    def fit_first(inside: Sequence[int]) -> dict[str, float]:
        fitted_on.append(set(inside))
        # each first pass gives every token its own number as logit, to tell which scored it
        return {"bias": float(len(fitted_on) - 1)}

    logits = cross_fit_logits(docs, folds, fit_first, 0.05)
    assert len(fitted_on) == CROSS_FOLDS
    for i, z in enumerate(logits):
        assert len(z) == len(docs[i].tokens)
        (which,) = set(z.tolist())
        assert i not in fitted_on[int(which)]
        # and that first pass saw every text of the other folds
        assert fitted_on[int(which)] == {k for k in range(len(docs)) if folds[k] != folds[i]}


def test_the_cross_fitted_second_pass_is_fitted_on_out_of_fold_scores() -> None:
    docs = corpus(12)
    folds = [k % 3 for k in range(len(docs))]
    seen: list[set[int]] = []

    def fit_first(inside: Sequence[int]) -> dict[str, float]:
        seen.append(set(inside))
        return {"bias": -2.0, "w=said": 4.0, "w=told": 4.0, "w=reporters": 1.0}

    logits = cross_fit_logits(docs, folds, fit_first, 0.05)
    xs = [stack_design(d, z) for d, z in zip(docs, logits, strict=True)]
    f1, threshold, gap, stack = stack_fitted(docs, xs)
    assert len(seen) == 3 and all(len(s) == 8 for s in seen)
    assert set(stack) == set(STACK_INPUTS)
    assert stack["z"] > 0  # the first pass's own score counts for a token
    assert 0.2 <= threshold <= 0.7 and gap in (0, 1, 2) and 0.0 <= f1 <= 1.0


def test_first_passes_are_fitted_on_whole_folds_and_kept(tmp_path: Path) -> None:
    docs = corpus(12)
    folds = [k % CROSS_FOLDS for k in range(len(docs))]
    args = argparse.Namespace(fits=tmp_path / "fits", l2=1.0, min_count=1, keep=0.0)
    fit_first = cached_first_passes(docs, folds, args)
    inside = [k for k in range(len(docs)) if folds[k] != 5]
    weights = fit_first(inside)
    assert weights["w=said"] > 0
    kept = tmp_path / "fits" / "without-5.json"
    assert kept.exists()
    # read back by a new run, not fitted again
    kept.write_text('{"bias": 7.0}', encoding="utf-8")
    assert cached_first_passes(docs, folds, args)(inside) == {"bias": 7.0}
    with pytest.raises(ValueError):
        fit_first([k for k in range(len(docs)) if k != 5])  # text 11 is in fold 5 too


def polnear_split(root: Path, n: int) -> Path:
    """A tiny split in PolNeAR's layout: texts of the SENTENCES, "said" and "told reporters"
    annotated as cues."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for k in range(n):
        text = " ".join(SENTENCES[(k + i) % len(SENTENCES)] for i in range(3))
        (root / "text" / f"t{k:02d}.txt").write_text(text, encoding="utf-8")
        lines: list[str] = []
        for source, word in (("mayor", "said"), ("Officials", "told reporters")):
            at, by = text.find(word), text.find(source)
            if at >= 0:
                begin, end = at + len(word) + 1, text.index(".", at)
                t = len(lines) + 1
                lines += [
                    f"T{t}\tSource {by} {by + len(source)}\t{source}",
                    f"T{t + 1}\tCue {at} {at + len(word)}\t{word}",
                    f"T{t + 2}\tContent {begin} {end}\t{text[begin:end]}",
                    f"T{t + 3}\tAttribution {at} {at + len(word)}\t{word}",
                    f"E{t}\tAttribution:T{t + 3} Content:T{t + 2} Cue:T{t + 1} Source:T{t}",
                ]
        (root / "attributions" / f"t{k:02d}_a.ann").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    return root


def test_the_crf_path_fits_reads_back_and_writes_a_model_that_finds_cues(tmp_path: Path) -> None:
    data = polnear_split(tmp_path / "split", 18)
    out = tmp_path / "model.json"
    fits = tmp_path / "fits"
    argv = ["--data", str(data), "--out", str(out), "--crf", "--no-parse", "--min-count", "1"]
    assert main([*argv, "--keep", "0", "--fits", str(fits)]) == 0
    model = CueModel.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert model.transitions is not None and set(model.transitions) == set(TRANSITIONS)
    assert not model.parse and model.stack is None
    # "told reporters" is one cue: its inside-to-inside transition outweighs inside-to-outside
    assert model.transitions["I>I"] > model.transitions["I>O"]
    text = "The minister said the talks had failed. Officials told reporters that it rained."
    assert [text[c.start : c.end] for c in model.cues(text)] == ["said", "told reporters"]
    # both CRFs kept; a second run reads them back and writes the same file
    assert sorted(p.name for p in fits.iterdir()) == ["crf-all.crfsuite", "crf-without-5.crfsuite"]
    first = out.read_bytes()
    assert main([*argv, "--keep", "0", "--fits", str(fits)]) == 0
    assert out.read_bytes() == first
    with pytest.raises(SystemExit):
        main([*argv, "--stack"])


def test_crf_weights_are_inside_minus_outside_and_kept_by_size(tmp_path: Path) -> None:
    docs = corpus(12)
    weights, transitions = crf_fitted(docs, "all", tmp_path, keep=0.0)
    assert weights["w=said"] > 0 > weights["w=rain"]
    assert set(transitions) == set(TRANSITIONS)
    pruned, same = crf_fitted(docs, "all", tmp_path, keep=0.3)  # read back, not fitted again
    assert same == transitions
    assert set(pruned) == {n for n, v in weights.items() if abs(v) >= 0.3 or n == "bias"}
