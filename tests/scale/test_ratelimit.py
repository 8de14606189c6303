"""The shared outgoing budget: replicas reserve from one bucket in Redis."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from redis.asyncio import Redis

from bot.channels.telegram.middlewares.pacing import PacingMiddleware
from bot.scale.ratelimit import RedisPacer, RedisTokenBuckets
from testkit.infra import free_port


async def test_two_replicas_share_one_global_budget(redis: Redis) -> None:
    # Two "replicas" (two clients, two bucket objects) reserve 40 sends at 10/s with a burst of 2.
    replicas = [
        RedisTokenBuckets(Redis.from_url(_url(redis)), global_rate=10, global_burst=2)
        for _ in range(2)
    ]
    try:
        waits = await asyncio.gather(*(replicas[i % 2].reserve(None) for i in range(40)))
    finally:
        for r in replicas:
            await r.redis.aclose()
    waits.sort()
    assert waits[:2] == [0.0, 0.0]  # the burst
    # Every later send is scheduled 1/10 s after the previous one, whichever replica asked.
    gaps = [b - a for a, b in itertools.pairwise(waits[1:])]
    assert all(abs(g - 0.1) < 0.02 for g in gaps), gaps
    assert waits[-1] == pytest.approx(3.8, abs=0.1)  # (40 - 2) / 10


async def test_a_chat_gets_its_burst_then_one_message_per_second(redis: Redis) -> None:
    buckets = RedisTokenBuckets(redis, global_rate=1000, global_burst=1000, per_chat_rate=1, per_chat_burst=3)
    waits = [await buckets.reserve(42) for _ in range(5)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(1.0, abs=0.05)
    assert waits[4] == pytest.approx(2.0, abs=0.05)
    assert await buckets.reserve(43) == 0.0  # another chat is not held back


async def test_idle_buckets_expire(redis: Redis) -> None:
    buckets = RedisTokenBuckets(redis, global_rate=1000, global_burst=1000)
    await buckets.reserve(7)
    ttl = await redis.pttl("lawbot:pace:chat:7")
    assert 0 < ttl <= 2000  # refilled within ~1 s, then forgotten


async def test_pacing_waits_for_the_reserved_slot_and_skips_unpaced_methods(redis: Redis) -> None:
    buckets = RedisTokenBuckets(redis, global_rate=1000, global_burst=1000, per_chat_rate=20, per_chat_burst=1)
    pacer = RedisPacer(buckets)
    pacing = PacingMiddleware(pacer)
    sent: list[Any] = []

    async def make_request(bot: Any, method: Any) -> str:
        sent.append(method)
        return "ok"

    for _ in range(3):
        await pacing(make_request, None, SendMessage(chat_id=5, text="x"))  # type: ignore[arg-type]
    await pacing(make_request, None, AnswerCallbackQuery(callback_query_id="1"))  # type: ignore[arg-type]
    assert len(sent) == 4
    # The 2nd message of the chat waits 1/20 s; the 3rd, reserved after that sleep, another 1/20 s.
    assert pacing.waited == pytest.approx(0.10, abs=0.02)
    assert pacer.redis_errors == 0


async def test_without_redis_the_in_process_buckets_pace(redis: Redis) -> None:
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.2, socket_timeout=0.2)
    pacer = RedisPacer(RedisTokenBuckets(dead, global_rate=30, global_burst=3))
    pacing = PacingMiddleware(pacer)
    sent: list[Any] = []

    async def make_request(bot: Any, method: Any) -> str:
        sent.append(method)
        return "ok"

    result = await pacing(make_request, None, SendMessage(chat_id=5, text="x"))  # type: ignore[arg-type]
    assert result == "ok" and len(sent) == 1
    assert pacer.redis_errors == 1
    await dead.aclose()


def _url(redis: Redis) -> str:
    kw = redis.connection_pool.connection_kwargs
    return f"redis://{kw['host']}:{kw['port']}/{kw.get('db', 0)}"
