"""Train the attribution-cue model (:mod:`storyline.analyse.cue_model`) on a PolNeAR split.

    python -m storyline.evals.train_cues --data ../shared/data/polnear/train \\
        --out src/storyline/analyse/cue_model.json
    # the build's model, over the text alone (no parser in a build):
    python -m storyline.evals.train_cues --data ../shared/data/polnear/train \\
        --no-parse --l2 2 --out src/storyline/analyse/cue_model_plain.json

Only the train split is read (dev stays held out for ``storyline eval attribution``). Each
token is labelled a cue token when it lies inside a gold cue of any annotator of its text;
an L2-regularised logistic regression is fitted with L-BFGS (scipy) on the token features,
the dependency features from a parse of every sentence (``--no-parse``: without them).
The threshold, the gap bridged inside a cue and the parse floor (:data:`FLOORS`) are chosen on
a fixed held-out sixth of the train texts (every sixth text by name), by cue F1 as the
evaluation scores it, then the model is refitted on all train texts. With ``--stack`` (and the
parse), a second pass (:func:`storyline.analyse.cue_model.stack_inputs`) is fitted on the
held-out sixth as the trial model (fitted on the other five sixths) scores it: its threshold and
gap are chosen on out-of-fold scores (five folds of the held-out texts), then it is fitted on
all of them and kept over the refitted first pass. In the packaged model: held-out cue F1
0.764 -> 0.769, PolNeAR dev 0.799 -> 0.7998 (docs/quality.md). With ``--cross-fit`` the
second pass is fitted instead on every train text scored out of fold (:func:`cross_fit_logits`:
the five sixths by first passes fitted on the other four, the held-out sixth by the trial
model), measured on the held-out sixth with one fitted on the five sixths alone; ``--fits``
keeps the first passes on disk. With ``--crf`` a linear-chain CRF (python-crfsuite, L-BFGS,
c1 0, c2 2; I/O labels, each sentence a sequence) is fitted over the same features instead
(:func:`fit_crf`), its state weights kept as "inside" minus "outside" with its transitions
(:func:`crf_weights`), the threshold, gap and parse floor chosen on its held-out marginals;
``--fits`` keeps the two CRFs (the five sixths', all texts'). The L2 weight (4) was
chosen the same way, on that held-out sixth (1, 2 and 4 tried: held-out cue F1 0.756, 0.761,
0.764). Deterministic: no random state is involved (the parser is deterministic too);
features kept are those seen at least ``--min-count`` times; weights are rounded to 3
decimals and the smallest dropped to keep the file small. Parsing the 840 train texts takes
about 5 minutes of the 8–17 on the shared machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, sparse

from storyline.analyse.cue_model import (
    STACK_INPUTS,
    TRANSITIONS,
    Token,
    chain_marginals,
    parse_features,
    parse_ranges,
    quoted_stretches,
    sentence_ranges,
    spans_from_scores,
    stack_inputs,
    token_features,
    tokenize,
)
from storyline.evals.attribution import (
    BratAttribution,
    Counts,
    count,
    documents,
    predict,
    read_brat,
)


@dataclass
class Doc:
    text: str
    tokens: list[Token]
    features: list[list[str]]  # without the dependency features
    parsed: list[list[str]]  # the dependency features, every sentence parsed
    labels: list[int]
    golds: list[list[BratAttribution]]

    def token_features(self, parsed: bool = True) -> list[list[str]]:
        if not parsed:
            return self.features
        return [f + p for f, p in zip(self.features, self.parsed, strict=True)]


def rule_cues(name: str, text: str, rules: Path | None) -> list[tuple[int, int]]:
    """The cues of the rule reader alone (broad reading): from a ``storyline eval attribution
    --out`` folder made without the model when given, else read now."""
    if rules is not None:
        ann = (rules / "attributions" / f"{name}_storyline.ann").read_text(encoding="utf-8")
        found = read_brat(ann, len(text))
    else:
        found = predict(name, text, model=False)
    return sorted({span for a in found for span in a.cue})


def load(data: Path, rules: Path | None = None, parse: bool = True) -> list[Doc]:
    docs: list[Doc] = []
    for text_path, ann_paths in documents(data):
        text = text_path.read_text(encoding="utf-8", errors="replace")
        golds = [read_brat(a.read_text(encoding="utf-8"), len(text), a.name) for a in ann_paths]
        tokens = tokenize(text)
        ruled = rule_cues(text_path.stem, text, rules)
        features = list(token_features(text, tokens, quoted_stretches(text), ruled))
        parsed = (
            parse_features(text, tokens, sentence_ranges(text, tokens))
            if parse
            else [[] for _ in tokens]
        )
        cue_chars = sorted({span for gold in golds for g in gold for span in g.cue})
        labels = [int(any(s < t.end and t.start < e for s, e in cue_chars)) for t in tokens]
        docs.append(Doc(text, tokens, features, parsed, labels, golds))
    return docs


def design(docs: Sequence[Doc], vocabulary: dict[str, int]) -> tuple[sparse.csr_matrix, np.ndarray]:
    rows: list[int] = []
    cols: list[int] = []
    labels: list[int] = []
    r = 0
    for doc in docs:
        for token_features_, label in zip(doc.token_features(), doc.labels, strict=True):
            for f in token_features_:
                j = vocabulary.get(f)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
            labels.append(label)
            r += 1
    x = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(r, len(vocabulary))
    )
    x.sum_duplicates()
    x.data[:] = 1.0
    return x, np.asarray(labels, dtype=np.float64)


def fit(x: sparse.csr_matrix | np.ndarray, y: np.ndarray, l2: float, bias: int) -> np.ndarray:
    """L2-regularised logistic regression (the bias feature not regularised)."""
    penalty = np.full(x.shape[1], l2)
    penalty[bias] = 0.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        # log(1 + exp(z)) - y z, stably
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * w * w))
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        grad = x.T @ (p - y) + penalty * w
        return value, np.asarray(grad)

    result = optimize.minimize(
        loss,
        np.zeros(x.shape[1]),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 400, "gtol": 1e-6},
    )
    return np.asarray(result.x)


def vocabulary_of(docs: Sequence[Doc], min_count: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for doc in docs:
        for features in doc.token_features():
            counts.update(features)
    kept = sorted(f for f, c in counts.items() if c >= min_count)
    return {f: j for j, f in enumerate(kept)}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


def logits_of(weights: dict[str, float], doc: Doc, floor: float | None) -> np.ndarray:
    """The first pass's token logits as :class:`CueModel` sums them: dependency features only
    in the sentences the model would parse with ``floor`` (none when ``floor`` is None)."""
    z = np.array([sum(weights.get(f, 0.0) for f in fs) for fs in doc.features])
    if floor is not None:
        ruled = ["rule" in fs for fs in doc.features]
        ranges = parse_ranges(doc.text, doc.tokens, list(_sigmoid(z)), floor, ruled)
        for a, b in ranges:
            for k in range(a, b):
                z[k] += sum(weights.get(f, 0.0) for f in doc.parsed[k])
    return z


def scores_of(weights: dict[str, float], doc: Doc, floor: float | None) -> list[float]:
    """The token scores as :class:`CueModel` gives them (first pass only)."""
    return [float(v) for v in _sigmoid(logits_of(weights, doc, floor))]


def crf_scores_of(
    weights: dict[str, float], transitions: dict[str, float], doc: Doc, floor: float | None
) -> list[float]:
    """The token scores of a CRF (:func:`crf_weights`) as :class:`CueModel` gives them: its
    marginals over each sentence, the dependency features where the model would parse."""
    z = [float(v) for v in logits_of(weights, doc, floor)]
    return chain_marginals(z, sentence_ranges(doc.text, doc.tokens), transitions)


def stack_design(doc: Doc, z: np.ndarray) -> np.ndarray:
    """The second pass's inputs for each token of ``doc`` (:data:`STACK_INPUTS`)."""
    return np.asarray(
        stack_inputs(
            [t.text for t in doc.tokens],
            sentence_ranges(doc.text, doc.tokens),
            [float(v) for v in z],
            ["rule" in fs for fs in doc.features],
            ["inquote" in fs for fs in doc.features],
        ),
        dtype=np.float64,
    ).reshape(len(doc.tokens), len(STACK_INPUTS))


