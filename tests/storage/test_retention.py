"""Retention: old questions and feedback go; the periodic task stops promptly."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from structlog.testing import capture_logs

from bot.core.lang import Lang
from bot.core.ports import QuestionRecord
from bot.core.reply import ReplyKind
from bot.storage.errors import StoreUnavailable
from bot.storage.memory import InMemoryStore
from bot.storage.retention import purge_once, run_retention
from tests.storage.helpers import Clock


def _record(text: str) -> QuestionRecord:
    return QuestionRecord("u", text, Lang.RU, None, ReplyKind.FALLBACK, 0.1, 5.0)


class SignallingStore(InMemoryStore):
    """Sets ``purged`` after each purge; fails the first ``failures`` purges."""

    def __init__(self, clock: Clock, failures: int = 0) -> None:
        super().__init__(now=clock)
        self.purged = asyncio.Event()
        self.calls = 0
        self.failures = failures

    async def purge_older_than(self, days: int) -> int:
        self.calls += 1
        if self.calls <= self.failures:
            raise StoreUnavailable("purge_older_than failed after 4 attempts (OperationalError)")
        removed = await super().purge_older_than(days)
        self.purged.set()
        return removed


async def test_run_retention_purges_at_once_and_stops_when_asked(clock: Clock) -> None:
    store = SignallingStore(clock)
    clock.advance(timedelta(days=-181))
    await store.log_question(_record("старый вопрос"))
    clock.advance(timedelta(days=181))
    await store.log_question(_record("новый вопрос"))
    stop = asyncio.Event()
    task = asyncio.create_task(run_retention(store, days=180, interval_s=3600, stop_event=stop))
    await asyncio.wait_for(store.purged.wait(), timeout=5)
    assert [q.record.text for q in store.questions] == ["новый вопрос"]
    stop.set()
    await asyncio.wait_for(task, timeout=5)  # does not wait out the hour


async def test_run_retention_survives_a_failing_store_and_tries_again(clock: Clock) -> None:
    store = SignallingStore(clock, failures=1)
    stop = asyncio.Event()
    with capture_logs() as logs:
        task = asyncio.create_task(run_retention(store, days=30, interval_s=0.01, stop_event=stop))
        await asyncio.wait_for(store.purged.wait(), timeout=5)
        stop.set()
        await asyncio.wait_for(task, timeout=5)
    events = [e["event"] for e in logs]
    assert events[:2] == ["retention_failed", "retention_purged"]
    assert store.calls >= 2


async def test_purge_once_reports_rows(clock: Clock) -> None:
    store = InMemoryStore(now=clock)
    clock.advance(timedelta(days=-40))
    await store.log_question(_record("a"))
    await store.log_question(_record("b"))
    clock.advance(timedelta(days=40))
    assert await purge_once(store, 30) == 2


async def test_run_retention_rejects_nonsense_days(clock: Clock) -> None:
    with pytest.raises(ValueError):
        await run_retention(InMemoryStore(now=clock), days=0, interval_s=1, stop_event=asyncio.Event())
