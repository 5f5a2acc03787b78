"""Numbers in digits and words: values, vague amounts, and properties for any input."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse.numbers import amount_label, parse_number, vague_amount

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("221,000", 221_000),
        ("70,000", 70_000),
        ("3.2", 3.2),
        (".5", 0.5),
        ("11 million", 11_000_000),
        ("1.5 billion", 1_500_000_000),
        ("1.5bn", 1_500_000_000),
        ("three", 3),
        ("Twenty-one", 21),
        ("twenty one", 21),
        ("one hundred and five", 105),
        ("two hundred thousand", 200_000),
        ("one million two hundred thousand", 1_200_000),
        ("a dozen", 12),
        ("a million", 1_000_000),
        ("half a million", 500_000),
        ("a third", 1 / 3),
        ("two-thirds", 2 / 3),
        ("one-sixth", 1 / 6),
        ("hundreds of thousands", 200_000),
        ("dozens", 24),
        ("tens of thousands of", 20_000),
        ("several hundred", 300),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    parsed = parse_number(text)
    assert parsed is not None and math.isclose(parsed, value)


@pytest.mark.parametrize(
    "text",
    ["", "m", "bn", "3 4", "a 3", "1,5", "1.2.3", "$3", "the", "twenty twenty", "hundred dozen x"],
)
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_scale_argument() -> None:
    assert parse_number("1.5", "billion") == 1_500_000_000
    assert parse_number("3", "bn") == 3_000_000_000
    assert parse_number("3", "furlongs") is None


@pytest.mark.parametrize(
    ("text", "value", "modifier"),
    [
        ("hundreds of thousands", 200_000, "hundreds of"),
        ("hundreds of thousands of", 200_000, "hundreds of"),
        ("tens of millions", 20_000_000, "tens of"),
        ("thousands of", 2_000, "thousands of"),
        ("thousands", 2_000, "thousands"),
        ("dozens", 24, "dozens"),
        ("several thousand", 3_000, "several"),
        ("a few hundred", 300, "a few"),
    ],
)
def test_vague_amounts(text: str, value: float, modifier: str) -> None:
    assert vague_amount(text) == (value, modifier)


def test_not_vague() -> None:
    assert vague_amount("221,000") is None
    assert vague_amount("dozens of dozens") is None
    assert vague_amount("") is None


_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
_UNITS += "fifteen sixteen seventeen eighteen nineteen"
_SMALL = _UNITS.split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(n: int) -> str:
    """English words for 0 ≤ n < 10**9, written the way news copy does."""
    if n < 20:
        return _SMALL[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _TENS[tens - 2] + (f"-{_SMALL[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_SMALL[hundreds]} hundred" + (f" and {spell(rest)}" if rest else "")
    for size, word in ((1_000_000, "million"), (1_000, "thousand")):
        if n >= size:
            big, rest = divmod(n, size)
            return f"{spell(big)} {word}" + (f" {spell(rest)}" if rest else "")
    raise AssertionError(n)


@FAST
@given(st.integers(min_value=0, max_value=999_999_999))
def test_words_and_digits_round_trip(n: int) -> None:
    assert parse_number(spell(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@FAST
@given(st.text(max_size=60))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or (isinstance(value, float) and math.isfinite(value))
    assert parse_number(text) == value
    amount = vague_amount(text)
    assert amount is None or amount[0] > 0


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "one",
                "hundred",
                "a",
                "and",
                "thousand",
                "half",
                "third",
                "dozen",
                "million",
                "twenty",
                "of",
                "hundreds",
                "3",
                "m",
            ]
        ),
        max_size=8,
    )
)
def test_parse_number_on_number_word_salad(words: list[str]) -> None:
    value = parse_number(" ".join(words))
    assert value is None or (math.isfinite(value) and value >= 0)


def test_regression_long_spelled_numbers_are_read_whole() -> None:
    # Found by the round-trip property: a 13-word number hit a 12-token cap.
    text = "one hundred and eighteen million six hundred and twenty-four thousand eight hundred"
    assert parse_number(text) == 118_624_800


_HUNDREDS = "hundreds of thousands of people"


@pytest.mark.parametrize(
    ("modifier", "value", "text", "followed", "label"),
    [
        # Regression: the seed report showed "hundreds of 200,000 people heading north".
        ("hundreds of", "200,000", _HUNDREDS, True, "hundreds of thousands of"),
        ("hundreds of", "200,000", _HUNDREDS, False, "hundreds of thousands"),
        ("thousands of", "2,000", "thousands of migrants", True, "thousands of"),
        ("tens of", "20,000", "Tens of thousands of protesters", True, "tens of thousands of"),
        ("several", "300", "several hundred people", True, "several hundred"),
        ("dozens", "24", "dozens", False, "dozens"),
        ("more than", "221,000", "more than 221,000 people", True, "more than 221,000"),
        ("", "70,000", "70,000 migrants", True, "70,000"),
        # words that do not read as the vague amount: the stand-in, as before
        ("hundreds of", "200", "some hundreds of", True, "hundreds of 200"),
    ],
)
def test_a_vague_amount_reads_as_its_words(
    modifier: str, value: str, text: str, followed: bool, label: str
) -> None:
    assert amount_label(modifier, value, text, followed) == label


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["hundreds of", "several", "dozens", "", "about"]))
def test_amount_label_never_raises_and_is_never_empty(text: str, modifier: str) -> None:
    assert amount_label(modifier, "12", text, followed=False)
