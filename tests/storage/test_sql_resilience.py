"""A locked database or a dropped connection never loses a citizen's reply."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from bot.core.lang import Lang
from bot.core.ports import QuestionRecord
from bot.core.reply import ReplyKind
from bot.storage.errors import StoreUnavailable
from bot.storage.sql import SqlStore
from testkit.postgres import PostgresServer

SECRET_TEXT = "мой сосед Иванов бьёт собаку"


def _record(text: str = SECRET_TEXT, user: str = "hash-1") -> QuestionRecord:
    return QuestionRecord(user, text, Lang.RU, None, ReplyKind.FALLBACK, 0.2, 9.0)


class Lock:
    """Another process holding SQLite's write lock."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("BEGIN EXCLUSIVE")
        self.held = True

    def release(self) -> None:
        if self.held:
            self.conn.execute("COMMIT")
            self.held = False

    def close(self) -> None:
        self.release()
        self.conn.close()


@pytest.fixture
def sqlite_file(sqlite_url: str) -> Path:
    return Path(sqlite_url.split("///", 1)[1])


@pytest.fixture
async def fragile(sqlite_url: str) -> AsyncIterator[SqlStore]:
    """A store that gives up on a lock fast: 20 ms busy timeout, 3 attempts, sleeps recorded."""
    store = await SqlStore.open(sqlite_url, busy_timeout_ms=20, retry_attempts=3, retry_base_delay_s=0.001)
    yield store
    await store.close()


@pytest.fixture
def lock(sqlite_file: Path) -> Iterator[Lock]:
    held = Lock(sqlite_file)
    yield held
    held.close()


async def _count_questions(store: SqlStore) -> int:
    return (await store.stats_summary(30)).total


async def test_wal_mode_and_busy_timeout_are_set(fragile: SqlStore) -> None:
    async with fragile.engine.connect() as conn:
        mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
        timeout = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    assert (mode, timeout) == ("wal", 20)


async def test_log_question_waits_out_a_lock_released_between_retries(fragile: SqlStore, lock: Lock) -> None:
    sleeps: list[float] = []

    async def release_then_go_on(delay: float) -> None:
        sleeps.append(delay)
        lock.release()

    fragile._sleep = release_then_go_on
    with capture_logs() as logs:
        await fragile.log_question(_record())
    assert len(sleeps) == 1
    assert [e["event"] for e in logs] == ["store_retry"]
    assert await _count_questions(fragile) == 1


async def test_log_question_gives_up_quietly_and_logs_no_text(fragile: SqlStore, lock: Lock) -> None:
    sleeps: list[float] = []

    async def record(delay: float) -> None:
        sleeps.append(delay)

    fragile._sleep = record
    with capture_logs() as logs:
        await fragile.log_question(_record())  # does not raise: the reply already went out
        await fragile.log_feedback("hash-1", "pension-age", False, SECRET_TEXT)
        await fragile.touch_user("hash-1", Lang.KK)
    failed = [e for e in logs if e["event"] == "store_write_failed"]
    assert [e["op"] for e in failed] == ["log_question", "log_feedback", "touch_user"]
    assert all(e["error"] == "OperationalError" for e in failed)
    assert len(sleeps) == 3 * 2 and sleeps[1] > sleeps[0]  # backoff grows
    assert SECRET_TEXT not in repr(logs) and "hash-1" not in repr(logs)
    lock.release()
    assert await _count_questions(fragile) == 0


async def test_claim_update_raises_when_the_database_stays_locked(fragile: SqlStore, lock: Lock) -> None:
    async def no_wait(delay: float) -> None:
        return None

    fragile._sleep = no_wait
    with pytest.raises(StoreUnavailable, match="claim_update failed after 3 attempts"):
        await fragile.claim_update(42, '{"update_id": 42}')
    lock.release()
    assert await fragile.claim_update(42, '{"update_id": 42}') is True


async def test_finish_update_is_best_effort(fragile: SqlStore, lock: Lock) -> None:
    async def no_wait(delay: float) -> None:
        return None

    fragile._sleep = no_wait
    await fragile.finish_update(7)  # logged, not raised
    lock.release()
    await fragile.finish_update(7)
    assert await fragile.claim_update(7, "{}") is False


async def test_store_redacts_again_before_writing(sqlite_url: str) -> None:
    store = await SqlStore.open(sqlite_url)
    try:
        await store.log_question(_record("мой телефон 8 701 234 56 78"))
        await store.log_feedback(None, "pension-age", False, "пишите на a@b.kz")
        async with store.engine.connect() as conn:
            text = (await conn.exec_driver_sql("SELECT text FROM questions")).scalar()
            comment = (await conn.exec_driver_sql("SELECT comment FROM feedback")).scalar()
    finally:
        await store.close()
    assert (text, comment) == ("мой телефон [PHONE]", "пишите на [EMAIL]")


@pytest.mark.postgres
async def test_postgres_store_survives_killed_connections(pg_server: PostgresServer, pg_url: str) -> None:
    store = await SqlStore.open(pg_url)
    try:
        await store.log_question(_record("первый"))
        assert await store.claim_update(1, "{}") is True
        database = pg_url.rsplit("/", 1)[1]
        pg_server.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        )
        await store.log_question(_record("второй"))
        assert await store.claim_update(2, "{}") is True
        assert await store.claim_update(1, "{}") is False
        assert await _count_questions(store) == 2
    finally:
        await store.close()
