"""An article's specifics (the names and numbers rewording keeps, which duplicate detection and
event joining compare) hold no word only because it opens a sentence or a paragraph."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.link.duplicates import specifics


def test_regression_a_paragraphs_first_word_was_a_specific() -> None:
    # Only a sentence after ". " was taken for one: "The", "But" and "We" opening paragraphs
    # were specifics that nearly every article shared, so that any two overlapped.
    text = (
        "Officials met in Panama City on Tuesday.\n\n"
        "The talks lasted three hours.\n\n"
        "But in the end Antony Blinken left early.\n"
        "We will return, he said."
    )
    found = specifics(text)
    assert {"panama city", "tuesday", "antony blinken"} <= found
    assert not {"the", "but", "we", "officials"} & found


def test_a_run_opening_a_sentence_is_left_out_whole() -> None:
    # As before, mid-paragraph: which of its words is a name cannot be told.
    assert specifics("Rain fell. President Lula spoke.\n\nPresident Lula spoke.") == frozenset()


def test_a_name_does_not_run_on_across_a_line() -> None:
    found = specifics("He spoke to Joe Biden\nand then to Kamala Harris on Monday.")
    assert "joe biden" in found
    assert "kamala harris" in found
    assert not any("\n" in name for name in found)


def test_a_sentence_opening_after_quotes_and_brackets_is_no_name() -> None:
    found = specifics('"We are ready," said Ana López. (Yesterday it rained.) «Nadie vino.»')
    assert found == {"ana lópez"}


def test_names_and_numbers_inside_a_sentence_are_kept() -> None:
    found = specifics('Talks in "Los Angeles" drew 221,000 people, said the US State Department.')
    assert found == {"los angeles", "221,000", "us state department"}


_WORDS = st.sampled_from(["the", "talks", "went", "on", "but", "we", "left", "early", "it"])
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=8).map(
    lambda words: " ".join([words[0].capitalize(), *words[1:]]) + "."
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@given(st.lists(_PARAGRAPH, min_size=1, max_size=5), st.sampled_from(["\n", "\n\n", "\n \n"]))
def test_text_whose_capitals_only_open_sentences_has_no_specifics(
    paragraphs: list[str], breaks: str
) -> None:
    assert specifics(breaks.join(paragraphs)) == frozenset()


@given(st.lists(_PARAGRAPH, min_size=1, max_size=5))
def test_a_name_inside_any_sentence_is_found(paragraphs: list[str]) -> None:
    text = "\n\n".join(f"{p[:-1]} in Ciudad Juárez." for p in paragraphs)
    assert specifics(text) == {"ciudad juárez"}