#: the second pass's L2 weight and the folds of the held-out texts its threshold is chosen on
STACK_L2 = 1.0
STACK_FOLDS = 5


def choose_threshold(
    docs: Sequence[Doc], scores: Sequence[list[float]]
) -> tuple[float, float, int]:
    """(cue F1, threshold, gap): the best threshold (0.20-0.70) and gap bridged inside a cue for
    ``scores`` on ``docs``."""
    best: tuple[float, float, int] = (-1.0, 0.5, 1)
    for gap in (0, 1, 2):
        for threshold in np.arange(0.20, 0.71, 0.05):
            score = cue_f1(docs, scores, float(threshold), gap)
            if score["f1"] > best[0]:
                best = (score["f1"], round(float(threshold), 2), gap)
    return best


def fit_stack(xs: Sequence[np.ndarray], docs: Sequence[Doc]) -> np.ndarray:
    """The second pass's weights (:data:`STACK_INPUTS`) fitted on the inputs ``xs`` of ``docs``."""
    ys = [np.asarray(doc.labels, dtype=np.float64) for doc in docs]
    return fit(np.vstack(xs), np.concatenate(ys), STACK_L2, 0)


def stack_weights(v: np.ndarray) -> dict[str, float]:
    """The second pass's weights by input, as a model file keeps them."""
    return {name: round(float(w), 4) for name, w in zip(STACK_INPUTS, v, strict=True)}


