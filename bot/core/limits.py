"""In-process flood control and pacing: the default implementations of two small ports.

``FloodGate`` (may this user's message pass?) and ``Pacer`` (how long to wait before sending to
this chat?) are what the channels' middlewares ask; ``bot/scale`` implements both in Redis so
replicas share one budget, and falls back to these when Redis is unreachable. Both are plain
algorithms with an injected clock: no I/O.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Protocol


class FloodGate(Protocol):
    """Per-user flood control: ``(allowed, should_note)`` for one incoming message."""

    async def allow(self, user_id: int) -> tuple[bool, bool]: ...


class Pacer(Protocol):
    """Outgoing pacing: seconds to wait before sending to ``chat_id`` (None: no chat)."""

    async def reserve(self, chat_id: int | str | None) -> float: ...


class TokenBucket:
    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.clock = clock
        self.updated = clock()

    def reserve(self) -> float:
        """Take a token; returns how long to wait before using it (0 when one is available)."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class LocalFloodGate:
    """Beyond ``limit`` messages in ``window`` seconds a user's messages are dropped, with one
    note per window (not one per dropped message). In process memory: with several replicas
    each counts its own share, which is good enough for floods."""

    def __init__(self, *, limit: int = 8, window: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._noted: dict[int, float] = {}

    def check(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, should_note)."""
        now = self.clock()
        times = self._seen.setdefault(user_id, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        if len(self._seen) > 50_000:  # drop idle users
            self._seen = {k: v for k, v in self._seen.items() if v and now - v[-1] <= self.window}
            self._seen.setdefault(user_id, times)
        if len(times) < self.limit:
            times.append(now)
            return True, False
        noted_at = self._noted.get(user_id)
        should_note = noted_at is None or now - noted_at > self.window
        if should_note:
            self._noted[user_id] = now
        return False, should_note

    async def allow(self, user_id: int) -> tuple[bool, bool]:
        return self.check(user_id)


class LocalPacer:
    """~1 message/s per chat (a burst of a few: a reply split in parts), ~30/s overall."""

    def __init__(
        self,
        *,
        per_chat_rate: float = 1.0,
        per_chat_burst: float = 3.0,
        global_rate: float = 30.0,
        global_burst: float = 30.0,
        max_chats: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_chat_rate = per_chat_rate
        self.per_chat_burst = per_chat_burst
        self.global_rate = global_rate
        self.global_burst = global_burst
        self.clock = clock
        self.global_bucket = TokenBucket(global_rate, global_burst, clock)
        self.max_chats = max_chats
        self._chats: dict[int | str, TokenBucket] = {}

    def _chat_bucket(self, chat_id: int | str) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= self.max_chats:
                # Forget idle chats (a full bucket carries no information).
                now = self.clock()
                self._chats = {
                    k: b for k, b in self._chats.items() if (now - b.updated) * b.rate + b.tokens < b.burst
                }
            bucket = self._chats[chat_id] = TokenBucket(self.per_chat_rate, self.per_chat_burst, self.clock)
        return bucket

    async def reserve(self, chat_id: int | str | None) -> float:
        delay = self._chat_bucket(chat_id).reserve() if chat_id is not None else 0.0
        return max(delay, self.global_bucket.reserve())
