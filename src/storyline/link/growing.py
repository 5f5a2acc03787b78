"""Arrays that grow by doubling: the linker's in-memory matrices gain a row per linked
article, and copying them whole for each would make linking quadratic."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline.link.embeddings import DIMENSIONS, Vectors


def with_room(data: np.ndarray, size: int) -> np.ndarray:
    """``data`` with room for one more row after its first ``size``: doubled when full, so
    adding a row is amortised O(1)."""
    if size < len(data):
        return data
    return np.concatenate([data, np.zeros_like(data)])


def stacked(blobs: Sequence[bytes | None]) -> Vectors:
    """Stored vectors (``link_state.to_bytes``) as one matrix, read in one go: 100,000 rows
    made one array each and then stacked took a second of an incremental link's loading."""
    joined = np.frombuffer(b"".join(blob or b"" for blob in blobs), dtype=np.float32)
    if joined.size != len(blobs) * DIMENSIONS:
        raise ValueError(f"stored vectors are not {len(blobs)} vectors of {DIMENSIONS}")
    return joined.reshape(len(blobs), DIMENSIONS)


class GrowingRows:
    """A matrix of row vectors that grows by doubling (adding a row is amortised O(1))."""

    def __init__(self, rows: Sequence[Vectors] | Vectors) -> None:
        """``rows``: vectors, or a matrix of them (one copy, not one per row)."""
        self.size = len(rows)
        self.data = np.zeros((max(16, 2 * self.size), DIMENSIONS), dtype=np.float32)
        if self.size:
            self.data[: self.size] = rows if isinstance(rows, np.ndarray) else np.vstack(rows)

    @property
    def view(self) -> Vectors:
        return self.data[: self.size]

    def append(self, vector: Vectors) -> int:
        self.data = with_room(self.data, self.size)
        self.data[self.size] = vector
        self.size += 1
        return self.size - 1