def stacked_scores(stack: dict[str, float], xs: Sequence[np.ndarray]) -> list[list[float]]:
    """The second pass's token scores from its inputs ``xs`` (one array per text)."""
    v = np.array([stack.get(name, 0.0) for name in STACK_INPUTS])
    return [[float(s) for s in _sigmoid(x @ v)] for x in xs]


def choose_stack(
    held: Sequence[Doc], weights: dict[str, float], floor: float
) -> tuple[float, float, int, dict[str, float]]:
    """(held-out cue F1, threshold, gap, weights) of the second pass over ``weights`` (a first
    pass that did not see ``held``): fitted on ``STACK_FOLDS - 1`` folds of the held-out texts,
    scored on the other, threshold and gap chosen on those out-of-fold scores; then fitted on
    all the held-out texts."""
    xs = [stack_design(doc, logits_of(weights, doc, floor)) for doc in held]
    outside: list[list[float]] = [[] for _ in held]
    for fold in range(STACK_FOLDS):
        inside = [i for i in range(len(held)) if i % STACK_FOLDS != fold]
        v = fit_stack([xs[i] for i in inside], [held[i] for i in inside])
        for i in range(fold, len(held), STACK_FOLDS):
            outside[i] = [float(s) for s in _sigmoid(xs[i] @ v)]
    f1, threshold, gap = choose_threshold(held, outside)
    return f1, threshold, gap, stack_weights(fit_stack(xs, held))


#: Cross-fitting (``--cross-fit``): text ``k`` (in name order) is in fold ``k % CROSS_FOLDS``,
#: so the held-out sixth is the last fold.
CROSS_FOLDS = 6

#: A first pass fitted on the texts of the given indices (into the texts cross-fitted).
FirstPass = Callable[[Sequence[int]], dict[str, float]]


def cross_fit_logits(
    docs: Sequence[Doc], folds: Sequence[int], fit_first: FirstPass, floor: float
) -> list[np.ndarray]:
    """Out-of-fold first-pass logits: the texts of each fold scored by a first pass fitted on
    the texts of the other folds only (``fit_first`` is given their indices in ``docs``)."""
    out: list[np.ndarray] = [np.zeros(0) for _ in docs]
    for fold in sorted(set(folds)):
        weights = fit_first([i for i, f in enumerate(folds) if f != fold])
        for i, f in enumerate(folds):
            if f == fold:
                out[i] = logits_of(weights, docs[i], floor)
    return out


def stack_fitted(
    docs: Sequence[Doc], xs: Sequence[np.ndarray]
) -> tuple[float, float, int, dict[str, float]]:
    """(cue F1, threshold, gap, weights) of a second pass fitted on the inputs ``xs`` of
    ``docs`` (out-of-fold first-pass scores); the threshold and gap are chosen on the same texts
    rescored by it (15 weights over some hundred thousand tokens: hardly fitted to them)."""
    stack = stack_weights(fit_stack(xs, docs))
    f1, threshold, gap = choose_threshold(docs, stacked_scores(stack, xs))
    return f1, threshold, gap, stack


