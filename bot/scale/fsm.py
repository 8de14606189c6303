"""Per-chat event isolation in Redis that survives its own lock expiring.

aiogram's ``RedisEventIsolation`` holds a Redis lock per chat while an update is handled, so
one chat's updates are answered in order across replicas. The lock needs a timeout, or a
replica killed mid-update would block its chat for ever; but an update that legitimately takes
longer than the timeout (a held request and its retry: 2 x 15 s) then fails on release with
``LockNotOwnedError`` *after* its reply went out, and the error handler would send the user an
apology on top of the answer. Here the expired lock is logged and forgotten: the only cost is
that the chat's next update may have started a little early.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

import structlog
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation
from redis.asyncio.lock import Lock
from redis.exceptions import LockNotOwnedError

log = structlog.get_logger(__name__)

# Long enough for one update's usual worst case (a 15 s request timeout and a retry), short
# enough that a chat whose replica was killed waits about as long as bot/scale's claim lease.
CHAT_LOCK_SECONDS = 30


class ChatLockIsolation(RedisEventIsolation):
    expired = 0  # locks found expired on release (counted per instance)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock = self.redis.lock(name=self.key_builder.build(key, "lock"), **self.lock_kwargs, lock_class=Lock)
        if not await lock.acquire():
            raise TimeoutError("could not take the chat lock within its blocking timeout")
        try:
            yield None
        finally:
            try:
                await lock.release()
            except LockNotOwnedError:
                self.expired += 1
                log.warning("chat_lock_expired", timeout_s=self.lock_kwargs.get("timeout"))
