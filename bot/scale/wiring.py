"""What the Telegram side calls to pick the shared (Redis) or the in-process variant.

Each function takes the settings and returns the in-process behaviour when REDIS_URL is not
set, so the single-process default (polling, SQLite) keeps its in-process pacing, throttle,
FSM and replay; only its global burst follows ``global_rate`` (a tenth of the rate).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation

from bot.channels.telegram.middlewares.pacing import PacingMiddleware
from bot.channels.telegram.middlewares.throttle import ThrottleMiddleware
from bot.config import Settings
from bot.core.ports import Store

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from bot.storage.leased import Replayer

GLOBAL_RATE = 30.0  # Telegram: about 30 messages per second to different chats, per bot
REDIS_TIMEOUT = 1.0  # seconds; a slow Redis must not hold replies back for long


def redis_client(url: str) -> Redis:
    from redis.asyncio import Redis

    return Redis.from_url(
        url,
        socket_timeout=REDIS_TIMEOUT,
        socket_connect_timeout=REDIS_TIMEOUT,
        health_check_interval=30,
    )


def global_rate(settings: Settings) -> tuple[float, float]:
    """(rate, burst) of the global bucket. A small burst keeps every 1 s window near ``rate``
    (a burst as large as the rate would allow twice the rate in the first second)."""
    rate = float(getattr(settings, "telegram_global_rate", GLOBAL_RATE))
    return rate, max(1.0, rate / 10)


def fsm_storage(settings: Settings) -> tuple[BaseStorage, BaseEventIsolation]:
    """FSM state and per-chat locks: in Redis with REDIS_URL (locks that expire safely, see
    bot/scale/fsm.py), in process memory without."""
    if not settings.redis_url:
        return MemoryStorage(), SimpleEventIsolation()
    from aiogram.fsm.storage.redis import RedisStorage

    from bot.scale.fsm import CHAT_LOCK_SECONDS, ChatLockIsolation

    storage = RedisStorage.from_url(settings.redis_url)
    isolation = ChatLockIsolation(storage.redis, storage.key_builder, lock_kwargs={"timeout": CHAT_LOCK_SECONDS})
    return storage, isolation


def pacing_middleware(settings: Settings) -> PacingMiddleware:
    """Outgoing pacing: one shared budget for all replicas with REDIS_URL, per process without."""
    rate, burst = global_rate(settings)
    if not settings.redis_url:
        return PacingMiddleware(global_rate=rate, global_burst=burst)
    from bot.scale.ratelimit import RedisPacingMiddleware, RedisTokenBuckets

    buckets = RedisTokenBuckets(redis_client(settings.redis_url), global_rate=rate, global_burst=burst)
    return RedisPacingMiddleware(buckets)


def throttle_middleware(settings: Settings) -> ThrottleMiddleware:
    """Per-user flood control: counted in Redis with REDIS_URL, in process memory without."""
    if not settings.redis_url:
        return ThrottleMiddleware()
    from bot.scale.throttle import RedisThrottleMiddleware

    return RedisThrottleMiddleware(redis_client(settings.redis_url), settings.user_hash_secret.get_secret_value())


def replica_store(settings: Settings, store: Store) -> Store:
    """With REDIS_URL (several replicas) a SQL store's claims are leased; otherwise ``store`` as is."""
    from bot.storage.sql import SqlStore

    if not settings.redis_url or not isinstance(store, SqlStore):
        return store
    from bot.storage.leased import LeasedSqlStore

    return LeasedSqlStore.sharing(store)


def start_claim_keeper(store: Store, replayer: Replayer, stop: asyncio.Event) -> asyncio.Task[None] | None:
    """Renew leases and replay expired claims in the background (leased stores only)."""
    from bot.storage.leased import LeasedSqlStore, keep_claims

    if not isinstance(store, LeasedSqlStore):
        return None
    return asyncio.create_task(keep_claims(store, replayer, stop))
