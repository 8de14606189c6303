"""Migrations like code: every revision walks up and down, and the models agree with them.

Runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import load_settings
from bot.storage import migrate
from bot.storage.errors import SchemaOutdated, StoreUnavailable
from bot.storage.migrate import downgrade_url, head_revision, revisions, upgrade_url
from bot.storage.models import Base
from bot.storage.sql import SqlStore

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
TABLES = {
    "users", "questions", "feedback", "processed_updates", "content_versions",
    "handoff_cases", "handoff_messages", "handoff_bans",
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/migr.db"
    return str(request.getfixturevalue("pg_empty_url"))


async def _inspect(url: str, fn: Callable[[Connection], T]) -> T:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names()) - {"alembic_version"}


def _diff(conn: Connection, metadata: MetaData = Base.metadata) -> list[object]:
    ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
    return list(compare_metadata(ctx, metadata))


def _diff_with_an_extra_column(conn: Connection) -> list[object]:
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    metadata.tables["questions"].append_column(Column("mood", String(10)))
    return _diff(conn, metadata)


def _create_empty_file(sqlite_url: str) -> None:
    Path(sqlite_url.split("///", 1)[1]).touch()


def test_revisions_form_one_line_ending_at_head() -> None:
    revs = revisions()
    assert revs[0] == "0001" and revs[-1] == head_revision()
    assert len(revs) == len(set(revs)) >= 2


async def test_stairway_every_revision_upgrades_downgrades_and_upgrades_again(empty_url: str) -> None:
    revs = revisions()
    for i, rev in enumerate(revs):
        previous = revs[i - 1] if i else "base"
        upgrade_url(empty_url, rev)
        downgrade_url(empty_url, previous)
        upgrade_url(empty_url, rev)
    assert await _inspect(empty_url, _tables) == TABLES
    downgrade_url(empty_url, "base")
    assert await _inspect(empty_url, _tables) == set()


async def test_models_and_migrations_agree(empty_url: str) -> None:
    upgrade_url(empty_url)
    assert await _inspect(empty_url, _diff) == []
    # ... and the comparison does notice a model the migrations do not have.
    diff = await _inspect(empty_url, _diff_with_an_extra_column)
    assert [d[0] for d in diff] == ["add_column"]


async def test_open_refuses_an_empty_database_with_a_one_line_hint(empty_url: str) -> None:
    if empty_url.startswith("sqlite"):
        _create_empty_file(empty_url)
    with pytest.raises(SchemaOutdated) as err:
        await SqlStore.open(empty_url)
    message = str(err.value)
    assert message == (
        f"database schema is at none, code needs {head_revision()}: run `python -m bot db upgrade`"
    )
    assert "\n" not in message


async def test_open_refuses_an_older_revision(empty_url: str) -> None:
    upgrade_url(empty_url, "0001")
    with pytest.raises(SchemaOutdated, match=rf"at 0001, code needs {head_revision()}: run `python -m bot db upgrade`"):
        await SqlStore.open(empty_url)


async def test_open_with_migrate_upgrades_first(empty_url: str) -> None:
    store = await SqlStore.open(empty_url, migrate=True)
    try:
        assert await store.claim_update(1, "{}") is True
    finally:
        await store.close()


async def test_open_does_not_create_a_missing_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "absent" / "bot.db"
    with pytest.raises(SchemaOutdated):
        await SqlStore.open(f"sqlite+aiosqlite:///{path}")
    assert not path.exists()


async def test_open_reports_an_unreachable_server_in_one_line_without_the_password() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreUnavailable) as err:
        await SqlStore.open(f"postgresql+asyncpg://u:secretpw@127.0.0.1:{port}/x")
    assert str(err.value).startswith(f"cannot open the database at postgresql+asyncpg://u:***@127.0.0.1:{port}/x")
    assert "secretpw" not in str(err.value)


def test_db_upgrade_creates_the_sqlite_directory_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "bot.db"
    settings = load_settings(DATABASE_URL=f"sqlite+aiosqlite:///{path}")
    assert migrate.upgrade(settings) == 0
    assert path.exists()
    assert migrate.upgrade(settings) == 0


def test_db_upgrade_reports_an_unreachable_server_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = load_settings(DATABASE_URL=f"postgresql+asyncpg://u:secretpw@127.0.0.1:{port}/x")
    assert migrate.upgrade(settings) == 1
    err = capsys.readouterr().err
    assert err.startswith("db upgrade failed for postgresql+asyncpg://u:***@127.0.0.1")
    assert "secretpw" not in err


def test_cli_db_upgrade_then_bot_can_open(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{path}"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"], cwd=REPO, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert path.exists()
