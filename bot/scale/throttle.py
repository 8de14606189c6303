"""Per-user flood control counted in Redis, so all replicas see one user's messages together.

Same policy as the in-process ``LocalFloodGate``: a user may send ``limit`` messages in a
burst, refilled at ``limit / window`` per second (a token bucket, which needs one small hash
per active user instead of a list of timestamps); beyond that messages are dropped and the user
gets one polite note per ``window``. Keys carry a keyed hash of the user, never the Telegram id.
If Redis is unreachable the in-process counter decides (and the error is counted).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from redis.exceptions import RedisError

from bot.core.limits import LocalFloodGate
from bot.scale.errors import RedisErrorLog

if TYPE_CHECKING:
    from redis.asyncio import Redis


KEY_PREFIX = "lawbot:throttle:"

# KEYS[1]: the user's bucket, KEYS[2]: the user's "noted" marker.
# ARGV: rate (tokens/s), burst, window in ms. Returns {allowed, should_note}.
ALLOW_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(v[1])
local ts = tonumber(v[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
local note = 0
if allowed == 0 and redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then
  note = 1
end
return {allowed, note}
"""


class RedisFloodGate:
    """A ``FloodGate`` (bot/core/limits.py) counted in Redis; ``LocalFloodGate`` when Redis fails."""

    def __init__(
        self,
        redis: Redis,
        key_secret: str,
        *,
        limit: int = 8,
        window: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        prefix: str = KEY_PREFIX,
    ) -> None:
        self.limit = limit
        self.window = window
        self.local = LocalFloodGate(limit=limit, window=window, clock=clock)
        self.redis = redis
        self.prefix = prefix
        self._key = hashlib.blake2b(key_secret.encode("utf-8"), digest_size=32).digest()
        self._script = redis.register_script(ALLOW_LUA)
        self._errors = RedisErrorLog("throttle")

    def _user_key(self, user_id: int) -> str:
        digest = hashlib.blake2b(str(user_id).encode("ascii"), key=self._key, digest_size=12).hexdigest()
        return f"{self.prefix}{digest}"

    @property
    def redis_errors(self) -> int:
        return self._errors.count

    async def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, should_note), from Redis; the in-process counter if Redis fails."""
        key = self._user_key(user_id)
        try:
            allowed, note = await self._script(
                keys=[key, f"{key}:noted"],
                args=[self.limit / self.window, self.limit, int(self.window * 1000)],
            )
        except (RedisError, OSError, TimeoutError) as exc:
            self._errors.record(exc)
            return self.local.check(user_id)
        return bool(allowed), bool(note)

