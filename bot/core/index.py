"""The search index over the content: character n-gram TF-IDF plus a word (stem) view.

Documents are each entry's example questions, title and keywords in all three languages, in the
folded matching form. Retrieval scores every document with a sparse dot product (only the
columns of the query's n-grams are touched, so the cost grows with how common those n-grams
are, not with the catalog), aggregates per entry (best document, and the centroid of the entry's
documents per language), and hands the top candidates to the re-ranker in ``bot.core.matcher``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.core.content import Catalog
from bot.core.lang import Lang
from bot.core.lexicon import ABBREVIATIONS, CONTENT_ABBREVIATIONS, STOPWORDS
from bot.core.normalize import fold_kk, sentences
from bot.core.out_of_scope import PROTOTYPE_TOPIC, OutOfScopeTopic, prototype_id
from bot.core.quantity import (
    Payment,
    Quantity,
    answered_quantities,
    stated_payments,
    stated_quantities,
)
from bot.core.stem import stem
from bot.core.vocab import Vocabulary, build_vocabulary, clear_token_cache, doc_tokens

# Per query, at most this many (row, n-gram) postings are read; see Index._within_budget.
POSTINGS_BUDGET = 100_000
NGRAM_MIN = 2
NGRAM_MAX = 4
_EXPANSIONS = {k: fold_kk(v).split() for k, v in ABBREVIATIONS.items()}
_CONTENT_EXPANSIONS = _EXPANSIONS | {k: fold_kk(v).split() for k, v in CONTENT_ABBREVIATIONS.items()}

FloatArray = npt.NDArray[np.float64]


def expand(tokens: Iterable[str], *, content: bool = False) -> list[str]:
    """Tokens plus the expansions of the abbreviations among them (of a content text: also
    those the content uses where people spell the name out)."""
    expansions = _CONTENT_EXPANSIONS if content else _EXPANSIONS
    out: list[str] = []
    for t in tokens:
        out.append(t)
        out += expansions.get(t, ())
    return out


def token_ngrams(token: str) -> tuple[str, ...]:
    """Character n-grams of one word, padded with spaces so word starts and ends count."""
    padded = f" {token} "
    n_chars = len(padded)
    return tuple(
        padded[i : i + n] for n in range(NGRAM_MIN, NGRAM_MAX + 1) for i in range(n_chars - n + 1)
    )


def ngrams(tokens: Sequence[str]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for tok in tokens:
        grams.update(token_ngrams(tok))
    return grams


# A programme's number code ("2-10-20", "7-20-25"): three or more short numbers in a row.
_CODE_PART = re.compile(r"\d{1,2}")
_CODE_MIN_PARTS = 3


def number_codes(tokens: Sequence[str]) -> frozenset[str]:
    """The number codes among the tokens, each as its numbers joined by "-"."""
    codes: set[str] = set()
    run: list[str] = []
    for t in [*tokens, ""]:
        if _CODE_PART.fullmatch(t):
            run.append(t)
            continue
        if len(run) >= _CODE_MIN_PARTS:
            codes.add("-".join(run))
        run = []
    return frozenset(codes)


def names_code(code: str, codes: frozenset[str]) -> bool:
    """One of ``codes`` is ``code``, or holds it, or is held by it ("2-10-20" in "2-10-20-2":
    a code followed by a number, as in "2-10-20 2%")."""
    return any(f"-{code}-" in f"-{c}-" or f"-{c}-" in f"-{code}-" for c in codes)


def content_stems(tokens: Iterable[str]) -> list[str]:
    return [stem(t) for t in tokens if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


# A span of years written with a dash ("2028–2031", "2023-2025"); at most this many years long.
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)\d\d)\b")
_MAX_SPAN_YEARS = 15


def year_spans(texts: Iterable[str]) -> frozenset[str]:
    """Every year inside a span the texts state ("2028–2031" → 2028, 2029, 2030, 2031)."""
    years: set[str] = set()
    for text in texts:
        for m in _YEAR_SPAN.finditer(text):
            first, last = int(m.group(1)), int(m.group(2))
            if 0 < last - first <= _MAX_SPAN_YEARS:
                years.update(str(y) for y in range(first, last + 1))
    return frozenset(years)


@dataclass(frozen=True)
class Doc:
    entry: int  # index into Index.entry_ids
    lang: Lang
    kind: str  # "q" question/title, "k" keyword, "a" a sentence of the answer
    text: str  # folded tokens joined by spaces


def gram_keys(grams: Sequence[str]) -> npt.NDArray[np.uint64]:
    """Each n-gram (at most NGRAM_MAX characters) packed into 64 bits, 16 per character.

    Unlike Python's string ``hash``, randomised per process, the keys are the same in every
    process, so an index built in a child process (bot.content.isolated) answers alike here. Two
    n-grams share a key only when they differ outside the Basic Multilingual Plane (emoji).
    """
    chars = np.array(grams, dtype=f"<U{NGRAM_MAX}").view(np.uint32).reshape(len(grams), NGRAM_MAX)
    packed = np.minimum(chars, 0xFFFF).astype(np.uint64) << _GRAM_SHIFTS
    keys: npt.NDArray[np.uint64] = np.bitwise_or.reduce(packed, axis=1)
    return keys


_GRAM_SHIFTS = np.arange(NGRAM_MAX, dtype=np.uint64) * np.uint64(16)


class GramColumns:
    """The matrix column of each character n-gram, held as sorted 64-bit n-gram keys.

    A dict of ~40,000 n-gram strings costs the running bot several megabytes; two arrays cost a
    twentieth of that.
    """

    def __init__(self, columns: dict[str, int]) -> None:
        keys = gram_keys(list(columns)) if columns else np.zeros(0, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._columns = np.fromiter(columns.values(), dtype=np.int32, count=len(columns))[order]

    def __len__(self) -> int:
        return len(self._keys)

    def columns(self, grams: Sequence[str]) -> npt.NDArray[np.int64]:
        """Each n-gram's column, -1 where the content never has it."""
        if not grams or not len(self._keys):
            return np.full(len(grams), -1, dtype=np.int64)
        keys = gram_keys(grams)
        at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        return np.where(self._keys[at] == keys, self._columns[at].astype(np.int64), -1)


