"""The real bot process in long-polling mode against the fake Bot API (one process for the module)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.devapi import FakeBotApi, Fault
from tests.channels.telegram.e2e.stack import (
    OPERATOR_ID,
    BotProcess,
    bad_requests,
    bot_env,
    db_upgrade,
    replies,
    wait_polling,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def api(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FakeBotApi]:
    tmp: Path = tmp_path_factory.mktemp("e2e_polling")
    api = FakeBotApi()
    await api.start()
    env = bot_env(api, tmp / "bot.db")
    await asyncio.to_thread(db_upgrade, env)
    bot = BotProcess(env, tmp / "bot.log")
    await bot.start()
    try:
        await wait_polling(api)
        yield api
        assert await bot.stop() == 0
    finally:
        bot.kill()  # no-op when it has stopped
        await api.stop()
        print(bot.log()[-4000:])


@pytest.mark.parametrize(
    ("chat", "code", "greeting"),
    [(11, "kk", "Сәлеметсіз бе"), (12, "ru", "Здравствуйте"), (13, "en", "Hello")],
)
async def test_start_greets_in_the_telegram_language(api: FakeBotApi, chat: int, code: str, greeting: str) -> None:
    api.push_message(chat, chat, "/start", language_code=code)
    [reply] = await replies(api, chat)
    assert reply["text"].startswith(greeting)
    assert "1414" in reply["text"] and "119" in reply["text"]
    assert len(reply["reply_markup"]["inline_keyboard"]) > 3


@pytest.mark.parametrize(
    ("chat", "question", "source"),
    [
        (21, "Зейнеткерлік жас қанша?", "Дереккөз"),
        (22, "Какой пенсионный возраст?", "Источник"),
        (23, "What is the retirement age?", "Source"),
    ],
)
async def test_a_question_is_answered_in_its_language_with_source(
    api: FakeBotApi, chat: int, question: str, source: str
) -> None:
    api.push_message(chat, chat, question, language_code="ru")
    [reply] = await replies(api, chat)
    assert source in reply["text"] and "2024" in reply["text"]
    data = [b["callback_data"] for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    assert any(d.startswith("f:") for d in data)


async def test_out_of_scope_question_falls_back_politely(api: FakeBotApi) -> None:
    api.push_message(31, 31, "Как испечь торт?")
    [reply] = await replies(api, 31)
    assert "1414" in reply["text"] and "119" in reply["text"]


async def test_menus_edit_in_place_entries_come_new_and_every_callback_is_answered(api: FakeBotApi) -> None:
    api.push_message(41, 41, "/start", language_code="en")
    [menu] = await replies(api, 41)
    topic_data = menu["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    api.push_callback(41, 41, menu["message_id"], topic_data)
    await api.wait_until(lambda: api.bot_messages(41)[0]["edited"])
    entries = api.bot_messages(41)[0]["reply_markup"]["inline_keyboard"]
    api.push_callback(41, 41, menu["message_id"], entries[0][0]["callback_data"])
    api.push_callback(41, 41, menu["message_id"], "stale:from-an-old-version")
    await api.wait_until(lambda: len(api.callback_queries) >= 3 and not api.unanswered_callbacks())
    await api.wait_until(lambda: len(api.bot_messages(41)) >= 2)
    final = api.bot_messages(41)
    assert len(final) == 2  # the menu, edited in place; the entry, a new message below it
    assert final[0]["message_id"] == menu["message_id"] and "Source" not in final[0]["text"]
    assert "Source" in final[1]["text"]


@pytest.mark.parametrize(
    ("chat", "extra", "expected"),
    [
        (51, {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}}, "стикер"),
        (52, {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 2}}, "Голосовые"),
        (53, {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]}, "фотографии"),
        (54, {"location": {"latitude": 43.2, "longitude": 76.9}}, "Геолокация"),
    ],
)
async def test_non_text_messages_get_a_reply(api: FakeBotApi, chat: int, extra: dict[str, object], expected: str) -> None:
    api.push_message(chat, chat, None, **extra)
    [reply] = await replies(api, chat)
    assert expected in reply["text"]


async def test_a_5000_character_message_is_answered(api: FakeBotApi) -> None:
    api.push_message(61, 61, "Какой пенсионный возраст? " + "очень " * 830)
    [reply] = await replies(api, 61)
    assert reply["text"]


async def test_html_in_a_question_is_never_sent_as_markup(api: FakeBotApi) -> None:
    api.push_message(62, 62, "<script>alert(1)</script> & <b>пенсия</b> &amp;")
    [reply] = await replies(api, 62)
    assert "<script>" not in (reply["html"] or "")
    assert not bad_requests(api)


async def test_429_on_send_is_retried_after_retry_after(api: FakeBotApi) -> None:
    api.faults.add(Fault("429", method="sendMessage", retry_after=1))
    before = len(api.calls)
    api.push_message(71, 71, "Какой пенсионный возраст?")
    await replies(api, 71)
    sends = [c for c in api.calls[before:] if c.method == "sendMessage"]
    assert [c.status for c in sends[:2]] == [429, 200]
    assert sends[1].at - sends[0].at >= 0.95


@pytest.mark.parametrize("kind", ["500", "502"])
async def test_server_errors_on_get_updates_are_survived(api: FakeBotApi, kind: str) -> None:
    api.faults.add(Fault(kind, method="getUpdates", times=2))  # type: ignore[arg-type]
    chat = 72 if kind == "500" else 73
    api.push_message(chat, chat, "пенсия")
    await replies(api, chat)


async def test_a_burst_of_30_users_is_answered_once_each(api: FakeBotApi) -> None:
    users = range(1000, 1030)
    started = asyncio.get_running_loop().time()
    for user in users:
        api.push_message(user, user, "Какой пенсионный возраст?")
    await api.wait_until(lambda: all(api.bot_messages(u) for u in users), 30)
    elapsed = asyncio.get_running_loop().time() - started
    assert all(len(api.bot_messages(u)) == 1 for u in users)
    assert elapsed < 10


async def test_operator_commands_only_for_operators(api: FakeBotApi) -> None:
    api.push_message(81, 81, "/stats")
    [reply] = await replies(api, 81)
    assert "Статистика" not in reply["text"]
    api.push_message(OPERATOR_ID, OPERATOR_ID, "/stats")
    [reply] = await replies(api, OPERATOR_ID)
    assert "Статистика" in reply["text"]


async def test_nothing_was_refused_by_telegram(api: FakeBotApi) -> None:
    assert not bad_requests(api)
    assert not api.unanswered_callbacks()
