"""Pacing of outgoing messages under Telegram's limits: ~1 message/s per chat, ~30/s overall.

Token buckets, checked before each attempt (so retries are paced too): a chat may burst a few
messages (a reply split in parts) and then gets one per second; all chats together get 30/s.
Only methods that put something in a chat are paced; answering a callback is not.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

PACED = (SendMessage, EditMessageText, EditMessageReplyMarkup)


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


class PacingMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        per_chat_rate: float = 1.0,
        per_chat_burst: float = 3.0,
        global_rate: float = 30.0,
        global_burst: float = 30.0,
        max_chats: int = 10_000,
    ) -> None:
        self.per_chat_rate = per_chat_rate
        self.per_chat_burst = per_chat_burst
        self.global_bucket = TokenBucket(global_rate, global_burst)
        self.max_chats = max_chats
        self._chats: dict[int | str, TokenBucket] = {}
        self.waited = 0.0  # total seconds spent pacing, for tests and metrics

    def _chat_bucket(self, chat_id: int | str) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= self.max_chats:
                # Forget idle chats (a full bucket carries no information).
                now = time.monotonic()
                self._chats = {
                    k: b for k, b in self._chats.items() if (now - b.updated) * b.rate + b.tokens < b.burst
                }
            bucket = self._chats[chat_id] = TokenBucket(self.per_chat_rate, self.per_chat_burst)
        return bucket

    async def reserve(self, chat_id: int | str | None) -> float:
        """Seconds to wait before sending to ``chat_id``; subclasses may share the buckets (Redis)."""
        delay = self._chat_bucket(chat_id).reserve() if chat_id is not None else 0.0
        return max(delay, self.global_bucket.reserve())

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, PACED):
            delay = await self.reserve(getattr(method, "chat_id", None))
            if delay > 0:
                self.waited += delay
                await asyncio.sleep(delay)
        return await make_request(bot, method)
