"""SemEval-2022 Task 8 (multilingual news article similarity): how well storyline's same-story
score (:func:`storyline.link.similarity.same_story_score`) agrees with human ratings.

The CSV layout is the task's: ``pair_id``, ``lang1``, ``lang2``, ``text1``, ``text2``,
``Overall`` (1 = very similar … 4 = very dissimilar) and, when present, ``title1``/``title2``;
without titles the first sentence (or headline line) of each text is its title.

The metric is Pearson's r between the score and ``5 - Overall`` (so that higher is better;
the same as correlating with ``-Overall``).

Protocol. The score has fitted parameters (a centre vector and logistic weights), so the
reported correlations are **cross-fitted**: the pairs are split in two folds such that no
article appears in both (the pairs that share an article, including the machine-translated
augmentations of a pair, always fall in the same fold); each fold is scored by a model
fitted on the other fold only. ``pearson_shipped_model`` is the correlation of the model that
ships with storyline, which was fitted on the whole SemEval sample: on that sample it is an
in-sample figure, on any other file it is a held-out one. ``out_dir`` receives
``predictions.csv`` (the cross-fitted scores) and ``model.json`` (the model refitted on every
row, i.e. the constants to ship).

Pair ids with letters (``1484039360it_1484180228it``) are the task's machine-translated
augmentations; the correlations are also reported on the original rows alone.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import DataNotFound
from storyline.evals import print_metrics
from storyline.link.similarity import (
    FEATURES,
    L2,
    ArticleSketch,
    SimilarityModel,
    encode_centre,
    fit_model,
    same_story_score,
    sketch,
    split_title,
)

PROTOCOL = "2-fold cross-fitted, folds grouped by shared articles"
#: Used when the articles link (almost) every pair into one group, so that grouped folds are
#: impossible: pairs then alternate between the folds, and a fold may see an article again.
PROTOCOL_UNGROUPED = "2-fold cross-fitted, folds alternate (articles link every pair)"
CORRELATION = "pearson(score, 5 - Overall)"
#: A text with fewer letters or digits than this is broken (an empty or failed scrape).
MIN_CHARACTERS = 20
FOLDS = 2

Metrics = dict[str, Any]


@dataclass(frozen=True)
class Pair:
    pair_id: str
    lang1: str
    lang2: str
    title1: str
    text1: str
    title2: str
    text2: str
    overall: float

    @property
    def augmented(self) -> bool:
        """A machine-translated augmentation (its ids carry a language tag)."""
        return any(c.isalpha() for c in self.pair_id)

    @property
    def cross_language(self) -> bool:
        return self.lang1 != self.lang2

    @property
    def language_pair(self) -> str:
        return f"{self.lang1}-{self.lang2}"

    @property
    def articles(self) -> tuple[str, str]:
        """The ids of the two articles, without augmentation tags."""
        parts = [*self.pair_id.split("_"), ""][:2]
        first, second = (re.sub(r"\D", "", part) or part for part in parts)
        return first, second


def read_pairs(data: Path, limit: int | None = None) -> tuple[list[Pair], int]:
    """The usable pairs of the CSV (the first ``limit`` of them), and how many rows were
    skipped for an empty or broken text or rating."""
    if not data.is_file():
        raise DataNotFound(
            f"no SemEval-2022 Task 8 CSV at {data} (expected a file with the columns "
            "pair_id, lang1, lang2, text1, text2, Overall)"
        )
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    pairs: list[Pair] = []
    skipped = 0
    with data.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"pair_id", "text1", "text2", "Overall"} - set(reader.fieldnames or [])
        if missing:
            raise DataNotFound(f"{data} lacks the column(s) {', '.join(sorted(missing))}")
        for row in reader:
            pair = _pair(row)
            if pair is None:
                skipped += 1
                continue
            pairs.append(pair)
            if limit is not None and len(pairs) >= limit:
                break
    return pairs, skipped


def _pair(row: dict[str, str | None]) -> Pair | None:
    def cell(name: str) -> str:
        value = row.get(name)
        return value if isinstance(value, str) else ""

    try:
        overall = float(cell("Overall"))
    except ValueError:
        return None
    if not 1.0 <= overall <= 4.0:  # also rejects NaN
        return None
    sides = []
    for side in ("1", "2"):
        text = cell(f"text{side}")
        if sum(c.isalnum() for c in text) < MIN_CHARACTERS:
            return None
        title = cell(f"title{side}").strip() if f"title{side}" in row else ""
        if not title:
            title, text = split_title(text)
        sides.append((title, text, cell(f"lang{side}").strip().lower() or None))
    (title1, text1, lang1), (title2, text2, lang2) = sides
    return Pair(
        pair_id=cell("pair_id").strip(),
        lang1=lang1 or "und",
        lang2=lang2 or "und",
        title1=title1,
        text1=text1,
        title2=title2,
        text2=text2,
        overall=overall,
    )


def groups(pairs: Sequence[Pair]) -> list[str]:
    """A group for each pair: pairs linked (directly or not) by a shared article share it."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        a, b = pair.articles
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(pair.articles[0]) for pair in pairs]


def folds(pairs: Sequence[Pair], n: int = FOLDS) -> list[int]:
    """A fold for each pair; pairs linked by a shared article are in the same fold."""
    return [int(hashlib.sha1(g.encode()).hexdigest(), 16) % n for g in groups(pairs)]


