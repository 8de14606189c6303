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

import random
import threading
from dataclasses import dataclass, field
from typing import Literal

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
