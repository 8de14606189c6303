"""The confidence models and decision thresholds, fitted on data by ``bench.calibrate``.

Three questions, three small logistic models over the same match features:
  * scope: is this message about something the content covers at all?  (no → fallback)
  * near miss: is it a legal question the content does not answer (divorce, overtime pay, a
    benefit amount for a year the report does not give)?  (yes → fallback)
  * entry: given it is, is the best entry the right one?   (sure → answer; fairly likely →
    answer and offer the close runner-ups; unlikely → did-you-mean)
The fitted values live in ``content/_calibration.json`` (read by the composition root, since the
core does no file I/O) with the date and the data they were fitted on. Without that file the
defaults below apply (rounded values of an earlier fit).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.matcher import Candidate, MatchResult

# Inputs of both models, computed from the best candidate and the runner-up.
CONF_FEATURES = (
    "score", "margin", "char", "centroid", "entry_cov", "fuzzy", "keyword", "domain_cov", "length",
    "answer_cov", "miss_known", "miss_unknown", "year_miss", "proto_score", "proto_gap", "proto_cov",
    "near_word_min", "near_word_mean", "proto_explains", "quantity_miss", "figure_uncued",
)


def confidence_inputs(result: MatchResult) -> tuple[float, ...]:
    cands = result.candidates
    if not cands:
        return (0.0,) * len(CONF_FEATURES)
    top: Candidate = cands[0]
    second = cands[1].score if len(cands) > 1 else 0.0
    f = top.features
    # The nearest out-of-scope prototype: how close, how far behind the best entry, how much of
    # the message its words cover (0 when the index has no prototypes).
    proto = result.prototype
    p_score = proto.score if proto is not None else 0.0
    p_cov = proto.features[2] if proto is not None else 0.0
    return (
        top.score, top.score - second, f[0], f[1], f[2], f[4], f[5], result.domain_coverage, f[8], f[3], f[9], f[10],
        f[11], p_score, top.score - p_score, p_cov, *result.near_words, f[12], f[13],
    )


# Where the "only offer" inputs stand (bench.calibrate applies the same rule to arrays).
FIGURE_UNCUED = CONF_FEATURES.index("figure_uncued")
QUANTITY_MISS = CONF_FEATURES.index("quantity_miss")
YEAR_MISS = CONF_FEATURES.index("year_miss")
OFFER_ONLY = (FIGURE_UNCUED, QUANTITY_MISS, YEAR_MISS)


def offer_only(inputs: Sequence[float]) -> bool:
    """The best entry cannot answer what is asked, however well its words match, so it is only
    offered (did-you-mean): a statistics entry for a question that asks for no figure, an entry
    that states no amount (duration, share) for a question that asks for one, or an entry that
    never mentions the year (or programme code) the question names."""
    return any(inputs[i] > 0 for i in OFFER_ONLY)


# Where the "anchored" inputs stand, and their bounds (``length`` is content words / 6).
_KEYWORD = CONF_FEATURES.index("keyword")
_ENTRY_COV = CONF_FEATURES.index("entry_cov")
_DOMAIN_COV = CONF_FEATURES.index("domain_cov")
_LENGTH = CONF_FEATURES.index("length")
_WHOLE = 0.999
_TWO_WORDS = 2 / 6 - 1e-9


def entry_words_only(inputs: Sequence[float]) -> bool:
    """Every content word of the message is the best entry's own."""
    return inputs[_ENTRY_COV] >= _WHOLE


def anchored(inputs: Sequence[float]) -> bool:
    """Two or more content words, every one the best entry's own, one of its keywords among
    them ("горячие линии"): in scope however short. The scope model learned from trivia and
    chit-chat that short messages are out of scope, so such a message sat at its threshold and
    every refit moved it. One word ("how do I apply") is no anchor: a fragment of a longer
    question may be only that."""
    return (
        inputs[_KEYWORD] > 0
        and entry_words_only(inputs)
        and inputs[_DOMAIN_COV] >= _WHOLE
        and inputs[_LENGTH] >= _TWO_WORDS
    )


def year_unstated(inputs: Sequence[float]) -> bool:
    """The question names a year (or a programme code) the best entry never mentions: "the TSA
    amount in 2024", "pension in 2025" against an entry whose figures are of 2023."""
    return inputs[YEAR_MISS] > 0


def quantity_unstated(inputs: Sequence[float]) -> bool:
    """The question asks for an amount (share, total, duration) the best entry does not state."""
    return inputs[QUANTITY_MISS] > 0


