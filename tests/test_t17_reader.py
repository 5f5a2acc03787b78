"""Reading Timeline17's tokenised text: the corpus's own conversion slips are undone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.evals.t17 import _rejoin_bracket_splits, detokenize


def test_a_reuters_code_split_at_its_full_stop_is_one_sentence_again() -> None:
    raw = (
        "NEW ORLEANS -LRB- Reuters -RRB- - The U.S. has opened an inquiry into BP Plc 's "
        "-LRB- BP . \nL -RRB- massive oil spill in the Gulf , the attorney general said . \n"
        "Shares fell . "
    )
    assert detokenize(raw).split("\n") == [
        "NEW ORLEANS (Reuters) - The U.S. has opened an inquiry into BP Plc's (BP.L) massive "
        "oil spill in the Gulf, the attorney general said. ",
        "Shares fell. ",
    ]


def test_a_sentence_split_inside_brackets_is_joined_with_a_space() -> None:
    raw = "just another attempt -LRB- eg . \nGov. Palin -RRB- to steal the limelight . "
    assert detokenize(raw) == "just another attempt (eg. Gov. Palin) to steal the limelight. "


def test_lines_whose_brackets_are_closed_stay_apart() -> None:
    raw = "Transocean -LRB- RIG . N -RRB- said . \nL -RRB- is not closing anything here . "
    assert detokenize(raw).count("\n") == 1


def test_bullets_spelt_cents_start_items_and_prices_keep_their_cents() -> None:
    raw = (
        "cents Hayward tells investors he wo n't resign from BP cents New blow to hopes . \n"
        "Shares rose 5 cents Thursday . "
    )
    assert detokenize(raw).split("\n") == [
        "Hayward tells investors he won't resign from BP ",
        "New blow to hopes. ",
        "Shares rose 5 cents Thursday. ",
    ]


_TOKENS = st.sampled_from(["-LRB-", "-RRB-", "BP", ".", "L", "oil", "Gov.", " ", "\n", "  "])


@given(st.lists(_TOKENS, max_size=40))
def test_rejoining_only_removes_line_breaks_and_spaces(tokens: list[str]) -> None:
    raw = " ".join(tokens)
    joined = _rejoin_bracket_splits(raw)
    assert "".join(joined.split()) == "".join(raw.split())
    assert joined.count("\n") <= raw.count("\n")
