"""Numbers written in words and digits: "221,000", "11 million", "$1.5bn", "hundreds of
thousands", "nearly 100 million"."""

from __future__ import annotations

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "a thousand": 1000,
    "a dozen": 12,
    "a million": 1_000_000,
    "a billion": 1_000_000_000,
}
SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "k": 1_000,
}
#: Vague amounts, valued at twice their order of magnitude ("hundreds of" ≈ 200).
VAGUE_AMOUNTS = {
    "dozens of": 24,
    "scores of": 40,
    "hundreds of": 200,
    "thousands of": 2_000,
    "tens of thousands of": 20_000,
    "hundreds of thousands of": 200_000,
    "hundreds of thousands": 200_000,
    "millions of": 2_000_000,
    "billions of": 2_000_000_000,
}


def parse_number(text: str, scale: str | None = None) -> float | None:
    """The value of a number in digits or words, times its scale word; None if unreadable."""
    cleaned = text.strip().lower().replace(",", "")
    if cleaned in WORD_NUMBERS:
        value = float(WORD_NUMBERS[cleaned])
    else:
        try:
            value = float(cleaned)
        except ValueError:
            return None
    if scale:
        value *= SCALES.get(scale.strip().lower(), 1)
    return value
