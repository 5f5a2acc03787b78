"""Which characters of a text some spans cover, for asking whether a span overlaps any of them.

Names are taken one by one, each only if it overlaps none taken before; asking that of every
taken span per occurrence is quadratic in the names of a page (seconds on a live blog naming
hundreds of people), asking it of the covered characters is one scan of the asked span.
"""

from __future__ import annotations


class Covered:
    """The characters of a text that spans cover: a non-empty span ``[s, e)`` overlaps a span
    ``[ts, te)`` (``s < te and ts < e``) exactly when they share a character."""

    def __init__(self, length: int) -> None:
        self._marks = bytearray(length + 1)

    def add(self, start: int, end: int) -> None:
        if end > start:
            self._marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._marks.find(1, start, end) >= 0
