"""Do two articles tell the same story? A score in [0, 1] that works across languages.

An article is reduced once to an :class:`ArticleSketch` — its language, unit vectors of its
headline, of its title + lead, of its opening text as a whole and of its first sentences (the
multilingual encoder of :mod:`storyline.link.embeddings`, which maps a sentence and its
translation close together), the names and figures it mentions, and content-word keys — and
two sketches are compared with :func:`same_story_score`.

The signals (:data:`FEATURES`), each symmetric in the two articles:

* ``headline``, ``gist``, ``document``: cosines of the headline, title + lead and opening-text
  vectors; ``best`` is the largest cosine between any view of one article and any view of the
  other (scraped text often spoils one view — a cookie banner in the lead, a missing or
  generic headline — and the best surviving view still counts);
* ``align``: best-match sentence alignment — for each sentence the cosine of its closest
  counterpart in the other article, averaged over both directions; ``aligned`` is the share
  of sentences that have a close counterpart, ``top`` the mean of the strongest alignments
  (two rewrites of one wire copy share a few near-identical sentences even when the rest
  differs);
* ``names`` and ``numbers``: overlap of the capitalised names and of the figures (digits and
  proper names survive translation; keys fold case, accents, Cyrillic script and endings);
* ``words``: overlap of content-word keys (rewrites in one language share vocabulary; across
  languages it is near zero and the other signals carry the score).

Every cosine is taken after subtracting a *centre* — the mean direction of news-article
vectors — from both vectors: the encoder gives all news text a large common component, and
removing it spreads unrelated articles apart. The signals are combined by a logistic model
whose weights are constrained to be non-negative, so the score is monotone: no signal of
closeness can ever lower it. (An unconstrained or quadratic fit correlates about 0.01 better
on the benchmark, but gives some signals negative or non-monotone weight — the benchmark's
badly scraped pages make "too similar" look suspicious — and then scores a faithful
translation lower than a loose rewrite.) The
centre and the weights make a :class:`SimilarityModel`; :func:`fit_model` derives one from
rated pairs. The shipped :data:`DEFAULT_MODEL` was fitted on the SemEval-2022 Task 8 sample
(multilingual news article similarity); :mod:`storyline.evals.similarity` measures the
procedure cross-fitted (each pair scored by a model fitted on pairs that share no article with
it) and re-derives the shipped constants.
"""

from __future__ import annotations

import base64
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.ingest.language import detect_language
from storyline.link.embeddings import DIMENSIONS, embed

Vectors = npt.NDArray[np.float32]
Floats = npt.NDArray[np.float64]

#: At most this many sentences of the body are embedded (news puts what matters first) ...
MAX_SENTENCES = 24
#: ... and at most this many characters of them, so that one sketch costs about as much as
#: embedding 40 sentences of news prose, whatever the article's length.
SENTENCE_BUDGET = 3000
#: Sentences are cut to this many characters before embedding.
MAX_SENTENCE_CHARS = 400
#: How many body sentences, after the headline, make up the lead.
LEAD_SENTENCES = 2
#: How much of the text (headline first) the ``document`` vector reads.
DOCUMENT_CHARS = 1500
#: A sentence whose closest counterpart is at least this close (centred cosine) is aligned.
ALIGNED = 0.3
#: How many of the strongest alignments of each side ``top`` averages.
TOP_ALIGNMENTS = 3

FEATURES = (
    "headline",
    "gist",
    "document",
    "best",
    "align",
    "aligned",
    "top",
    "names",
    "numbers",
    "words",
)


@dataclass(frozen=True, eq=False)
class ArticleSketch:
    """What is needed to compare an article with others, computed once per article.

    Vectors are unit length, or all zero when there was nothing to embed."""

    language: str
    gist: Vectors  # the headline and lead, shape (DIMENSIONS,)
    sentences: Vectors  # up to MAX_SENTENCES body sentences, shape (n, DIMENSIONS)
    names: frozenset[str]  # normalised names, and figures (the keys that start with a digit)
    headline: Vectors  # the headline alone
    document: Vectors  # the first DOCUMENT_CHARS characters of headline + text, as one text
    words: frozenset[str]  # normalised content-word keys

    @property
    def empty(self) -> bool:
        return not self.document.any()


