"""Match → decision: answer, clarify (did-you-mean) or fallback, by the calibrated thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.calibration import Calibration, confidence_inputs
from bot.core.matcher import MatchResult

MAX_CLARIFY = 3


class DecisionKind(StrEnum):
    ANSWER = "answer"
    CLARIFY = "clarify"
    FALLBACK = "fallback"


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    entry_id: str | None  # the answer's entry (ANSWER only)
    confidence: float
    options: tuple[str, ...] = ()  # did-you-mean entry ids (CLARIFY)


def decide(result: MatchResult, calibration: Calibration) -> Decision:
    best = result.best
    if best is None:
        return Decision(DecisionKind.FALLBACK, None, 0.0)
    conf = calibration.confidence(confidence_inputs(result))
    if result.domain_coverage < calibration.min_domain_coverage:
        return Decision(DecisionKind.FALLBACK, None, conf)
    if conf >= calibration.answer_threshold:
        return Decision(DecisionKind.ANSWER, best.entry_id, conf)
    if conf >= calibration.clarify_threshold:
        floor = best.score * calibration.clarify_ratio
        options = tuple(c.entry_id for c in result.candidates[:MAX_CLARIFY] if c.score >= floor)
        return Decision(DecisionKind.CLARIFY, None, conf, options)
    return Decision(DecisionKind.FALLBACK, None, conf)
