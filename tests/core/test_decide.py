"""Decision rules: answer, did-you-mean, fallback from the match and the calibration."""

from __future__ import annotations

import pytest

from bot.core.calibration import CONF_FEATURES, Calibration, confidence_inputs
from bot.core.decide import DecisionKind, decide
from bot.core.matcher import FEATURES, Candidate, MatchResult

N = len(CONF_FEATURES)
# A calibration whose scope model reads only domain coverage and whose entry model reads only the
# margin between the best and the second candidate: easy to reason about in tests.
CAL = Calibration(
    scope_coef=tuple(10.0 if f == "domain_cov" else 0.0 for f in CONF_FEATURES),
    scope_intercept=-5.0,
    scope_threshold=0.5,
    entry_coef=tuple(20.0 if f == "margin" else 0.0 for f in CONF_FEATURES),
    entry_intercept=-2.0,
    answer_threshold=0.5,
    min_domain_coverage=0.2,
    clarify_ratio=0.5,
)


def _cand(
    entry_id: str, score: float, *, figure_uncued: float = 0.0, quantity_miss: float = 0.0, year_miss: float = 0.0
) -> Candidate:
    feats = (score, score, score, score, score, 0.0, score, 0.0, 0.5, 0.0, 0.0, year_miss, quantity_miss, figure_uncued)
    assert len(feats) == len(FEATURES)
    return Candidate(entry_id, score, feats)


def _result(scores: list[tuple[str, float]], coverage: float) -> MatchResult:
    return MatchResult(tuple(_cand(e, s) for e, s in scores), coverage, ("x",))


def test_clear_winner_in_domain_is_answered() -> None:
    d = decide(_result([("a", 0.9), ("b", 0.3)], coverage=1.0), CAL)
    assert d.kind is DecisionKind.ANSWER
    assert d.entry_id == "a"
    assert 0.0 <= d.confidence <= 1.0


def test_near_tie_asks_which_one_was_meant() -> None:
    d = decide(_result([("a", 0.80), ("b", 0.78), ("c", 0.70), ("d", 0.1)], coverage=1.0), CAL)
    assert d.kind is DecisionKind.CLARIFY
    assert d.entry_id is None
    assert d.options == ("a", "b", "c")


def test_words_outside_the_domain_fall_back() -> None:
    d = decide(_result([("a", 0.9), ("b", 0.1)], coverage=0.1), CAL)
    assert d.kind is DecisionKind.FALLBACK
    assert d.entry_id is None


def test_low_scope_probability_falls_back_even_above_the_floor() -> None:
    d = decide(_result([("a", 0.9), ("b", 0.1)], coverage=0.4), CAL)
    assert d.kind is DecisionKind.FALLBACK


def test_no_candidates_fall_back() -> None:
    d = decide(MatchResult((), 0.0, ()), CAL)
    assert d.kind is DecisionKind.FALLBACK


def test_confidence_inputs_have_one_value_per_feature() -> None:
    assert len(confidence_inputs(_result([("a", 0.5)], 1.0))) == N
    assert confidence_inputs(MatchResult((), 0.0, ())) == (0.0,) * N


def test_calibration_round_trips_through_its_json_form() -> None:
    again = Calibration.from_dict(CAL.to_dict())
    assert again.scope_threshold == CAL.scope_threshold
    assert again.entry_coef == CAL.entry_coef


def test_calibration_with_wrong_number_of_weights_is_refused() -> None:
    with pytest.raises(ValueError):
        Calibration.from_dict({"scope_coef": [1.0, 2.0]})


def test_fairly_likely_best_entry_is_answered_with_runner_ups_offered() -> None:
    hedging = Calibration(**{**CAL.__dict__, "answer_threshold": 0.9, "hedge_threshold": 0.1})
    d = decide(_result([("a", 0.80), ("b", 0.70), ("c", 0.1)], coverage=1.0), hedging)
    assert d.kind is DecisionKind.ANSWER
    assert d.entry_id == "a"
    assert d.options == ("b",)


def test_the_fitted_calibration_file_loads() -> None:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "content" / "_calibration.json"
    cal = Calibration.from_dict(json.loads(path.read_text(encoding="utf-8")))
    assert cal.fitted_at and "out-of-scope" in cal.fitted_on
    assert 0.0 < cal.hedge_threshold <= cal.answer_threshold < 1.0


@pytest.mark.parametrize(
    ("entry_id", "gap"),
    [
        # A statistics entry for a question that asks for no figure ("domestic violence").
        ("figures-violence", {"figure_uncued": 1.0}),
        # "How much is the childcare payment" against the childcare entry that names no amount:
        # a near miss on the entry's subject.
        ("family-childcare", {"quantity_miss": 1.0}),
    ],
)
def test_an_entry_that_cannot_answer_what_is_asked_is_offered_not_answered(
    entry_id: str, gap: dict[str, float]
) -> None:
    clear = MatchResult((_cand(entry_id, 0.9, **gap), _cand("b", 0.3)), 1.0, ("x",))
    d = decide(clear, CAL)
    assert d.kind is DecisionKind.CLARIFY
    assert d.entry_id is None and d.options == (entry_id,)
    # Only the amount asked and not stated is said so in the reply (``figure_unstated``).
    assert d.figure_unstated is ("quantity_miss" in gap)
    # The same match without the gap is answered.
    whole = MatchResult((_cand(entry_id, 0.9), _cand("b", 0.3)), 1.0, ("x",))
    assert decide(whole, CAL).kind is DecisionKind.ANSWER


