"""The cosine index answers as a float32 product over every row does: the best rows and the
rows at or above a value, whichever way it takes (every row in float32, or the 8-bit pass and
the rows it leaves a chance)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.link.cosine_index import BLOCK, CosineIndex
from storyline.link.embeddings import DIMENSIONS


def _rows(seed: int, count: int, groups: int, spread: float, copies: int) -> np.ndarray:
    """``count`` unit rows around ``groups`` centres (news on a few topics), the first
    ``copies`` of them repeated exactly (duplicates tie)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((groups, DIMENSIONS))
    rows = centres[rng.integers(0, groups, count)] + spread * rng.standard_normal(
        (count, DIMENSIONS)
    )
    rows[count - copies :] = rows[:copies]
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32)


#: Indexes of ``_rows``: how many rows around how many topics, how spread, how many copied.
_INDEXES = {
    "seed": st.integers(0, 2**32 - 1),
    "count": st.integers(1, 600),
    "groups": st.integers(1, 8),
    "spread": st.sampled_from([0.0, 0.05, 0.3, 2.0]),
    "copies": st.integers(0, 20),
}


def _expected_top(products: np.ndarray, k: int) -> np.ndarray:
    return np.lexsort((np.arange(len(products)), -products))[:k]


@settings(max_examples=40, deadline=None)
@given(**_INDEXES, k=st.integers(1, 120), value=st.floats(-1.0, 1.0))
def test_the_eight_bit_pass_gives_what_every_row_in_float32_gives(
    seed: int, count: int, groups: int, spread: float, copies: int, k: int, value: float
) -> None:
    rows = _rows(seed, count, groups, spread, min(copies, count // 2))
    query = rows[seed % count] if seed % 3 else _rows(seed + 1, 1, 1, 1.0, 0)[0]
    fast = CosineIndex(list(rows), exact_below=0).products(query)
    plain = CosineIndex(list(rows), exact_below=count + 1).products(query)
    full = rows @ query

    fast_rows, fast_values = fast.top(k)
    plain_rows, plain_values = plain.top(k)
    np.testing.assert_array_equal(plain_rows, _expected_top(full, k))
    # The same rows, in the same order, except where two products differ only in the last
    # bit of float rounding (a gathered product may round apart from the whole one).
    assert len(fast_rows) == len(plain_rows) == min(k, count)
    np.testing.assert_allclose(fast_values, plain_values, rtol=0, atol=1e-6)
    assert set(fast_rows[fast_values > plain_values[-1] + 1e-6]) <= set(plain_rows)

    at_or_above, values = fast.at_least(value)
    expected = np.flatnonzero(full >= value)
    near = np.flatnonzero(np.abs(full - value) <= 1e-6)  # the boundary, up to rounding
    assert set(at_or_above) ^ set(expected) <= set(near)
    np.testing.assert_allclose(values, full[at_or_above], rtol=0, atol=1e-6)
    assert (np.diff(at_or_above) > 0).all()


@settings(max_examples=40, deadline=None)
@given(**_INDEXES, k=st.integers(1, 120), share=st.sampled_from([0.0, 0.1, 0.5, 1.0]))
def test_the_best_rows_among_some_are_those_every_row_in_float32_gives_there(
    seed: int, count: int, groups: int, spread: float, copies: int, k: int, share: float
) -> None:
    """``top(k, among=mask)``: the best rows where the mask is true, either way it is taken;
    a mask shorter than the index leaves the rows past its end out."""
    rows = _rows(seed, count, groups, spread, min(copies, count // 2))
    query = rows[seed % count] if seed % 3 else _rows(seed + 1, 1, 1, 1.0, 0)[0]
    rng = np.random.default_rng(seed)
    among = rng.random(count) < share
    if count > 1 and seed % 2:
        among = among[: count - 1]  # (the last row is left out)
    allowed = np.flatnonzero(among)
    full = rows @ query
    expected = allowed[_expected_top(full[allowed], k)]
    plain_rows, _ = CosineIndex(list(rows), exact_below=count + 1).products(query).top(k, among)
    np.testing.assert_array_equal(plain_rows, expected)
    fast_rows, fast_values = CosineIndex(list(rows), exact_below=0).products(query).top(k, among)
    assert len(fast_rows) == len(expected) and set(fast_rows) <= set(allowed)
    np.testing.assert_allclose(fast_values, full[expected], rtol=0, atol=1e-6)


def test_rows_added_after_the_first_pass_are_found_across_blocks() -> None:
    # Past one block, rows appended after the integer copy was made, duplicates tying with
    # the first rows: found, ties by row.
    rows = _rows(7, BLOCK + 40, 5, 0.3, 0)
    index = CosineIndex(list(rows[: BLOCK - 10]), exact_below=0)
    query = rows[3]
    index.products(query)  # makes the integer copy
    for row in rows[BLOCK - 10 :]:
        index.append(row)
    index.append(rows[3])  # an exact copy of row 3, the last row
    found, values = index.products(query).top(3)
    assert list(found[:2]) == [3, BLOCK + 40]
    assert values[0] == pytest.approx(1.0, abs=1e-6)
    full = np.vstack([rows, rows[3:4]]) @ query
    assert found[2] == _expected_top(full, 3)[2]


def test_a_zero_query_and_an_empty_index() -> None:
    empty = CosineIndex([], exact_below=0)
    assert [len(part) for part in empty.products(np.ones(DIMENSIONS, np.float32)).top(5)] == [0, 0]
    rows = _rows(1, 50, 2, 0.1, 0)
    zero = CosineIndex(list(rows), exact_below=0).products(np.zeros(DIMENSIONS, np.float32))
    assert list(zero.top(3)[0]) == [0, 1, 2]  # every product is 0: ties by row
    assert len(zero.at_least(0.0)[0]) == 50
    assert len(zero.at_least(0.01)[0]) == 0


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), changes=st.lists(st.integers(0, 299), max_size=12))
def test_changed_rows_are_answered_as_they_are_now(seed: int, changes: list[int]) -> None:
    # A story's vector changes as it grows (and is zero once joined into another).
    rows = _rows(seed, 300, 4, 0.3, 0)
    index = CosineIndex(list(rows), exact_below=0)
    query = rows[seed % 300]
    index.products(query)
    rng = np.random.default_rng(seed)
    for i, row in enumerate(changes):
        rows[row] = 0.0 if i % 3 == 2 else _rows(seed + i + 1, 1, 1, 1.0, 0)[0]
        index.set(row, rows[row])
    _, values = index.products(query).top(20)
    np.testing.assert_allclose(values, np.sort(rows @ query)[::-1][:20], rtol=0, atol=1e-6)
    value = float(rng.uniform(-0.2, 0.9))
    at_or_above, _ = index.products(query).at_least(value)
    near = set(np.flatnonzero(np.abs(rows @ query - value) <= 1e-6))
    assert set(at_or_above) ^ set(np.flatnonzero(rows @ query >= value)) <= near


def test_stored_vectors_are_stacked_in_one_go_and_a_short_one_is_an_error() -> None:
    from storyline.link.growing import GrowingRows, stacked
    from storyline.link.link_state import from_bytes, to_bytes

    rows = _rows(3, 5, 2, 0.3, 0)
    blobs = [to_bytes(row) for row in rows]
    matrix = stacked(blobs)
    np.testing.assert_array_equal(matrix, np.vstack([from_bytes(b) for b in blobs]))
    grown = GrowingRows(matrix)
    assert grown.size == 5
    np.testing.assert_array_equal(grown.view, rows)
    assert stacked([]).shape == (0, DIMENSIONS)
    with pytest.raises(ValueError, match="not 2 vectors"):
        stacked([blobs[0], blobs[1][:-4]])
    with pytest.raises(ValueError, match="not 2 vectors"):
        stacked([blobs[0], None])
