"""NER reads long texts in pieces: the pieces cover the text exactly, none is over the limit,
and names far into a long page are found at their right offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyse.entities import NER_PIECE_CHARS, _pieces, find_mentions
from storyline.analyse.sentences import split_sentences


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab .\n"), max_size=3000),
    st.integers(min_value=1, max_value=400),
)
def test_pieces_cover_the_text_in_order_within_the_limit(text: str, limit: int) -> None:
    pieces = _pieces(text, limit)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= limit for _, piece in pieces)
    offset = 0
    for start, piece in pieces:
        assert start == offset and text[start : start + len(piece)] == piece
        offset += len(piece)


def test_names_deep_in_a_long_page_are_found_at_their_offsets() -> None:
    paragraph = (
        "Officials in Mexico City said on Tuesday that talks would go on. "
        "Joe Biden met Andrés Manuel López Obrador to discuss migration.\n"
    )
    text = paragraph * (3 * NER_PIECE_CHARS // len(paragraph))
    assert len(_pieces(text, NER_PIECE_CHARS)) >= 3
    mentions = find_mentions("a", text, split_sentences("a", text))
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    last_piece_start = _pieces(text, NER_PIECE_CHARS)[-1][0]
    tail = [m for m in mentions if m.start >= last_piece_start]
    assert {"Joe Biden", "Andrés Manuel López Obrador"} <= {
        m.text for m in tail if m.type == "PERSON"
    }
