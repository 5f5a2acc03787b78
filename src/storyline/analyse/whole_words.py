"""Where a name occurs as a whole word: what ``re.finditer(r"(?<![\\w-])" + re.escape(name) +
r"(?![\\w-])", text)`` finds, found with ``str.find``.

The entity repairs and the speaker index look for each of an article's names and surnames over
its text. A pattern per name was compiled per article (the names differ from one article to
the next, so the regex cache does not keep them): compiling cost more than searching, about
10 ms an article. ``str.find`` and a look at the characters either side give the same matches
(tests hold it to the regex).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence


def _joins(char: str) -> bool:
    """A character that would make the name part of a longer word: what ``[\\w-]`` matches
    (``\\w`` is ``str.isalnum()`` and the underscore for ``str`` patterns)."""
    return char.isalnum() or char in "_-"


def whole_word_spans(text: str, name: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of ``name`` in ``text`` not joined to a word character or
    a hyphen on either side, left to right, none overlapping (a match is skipped past, as
    ``finditer`` does)."""
    if not name:
        raise ValueError("an empty name matches everywhere")
    position = 0
    for start in _occurrences(text, name, 0, len(text)):
        if start >= position:
            position = start + len(name)
            yield start, position


def first_whole_word(text: str, name: str) -> tuple[int, int] | None:
    """The first of :func:`whole_word_spans`, or None."""
    return next(whole_word_spans(text, name), None)


def after_spaces(text: str) -> Iterator[str]:
    """What follows each space of ``text``, the longest first: the names ``text`` ends with
    after a space ("Ana Lee", then "Lee", of "Minister Ana Lee")."""
    space = text.find(" ")
    while space >= 0:
        yield text[space + 1 :]
        space = text.find(" ", space + 1)


def _occurrences(text: str, name: str, start: int, end: int) -> Iterator[int]:
    """Where ``name`` starts inside ``text[start:end]`` (overlapping occurrences too) with no
    word character or hyphen either side; ``end`` counts as the end of the text, as a regex
    search's ``endpos`` does, while the character before ``start`` is looked at."""
    size = len(name)
    found = text.find(name, start, end)
    while found >= 0:
        after = found + size
        if (found == 0 or not _joins(text[found - 1])) and (
            after == end or not _joins(text[after])
        ):
            yield found
        found = text.find(name, found + 1, end)


def longest_names_between(
    text: str, names: Iterable[str], start: int, end: int
) -> list[tuple[int, int, str]]:
    """(start, end, name) of the whole-word occurrences of ``names`` in ``text[start:end]``,
    left to right, the longest name where several start at one place, none overlapping: what
    ``re.compile(r"(?<![\\w-])(?:" + "|".join(map(re.escape, sorted(names, key=len,
    reverse=True))) + r")(?![\\w-])").finditer(text, start, end)`` finds.

    Entity matching ran that regex on each article's own names; compiling it cost far more
    than the search (a pattern of some forty names, new for every article). ``str.find`` over
    each name, then the leftmost and longest of the candidates, gives the same matches (tests
    hold it to the regex)."""
    end = min(end, len(text))  # as a regex search takes an ``endpos`` past the end
    candidates: list[tuple[int, int, str]] = []
    for name in set(names):
        if not name:
            raise ValueError("an empty name matches everywhere")
        candidates.extend((at, -len(name), name) for at in _occurrences(text, name, start, end))
    return _leftmost_longest(candidates, start)


def longest_names_in_ranges(
    text: str, names: Iterable[str], ranges: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """:func:`longest_names_between` over each of ``ranges`` in turn, one list.

    Entity matching asks it of the gaps between the runs the model tagged: a hundred gaps
    times forty names was four thousand searches an article. With the ranges in order and
    apart, each name is searched for once over the whole text and each occurrence given to
    the range it lies in."""
    names = set(names)
    bounds = [(start, min(end, len(text))) for start, end in ranges]
    # Ranges out of order go one by one: the lookup below needs the starts sorted, and a
    # reversed (empty) range can end before the next starts though it starts after it.
    if any(end > after or start > after for (start, end), (after, _) in itertools.pairwise(bounds)):
        return [m for start, end in bounds for m in longest_names_between(text, names, start, end)]
    starts = [start for start, _ in bounds]
    candidates: list[list[tuple[int, int, str]]] = [[] for _ in bounds]
    for name in names:
        if not name:
            raise ValueError("an empty name matches everywhere")
        size = len(name)
        found = text.find(name)
        while found >= 0:
            k = bisect.bisect_right(starts, found) - 1
            after = found + size
            if (
                k >= 0
                and after <= bounds[k][1]
                and (found == 0 or not _joins(text[found - 1]))
                and (after == bounds[k][1] or not _joins(text[after]))
            ):
                candidates[k].append((found, -size, name))
            found = text.find(name, found + 1)
    return [
        m
        for (start, _), found_in in zip(bounds, candidates, strict=True)
        for m in _leftmost_longest(found_in, start)
    ]


def _leftmost_longest(
    candidates: list[tuple[int, int, str]], start: int
) -> list[tuple[int, int, str]]:
    """Of (start, -size, name) candidates, left to right from ``start``, the longest where
    several start at one place, none overlapping (what a regex alternation of the names,
    longest first, finds)."""
    candidates.sort()
    matched: list[tuple[int, int, str]] = []
    position = start
    for at, negative_size, name in candidates:
        if at >= position:
            position = at - negative_size
            matched.append((at, position, name))
    return matched
