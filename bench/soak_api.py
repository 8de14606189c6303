"""The soak's Bot API stand-in: ``FakeBotApi`` plus Telegram-like webhook delivery and faults.

- Webhook delivery as Telegram does it: up to ``max_connections`` requests in flight, an update
  re-sent (after a short pause) while the answer is not 200 or does not come in time, and a
  small share of updates sent again although they were acknowledged (Telegram does that after
  its own restarts). ``FakeBotApi``'s built-in delivery is one request at a time.
- A ``timeout`` fault holds the request past the bot's request timeout and then drops the
  connection *without* doing the call (the request was lost on its way in). A call that Telegram
  carried out but whose answer was lost cannot be told apart by any bot (the Bot API has no
  idempotency key), so it is not part of the exactly-once claim measured here.
- Every successful bot message is reported to ``on_bot_message(chat_id, monotonic time)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from bot.devapi import FakeBotApi, Fault, FaultPlan
from bot.devapi.server import ApiCall

FAULT_MIX: tuple[tuple[str, float], ...] = (
    ("429", 0.015),
    ("500", 0.01),
    ("502", 0.01),
    ("reset", 0.01),
    ("timeout", 0.005),
)
TIMEOUT_HOLD = 16.0  # seconds; longer than the bot's 15 s request timeout


def fault_plan(total_rate: float, seed: int) -> FaultPlan:
    """``total_rate`` of all Bot API calls fail, split over 429/500/502/reset/timeout."""
    scale = total_rate / sum(rate for _, rate in FAULT_MIX)
    rules = [
        Fault(kind, times=None, rate=rate * scale, retry_after=1, delay=TIMEOUT_HOLD)  # type: ignore[arg-type]
        for kind, rate in FAULT_MIX
    ]
    return FaultPlan(rules, seed=seed)


class SoakBotApi(FakeBotApi):
    def __init__(
        self,
        *,
        faults: FaultPlan,
        webhook: bool,
        on_bot_message: Callable[[int, float], None],
        max_connections: int = 40,
        redeliver_rate: float = 0.02,
        post_timeout: float = 10.0,
        seed: int = 0,
    ) -> None:
        super().__init__(faults=faults)
        self.webhook_mode = webhook
        self.on_bot_message = on_bot_message
        self.max_connections = max_connections
        self.redeliver_rate = redeliver_rate
        self.post_timeout = post_timeout
        self._rng = random.Random(seed)
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []
        self._later: set[asyncio.TimerHandle] = set()
        self.deliveries_ok = 0
        self.deliveries_failed = 0  # non-200 answers, timeouts, refused connections
        self.redelivered = 0  # acknowledged updates sent again

    # ------------------------------------------------------------------ updates in

    def push_update(self, update: dict[str, Any]) -> int:
        if not self.webhook_mode:
            return super().push_update(update)
        update = dict(update)
        update["update_id"] = self._next_update_id
        self._next_update_id += 1
        self._queue.put_nowait(update)
        return int(update["update_id"])

    def _ensure_delivery(self) -> None:
        """Delivery is the workers' job (``start_delivery``), not FakeBotApi's one-at-a-time loop."""

    def start_delivery(self) -> None:
        if self.webhook_mode and not self._workers:
            self._workers = [asyncio.create_task(self._deliver_loop()) for _ in range(self.max_connections)]

    async def stop_delivery(self) -> None:
        for handle in self._later:
            handle.cancel()
        for task in self._workers:
            task.cancel()
        for task in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._workers = []

    def in_delivery(self) -> int:
        return self._queue.qsize()

    async def _deliver_loop(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self.post_timeout)
        connector = aiohttp.TCPConnector(limit=1)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            while True:
                update = await self._queue.get()
                headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret or ""}
                status = 0  # no webhook registered yet counts as a failed delivery
                if self.webhook_url:
                    try:
                        async with session.post(self.webhook_url, json=update, headers=headers) as resp:
                            await resp.read()
                            status = resp.status
                    except (TimeoutError, aiohttp.ClientError, OSError):
                        status = 0
                if status == 200:
                    self.deliveries_ok += 1
                    if self._rng.random() < self.redeliver_rate:
                        self.redelivered += 1
                        self._send_later(update, self._rng.uniform(0.05, 2.0))
                else:
                    self.deliveries_failed += 1
                    self._send_later(update, self._rng.uniform(0.2, 1.0))

    def _send_later(self, update: dict[str, Any], delay: float) -> None:
        loop = asyncio.get_running_loop()
        handle: asyncio.TimerHandle | None = None

        def put() -> None:
            if handle is not None:
                self._later.discard(handle)
            self._queue.put_nowait(update)

        handle = loop.call_later(delay, put)
        self._later.add(handle)

    # ------------------------------------------------------------------ calls out

    async def _inject(self, fault: Fault, request: web.Request, call: ApiCall) -> web.StreamResponse | None:
        if fault.kind != "timeout":
            return await super()._inject(fault, request, call)
        await asyncio.sleep(fault.delay)
        call.status = 0
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=504)

    def _publish(self, event: dict[str, Any]) -> None:
        if event.get("type") == "message" and event["message"]["from"] == "bot":
            self.on_bot_message(int(event["chat_id"]), time.monotonic())
        super()._publish(event)
