"""The index's column-stored sparse matrix (bot.core.index.ColumnMatrix)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.core.index import ColumnMatrix, _gather_dot


def _dense(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    out = np.zeros(shape)
    out[rows, cols] = vals
    return out


@pytest.mark.parametrize(("n_rows", "row_type"), [(500, np.uint16), (1 << 16, np.uint16), ((1 << 16) + 1, np.int32)])
def test_columns_hold_their_rows_and_values_whatever_the_row_count(n_rows: int, row_type: type) -> None:
    rng = np.random.default_rng(7)
    n_cols, nnz = 40, 300
    flat = rng.choice(n_rows * n_cols, size=nnz, replace=False)
    rows, cols = (flat // n_cols).astype(np.int64), (flat % n_cols).astype(np.int64)
    vals = rng.random(nnz).astype(np.float32)
    m = ColumnMatrix.from_triplets(rows, cols, vals, shape=(n_rows, n_cols))
    # Row numbers are 16-bit while they fit, so the largest row is still addressed exactly.
    assert m.indices.dtype == row_type
    assert m.nnz == nnz
    query_cols = np.asarray([0, 3, 17, 39], dtype=np.int64)
    w = rng.random(len(query_cols))
    expected = _dense(rows, cols, vals, (n_rows, n_cols))[:, query_cols] @ w
    assert np.allclose(_gather_dot(m, query_cols, w), expected, atol=2e-3)
