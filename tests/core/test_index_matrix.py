"""The index's column-stored sparse matrix (bot.core.index.ColumnMatrix)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.core.index import ColumnMatrix, GramColumns, _gather_dot, gram_keys


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


def test_gram_columns_give_each_known_ngram_its_column_and_minus_one_for_the_rest() -> None:
    columns = {g: i for i, g in enumerate(["пен", "енс", "нси", "pen", "ens", "nsi", "ion", " ze", "zei"])}
    lookup = GramColumns(columns)
    assert len(lookup) == len(columns)
    asked = ["nsi", "xyz", "пен", "", "zei", "сия", "pen"]
    expected = [columns.get(g, -1) for g in asked]
    assert lookup.columns(asked).tolist() == expected
    assert lookup.columns([]).tolist() == []
    assert GramColumns({}).columns(["pen"]).tolist() == [-1]


def test_gram_keys_tell_ngrams_apart_and_are_the_same_in_another_process() -> None:
    # The index may be built in a child process and pickled over (bot.content.isolated): the
    # keys must not depend on the process's string-hash seed, as ``hash`` does.
    import os
    import pickle
    import subprocess
    import sys

    grams = [" п", "пе", "пен", "пенс", "енси", "pen", "pens", " ze", "ә ", "қаз", "1414", "e"]
    keys = gram_keys(grams)
    assert len(set(keys.tolist())) == len(grams)
    lookup = GramColumns({g: i for i, g in enumerate(grams)})
    probe = (
        "import pickle, sys\n"
        "lookup, grams = pickle.loads(sys.stdin.buffer.read())\n"
        "print(lookup.columns(grams).tolist())\n"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", probe],
            input=pickle.dumps((lookup, [*grams, "xyz"])),
            capture_output=True,
            timeout=60,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert out.stdout.decode().strip() == str([*range(len(grams)), -1])


def test_the_index_finds_every_ngram_of_its_own_text_and_none_of_unseen_text() -> None:
    from bot.core.index import Index, ngrams
    from tests.core.engine_catalog import catalog

    index = Index(catalog())
    own = list(ngrams(["пенсия", "pension"]))  # words of the catalogue's titles
    found = index.gram_col.columns(own)
    assert (found >= 0).all()
    assert len(set(found.tolist())) == len(own)  # each n-gram its own column
    assert found.max() < index.matrix.shape[1]
    assert (index.gram_col.columns(list(ngrams(["qqxqq"]))) == -1).all()
    cols, weights = index.query_vector(["qqxqq"])
    assert len(cols) == 0 and len(weights) == 0
