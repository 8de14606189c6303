"""Dispatcher middlewares (logging, dedupe, throttle, user context) and session middlewares
(retry, pacing) for outgoing Bot API calls; what the dispatcher ones share is here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import TelegramObject, User

# The rest of aiogram's chain, as a dispatcher middleware receives it.
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def event_user(event: TelegramObject) -> User | None:
    """Who sent a message or pressed a button; None for channel posts and service updates."""
    user: User | None = getattr(event, "from_user", None)
    return user
