"""Crisis routing: danger happening now gets emergency numbers first and the relevant entry."""

from __future__ import annotations

import pytest

from bot.core.crisis import is_crisis
from bot.core.lang import Lang
from bot.core.normalize import fold
from bot.core.reply import ReplyKind
from bot.core.service import AnswerService
from tests.core.engine_catalog import service


@pytest.fixture(scope="module")
def svc() -> AnswerService:
    return service()


@pytest.mark.parametrize(
    "text",
    [
        "муж бьёт меня прямо сейчас",
        "отчим избивает ребенка",
        "не хочу жить",
        "он угрожает убить меня",
        "күйеуім мені ұрып жатыр",
        "kuieuim meni urip jatyr",
        "өзіме қол жұмсағым келеді",
        "my husband is beating me",
        "I want to kill myself",
        "someone is in danger right now",
    ],
)
def test_danger_is_a_crisis(svc: AnswerService, text: str) -> None:
    reply = svc.answer(text)
    assert reply.kind is ReplyKind.CRISIS
    assert reply.entry_id is not None
    assert reply.blocks[0].count("112") == 1 and "102" in reply.blocks[0]


@pytest.mark.parametrize(
    "text",
    ["what is the law on domestic violence", "закон о бытовом насилии", "пенсионный возраст", "how to call an ambulance"],
)
def test_neutral_questions_are_not_a_crisis(text: str) -> None:
    assert not is_crisis(fold(text))


def test_crisis_reply_uses_the_violence_entry_and_the_users_language(svc: AnswerService) -> None:
    reply = svc.answer("муж бьет меня")
    assert reply.entry_id == "violence-domestic-help"
    assert reply.lang is Lang.RU
    assert "150" in reply.title and "103" in reply.title if reply.title else False


def test_crisis_in_kazakh_without_kazakh_letters(svc: AnswerService) -> None:
    reply = svc.answer("куйеуим урып жатыр комектесиниз")
    assert reply.kind is ReplyKind.CRISIS
    assert reply.lang is Lang.KK