def _near_result(*, entry_cov: float, quantity_miss: float) -> MatchResult:
    feats = [0.9, 0.9, entry_cov, 0.9, 0.9, 0.0, 0.9, 1.0, 0.5, 0.0, 0.0, 0.0, quantity_miss, 0.0]
    return MatchResult((Candidate("a", 0.9, tuple(feats)), _cand("b", 0.3)), 1.0, ("x",))


@pytest.mark.parametrize(
    ("gate", "entry_cov", "quantity_miss", "kind"),
    [
        # A near miss asking an amount its entry does not state: "no verified figure", the entry
        # offered, whether or not every word is the entry's own.
        ("near", 1.0, 1.0, DecisionKind.CLARIFY),
        ("near", 0.8, 1.0, DecisionKind.CLARIFY),
        ("near", 1.0, 0.0, DecisionKind.FALLBACK),  # any other near miss
        # Out of scope by the scope model: only when every content word asked is the entry's own.
        ("scope", 1.0, 1.0, DecisionKind.CLARIFY),
        ("scope", 0.8, 1.0, DecisionKind.FALLBACK),
        ("scope", 1.0, 0.0, DecisionKind.FALLBACK),
    ],
)
def test_a_refused_question_that_asks_what_its_entry_does_not_state_says_so(
    gate: str, entry_cov: float, quantity_miss: float, kind: DecisionKind
) -> None:
    refusing = Calibration(
        scope_coef=(0.0,) * N,
        scope_intercept=-5.0 if gate == "scope" else 5.0,
        scope_threshold=0.5,
        near_coef=(0.0,) * N,
        near_intercept=-5.0 if gate == "near" else 5.0,
        near_threshold=0.5,
        entry_coef=CAL.entry_coef,
        entry_intercept=CAL.entry_intercept,
        answer_threshold=0.5,
        hedge_threshold=0.35,
    )
    d = decide(_near_result(entry_cov=entry_cov, quantity_miss=quantity_miss), refusing)
    assert d.kind is kind and d.entry_id is None
    if kind is DecisionKind.CLARIFY:
        assert d.figure_unstated and d.options[0] == "a"


def _anchor_result(*, keyword: float, entry_cov: float, length: float) -> MatchResult:
    feats = [0.9, 0.9, entry_cov, 0.9, 0.9, keyword, 0.9, 1.0, length, 0.0, 0.0, 0.0, 0.0, 0.0]
    best = Candidate("a", 0.9, tuple(feats))
    return MatchResult((best, _cand("b", 0.1)), 1.0, ("x",))


@pytest.mark.parametrize(
    ("keyword", "entry_cov", "length", "kind"),
    [
        (1.0, 1.0, 2 / 6, DecisionKind.ANSWER),  # "горячие линии": two words, the entry's own keyword
        (1.0, 1.0, 1 / 6, DecisionKind.FALLBACK),  # one word is no anchor ("how do I apply")
        (0.0, 1.0, 2 / 6, DecisionKind.FALLBACK),  # no keyword of the entry
        (1.0, 0.8, 2 / 6, DecisionKind.FALLBACK),  # a word the entry does not use
    ],
)
def test_a_short_message_anchored_in_one_entry_passes_the_scope_gate(
    keyword: float, entry_cov: float, length: float, kind: DecisionKind
) -> None:
    """The scope model learned that short messages are out of scope; two or more words that are
    all the best entry's own, one of its keywords among them, are in scope however short."""
    strict = Calibration(
        scope_coef=(0.0,) * N,
        scope_intercept=-5.0,  # P(in scope) 0.007 for every message
        scope_threshold=0.5,
        entry_coef=CAL.entry_coef,
        entry_intercept=CAL.entry_intercept,
        answer_threshold=0.5,
        min_domain_coverage=0.2,
    )
    assert decide(_anchor_result(keyword=keyword, entry_cov=entry_cov, length=length), strict).kind is kind


def test_a_programme_code_the_best_entry_never_names_is_offered_not_answered() -> None:
    clear = [_cand("housing-mortgage", 0.9), _cand("b", 0.3)]
    d = decide(MatchResult(tuple(clear), 1.0, ("x",), code_miss=True), CAL)
    assert d.kind is DecisionKind.CLARIFY
    assert d.entry_id is None and d.options == ("housing-mortgage",)
    assert d.programme_unnamed and not d.figure_unstated
    assert decide(MatchResult(tuple(clear), 1.0, ("x",)), CAL).kind is DecisionKind.ANSWER


def test_a_year_the_best_entry_never_mentions_is_offered_not_answered() -> None:
    # "The TSA amount in 2024" against an entry whose figures are of 2023.
    missed = [_cand("tsa-amount", 0.9, year_miss=1.0), _cand("b", 0.3)]
    d = decide(MatchResult(tuple(missed), 1.0, ("x",)), CAL)
    assert d.kind is DecisionKind.CLARIFY
    assert d.entry_id is None and d.options == ("tsa-amount",)
    assert d.year_unnamed and not d.figure_unstated and not d.programme_unnamed
    # An amount the entry does not state either: that reply comes first.
    both = [_cand("tsa-amount", 0.9, year_miss=1.0, quantity_miss=1.0), _cand("b", 0.3)]
    d = decide(MatchResult(tuple(both), 1.0, ("x",)), CAL)
    assert d.figure_unstated and not d.year_unnamed
