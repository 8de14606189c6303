"""Fit the matcher's ranking weights (bot.core.matcher.RANK_WEIGHTS) as a pairwise ranker.

    python -m bench.rank

Every content question is answered by an index built without it (5 folds over questions, the
out-of-scope prototypes indexed as in the service); where its entry is among the candidates,
each wrong candidate gives a pair (right minus wrong, and the reverse). A logistic regression
without intercept on those differences is a linear ranker; our paraphrases in citizens' words
(bench/data/inscope_paraphrases2.jsonl, the fitted part, which the content holds as example
questions) weigh PEOPLE_WEIGHT times. Prints the weights scaled to sum 1 and the top-1 of the
current and the fitted weights on held-out folds of the questions (5-fold CV over questions).
Copy the weights into RANK_WEIGHTS by hand, then refit the calibration (python -m bench.calibrate).
"""

from __future__ import annotations

import random

import numpy as np
from sklearn.linear_model import LogisticRegression

from bench.common import (
    CONTENT,
    INSCOPE_PARAPHRASES2,
    INSCOPE_PARAPHRASES4,
    content_questions,
    folds,
    load_content,
    paraphrase_questions,
    without_questions,
)
from bot.content.out_of_scope import load_out_of_scope
from bot.core.analyze import analyze
from bot.core.index import Index
from bot.core.matcher import FEATURES, RANK_WEIGHTS, Matcher

K_FOLDS = 5
PEOPLE_WEIGHT = 5.0
# The candidate-level features (the others are the same for every candidate, or are read by the
# decision only): indices into bot.core.matcher.FEATURES.
RANKED = (*range(7), FEATURES.index("figure_uncued"))

Group = tuple[bool, list[tuple[np.ndarray, bool]]]  # (citizens' wording, [(features, right)])


def collect() -> list[Group]:
    catalog = load_content()
    prototypes = load_out_of_scope(CONTENT)
    people = {
        (q.entry_id, q.lang, q.text)
        for path in (INSCOPE_PARAPHRASES2, INSCOPE_PARAPHRASES4)
        for q in paraphrase_questions(path, split="fit")
    }
    groups: list[Group] = []
    for fold in folds(content_questions(catalog), K_FOLDS):
        held = {(q.entry_id or "", q.lang, q.text) for q in fold}
        index = Index(without_questions(catalog, held), prototypes)
        matcher = Matcher(index)
        for q in fold:
            cands = matcher.match(analyze(q.text, index.vocab).tokens).candidates
            if any(c.entry_id == q.entry_id for c in cands):
                groups.append(
                    (
                        (q.entry_id, q.lang, q.text) in people,
                        [(np.asarray([c.features[i] for i in RANKED]), c.entry_id == q.entry_id) for c in cands],
                    )
                )
    return groups


def fit(groups: list[Group]) -> np.ndarray:
    x: list[np.ndarray] = []
    y: list[int] = []
    w: list[float] = []
    for people, cands in groups:
        right = next(f for f, ok in cands if ok)
        for f, ok in cands:
            if not ok:
                x += [right - f, f - right]
                y += [1, 0]
                w += [PEOPLE_WEIGHT if people else 1.0] * 2
    model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=5000)
    model.fit(np.asarray(x), np.asarray(y), sample_weight=np.asarray(w))
    coef = np.asarray(model.coef_[0])
    return coef / coef.sum()


def top1(weights: np.ndarray, groups: list[Group]) -> float:
    hits = 0
    for _, cands in groups:
        scores = [float(f @ weights) for f, _ in cands]
        hits += cands[int(np.argmax(scores))][1]
    return hits / len(groups) if groups else 0.0


def main() -> int:
    groups = collect()
    order = list(range(len(groups)))
    random.Random(0).shuffle(order)
    current = np.asarray([RANK_WEIGHTS[i] for i in RANKED])
    before: list[float] = []
    after: list[float] = []
    for k in range(K_FOLDS):
        test = [groups[i] for j, i in enumerate(order) if j % K_FOLDS == k]
        train = [groups[i] for j, i in enumerate(order) if j % K_FOLDS != k]
        before.append(top1(current, test))
        after.append(top1(fit(train), test))
    weights = fit(groups)
    print(f"{len(groups)} questions with their entry among the candidates ({sum(p for p, _ in groups)} in citizens' wording)")
    print(f"held-out top-1: current weights {np.mean(before):.3f}, fitted {np.mean(after):.3f}")
    full = [0.0] * len(FEATURES)
    for i, v in zip(RANKED, weights, strict=True):
        full[i] = float(v)
    print("RANK_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in full) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
