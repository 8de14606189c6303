"""What the composition root (bot/app.py) builds, with and without REDIS_URL."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import Update
from redis.asyncio import Redis

from bot.app import fsm_storage, pacing_middleware, replica_store, throttle_middleware
from bot.channels.telegram.middlewares.pacing import PacingMiddleware
from bot.channels.telegram.middlewares.throttle import ThrottleMiddleware
from bot.channels.telegram.middlewares.updates import DedupeMiddleware, reply_delivered
from bot.channels.whatsapp.conversation import Conversation
from bot.channels.whatsapp.inbound import Inbound, InboundKind
from bot.config import Settings
from bot.content.holder import ServiceHolder
from bot.core.limits import LocalFloodGate, LocalPacer
from bot.scale.fsm import CHAT_LOCK_SECONDS, ChatLockIsolation
from bot.scale.ratelimit import RedisPacer
from bot.scale.throttle import RedisFloodGate
from bot.storage.leased import LEASE_SECONDS
from bot.storage.memory import InMemoryStore
from testkit.infra import RedisServer
from tests.channels.telegram.harness import FakeService
from tests.channels.whatsapp.test_conversation import PHONE, Recorder


def settings(**env: str) -> Settings:
    return Settings(_env_file=None, **env)  # type: ignore[call-arg]


def test_without_redis_everything_stays_in_process() -> None:
    s = settings()
    pacing = pacing_middleware(s)
    assert type(pacing) is PacingMiddleware and type(pacing.pacer) is LocalPacer
    assert pacing.pacer.global_bucket.rate == 30.0
    assert pacing.pacer.global_bucket.burst == 3.0  # a tenth of the rate: no 2x first second
    assert type(throttle_middleware(s)) is ThrottleMiddleware
    assert type(throttle_middleware(s).gate) is LocalFloodGate
    store = InMemoryStore()
    assert replica_store(s, store) is store


def test_with_redis_pacing_and_throttle_are_shared() -> None:
    s = settings(REDIS_URL="redis://127.0.0.1:1/0", TELEGRAM_GLOBAL_RATE="100")
    pacing = pacing_middleware(s)
    assert isinstance(pacing.pacer, RedisPacer)
    assert pacing.pacer.buckets.global_rate == 100.0
    assert isinstance(throttle_middleware(s).gate, RedisFloodGate)
    store = InMemoryStore()
    assert replica_store(s, store) is store  # leases need the SQL store


async def test_an_update_is_finished_as_soon_as_its_reply_is_out() -> None:
    # A SIGKILL after the reply went out must not leave the update pending while the
    # analytics writes run (a restart would answer it again).
    store = InMemoryStore()
    await store.claim_update(1, '{"update_id": 1}')
    pending_during_analytics: list[int] = []

    async def handler(event: object, data: dict[str, object]) -> str:
        await reply_delivered()  # what send_parts does after the last part
        pending_during_analytics.extend(p.update_id for p in await store.pending_updates())
        return "ok"

    assert await DedupeMiddleware(store)(handler, Update(update_id=1), {"claimed": True}) == "ok"
    assert pending_during_analytics == []
    assert await store.pending_updates() == []


async def test_a_chat_lock_that_expired_under_a_slow_update_is_not_an_error(redis: Redis) -> None:
    isolation = ChatLockIsolation(redis, DefaultKeyBuilder(), lock_kwargs={"timeout": 30})
    key = StorageKey(bot_id=1, chat_id=2, user_id=2)
    async with isolation.lock(key):
        await redis.flushdb()  # what the lock's timeout does while its holder is still busy
    assert isolation.expired == 1
    async with isolation.lock(key):  # and the chat is usable again
        pass
    assert isolation.expired == 1


async def test_a_chat_lock_is_renewed_while_its_update_runs(redis: Redis) -> None:
    # A short timeout (a killed replica's chats wait little) must not cut a slow update short.
    isolation = ChatLockIsolation(redis, DefaultKeyBuilder(), lock_kwargs={"timeout": 0.6})
    key = StorageKey(bot_id=1, chat_id=3, user_id=3)
    name = DefaultKeyBuilder().build(key, "lock")
    async with isolation.lock(key):
        await asyncio.sleep(1.5)  # 2.5 timeouts
        assert await redis.exists(name) == 1
    assert isolation.renewals >= 3
    assert isolation.expired == 0
    assert await redis.exists(name) == 0  # released at once, not left to expire


async def test_a_cancelled_update_releases_its_chat_lock_at_once(redis: Redis) -> None:
    # A graceful stop cancels the updates in flight: their chats must not wait for the timeout.
    isolation = ChatLockIsolation(redis, DefaultKeyBuilder(), lock_kwargs={"timeout": 30})
    key = StorageKey(bot_id=1, chat_id=4, user_id=4)
    entered = asyncio.Event()

    async def update() -> None:
        async with isolation.lock(key):
            entered.set()
            await asyncio.sleep(60)

    task = asyncio.create_task(update())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await redis.exists(DefaultKeyBuilder().build(key, "lock")) == 0


async def test_a_killed_holders_chat_lock_expires_within_the_timeout(redis: Redis) -> None:
    # SIGKILL: no release and no more renewals; the lock goes with its timeout.
    isolation = ChatLockIsolation(redis, DefaultKeyBuilder(), lock_kwargs={"timeout": 0.5})
    key = StorageKey(bot_id=1, chat_id=5, user_id=5)
    lock = redis.lock(DefaultKeyBuilder().build(key, "lock"), timeout=0.5)
    assert await lock.acquire()  # held by a process that then died
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with isolation.lock(key):
        waited = loop.time() - started
    assert 0.3 < waited < 1.0


def test_with_redis_fsm_state_and_chat_locks_are_in_redis() -> None:
    storage, isolation = fsm_storage(settings(REDIS_URL="redis://127.0.0.1:1/0"))
    assert type(storage).__name__ == "RedisStorage"
    assert isinstance(isolation, ChatLockIsolation)
    assert isolation.lock_kwargs == {"timeout": CHAT_LOCK_SECONDS}
    # A killed replica's chats must not wait longer than its claims (bot/storage/leased.py).
    assert CHAT_LOCK_SECONDS <= LEASE_SECONDS
    assert type(fsm_storage(settings())[1]) is SimpleEventIsolation


async def test_with_redis_fsm_records_and_the_whatsapp_profile_expire_after_retention_days(
    redis_server: RedisServer, redis: Redis
) -> None:
    storage, isolation = fsm_storage(settings(REDIS_URL=redis_server.url, RETENTION_DAYS="30"))
    sender = Recorder()
    conversation = Conversation(
        holder=ServiceHolder(FakeService()),  # type: ignore[arg-type]
        store=InMemoryStore(),
        storage=storage,
        isolation=isolation,
        sender=sender,
        secret="s3cret",
    )
    try:
        await conversation.handle(Inbound("m1", PHONE, InboundKind.CHOICE, time.time(), choice_id="tsa|ru|"))
        assert sender.sent  # the pre-check's first question
        keys = [k async for k in redis.scan_iter("fsm:*") if not k.endswith(b":lock")]
        assert len(keys) == 3  # the pre-check's state and data, the profile
        thirty_days = 30 * 24 * 3600
        for key in keys:
            assert thirty_days - 60 < await redis.ttl(key) <= thirty_days
    finally:
        await storage.close()
        await isolation.close()
