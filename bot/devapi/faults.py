"""Fault injection for the fake Bot API: what a flaky Telegram does to a bot.

A plan is a list of rules, checked in order for every call. A rule matches a method (or "*")
and fires either for the next ``times`` matching calls (deterministic) or with probability
``rate`` (seeded, so a run is reproducible). The kinds:

- ``429``: Too Many Requests with ``parameters.retry_after`` (Telegram's flood control)
- ``500``: Internal Server Error, JSON body
- ``502``: Bad Gateway with an HTML body (what a proxy in front of Telegram returns)
- ``timeout``: the response is held for ``delay`` seconds (the client should time out)
- ``slow``: the response is delayed by ``delay`` seconds, then served normally
- ``reset``: the connection is closed without a response
"""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web

from bot.devapi.wire import ApiCall, ApiError, error_response

FaultKind = Literal["429", "500", "502", "timeout", "slow", "reset"]


@dataclass
class Fault:
    kind: FaultKind
    method: str = "*"  # a Bot API method name (case-insensitive) or "*"
    times: int | None = 1  # fire for this many matching calls; None = use ``rate``
    rate: float = 0.0  # probability per matching call when ``times`` is None
    retry_after: int = 1  # seconds, for 429
    delay: float = 0.0  # seconds, for timeout / slow
    fired: int = 0

    def matches(self, method: str) -> bool:
        return self.method == "*" or self.method.lower() == method.lower()


@dataclass
class FaultPlan:
    rules: list[Fault] = field(default_factory=list)
    seed: int = 0

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self.rules.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def pick(self, method: str) -> Fault | None:
        """The fault to apply to this call, if any (consumes one firing of a counted rule)."""
        with self._lock:
            for rule in self.rules:
                if not rule.matches(method):
                    continue
                if rule.times is not None:
                    if rule.fired < rule.times:
                        rule.fired += 1
                        return rule
                    continue
                if self._random.random() < rule.rate:
                    rule.fired += 1
                    return rule
        return None

    @classmethod
    def rate_of(cls, kind: FaultKind, rate: float, *, method: str = "*", seed: int = 0, **kw: float) -> FaultPlan:
        """E.g. ``FaultPlan.rate_of("429", 0.05, method="sendMessage")`` — 5 % of sends throttled."""
        return cls([Fault(kind, method=method, times=None, rate=rate, **kw)], seed=seed)  # type: ignore[arg-type]


# --- what a fault does to one HTTP call ---------------------------------------------------------

_BAD_GATEWAY_HTML = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    "</h1></center><hr><center>nginx</center></body></html>"
)


async def fault_response(fault: Fault, request: web.Request, call: ApiCall) -> web.StreamResponse | None:
    """The response a fault gives instead of the method's (None: serve the call normally after
    all, as ``slow`` does once its delay is over). Records the outcome on ``call``."""
    if fault.kind == "429":
        call.status = 429
        return error_response(
            ApiError(429, f"Too Many Requests: retry after {fault.retry_after}", {"retry_after": fault.retry_after})
        )
    if fault.kind == "500":
        call.status = 500
        return error_response(ApiError(500, "Internal Server Error"))
    if fault.kind == "502":
        call.status = 502
        return web.Response(status=502, content_type="text/html", text=_BAD_GATEWAY_HTML)
    if fault.kind in ("timeout", "slow"):
        await asyncio.sleep(fault.delay)
        if request.transport is None or request.transport.is_closing():
            # The client gave up (timeout, shutdown): the request never reached "Telegram".
            call.status, call.description = 0, "client disconnected before processing"
            return web.Response(status=499)
        return None
    # reset: drop the connection without an answer
    call.status = 0
    if request.transport is not None:
        request.transport.abort()
    # Nothing reaches the client: the transport is gone before this response is written.
    return web.Response(status=500)
