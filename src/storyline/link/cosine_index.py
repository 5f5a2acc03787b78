"""One vector's products with every row of a large matrix, exact where they decide anything,
for a quarter of the memory traffic.

Linking a new article multiplies its gist with every linked article's (the closest ones date
it, the close ones may be what it rewrites, and their happenings are the ones it may report).
At 100,000 articles of 512 float32 numbers that product reads 200 MB: 8 ms a link, bound by
memory, not arithmetic. Here each row is also kept as 8-bit integers (a step per row), and
the query is a pass over those (51 MB, one onnxruntime ``MatMulInteger``) that gives every
product to within a bound computed from what rounding lost. Only the rows whose bound leaves
them a chance are multiplied again in float32; every answer is those exact products, so it is
the answer a float32 product over every row gives (up to the last bit of float rounding,
which the bound allows for).

Answers name rows by position and order ties by row, so they do not depend on which way was
taken. Below ``EXACT_BELOW`` rows the float32 product over every row is taken: it is cheap
there, and small stores (every test's) take the plain way.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

from storyline import onnx_proto
from storyline.link.embeddings import DIMENSIONS, Vectors
from storyline.link.growing import GrowingRows

#: Rows below which the float32 product over every row is taken (about 0.6 ms at 16,384).
EXACT_BELOW = 16_384
#: Rows per block of the integer copy: a block is one product call; the last block's unused
#: columns are zeros, so at most one block's work is wasted.
BLOCK = 16_384
#: A row's integers: -127..127.
_ROW_LEVELS = 127
#: The query's integers: 7 bits (-63..63), stored around 64 as unsigned bytes, so that two
#: neighbouring products (at most 2 * 127 * 127) fit the 16-bit sums of processors without
#: VNNI, whose ``vpmaddubsw`` saturates beyond 32,767.
_QUERY_LEVELS = 63
_ZERO_POINT = _QUERY_LEVELS + 1
#: Float32 rounding in the exact products (relative to |row| |query|, far above the D * 2^-24
#: that a sum of 512 products can lose), allowed for in every bound.
_ROUNDING = 1e-4

#: Rows multiplied again in float32 in one product.
_SLICE = 512

Rows = np.ndarray  # int64 row positions


@functools.lru_cache(maxsize=1)
def _session() -> Any:
    """``MatMulInteger`` of the query's integers (one row, unsigned) with one block of row
    columns. Without zero points: onnxruntime then takes its one-row path (six times faster
    at 16,384 columns than with them); the zero point is taken off afterwards."""
    graph = onnx_proto.Graph()
    graph.op("MatMulInteger", "query", "block", output="products")
    model = onnx_proto.model(
        "cosine_index",
        graph.nodes,
        graph.initializers,
        [
            onnx_proto.value_info("query", onnx_proto.UINT8, [1, DIMENSIONS]),
            onnx_proto.value_info("block", onnx_proto.INT8, [DIMENSIONS, BLOCK]),
        ],
        [onnx_proto.value_info("products", onnx_proto.INT32, [1, BLOCK])],
    )
    # One thread: the pass is bound by memory, and a second thread did not shorten it.
    return onnx_proto.one_thread_session(model)


def _quantized_rows(rows: Vectors) -> tuple[np.ndarray, Vectors, np.ndarray, float, float]:
    """Each row as integers; its step; the sum of its integers times the query's zero point
    (taken off each product); and, over these rows, the longest of what the integers give
    back and of what rounding lost (they bound every product's error; float32's rounding
    here is a millionth of them, within the bound's allowance for rounding)."""
    steps = np.abs(rows).max(axis=1) / np.float32(_ROW_LEVELS)
    steps[steps == 0] = 1.0
    scaled = np.rint(rows / steps[:, None])
    integers = scaled.astype(np.int8)
    scaled *= steps[:, None]  # what the integers give back
    lost = rows - scaled
    return (
        integers,
        steps,
        _ZERO_POINT * integers.sum(axis=1, dtype=np.int32),
        float(np.sqrt(np.einsum("ij,ij->i", scaled, scaled).max(initial=0.0))),
        float(np.sqrt(np.einsum("ij,ij->i", lost, lost).max(initial=0.0))),
    )


class CosineIndex:
    """Row vectors that grow (``rows``: their float32 matrix), with an 8-bit copy that finds,
    for a query, the rows whose products can matter (:meth:`products`)."""

    def __init__(self, rows: Sequence[Vectors] | Vectors, exact_below: int | None = None) -> None:
        self.rows = GrowingRows(rows)
        self.exact_below = EXACT_BELOW if exact_below is None else exact_below
        self._blocks: list[np.ndarray] = []
        self._steps = np.zeros(0, dtype=np.float32)
        self._offsets = np.zeros(0, dtype=np.int32)
        #: The longest row the integers give back and the most rounding lost from a row, of
        #: every row copied (a row changed keeps its old share: still a bound).
        self._length = 0.0
        self._loss = 0.0
        self._copied = 0  # rows in the integer copy
        if len(rows) >= self.exact_below:
            self._copy_rows()
            # The session made, and run once, with the rest of the loading rather than in
            # the first lookup (tens of milliseconds the first new article would wait).
            self._rough(np.ones(DIMENSIONS, dtype=np.float32))

    @property
    def size(self) -> int:
        return self.rows.size

    def append(self, vector: Vectors) -> int:
        """Add a row; its position."""
        return self.rows.append(vector)  # copied as integers when next asked

    def set(self, row: int, vector: Vectors) -> None:
        """Change a row (its integer copy too, if it has one)."""
        self.rows.data[row] = vector
        if row < self._copied:
            self._quantize(row, row + 1)

    def products(self, vector: Vectors) -> Products:
        """The rows' products with ``vector``, to be asked for the rows that matter."""
        if self.size < self.exact_below:
            return Products(self, vector, None)
        self._copy_rows()
        return Products(self, vector, self._rough(vector))

    # -- the integer copy ---------------------------------------------------------------

    def _copy_rows(self) -> None:
        """Bring the integer copy up to every row."""
        start, stop = self._copied, self.size
        if start == stop:
            return
        while len(self._blocks) * BLOCK < stop:
            self._blocks.append(np.zeros((DIMENSIONS, BLOCK), dtype=np.int8))
        if len(self._steps) < stop:  # doubled, as the rows are
            extra = max(stop, 2 * len(self._steps)) - len(self._steps)
            self._steps = np.concatenate([self._steps, np.zeros(extra, dtype=np.float32)])
            self._offsets = np.concatenate([self._offsets, np.zeros(extra, dtype=np.int32)])
        self._quantize(start, stop)
        self._copied = stop

    def _quantize(self, start: int, stop: int) -> None:
        """Write rows ``start`` to ``stop`` into the integer copy (which has room for them)."""
        first = start
        while first < stop:  # block by block
            last = min(stop, (first // BLOCK + 1) * BLOCK)
            integers, steps, offsets, length, loss = _quantized_rows(self.rows.data[first:last])
            column = first % BLOCK
            self._blocks[first // BLOCK][:, column : column + last - first] = integers.T
            self._steps[first:last] = steps
            self._offsets[first:last] = offsets
            self._length = max(self._length, length)
            self._loss = max(self._loss, loss)
            first = last

    def _rough(self, vector: Vectors) -> tuple[Vectors, float]:
        """Every row's product with ``vector`` from the integer copy, and how far any of them
        can be from the float32 product."""
        query = vector.astype(np.float64)
        size = self.size
        top = float(np.abs(query).max())
        if top == 0.0:
            return np.zeros(size, dtype=np.float32), 1e-6
        step = top / _QUERY_LEVELS
        integers = np.rint(query / step)
        given = integers * step
        lost = float(np.linalg.norm(query - given))
        unsigned = (integers + _ZERO_POINT).astype(np.uint8)[None, :]
        session = _session()
        rough = np.empty(size, dtype=np.float32)
        for first in range(0, size, BLOCK):
            last = min(size, first + BLOCK)
            (out,) = session.run(None, {"query": unsigned, "block": self._blocks[first // BLOCK]})
            products = out[0, : last - first] - self._offsets[first:last]  # exact integers
            np.multiply(products, self._steps[first:last], out=rough[first:last])
        rough *= step
        # x.v - (s q).w = (s q).(v - w) + e.w + e.(v - w), each bounded by its lengths; then
        # float32's rounding (of the rough products and of the exact ones).
        length, loss = self._length, self._loss
        bound = length * lost + loss * (float(np.linalg.norm(given)) + lost)
        return rough, bound + _ROUNDING * (length + loss) * float(np.linalg.norm(query)) + 1e-6


class Products:
    """One query's products with an index's rows: asked for the best rows or those at or
    above a value, it gives their exact (float32) products. Rows come in order of product,
    ties by row (:meth:`top`), or by row (:meth:`at_least`)."""

    def __init__(
        self, index: CosineIndex, vector: Vectors, rough: tuple[Vectors, float] | None
    ) -> None:
        self._index = index
        self._size = index.size  # rows added later are not in these products
        self._vector = vector
        self._rough = rough
        self._all: Vectors | None = None
        if rough is None:
            self._all = index.rows.view @ vector

    def top(self, k: int, among: np.ndarray | None = None) -> tuple[Rows, Vectors]:
        """The ``k`` rows of the largest products (all rows if fewer), largest first; only
        rows where the boolean mask ``among`` is true, if given (rows past its end are not)."""
        size = self._size
        if k <= 0 or size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        candidates = None if among is None else np.flatnonzero(among[:size])
        count = size if candidates is None else len(candidates)
        if self._rough is None or k >= count:
            rows = np.arange(size, dtype=np.int64) if candidates is None else candidates
        else:
            rough, bound = self._rough
            if candidates is not None:
                rough = rough[candidates]
            # The k-th largest lower bound: k rows reach it for sure, so a row whose upper
            # bound falls short of it cannot be among the k.
            floor = float(np.partition(rough, count - k)[count - k]) - bound
            rows = np.flatnonzero(rough >= floor - bound)
            if candidates is not None:
                rows = candidates[rows]
        return _largest(rows, self._exact(rows), k)

    def at_least(self, value: float) -> tuple[Rows, Vectors]:
        """The rows whose product is ``value`` or more, in row order."""
        if self._rough is None:
            rows = np.arange(self._size, dtype=np.int64)
        else:
            rough, bound = self._rough
            rows = np.flatnonzero(rough >= value - bound)
        found = self._exact(rows)
        keep = found >= value
        return rows[keep], found[keep]

    def _exact(self, rows: Rows) -> Vectors:
        if self._all is not None:
            found: Vectors = self._all[rows]
            return found
        # In slices: a product of a thousand rows or more goes to the BLAS library's threads,
        # whose waking up cost 5-10 ms a call on a busy machine (0.4 ms for 900 rows in one).
        data = self._index.rows.data
        return np.concatenate(
            [
                data[rows[start : start + _SLICE]] @ self._vector
                for start in range(0, len(rows), _SLICE)
            ]
            or [np.zeros(0, dtype=np.float32)]
        )


def _largest(rows: Rows, values: Vectors, k: int) -> tuple[Rows, Vectors]:
    """The ``k`` of ``rows`` with the largest ``values``, largest first, ties by row."""
    if len(rows) > k:
        kth = np.partition(values, len(values) - k)[len(values) - k]
        keep = values >= kth
        rows, values = rows[keep], values[keep]
    order = np.lexsort((rows, -values))[:k]
    return rows[order], values[order]
