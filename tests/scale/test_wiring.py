"""What the composition root (bot/app.py) builds, with and without REDIS_URL."""

from __future__ import annotations

from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import Update
from redis.asyncio import Redis

from bot.app import fsm_storage, pacing_middleware, replica_store, throttle_middleware
from bot.channels.telegram.middlewares.pacing import PacingMiddleware
from bot.channels.telegram.middlewares.throttle import ThrottleMiddleware
from bot.channels.telegram.middlewares.updates import DedupeMiddleware, reply_delivered
from bot.config import Settings
from bot.core.limits import LocalFloodGate, LocalPacer
from bot.scale.fsm import ChatLockIsolation
from bot.scale.ratelimit import RedisPacer
from bot.scale.throttle import RedisFloodGate
from bot.storage.memory import InMemoryStore


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


def test_with_redis_fsm_state_and_chat_locks_are_in_redis() -> None:
    storage, isolation = fsm_storage(settings(REDIS_URL="redis://127.0.0.1:1/0"))
    assert type(storage).__name__ == "RedisStorage"
    assert isinstance(isolation, ChatLockIsolation)
    assert isolation.lock_kwargs == {"timeout": 30}
    assert type(fsm_storage(settings())[1]) is SimpleEventIsolation
