"""What each WhatsApp message does, with the engine faked and the sends recorded."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation

from bot.channels.whatsapp.conversation import WINDOW_SECONDS, Conversation
from bot.channels.whatsapp.inbound import Inbound, InboundKind
from bot.content.holder import ServiceHolder
from bot.core.privacy import channel_user_hash, user_hash
from bot.storage.memory import InMemoryStore
from tests.channels.telegram.harness import FakeService

PHONE = "77011234567"
NOW = 1_700_000_000.0


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def send(self, to: str, message: dict[str, Any], *, pace_key: str) -> bool:
        assert PHONE not in pace_key
        self.sent.append((to, message))
        return True

    def bodies(self) -> list[str]:
        out = []
        for _, m in self.sent:
            out.append(m["text"]["body"] if m["type"] == "text" else m["interactive"]["body"]["text"])
        return out

    def ids(self) -> list[str]:
        m = self.sent[-1][1]
        if m["type"] != "interactive":
            return []
        action = m["interactive"]["action"]
        if "buttons" in action:
            return [b["reply"]["id"] for b in action["buttons"]]
        return [r["id"] for s in action["sections"] for r in s["rows"]]


class Chat:
    def __init__(self) -> None:
        self.store = InMemoryStore()
        self.sender = Recorder()
        self.now = NOW
        self.conversation = Conversation(
            holder=ServiceHolder(FakeService()),  # type: ignore[arg-type]
            store=self.store,
            storage=MemoryStorage(),
            isolation=SimpleEventIsolation(),
            sender=self.sender,
            secret="s3cret",
            clock=lambda: self.now,
        )
        self.n = 0

    async def say(self, text: str, *, at: float | None = None) -> list[str]:
        return await self._in(Inbound(self._id(), PHONE, InboundKind.TEXT, at or self.now, text=text))

    async def press(self, choice_id: str) -> list[str]:
        return await self._in(Inbound(self._id(), PHONE, InboundKind.CHOICE, self.now, choice_id=choice_id))

    def _id(self) -> str:
        self.n += 1
        return f"m{self.n}"

    async def _in(self, message: Inbound) -> list[str]:
        before = len(self.sender.sent)
        await self.conversation.handle(message)
        return self.sender.bodies()[before:]


@pytest.fixture
def chat() -> Chat:
    return Chat()


async def test_a_question_is_answered_and_logged_as_whatsapp_under_a_pseudonym(chat: Chat) -> None:
    [body] = await chat.say("Какой пенсионный возраст? мой номер +7 701 123 45 67")
    assert body.startswith("*Пенсионный возраст*")
    [stored] = chat.store.questions
    record = stored.record
    assert record.channel == "whatsapp" and record.user_hash == channel_user_hash("s3cret", "whatsapp", PHONE)
    assert "701" not in record.text and PHONE not in repr(chat.store.users)
    assert chat.sender.sent[0][0] == PHONE


def test_pseudonyms_differ_by_channel_and_telegram_ones_are_unchanged() -> None:
    assert channel_user_hash("k", "whatsapp", "123") != user_hash("k", 123)
    assert user_hash("k", 123) == user_hash("k", 123) and len(channel_user_hash("k", "whatsapp", "1")) == 32


@pytest.mark.parametrize(("word", "header"), [("menu", "Choose a topic:"), ("Меню", "Выберите тему:"), ("мәзір!", "Тақырыпты таңдаңыз:")])
async def test_menu_words_show_the_topics(chat: Chat, word: str, header: str) -> None:
    assert await chat.say(word) == [header]
    assert chat.sender.ids()[0].startswith("topic|")


async def test_a_button_reply_works_like_the_telegram_button(chat: Chat) -> None:
    await chat.say("menu")
    assert await chat.press("topic|en|pensions") == ["Pensions: choose a question"]
    [body] = await chat.press("entry|en|retirement-age")
    assert body.startswith("*Retirement age*")
    assert await chat.press("up|en|retirement-age") == ["Thanks for the feedback!"]
    assert chat.store.feedback[-1].positive


async def test_the_tsa_pre_check_asks_two_steps_then_answers(chat: Chat) -> None:
    await chat.say("Кому положена АСП?")
    assert "tsa|ru|" in chat.sender.ids()
    [step1] = await chat.press("tsa|ru|")
    assert step1.startswith("Предварительная проверка")
    assert chat.sender.ids() == ["tsa_cancel|ru|"]
    [step2] = await chat.say("4")
    assert "доход" in step2.lower()
    [verdict] = await chat.say("100 000")
    assert "TSA pre-check: 4 people, 100000 tenge" in verdict


async def test_the_pre_check_can_be_cancelled_or_left_with_a_question(chat: Chat) -> None:
    await chat.press("tsa|ru|")
    assert await chat.say("отмена") == ["Проверка отменена."]
    await chat.press("tsa|ru|")
    [answer] = await chat.say("какой пенсионный возраст сейчас")
    assert answer.startswith("*Пенсионный возраст*")


async def test_forget_me_deletes_after_a_confirmation(chat: Chat) -> None:
    await chat.say("Какой пенсионный возраст?")
    assert await chat.say("забудь меня") == ["Удалить ваши вопросы, оценки и настройку языка?"]
    assert chat.sender.ids() == ["forget_yes|ru|", "forget_no|ru|"]
    assert await chat.press("forget_yes|ru|") == ["Ваши данные удалены."]
    assert chat.store.questions == []


async def test_media_gets_a_please_type(chat: Chat) -> None:
    await chat.conversation.handle(Inbound("m-img", PHONE, InboundKind.OTHER, NOW))
    assert "напишите" in chat.sender.bodies()[-1].lower()


async def test_nothing_is_sent_to_a_user_silent_for_24_hours(chat: Chat) -> None:
    await chat.say("Какой пенсионный возраст?", at=NOW - WINDOW_SECONDS - 60)
    assert chat.sender.sent == []


async def test_a_topic_list_pages_with_more(chat: Chat) -> None:
    await chat.press("more|ru|topics@0")
    assert chat.sender.ids()[0] == "topic|ru|pensions"
    rows = chat.sender.ids()
    assert len(rows) == 3 and rows[-1] == "helplines|ru|"  # the fake has two topics: no paging
    assert await chat.press("garbage") == ["Эта кнопка устарела. Напишите «меню», чтобы увидеть темы."]


async def test_a_flood_gets_one_note_and_the_rest_is_dropped(chat: Chat) -> None:
    for _ in range(8):
        await chat.say("меню")
    assert len(chat.sender.sent) == 8
    assert await chat.say("меню") == ["Слишком много сообщений подряд. Подождите немного и напишите снова."]
    assert await chat.say("меню") == []
    assert chat.conversation.dropped == 2
