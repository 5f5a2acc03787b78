"""Sentences in every script (analyse/sentences.py): a sentence ended only before a capital
from A to Z or Spanish's accented ones, so Russian, Polish, Greek, Chinese and Arabic
articles were one sentence a paragraph, and their quotes, time expressions and summaries ran
across sentences."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.entities import find_mentions
from storyline.analyse.quotes import find_quotes
from storyline.analyse.sentences import MAX_SENTENCE_CHARS, split_sentences


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


@given(st.text(alphabet=st.sampled_from("ab ,;\n."), max_size=5_000))
def test_no_sentence_is_longer_than_the_limit_and_none_loses_a_character(text: str) -> None:
    found = split_sentences("a", text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in found)
    assert "".join(s.text for s in found).replace(" ", "").replace("\n", "") == (
        text.replace(" ", "").replace("\n", "")
    )


def test_regression_a_text_without_full_stops_took_hours_to_read_for_quotes() -> None:
    # 400,000 words without a full stop (2.5 MB, under the input limit) were one sentence,
    # which the quote reader read again for each of its cue words: hours for one article.
    # Cut into pieces of at most MAX_SENTENCE_CHARS, at a comma where there is one, and read
    # as such, 20,000 words take about a second (50 s before).
    words = "the minister Ana Silva said that talks on trade, would resume in Geneva".split()
    text = " ".join(words[i % len(words)] for i in range(20_000))
    sentences = split_sentences("a", text)
    assert len(sentences) > 50 and all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(s.text.endswith(",") for s in sentences[:-1])
    started = time.perf_counter()
    quotes = find_quotes("a", text, sentences, find_mentions("a", text, sentences))
    assert time.perf_counter() - started < 15.0
    assert quotes and all(q.speaker == "Ana Silva" for q in quotes)
