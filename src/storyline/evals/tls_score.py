"""Timeline scores as the news-tls protocol computes them, through the ``tilse`` package.

- AR-1 / AR-2 F1: tilse's ``TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])``
  (ROUGE-1.5.5 in Perl, stemmed, stop words removed), variant
  ``evaluate_align_date_content_costs_many_to_one`` (Martschat & Markert 2017, "align+ m:1");
- Date F1: ``tilse.evaluation.dates.evaluate_dates``.

tilse 0.2.1 runs on Python 3.11 as it is; its declared dependencies (textacy, numba, spaCy,
scikit-learn, ...) are for its own timeline models, not the scorer, which needs only numpy,
scipy, nltk and Perl with XML::Parser. ``make tls-deps`` installs exactly that (tilse with
``--no-deps``, Debian's ``libxml-parser-perl``).

Sentences are scored as whitespace-separated tokens, like the gold timelines, so predicted
sentences are first tokenised the Penn-Treebank way the gold is (:func:`ptb_tokenize`): the
content-cost alignment compares raw tokens, where "said." and "said" differ.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from storyline.errors import DataNotFound

TimelineDict = Mapping[dt.date, Sequence[str]]

INSTALL_HINT = (
    "the TLS scorer needs the tilse package and Perl's XML::Parser: run `make tls-deps` "
    "(pip install --no-deps tilse==0.2.1 nltk scipy; apt-get install libxml-parser-perl)"
)

_TOKEN_RULES = [
    (re.compile(r"“"), " `` "),
    (re.compile(r"[”\"]"), " '' "),
    (re.compile(r"(\S)'(s|re|ve|ll|d|m)\b", re.IGNORECASE), r"\1 '\2"),
    (re.compile(r"(\S)(n't)\b", re.IGNORECASE), r"\1 \2"),
    (re.compile(r"([,;:!?()\[\]{}%$£€])"), r" \1 "),
    # Sentences arrive split, so a period before a space inside one ends an abbreviation.
    (re.compile(r"(?<=\w)([.])(?=\s*$)"), r" \1"),
    (re.compile(r"\s+"), " "),
]
_BRACKETS = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}


def ptb_tokenize(sentence: str) -> str:
    """Tokens separated by single spaces, Penn-Treebank style (punctuation and clitics split,
    brackets as -LRB- ...), which is how the Timeline17 gold is written."""
    text = " " + sentence.strip() + " "
    for pattern, replacement in _TOKEN_RULES:
        text = pattern.sub(replacement, text)
    tokens = [_BRACKETS.get(t, t) for t in text.split()]
    return " ".join(tokens)


def write_timeline(path: Path, timeline: TimelineDict) -> None:
    """The tilse text layout: a date line, sentence lines, a line of dashes."""
    lines: list[str] = []
    for day in sorted(timeline):
        lines.append(day.isoformat())
        lines.extend(" ".join(s.split()) for s in timeline[day])
        lines.append("-" * 32)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _tilse() -> tuple[Any, Any, Any]:
    try:
        from tilse.data.timelines import GroundTruth, Timeline
        from tilse.evaluation import dates as tilse_dates
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise DataNotFound(INSTALL_HINT) from exc
    return Timeline, GroundTruth, tilse_dates


class Scorer:
    """Scores predicted timelines against gold ones; ``rouge="original"`` is the Perl ROUGE the
    protocol uses, ``"reimpl"`` tilse's faster Python approximation (for development)."""

    def __init__(self, rouge: str = "original") -> None:
        _tilse()
        try:
            from tilse.evaluation.rouge import TimelineRougeEvaluator
        except ImportError as exc:  # pragma: no cover - depends on the machine
            raise DataNotFound(INSTALL_HINT) from exc
        self.rouge = rouge
        self._evaluator = TimelineRougeEvaluator(
            measures=["rouge_1", "rouge_2"], rouge_computation=rouge
        )

    def score(self, predicted: TimelineDict, gold: TimelineDict) -> dict[str, float]:
        timeline_cls, ground_truth_cls, tilse_dates = _tilse()
        pred = timeline_cls({d: list(s) for d, s in predicted.items() if s})
        truth = ground_truth_cls([timeline_cls({d: list(s) for d, s in gold.items()})])
        if not pred.get_dates():
            return {f"{m}_{part}": 0.0 for m in ("ar1", "ar2", "date") for part in _PARTS}
        try:
            rouge = self._evaluator.evaluate_align_date_content_costs_many_to_one(pred, truth)
        except Exception as exc:  # the Perl script failed: say how to fix the machine
            if "XML/Parser" in str(exc) or "Rouge" in type(exc).__name__:
                raise DataNotFound(f"{INSTALL_HINT}: {exc}") from exc
            raise
        dates = tilse_dates.evaluate_dates(pred, truth)
        found = {"ar1": rouge["rouge_1"], "ar2": rouge["rouge_2"], "date": dates}
        return {f"{m}_{part}": float(found[m][key]) for m in found for part, key in _PARTS.items()}


#: Each score's parts as tilse names them.
_PARTS = {"f1": "f_score", "precision": "precision", "recall": "recall"}


def mean(rows: Iterable[Mapping[str, float]], key: str) -> float:
    values = [row[key] for row in rows]
    return sum(values) / len(values) if values else 0.0


def f1_of_means(rows: Sequence[Mapping[str, float]], measure: str) -> float:
    """F1 of the precision and the recall averaged over timelines, as news-tls averages its
    results (``experiments/evaluate.py``, ``get_average_results``: the published DATEWISE and
    CLUST figures are this average), where the mean of each timeline's F1 weighs a short
    timeline's few sentences as much."""
    precision = mean(rows, f"{measure}_precision")
    recall = mean(rows, f"{measure}_recall")
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
