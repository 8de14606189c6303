"""A database filled with a few thousand synthetic questions, built once per session."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

from bot.storage.sql import SqlStore
from tests.analytics.synthetic import Log, fill_sql, generate

T = TypeVar("T")


def run_in_fresh_loop(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion in its own loop, even when called from inside one."""

    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


@pytest.fixture(scope="session")
def synthetic_log() -> Log:
    return generate()


@pytest.fixture(scope="session")
def filled_sqlite(tmp_path_factory: pytest.TempPathFactory, synthetic_log: Log) -> str:
    """URL of a migrated SQLite file holding ``synthetic_log`` (treat as read-only)."""
    path = tmp_path_factory.mktemp("analytics") / "filled.db"
    url = f"sqlite+aiosqlite:///{path}"

    async def fill() -> None:
        store = await SqlStore.open(url, migrate=True)
        try:
            await fill_sql(store, synthetic_log)
        finally:
            await store.close()

    run_in_fresh_loop(fill)
    assert Path(path).exists()
    return url
