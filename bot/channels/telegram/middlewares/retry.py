"""Outgoing Bot API calls survive a flaky Telegram: a session middleware that retries.

- 429 Too Many Requests: wait exactly ``retry_after`` (Telegram's flood control says how long).
- 5xx, a 502 HTML page from a proxy (aiogram cannot decode it: ``ClientDecodeError``), timeouts
  and connection resets (``TelegramNetworkError``): exponential backoff with jitter.
- Anything else (400 Bad Request, 403 blocked by the user ...) is final and raised at once.

A retried ``sendMessage`` can in rare cases deliver twice (Telegram has no idempotency key and a
timeout does not say whether the message went out); we accept that over losing a reply.
"""

from __future__ import annotations

import asyncio
import random
from typing import TYPE_CHECKING, Any

import structlog
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = structlog.get_logger(__name__)

TRANSIENT = (TelegramServerError, TelegramNetworkError, ClientDecodeError)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        attempts: int = 5,
        base_delay: float = 0.3,
        max_delay: float = 5.0,
        max_retry_after: float = 60.0,
        sleep: Any = asyncio.sleep,
    ) -> None:
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self.retries = 0  # for tests and metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        # The polling loop has its own backoff; a long poll is not worth five attempts.
        attempts = 1 if isinstance(method, GetUpdates) else self.attempts
        for attempt in range(1, attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == attempts or exc.retry_after > self.max_retry_after:
                    raise
                delay = float(exc.retry_after)
                reason = "429"
            except TRANSIENT as exc:
                if attempt == attempts:
                    raise
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
                reason = type(exc).__name__
            self.retries += 1
            log.warning(
                "telegram_retry", method=method.__api_method__, attempt=attempt, reason=reason, delay=round(delay, 2)
            )
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover
