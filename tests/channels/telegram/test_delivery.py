"""Delivery in one process: the real bot (aiohttp session, retry/pacing, our polling loop) against
the fake Bot API on 127.0.0.1, with faults injected. The engine is the fake one (fast)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from aiogram import Bot

from bot.channels.telegram.app import build_dispatcher, create_bot
from bot.channels.telegram.middlewares.retry import RetryMiddleware
from bot.channels.telegram.polling import BACKOFF, Poller
from bot.content.holder import ServiceHolder
from bot.devapi import FakeBotApi, Fault
from bot.storage.memory import InMemoryStore
from tests.channels.telegram.harness import FakeService, make_settings

WAIT = 10.0


@dataclass
class Live:
    api: FakeBotApi
    bot: Bot
    store: InMemoryStore
    poller: Poller
    stop: asyncio.Event
    task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self.poller.run(self.stop))

    async def shutdown(self) -> None:
        self.stop.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, WAIT)


async def bot_replies(api: FakeBotApi, chat_id: int, count: int = 1) -> list[dict[str, Any]]:
    """Wait (bounded) until the chat has ``count`` bot messages."""
    await api.wait_until(lambda: len(api.bot_messages(chat_id)) >= count, WAIT)
    return api.bot_messages(chat_id)


async def _settled(live: Live) -> None:
    """Until the bot has no update in flight."""
    while live.poller.tasks:
        await asyncio.wait(set(live.poller.tasks))


def make_live(api: FakeBotApi, store: InMemoryStore | None = None) -> Live:
    settings = make_settings(TELEGRAM_API_URL=api.base_url, BOT_TOKEN=api.token)
    bot = create_bot(settings, retry=RetryMiddleware(base_delay=0.05, max_delay=0.2))
    store = store or InMemoryStore()
    dp = build_dispatcher(settings=settings, holder=ServiceHolder(FakeService()), store=store)  # type: ignore[arg-type]
    poller = Poller(dp, bot, store, polling_timeout=1, grace=3.0, backoff=BACKOFF)
    return Live(api, bot, store, poller, asyncio.Event())


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


@pytest_asyncio.fixture
async def live(api: FakeBotApi) -> AsyncIterator[Live]:
    live = make_live(api)
    live.start()
    yield live
    await live.shutdown()
    await live.bot.session.close()


async def test_question_round_trip(live: Live, api: FakeBotApi) -> None:
    api.push_message(1, 1, "Какой пенсионный возраст?")
    [reply] = await bot_replies(api, 1)
    assert reply["text"].startswith("Пенсионный возраст")
    assert not await live.store.pending_updates()


async def test_429_is_retried_after_retry_after(live: Live, api: FakeBotApi) -> None:
    api.faults.add(Fault("429", method="sendMessage", retry_after=1))
    api.push_message(2, 2, "пенсия")
    await bot_replies(api, 2)
    sends = api.calls_to("sendMessage")
    assert [c.status for c in sends[:2]] == [429, 200]
    assert sends[1].at - sends[0].at >= 0.95


@pytest.mark.parametrize("kind", ["500", "502", "reset"])
async def test_server_errors_on_send_are_retried(live: Live, api: FakeBotApi, kind: str) -> None:
    api.faults.add(Fault(kind, method="sendMessage", times=2))  # type: ignore[arg-type]
    api.push_message(3, 3, "пенсия")
    replies = await bot_replies(api, 3)
    assert len(replies) == 1
    assert [c.fault for c in api.calls_to("sendMessage")][:3] == [kind, kind, None]


async def test_timeouts_on_send_are_retried(api: FakeBotApi) -> None:
    live = make_live(api)
    live.bot.session.timeout = 1  # type: ignore[assignment]
    live.start()
    try:
        api.faults.add(Fault("timeout", method="sendMessage", delay=1.5))
        api.push_message(4, 4, "пенсия")
        await bot_replies(api, 4)
        assert [c.fault for c in api.calls_to("sendMessage")][:2] == ["timeout", None]
    finally:
        await live.shutdown()
        await live.bot.session.close()


@pytest.mark.parametrize("kind", ["500", "502", "429"])
async def test_polling_recovers_from_get_updates_failures(live: Live, api: FakeBotApi, kind: str) -> None:
    api.faults.add(Fault(kind, method="getUpdates", times=2, retry_after=1))  # type: ignore[arg-type]
    api.push_message(5, 5, "пенсия")
    await bot_replies(api, 5)
    assert live.poller.fetch_errors >= 2


async def test_reply_that_cannot_be_delivered_stays_pending(live: Live, api: FakeBotApi) -> None:
    api.faults.add(Fault("500", method="sendMessage", times=5))
    update_id = api.push_message(6, 6, "пенсия")

    await api.wait_until(lambda: len(api.calls_to("sendMessage")) >= 5, WAIT)
    await asyncio.wait_for(_settled(live), WAIT)
    assert [p.update_id for p in await live.store.pending_updates()] == [update_id]
    assert api.bot_messages(6) == []


async def test_pending_updates_from_a_crash_are_replayed_on_start(api: FakeBotApi) -> None:
    store = InMemoryStore()
    message = api.user_message(7, 7, "пенсия")
    await store.claim_update(41, json.dumps({"update_id": 41, "message": message}))
    live = make_live(api, store)
    live.start()
    try:
        await bot_replies(api, 7)
        assert not await store.pending_updates()
    finally:
        await live.shutdown()
        await live.bot.session.close()


async def test_an_update_answered_before_a_restart_is_not_answered_again(api: FakeBotApi) -> None:
    store = InMemoryStore()
    await store.claim_update(1, "{}")
    await store.finish_update(1)
    live = make_live(api, store)
    live.start()
    try:
        assert api.push_message(8, 8, "пенсия") == 1  # Telegram redelivers update 1
        api.push_message(8, 8, "пенсия?")  # update 2
        await bot_replies(api, 8, 1)
        await asyncio.wait_for(_settled(live), WAIT)
        assert len(api.bot_messages(8)) == 1
    finally:
        await live.shutdown()
        await live.bot.session.close()


async def test_stop_finishes_replies_in_flight(api: FakeBotApi) -> None:
    live = make_live(api)
    live.start()
    api.faults.add(Fault("slow", method="sendMessage", delay=1.0))
    api.push_message(9, 9, "пенсия")

    await api.wait_until(lambda: api.calls_to("sendMessage"), WAIT)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await live.shutdown()
    assert loop.time() - started < 5
    assert len(api.bot_messages(9)) == 1
    assert not await live.store.pending_updates()
    await live.bot.session.close()


async def test_burst_of_30_users_each_answered_once(live: Live, api: FakeBotApi) -> None:
    for user in range(100, 130):
        api.push_message(user, user, "пенсия")
    for user in range(100, 130):
        await bot_replies(api, user)
    await asyncio.wait_for(_settled(live), WAIT)
    assert all(len(api.bot_messages(user)) == 1 for user in range(100, 130))


async def test_callbacks_are_all_answered(live: Live, api: FakeBotApi) -> None:
    api.push_message(10, 10, "/start")
    [menu] = await bot_replies(api, 10)
    api.push_callback(10, 10, menu["message_id"], "t:pensions:ru")
    api.push_callback(10, 10, menu["message_id"], "garbage")
    api.push_callback(10, 10, 999, "e:retirement-age:ru")  # a message the bot never sent

    await api.wait_until(lambda: len(api.callback_queries) == 3 and not api.unanswered_callbacks(), WAIT)
    assert api.chat_log(10)[-1]["edited"]


async def test_one_chats_messages_are_answered_in_order(live: Live, api: FakeBotApi) -> None:
    api.faults.add(Fault("slow", method="sendMessage", delay=0.5))  # the first reply is slow
    for i in range(5):
        api.push_message(11, 11, f"вопрос номер {i}")
    replies = await bot_replies(api, 11, 5)
    assert [next(d for d in r["text"] if d.isdigit()) for r in replies] == ["0", "1", "2", "3", "4"]


class _StoreDown(InMemoryStore):
    """A store whose database is unreachable (after its own retries) for every write."""

    async def claim_update(self, update_id: int, payload: str) -> bool:
        raise ConnectionError("database unreachable")

    async def finish_update(self, update_id: int) -> None:
        raise ConnectionError("database unreachable")


async def test_the_reply_goes_out_when_the_store_is_down(api: FakeBotApi) -> None:
    live = make_live(api, _StoreDown())
    live.start()
    try:
        api.push_message(9, 9, "пенсия")
        [reply] = await bot_replies(api, 9)
        assert reply["text"].startswith("Пенсионный возраст")
    finally:
        await live.shutdown()
        await live.bot.session.close()