def cached_first_passes(
    docs: Sequence[Doc], folds: Sequence[int], args: argparse.Namespace
) -> FirstPass:
    """:func:`train` on the texts of the given indices, each fit kept (``--fits``: also on disk,
    named by the folds left out) so that the held-out measure and the packaged second pass
    share the fits they have in common."""
    kept: dict[tuple[int, ...], dict[str, float]] = {}

    def fit_first(inside: Sequence[int]) -> dict[str, float]:
        chosen = set(inside)
        left_out = tuple(sorted({folds[i] for i in range(len(docs)) if i not in chosen}))
        if any(folds[i] in left_out for i in chosen):
            raise ValueError("a first pass is fitted on whole folds")
        if left_out not in kept:
            name = "-".join(["without", *map(str, left_out)] if left_out else ["all"]) + ".json"
            path = args.fits / name if args.fits is not None else None
            if path is not None and path.exists():
                kept[left_out] = json.loads(path.read_text(encoding="utf-8"))
            else:
                fitted = [docs[i] for i in sorted(chosen)]
                kept[left_out] = train(fitted, args.l2, args.min_count, args.keep)
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(json.dumps(kept[left_out], sort_keys=True), encoding="utf-8")
        return kept[left_out]

    return fit_first


def cue_f1(
    docs: Sequence[Doc], scores: Sequence[list[float]], threshold: float, gap: int
) -> dict[str, float]:
    total = Counts()
    for doc, doc_scores in zip(docs, scores, strict=True):
        spans = spans_from_scores(doc.text, doc.tokens, doc_scores, threshold, gap)
        system = [BratAttribution(((s.start, s.end),), (), ()) for s in spans]
        for gold in doc.golds:
            total.add(count(doc.text, gold, system))
    p = total.cue_matched / total.system if total.system else 0.0
    r = total.cue_matched / total.gold if total.gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def train(docs: Sequence[Doc], l2: float, min_count: int, keep: float) -> dict[str, float]:
    vocabulary = vocabulary_of(docs, min_count)
    x, y = design(docs, vocabulary)
    w = fit(x, y, l2, vocabulary["bias"])
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    return {
        name: round(float(v), 3)
        for name, v in zip(names, w, strict=True)
        if abs(v) >= keep or name == "bias"
    }


# -- the linear-chain CRF (``--crf``) -------------------------------------------------------

#: The CRF's labels: a token inside a cue ("I") or not ("O"); I/O rather than B/I/O, since a
#: cue's tokens are joined by :func:`spans_from_scores` as the logistic model's are.
CRF_LABELS = ("O", "I")
#: python-crfsuite's L-BFGS settings; c2 2 is the logistic model's L2 4 (crfsuite's penalty is
#: c2·|w|², the logistic model's l2/2·|w|²), chosen on the held-out sixth against c1 0.1, c2 0.01
CRF_C1 = 0.0
CRF_C2 = 2.0
CRF_ITERATIONS = 400


def crf_sequences(doc: Doc) -> Iterator[tuple[list[list[str]], list[str]]]:
    """Each sentence of ``doc`` as the CRF reads it: its tokens' features (with the dependency
    features of a parse of every sentence) and their labels."""
    features = doc.token_features()
    for a, b in sentence_ranges(doc.text, doc.tokens):
        yield features[a:b], [CRF_LABELS[y] for y in doc.labels[a:b]]


def fit_crf(docs: Sequence[Doc], path: Path, c1: float = CRF_C1, c2: float = CRF_C2) -> None:
    """Fit python-crfsuite's linear-chain CRF on ``docs`` (features seen at least 3 times with a
    label, as the logistic model's) and write its model file to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in docs:
        for x, y in crf_sequences(doc):
            trainer.append(x, y)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": CRF_ITERATIONS,
            "feature.minfreq": 3,
            "feature.possible_transitions": True,
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def crf_weights(path: Path, keep: float) -> tuple[dict[str, float], dict[str, float]]:
    """A fitted CRF's (``path``) state weights as the cue model reads them, each feature's "I"
    weight minus its "O" weight (the marginals are the same: a sentence's "O" weights add the
    same to every labelling), rounded and the smallest (under ``keep``) dropped as the logistic
    model's are; and its label transitions (:data:`TRANSITIONS`)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    tagger.close()
    inside, outside = CRF_LABELS[1], CRF_LABELS[0]
    differences: dict[str, float] = {}
    for (name, label), weight in info.state_features.items():
        sign = 1.0 if label == inside else -1.0 if label == outside else 0.0
        differences[name] = differences.get(name, 0.0) + sign * weight
    weights = {
        name: round(v, 3) for name, v in differences.items() if abs(v) >= keep or name == "bias"
    }
    transitions = {
        f"{a}>{b}": round(float(info.transitions.get((a, b), 0.0)), 4)
        for a, b in (name.split(">") for name in TRANSITIONS)
    }
    return weights, transitions


