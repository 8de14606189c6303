"""A throwaway redis-server for the scale-out tests (Debian's, see scripts/deps.d/redis.sh).

The tests never skip: without redis-server they fail and say how to install it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from testkit.infra import InfraError, RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    workdir: Path = tmp_path_factory.mktemp("redis")
    try:
        server = asyncio.run(RedisServer.start(workdir))
    except InfraError as exc:
        pytest.fail(f"redis-server could not be started: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def redis(redis_server: RedisServer) -> AsyncIterator[Redis]:
    """A client on an emptied database."""
    client = Redis.from_url(redis_server.url)
    await client.flushdb()
    yield client
    await client.aclose()