@dataclass(frozen=True, eq=False)
class SimilarityModel:
    """The centre subtracted from every vector, and the (non-negative) logistic weights over
    :data:`FEATURES`."""

    centre: Vectors
    weights: tuple[float, ...]
    bias: float

    def score(self, values: Floats) -> float:
        return _sigmoid(self.bias + float(np.dot(np.asarray(self.weights), values)))


def sketch(title: str, text: str, language: str | None = None) -> ArticleSketch:
    """Sketch one article with a single call to the encoder (headline, lead, opening text and
    at most MAX_SENTENCES sentences / SENTENCE_BUDGET characters)."""
    title = _SPACES.sub(" ", _clean(title).replace("\n", " "))
    text = _clean(text)
    body: list[str] = []
    budget = SENTENCE_BUDGET
    for sentence in split_sentences(text):
        if len(body) == MAX_SENTENCES or budget <= 0:
            break
        body.append(sentence[: min(MAX_SENTENCE_CHARS, budget)])
        budget -= len(body[-1])
    lead = " ".join([title, *body[:LEAD_SENTENCES]]).strip()
    opening = f"{title}\n{text}".strip()[:DOCUMENT_CHARS]
    if not body and title:
        body = [title[:MAX_SENTENCE_CHARS]]
    texts = [title, lead, opening, *body]
    vectors = embed(texts) if any(t.strip() for t in texts) else _zeros(len(texts))
    sentences = vectors[3:]
    sentences = sentences[np.any(sentences != 0, axis=1)]
    full = f"{title}\n{text}"
    if language is None:
        language = detect_language(full)
    return ArticleSketch(
        language=language,
        gist=np.ascontiguousarray(vectors[1]),
        sentences=np.ascontiguousarray(sentences),
        names=frozenset(find_names(full)),
        headline=np.ascontiguousarray(vectors[0]),
        document=np.ascontiguousarray(vectors[2]),
        words=frozenset(content_words(full)),
    )


def same_story_score(
    a: ArticleSketch, b: ArticleSketch, model: SimilarityModel | None = None
) -> float:
    """How surely ``a`` and ``b`` tell the same story: 0 (unrelated) … 1 (the same story).

    Symmetric and deterministic; 0.0 when either article has no text."""
    if a.empty or b.empty:
        return 0.0
    model = model or DEFAULT_MODEL
    return model.score(features(a, b, model.centre))


def features(a: ArticleSketch, b: ArticleSketch, centre: Vectors | None = None) -> Floats:
    """The signals of :data:`FEATURES` for a pair, each symmetric in ``a`` and ``b``."""
    if centre is None:
        centre = DEFAULT_MODEL.centre
    if _order_key(b) < _order_key(a):
        a, b = b, a
    views_a = _centred(np.stack([a.headline, a.gist, a.document]), centre)
    views_b = _centred(np.stack([b.headline, b.gist, b.document]), centre)
    views = np.clip(views_a @ views_b.T, -1.0, 1.0)
    headline, gist, document = (float(views[i, i]) for i in range(3))
    present = np.outer(views_a.any(axis=1), views_b.any(axis=1))
    best = float(views[present].max()) if present.any() else 0.0
    align = aligned = top = 0.0
    if len(a.sentences) and len(b.sentences):
        sims = _centred(a.sentences, centre) @ _centred(b.sentences, centre).T
        best_a = sims.max(axis=1)
        best_b = sims.max(axis=0)
        align = 0.5 * (float(best_a.mean()) + float(best_b.mean()))
        aligned = 0.5 * (float((best_a >= ALIGNED).mean()) + float((best_b >= ALIGNED).mean()))
        strongest = np.sort(np.concatenate([best_a, best_b]))[::-1]
        top = float(strongest[: 2 * TOP_ALIGNMENTS].mean())
    names_a = frozenset(n for n in a.names if not n[0].isdigit())
    names_b = frozenset(n for n in b.names if not n[0].isdigit())
    return np.array(
        [
            headline,
            gist,
            document,
            best,
            align,
            aligned,
            top,
            _overlap(names_a, names_b),
            _overlap(a.names - names_a, b.names - names_b),
            _overlap(a.words, b.words),
        ],
        dtype=np.float64,
    )


