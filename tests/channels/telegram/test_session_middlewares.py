"""Retry and pacing of outgoing calls, with a fake clock and sleep (no waiting in tests)."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetMe, SendMessage

from bot.channels.telegram.middlewares.pacing import TokenBucket
from bot.channels.telegram.middlewares.retry import RetryMiddleware


class Flaky:
    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, bot: Any, method: Any) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def make_retry(**kw: Any) -> tuple[RetryMiddleware, list[float]]:
    slept: list[float] = []

    async def sleep(delay: float) -> None:
        slept.append(delay)

    return RetryMiddleware(sleep=sleep, **kw), slept


METHOD = SendMessage(chat_id=1, text="x")


async def test_429_waits_exactly_retry_after() -> None:
    retry, slept = make_retry()
    flaky = Flaky(TelegramRetryAfter(METHOD, "Too Many Requests", retry_after=3))
    assert await retry(flaky, None, METHOD) == "ok"  # type: ignore[arg-type]
    assert slept == [3.0] and flaky.calls == 2


async def test_5xx_and_network_errors_back_off_exponentially() -> None:
    retry, slept = make_retry(base_delay=1.0, max_delay=100)
    flaky = Flaky(TelegramServerError(METHOD, "Bad Gateway"), TelegramNetworkError(METHOD, "reset"), TelegramServerError(METHOD, "x"))
    assert await retry(flaky, None, METHOD) == "ok"  # type: ignore[arg-type]
    assert len(slept) == 3
    for delay, expected in zip(slept, (1, 2, 4), strict=True):
        assert 0.8 * expected <= delay <= 1.2 * expected  # ±20 % jitter


async def test_gives_up_after_the_last_attempt() -> None:
    retry, slept = make_retry(attempts=3)
    flaky = Flaky(*[TelegramServerError(METHOD, "x") for _ in range(5)])
    with pytest.raises(TelegramServerError):
        await retry(flaky, None, METHOD)  # type: ignore[arg-type]
    assert flaky.calls == 3 and len(slept) == 2


async def test_bad_request_is_not_retried() -> None:
    retry, slept = make_retry()
    flaky = Flaky(TelegramBadRequest(METHOD, "message is not modified"))
    with pytest.raises(TelegramBadRequest):
        await retry(flaky, None, METHOD)  # type: ignore[arg-type]
    assert flaky.calls == 1 and not slept


async def test_an_absurd_retry_after_is_not_waited_for() -> None:
    retry, slept = make_retry(max_retry_after=60)
    flaky = Flaky(TelegramRetryAfter(GetMe(), "Too Many Requests", retry_after=3600))
    with pytest.raises(TelegramRetryAfter):
        await retry(flaky, None, GetMe())  # type: ignore[arg-type]
    assert not slept


def test_token_bucket_allows_a_burst_then_one_per_second() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=1.0, burst=3.0, clock=lambda: now[0])
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve() == pytest.approx(1.0)
    assert bucket.reserve() == pytest.approx(2.0)
    now[0] = 10.0
    assert bucket.reserve() == 0.0


def test_global_bucket_paces_30_per_second() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=30.0, burst=30.0, clock=lambda: now[0])
    waits = [bucket.reserve() for _ in range(60)]
    assert waits[29] == 0.0 and waits[59] == pytest.approx(1.0)
