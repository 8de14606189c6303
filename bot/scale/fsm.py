"""Per-chat event isolation in Redis: a short lock, renewed while its update runs.

aiogram's ``RedisEventIsolation`` holds a Redis lock per chat while an update is handled, so
one chat's updates are answered in order across replicas. The lock needs a timeout, or a
replica killed mid-update would block its chat for ever, and that timeout is how long the chat
waits after a SIGKILL. So the timeout is short (``CHAT_LOCK_SECONDS``) and the holder renews it
every third of it while the update runs: an update may take as long as it needs (a held request
and its retry: 2 x 15 s), a killed replica's locks expire within ``CHAT_LOCK_SECONDS``, and a
graceful stop (the update task cancelled) releases the lock at once.

If a renewal fails anyway (Redis unreachable for longer than the timeout) the expired lock is
logged and forgotten on release: the only cost is that the chat's next update may have started
a little early, never an apology sent on top of an answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

import structlog
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation
from redis.asyncio.lock import Lock
from redis.exceptions import LockNotOwnedError, RedisError

log = structlog.get_logger(__name__)

# A killed replica's chats wait at most this long; no longer than bot/storage/leased.py's
# claim lease, so the chat lock never adds to the delay of a taken-over update.
CHAT_LOCK_SECONDS = 6.0


class ChatLockIsolation(RedisEventIsolation):
    expired = 0  # locks found expired on release (counted per instance)
    renewals = 0

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock = self.redis.lock(name=self.key_builder.build(key, "lock"), **self.lock_kwargs, lock_class=Lock)
        if not await lock.acquire():
            raise TimeoutError("could not take the chat lock within its blocking timeout")
        keeper = asyncio.create_task(self._renew(lock), name="chat_lock_renew")
        try:
            yield None
        finally:
            keeper.cancel()  # not awaited: a cancellation of this update must not be swallowed
            try:
                await lock.release()
            except LockNotOwnedError:
                self.expired += 1
                log.warning("chat_lock_expired", timeout_s=self.lock_kwargs.get("timeout"))

    async def _renew(self, lock: Lock) -> None:
        """Reset the lock's timeout every third of it until cancelled (the update is done)."""
        timeout = lock.timeout
        if not timeout:
            return
        while True:
            await asyncio.sleep(timeout / 3)
            try:
                await lock.reacquire()
                self.renewals += 1
            except LockNotOwnedError:
                return  # expired meanwhile (Redis was away); release() reports it
            except (RedisError, OSError) as exc:
                # Redis hiccup: try again next round; the lock lives timeout/3 * 2 longer.
                log.warning("chat_lock_renew_failed", error=type(exc).__name__)
