"""A word list written as a trie matches what the flat alternation, longest word first, does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse.ner_scope import _FIGURE_OR_DATE_WORDS, _SPEECH_WORDS
from storyline.analyse.word_trie import longest_first, trie_alternation

# Few letters, so that words share prefixes and run into each other; case, accents, spaces,
# a hyphen, a digit and characters the flag makes equal to others ("ſ" is an "s", the Kelvin
# sign a "k", "ı" an "i", "ς" a "σ").
_CHARS = st.sampled_from([*"abAB ñÑ-1.", *"ſKksSıiIµμςσΣϐβ"])


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.text(_CHARS, min_size=1, max_size=4), min_size=1, max_size=8),
    st.text(_CHARS, max_size=30),
)
def test_the_trie_matches_the_flat_alternation(words: list[str], text: str) -> None:
    for before, after in (("", ""), (r"\b", r"\b"), ("", "(?!-)")):
        trie = before + trie_alternation(words) + after
        flat = before + longest_first(words) + after
        assert _spans(trie, text) == _spans(flat, text)


@pytest.mark.parametrize("words", [_SPEECH_WORDS, _FIGURE_OR_DATE_WORDS])
@pytest.mark.parametrize(
    "text",
    [
        "He said, according to officials, that the spokeswoman told reporters on Monday.",
        "Hundreds of thousands marched in Mayo; prices may rise; MAÑANA, ayer, hoy.",
        "Declaró el portavoz el Miércoles que dozens of scores were a dozen.",
    ],
)
def test_the_scope_word_lists(words: list[str], text: str) -> None:
    pattern = r"\b" + trie_alternation(words) + r"\b"
    assert _spans(pattern, text) == _spans(r"\b" + longest_first(words) + r"\b", text)


@pytest.mark.parametrize("words", [[], [""], ["İstanbul"]])
def test_words_it_cannot_write_are_refused(words: list[str]) -> None:
    with pytest.raises(ValueError):
        trie_alternation(words)
