"""Where a name occurs as a whole word: what ``re.finditer(r"(?<![\\w-])" + re.escape(name) +
r"(?![\\w-])", text)`` finds, found with ``str.find``.

The entity repairs and the speaker index look for each of an article's names and surnames over
its text. A pattern per name was compiled per article (the names differ from one article to
the next, so the regex cache does not keep them): compiling cost more than searching, about
10 ms an article. ``str.find`` and a look at the characters either side give the same matches
(tests hold it to the regex).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


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
    candidates.sort()
    matched: list[tuple[int, int, str]] = []
    position = start
    for at, negative_size, name in candidates:
        if at >= position:
            position = at - negative_size
            matched.append((at, position, name))
    return matched
