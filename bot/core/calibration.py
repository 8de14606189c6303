"""The confidence model and decision thresholds, fitted on data by ``bench.calibrate``.

The fitted values live in ``content/_calibration.json`` (read by the composition root, since the
core does no file I/O) with the date and the data they were fitted on. Without that file the
defaults below apply: conservative hand-set values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.matcher import Candidate, MatchResult

# Inputs of the confidence model, computed from the best candidate and the runner-up.
CONF_FEATURES = ("score", "margin", "char", "centroid", "entry_cov", "fuzzy", "keyword", "domain_cov", "length")


def confidence_inputs(result: MatchResult) -> tuple[float, ...]:
    cands = result.candidates
    if not cands:
        return (0.0,) * len(CONF_FEATURES)
    top: Candidate = cands[0]
    second = cands[1].score if len(cands) > 1 else 0.0
    f = top.features
    return (top.score, top.score - second, f[0], f[1], f[2], f[4], f[5], result.domain_coverage, f[7])


@dataclass(frozen=True)
class Calibration:
    # Logistic model over CONF_FEATURES: confidence = sigmoid(intercept + coef · inputs).
    coef: tuple[float, ...] = (8.0, 6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 4.0, 0.0)
    intercept: float = -7.5
    answer_threshold: float = 0.5  # confidence at or above which we answer
    clarify_threshold: float = 0.25  # below this: fallback; between: did-you-mean
    min_domain_coverage: float = 0.35  # a query the domain barely covers is out of scope
    clarify_ratio: float = 0.6  # runner-ups within this share of the best score are offered
    fitted_on: str = "defaults (not fitted)"
    fitted_at: str = ""
    metrics: Mapping[str, float] = field(default_factory=dict)

    def confidence(self, inputs: Sequence[float]) -> float:
        z = self.intercept + sum(c * x for c, x in zip(self.coef, inputs, strict=False))
        z = max(-40.0, min(40.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        """Build from the parsed JSON; unknown keys are ignored, missing ones keep defaults."""
        base = cls()
        coef = data.get("coef", base.coef)
        if len(coef) != len(CONF_FEATURES):
            raise ValueError(f"calibration coef must have {len(CONF_FEATURES)} values")
        return cls(
            coef=tuple(float(c) for c in coef),
            intercept=float(data.get("intercept", base.intercept)),
            answer_threshold=float(data.get("answer_threshold", base.answer_threshold)),
            clarify_threshold=float(data.get("clarify_threshold", base.clarify_threshold)),
            min_domain_coverage=float(data.get("min_domain_coverage", base.min_domain_coverage)),
            clarify_ratio=float(data.get("clarify_ratio", base.clarify_ratio)),
            fitted_on=str(data.get("fitted_on", base.fitted_on)),
            fitted_at=str(data.get("fitted_at", base.fitted_at)),
            metrics={str(k): float(v) for k, v in dict(data.get("metrics", {})).items()},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(CONF_FEATURES),
            "coef": [round(c, 6) for c in self.coef],
            "intercept": round(self.intercept, 6),
            "answer_threshold": round(self.answer_threshold, 4),
            "clarify_threshold": round(self.clarify_threshold, 4),
            "min_domain_coverage": round(self.min_domain_coverage, 4),
            "clarify_ratio": self.clarify_ratio,
            "fitted_on": self.fitted_on,
            "fitted_at": self.fitted_at,
            "metrics": dict(self.metrics),
        }
