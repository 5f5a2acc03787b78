"""Spans in order of their starts, for asking which of them contain a stretch of text.

A span contains ``[start, end)`` when it starts at ``start`` or before and ends at ``end`` or
after. Asking that of every span for each stretch is quadratic in a long page's names (a
person's roles, the names inside a role: seconds on a live blog); the spans that start by
``start`` are a prefix of them, found by halving, and the furthest end among each prefix says
at once whether any of them reaches ``end``, and where a walk back over them may stop.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Containing(Generic[T]):
    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        """``spans``: (start, end, what it is), in any order."""
        self.spans = sorted(spans, key=lambda span: span[0])
        self.starts = [start for start, _end, _what in self.spans]
        #: The furthest end among the spans up to each one.
        self.reach = list(itertools.accumulate((end for _s, end, _w in self.spans), max))

    def any(self, start: int, end: int) -> bool:
        """Whether a span contains ``[start, end)``."""
        k = bisect.bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end

    def all(self, start: int, end: int) -> Iterator[T]:
        """What each span that contains ``[start, end)`` is, the last starting first."""
        for i in range(bisect.bisect_right(self.starts, start) - 1, -1, -1):
            if self.reach[i] < end:
                return  # none before reaches ``end``
            if self.spans[i][1] >= end:
                yield self.spans[i][2]
