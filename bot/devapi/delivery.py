"""Webhook delivery as Telegram does it, one update at a time: POST the oldest queued update
to the registered URL with its secret header, drop it on 200, retry it after a pause otherwise."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import aiohttp

RETRY_PAUSE = 0.2  # seconds between failed attempts
POST_TIMEOUT = 10.0


class WebhookDelivery:
    def __init__(self, queue: list[dict[str, Any]], target: Callable[[], tuple[str | None, str | None]]) -> None:
        """``queue``: the updates waiting (shared with getUpdates, oldest first); ``target``:
        the registered (url, secret) at the moment of each attempt."""
        self.queue = queue
        self.target = target
        self.deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self._task: asyncio.Task[None] | None = None

    def ensure(self) -> None:
        """Deliver what is queued, unless a delivery loop is already running."""
        if self._task is None or self._task.done():
            with contextlib.suppress(RuntimeError):  # no running loop: delivered on the next push
                self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            while True:
                url, secret = self.target()
                if not url or not self.queue:
                    return
                update = self.queue[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
                try:
                    async with session.post(
                        url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT)
                    ) as resp:
                        status = resp.status
                except (TimeoutError, aiohttp.ClientError):
                    status = 0
                self.deliveries.append((update["update_id"], status))
                if status == 200:
                    if self.queue and self.queue[0] is update:
                        self.queue.pop(0)
                else:
                    await asyncio.sleep(RETRY_PAUSE)
