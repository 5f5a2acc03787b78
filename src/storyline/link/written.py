"""What a build wrote of each article, kept as it was written, for the corpus stages.

The corpus stages read every article's analysis: read back from the store, that is a JSON
decoding of every extraction (2.5 s of Timeline17's build, on one core while the other idles).
The build wrote them a moment before from these very objects, so it hands them over instead;
only articles it did not write this time are read from the store. What the store gives back
equals what was written (``to_dict``/``from_dict`` round-trip; tests hold the two corpora to
each other), so the corpus is the same either way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.models import Article, Sentence


@dataclass(frozen=True)
class WrittenArticle:
    """An article with its sentences and extractions by kind, as a build wrote them."""

    article: Article
    sentences: Sequence[Sentence]
    extractions: Mapping[str, Sequence[Any]]


@dataclass
class WrittenArticles:
    """The articles a build wrote, by id: the last writing of an id wins, as in the store.
    Which articles the store holds is asked of the store (one written and then removed, as a
    source's old version is, is not taken)."""

    by_id: dict[str, WrittenArticle] = field(default_factory=dict)

    def note(
        self,
        article: Article,
        sentences: Sequence[Sentence],
        extractions: Mapping[str, Sequence[Any]],
    ) -> None:
        self.by_id[article.id] = WrittenArticle(article, sentences, extractions)

    def __len__(self) -> int:
        return len(self.by_id)
