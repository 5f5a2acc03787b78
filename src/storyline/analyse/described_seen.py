"""Described sources a quote reader has noted as speakers ("the official", "aid workers"),
kept for walking back over them from the last noted.

A description a reader meets later may be the same source ("the spokesman" after "a
spokesman"), so each is compared with those noted before it, last noted first, back to a few
paragraphs before it. A walk over every one noted made a page's reading quadratic in its
descriptions (a live blog of 8,000 paragraphs, or a text without paragraphs that says "the
minister said" thousands of times): the walk here stops where every one before starts too
far back, and passes over a run of the same wording at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class DescribedSeen:
    #: (start, end, wording, plural) of each, in the order noted.
    entries: list[tuple[int, int, str, bool]] = field(default_factory=list)
    #: Each one's wording in lower case.
    lowered: list[str] = field(default_factory=list)
    #: The greatest start among the entries up to each one (the order noted is the text's
    #: order, nearly: a source after its verb is noted at the verb).
    reach: list[int] = field(default_factory=list)
    #: For each, the last one noted before it with another wording (-1: none).
    other_before: list[int] = field(default_factory=list)

    def add(self, start: int, end: int, wording: str, plural: bool) -> None:
        lowered = wording.lower()
        last = len(self.entries) - 1
        if last < 0:
            self.other_before.append(-1)
        elif self.lowered[last] != lowered:
            self.other_before.append(last)
        else:
            self.other_before.append(self.other_before[last])
        self.reach.append(max(start, self.reach[last]) if last >= 0 else start)
        self.entries.append((start, end, wording, plural))
        self.lowered.append(lowered)

    def back_to(self, floor: int, other_than: str = "") -> Iterator[tuple[int, int, str, bool]]:
        """The entries, last noted first, as far back as one may start at ``floor`` or after;
        with ``other_than`` (lower case), not those worded so."""
        i = len(self.entries) - 1
        while i >= 0:
            if self.reach[i] < floor:
                return  # every one before starts before the floor
            if other_than and self.lowered[i] == other_than:
                i = self.other_before[i]  # past the run of that wording
                continue
            yield self.entries[i]
            i -= 1
