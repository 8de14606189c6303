"""Simple baselines on the same content and data: fuzzy string match, TF-IDF cosine, BM25.

Each maps a question to (best entry id, score) using the content's example questions and titles
as documents (max over an entry's documents), without the engine's normalisation, language
handling or re-ranking. Thresholds are tuned exactly like the engine's scope threshold.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.core.content import Catalog
from bot.core.lang import Lang

Predictor = Callable[[str], tuple[str | None, float]]
_WORD = re.compile(r"\w+")


def _docs(catalog: Catalog) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    owners: list[str] = []
    for e in catalog.entries:
        for lang in Lang:
            for t in [e.title.get(lang), *e.questions.get(lang)]:
                texts.append(t.lower())
                owners.append(e.id)
    return texts, owners


def fuzzy_baseline(catalog: Catalog) -> Predictor:
    texts, owners = _docs(catalog)

    def predict(q: str) -> tuple[str | None, float]:
        hit = process.extractOne(q.lower(), texts, scorer=fuzz.WRatio)
        if hit is None:
            return None, 0.0
        return owners[hit[2]], float(hit[1]) / 100.0

    return predict


def tfidf_baseline(catalog: Catalog) -> Predictor:
    texts, owners = _docs(catalog)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    mat = vec.fit_transform(texts)
    owner_arr = np.asarray(owners)

    def predict(q: str) -> tuple[str | None, float]:
        scores = (mat @ vec.transform([q.lower()]).T).toarray().ravel()
        i = int(np.argmax(scores))
        return str(owner_arr[i]), float(scores[i])

    return predict


def bm25_baseline(catalog: Catalog, k1: float = 1.2, b: float = 0.75) -> Predictor:
    texts, owners = _docs(catalog)
    tokenized = [_WORD.findall(t) for t in texts]
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    lengths = np.asarray([len(t) for t in tokenized], dtype=np.float64)
    avg = float(lengths.mean()) if len(lengths) else 1.0
    df: Counter[int] = Counter()
    for r, toks in enumerate(tokenized):
        for w, c in Counter(toks).items():
            col = vocab.setdefault(w, len(vocab))
            rows.append(r)
            cols.append(col)
            vals.append(c * (k1 + 1) / (c + k1 * (1 - b + b * lengths[r] / avg)))
            df[col] += 1
    n = len(tokenized)
    idf = np.asarray([math.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)) for i in range(len(vocab))])
    mat = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab))).multiply(idf).tocsr()
    owner_arr = np.asarray(owners)

    def predict(q: str) -> tuple[str | None, float]:
        qcols = sorted({vocab[w] for w in _WORD.findall(q.lower()) if w in vocab})
        if not qcols:
            return None, 0.0
        scores = np.asarray(mat[:, qcols].sum(axis=1)).ravel()
        # Normalise by the best score the query could get (its terms' idf sum), to compare queries.
        top = float(idf[qcols].sum() * (k1 + 1))
        i = int(np.argmax(scores))
        return str(owner_arr[i]), float(scores[i]) / top if top else 0.0

    return predict


def tune_threshold(oos_scores: Sequence[float], target: float) -> float:
    """The score above which at most (1 - target) of the out-of-scope set is answered."""
    return float(np.quantile(np.asarray(oos_scores), target)) + 1e-9 if oos_scores else 0.0


BASELINES: dict[str, Callable[[Catalog], Predictor]] = {
    "fuzzy (rapidfuzz WRatio)": fuzzy_baseline,
    "TF-IDF char 2-4 cosine": tfidf_baseline,
    "BM25 words": bm25_baseline,
}
