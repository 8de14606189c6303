"""Candidate retrieval plus re-ranking: which entries a query is about, with features for the decision.

Retrieval (``bot.core.index``) gives every entry a character-level score; the top candidates are
re-ranked with word-level evidence: how much of the query's content (weighted by idf) the entry's
own vocabulary covers, keyword hits, and a fuzzy string score against its example questions.
The query-level "domain coverage" says how much of the query the whole content covers at all;
a query whose content words the domain never uses is out of scope, however close its letters.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.general import GENERAL_WEIGHT, GENERAL_WORDS
from bot.core.index import Index, expand, names_code, number_codes
from bot.core.jurisdiction import names_a_country
from bot.core.lexicon import STOPWORDS
from bot.core.quantity import asked_quantities, asks_figure, payments_named, quantity_miss
from bot.core.stem import stem

TOP_K = 8
FEATURES = (
    "char", "centroid", "entry_cov", "answer_cov", "fuzzy", "keyword", "answer_char", "domain_cov", "length",
    "miss_known", "miss_unknown", "year_miss", "quantity_miss", "figure_uncued",
)
# Ranking weights over FEATURES (the query-level ones are the same for every candidate, so 0):
# a pairwise logistic ranker (the right entry against each wrong candidate) fitted on
# cross-validated content questions, our paraphrases in citizens' words weighted 5x, scaled to
# sum 1. It leans on the per-language centroid and the answer's coverage, and against a fuzzy
# string match. CV top-1 0.759 -> 0.802 (the hand-set 0.30, 0.15, 0.30, 0.05, 0.10, 0.10, 0.10
# before). Refitted with the statistics entries (189 entries): it also learns to hold a
# statistics entry back for a question that asks for no figure (``figure_uncued``), CV top-1
# 0.820 -> 0.826. The sum is the candidate's score, which the decision reads too.
RANK_WEIGHTS = (0.182, 0.426, 0.007, 0.302, -0.098, 0.053, 0.223, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.095)
# Russian verb prefixes: "долечат" is "лечат" with a prefix, not a typo of another word.
_RU_PREFIXES = ("пере", "при", "под", "про", "раз", "рас", "вы", "за", "на", "по", "от", "до", "об")
# A word used by at most this many entries is topical; one used by many more ("rights",
# "category", "помощь") says little about which entry is meant and weighs less, down to
# _MIN_SPREAD_WEIGHT for a word every entry uses.
_TOPICAL_ENTRIES = 3
_MIN_SPREAD_WEIGHT = 0.4
# Keyword strength (see ``Matcher._keyword_strength``) from which a keyword hit counts.
_ANCHOR_STRENGTH = 0.7
# Numbers of one or two digits (counts, ages, days, "2-10-20") say little about the topic: they
# weigh like everyday words, so a homework sum does not land on an entry that names "10" and "20".
_SHORT_NUMBER_DIGITS = 2
_YEAR = re.compile(r"(?:19|20)\d\d")
# Per-word log-odds of "asked in an entry's questions" vs "asked in a near miss" are clipped to
# this and scaled by it, so one rare word cannot dominate.
_LOG_ODDS_CAP = 4.0
# English ordinal endings split off their number ("3rd grade", "1st group").
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
# A letter typed twice or once too few ("cigarretes", "maried", "адресс") is the commonest typo;
# it is read as the known word with the same letters undoubled, from this many letters.
_UNDOUBLED_MIN = 4
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Candidate:
    entry_id: str
    score: float
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class MatchResult:
    candidates: tuple[Candidate, ...]  # best first
    domain_coverage: float
    content_stems: tuple[str, ...]
    # The nearest out-of-scope prototype (``bot.core.out_of_scope``), when the index has any.
    prototype: Candidate | None = None
    # Word-level near-miss evidence (see ``Matcher._near_words``): the most near-miss-like query
    # word, the weighted mean over its words, and the strongest word the best entry does not use
    # but the nearest prototype does (all 0 without prototypes).
    near_words: tuple[float, float, float] = (0.0, 0.0, 0.0)
    # The message names a programme code ("7-20-25") the best entry never names: a programme
    # the content does not describe, however well the rest matches.
    code_miss: bool = False

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


# English words shorter than this are not corrected whole: short ones are usually other words.
_EN_WORD_TYPO_MIN = 5


class Matcher:
    def __init__(self, index: Index, rank_weights: Sequence[float] = RANK_WEIGHTS) -> None:
        self.index = index
        self.rank_weights = tuple(rank_weights)
        vocab = index.vocab
        known = sorted(vocab.domain_stems | vocab.answer_stems)
        self._by_initial: dict[str, list[str]] = {}
        for s in known:
            if len(s) >= 4 and not s.isdigit():
                self._by_initial.setdefault(s[0], []).append(s)
        self._known = frozenset(known)
        self._position = {eid: i for i, eid in enumerate(index.entry_ids)}
        self._stopwords = sorted(w for w in STOPWORDS if len(w) >= 4)
        self._sorted = known
        # Everyday words the content does not use: valid words, not typos of domain words.
        self._general = frozenset(stem(w) for w in GENERAL_WORDS) - self._known
        # Known stems by their undoubled letters; one that two known stems share tells nothing.
        undoubled: dict[str, str | None] = {}
        for s in known:
            key = _DOUBLED.sub(r"\1", s)
            if len(key) >= _UNDOUBLED_MIN and not s.isdigit():
                undoubled[key] = s if key not in undoubled else None
        self._undoubled = {k: v for k, v in undoubled.items() if v is not None}
        # The content's English words by first letter: a misspelt English word is compared with
        # them whole ("apartmnet", "rigths", "citizns"), since its stem is cut differently.
        self._en_by_initial: dict[str, list[str]] = {}
        for word in sorted(vocab.en_words):
            if len(word) >= _EN_WORD_TYPO_MIN and word.isalpha() and stem(word) in self._known:
                self._en_by_initial.setdefault(word[0], []).append(word)
        n_entries = index.n_entries
        entry_df: Counter[str] = Counter()
        for es in index.entry_stems[: index.n_entries]:
            entry_df.update(es)
        # A keyword several entries share ("social assistance", "rights") tells them apart less.
        kw_entries: Counter[frozenset[str]] = Counter()
        for kws in index.keyword_stems:
            kw_entries.update(set(kws))
        self._kw_shared = kw_entries
        self._spread: dict[str, float] = {}
        if n_entries > _TOPICAL_ENTRIES * 2:
            scale = math.log(n_entries / _TOPICAL_ENTRIES)
            for s_, df in entry_df.items():
                if df > _TOPICAL_ENTRIES:
                    w = 1.0 - (1.0 - _MIN_SPREAD_WEIGHT) * math.log(df / _TOPICAL_ENTRIES) / scale
                    self._spread[s_] = max(_MIN_SPREAD_WEIGHT, w)

    def _stopword_typo(self, token: str) -> bool:
        """"качан" for "кашан", "pleese" for "please": a misspelt function word is not content."""
        if len(token) < 4 or token in STOPWORDS or self.index.vocab.known(token):
            return False
        return process.extractOne(token, self._stopwords, scorer=fuzz.ratio, score_cutoff=80) is not None

    def _correct(self, stem_: str) -> tuple[str, float]:
        """An unknown stem → a known one: a known stem it extends or that extends it (Kazakh and
        Russian endings the stemmers cut differently), else the closest by edit distance (typos).
        Returns the stem and how much to trust it."""
        if stem_ in self._known or len(stem_) < 4 or stem_.isdigit() or stem_ in self._general:
            return stem_, 1.0
        latin = stem_.isascii()
        single = self._undoubled.get(_DOUBLED.sub(r"\1", stem_))
        if single is not None:
            return single, 0.8
        if not latin:
            # Only Cyrillic: the Russian and Kazakh stemmers cut endings differently; the
            # English stemmer is consistent, so "media" is not "median".
            for n in range(len(stem_) - 1, 4, -1):
                if stem_[:n] in self._known:
                    return stem_[:n], 0.9
            i = bisect_left(self._sorted, stem_)
            if i < len(self._sorted):
                longer = self._sorted[i]
                if longer.startswith(stem_) and len(longer) <= len(stem_) + 2:
                    return longer, 0.9
            for p in _RU_PREFIXES:
                rest = stem_[len(p) :]
                if stem_.startswith(p) and len(rest) >= 4 and rest in self._known and rest not in STOPWORDS:
                    return rest, 0.8
        # A typo needs strong evidence: a long enough word (English words are corrected only
        # from 7 letters: short ones are usually other valid words) and at most one edit (a
        # swap of two neighbours counts as one); two from 9 letters in Cyrillic, where endings
        # vary more.
        if len(stem_) < (7 if latin else 5):
            return stem_, 1.0
        bucket = self._by_initial.get(stem_[0])
        if not bucket:
            return stem_, 1.0
        hit = process.extractOne(stem_, bucket, scorer=fuzz.ratio, score_cutoff=80)
        allowed = 2 if len(stem_) >= 9 else 1
        if hit is None or OSA.distance(stem_, str(hit[0])) > allowed:
            return stem_, 1.0
        return str(hit[0]), 0.8

    def _correct_english_word(self, token: str) -> str | None:
        """The stem of the content's English word a misspelt one stands for: one edit away (a swap
        of neighbours counts as one), two from 9 letters; None for a word English knows."""
        if len(token) < _EN_WORD_TYPO_MIN or not token.isalpha() or not token.isascii():
            return None
        if token in self.index.vocab.en_words:
            return None
        bucket = self._en_by_initial.get(token[0])
        if not bucket:
            return None
        hit = process.extractOne(token, bucket, scorer=fuzz.ratio, score_cutoff=75)
        allowed = 2 if len(token) >= 9 else 1
        if hit is None or OSA.distance(token, str(hit[0])) > allowed:
            return None
        return stem(str(hit[0]))

    def _short_i(self, token: str) -> str | None:
        """"Уити" for "уйти": "й" typed as "и" (keyboards without it, haste). The stem of the one
        known word that a single "и" → "й" makes; None when the word is known or none or several do."""
        vocab = self.index.vocab
        if "и" not in token or vocab.known(token):
            return None
        variants = {token[:i] + "й" + token[i + 1 :] for i, ch in enumerate(token) if ch == "и"}
        hits = variants & vocab.cyr_words
        return stem(hits.pop()) if len(hits) == 1 else None

    def _keyword_strength(self, kw: frozenset[str]) -> float:
        """1 for a keyword only this entry has, made of a topical word; less when other entries
        share it or all its words are common across entries."""
        topical = min(self._spread.get(s, 1.0) for s in kw)
        return topical / math.sqrt(self._kw_shared.get(kw, 1))

    def _log_odds(self, stem_: str) -> float | None:
        """How much more often a word is asked in the entries' questions than in the near misses
        (the out-of-scope prototypes), as smoothed log-odds of document frequencies; None for a
        word neither uses (no evidence either way)."""
        index = self.index
        df_in = index.stem_df_in.get(stem_, 0)
        df_near = index.stem_df_near.get(stem_, 0)
        if (df_in == 0 and df_near == 0) or index.n_near_docs == 0 or index.n_in_docs == 0:
            return None
        lo = math.log((df_in + 0.5) / index.n_in_docs) - math.log((df_near + 0.5) / index.n_near_docs)
        return max(-_LOG_ODDS_CAP, min(_LOG_ODDS_CAP, lo)) / _LOG_ODDS_CAP

    def _near_words(
        self, stems: Sequence[tuple[str, float, float]], best: Candidate | None, prototype: Candidate | None
    ) -> tuple[float, float, float]:
        """What is asked, word by word: a near miss names a concept the near misses use and the
        content's questions do not ("inherit" with "pension savings"). Returns the lowest per-word
        log-odds (0 when none is negative), their idf-weighted mean, and the weight of the
        strongest query word the best entry does not use but the nearest prototype does."""
        index = self.index
        low = 0.0
        num = den = 0.0
        for s, _, idf in stems:
            lo = self._log_odds(s)
            if lo is None:
                continue
            low = min(low, lo)
            num += idf * lo
            den += idf
        explained = 0.0
        if best is not None and prototype is not None:
            ei = self._position[best.entry_id]
            pi = self._position[prototype.entry_id]
            es, ans, ps = index.entry_stems[ei], index.answer_stems[ei], index.entry_stems[pi]
            norm = index.vocab.max_idf if index.vocab.max_idf > 0 else 1.0
            explained = max(
                (idf * trust / norm for s, trust, idf in stems if s in ps and s not in es and s not in ans),
                default=0.0,
            )
        return low, (num / den if den > 0 else 0.0), explained

    def _skipped(self, prev: str, token: str) -> bool:
        """A token that carries no topic: a stopword (or a misspelt one), a single letter, a group
        of zeros ("000" of "70,000": a thousands group, not a number of its own) or the ending of an
        ordinal number ("rd" of "3rd")."""
        return (
            token in STOPWORDS
            or (len(token) <= 1 and not token.isdigit())
            or not token.strip("0")
            or (token in _ORDINAL_ENDINGS and prev.isdigit())
            or self._stopword_typo(token)
        )

    def _read_word(self, token: str) -> tuple[str, float, bool]:
        """The known stem a content token stands for, how much to trust that reading (1.0 unless
        it was corrected), and whether it is a general word (a country, "price") the content does
        not know."""
        s = stem(token)
        general = (token in GENERAL_WORDS or names_a_country(token)) and s not in self._known
        fixed, trust = (s, 1.0) if general else self._correct(s)
        if not general and trust == 1.0 and fixed not in self._known:
            word_fix = self._correct_english_word(token) if token.isascii() else self._short_i(token)
            if word_fix is not None and word_fix in self._known:
                fixed, trust = word_fix, 0.8
        return fixed, trust, general

    def corrected_words(self, tokens: Sequence[str]) -> list[str]:
        """The message's words the matcher reads as other, known words: misspellings it corrects
        and misspelt stopwords. Fitting data leaves such lines out: as an example question, a
        misspelling would become a known word and stop its own correction."""
        toks = expand(tokens)
        return [
            t
            for prev, t in zip(["", *toks], toks, strict=False)
            if self._stopword_typo(t) or (not self._skipped(prev, t) and self._read_word(t)[1] < 1.0)
        ]

    def match(self, tokens: Sequence[str], *, restrict_topics: frozenset[str] | None = None) -> MatchResult:
        index = self.index
        vocab = index.vocab
        toks = expand(tokens)
        stems: list[tuple[str, float, float]] = []  # (stem, trust, weight)
        seen: set[str] = set()
        for prev, t in zip(["", *toks], toks, strict=False):
            if self._skipped(prev, t):
                continue
            fixed, trust, general = self._read_word(t)
            if fixed in seen:
                continue
            seen.add(fixed)
            idf = vocab.idf_of(fixed) if trust == 1.0 or fixed in vocab.idf else vocab.max_idf
            if general or fixed in self._general or (fixed.isdigit() and len(fixed) <= _SHORT_NUMBER_DIGITS):
                idf *= GENERAL_WEIGHT
            idf *= self._spread.get(fixed, 1.0)
            stems.append((fixed, trust, idf))
        total = sum(idf for _, _, idf in stems)
        dom = 0.0
        for s, trust, idf in stems:
            if s in vocab.domain_stems:
                dom += idf * trust
            elif s in vocab.answer_stems:
                dom += 0.6 * idf * trust
        domain_cov = dom / total if total > 0 else 0.0
        length = min(len(stems), 6) / 6.0
        # What is asked, not just what overlaps: the query's words the chosen entry does not
        # use at all. A word the content uses elsewhere ("садик" in a question that matched
        # the housing queue) and a word the content never uses ("сверхурочные") are two
        # signals, each the weight of the strongest such word relative to the rarest word.
        # A year the chosen entry never mentions ("the minimum pension for 2026") asks for a fact
        # the content does not give, however well the rest matches.
        years = [s for s, _, _ in stems if _YEAR.fullmatch(s)]
        # So does a programme code it never names ("the 7-20-25 mortgage" against "2-10-20").
        codes = number_codes(toks)
        # An amount or a duration asked of an entry whose answer states none ("how much is the
        # carer's allowance" against an entry that says who gets it but not how much).
        asked = asked_quantities(toks)
        asked_payments = payments_named(toks)
        # A statistics entry for a question that asks for no figure ("domestic violence").
        uncued = 0.0 if asks_figure(toks) else 1.0
        norm = vocab.max_idf if vocab.max_idf > 0 else 1.0
        known_words: list[tuple[str, float]] = []
        unknown_max = 0.0
        for s, trust, idf in stems:
            if s in vocab.domain_stems or s in vocab.answer_stems:
                known_words.append((s, idf * trust / norm))
            else:
                unknown_max = max(unknown_max, idf * trust / norm)

        best, cent, answer_char = index.char_scores(toks)
        retrieval = 0.5 * best + 0.3 * cent + 0.2 * answer_char
        if restrict_topics is not None:
            mask = np.asarray([t in restrict_topics for t in index.entry_topics], dtype=bool)
            retrieval = np.where(mask, retrieval, -1.0)
        n = index.n_entries
        query_stems = tuple(s for s, _, _ in stems)
        if n == 0:
            return MatchResult((), domain_cov, query_stems)
        k = min(TOP_K, n)
        entry_retrieval = retrieval[:n]
        top = np.argpartition(-entry_retrieval, k - 1)[:k] if n > k else np.arange(n)
        chosen = [int(i) for i in top if retrieval[int(i)] >= 0]
        if len(index.entry_ids) > n and restrict_topics is None:
            # The nearest out-of-scope prototype is scored like a candidate, then set apart.
            chosen.append(n + int(np.argmax(retrieval[n:])))
        # Entries whose own vocabulary covers the query well are candidates even when their
        # letters score lower (short keyword-like queries).
        query_text = " ".join(toks)
        stem_set = {s for s, _, _ in stems}
        # One fuzzy-scoring call over all candidates' example questions (cheaper than one each).
        texts: list[str] = []
        spans: list[tuple[int, int]] = []
        for ei in chosen:
            own = index.entry_doc_texts[ei]
            spans.append((len(texts), len(texts) + len(own)))
            texts += own
        sims = process.cdist([query_text], texts, scorer=fuzz.token_sort_ratio)[0] if texts else None
        cands: list[Candidate] = []
        prototype: Candidate | None = None
        for ei, (lo, hi) in zip(chosen, spans, strict=True):
            es = index.entry_stems[ei]
            ans = index.answer_stems[ei]
            cov = acov = 0.0
            for s, trust, idf in stems:
                if s in es:
                    cov += idf * trust
                    acov += idf * trust
                elif s in ans:
                    acov += idf * trust
            entry_cov = cov / total if total > 0 else 0.0
            answer_cov = acov / total if total > 0 else 0.0
            fuzzy = float(sims[lo:hi].max()) / 100.0 if sims is not None and hi > lo else 0.0
            # A keyword hit is a topical anchor only when the keyword is the entry's own enough.
            strength = max(
                (self._keyword_strength(kw) for kw in index.keyword_stems[ei] if kw and kw <= stem_set),
                default=0.0,
            )
            keyword = 1.0 if strength >= _ANCHOR_STRENGTH else 0.0
            miss_known = max((w for s, w in known_words if s not in es and s not in ans), default=0.0)
            year_miss = 1.0 if (
                any(y not in es and y not in ans and y not in index.entry_year_spans[ei] for y in years)
                or any(not names_code(c, index.entry_codes[ei]) for c in codes)
            ) else 0.0
            feats = (
                float(best[ei]), float(cent[ei]), entry_cov, answer_cov, fuzzy, keyword,
                float(answer_char[ei]), domain_cov, length,
                miss_known, unknown_max, year_miss, quantity_miss(asked, index.entry_quantities[ei], asked_payments, index.entry_payments[ei]),
                uncued if index.entry_is_figure[ei] else 0.0,
            )
            score = sum(w * f for w, f in zip(self.rank_weights, feats, strict=False))
            if ei >= n:
                prototype = Candidate(index.entry_ids[ei], score, feats)
            else:
                cands.append(Candidate(index.entry_ids[ei], score, feats))
        cands.sort(key=lambda c: -c.score)
        near_words = self._near_words(stems, cands[0] if cands else None, prototype)
        code_miss = bool(cands) and any(
            not names_code(c, index.entry_codes[self._position[cands[0].entry_id]]) for c in codes
        )
        return MatchResult(tuple(cands), domain_cov, query_stems, prototype, near_words, code_miss)
