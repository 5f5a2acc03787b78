"""Hypothesis strategies shared by the tests that hold a fast pattern to a plain one."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import strategies as st


def joined_words(
    words: Sequence[str],
    separators: Sequence[str],
    cases: Sequence[Callable[[str], str]] = (str,),
    max_words: int = 30,
    cuts: Sequence[slice] = (slice(None),),
) -> st.SearchStrategy[str]:
    """Texts of 1..``max_words`` of ``words``, each cut by one of ``cuts`` (a word's start or
    end alone), put in one of ``cases`` and followed by one of ``separators``: the words a
    pattern is about, in the places and shapes where a faster pattern could go wrong."""

    @st.composite
    def texts(draw: st.DrawFn) -> str:
        parts = []
        for word in draw(st.lists(st.sampled_from(words), min_size=1, max_size=max_words)):
            cut = draw(st.sampled_from(cuts))
            case = draw(st.sampled_from(cases))
            parts.append(case(word[cut]) + draw(st.sampled_from(separators)))
        return "".join(parts)

    return texts()
