"""Retention: delete questions and feedback older than RETENTION_DAYS, periodically.

The bot runner starts ``run_retention(store, settings.retention_days, interval_s, stop)`` as a
background task and sets ``stop`` on shutdown. The first purge runs at once (a bot that
restarts often still purges), then every ``interval_s`` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from bot.core.ports import Store

log = structlog.get_logger("bot.storage.retention")

DEFAULT_INTERVAL_S = 6 * 3600.0


async def purge_once(store: Store, days: int) -> int | None:
    """One purge; logs the outcome. Returns rows removed, or None when the store failed."""
    try:
        removed = await store.purge_older_than(days)
    except Exception as exc:  # the bot keeps running; the next round tries again
        log.warning("retention_failed", days=days, error=type(exc).__name__)
        return None
    log.info("retention_purged", days=days, rows=removed)
    return removed


async def run_retention(
    store: Store, days: int, interval_s: float = DEFAULT_INTERVAL_S, stop_event: asyncio.Event | None = None
) -> None:
    """Purge now and then every ``interval_s`` until ``stop_event`` is set (or the task is cancelled)."""
    if days < 1:
        raise ValueError("retention days must be at least 1")
    stop = stop_event if stop_event is not None else asyncio.Event()
    while not stop.is_set():
        await purge_once(store, days)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_s)
