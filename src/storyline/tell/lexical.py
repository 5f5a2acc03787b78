"""The words a day's candidate sentences share, as a second measure of what the day is about.

Sentence embeddings judge meaning and blur names, places and specific terms: "Spain confirms a
case" and "a European country confirms a case" sit close. Of the candidates for a day, the
most telling sentence also uses the words many of them use and the rest of the story does not
(TF-IDF, as DATEWISE's centroid summariser does; Gholipour Ghalandari & Ifrim 2020). Words are
runs of three or more letters in any script, lower-cased; no stop-word list (the story's own
document frequencies weigh "the" and "said" down), so it works the same in every language.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

_WORD = re.compile(r"[^\W\d_]{3,}")

Bag = dict[str, float]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def inverse_frequencies(texts: Iterable[str]) -> dict[str, float]:
    """Word → smoothed inverse document frequency over ``texts`` (each text a document)."""
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        counts.update(set(words(text)))
        total += 1
    return {w: math.log((1 + total) / (1 + c)) + 1.0 for w, c in counts.items()}


def bag(text: str, idf: dict[str, float]) -> Bag:
    """The text's TF-IDF weights, of unit length; words ``idf`` does not know weigh nothing
    (the candidates are the story's own sentences, so it knows all of theirs)."""
    weights = {w: n * idf.get(w, 0.0) for w, n in Counter(words(text)).items()}
    return _unit({w: x for w, x in weights.items() if x})


def closeness_to_centroid(bags: Sequence[Bag], groups: Sequence[bool]) -> np.ndarray:
    """Each bag's cosine with the centroid of all, where the two groups (a day's reports and
    its leads) weigh alike however many each has."""
    parts = []
    for flag in (True, False):
        total: Counter[str] = Counter()
        for weights, group in zip(bags, groups, strict=True):
            if group == flag:
                total.update(weights)
        if total:
            parts.append(_unit(dict(total)))
    centroid: Counter[str] = Counter()
    for part in parts:
        centroid.update(part)
    unit = _unit(dict(centroid))
    return np.array(
        [sum(x * unit.get(w, 0.0) for w, x in weights.items()) for weights in bags],
        dtype=np.float32,
    )


def _unit(weights: dict[str, float]) -> Bag:
    norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
    return {w: x / norm for w, x in weights.items()}
