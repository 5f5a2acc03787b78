"""The shortcuts that make cleaning and decoding cheap give what the plain way gives.

Each shortcut is checked against the plain computation it replaced, written out here as the
oracle: white space collapsed while copying offsets (a lone space is left as it is), control and
odd characters counted per distinct character rather than per character, control bytes counted by
deleting them, the photo-credit pattern tried only on lines with a slash, and the letters of a
language sample counted only up to the least it needs.
"""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from storyline.ingest import clean, decode, language

# Characters the cleaning treats specially, mixed with ordinary text.
_SPACES = " \t\u00a0\u2003\u3000\x00\x07\x1b\x7f"
_TEXT_ALPHABET = st.sampled_from(list(_SPACES + "ab.Z1'\n\u00e9\u2014/"))
_texts = st.text(alphabet=_TEXT_ALPHABET, max_size=200)
_any_texts = st.text(max_size=300)


def _emit_plainly(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Every white space run replaced by one space, each character with its offset."""
    parts: list[str] = []
    out: list[int] = []
    position = 0
    for match in clean._SPACE_RUN.finditer(text):
        parts.append(text[position : match.start()])
        out.extend(offsets[position : match.start()])
        parts.append(" ")
        out.append(offsets[match.start()])
        position = match.end()
    parts.append(text[position:])
    out.extend(offsets[position:])
    return "".join(parts), out


@settings(max_examples=400)
@given(_texts)
def test_copying_with_offsets_collapses_runs_as_the_plain_way_does(text: str) -> None:
    offsets = [1000 + index for index in range(len(text))]
    parts: list[str] = []
    copied: list[int] = []
    clean._emit(clean._Mapped(text, offsets), 0, len(text), parts, copied)
    assert ("".join(parts), copied) == _emit_plainly(text, offsets)


def _control_share_plainly(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    count = sum(
        1
        for char in sample
        if char not in "\t\n\r\x0b\x0c\x1b"
        and unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn")
    )
    return count / len(sample)


def _plausible_plainly(text: str) -> bool:
    if not text.strip():
        return True
    if _control_share_plainly(text) > 0.05:
        return False
    odd = 0
    for char in text:
        if char.isalnum() or char.isspace():
            continue
        category = unicodedata.category(char)
        if category[0] == "M":  # a vowel sign or tone mark is writing (59ce2c7: Thai)
            continue
        if category[0] in "PS" and (char.isascii() or category[0] == "P"):
            continue
        if char in decode._WESTERN_PUNCT:
            continue
        odd += 1
    return odd <= 0.1 * len(text)


@settings(max_examples=400)
@given(st.one_of(_any_texts, _texts))
@example("\u093a")  # a combining vowel sign alone: the plain count once called it a symbol
def test_character_shares_counted_per_distinct_character_equal_a_count_per_character(
    text: str,
) -> None:
    assert decode._control_share(text) == _control_share_plainly(text)
    assert decode._plausible(text) == _plausible_plainly(text)


@settings(max_examples=400)
@given(st.binary(min_size=1, max_size=300))
def test_control_bytes_counted_by_deleting_them_equal_a_count_per_byte(data: bytes) -> None:
    allowed = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
    plain = sum(1 for byte in data[:20000] if byte < 0x20 and byte not in allowed)
    assert decode._control_byte_share(data) == plain / len(data[:20000])


_credit_parts = st.sampled_from(
    "Kevin|Lamarque|REUTERS|Reuters|AP|AFP|Getty Images|via|File Photo|(|)|.| |  |de|Pool|"
    "Handout|X.|photo|:".split("|")
)


@settings(max_examples=400)
@given(st.lists(_credit_parts, max_size=12).map("".join))
def test_the_cased_photo_credit_pattern_needs_a_slash(text: str) -> None:
    # What lets the cleaner skip the search on a line without "/".
    assert clean._PHOTO_CREDIT_CASED.search(text) is None


def test_a_credit_with_a_slash_is_still_found() -> None:
    assert clean._is_photo_credit("Migrants wait at the border. Kevin Lamarque/Reuters", 8)
    assert clean._is_photo_credit("REUTERS/Kevin Lamarque/File Photo", 4)
    assert not clean._is_photo_credit("A Reuters/Ipsos poll found most agree.", 7)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("aZé1 .\n\u00aa\u4e00-")), max_size=60),
    st.integers(0, 40),
)
def test_letters_counted_up_to_the_least_needed_say_what_a_full_count_says(
    text: str, count: int
) -> None:
    assert language._has_letters(text, count) == (sum(1 for c in text if c.isalpha()) >= count)
