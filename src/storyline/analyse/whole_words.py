"""Where a name occurs as a whole word: what ``re.finditer(r"(?<![\\w-])" + re.escape(name) +
r"(?![\\w-])", text)`` finds, found with ``str.find``.

The entity repairs and the speaker index look for each of an article's names and surnames over
its text. A pattern per name was compiled per article (the names differ from one article to
the next, so the regex cache does not keep them): compiling cost more than searching, about
10 ms an article. ``str.find`` and a look at the characters either side give the same matches
(tests hold it to the regex).
"""

from __future__ import annotations

from collections.abc import Iterator


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
    size = len(name)
    start = text.find(name)
    while start >= 0:
        end = start + size
        if (start == 0 or not _joins(text[start - 1])) and (
            end == len(text) or not _joins(text[end])
        ):
            yield start, end
            start = text.find(name, end)
        else:
            start = text.find(name, start + 1)


def first_whole_word(text: str, name: str) -> tuple[int, int] | None:
    """The first of :func:`whole_word_spans`, or None."""
    return next(whole_word_spans(text, name), None)
