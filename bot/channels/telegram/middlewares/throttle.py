"""Per-user flood control: beyond ``limit`` messages in ``window`` seconds, messages are dropped
and the user gets one polite note per window (not one per dropped message).

In process memory: with several replicas each counts its own share, which is good enough for
floods (the per-chat pacing of replies still holds).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

import structlog
from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject

from bot.channels.telegram.middlewares import Handler, event_user
from bot.channels.telegram.texts import text
from bot.core.lang import DEFAULT_LANG, parse_lang

log = structlog.get_logger(__name__)


class ThrottleMiddleware(BaseMiddleware):
    def __init__(self, *, limit: int = 8, window: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._noted: dict[int, float] = {}
        self.dropped = 0

    def _allow(self, user_id: int) -> tuple[bool, bool]:
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
        """(allowed, should_note); subclasses may decide elsewhere (e.g. Redis, shared by replicas)."""
        return self._allow(user_id)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = event_user(event)
        if user is None or data.get("replay"):
            return await handler(event, data)
        allowed, note = await self.allow(user.id)
        if allowed:
            return await handler(event, data)
        self.dropped += 1
        log.info("throttled", noted=note)
        if note and isinstance(event, Message):
            lang = parse_lang(user.language_code) or DEFAULT_LANG
            await event.answer(text("throttled", lang), parse_mode=None)
        return None