def crf_fitted(
    docs: Sequence[Doc], name: str, fits: Path | None, keep: float
) -> tuple[dict[str, float], dict[str, float]]:
    """:func:`fit_crf` on ``docs`` as :func:`crf_weights` gives it; with ``fits`` (a folder), the
    CRF's model file is kept there as ``crf-<name>.crfsuite`` and read back when there."""
    with tempfile.TemporaryDirectory() as scratch:
        path = (fits if fits is not None else Path(scratch)) / f"crf-{name}.crfsuite"
        if not path.exists():
            fit_crf(docs, path)
        return crf_weights(path, keep)


#: The parse floors tried on the held-out texts (a sentence is parsed when a token of it scores
#: at least this without the dependency features, or it holds a rule cue); the highest whose
#: held-out cue F1 is within ``FLOOR_SLACK`` of the best is kept: the parser is the model's
#: main cost.
FLOORS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2)
FLOOR_SLACK = 0.002


def choose(
    held: Sequence[Doc],
    weights: dict[str, float],
    parse: bool,
    transitions: dict[str, float] | None = None,
) -> tuple[float, float, int, float]:
    """(held-out cue F1, threshold, gap, parse floor) chosen on the held-out texts; with
    ``transitions``, ``weights`` are a CRF's (:func:`crf_weights`), scored by its marginals."""
    by_floor: list[tuple[float, float, int, float]] = []
    for floor in FLOORS if parse else (None,):
        held_scores = [
            scores_of(weights, doc, floor)
            if transitions is None
            else crf_scores_of(weights, transitions, doc, floor)
            for doc in held
        ]
        best: tuple[float, float, int, float] = (-1.0, 0.5, 1, floor or 0.0)
        for gap in (0, 1, 2):
            for threshold in np.arange(0.20, 0.71, 0.05):
                score = cue_f1(held, held_scores, float(threshold), gap)
                if score["f1"] > best[0]:
                    best = (score["f1"], round(float(threshold), 2), gap, floor or 0.0)
        print(
            f"floor {floor}: held-out F1 {best[0]:.4f} (threshold {best[1]}, gap {best[2]})",
            file=sys.stderr,
        )
        by_floor.append(best)
    top = max(b[0] for b in by_floor)
    return [b for b in by_floor if b[0] >= top - FLOOR_SLACK][-1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a PolNeAR train split")
    parser.add_argument("--out", type=Path, required=True, help="the model file to write")
    parser.add_argument(
        "--rules",
        type=Path,
        help="the rule reader's cues on the same split, from `storyline eval attribution --out` "
        "made with STORYLINE_CUE_MODEL=off (default: read them now, a few minutes)",
    )
    parser.add_argument("--l2", type=float, default=4.0)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--keep", type=float, default=0.15, help="smallest |weight| kept")
    parser.add_argument(
        "--no-parse",
        dest="parse",
        action="store_false",
        help="without dependency features (the build's model, cue_model_plain.json, with --l2 2)",
    )
    parser.add_argument(
        "--stack",
        action="store_true",
        help="with a second pass over the first pass's scores around each token (with the parse "
        "only), fitted on the held-out sixth",
    )
    parser.add_argument(
        "--cross-fit",
        action="store_true",
        help="with --stack: the second pass fitted on out-of-fold first-pass scores of every "
        "text (the five sixths cross-fitted in 5 folds, 5 more first passes; the held-out sixth "
        "as the trial first pass scores it), measured on the held-out sixth with one fitted on "
        "the five sixths alone",
    )
    parser.add_argument(
        "--fits",
        type=Path,
        help="with --cross-fit or --crf: a folder (under out/) keeping each first pass (each "
        "CRF) fitted, read back when there",
    )
    parser.add_argument(
        "--crf",
        action="store_true",
        help="a linear-chain CRF (python-crfsuite, c1 0, c2 2) over the same features instead of "
        "the logistic regression, its marginals as the token scores; not with --stack",
    )
    args = parser.parse_args(argv)
    if args.crf and args.stack:
        parser.error("--crf has no second pass (--stack)")
    began = time.perf_counter()
    docs = load(args.data, args.rules, args.parse)
    folds = [k % CROSS_FOLDS for k in range(len(docs))]
    held = [d for d, f in zip(docs, folds, strict=True) if f == CROSS_FOLDS - 1]
    inner = [k for k, f in enumerate(folds) if f != CROSS_FOLDS - 1]
    fitted = [docs[k] for k in inner]
    print(f"{len(docs)} texts read in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    transitions: dict[str, float] | None = None
    if args.crf:
        # fitted on the five sixths, chosen on the held-out sixth, then fitted on all texts
        trial, transitions = crf_fitted(fitted, "without-5", args.fits, args.keep)
        f1, threshold, gap, floor = choose(held, trial, args.parse, transitions)
        print(
            f"CRF chosen: threshold {threshold}, gap {gap}, parse floor {floor} "
            f"(held-out F1 {f1:.4f})",
            file=sys.stderr,
        )
        return write_model(
            args, began, *crf_fitted(docs, "all", args.fits, args.keep), threshold, gap, floor
        )
    fit_first = cached_first_passes(docs, folds, args)
    trial = fit_first(inner)
    f1, threshold, gap, floor = choose(held, trial, args.parse)
    print(
        f"chosen: threshold {threshold}, gap {gap}, parse floor {floor} (held-out F1 {f1:.3f})",
        file=sys.stderr,
    )
    stack: dict[str, float] | None = None
    if args.parse and args.stack and not args.cross_fit:
        f1, threshold, gap, stack = choose_stack(held, trial, floor)
        print(
            f"second pass: threshold {threshold}, gap {gap} (held-out F1 {f1:.4f}, out of fold)",
            file=sys.stderr,
        )
    elif args.parse and args.stack:
        # the five sixths scored out of fold, each by a first pass fitted on the other four; the
        # held-out sixth by the trial first pass (fitted on the five)
        inside = cross_fit_logits(
            fitted, [folds[k] for k in inner], lambda ins: fit_first([inner[i] for i in ins]), floor
        )
        xs = [stack_design(doc, z) for doc, z in zip(fitted, inside, strict=True)]
        held_xs = [stack_design(doc, logits_of(trial, doc, floor)) for doc in held]
        # measured as packaged: fitted on the five sixths, read over the trial on the held-out
        _, threshold, gap, stack = stack_fitted(fitted, xs)
        f1 = cue_f1(held, stacked_scores(stack, held_xs), threshold, gap)["f1"]
        print(
            f"second pass cross-fitted on the five sixths: threshold {threshold}, gap {gap} "
            f"(held-out F1 {f1:.4f}); {stack}",
            file=sys.stderr,
        )
        # packaged: fitted on every text, each scored by a first pass that did not see it
        f1, threshold, gap, stack = stack_fitted([*fitted, *held], [*xs, *held_xs])
        print(
            f"second pass cross-fitted on all texts: threshold {threshold}, gap {gap} "
            f"(out-of-fold F1 {f1:.4f})",
            file=sys.stderr,
        )
    return write_model(
        args, began, fit_first(range(len(docs))), transitions, threshold, gap, floor, stack
    )


def write_model(
    args: argparse.Namespace,
    began: float,
    weights: dict[str, float],
    transitions: dict[str, float] | None,
    threshold: float,
    gap: int,
    floor: float,
    stack: dict[str, float] | None = None,
) -> int:
    kind = "logistic regression" if transitions is None else "linear-chain CRF"
    model: dict[str, Any] = {
        "about": f"storyline attribution-cue model: {kind} over token features "
        "(storyline.analyse.cue_model), trained by storyline.evals.train_cues on PolNeAR train",
        "threshold": threshold,
        "gap": gap,
        "parse": args.parse,
        "parse_floor": floor,
        **({"l2": args.l2} if transitions is None else {"c1": CRF_C1, "c2": CRF_C2}),
        "min_count": args.min_count,
        "weights": dict(sorted(weights.items())),
    }
    if stack is not None:
        model["stack"] = stack
    if transitions is not None:
        model["transitions"] = transitions
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"{len(weights)} weights written to {args.out} "
        f"({args.out.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - began:.0f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
