"""A learned attribution-cue detector: which words of a text are the cue of an attribution
("said", "unleashed", "laid out", "is seizing on", "the outlook", "according to").

A linear model (logistic regression) over each token's own form and its neighbours' forms,
suffixes, shape, and where it stands against quotation marks, sentence starts and "that",
trained on the PolNeAR train split by :mod:`storyline.evals.train_cues` (weights in
``cue_model.json`` beside this module, about a megabyte). Tokens scored above the model's
threshold are cue tokens; neighbouring cue tokens (with at most one word between them) are one
cue. No parse is needed: the features are read off the text, so the model costs a few
milliseconds an article.

:func:`find_cues` gives the cue spans; :mod:`storyline.analyse.quotes` attaches a source and
content to each with the same speaker and content logic as its rule-found cues.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[’']\w+|[^\w\s]")
_QUOTE_MARKS = frozenset('"“”«»„‘’‹›\'')
_SENTENCE_END = frozenset(".!?")
_PRONOUNS = frozenset("he she they we i it you who which that".split())

MODEL_FILE = "cue_model.json"


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CueSpan:
    start: int
    end: int
    score: float


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isupper() and len(word) > 1:
        return "A"
    if word[:1].isupper():
        return "Aa"
    if word[:1].isalpha():
        return "a"
    return "p"


def _norm(word: str) -> str:
    word = word.lower().replace("’", "'")
    return "0" if word.isdigit() else word


def token_features(
    text: str,
    tokens: Sequence[Token],
    quoted: Sequence[tuple[int, int]],
    rules: Sequence[tuple[int, int]] = (),
) -> Iterator[list[str]]:
    """The feature names of each token, in order; ``rules`` are the cues the rule reader found
    (:mod:`storyline.analyse.quotes`), which the model weighs like any other evidence."""
    opens = [s for s, _ in quoted]
    ruled = [False] * len(tokens)
    token_starts = [t.start for t in tokens]
    for s, e in rules:
        k = max(0, bisect.bisect_right(token_starts, s) - 1)
        while k < len(tokens) and tokens[k].start < e:
            if s < tokens[k].end:
                ruled[k] = True
            k += 1
    words = [_norm(t.text) for t in tokens]
    n = len(tokens)

    def word(k: int) -> str:
        if k < 0:
            return "<s>"
        if k >= n:
            return "</s>"
        return words[k]

    def breaks_before(k: int) -> bool:
        return k == 0 or "\n" in text[tokens[k - 1].end : tokens[k].start]

    def inside(offset: int) -> bool:
        j = bisect.bisect_right(opens, offset) - 1
        return j >= 0 and quoted[j][0] <= offset < quoted[j][1]

    # the sentence (by punctuation and paragraph breaks) each token starts from
    sentence_start = [0] * n
    start = 0
    for k in range(n):
        if breaks_before(k) or (k > 0 and tokens[k - 1].text in _SENTENCE_END):
            start = k
        sentence_start[k] = start
    sentence_end = [n] * n
    end = n
    for k in range(n - 1, -1, -1):
        sentence_end[k] = end
        if breaks_before(k) or (k > 0 and tokens[k - 1].text in _SENTENCE_END):
            end = k
    for k, token in enumerate(tokens):
        w = words[k]
        prev, prev2, nxt, nxt2 = word(k - 1), word(k - 2), word(k + 1), word(k + 2)
        features = [
            "bias",
            "w=" + w,
            "s3=" + w[-3:],
            "s2=" + w[-2:],
            "p3=" + w[:3],
            "shape=" + _shape(token.text),
            "w-1=" + prev,
            "w+1=" + nxt,
            "w-2=" + prev2,
            "w+2=" + nxt2,
            "w-1w=" + prev + "|" + w,
            "ww+1=" + w + "|" + nxt,
            "w-1w+1=" + prev + "|" + nxt,
            "s3-1=" + prev[-3:],
            "s3+1=" + nxt[-3:],
            "s3w+1=" + w[-3:] + "|" + nxt,
            "w-1s3=" + prev + "|" + w[-3:],
        ]
        first = sentence_start[k]
        position = k - first
        features.append("pos=" + (str(position) if position < 4 else "4+"))
        to_end = sentence_end[k] - k
        features.append("toend=" + (str(to_end) if to_end < 4 else "4+"))
        if inside(token.start):
            features.append("inquote")
        ahead = words[k + 1 : min(sentence_end[k], k + 5)]
        if "that" in ahead:
            features.append("that_ahead")
            features.append("w|that_ahead=" + w)
        if any(t in _QUOTE_MARKS for t in words[k + 1 : min(sentence_end[k], k + 4)]):
            features.append("mark_ahead")
        behind = words[max(first, k - 3) : k]
        if any(t in _QUOTE_MARKS for t in behind):
            features.append("mark_behind")
            features.append("w|mark_behind=" + w)
        if ":" in words[k + 1 : min(sentence_end[k], k + 3)]:
            features.append("colon_ahead")
        if prev in _PRONOUNS:
            features.append("pron_before")
        if k > 0 and tokens[k - 1].text[:1].isupper() and first < k - 1:
            features.append("cap_before")
        # '"…," said': right after a quotation's closing mark and comma
        if prev == "," and k >= 2 and tokens[k - 2].text in _QUOTE_MARKS:
            features.append("after_quote_comma")
        if ruled[k]:
            features.append("rule")
            features.append("rule|w=" + w)
            features.append("rule|s3=" + w[-3:])
            if not w[:1].isalnum():
                features.append("rule_mark")
        elif any(ruled[max(0, k - 2) : k + 3]):
            features.append("rule_near")
        yield features


def quoted_stretches(text: str) -> list[tuple[int, int]]:
    from storyline.analyse.quote_marks import find_quoted_spans

    return [(s.open_pos, s.close_pos) for s in find_quoted_spans(text)]


@dataclass
class CueModel:
    weights: dict[str, float]
    threshold: float
    gap: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CueModel:
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data["threshold"]),
            int(data.get("gap", 1)),
        )

    def token_scores(
        self,
        text: str,
        tokens: Sequence[Token] | None = None,
        rules: Sequence[tuple[int, int]] = (),
    ) -> list[float]:
        tokens = tokenize(text) if tokens is None else tokens
        weights = self.weights
        scores = []
        for features in token_features(text, tokens, quoted_stretches(text), rules):
            z = sum(weights.get(f, 0.0) for f in features)
            scores.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return scores

    def cues(
        self,
        text: str,
        rules: Sequence[tuple[int, int]] = (),
        threshold: float | None = None,
    ) -> list[CueSpan]:
        tokens = tokenize(text)
        scores = self.token_scores(text, tokens, rules)
        return spans_from_scores(
            text, tokens, scores, self.threshold if threshold is None else threshold, self.gap
        )


def spans_from_scores(
    text: str, tokens: Sequence[Token], scores: Sequence[float], threshold: float, gap: int
) -> list[CueSpan]:
    """Cue tokens joined into cues: runs of tokens over ``threshold``, bridging up to ``gap``
    words (not punctuation, not a line break) between two of them."""
    result: list[CueSpan] = []
    current: list[int] = []
    for k, score in enumerate(scores):
        if score < threshold:
            continue
        if current:
            last = current[-1]
            between = tokens[last + 1 : k]
            bridgeable = (
                len(between) <= gap
                and all(t.text[:1].isalnum() for t in between)
                and "\n" not in text[tokens[last].end : tokens[k].start]
            )
            if bridgeable:
                current.append(k)
                continue
            result.append(_span(tokens, scores, current))
        current = [k]
    if current:
        result.append(_span(tokens, scores, current))
    return result


def _span(tokens: Sequence[Token], scores: Sequence[float], run: list[int]) -> CueSpan:
    return CueSpan(tokens[run[0]].start, tokens[run[-1]].end, max(scores[k] for k in run))


@lru_cache(maxsize=1)
def load_model() -> CueModel | None:
    """The packaged model, or None when the weights file is absent."""
    try:
        raw = resources.files("storyline.analyse").joinpath(MODEL_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    return CueModel.from_json(json.loads(raw))


def find_cues(
    text: str, rules: Sequence[tuple[int, int]] = (), threshold: float | None = None
) -> list[CueSpan]:
    """The cues the packaged model finds in ``text``, given the cues the rules found (none
    without the model)."""
    model = load_model()
    return [] if model is None else model.cues(text, rules, threshold)
