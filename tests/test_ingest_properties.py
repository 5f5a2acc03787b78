"""Properties of ingestion that must hold for any input, checked with Hypothesis."""

from __future__ import annotations

import contextlib
import textwrap

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storyline.errors import IngestError
from storyline.ingest.clean import clean_text
from storyline.ingest.extract import extract
from storyline.ingest.types import RawInput

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Ordinary news words: no word a furniture rule keys on (copyright, photo, source, reporter...).
_WORDS = (
    "the officials said on Wednesday that leaders from Mexico and Guatemala would meet in "
    "Washington to discuss migration border policy and economic cooperation while critics argued "
    "plan was too slow for families waiting at crossing near river last week after talks ended "
    "with joint statement about legal pathways work visas 221,000 people March 2024 U.S. "
    "president minister government region country agreement summit meeting, new"
).split()
_FURNITURE = [
    "Current track",
    "Title",
    "Artist",
    "Leave a Reply",
    "Your email address will not be published.",
    "Required fields are marked *",
    "Reader's opinions",
    "[Disclaimer]",
    "Source:",
    "<https://www.cbsnews.com/news/a-story/>",
    "Copyright © 2024, ABC Audio. All rights reserved.",
    "Andrew Lichtenstein/Corbis via Getty Images",
    "(AP Photo/Evan Vucci)",
    "Photo: Jane Doe",
    "Written by on February 28, 2024",
    "By Jane Doe",
    "ABC News' Morgan Winsor contributed to this report.",
    "Share",
    "Advertisement",
    "February 28, 2024",
    "Jane Doe",
    "Jane Doe is the immigration reporter at CBS News. Based in Washington, she covers policy.",
]


_LOWER_WORDS = [word for word in _WORDS if word[0].islower() or word[0].isdigit()]


@st.composite
def sentences(draw: st.DrawFn, vocabulary: list[str] = _WORDS) -> str:
    words = draw(st.lists(st.sampled_from(vocabulary), min_size=11, max_size=30))
    first = draw(st.sampled_from(["The", "Officials", "Leaders", "Mexico", "Critics", "Biden"]))
    end = draw(st.sampled_from([".", ".", "?", '."', ".”"]))
    return " ".join([first, *words]) + end


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A scraped article: real sentences mixed with furniture, headlines, stray lines and blank
    lines, with the real sentences returned."""
    parts: list[str] = []
    kept: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["sentence", "sentence", "furniture", "headline", "noise"]))
        if kind == "sentence":
            sentence = draw(sentences())
            kept.append(sentence)
            parts.append(sentence)
        elif kind == "furniture":
            parts.append(draw(st.sampled_from(_FURNITURE)))
        elif kind == "headline":
            words = draw(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=10))
            parts.append("Leaders " + " ".join(words))
        else:
            parts.append(draw(st.text(max_size=40)))
    separators = draw(
        st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n", " \n \n"]), min_size=len(parts))
    )
    text = "".join(part + sep for part, sep in zip(parts, separators, strict=False))
    return text, kept


@st.composite
def wrapped_documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Paragraphs of real sentences hard-wrapped at a fixed width, a blank line between. Words
    are lower case after the first: a two-line paragraph whose first line is in Title Case is
    taken for a headline over a paragraph, on purpose."""
    width = draw(st.integers(50, 90))
    sentence = sentences(_LOWER_WORDS)
    paragraphs = draw(st.lists(st.lists(sentence, min_size=1, max_size=3), min_size=1, max_size=5))
    text = "\n\n".join(
        textwrap.fill(" ".join(paragraph), width=width, break_long_words=False)
        for paragraph in paragraphs
    )
    return text, [sentence for paragraph in paragraphs for sentence in paragraph]


def _rebuilt(title: str, text: str) -> str:
    return f"{title}\n\n{text}" if title else text


@FAST
@given(st.binary(max_size=600))
@example(b"")
@example(b"\x00\x01\x02")
@example(b"%PDF-1.4 hello")
@example(b"<html><body><p>")
@example(b"http://example.com")
@example("<p>caf\xe9</p>".encode("latin-1"))
def test_extract_raises_only_ingest_error(data: bytes) -> None:
    for media_type in ("", "text/plain", "text/html", "text/markdown"):
        try:
            result = extract(RawInput("input", data, media_type))
        except IngestError as err:
            assert err.reason
        else:
            assert result.text == result.text.strip()
            assert "\n\n\n" not in result.text


@FAST
@given(st.text(max_size=400))
def test_extract_of_any_text_raises_only_ingest_error(text: str) -> None:
    for media_type in ("text/plain", "text/html"):
        with contextlib.suppress(IngestError):
            extract(RawInput("input", text.encode("utf-8"), media_type))


@FAST
@given(documents())
def test_cleaning_keeps_every_real_sentence(document: tuple[str, list[str]]) -> None:
    text, kept = document
    cleaned = clean_text(text)
    for sentence in kept:
        assert sentence in cleaned.text


@FAST
@given(wrapped_documents())
def test_hard_wrapped_paragraphs_are_joined(document: tuple[str, list[str]]) -> None:
    text, kept = document
    cleaned = clean_text(text)
    assert cleaned.title == ""
    for sentence in kept:
        assert sentence in cleaned.text


@FAST
@given(st.one_of(documents().map(lambda d: d[0]), st.text(max_size=300)))
def test_removed_spans_are_in_raw_text_and_disjoint(text: str) -> None:
    cleaned = clean_text(text)
    previous_end = 0
    for span in cleaned.removed:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]
        assert span.reason
        previous_end = span.end


@FAST
@given(
    st.one_of(
        documents().map(lambda d: d[0]),
        wrapped_documents().map(lambda d: d[0]),
        st.text(max_size=300),
    )
)
def test_cleaning_is_idempotent(text: str) -> None:
    first = clean_text(text)
    second = clean_text(_rebuilt(first.title, first.text))
    assert second.text == first.text
    assert second.title == first.title


@FAST
@given(st.one_of(documents().map(lambda d: d[0]), st.text(max_size=300)))
def test_clean_text_shape(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned.text == cleaned.text.strip()
    assert "\n\n\n" not in cleaned.text
    for paragraph in cleaned.text.split("\n\n") if cleaned.text else []:
        assert paragraph.strip() == paragraph
        assert "\n" not in paragraph


_COMMENT_HEADERS = [
    "At 00:45 am on 16 Jun 2010, reader{n} wrote:",
    "At 18:40 23rd Mar 2010 , reader{n} wrote :",
    "Posted by: reader{n} | May 28, 2009 7:15 PM | Report abuse",
    "reader{n} says:\nJune 3, 2010 at 10:15 am",
]


@FAST
@given(
    st.lists(sentences(), min_size=3, max_size=8),
    st.lists(st.tuples(st.sampled_from(_COMMENT_HEADERS), sentences()), min_size=1, max_size=4),
)
def test_readers_comments_are_cut_and_the_article_kept(
    article: list[str], comments: list[tuple[str, str]]
) -> None:
    """Whatever the article and however many comments below it: every sentence of the article
    stays, no comment stays, and cleaning the result again changes nothing."""
    below = "\n\n".join(
        f"{header.format(n=n)}\nCOMMENT{n} {said}" for n, (header, said) in enumerate(comments)
    )
    text = "\n\n".join(article) + "\n\n" + below
    cleaned = clean_text(text)
    assert all(sentence in cleaned.text for sentence in article)
    assert "COMMENT" not in cleaned.text and "reader" not in cleaned.text
    again = clean_text(_rebuilt(cleaned.title, cleaned.text))
    assert (again.text, again.title) == (cleaned.text, cleaned.title)
