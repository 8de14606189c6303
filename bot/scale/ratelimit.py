"""Outgoing pacing shared by all replicas: token buckets in Redis, reserved by one Lua script.

The in-process ``LocalPacer`` gives each process its own 30 messages/s; with N replicas
that is N x 30 and Telegram answers 429. Here every replica reserves from the same buckets:
the global one (``rate`` per second, ``burst`` at most) and the chat's (1/s, burst 3). The
script runs atomically in Redis and uses Redis's clock, so replicas on different hosts agree.

A reservation may go into debt (tokens below 0): the caller then sleeps ``-tokens / rate``
seconds, so concurrent senders queue up in the order they reserved instead of spinning.
If Redis is unreachable the middleware falls back to the in-process buckets (and counts the
error): a reply late or throttled by Telegram's 429 (which the retry middleware honours)
beats a reply not sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError

from bot.core.limits import LocalPacer
from bot.scale.errors import RedisErrorLog

if TYPE_CHECKING:
    from redis.asyncio import Redis


KEY_PREFIX = "lawbot:pace:"

# KEYS[1]: the global bucket; KEYS[2] (optional): the chat's bucket.
# ARGV: global rate, global burst, chat rate, chat burst. Returns the wait in microseconds.
RESERVE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local function reserve(key, rate, burst)
  local v = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(v[1])
  local ts = tonumber(v[2])
  if tokens == nil or ts == nil then
    tokens = burst
    ts = now
  end
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate) - 1
  redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
  -- An absent key reads as a full bucket: keep it only while it is not full again.
  redis.call('PEXPIRE', key, math.ceil((burst - tokens) / rate * 1000) + 1000)
  if tokens >= 0 then
    return 0
  end
  return -tokens / rate
end
local wait = reserve(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
if #KEYS > 1 then
  wait = math.max(wait, reserve(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4])))
end
return math.ceil(wait * 1000000)
"""


class RedisTokenBuckets:
    """The global bucket and per-chat buckets, shared through Redis."""

    def __init__(
        self,
        redis: Redis,
        *,
        global_rate: float = 30.0,
        global_burst: float = 30.0,
        per_chat_rate: float = 1.0,
        per_chat_burst: float = 3.0,
        prefix: str = KEY_PREFIX,
    ) -> None:
        self.redis = redis
        self.global_rate = global_rate
        self.global_burst = global_burst
        self.per_chat_rate = per_chat_rate
        self.per_chat_burst = per_chat_burst
        self.prefix = prefix
        self._script = redis.register_script(RESERVE_LUA)

    async def reserve(self, chat_id: int | str | None) -> float:
        """Take a token from the global bucket (and the chat's); seconds to wait before sending."""
        keys = [f"{self.prefix}global"]
        if chat_id is not None:
            keys.append(f"{self.prefix}chat:{chat_id}")
        args = [self.global_rate, self.global_burst, self.per_chat_rate, self.per_chat_burst]
        micros = await self._script(keys=keys, args=args)
        return int(micros) / 1_000_000


class RedisPacer:
    """A ``Pacer`` (bot/core/limits.py) whose buckets live in Redis; the in-process ones are the fallback."""

    def __init__(self, buckets: RedisTokenBuckets, **kwargs: Any) -> None:
        self.local = LocalPacer(
            per_chat_rate=buckets.per_chat_rate,
            per_chat_burst=buckets.per_chat_burst,
            global_rate=buckets.global_rate,
            global_burst=buckets.global_burst,
            **kwargs,
        )
        self.buckets = buckets
        self._errors = RedisErrorLog("pace")

    async def reserve(self, chat_id: int | str | None) -> float:
        try:
            return await self.buckets.reserve(chat_id)
        except (RedisError, OSError, TimeoutError) as exc:
            self._errors.record(exc)
            return await self.local.reserve(chat_id)

    @property
    def redis_errors(self) -> int:
        return self._errors.count
