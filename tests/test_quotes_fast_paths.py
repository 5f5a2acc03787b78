"""The rules' cue pattern is one alternation grouped by first letter, which is cheaper to try
than the plain alternation of the cues: it must find exactly what the plain one finds. And the
quotation marks of a paragraph are found by a pattern instead of a look at every character."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse import quote_marks, quotes

from .strategies import joined_words


def _plain_cue_pattern(lang: quotes._Language, broad: bool) -> re.Pattern[str]:
    """The cue pattern as first written: every cue an alternative of its own, in order."""
    words = sorted(lang.verbs | lang.weak_verbs, key=len, reverse=True)
    according = re.escape(lang.according).replace(r"\ ", r"\s+")
    alternatives = [re.escape(p).replace(r"\ ", r"\s+") for p in lang.phrases]
    alternatives += [according, according[0].upper() + according[1:]]
    alternatives += [re.escape(w) for w in words]
    if broad:
        alternatives += [
            re.escape(w.capitalize())
            for w in words
            if (w in quotes._EN.verbs or w.endswith("s")) and w not in ("state", "states")
        ]
    return re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])")


READINGS = [(quotes._EN, False), (quotes._EN, True), (quotes._ES, False), (quotes._ES, True)]
#: Cue words and phrases, their beginnings and endings, and words around them.
WORDS = sorted(
    {w for lang, _ in READINGS for w in lang.verbs | lang.weak_verbs | set(lang.phrases)}
    | {"according", "to", "según", "the", "United", "States", "he", "said-", "sa", "aid"}
)


def texts() -> st.SearchStrategy[str]:
    return joined_words(
        WORDS,
        (" ", " ", "  ", "\n", "-", ", ", ". ", "", "_"),
        cases=(str, str, str.capitalize, str.upper),
        max_words=25,
        cuts=(slice(None), slice(None), slice(1, None), slice(None, -1)),
    )


@pytest.mark.parametrize("reading", range(len(READINGS)))
@settings(max_examples=150, deadline=None)
@given(text=texts())
def test_the_grouped_cue_pattern_finds_what_the_plain_one_finds(reading: int, text: str) -> None:
    lang, broad = READINGS[reading]
    grouped = quotes._cue_pattern(lang, broad)
    plain = _plain_cue_pattern(lang, broad)
    assert [(m.span(), m.group(1)) for m in grouped.finditer(text)] == [
        (m.span(), m.group(1)) for m in plain.finditer(text)
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\"“”«»„‘’‹›'`a .\n\u201f\u2039")), max_size=80))
def test_the_quote_marks_found_by_pattern_are_the_marks_among_the_characters(text: str) -> None:
    start, end = len(text) // 4, len(text) - len(text) // 4
    found = [m.start() for m in quote_marks._MARK.finditer(text, start, end)]
    assert found == [i for i in range(start, end) if text[i] in quote_marks._MARKS]
