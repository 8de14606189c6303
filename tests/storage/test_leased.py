"""Leased claims: a replica replays only what a dead replica left, and only one replica does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage.leased import LeasedSqlStore
from bot.storage.migrate import upgrade_url
from tests.storage.helpers import Clock

Replicas = tuple[LeasedSqlStore, LeasedSqlStore, LeasedSqlStore, Clock]


@pytest.fixture
async def replicas(tmp_path: Path) -> AsyncIterator[Replicas]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    upgrade_url(url)
    clock = Clock()
    engine = create_async_engine(url)
    a, b, c = (LeasedSqlStore(engine, now=clock, lease=20.0) for _ in range(3))
    yield a, b, c, clock
    await engine.dispose()


async def test_a_starting_replica_does_not_replay_claims_another_replica_is_answering(replicas: Replicas) -> None:
    a, b, _, clock = replicas
    assert await a.claim_update(1, '{"update_id": 1}')
    clock.advance(timedelta(seconds=5))
    assert await b.pending_updates() == []


async def test_a_live_replica_keeps_its_claims_by_renewing(replicas: Replicas) -> None:
    a, b, _, clock = replicas
    await a.claim_update(1, '{"update_id": 1}')
    for _ in range(6):  # 60 s, renewed every 10 s
        clock.advance(timedelta(seconds=10))
        assert await a.renew() == 1
        assert await b.pending_updates() == []


async def test_a_dead_replicas_claims_are_taken_over_by_exactly_one_replica(replicas: Replicas) -> None:
    a, b, c, clock = replicas
    await a.claim_update(1, '{"update_id": 1}')
    await a.claim_update(2, '{"update_id": 2}')
    await a.finish_update(2)  # answered before the replica died
    clock.advance(timedelta(seconds=21))  # a stopped renewing
    taken_by_b = await b.pending_updates()
    taken_by_c = await c.pending_updates()
    assert [p.update_id for p in taken_by_b] == [1]
    assert taken_by_c == []
    # b now holds it: renewing keeps c away.
    clock.advance(timedelta(seconds=15))
    assert await b.renew() == 1
    clock.advance(timedelta(seconds=15))
    assert await c.pending_updates() == []


async def test_finished_updates_are_not_renewed_or_replayed(replicas: Replicas) -> None:
    a, b, _, clock = replicas
    await a.claim_update(1, '{"update_id": 1}')
    await a.finish_update(1)
    assert a.held == 0
    assert await a.renew() == 0
    clock.advance(timedelta(seconds=60))
    assert await b.pending_updates() == []
    assert not await b.claim_update(1, '{"update_id": 1}')  # a redelivery is still refused
