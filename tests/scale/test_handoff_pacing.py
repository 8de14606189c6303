"""The operators' group's pace: in process without REDIS_URL, one budget in Redis with it."""

from __future__ import annotations

from redis.asyncio import Redis

from bot.app import handoff_pacer
from bot.config import Settings
from bot.core.limits import LocalPacer
from bot.scale.ratelimit import RedisPacer
from testkit.infra import RedisServer

GROUP = -100555


def settings(**env: str) -> Settings:
    return Settings(_env_file=None, OPERATORS_CHAT_ID=str(GROUP), **env)  # type: ignore[call-arg]


def test_without_redis_the_group_is_paced_in_process() -> None:
    assert type(handoff_pacer(settings())) is LocalPacer


async def test_with_redis_two_replicas_share_the_groups_twenty_a_minute(redis_server: RedisServer, redis: Redis) -> None:
    one = handoff_pacer(settings(REDIS_URL=redis_server.url))
    two = handoff_pacer(settings(REDIS_URL=redis_server.url))
    assert isinstance(one, RedisPacer) and isinstance(two, RedisPacer)
    waits = [await (one if i % 2 else two).reserve(GROUP) for i in range(6)]
    # A burst of 2, then one every 60/18 s, whichever replica asks: the queue grows together.
    assert waits[:2] == [0.0, 0.0]
    assert 3.0 < waits[2] < 3.7 and waits[3] > waits[2] + 3.0 and waits[5] > 12.0
    # The bot's own 1/s per-chat bucket is a different key: the group budget does not touch it.
    assert not await redis.exists("lawbot:pace:chat:-100555")
