"""Pacing of outgoing messages under Telegram's limits: ~1 message/s per chat, ~30/s overall.

Token buckets, checked before each attempt (so retries are paced too): a chat may burst a few
messages (a reply split in parts) and then gets one per second; all chats together get 30/s.
Only methods that put something in a chat are paced; answering a callback is not.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType

from bot.core.limits import LocalPacer, Pacer, TokenBucket

if TYPE_CHECKING:
    from aiogram import Bot

__all__ = ["PACED", "PacingMiddleware", "TokenBucket"]

PACED = (SendMessage, EditMessageText, EditMessageReplyMarkup)


class PacingMiddleware(BaseRequestMiddleware):
    """Asks a ``Pacer`` (in process by default; shared through Redis with REDIS_URL)."""

    def __init__(self, pacer: Pacer | None = None, **buckets: Any) -> None:
        self.pacer: Pacer = pacer or LocalPacer(**buckets)
        self.waited = 0.0  # total seconds spent pacing, for tests and metrics

    async def reserve(self, chat_id: int | str | None) -> float:
        """Seconds to wait before sending to ``chat_id``."""
        return await self.pacer.reserve(chat_id)

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
