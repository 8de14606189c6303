"""Greetings, thanks and goodbyes get a short friendly reply; a question with a greeting does not."""

from __future__ import annotations

import pytest

from bot.core.i18n import gettext
from bot.core.lang import Lang
from bot.core.reply import ReplyKind
from bot.core.smalltalk import SmallTalkKind, small_talk
from tests.core.engine_catalog import service


@pytest.mark.parametrize(
    ("text", "kind", "lang"),
    [
        ("привет", SmallTalkKind.GREETING, Lang.RU),
        ("Здравствуйте!", SmallTalkKind.GREETING, Lang.RU),
        ("Сәлеметсіз бе!", SmallTalkKind.GREETING, Lang.KK),
        ("salem", SmallTalkKind.GREETING, Lang.KK),
        ("hi", SmallTalkKind.GREETING, Lang.EN),
        ("Good morning", SmallTalkKind.GREETING, Lang.EN),
        ("спасибо большое!", SmallTalkKind.THANKS, Lang.RU),
        ("Рақмет сізге", SmallTalkKind.THANKS, Lang.KK),
        ("rahmet", SmallTalkKind.THANKS, Lang.KK),
        ("thank you so much", SmallTalkKind.THANKS, Lang.EN),
        ("пока", SmallTalkKind.GOODBYE, Lang.RU),
        ("сау бол", SmallTalkKind.GOODBYE, Lang.KK),
        ("bye", SmallTalkKind.GOODBYE, Lang.EN),
        ("ghbdtn", SmallTalkKind.GREETING, Lang.RU),  # "привет" typed on the English layout
    ],
)
def test_small_talk_gets_a_friendly_reply_in_its_language(text: str, kind: SmallTalkKind, lang: Lang) -> None:
    reply = service().answer(text)
    assert reply.kind is ReplyKind.SMALLTALK
    assert reply.entry_id is None
    assert reply.lang is lang
    assert reply.body == gettext(f"smalltalk.{kind.value}", lang)


@pytest.mark.parametrize(
    "text",
    [
        "привет, какой пенсионный возраст",
        "hi, when can I retire",
        "сәлем, зейнет жасы қанша",
        "ok",
        "да",
        "what is 2-10-20",  # a number says more than small talk
    ],
)
def test_a_question_or_a_lone_filler_is_not_small_talk(text: str) -> None:
    assert service().answer(text).kind is not ReplyKind.SMALLTALK


def test_kinds_are_told_apart() -> None:
    assert small_talk([("спасибо", "пока")]) == small_talk([("спасибо",)])  # thanks wins
    found = small_talk([("добрый", "вечер")])
    assert found is not None and found.kind is SmallTalkKind.GREETING
    found = small_talk([("до", "свидания")])
    assert found is not None and found.kind is SmallTalkKind.GOODBYE
    assert small_talk([tuple(["привет"] * 9)]) is None  # a long message is not small talk
