"""The search index over the content: character n-gram TF-IDF plus a word (stem) view.

Documents are each entry's example questions, title and keywords in all three languages, in the
folded matching form. Retrieval scores every document with a sparse dot product (only the
columns of the query's n-grams are touched, so the cost grows with how common those n-grams
are, not with the catalog), aggregates per entry (best document, and the centroid of the entry's
documents per language), and hands the top candidates to the re-ranker in ``bot.core.matcher``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from bot.core.content import Catalog
from bot.core.lang import Lang
from bot.core.lexicon import ABBREVIATIONS, STOPWORDS
from bot.core.normalize import fold_kk
from bot.core.stem import stem
from bot.core.vocab import Vocabulary, build_vocabulary, doc_tokens

NGRAM_MIN = 2
NGRAM_MAX = 4
_EXPANSIONS = {k: fold_kk(v).split() for k, v in ABBREVIATIONS.items()}

FloatArray = npt.NDArray[np.float64]


def expand(tokens: Iterable[str]) -> list[str]:
    """Tokens plus the expansions of the abbreviations among them."""
    out: list[str] = []
    for t in tokens:
        out.append(t)
        out += _EXPANSIONS.get(t, ())
    return out


def ngrams(tokens: Sequence[str]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for tok in tokens:
        padded = f" {tok} "
        n_chars = len(padded)
        for n in range(NGRAM_MIN, NGRAM_MAX + 1):
            for i in range(n_chars - n + 1):
                grams[padded[i : i + n]] += 1
    return grams


def content_stems(tokens: Iterable[str]) -> list[str]:
    return [stem(t) for t in tokens if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


@dataclass(frozen=True)
class Doc:
    entry: int  # index into Index.entry_ids
    lang: Lang
    kind: str  # "q" question/title, "k" keyword
    text: str  # folded tokens joined by spaces


class Index:
    """Immutable once built; build a new one to reload content."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.vocab: Vocabulary = build_vocabulary(catalog)
        self.entry_ids: list[str] = [e.id for e in catalog.entries]
        self.entry_topics: list[str] = [e.topic for e in catalog.entries]
        docs: list[Doc] = []
        doc_tokens_list: list[list[str]] = []
        entry_stems: list[frozenset[str]] = []
        answer_stems: list[frozenset[str]] = []
        keyword_stems: list[list[frozenset[str]]] = []
        for ei, entry in enumerate(catalog.entries):
            stems: set[str] = set()
            ans: set[str] = set()
            kws: list[frozenset[str]] = []
            for lang in Lang:
                texts = [("q", entry.title.get(lang)), *(("q", q) for q in entry.questions.get(lang))]
                texts += [("k", k) for k in entry.keywords.get(lang)]
                for kind, text in texts:
                    toks = expand(doc_tokens(text, lang))
                    if not toks:
                        continue
                    docs.append(Doc(ei, lang, kind, " ".join(toks)))
                    doc_tokens_list.append(toks)
                    cs = content_stems(toks)
                    stems.update(cs)
                    if kind == "k" and cs:
                        kws.append(frozenset(cs))
                ans.update(content_stems(doc_tokens(entry.answer.get(lang), lang)))
            entry_stems.append(frozenset(stems))
            answer_stems.append(frozenset(ans))
            keyword_stems.append(kws)
        self.docs = docs
        self.entry_stems = entry_stems
        self.answer_stems = answer_stems
        self.keyword_stems = keyword_stems
        self._build_matrix(doc_tokens_list)
        self.entry_doc_texts: list[list[str]] = [[] for _ in self.entry_ids]
        for d in docs:
            if d.kind == "q":
                self.entry_doc_texts[d.entry].append(d.text)

    def _build_matrix(self, doc_tokens_list: list[list[str]]) -> None:
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        df: Counter[int] = Counter()
        for r, toks in enumerate(doc_tokens_list):
            grams = ngrams(toks)
            for g, c in grams.items():
                col = vocab.setdefault(g, len(vocab))
                rows.append(r)
                cols.append(col)
                vals.append(1.0 + math.log(c))
                df[col] += 1
        n_docs = max(len(doc_tokens_list), 1)
        idf = np.ones(len(vocab), dtype=np.float64)
        for col, c in df.items():
            idf[col] = math.log((1 + n_docs) / (1 + c)) + 1.0
        self.gram_col = vocab
        self.idf = idf
        self.max_idf = math.log(1 + n_docs) + 1.0
        mat = sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float64) * idf[np.asarray(cols, dtype=np.int64)], (rows, cols)),
            shape=(len(doc_tokens_list), len(vocab)),
        )
        norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        mat = sparse.csr_matrix(sparse.diags(1.0 / norms) @ mat)
        self.doc_matrix = mat.tocsc()
        # Centroids per (entry, language) over question/title documents.
        groups: dict[tuple[int, Lang], list[int]] = {}
        for i, d in enumerate(self.docs):
            if d.kind == "q":
                groups.setdefault((d.entry, d.lang), []).append(i)
        keys = list(groups)
        self.centroid_entry = np.asarray([k[0] for k in keys], dtype=np.int64)
        if keys:
            g_rows = np.concatenate([np.full(len(groups[k]), gi) for gi, k in enumerate(keys)])
            g_cols = np.concatenate([np.asarray(groups[k]) for k in keys])
            agg = sparse.csr_matrix(
                (np.ones(len(g_rows)), (g_rows, g_cols)), shape=(len(keys), len(self.docs))
            )
            cent = sparse.csr_matrix(agg @ mat)
            cn = np.sqrt(np.asarray(cent.multiply(cent).sum(axis=1)).ravel())
            cn[cn == 0] = 1.0
            self.centroids = sparse.csr_matrix(sparse.diags(1.0 / cn) @ cent).tocsc()
        else:
            self.centroids = sparse.csc_matrix((0, len(vocab)))
        self.doc_entry = np.asarray([d.entry for d in self.docs], dtype=np.int64)
        self.doc_is_question = np.asarray([d.kind == "q" for d in self.docs], dtype=bool)

    def query_vector(self, tokens: Sequence[str]) -> tuple[npt.NDArray[np.int64], FloatArray]:
        grams = ngrams(tokens)
        cols: list[int] = []
        vals: list[float] = []
        for g, c in grams.items():
            col = self.gram_col.get(g)
            if col is not None:
                cols.append(col)
                vals.append((1.0 + math.log(c)) * float(self.idf[col]))
        # Unseen n-grams still count in the norm (with the highest idf): a query made of text the
        # content never uses scores low, which is what the out-of-scope decision needs.
        unseen = sum(((1.0 + math.log(c)) * self.max_idf) ** 2 for g, c in grams.items() if g not in self.gram_col)
        w = np.asarray(vals, dtype=np.float64)
        norm = math.sqrt(float(w @ w) + unseen)
        if norm > 0:
            w = w / norm
        return np.asarray(cols, dtype=np.int64), w

    def char_scores(self, tokens: Sequence[str]) -> tuple[FloatArray, FloatArray]:
        """Per entry: best document cosine, and best per-language centroid cosine."""
        n = len(self.entry_ids)
        best = np.zeros(n)
        cent = np.zeros(n)
        cols, w = self.query_vector(tokens)
        if len(cols) == 0 or n == 0:
            return best, cent
        doc_scores = self.doc_matrix[:, cols] @ w
        np.maximum.at(best, self.doc_entry, doc_scores)
        if self.centroids.shape[0]:
            c_scores = self.centroids[:, cols] @ w
            np.maximum.at(cent, self.centroid_entry, c_scores)
        return best, cent


def build_index(catalog: Catalog) -> Index:
    return Index(catalog)
