"""Several questions in one message: the first two the engine is sure of are answered in one
reply, in the order asked; every question after the first is also a button."""

from __future__ import annotations

from dataclasses import replace

import pytest

import bot.core.service as service_module
from bot.core.calibration import Calibration
from bot.core.decide import Decision, DecisionKind
from bot.core.matcher import MatchResult
from bot.core.multi import split_questions
from tests.core.engine_catalog import service


def test_split_on_question_marks_semicolons_and_newlines() -> None:
    assert split_questions("какой пенсионный возраст? кому положена асп") == [
        "какой пенсионный возраст",
        "кому положена асп",
    ]
    assert len(split_questions("retirement age; disability allowance\nemergency number")) == 3


def test_split_on_conjunctions_between_questions() -> None:
    assert len(split_questions("пенсионный возраст и еще пособие на ребенка-инвалида")) == 2
    assert len(split_questions("retirement age also disability allowance for a child")) == 2


def test_a_single_question_stays_whole() -> None:
    assert split_questions("какой пенсионный возраст?") == ["какой пенсионный возраст?"]


def test_two_questions_are_answered_in_one_reply_with_merged_sources_and_helplines() -> None:
    reply = service().answer("какой пенсионный возраст? и сколько платят на ребенка с инвалидностью")
    assert reply.entry_id == "pension-retirement-age"
    assert [s.entry_id for s in reply.suggestions] == ["disability-child-allowance"]  # on its own too
    assert "кнопкам" not in reply.body  # no question is left to the buttons alone
    assert "63" in reply.body and "1,61" in reply.body
    assert "Пособие на ребёнка с инвалидностью" in reply.body  # the second answer under its title
    assert reply.source_line is not None and "396" in reply.source_line and "401" in reply.source_line
    assert reply.helplines_line is not None and reply.helplines_line.count("1414") == 1


def test_a_third_question_becomes_a_button_with_a_note() -> None:
    reply = service().answer("какой пенсионный возраст? и сколько платят на ребенка с инвалидностью? кто может получить асп")
    assert reply.entry_id == "pension-retirement-age"
    assert [s.entry_id for s in reply.suggestions] == ["disability-child-allowance", "tsa-eligibility"]
    assert "кнопкам" in reply.body
    assert "70 %" not in reply.body


def test_and_splits_only_before_a_question_word() -> None:
    assert split_questions("how much is the minimum wage and where do I complain about my boss") == [
        "how much is the minimum wage",
        "where do I complain about my boss",
    ]
    assert split_questions("пенсионный возраст и как получить пособие") == ["пенсионный возраст", "как получить пособие"]
    assert len(split_questions("rights and duties of disabled people")) == 1
    assert len(split_questions("права и обязанности супругов")) == 1


def test_the_first_question_asked_is_answered_first() -> None:
    svc = service()
    first = svc.answer("сколько платят на ребенка с инвалидностью? какой пенсионный возраст")
    assert first.entry_id == "disability-child-allowance"
    assert first.body.index("1,61") < first.body.index("63")
    second = svc.answer("какой пенсионный возраст? сколько платят на ребенка с инвалидностью")
    assert second.entry_id == "pension-retirement-age"


def test_a_hedged_first_answer_stays_alone_and_the_other_question_is_a_button(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the first answer has a close runner-up, joining a second one would pile two
    uncertain texts together: the second question stays a button."""
    real = service_module.decide

    def hedge_retirement(result: MatchResult, calibration: Calibration) -> Decision:
        d = real(result, calibration)
        if d.entry_id == "pension-retirement-age":
            return replace(d, options=("pension-tiers",))
        return d

    monkeypatch.setattr(service_module, "decide", hedge_retirement)
    reply = service().answer("какой пенсионный возраст? и сколько платят на ребенка с инвалидностью")
    assert reply.entry_id == "pension-retirement-age"
    assert "1,61" not in reply.body
    assert [s.entry_id for s in reply.suggestions] == ["disability-child-allowance"]


@pytest.mark.parametrize(("near_miss", "answered"), [(True, None), (False, "pension-retirement-age")])
def test_a_part_is_answered_alone_only_when_no_other_part_is_a_near_miss(
    monkeypatch: pytest.MonkeyPatch, near_miss: bool, answered: str | None
) -> None:
    """The whole message is not answered and one part is: when another part is a question the
    content does not cover (the near-miss gate refuses it), the answered part only set the
    scene, so nothing is answered; a part refused as vague does not stop the answer."""
    real = service_module.decide
    uncovered = "2099"  # a year nothing names marks the uncovered part (kept as typed)

    def whole_refused(result: MatchResult, calibration: Calibration) -> Decision:
        d = real(result, calibration)
        if uncovered in result.content_stems:  # the whole message and its uncovered part
            return Decision(DecisionKind.FALLBACK, None, 0.0)
        return d

    monkeypatch.setattr(service_module, "decide", whole_refused)
    monkeypatch.setattr(
        service_module, "is_near_miss", lambda result, calibration: near_miss and uncovered in result.content_stems
    )
    reply = service().answer("какой пенсионный возраст? и сколько дней отпуска дадут пенсионеру в 2099 году")
    assert reply.entry_id == answered
