"""Per-user flood control counted in Redis: replicas see one user's messages together."""

from __future__ import annotations

from redis.asyncio import Redis

from bot.scale.throttle import RedisFloodGate
from testkit.infra import free_port


async def test_replicas_count_a_users_messages_together(redis: Redis) -> None:
    first, second = (RedisFloodGate(redis, "secret", limit=4, window=10.0) for _ in range(2))
    verdicts = [await (first if i % 2 else second).allow(1001) for i in range(6)]
    assert verdicts[:4] == [(True, False)] * 4
    assert verdicts[4] == (False, True)  # the first refusal gets one polite note
    assert verdicts[5] == (False, False)  # ... not one per message
    assert await first.allow(1002) == (True, False)  # another user is not affected


async def test_keys_do_not_carry_the_telegram_id(redis: Redis) -> None:
    throttle = RedisFloodGate(redis, "secret")
    await throttle.allow(987654321)
    keys = [k.decode() for k in await redis.keys("*")]
    assert keys and not any("987654321" in k for k in keys)


async def test_without_redis_the_in_process_counter_decides() -> None:
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.2, socket_timeout=0.2)
    throttle = RedisFloodGate(dead, "secret", limit=2, window=10.0)
    verdicts = [await throttle.allow(5) for _ in range(3)]
    assert [allowed for allowed, _ in verdicts] == [True, True, False]
    assert throttle.redis_errors == 3
    await dead.aclose()