class Index:
    """Immutable once built; build a new one to reload content."""

    def __init__(self, catalog: Catalog, out_of_scope: Sequence[OutOfScopeTopic] = ()) -> None:
        self.catalog = catalog
        self.vocab: Vocabulary = build_vocabulary(catalog)
        # A topic an entry of the same id now answers (a draft published from its cluster of
        # unanswered questions) is no longer a near miss.
        answered = {e.id for e in catalog.entries}
        out_of_scope = [t for t in out_of_scope if t.id not in answered]
        # Entries first, then the out-of-scope prototypes (questions only), which share the
        # matrix so one query scores both; the vocabulary stays the entries' own.
        self.n_entries = len(catalog.entries)
        self.entry_ids: list[str] = [e.id for e in catalog.entries] + [prototype_id(t.id) for t in out_of_scope]
        self.entry_topics: list[str] = [e.topic for e in catalog.entries] + [PROTOTYPE_TOPIC] * len(out_of_scope)
        self.prototype_areas: dict[str, str | None] = {prototype_id(t.id): t.area for t in out_of_scope}
        docs: list[Doc] = []
        doc_tokens_list: list[list[str]] = []
        entry_stems: list[frozenset[str]] = []
        answer_stems: list[frozenset[str]] = []
        keyword_stems: list[list[frozenset[str]]] = []
        # Answer sentences go after all question/keyword documents: the matrix keeps that order.
        answer_docs: list[Doc] = []
        answer_tokens: list[list[str]] = []
        # Per entry (then prototype): the kinds of quantity its answer answers (bot.core.quantity).
        self.entry_quantities: list[frozenset[Quantity]] = []
        # Per entry (then prototype): the programme number codes it names ("2-10-20").
        self.entry_codes: list[frozenset[str]] = []
        # Per entry (then prototype): the years inside a span its answer states ("2028–2031"):
        # a question about 2030 asks about a year it covers.
        self.entry_year_spans: list[frozenset[str]] = []
        # Per entry (then prototype): the payments its amounts are of (wage, pension, ...).
        self.entry_payments: list[frozenset[Payment]] = []
        # Per entry (then prototype): a statistics entry (its topic's kind is "figures").
        figure_topics = {t.id for t in catalog.topics if t.kind == "figures"}
        self.entry_is_figure: list[bool] = [e.topic in figure_topics for e in catalog.entries]
        self.entry_is_figure += [False] * len(out_of_scope)
        # Document frequencies of stems among the entries' question/keyword documents and among
        # the out-of-scope prototypes' questions: the matcher's word-level near-miss evidence.
        self.stem_df_in: Counter[str] = Counter()
        self.stem_df_near: Counter[str] = Counter()
        for ei, entry in enumerate(catalog.entries):
            stems: set[str] = set()
            ans: set[str] = set()
            kws: list[frozenset[str]] = []
            codes: set[str] = set()
            for lang in Lang:
                texts = [("q", entry.title.get(lang)), *(("q", q) for q in entry.questions.get(lang))]
                texts += [("k", k) for k in entry.keywords.get(lang)]
                for kind, text in texts:
                    toks = expand(doc_tokens(text, lang), content=True)
                    if not toks:
                        continue
                    docs.append(Doc(ei, lang, kind, " ".join(toks)))
                    doc_tokens_list.append(toks)
                    cs = content_stems(toks)
                    stems.update(cs)
                    self.stem_df_in.update(set(cs))
                    if kind == "k" and cs:
                        kws.append(frozenset(cs))
                    codes.update(number_codes(toks))
                for sentence in sentences(entry.answer.get(lang)):
                    toks = expand(doc_tokens(sentence, lang), content=True)
                    if len(toks) < 2:
                        continue
                    answer_docs.append(Doc(ei, lang, "a", " ".join(toks)))
                    answer_tokens.append(toks)
                    ans.update(content_stems(toks))
                    codes.update(number_codes(toks))
            entry_stems.append(frozenset(stems))
            answer_stems.append(frozenset(ans))
            keyword_stems.append(kws)
            self.entry_codes.append(frozenset(codes))
            stated = stated_quantities(entry.answer.get(lang) for lang in Lang)
            # Only what the answer states counts: an entry titled "How much TSA is paid" that says
            # the amount depends on the family does not answer "how much TSA does a family of
            # four get" (a near miss the report gives no figure for); it is offered instead.
            self.entry_quantities.append(answered_quantities(stated, statistics=self.entry_is_figure[ei]))
            self.entry_payments.append(stated_payments(entry.answer.get(lang) for lang in Lang))
            self.entry_year_spans.append(year_spans(entry.answer.get(lang) for lang in Lang))
        for pi, topic in enumerate(out_of_scope):
            stems = set()
            for lang in Lang:
                for text in topic.questions.get(lang, ()):
                    toks = expand(doc_tokens(text, lang))
                    if not toks:
                        continue
                    docs.append(Doc(self.n_entries + pi, lang, "q", " ".join(toks)))
                    doc_tokens_list.append(toks)
                    cs = content_stems(toks)
                    stems.update(cs)
                    self.stem_df_near.update(set(cs))
            entry_stems.append(frozenset(stems))
            answer_stems.append(frozenset())
            keyword_stems.append([])
            # A prototype has no answer: it is never "missing" a quantity.
            self.entry_quantities.append(frozenset(Quantity))
            self.entry_payments.append(frozenset())
            self.entry_codes.append(frozenset())
            self.entry_year_spans.append(frozenset())
        self.n_question_docs = len(docs)
        self.n_near_docs = sum(1 for d in docs if d.entry >= self.n_entries)
        self.n_in_docs = self.n_question_docs - self.n_near_docs
        docs += answer_docs
        doc_tokens_list += answer_tokens
        del answer_tokens
        # The documents serve the build only: kept, they cost the running bot about a megabyte.
        self.n_docs = len(docs)
        self.entry_stems = entry_stems
        self.answer_stems = answer_stems
        self.keyword_stems = keyword_stems
        self._build_matrix(docs, doc_tokens_list)
        del doc_tokens_list
        clear_token_cache()  # the per-text token cache only serves one build
        self.entry_doc_texts: list[list[str]] = [[] for _ in self.entry_ids]
        for d in docs:
            if d.kind == "q":
                self.entry_doc_texts[d.entry].append(d.text)

    def _build_matrix(self, docs: Sequence[Doc], doc_tokens_list: list[list[str]]) -> None:
        # Column ids per distinct token, then per document the union with counts (numpy does the
        # counting; documents share most of their words, so each word is split into n-grams once).
        vocab: dict[str, int] = {}
        token_cols: dict[str, npt.NDArray[np.int64]] = {}
        col_parts: list[npt.NDArray[np.int64]] = []
        grams_per_doc = np.zeros(len(doc_tokens_list), dtype=np.int64)
        for r, toks in enumerate(doc_tokens_list):
            n_grams = 0
            for tok in toks:
                cols_t = token_cols.get(tok)
                if cols_t is None:
                    cols_t = np.asarray(
                        [vocab.setdefault(g, len(vocab)) for g in token_ngrams(tok)], dtype=np.int64
                    )
                    token_cols[tok] = cols_t
                col_parts.append(cols_t)
                n_grams += len(cols_t)
            grams_per_doc[r] = n_grams
        # The token lists are the build's largest Python objects: freed here, not after the matrix.
        n_rows = len(doc_tokens_list)
        doc_tokens_list.clear()
        empty = np.zeros(0, dtype=np.int64)
        # One pass of np.unique over (row, column) keys counts every n-gram in every document.
        all_rows = np.repeat(np.arange(n_rows, dtype=np.int64), grams_per_doc)
        keys = (all_rows << 32) | np.concatenate(col_parts) if col_parts else empty
        del all_rows, col_parts, token_cols
        uniq, counts = np.unique(keys, return_counts=True)
        del keys
        rows = uniq >> 32
        cols = uniq & 0xFFFFFFFF
        del uniq
        tf = 1.0 + np.log(counts.astype(np.float64))
        del counts
        n_docs = max(n_rows, 1)
        df = np.bincount(cols, minlength=len(vocab)).astype(np.float64)
        idf = np.log((1 + n_docs) / (1 + df)) + 1.0
        self.gram_col = GramColumns(vocab)
        del vocab
        self.idf = idf
        self.max_idf = math.log(1 + n_docs) + 1.0
        # np.unique sorted the keys by (row, column): that is CSR order already.
        data = tf * idf[cols]
        del tf
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n_docs))
        norms[norms == 0] = 1.0
        data /= norms[rows]
        doc_vals = data.astype(np.float32)
        del data, norms
        # Centroids per (entry, language) over question/title documents: the sum of the group's
        # (unit) document vectors, normalised. Documents are rows in order, so a group's rows
        # are found by slicing the row-sorted triplets.
        groups: dict[tuple[int, Lang], list[int]] = {}
        for i, d in enumerate(docs):
            if d.kind == "q":
                groups.setdefault((d.entry, d.lang), []).append(i)
        group_keys = list(groups)
        self.centroid_entry = np.asarray([k[0] for k in group_keys], dtype=np.int64)
        row_start = np.searchsorted(rows, np.arange(n_docs + 1))
        members = [np.asarray(groups[k], dtype=np.int64) for k in group_keys]
        c_rows, c_cols, c_vals = _centroids(members, row_start, cols, doc_vals)
        # One matrix, three regions, each stored entry by entry so per-entry maxima are one
        # reduceat per region: question/keyword documents, answer sentences, centroids.
        doc_entry = np.asarray([d.entry for d in docs], dtype=np.int64)
        n_entries = len(self.entry_ids)
        nq = self.n_question_docs
        nd = len(docs)
        # Each part is freed as soon as it is joined: at 100x the build's peak is these arrays.
        all_rows = np.concatenate([rows, c_rows + nd])
        del rows, c_rows
        all_cols = np.concatenate([cols, c_cols])
        del cols, c_cols
        all_vals = np.concatenate([doc_vals, c_vals])
        del doc_vals, c_vals
        self.matrix = ColumnMatrix.from_triplets(
            all_rows, all_cols, all_vals, shape=(nd + len(group_keys), len(self.gram_col))
        )
        del all_rows, all_cols, all_vals
        self.region_q = _region(0, nq, doc_entry[:nq], n_entries)
        self.region_a = _region(nq, nd, doc_entry[nq:], n_entries)
        self.region_c = _region(nd, nd + len(group_keys), self.centroid_entry, n_entries)
        self.posting_len = np.diff(self.matrix.indptr)

    def query_vector(self, tokens: Sequence[str]) -> tuple[npt.NDArray[np.int64], FloatArray]:
        grams = ngrams(tokens)
        found = self.gram_col.columns(list(grams))
        tf = 1.0 + np.log(np.fromiter(grams.values(), dtype=np.float64, count=len(grams)))
        known = found >= 0
        # Unseen n-grams still count in the norm (with the highest idf): a query made of text the
        # content never uses scores low, which is what the out-of-scope decision needs.
        unseen = float(np.sum((tf[~known] * self.max_idf) ** 2))
        cols = found[known]
        w = tf[known] * self.idf[cols]
        norm = math.sqrt(float(w @ w) + unseen)
        if norm > 0:
            w = w / norm
        return cols, w

    def char_scores(self, tokens: Sequence[str]) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Per entry: best question/keyword cosine, best per-language centroid cosine, best
        answer-sentence cosine."""
        n = len(self.entry_ids)
        cols, w = self.query_vector(tokens)
        if len(cols) == 0 or n == 0:
            return np.zeros(n), np.zeros(n), np.zeros(n)
        cols, w = self._within_budget(cols, w)
        scores = _gather_dot(self.matrix, cols, w)
        return (
            _region_max(scores, self.region_q, n),
            _region_max(scores, self.region_c, n),
            _region_max(scores, self.region_a, n),
        )

    def _within_budget(
        self, cols: npt.NDArray[np.int64], w: FloatArray
    ) -> tuple[npt.NDArray[np.int64], FloatArray]:
        """Drop the most common n-grams when the query's postings exceed the budget.

        Their idf, hence their weight, is the lowest; at the real content size the budget is
        never reached and scores are exact, on catalogs 100 times larger it bounds the latency.
        """
        lens = self.posting_len[cols]
        if int(lens.sum()) <= POSTINGS_BUDGET:
            return cols, w
        order = np.argsort(lens, kind="stable")
        keep = order[np.cumsum(lens[order]) <= POSTINGS_BUDGET]
        if len(keep) == 0:
            keep = order[:1]
        return cols[keep], w[keep]


Region = tuple[int, int, npt.NDArray[np.int64], npt.NDArray[np.bool_]]


def _region(lo: int, hi: int, owner: npt.NDArray[np.int64], n: int) -> Region:
    """Rows lo..hi of the matrix, owned entry by entry: reduceat starts and empty-entry mask."""
    if len(owner) and np.any(np.diff(owner) < 0):
        raise ValueError("rows must be stored in entry order")
    starts = np.searchsorted(owner, np.arange(n)).astype(np.int64)
    empty = np.diff(np.append(starts, len(owner))) == 0
    return lo, hi, np.minimum(starts, max(len(owner) - 1, 0)), empty


def _region_max(scores: FloatArray, region: Region, n: int) -> FloatArray:
    lo, hi, starts, empty = region
    if hi <= lo:
        return np.zeros(n)
    out = np.maximum.reduceat(scores[lo:hi], starts)
    out[empty] = 0.0
    return np.asarray(out, dtype=np.float64)


_UINT16_ROWS = 1 << 16


@dataclass(frozen=True)
class ColumnMatrix:
    """A sparse matrix stored column by column (CSC: column j's rows are
    ``indices[indptr[j]:indptr[j + 1]]``, ascending, with their values in ``data``).

    All the index needs is reading whole columns, so plain numpy arrays do (no scipy.sparse,
    which costs ~17 MB of memory to import). The values are half floats: unit-vector weights
    need three digits, and the matrix is most of the index's memory (2.4 M values: 4.7 MB saved;
    every measured set answers the same). Row numbers are 16-bit while the rows fit (17 000
    documents now; 65 536 allowed): another 4.8 MB.
    """

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.uint16] | npt.NDArray[np.int32]
    data: npt.NDArray[np.float16]
    shape: tuple[int, int]

    @classmethod
    def from_triplets(
        cls,
        rows: npt.NDArray[np.int64],
        cols: npt.NDArray[np.int64],
        vals: npt.NDArray[np.float32],
        shape: tuple[int, int],
    ) -> ColumnMatrix:
        """From distinct (row, column, value) triplets in any order."""
        order = np.lexsort((rows, cols))
        indptr = np.zeros(shape[1] + 1, dtype=np.int64)
        np.cumsum(np.bincount(cols, minlength=shape[1]), out=indptr[1:])
        # Narrowed before the gather: no int64 copy of the rows.
        indices: npt.NDArray[np.uint16] | npt.NDArray[np.int32] = (
            rows.astype(np.uint16)[order] if shape[0] <= _UINT16_ROWS else rows.astype(np.int32)[order]
        )
        return cls(indptr, indices, vals.astype(np.float16)[order], shape)

    @property
    def nnz(self) -> int:
        return len(self.data)


def _centroids(
    members: list[npt.NDArray[np.int64]],
    row_start: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    vals: npt.NDArray[np.float32],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Unit-length sums of groups of rows, as (group, column, value) triplets.

    ``members[g]`` are the rows of group g; row r's columns and values are
    ``cols[row_start[r]:row_start[r + 1]]`` (likewise ``vals``).
    """
    empty = np.zeros(0, dtype=np.int64)
    if not members:
        return empty, empty, np.zeros(0, dtype=np.float32)
    doc = np.concatenate(members)
    group = np.repeat(np.arange(len(members), dtype=np.int64), [len(m) for m in members])
    starts, lengths = row_start[doc], row_start[doc + 1] - row_start[doc]
    # Positions of every member row's triplets: starts[i], starts[i] + 1, ... for each member.
    first = np.cumsum(lengths) - lengths
    at = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - first, lengths)
    keys, where = np.unique((np.repeat(group, lengths) << 32) | cols[at], return_inverse=True)
    sums = np.bincount(where, weights=vals[at])
    g_rows = keys >> 32
    norms = np.sqrt(np.bincount(g_rows, weights=sums * sums, minlength=len(members)))
    norms[norms == 0] = 1.0
    return g_rows, keys & 0xFFFFFFFF, (sums / norms[g_rows]).astype(np.float32)


def _gather_dot(mat: ColumnMatrix, cols: npt.NDArray[np.int64], w: FloatArray) -> FloatArray:
    """mat[:, cols] @ w without scipy's slicing overhead: concatenate the columns, then bincount."""
    indptr = mat.indptr
    bounds = [(int(indptr[c]), int(indptr[c + 1])) for c in cols.tolist()]
    if not bounds:
        return np.zeros(mat.shape[0])
    indices, data = mat.indices, mat.data
    rows = np.concatenate([indices[lo:hi] for lo, hi in bounds])
    # The columns' half floats are widened once, then weighted by the query's value per column.
    lengths = np.fromiter((hi - lo for lo, hi in bounds), dtype=np.int64, count=len(bounds))
    vals = np.concatenate([data[lo:hi] for lo, hi in bounds]).astype(np.float32) * np.repeat(
        w.astype(np.float32), lengths
    )
    return np.asarray(np.bincount(rows, weights=vals, minlength=mat.shape[0]), dtype=np.float64)


def build_index(catalog: Catalog) -> Index:
    return Index(catalog)
