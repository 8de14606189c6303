"""Update-level outer middlewares: structured logging and exactly-once processing.

Exactly once (dedupe + replay), the design:

- Polling: the feed loop (bot/channels/telegram/polling.py) claims every update in the store
  (``store.claim_update(update_id, payload)``) *before* its next getUpdates call confirms the
  batch to Telegram, and feeds it with ``claimed=True``. Webhook: the request handler claims
  before it answers 200 (bot/channels/telegram/webhook.py). A duplicate (Telegram redelivering after a
  restart, two replicas) is refused by the claim and never reaches a handler.
- This middleware marks the update finished (``store.finish_update``) as soon as the reply
  went out (``send_parts`` calls ``reply_delivered()``; analytics writes come after), else after
  the handlers ran. A SIGKILL between Telegram accepting the reply and that write makes a
  restart answer again: the Bot API has no idempotency key, so the window can only be kept short. An update whose reply could not be delivered (Telegram
  unreachable after all retries) stays pending; so does one interrupted by a crash or SIGKILL.
- On start the runner replays ``store.pending_updates()`` with ``claimed=True`` before polling.

So a restart never answers twice and never drops an update it had received. A handler bug
finishes the update too (after logging), or a poison update would be replayed forever.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

import structlog
from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.types import TelegramObject, Update

from bot.channels.telegram.middlewares import Handler
from bot.core.ports import Store

log = structlog.get_logger(__name__)

# The reply did not get out: keep the update pending so a restart answers it.
UNDELIVERED = (TelegramNetworkError, TelegramServerError, TelegramRetryAfter)


# Finishes the update being handled (set by DedupeMiddleware for the handler's context).
_finish_current: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar("finish_current_update", default=None)


def update_payload(update: Update) -> str:
    return update.model_dump_json(exclude_none=True, by_alias=True)


async def reply_delivered() -> None:
    """The update's reply is out: mark the update finished now, not after the analytics writes."""
    finish = _finish_current.get()
    if finish is not None:
        await finish()


class UpdateLogMiddleware(BaseMiddleware):
    """One log line per update: its id, type and duration; never text or Telegram ids."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await handler(event, data)
        except Exception:
            outcome = "error"
            raise
        finally:
            log.info(
                "update",
                update_id=event.update_id,
                type=event.event_type,
                replay=bool(data.get("replay")),
                outcome=outcome,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )


class DedupeMiddleware(BaseMiddleware):
    def __init__(self, store: Store) -> None:
        self.store = store
        self.duplicates = 0

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        if not data.get("claimed") and not await self.store.claim_update(event.update_id, update_payload(event)):
            self.duplicates += 1
            log.info("duplicate_update", update_id=event.update_id)
            return None
        finished = False

        async def finish() -> None:
            nonlocal finished
            if not finished:
                finished = True
                await self.store.finish_update(event.update_id)

        token = _finish_current.set(finish)
        try:
            result = await handler(event, data)
        except UNDELIVERED:
            log.warning("update_left_pending", update_id=event.update_id)
            raise
        except Exception:
            await finish()
            raise
        finally:
            _finish_current.reset(token)
        await finish()
        return result
