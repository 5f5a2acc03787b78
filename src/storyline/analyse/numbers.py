"""Numbers written in digits, words or both: "221,000", "11 million", "$1.5bn" (the number part),
"twenty-one", "one hundred and five", "a dozen", "half a million", "a third", "two-thirds",
and the vague amounts news uses ("hundreds of thousands", "dozens").

:func:`parse_number` reads one number phrase and returns its value, or None when the phrase is
not a number; it never raises. Vague amounts are valued at twice their order of magnitude
("hundreds of" ≈ 200, "hundreds of thousands" ≈ 200,000), the convention storyline uses so that
two outlets' vague figures compare, and come back with the words that make them vague (the
modifier, "hundreds of").
"""

from __future__ import annotations

import math
import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
#: Every number word that is a value by itself (for building patterns).
WORD_NUMBERS: dict[str, int] = {**UNITS, **TENS, "dozen": 12}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
}
FRACTIONS = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
    "quarters": 1 / 4, "fourth": 1 / 4, "fourths": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5,
    "sixth": 1 / 6, "sixths": 1 / 6, "seventh": 1 / 7, "sevenths": 1 / 7, "eighth": 1 / 8,
    "eighths": 1 / 8, "ninth": 1 / 9, "ninths": 1 / 9, "tenth": 1 / 10, "tenths": 1 / 10,
}  # fmt: skip
#: Plural magnitudes used as vague amounts, valued at twice their order of magnitude.
VAGUE_MAGNITUDES = {
    "dozens": 24,
    "scores": 40,
    "tens": 20,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
}
#: "several hundred", "a few thousand": a small multiple of a scale word.
_SMALL_MULTIPLES = {"several": 3, "a few": 3, "a couple of": 2, "a couple": 2}

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+|[a-z]+", re.IGNORECASE)
_MAX_TOKENS = 24


def parse_number(text: str, scale: str | None = None) -> float | None:
    """The value of one number phrase in digits and/or words ("221,000", "11 million",
    "twenty-one", "one hundred and five", "a dozen", "half a million", "two-thirds",
    "hundreds of thousands"), times ``scale`` when given; None if it is not a number."""
    try:
        value = _parse(text)
    except (ValueError, OverflowError, ArithmeticError):
        return None
    if value is None:
        return None
    if scale:
        factor = SCALES.get(scale.strip().lower().rstrip("s"))
        if factor is None:
            return None
        value *= factor
    if math.isnan(value) or math.isinf(value):
        return None
    return value


def vague_amount(text: str) -> tuple[float, str] | None:
    """A vague amount and the words that make it vague: "hundreds of thousands" → (200000,
    "hundreds of"), "dozens" → (24, "dozens"), "several hundred" → (300, "several")."""
    words = text.lower().replace("-", " ").split()
    if not words or len(words) > _MAX_TOKENS:
        return None
    for lead, multiple in _SMALL_MULTIPLES.items():
        lead_words = lead.split()
        rest = words[len(lead_words) :]
        if words[: len(lead_words)] == lead_words and rest and all(w in SCALES for w in rest):
            value = float(multiple)
            for word in rest:
                value *= SCALES[word]
            return value, lead
    first = words[0]
    if first not in VAGUE_MAGNITUDES:
        return None
    rest = [w for w in words[1:] if w != "of"]
    value = float(VAGUE_MAGNITUDES[first])
    if first in ("tens", "hundreds", "dozens", "scores") and rest:
        magnitude = rest[0]
        if magnitude not in VAGUE_MAGNITUDES or magnitude in ("tens", "dozens", "scores"):
            return None
        value = value * VAGUE_MAGNITUDES[magnitude] / 2
        rest = rest[1:]
    if rest:
        return None
    modifier = f"{first} of" if len(words) > 1 else first
    return value, modifier


#: The modifiers :func:`vague_amount` gives: with them a figure's value is a stand-in (twice
#: the order of magnitude) that lets vague amounts be compared, not what the text says.
_VAGUE_MODIFIERS = frozenset(
    {*VAGUE_MAGNITUDES, *(f"{word} of" for word in VAGUE_MAGNITUDES), *_SMALL_MULTIPLES}
)


def amount_label(modifier: str, value: str, text: str, followed: bool = True) -> str:
    """How a figure's amount reads, before its unit and what it counts: its modifier and its
    ``value`` (as shown: "more than 221,000"); a vague amount as its text (``text``, the
    figure's words) says it, "hundreds of thousands of", not "hundreds of 200,000" — with the
    "of" only when something (``followed``) comes after it."""
    if modifier in _VAGUE_MODIFIERS:
        words = text.split()
        for end in range(min(len(words), _MAX_TOKENS), 0, -1):
            if vague_amount(" ".join(words[:end])) is not None:
                said = words[:end]
                while not followed and said and said[-1].lower() == "of":
                    said.pop()
                if said:  # number words only: lower case even where they open a sentence
                    return " ".join(said).lower()
    return " ".join(part for part in (modifier, value) if part)


def figure_phrase(modifier: str, value: str, text: str, unit: str = "", counted: str = "") -> str:
    """A figure as a reader says it: its amount (:func:`amount_label`), unit and what it
    counts, "more than 221,000 people apprehended", "hundreds of thousands of people"."""
    amount = amount_label(modifier, value, text, followed=bool(unit or counted))
    return " ".join(part for part in (amount, unit, counted) if part)


def _parse(text: str) -> float | None:
    cleaned = text.strip().lower().replace("‑", "-").replace("–", "-")
    if not cleaned:
        return None
    if _DIGITS.match(cleaned):
        return float(cleaned.replace(",", ""))
    vague = vague_amount(cleaned)
    if vague is not None:
        return vague[0]
    tokens = [t for t in _TOKEN.findall(cleaned.replace("-", " ")) if t not in ("and", "of")]
    if not tokens or len(tokens) > _MAX_TOKENS:
        return None
    if re.search(r"[^\w\s,.-]", cleaned):
        return None  # something other than number words in the phrase
    return _words_value(tokens)


def _words_value(tokens: list[str]) -> float | None:
    """Value of number tokens: [twenty, one] → 21; [one, hundred, five] → 105;
    [1.5, million] → 1.5e6; [a, dozen] → 12; [half, a, million] → 5e5; [two, thirds] → 2/3."""
    # Fractions: "a third", "two thirds", "half", "half a million".
    if tokens[0] == "half" and len(tokens) > 1:
        rest = tokens[2:] if tokens[1] in ("a", "an") else tokens[1:]
        inner = _words_value(rest) if rest else None
        return None if inner is None else inner / 2
    if tokens[-1] in FRACTIONS:
        if len(tokens) == 1:
            return FRACTIONS[tokens[0]] if tokens[0] in ("half",) else None
        count = 1.0 if tokens[:-1] in (["a"], ["an"], ["one"]) else _words_value(tokens[:-1])
        if count is None:
            return None
        return count * FRACTIONS[tokens[-1]]
    total = 0.0
    current: float | None = None
    seen_any = False
    for index, token in enumerate(tokens):
        if token in ("a", "an"):
            if index != 0:
                return None
            current = 1.0
            continue
        if _DIGITS.match(token):
            if current is not None or total:
                return None  # two numbers side by side ("3 4"), or "a 3"
            current = float(token.replace(",", ""))
            seen_any = True
            continue
        if token in UNITS or token in TENS:
            value = float(UNITS.get(token, TENS.get(token, 0)))
            if current is None:
                current = value
            elif (
                token in UNITS
                and current % 100 in (20, 30, 40, 50, 60, 70, 80, 90)
                and (value < 10)
            ):
                current += value  # twenty one
            elif current % 100 == 0 and current >= 100:
                current += value  # one hundred five
            else:
                return None
            seen_any = True
            continue
        if token == "dozen":
            current = (current if current is not None else 1.0) * 12
            seen_any = True
            continue
        if token in SCALES:
            if len(token) <= 3 and (current is None or index != len(tokens) - 1):
                return None  # "bn", "m", "k" only right after a number, at the end
            factor = SCALES[token]
            base = current if current is not None else (1.0 if index == 0 else None)
            if base is None:
                if total:
                    total *= factor
                    continue
                return None
            if factor == 100:
                current = base * 100
            else:
                total += base * factor
                current = None
            seen_any = True
            continue
        return None
    if not seen_any:
        return None
    return total + (current or 0.0)
