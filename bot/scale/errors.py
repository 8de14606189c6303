"""Counting Redis failures without flooding the log."""

from __future__ import annotations

import time
from collections.abc import Callable

import structlog

log = structlog.get_logger(__name__)


class RedisErrorLog:
    """Counts Redis failures of one operation and logs at most one line per ``interval`` seconds.

    A Redis outage would otherwise write one line per message; the count keeps the total.
    """

    def __init__(self, op: str, *, interval: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.op = op
        self.interval = interval
        self.clock = clock
        self.count = 0
        self._last_logged: float | None = None

    def record(self, exc: BaseException) -> None:
        self.count += 1
        now = self.clock()
        if self._last_logged is None or now - self._last_logged > self.interval:
            self._last_logged = now
            log.warning("redis_error", op=self.op, error=type(exc).__name__, count=self.count)