def _sigmoid(intercept: float, coef: Sequence[float], inputs: Sequence[float]) -> float:
    z = intercept + sum(c * x for c, x in zip(coef, inputs, strict=False))
    z = max(-40.0, min(40.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def _floats(values: Any, name: str) -> tuple[float, ...]:
    out = tuple(float(v) for v in values)
    if len(out) != len(CONF_FEATURES):
        raise ValueError(f"calibration {name} must have {len(CONF_FEATURES)} values")
    return out


def _padded(*coef: float) -> tuple[float, ...]:
    return coef + (0.0,) * (len(CONF_FEATURES) - len(coef))


@dataclass(frozen=True)
class Calibration:
    # The first nine inputs' weights of an earlier fit; the later inputs start at 0.
    scope_coef: tuple[float, ...] = _padded(3.0, -0.6, 2.2, 3.7, 2.2, 0.4, 1.3, 3.9, 3.3)
    scope_intercept: float = -11.0
    scope_threshold: float = 0.95  # P(in scope) below this: fallback
    # P(not a near miss): content questions vs legal questions the content does not answer (its
    # own linear model: trivia and near misses are told apart by different signals).
    near_coef: tuple[float, ...] = (0.0,) * len(CONF_FEATURES)
    near_intercept: float = 40.0  # without a fit: never a near miss
    near_threshold: float = 0.0
    entry_coef: tuple[float, ...] = _padded(2.2, 8.1, 0.0, 2.2, 0.0, -3.7, 0.2, 0.0, -1.1)
    entry_intercept: float = -0.5
    answer_threshold: float = 0.6  # P(best entry right) at or above this: answer
    # Between this and answer_threshold: answer, with the close runner-ups offered as buttons;
    # below it: did-you-mean only.
    hedge_threshold: float = 0.35
    min_domain_coverage: float = 0.3  # hard floor: a query the domain barely covers is out of scope
    clarify_ratio: float = 0.8  # runner-ups within this share of the best score are offered
    fitted_on: str = "defaults (not fitted)"
    fitted_at: str = ""
    content_hash: str = ""  # of the content it was fitted on (refit when the content changes)
    metrics: Mapping[str, float] = field(default_factory=dict)

    def scope(self, inputs: Sequence[float]) -> float:
        return _sigmoid(self.scope_intercept, self.scope_coef, inputs)

    def near(self, inputs: Sequence[float]) -> float:
        return _sigmoid(self.near_intercept, self.near_coef, inputs)

    def entry(self, inputs: Sequence[float]) -> float:
        return _sigmoid(self.entry_intercept, self.entry_coef, inputs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        """Build from the parsed JSON; unknown keys are ignored, missing ones keep defaults."""
        base = cls()
        return cls(
            scope_coef=_floats(data.get("scope_coef", base.scope_coef), "scope_coef"),
            scope_intercept=float(data.get("scope_intercept", base.scope_intercept)),
            scope_threshold=float(data.get("scope_threshold", base.scope_threshold)),
            near_coef=_floats(data.get("near_coef", base.near_coef), "near_coef"),
            near_intercept=float(data.get("near_intercept", base.near_intercept)),
            near_threshold=float(data.get("near_threshold", base.near_threshold)),
            entry_coef=_floats(data.get("entry_coef", base.entry_coef), "entry_coef"),
            entry_intercept=float(data.get("entry_intercept", base.entry_intercept)),
            answer_threshold=float(data.get("answer_threshold", base.answer_threshold)),
            hedge_threshold=float(data.get("hedge_threshold", base.hedge_threshold)),
            min_domain_coverage=float(data.get("min_domain_coverage", base.min_domain_coverage)),
            clarify_ratio=float(data.get("clarify_ratio", base.clarify_ratio)),
            fitted_on=str(data.get("fitted_on", base.fitted_on)),
            fitted_at=str(data.get("fitted_at", base.fitted_at)),
            content_hash=str(data.get("content_hash", base.content_hash)),
            metrics={str(k): float(v) for k, v in dict(data.get("metrics", {})).items()},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(CONF_FEATURES),
            "scope_coef": [round(c, 6) for c in self.scope_coef],
            "scope_intercept": round(self.scope_intercept, 6),
            "scope_threshold": round(self.scope_threshold, 4),
            "near_coef": [round(c, 6) for c in self.near_coef],
            "near_intercept": round(self.near_intercept, 6),
            "near_threshold": round(self.near_threshold, 4),
            "entry_coef": [round(c, 6) for c in self.entry_coef],
            "entry_intercept": round(self.entry_intercept, 6),
            "answer_threshold": round(self.answer_threshold, 4),
            "hedge_threshold": round(self.hedge_threshold, 4),
            "min_domain_coverage": round(self.min_domain_coverage, 4),
            "clarify_ratio": self.clarify_ratio,
            "fitted_on": self.fitted_on,
            "fitted_at": self.fitted_at,
            "content_hash": self.content_hash,
            "metrics": dict(self.metrics),
        }
