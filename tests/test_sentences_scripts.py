"""Sentences in every script (analyse/sentences.py): a sentence ended only before a capital
from A to Z or Spanish's accented ones, so Russian, Polish, Greek, Chinese and Arabic
articles were one sentence a paragraph, and their quotes, time expressions and summaries ran
across sentences."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Он сказал это. В 2020 г. Путин заявил.", ["Он сказал это.", "В 2020 г. Путин заявил."]),
        ("Łukasz przyszedł. Świat jest duży.", ["Łukasz przyszedł.", "Świat jest duży."]),
        ("Ο Κυριάκος μίλησε. Η Αθήνα περιμένει.", ["Ο Κυριάκος μίλησε.", "Η Αθήνα περιμένει."]),
        (
            "美国总统周二会面。他还访问了日本！然后呢？",
            ["美国总统周二会面。", "他还访问了日本！", "然后呢？"],
        ),
        ("قال الرئيس. وصل إلى القاهرة؟ نعم", ["قال الرئيس.", "وصل إلى القاهرة؟", "نعم"]),
        ("भारत जीता। टीम खुश है।", ["भारत जीता।", "टीम खुश है।"]),
        # English as before: abbreviations and initials do not end a sentence.
        (
            "The U.S. said so. Ürümqi is far. Mr. Smith agreed with John F. Kennedy.",
            ["The U.S. said so.", "Ürümqi is far.", "Mr. Smith agreed with John F. Kennedy."],
        ),
    ],
)
def test_sentences_end_in_every_script(text: str, sentences: list[str]) -> None:
    assert [s.text for s in split_sentences("a", text)] == sentences


@given(st.text(alphabet=st.sampled_from('aБ美ق .。!?؟।\n«»"ŁŚ2'), max_size=120))
def test_sentences_are_the_texts_spans_in_order(text: str) -> None:
    found = split_sentences("a", text)
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
