"""Sentence vectors kept in the store between builds.

Linking reads the vectors of every article's gist and dated sentences, and every build that
adds articles links the whole store again: without this, each build would embed again every
sentence earlier builds embedded (most of what adding one article to a large store cost). A
vector is named by a hash of the model and the text, so a changed text or another model never
reads a stale one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from storyline.link.embeddings import DIMENSIONS, MODEL_NAME, Vectors
from storyline.store.base import Store


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{MODEL_NAME}\x00{text}".encode()).hexdigest()[:32]


class StoreVectorCache:
    """The :class:`storyline.link.corpus.VectorCache` of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, texts: Sequence[str]) -> dict[str, Vectors]:
        hashes = {text_hash(t): t for t in texts}
        kept = self.store.text_vectors(list(hashes))
        found: dict[str, Vectors] = {}
        for h, blob in kept.items():
            vector = np.frombuffer(blob, dtype=np.float32)
            if vector.shape == (DIMENSIONS,):  # anything else was written by another model
                found[hashes[h]] = vector
        return found

    def put(self, vectors: dict[str, Vectors]) -> None:
        rows = [
            (text_hash(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in vectors.items()
        ]
        if rows:
            with self.store.transaction():
                self.store.put_text_vectors(rows)
