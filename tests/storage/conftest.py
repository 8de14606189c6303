"""Store fixtures: every contract test runs on each implementation."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.storage.memory import InMemoryStore
from tests.storage.helpers import Clock, StoreUnderTest


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["memory"])
async def store(request: pytest.FixtureRequest, clock: Clock) -> AsyncIterator[StoreUnderTest]:
    if request.param == "memory":
        mem = InMemoryStore(now=clock)
        yield mem
        await mem.close()
