"""Composition: FSM storage choice, and serve_polling as the sandbox runs it (real engine)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

from bot.app import build_telegram, fsm_storage, serve_polling
from bot.channels.telegram import runner
from bot.content.holder import ServiceHolder
from bot.devapi import FakeBotApi
from bot.storage.memory import InMemoryStore
from tests.channels.telegram.harness import FakeService, make_settings

CONTENT = Path(__file__).resolve().parents[3] / "content"


async def test_fsm_state_lives_in_redis_when_redis_url_is_set() -> None:
    storage, isolation = fsm_storage(make_settings(REDIS_URL="redis://127.0.0.1:6399/0"))
    assert isinstance(storage, RedisStorage) and isinstance(isolation, RedisEventIsolation)
    await storage.close()
    memory, local = fsm_storage(make_settings())
    assert isinstance(memory, MemoryStorage) and isinstance(local, SimpleEventIsolation)


async def test_serve_polling_answers_until_stopped_and_leaves_the_given_store_open() -> None:
    api = FakeBotApi()
    await api.start()
    store = InMemoryStore()
    stop = asyncio.Event()
    settings = make_settings(TELEGRAM_API_URL=api.base_url, BOT_TOKEN=api.token, CONTENT_DIR=str(CONTENT))
    task = asyncio.create_task(serve_polling(settings, stop=stop, store=store, channel="sandbox"))
    try:
        api.push_message(1, 1, "Какой пенсионный возраст?")
        await api.wait_until(lambda: api.bot_messages(1), 30)
        assert "Источник" in api.bot_messages(1)[0]["text"]
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)  # the stop drains the update in flight
        await api.stop()
    assert store.questions[0].record.channel == "sandbox"
    assert store.content_versions
    assert not await store.pending_updates()


@pytest.mark.parametrize("operators_chat", [None, "-1001234"])
async def test_the_command_menu_offers_lawyer_only_with_an_operators_group(operators_chat: str | None) -> None:
    api = FakeBotApi()
    await api.start()
    extra = {"OPERATORS_CHAT_ID": operators_chat} if operators_chat else {}
    settings = make_settings(TELEGRAM_API_URL=api.base_url, BOT_TOKEN=api.token, **extra)
    parts = await build_telegram(settings, InMemoryStore(), holder=ServiceHolder(FakeService()))  # type: ignore[arg-type]
    try:
        await runner._startup_calls(parts.bot, parts.dp)
    finally:
        await parts.bot.session.close()
        await api.stop()
    menus = {code: [c["command"] for c in commands] for code, commands in api.commands.items()}
    assert set(menus) == {"", "kk", "ru", "en"}  # each language's, and the default (Russian)
    assert set(api.command_scopes.values()) == {"all_private_chats"}  # not in the operators' group
    for names in menus.values():
        if operators_chat:
            assert names[:4] == ["start", "topics", "check", "lawyer"]
        else:
            assert "lawyer" not in names and names[:3] == ["start", "topics", "check"]
    if operators_chat:
        en = {c["command"]: c["description"] for c in api.commands["en"]}
        assert en["lawyer"] == "Ask a lawyer"
        assert {c["command"]: c["description"] for c in api.commands["kk"]}["lawyer"] == "Заңгерден сұрау"