#: The ridge penalty of :func:`fit_model` (on the mean cross-entropy; the signals are ~[0, 1]).
L2 = 1e-3


def fit_model(
    pairs: Sequence[tuple[ArticleSketch, ArticleSketch]],
    targets: Sequence[float],
    l2: float = L2,
) -> SimilarityModel:
    """Fit a model to rated pairs; ``targets`` in [0, 1] (1 = the same story).

    The centre is the mean opening-text vector of the distinct articles; the weights are a
    fractional-response logistic regression (cross-entropy on the soft targets) with a small
    ridge penalty and every weight but the intercept held non-negative."""
    if len(pairs) != len(targets) or len(pairs) < 2:
        raise ValueError("fit_model needs at least two pairs and one target per pair")
    documents: dict[int, Vectors] = {}
    for a, b in pairs:
        for s in (a, b):
            if not s.empty:
                documents.setdefault(id(s), s.document)
    if not documents:
        raise ValueError("fit_model needs pairs with text")
    centre = np.asarray(np.mean(np.stack(list(documents.values())), axis=0), dtype=np.float32)
    x = np.array([features(a, b, centre) for a, b in pairs], dtype=np.float64)
    y = np.clip(np.asarray(targets, dtype=np.float64), 0.0, 1.0)
    bias, weights = _monotone_logistic(x, y, l2)
    return SimilarityModel(centre, tuple(float(w) for w in weights), bias)


def _monotone_logistic(
    x: Floats, y: Floats, l2: float, sweeps: int = 2000, tolerance: float = 1e-9
) -> tuple[float, Floats]:
    """Intercept and weights ≥ 0 minimising mean cross-entropy + l2/2 |w|², by cyclic
    coordinate-wise Newton steps projected on w ≥ 0 (a convex problem: this converges)."""
    n, d = x.shape
    prior = float(np.clip(y.mean(), 1e-3, 1 - 1e-3))
    bias = math.log(prior / (1 - prior))
    w = np.zeros(d)
    z = np.full(n, bias)
    for _ in range(sweeps):
        p = 1.0 / (1.0 + np.exp(-z))
        step = float((p - y).mean()) / max(float((p * (1 - p)).mean()), 1e-12)
        bias -= step
        z -= step
        change = abs(step)
        for j in range(d):
            p = 1.0 / (1.0 + np.exp(-z))
            column = x[:, j]
            gradient = float((column * (p - y)).mean()) + l2 * w[j]
            curvature = float((column * column * p * (1 - p)).mean()) + l2
            new = max(0.0, w[j] - gradient / curvature)
            if new != w[j]:
                z += column * (new - w[j])
                change = max(change, abs(new - w[j]))
                w[j] = new
        if change < tolerance:
            break
    return bias, w


