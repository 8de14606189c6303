"""Our own long-polling feed loop (instead of ``Dispatcher.start_polling``), for two guarantees:

1. Exactly once. Each update of a getUpdates batch is claimed in the store before the next
   getUpdates call confirms the batch to Telegram (the offset), so a crash at any point leaves
   every received update either answered or pending; pending ones are replayed on start
   (``replay_pending``) and duplicates are refused by the claim (see middlewares/updates.py).
2. A graceful stop. On ``stop`` the loop stops fetching, waits for the replies in flight
   (``grace`` seconds), then cancels what is left — those stay pending and are replayed by the
   next start — and confirms the consumed offset to Telegram.

Each update runs in its own task; aiogram's event isolation (a lock per chat) keeps one chat's
updates in order while different chats are answered concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

import structlog
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError, TelegramRetryAfter, TelegramUnauthorizedError
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.channels.telegram.middlewares.updates import update_payload
from bot.core.ports import ClaimSpace, PendingUpdate, Store

log = structlog.get_logger(__name__)

BACKOFF = BackoffConfig(min_delay=0.2, max_delay=5.0, factor=1.6, jitter=0.1)


class Poller:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        store: Store,
        *,
        polling_timeout: int = 25,
        grace: float = 2.5,
        backoff: BackoffConfig = BACKOFF,
        **feed_kwargs: Any,
    ) -> None:
        self.dp = dp
        self.bot = bot
        self.store = store
        self.polling_timeout = polling_timeout
        self.grace = grace
        self.backoff = backoff
        self.feed_kwargs = feed_kwargs
        self.offset: int | None = None
        self.tasks: set[asyncio.Task[Any]] = set()
        self.processed = 0
        self.fetch_errors = 0

    def _spawn(self, update: Update, **kwargs: Any) -> None:
        task = asyncio.create_task(self._feed(update, **kwargs))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _feed(self, update: Update, **kwargs: Any) -> None:
        try:
            await self.dp.feed_update(self.bot, update, claimed=True, **self.feed_kwargs, **kwargs)
            self.processed += 1
        except Exception as exc:  # logged; the update stays pending if the reply did not get out
            log.warning("update_failed", update_id=update.update_id, error=type(exc).__name__)

    async def replay_pending(self) -> int:
        """Answer what a previous run received but did not answer, oldest first."""
        return await self.replay(await self.store.pending_updates(ClaimSpace.TELEGRAM))

    async def replay(self, pending: Sequence[PendingUpdate]) -> int:
        """Answer these pending updates (listed by ``store.pending_updates``)."""
        for item in pending:
            try:
                update = Update.model_validate_json(item.payload, context={"bot": self.bot})
            except ValueError:
                log.warning("pending_update_unreadable", update_id=item.update_id)
                await self.store.finish_update(item.update_id)
                continue
            self._spawn(update, replay=True)
        if pending:
            log.info("replaying_pending", count=len(pending))
        return len(pending)

    async def _fetch(self, allowed_updates: list[str]) -> list[Update]:
        return await self.bot(
            GetUpdates(offset=self.offset, timeout=self.polling_timeout, allowed_updates=allowed_updates),
            request_timeout=int(self.bot.session.timeout + self.polling_timeout),
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Replay what is pending, then poll until ``stop``; drain on the way out."""
        await self.replay_pending()
        allowed = self.dp.resolve_used_update_types()
        backoff = Backoff(self.backoff)
        stop_wait = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set():
                fetch = asyncio.create_task(self._fetch(allowed))
                await asyncio.wait({fetch, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await fetch
                    break
                try:
                    updates = fetch.result()
                except TelegramUnauthorizedError:
                    log.error("telegram_unauthorized")
                    raise
                except Exception as exc:
                    self.fetch_errors += 1
                    delay = backoff.next_delay
                    if isinstance(exc, TelegramRetryAfter):
                        delay = float(exc.retry_after)
                    elif isinstance(exc, TelegramConflictError):
                        delay = max(delay, 1.0)
                    log.warning("get_updates_failed", error=type(exc).__name__, delay=round(delay, 2))
                    next(backoff)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), delay)
                    continue
                backoff.reset()
                for update in updates:
                    # Claim before the next getUpdates confirms this batch to Telegram.
                    try:
                        claimed = await self.store.claim_update(update.update_id, update_payload(update))
                    except Exception as exc:
                        # The store is down (after its own retries): the citizen's reply matters
                        # more than dedupe, so answer anyway and log it (at-least-once until the
                        # database is back).
                        log.error("claim_failed_answering_anyway", update_id=update.update_id, error=type(exc).__name__)
                        claimed = True
                    if claimed:
                        self._spawn(update)
                    else:
                        log.info("duplicate_update", update_id=update.update_id)
                    self.offset = update.update_id + 1
        finally:
            stop_wait.cancel()
            await self.drain()

    async def drain(self) -> None:
        """Wait for replies in flight (up to ``grace``), cancel the rest, confirm the offset."""
        if self.tasks:
            _, pending = await asyncio.wait(set(self.tasks), timeout=self.grace)
            for task in pending:
                task.cancel()
            if pending:
                log.warning("shutdown_cancelled_updates", count=len(pending))
                await asyncio.wait(pending, timeout=0.5)
        if self.offset is not None:
            # Tell Telegram what we have consumed, so it does not redeliver it (a redelivery
            # would be refused by the claim anyway). timeout=0: return at once.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.bot(GetUpdates(offset=self.offset, timeout=0, limit=1)), 0.5)
