"""Per-user flood control: beyond ``limit`` messages in ``window`` seconds, messages are dropped
and the user gets one polite note per window (not one per dropped message).

The counting is a ``FloodGate`` (bot/core/limits.py): in process memory by default, in Redis
(bot/scale) when the composition root is given REDIS_URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import structlog
from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject

from bot.channels.telegram.middlewares import Handler, event_user
from bot.channels.texts import chat_text
from bot.core.lang import DEFAULT_LANG, parse_lang
from bot.core.limits import FloodGate, LocalFloodGate

log = structlog.get_logger(__name__)


class ThrottleMiddleware(BaseMiddleware):
    """Asks a ``FloodGate`` (in process by default; shared through Redis with REDIS_URL)."""

    def __init__(
        self,
        gate: FloodGate | None = None,
        *,
        limit: int = 8,
        window: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.gate: FloodGate = gate or LocalFloodGate(limit=limit, window=window, clock=clock)
        self.dropped = 0

    async def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, should_note)."""
        return await self.gate.allow(user_id)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = event_user(event)
        if user is None or data.get("replay") or _operators_chat(event, data):
            return await handler(event, data)
        allowed, note = await self.allow(user.id)
        if allowed:
            return await handler(event, data)
        self.dropped += 1
        log.info("throttled", noted=note)
        if note and isinstance(event, Message):
            lang = parse_lang(user.language_code) or DEFAULT_LANG
            await event.answer(chat_text("throttled", lang), parse_mode=None)
        return None


def _operators_chat(event: TelegramObject, data: dict[str, Any]) -> bool:
    """Operators answering cases in their group are not a flood: every answer must get through."""
    settings = data.get("settings")
    group = getattr(settings, "operators_chat_id", None)
    return group is not None and isinstance(event, Message) and event.chat.id == group