def target(overall: float) -> float:
    """A rating as a training target in [0, 1] (1 = the same story)."""
    return (4.0 - overall) / 3.0


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r, or None when it is undefined (fewer than 3 values, or a constant)."""
    if len(x) < 3:
        return None
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    if float(xa.std()) == 0.0 or float(ya.std()) == 0.0:
        return None
    return round(float(np.corrcoef(xa, ya)[0, 1]), 4)


def sketch_pairs(pairs: Sequence[Pair]) -> list[tuple[ArticleSketch, ArticleSketch]]:
    """Sketch every article once (an article may appear in several pairs)."""
    cache: dict[tuple[str, str, str], ArticleSketch] = {}

    def one(title: str, text: str, language: str) -> ArticleSketch:
        key = (title, text, language)
        if key not in cache:
            cache[key] = sketch(title, text, None if language == "und" else language)
        return cache[key]

    return [(one(p.title1, p.text1, p.lang1), one(p.title2, p.text2, p.lang2)) for p in pairs]


def cross_fitted_scores(
    pairs: Sequence[Pair], sketches: Sequence[tuple[ArticleSketch, ArticleSketch]]
) -> tuple[list[float], list[int], str]:
    """Each pair's score under a model fitted on the other fold only, the folds, and the
    protocol that was followed."""
    assigned = folds(pairs)
    protocol = PROTOCOL
    if min(assigned.count(f) for f in range(FOLDS)) < 2:
        assigned = [i % FOLDS for i in range(len(pairs))]
        protocol = PROTOCOL_UNGROUPED
    scores = [0.0] * len(pairs)
    for fold in range(FOLDS):
        train = [i for i, f in enumerate(assigned) if f != fold]
        model = fit_model([sketches[i] for i in train], [target(pairs[i].overall) for i in train])
        for i, f in enumerate(assigned):
            if f == fold:
                scores[i] = same_story_score(*sketches[i], model)
    return scores, assigned, protocol


def run(data: Path, out_dir: Path | None = None, limit: int | None = None) -> Metrics:
    """Score the pairs of ``data`` (the first ``limit`` usable rows when given) and report
    Pearson's r between the cross-fitted same-story score and ``5 - Overall``."""
    started = time.perf_counter()
    pairs, skipped = read_pairs(data, limit)
    if len(pairs) < 2 * FOLDS:
        raise DataNotFound(f"{data} has {len(pairs)} usable pairs, too few to evaluate")
    sketches = sketch_pairs(pairs)
    scores, assigned, protocol = cross_fitted_scores(pairs, sketches)
    shipped = [same_story_score(a, b) for a, b in sketches]
    truth = [5.0 - p.overall for p in pairs]

    def subset(keep: Iterable[bool]) -> tuple[float | None, int]:
        chosen = [i for i, k in enumerate(keep) if k]
        return pearson([scores[i] for i in chosen], [truth[i] for i in chosen]), len(chosen)

    overall, n = subset(True for _ in pairs)
    cross, n_cross = subset(p.cross_language for p in pairs)
    original, n_original = subset(not p.augmented for p in pairs)
    augmented, n_augmented = subset(p.augmented for p in pairs)
    per_pair: dict[str, dict[str, float | int | None]] = {}
    for language_pair in sorted({p.language_pair for p in pairs}):
        r, count = subset(p.language_pair == language_pair for p in pairs)
        per_pair[language_pair] = {"pearson": r, "pairs": count}
    metrics: Metrics = {
        "pearson": overall,
        "pearson_cross_language": cross,
        "pearson_original": original,
        "pearson_augmented": augmented,
        "pearson_shipped_model": pearson(shipped, truth),
        "pairs": n,
        "pairs_cross_language": n_cross,
        "pairs_original": n_original,
        "pairs_augmented": n_augmented,
        "skipped": skipped,
        "per_language_pair": per_pair,
        "protocol": protocol,
        "fold_pairs": [assigned.count(f) for f in range(FOLDS)],
        "correlation": CORRELATION,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if out_dir is not None:
        _write(out_dir, pairs, scores, sketches)
    return metrics


def _write(
    out_dir: Path,
    pairs: Sequence[Pair],
    scores: Sequence[float],
    sketches: Sequence[tuple[ArticleSketch, ArticleSketch]],
) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "predictions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pair_id", "score", "Overall"])
        for pair, score in zip(pairs, scores, strict=True):
            writer.writerow([pair.pair_id, f"{score:.6f}", f"{pair.overall:g}"])
    model = fit_model(sketches, [target(p.overall) for p in pairs])
    (out_dir / "model.json").write_text(json.dumps(_model_json(model), indent=2) + "\n")


def _model_json(model: SimilarityModel) -> dict[str, Any]:
    return {
        "features": list(FEATURES),
        "weights": [round(w, 4) for w in model.weights],
        "bias": round(model.bias, 4),
        "l2": L2,
        "centre": encode_centre(model.centre),
        "centre_norm": round(float(np.linalg.norm(model.centre)), 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storyline.evals.similarity DATA.csv [OUT_DIR] [--limit N]``"""
    args = list(sys.argv[1:] if argv is None else argv)
    limit = None
    if "--limit" in args:
        at = args.index("--limit")
        limit = int(args[at + 1])
        del args[at : at + 2]
    if not args:
        print(main.__doc__, file=sys.stderr)
        return 2
    return print_metrics(
        lambda: run(Path(args[0]), Path(args[1]) if len(args) > 1 else None, limit),
        allow_nan=False,
    )


if __name__ == "__main__":
    sys.exit(main())
