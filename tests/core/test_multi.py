"""Several questions in one message: the best is answered, the others become buttons."""

from __future__ import annotations

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


def test_other_questions_come_back_as_suggestions() -> None:
    reply = service().answer("какой пенсионный возраст? и сколько платят на ребенка с инвалидностью")
    found = {reply.entry_id} | {s.entry_id for s in reply.suggestions}
    assert found == {"pension-retirement-age", "disability-child-allowance"}
    assert reply.entry_id not in {s.entry_id for s in reply.suggestions}


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
    assert [s.entry_id for s in first.suggestions] == ["pension-retirement-age"]
    second = svc.answer("какой пенсионный возраст? сколько платят на ребенка с инвалидностью")
    assert second.entry_id == "pension-retirement-age"
