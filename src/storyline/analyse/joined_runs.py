"""Stretches of a text given to a model as one text, and the way back to the text's offsets.

A spaCy model's cost is mostly per document, not per token, so the stretches an analysis reads
(sentences whose names are read, sentences to parse) go to it joined into one text, a blank
line between them; what it finds is then placed back in the original text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

SEPARATOR = "\n\n"


@dataclass(frozen=True)
class JoinedRuns:
    text: str
    runs: tuple[tuple[int, int], ...]
    #: Where each run starts in ``text``.
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str, runs: Sequence[tuple[int, int]]) -> JoinedRuns:
        starts: list[int] = []
        position = 0
        for start, end in runs:
            starts.append(position)
            position += end - start + len(SEPARATOR)
        joined = SEPARATOR.join(text[start:end] for start, end in runs)
        return cls(joined, tuple(runs), tuple(starts))

    def locate(self, offset: int) -> tuple[int, tuple[int, int]]:
        """The original offset of an offset in the joined text, and the run it falls in."""
        run = bisect.bisect_right(self.starts, offset) - 1
        return self.runs[run][0] + offset - self.starts[run], self.runs[run]
