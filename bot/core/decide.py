"""Match → decision: answer, clarify (did-you-mean) or fallback, by the calibrated models."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.calibration import (
    Calibration,
    anchored,
    confidence_inputs,
    entry_words_only,
    offer_only,
    quantity_unstated,
    year_unstated,
)
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
    confidence: float  # P(in scope) x P(best entry is right)
    # CLARIFY: did-you-mean entry ids; ANSWER: close runner-ups offered next to a hedged answer.
    options: tuple[str, ...] = ()
    # CLARIFY only: the best entry would have been the answer, but it states no figure of the
    # kind asked ("how much is ..."): the reply says so rather than "did you mean".
    figure_unstated: bool = False
    # CLARIFY only: the message names a programme code the best entry does not describe
    # ("the 7-20-25 mortgage" against the 2-10-20 entry): the reply says so.
    programme_unnamed: bool = False
    # CLARIFY only: the message names a year the best entry never mentions ("the TSA amount in
    # 2024" against figures of 2023): the reply says it has nothing verified for that year.
    year_unnamed: bool = False


def decide(result: MatchResult, calibration: Calibration) -> Decision:
    best = result.best
    if best is None:
        return Decision(DecisionKind.FALLBACK, None, 0.0)
    inputs = confidence_inputs(result)
    p_scope = calibration.scope(inputs)
    p_near = calibration.near(inputs)
    p_entry = calibration.entry(inputs)
    conf = min(p_scope, p_near) * p_entry
    out_of_scope = result.domain_coverage < calibration.min_domain_coverage or (
        p_scope < calibration.scope_threshold and not anchored(inputs)
    )
    # On the best entry's subject: the entry model is fairly sure, or every content word asked is
    # the entry's own (a near miss on its subject that a prototype matches closer).
    on_subject = p_entry >= calibration.hedge_threshold or entry_words_only(inputs)
    if out_of_scope or p_near < calibration.near_threshold:
        # A question on an entry's own subject that asks what the entry does not state (an
        # amount, a year, a programme) is still not answered, but the reply says so and offers
        # the entry, as below; out of scope only when every content word asked is the entry's
        # own. Anything else falls back.
        if on_subject and (not out_of_scope or entry_words_only(inputs)):
            unstated = _unstated(result, inputs, conf, _options(result, calibration))
            if unstated is not None:
                return unstated
        return Decision(DecisionKind.FALLBACK, None, conf)
    # A statistics entry answers a question that asks for a figure; for any other question
    # ("domestic violence", a trivia question that shares its words) it is only offered. So is
    # an entry that states no amount for "how much is ..." (a near miss on its subject).
    # Likewise an entry that never names the programme code or the year the message asks about.
    answerable = not offer_only(inputs) and not result.code_miss
    if answerable and p_entry >= calibration.answer_threshold:
        return Decision(DecisionKind.ANSWER, best.entry_id, conf)
    options = _options(result, calibration)
    if answerable and p_entry >= calibration.hedge_threshold:
        return Decision(DecisionKind.ANSWER, best.entry_id, conf, options[1:])
    unstated = _unstated(result, inputs, conf, options) if on_subject else None
    return unstated if unstated is not None else Decision(DecisionKind.CLARIFY, None, conf, options)


def _options(result: MatchResult, calibration: Calibration) -> tuple[str, ...]:
    """The best entry and the runner-ups within ``clarify_ratio`` of its score."""
    floor = result.candidates[0].score * calibration.clarify_ratio
    return tuple(c.entry_id for c in result.candidates[:MAX_CLARIFY] if c.score >= floor)


def _unstated(
    result: MatchResult, inputs: tuple[float, ...], conf: float, options: tuple[str, ...]
) -> Decision | None:
    """The best entry does not state what is asked: the programme code, the year or the kind of
    figure named. A did-you-mean that says so; None otherwise."""
    if result.code_miss:
        return Decision(DecisionKind.CLARIFY, None, conf, options, programme_unnamed=True)
    if year_unstated(inputs) and not quantity_unstated(inputs):
        return Decision(DecisionKind.CLARIFY, None, conf, options, year_unnamed=True)
    if quantity_unstated(inputs):
        return Decision(DecisionKind.CLARIFY, None, conf, options, figure_unstated=True)
    return None


def is_near_miss(result: MatchResult, calibration: Calibration) -> bool:
    """The near-miss gate refuses the message: a legal question the content does not answer
    ("how many days can she stay in the crisis centre"), not merely a vague or foreign one."""
    if result.best is None:
        return False
    return calibration.near(confidence_inputs(result)) < calibration.near_threshold