# --- text handling ------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# Hard breaks: a line break, or two spaces (scraped headlines are often glued on that way).
_HARD_BREAK = re.compile(r"\s*\n\s*|[ \t\u00a0]{2,}")
# A sentence ends at . ! ? … (Latin, Arabic, Devanagari) followed by space, or at a CJK stop.
_BOUNDARY = re.compile(
    r"(?<=[.!?…؟।])[\"'”’»)\]]*\s+(?=[^\s\da-z])|(?<=[。！？])[\"'”’」』)）]*\s*"
)
# No sentence ends after an initial (J. Smith), a dotted acronym (U.S.), a common abbreviation,
# or a one- or two-digit number (German ordinal dates: "am 24. April"; the price is that
# "killed 12. The ..." stays one sentence).
_ENDS_WITH_ABBREVIATION = re.compile(
    r"(?:\b[^\W\d_]|\b(?:[^\W\d_]\.)+[^\W\d_]|\b\d{1,2}|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Gov|Sen|"
    r"Rep|Sr|Jr|Sra|Nr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|bzw|ca|"
    r"Hr|Fr|z\.B|u\.a|d\.h))\.$"
)
_MIN_SENTENCE_CHARS = 20


def _weight(piece: str) -> int:
    """Length in Latin-script characters: a Chinese or Japanese character counts as three."""
    return len(piece) + 2 * sum(1 for c in piece if "\u3040" <= c <= "\u9fff")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace("\r", "\n").strip()


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` in any script; very short fragments are glued to the next one."""
    pieces: list[str] = []
    for block in _HARD_BREAK.split(text):
        block = _SPACES.sub(" ", block).strip()
        if not block:
            continue
        pos = 0
        for match in _BOUNDARY.finditer(block):
            if _ENDS_WITH_ABBREVIATION.search(block[pos : match.start()]):
                continue
            pieces.append(block[pos : match.start()].strip())
            pos = match.end()
        pieces.append(block[pos:].strip())
    sentences: list[str] = []
    carry = ""
    for piece in pieces:
        if not piece:
            continue
        piece = f"{carry} {piece}".strip() if carry else piece
        if _weight(piece) < _MIN_SENTENCE_CHARS:
            carry = piece
            continue
        carry = ""
        sentences.append(piece)
    if carry:
        if sentences:
            sentences[-1] = f"{sentences[-1]} {carry}"
        elif sum(c.isalnum() for c in carry) >= 3:
            sentences.append(carry)
    return sentences


# Letters that NFKD does not decompose, and Cyrillic, so that names compare across scripts.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "є": "ye",
        "і": "i",
        "ї": "yi",
        "ґ": "g",
    }
)
#: Name and word keys keep this many leading letters: a crude, language-blind stemmer that
#: folds inflections together (Biden/Bidens, Kołyszko/Kołyszki, Madrid/Madrider).
_STEM = 5


def fold(text: str) -> str:
    """Case-, accent- and script-folded text: 'Łódź' → 'lodz', 'Москва' → 'moskva'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(_FOLD)


_TOKEN = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,\u202f\u2009 ]\d+)*")
# Scripts written without spaces between words (Chinese, Japanese, Korean, Thai).
_NO_SPACE_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]+"
)


def find_names(text: str) -> set[str]:
    """Keys of the capitalised names and of the figures (two digits or more, separators
    normalised) in ``text``. A sentence's first word counts only when a multiword name starts
    there; headline-style sentences (most words capitalised) are skipped, their capitals say
    nothing; short capitalised words count only as acronyms (ESA, UN)."""
    keys: set[str] = set()
    for sentence in split_sentences(_clean(text)):
        tokens = [m.group(0) for m in _TOKEN.finditer(sentence)]
        capital = [t[0].isupper() for t in tokens]
        if len(tokens) >= 4 and sum(capital) >= 0.6 * len(tokens):
            continue
        for i, token in enumerate(tokens):
            if not capital[i]:
                continue
            next_capital = i + 1 < len(tokens) and capital[i + 1]
            if i == 0 and not next_capital and not token.isupper():
                continue
            for part in re.split(r"[’'\-.]", token):
                key = fold(part)
                if not key.isalpha() or len(key) < 2 or (len(key) < 4 and not part.isupper()):
                    continue
                keys.add(key[:_STEM] if len(key) > _STEM + 1 else key)
    for match in _NUMBER.finditer(_clean(text)):
        number = _normalise_number(match.group(0))
        if number and len(number.replace(".", "")) >= 2:
            keys.add(number)
    return keys


def _normalise_number(raw: str) -> str:
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in raw)
    groups = re.split(r"[.,\u202f\u2009 ]", digits)
    if len(groups) == 1:
        return groups[0].lstrip("0") or "0"
    if all(len(g) == 3 for g in groups[1:]):  # thousands separators: 1,000 / 1.000 / 1 000
        return "".join(groups).lstrip("0") or "0"
    if len(groups) == 2:  # a decimal: 3,5 / 3.5
        return f"{groups[0].lstrip('0') or '0'}.{groups[1]}"
    return ""  # dates and the like (12.03.2020): the parts are found on their own below


def content_words(text: str) -> set[str]:
    """Keys of the longer words (stemmed to their first letters) and, for scripts written
    without spaces, of character bigrams."""
    keys: set[str] = set()
    folded = fold(_clean(text))
    for run in _NO_SPACE_SCRIPTS.findall(folded):
        keys.update(run[i : i + 2] for i in range(len(run) - 1))
    for match in _TOKEN.finditer(_NO_SPACE_SCRIPTS.sub(" ", folded)):
        word = match.group(0)
        if len(word) >= 5 and not any(c.isdigit() for c in word):
            keys.add(word[:_STEM])
    return keys


# --- small helpers ------------------------------------------------------------------------


def _order_key(s: ArticleSketch) -> tuple[bytes, bytes, bytes, bytes, str]:
    return (
        s.document.tobytes(),
        s.gist.tobytes(),
        s.headline.tobytes(),
        s.sentences.tobytes(),
        s.language,
    )


def _zeros(n: int) -> Vectors:
    return np.zeros((n, DIMENSIONS), dtype=np.float32)


def _centred(vectors: Vectors, centre: Vectors) -> Floats:
    """Unit vectors of ``vectors - centre`` (rows that were all zero stay all zero)."""
    v = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
    present = np.any(v != 0, axis=1)
    out = v - np.asarray(centre, dtype=np.float64)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out = out / norms
    out[~present] = 0.0
    return np.asarray(out, dtype=np.float64)


def _cosine(u: Vectors, v: Vectors, centre: Vectors) -> float:
    """Cosine of two vectors after removing the centre; 0 when either is missing."""
    if not u.any() or not v.any():
        return 0.0
    value = float(np.dot(_centred(u, centre)[0], _centred(v, centre)[0]))
    return min(1.0, max(-1.0, value))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Ochiai coefficient |a ∩ b| / sqrt(|a| |b|), 0 when either is empty."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def split_title(text: str) -> tuple[str, str]:
    """(title, rest): the first sentence (or headline line) of ``text``, and what follows."""
    text = _clean(text)
    sentences = split_sentences(text)
    if not sentences:
        return "", text
    first = sentences[0]
    pos = 0
    for word in first.split():  # find where the first sentence ends (spacing may differ)
        found = text.find(word, pos)
        if found < 0:
            return first, text[len(first) :].strip()
        pos = found + len(word)
    return first, text[pos:].strip()


def _decode_centre(encoded: str) -> Vectors:
    raw = np.frombuffer(base64.b64decode(encoded), dtype="<f2")
    if raw.shape != (DIMENSIONS,):
        return np.zeros(DIMENSIONS, dtype=np.float32)
    return raw.astype(np.float32)


def encode_centre(centre: Vectors) -> str:
    """The centre as stored in this module (little-endian float16, base64)."""
    return base64.b64encode(np.asarray(centre, dtype="<f2").tobytes()).decode("ascii")


# The shipped model, fitted on every row of the SemEval-2022 Task 8 sample (1,283 rated pairs,
# 16 language pairs); ``storyline eval similarity --data FILE --out DIR`` refits it and writes
# these constants to DIR/model.json. The centre is stored as little-endian float16, base64.
# fmt: off
_CENTRE = (
    "eSBwn90gHqApKi8nIJdZlg0nUh5WJQyi2yjnobmTY56kjemgc6K8KKSk66fbJbEeLqsWoY4hoqHdGDqqBKWtmm2hcKcv"
    "Ib2lCRqFIOMgYB71G50fsyDLoEkiuadfKkmh4KRanHMZT6ZXGy4hWJ0OrB4kH59HIp4ewhtAJ4EgQp0noDid9BcoobYc"
    "zA/LJGEcVCLTobQgfx8UHPiexpujrLCsUB6EH14o9aE1pAuk5KGgoKihG6cyoXocFCBhJQkZdSn2KZcmCyAEoPYVXah+"
    "HSQiDSA7o1gksaMBHL8gmCR1HyMkBRuxhMsg6qDgo9YVQyKaJcseUqMWHkUlRJ3RHfEdUSEoqDkckwyUn2Od3Cqtmz2n"
    "MimQJNwVjx4dIRsgRCKgpNIpih+iHP6fJyDkocWleyIYoo2X7CISHBSdvqQkHfugKyCkJQSkzpShISMTY6FFIqqeXY3B"
    "nyeeWJxIJd6fkZwop4cheCIaI9YY/p8ZFvscZZ4jKxuLnaK+GLalbJdapu6mlBqantAZ3aFOFyebgaG8oa2mSZnzoD0k"
    "PB4LoAicNxyKnR8h0R9OozUQRIlsqSep9CUSp/gh/pk5H/mgWKHpoLuSZ6IqnJ+hw6oBqYuWrSK5pd+jxSH2niQgFyLo"
    "n+QjGRyrI/wlMylAI24fIpQ5H/YZ96NsJ3+Q2pOBpJkOl6NLJXkgdCmLmwicniVzqvWaAyTHDl2TEKB8IX8Q2JTrknoi"
    "nRpEnWWlJ6RJGBUffJeqn1SfiR+hqK2bnCOuoEIhEyG8oL8h+yaNHC0fexvrGqsqzRnGnUKfH6PClkCkJJ7gII8pa5Sn"
    "nVEdNwmtIGClOZ9lpT6VJCgYmiQj2JgtnLwhp5pRpQycNh0eKB0ne6FqGHKdaKPmmeeoJ6bgo9iqRR2QGTubBKfgHYge"
    "m5pXJT0aDJ/+IDcSExz6lRAi8CLiG8qkXR6sozuhwR9bFNgnoyhRoDcdP6UIpoiZYyBQmrQZBKMaJX8Yfxi6ptcgqR/y"
    "DkmWrZymofAcWKJMJxsdDKtWKD2QHKA0oMWWZCY1H28oMadelLQf4aEsI2YqiyfdmYcf95gToe8dXhr/mqol/5/WINcb"
    "uyPKJG8gux16FN6kc6QDJs8YqSSVJkKYtyjdqOSk6R5Rk1QWJwxbGQGi/ZnYJBIkParSIxgdNSZgnLyoLxlJJlUsy6jT"
    "ksWbeiBZKIonMhl/g+qhMR8QFOqjgKQaFFseciDyHHqjCKo6nTwlzZqhl8OhriRmnFMe/6hNpGchWqEZpCSVyBxfKZUb"
    "BxWMpp4dI5xEqXUegyC3HbUPjBwsopSfz6MSI5UiC6ReHqwgRRgiIpAhmqnqFcEiFh5llR2qWiFQog=="
)
DEFAULT_MODEL = SimilarityModel(
    centre=_decode_centre(_CENTRE),
    # headline, gist, document, best, align, aligned, top, names, numbers, words
    weights=(1.0492, 0.8973, 1.9298, 2.6106, 0.0000, 0.0231, 0.0000, 0.4781, 0.3722, 0.0000),
    bias=-2.9957,
)
# fmt: on
