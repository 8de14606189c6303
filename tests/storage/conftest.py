"""Store fixtures: every contract test runs on memory, SQLite and a real PostgreSQL server.

The PostgreSQL tests never skip: if the server cannot be started the tests fail and say why.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.storage.memory import InMemoryStore
from bot.storage.migrate import upgrade_url
from bot.storage.sql import SqlStore
from testkit.postgres import PostgresServer, PostgresUnavailable, start_postgres
from tests.storage.helpers import Clock, StoreUnderTest

TABLES = (
    "users", "questions", "feedback", "processed_updates", "content_versions",
    "handoff_cases", "handoff_messages", "handoff_bans",
)
BACKENDS = [
    pytest.param("memory"),
    pytest.param("sqlite"),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL test server could not be started: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    """A database migrated to head, cloned for each test that needs a ready schema."""
    name = pg_server.create_database()
    upgrade_url(pg_server.url(name))
    return name


@pytest.fixture
def pg_empty_url(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (for migration tests)."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(scope="session")
def pg_shared(pg_server: PostgresServer, pg_template: str) -> str:
    """One database at head shared by the store tests, emptied before each (faster than a new one)."""
    return pg_server.create_database(template=pg_template)


@pytest.fixture
def pg_url(pg_server: PostgresServer, pg_shared: str) -> str:
    """An empty PostgreSQL database at the migration head."""
    pg_server.sql_in(pg_shared, f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY")
    return pg_server.url(pg_shared)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "bot.db"
    upgrade_url(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh SQLite database file at the migration head."""
    path = tmp_path / "bot.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=BACKENDS)
async def store(request: pytest.FixtureRequest, clock: Clock) -> AsyncIterator[StoreUnderTest]:
    if request.param == "memory":
        mem = InMemoryStore(now=clock)
        yield mem
        await mem.close()
        return
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    sql = await SqlStore.open(url, now=clock)
    yield sql
    await sql.close()
