"""``SqlStore``: the ``Store`` protocol on SQLAlchemy 2 async (SQLite via aiosqlite, PostgreSQL via asyncpg).

Open with ``store = await SqlStore.open(settings.database_url)``; close with ``await store.close()``.
``open`` raises ``SchemaOutdated`` (one-line hint: run ``python -m bot db upgrade``) when the
database is not at the migration head, and ``StoreUnavailable`` (one line, no password) when
the server cannot be reached.

Failure policy — a citizen's reply is never lost to the database:

* every method retries transient errors ("database is locked", a dropped connection) a few
  times with exponential backoff;
* analytics and preference writes — ``log_question``, ``log_feedback``, ``touch_user``,
  ``set_user_lang``, ``record_content_version`` — then log ``store_write_failed`` (operation
  and error class only, never text or ids) and return normally: the reply has already gone out;
* ``finish_update`` does the same: the reply went out, and at worst the update is offered
  again by ``pending_updates`` after a restart;
* ``user_lang`` returns None (the language is then detected from the message);
* ``claim_update`` raises ``StoreUnavailable``: the caller must decide whether to answer
  without deduplication (the Telegram layer answers anyway — a possible duplicate beats
  silence). ``pending_updates``, ``forget_user`` (the user must hear whether /forget worked),
  ``purge_older_than`` and the analytics reads also raise ``StoreUnavailable``.

Times are naive UTC in the database; ``now`` is injectable for tests.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast

import structlog
from sqlalchemy import Table, delete, event, func, inspect, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql.elements import ColumnElement

from bot.core.facts import (
    UNANSWERED_KINDS,
    UNANSWERED_TEXT_LIMIT,
    FeedbackCount,
    QuestionCount,
)
from bot.core.lang import Lang, parse_lang
from bot.core.ports import ClaimSpace, PendingUpdate, QuestionRecord
from bot.core.redact import redact
from bot.storage.cases import SqlCases, forget_cases, purge_cases
from bot.storage.errors import SchemaOutdated, StoreUnavailable
from bot.storage.memory import UPDATE_KEEP_DAYS, StoredContentVersion, utcnow
from bot.storage.migrate import head_revision, sqlite_path, upgrade_url_async
from bot.storage.models import ContentVersion, Feedback, ProcessedUpdate, Question, User
from bot.storage.summary import SummaryReads

log = structlog.get_logger("bot.storage")

T = TypeVar("T")

RETRY_ATTEMPTS = 4
RETRY_BASE_DELAY_S = 0.05
SQLITE_BUSY_TIMEOUT_MS = 5000

users = cast(Table, User.__table__)
updates = cast(Table, ProcessedUpdate.__table__)
questions = cast(Table, Question.__table__)
feedback = cast(Table, Feedback.__table__)
content_versions = cast(Table, ContentVersion.__table__)


def in_space(space: ClaimSpace) -> ColumnElement[bool]:
    """Telegram's claims (update ids, positive) or WhatsApp's (derived keys, negative)."""
    return updates.c.update_id >= 0 if space is ClaimSpace.TELEGRAM else updates.c.update_id < 0


def _transient(exc: BaseException) -> bool:
    """Worth retrying: locks, timeouts and lost connections, not constraint or SQL errors."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError | OSError | TimeoutError)


def _error_name(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return type(orig).__name__ if orig is not None else type(exc).__name__


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, busy_timeout_ms: int) -> None:
    # WAL lets readers work while the bot writes; busy_timeout makes writers wait for a lock
    # instead of failing at once with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class SqlStore(SummaryReads, SqlCases):
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        now: Callable[[], datetime] = utcnow,
        retry_attempts: int = RETRY_ATTEMPTS,
        retry_base_delay_s: float = RETRY_BASE_DELAY_S,
    ) -> None:
        self.engine = engine
        self._now = now
        self._attempts = max(1, retry_attempts)
        self._base_delay = retry_base_delay_s
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self._pg = engine.dialect.name == "postgresql"

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        now: Callable[[], datetime] = utcnow,
        migrate: bool = False,
        busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
        retry_attempts: int = RETRY_ATTEMPTS,
        retry_base_delay_s: float = RETRY_BASE_DELAY_S,
    ) -> SqlStore:
        """Connect and check the schema. ``migrate=True`` upgrades first (sandbox, tests)."""
        if migrate:
            await upgrade_url_async(url)
        head = head_revision()
        path = sqlite_path(url)
        if path is not None and not path.exists():
            raise SchemaOutdated(None, head)
        engine = cls._engine(url, busy_timeout_ms)
        try:
            async with engine.connect() as conn:
                current = await conn.run_sync(_current_revision)
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            await engine.dispose()
            where = make_url(url).render_as_string(hide_password=True)
            raise StoreUnavailable(f"cannot open the database at {where} ({_error_name(exc)})") from exc
        except BaseException:
            await engine.dispose()
            raise
        if current != head:
            await engine.dispose()
            raise SchemaOutdated(current, head)
        return cls(engine, now=now, retry_attempts=retry_attempts, retry_base_delay_s=retry_base_delay_s)

    @staticmethod
    def _engine(url: str, busy_timeout_ms: int) -> AsyncEngine:
        if url.startswith("sqlite"):
            engine = create_async_engine(
                url, hide_parameters=True, connect_args={"timeout": busy_timeout_ms / 1000}
            )
            event.listen(
                engine.sync_engine,
                "connect",
                lambda conn, rec: _sqlite_pragmas(conn, rec, busy_timeout_ms),
            )
            return engine
        return create_async_engine(url, hide_parameters=True, pool_pre_ping=True, pool_size=5, max_overflow=5)

    async def close(self) -> None:
        await self.engine.dispose()

    # Plumbing.
    def _utcnow(self) -> datetime:
        return _naive_utc(self._now())

    def _insert(self, table: Any) -> Any:
        if self._pg:
            # Imported here: the PostgreSQL dialect costs a SQLite-backed bot 2 MB it never uses.
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(table)
        return sqlite_insert(table)

    def _day(self, column: Any) -> Any:
        if self._pg:
            return func.to_char(column, "YYYY-MM-DD")
        return func.strftime("%Y-%m-%d", column)

    async def _retry(self, op: str, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run ``work`` in one transaction, retrying transient failures with backoff."""
        delay = self._base_delay
        for attempt in range(1, self._attempts + 1):
            try:
                async with self.engine.begin() as conn:
                    return await work(conn)
            except (SQLAlchemyError, OSError, TimeoutError) as exc:
                if not _transient(exc):
                    raise
                if attempt == self._attempts:
                    raise StoreUnavailable(f"{op} failed after {attempt} attempts ({_error_name(exc)})") from exc
                log.info("store_retry", op=op, attempt=attempt, error=_error_name(exc))
                await self._sleep(delay * (1 + random.random() / 2))
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    async def _best_effort(self, op: str, work: Callable[[AsyncConnection], Awaitable[object]]) -> None:
        """A write whose loss must not disturb the conversation: retry, then log and go on."""
        try:
            await self._retry(op, work)
        except (StoreUnavailable, SQLAlchemyError, OSError, TimeoutError) as exc:
            cause = exc.__cause__ if isinstance(exc, StoreUnavailable) and exc.__cause__ else exc
            log.warning("store_write_failed", op=op, error=_error_name(cause))

    # Exactly-once processing.
    async def claim_update(self, update_id: int, payload: str) -> bool:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> bool:
            stmt = self._insert(updates).values(
                update_id=update_id, status="received", received_at=now, payload=payload
            ).on_conflict_do_nothing(index_elements=["update_id"])
            result = await conn.execute(stmt)
            return bool(result.rowcount == 1)

        return await self._retry("claim_update", work)

    async def finish_update(self, update_id: int) -> None:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> None:
            stmt = self._insert(updates).values(
                update_id=update_id, status="done", received_at=now, finished_at=now, payload=None
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=["update_id"],
                set_={"status": "done", "finished_at": now, "payload": None},
            )
            await conn.execute(stmt)

        await self._best_effort("finish_update", work)

    async def pending_updates(self, space: ClaimSpace = ClaimSpace.TELEGRAM) -> Sequence[PendingUpdate]:
        async def work(conn: AsyncConnection) -> list[PendingUpdate]:
            rows = await conn.execute(
                select(updates.c.update_id, updates.c.payload)
                .where(updates.c.status == "received", updates.c.payload.is_not(None), in_space(space))
                .order_by(updates.c.update_id)
            )
            return [PendingUpdate(int(r.update_id), str(r.payload)) for r in rows]

        return await self._retry("pending_updates", work)

    # Users.
    async def touch_user(self, user_hash: str, lang: Lang | None) -> None:
        """Record a visit; ``lang`` is kept only when the user has no language yet."""
        now = self._utcnow()
        code = lang.value if lang is not None else None

        async def work(conn: AsyncConnection) -> None:
            stmt = self._insert(users).values(user_hash=user_hash, lang=code, first_seen=now, last_seen=now)
            stmt = stmt.on_conflict_do_update(
                index_elements=["user_hash"],
                set_={"last_seen": now, "lang": func.coalesce(users.c.lang, stmt.excluded.lang)},
            )
            await conn.execute(stmt)

        await self._best_effort("touch_user", work)

    async def user_lang(self, user_hash: str) -> Lang | None:
        async def work(conn: AsyncConnection) -> str | None:
            value = await conn.scalar(select(users.c.lang).where(users.c.user_hash == user_hash))
            return str(value) if value is not None else None

        try:
            return parse_lang(await self._retry("user_lang", work))
        except (StoreUnavailable, SQLAlchemyError) as exc:
            log.warning("store_read_failed", op="user_lang", error=_error_name(exc))
            return None

    async def set_user_lang(self, user_hash: str, lang: Lang) -> None:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> None:
            stmt = self._insert(users).values(user_hash=user_hash, lang=lang.value, first_seen=now, last_seen=now)
            stmt = stmt.on_conflict_do_update(
                index_elements=["user_hash"], set_={"lang": lang.value, "last_seen": now}
            )
            await conn.execute(stmt)

        await self._best_effort("set_user_lang", work)

    async def forget_user(self, user_hash: str) -> int:
        async def work(conn: AsyncConnection) -> int:
            removed = 0
            for table in (questions, feedback, users):
                result = await conn.execute(delete(table).where(table.c.user_hash == user_hash))
                removed += int(result.rowcount or 0)
            return removed + await forget_cases(conn, user_hash)

        return await self._retry("forget_user", work)

    # Analytics writes.
    async def log_question(self, record: QuestionRecord) -> None:
        now = self._utcnow()
        values = {
            "asked_at": now,
            "user_hash": record.user_hash,
            "text": redact(record.text),  # already redacted by the caller; idempotent safety net
            "lang": str(record.lang),
            "entry_id": record.entry_id,
            "kind": str(record.kind),
            "confidence": float(record.confidence),
            "latency_ms": float(record.latency_ms),
            "channel": record.channel,
        }

        async def work(conn: AsyncConnection) -> None:
            await conn.execute(questions.insert().values(**values))

        await self._best_effort("log_question", work)

    async def log_feedback(
        self, user_hash: str | None, entry_id: str, positive: bool, comment: str | None = None,
        channel: str = "telegram",
    ) -> None:
        now = self._utcnow()
        values = {
            "channel": channel,
            "created_at": now,
            "user_hash": user_hash,
            "entry_id": entry_id,
            "positive": positive,
            "comment": redact(comment) if comment else None,
        }

        async def work(conn: AsyncConnection) -> None:
            await conn.execute(feedback.insert().values(**values))

        await self._best_effort("log_feedback", work)

    async def record_content_version(self, content_hash: str, loaded_by: str) -> None:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> None:
            await conn.execute(
                content_versions.insert().values(content_hash=content_hash, loaded_at=now, loaded_by=loaded_by)
            )

        await self._best_effort("record_content_version", work)

    async def recent_content_versions(self, limit: int = 10) -> Sequence[StoredContentVersion]:
        """Content versions loaded, newest first."""

        async def work(conn: AsyncConnection) -> list[StoredContentVersion]:
            rows = await conn.execute(
                select(content_versions).order_by(content_versions.c.id.desc()).limit(limit)
            )
            return [
                StoredContentVersion(r.content_hash, r.loaded_at.replace(tzinfo=UTC), r.loaded_by) for r in rows
            ]

        return await self._retry("recent_content_versions", work)

    # Analytics reads.
    def _since(self, days: int) -> datetime:
        return self._utcnow() - timedelta(days=days)

    async def question_counts(self, days: int) -> Sequence[QuestionCount]:
        since = self._since(days)
        day = self._day(questions.c.asked_at).label("day")
        stmt = (
            select(
                day,
                questions.c.lang,
                questions.c.kind,
                questions.c.entry_id,
                questions.c.channel,
                func.count().label("n"),
                func.coalesce(func.sum(questions.c.latency_ms), 0.0).label("latency"),
            )
            .where(questions.c.asked_at >= since)
            .group_by(day, questions.c.lang, questions.c.kind, questions.c.entry_id, questions.c.channel)
        )

        async def work(conn: AsyncConnection) -> list[QuestionCount]:
            rows = await conn.execute(stmt)
            out = [
                QuestionCount(str(r.day), str(r.lang), str(r.kind), r.entry_id, int(r.n), float(r.latency), str(r.channel))
                for r in rows
            ]
            out.sort(key=lambda q: (q.day, q.lang, q.kind, q.entry_id or "", q.channel))
            return out

        return await self._retry("question_counts", work)

    async def feedback_counts(self, days: int) -> Sequence[FeedbackCount]:
        since = self._since(days)
        stmt = (
            select(
                feedback.c.entry_id,
                feedback.c.positive,
                feedback.c.channel,
                func.count().label("n"),
                func.count(feedback.c.comment).label("comments"),
            )
            .where(feedback.c.created_at >= since)
            .group_by(feedback.c.entry_id, feedback.c.positive, feedback.c.channel)
            .order_by(feedback.c.entry_id, feedback.c.positive, feedback.c.channel)
        )

        async def work(conn: AsyncConnection) -> list[FeedbackCount]:
            rows = await conn.execute(stmt)
            return [
                FeedbackCount(str(r.entry_id), bool(r.positive), int(r.n), int(r.comments), str(r.channel))
                for r in rows
            ]

        return await self._retry("feedback_counts", work)

    async def unanswered_texts(self, days: int, limit: int = UNANSWERED_TEXT_LIMIT) -> list[tuple[str, int]]:
        since = self._since(days)
        n = func.count().label("n")
        stmt = (
            select(questions.c.text, n)
            .where(questions.c.asked_at >= since, questions.c.kind.in_(UNANSWERED_KINDS))
            .group_by(questions.c.text)
            .order_by(n.desc(), questions.c.text)
            .limit(limit)
        )

        async def work(conn: AsyncConnection) -> list[tuple[str, int]]:
            return [(str(r.text), int(r.n)) for r in await conn.execute(stmt)]

        return await self._retry("unanswered_texts", work)

    async def unanswered_by_lang(self, days: int, limit: int = UNANSWERED_TEXT_LIMIT) -> list[tuple[str, str, int]]:
        """Unanswered wordings with their language and count, most frequent first."""
        since = self._since(days)
        n = func.count().label("n")
        stmt = (
            select(questions.c.text, questions.c.lang, n)
            .where(questions.c.asked_at >= since, questions.c.kind.in_(UNANSWERED_KINDS))
            .group_by(questions.c.text, questions.c.lang)
            .order_by(n.desc(), questions.c.text, questions.c.lang)
            .limit(limit)
        )

        async def work(conn: AsyncConnection) -> list[tuple[str, str, int]]:
            return [(str(r.text), str(r.lang), int(r.n)) for r in await conn.execute(stmt)]

        return await self._retry("unanswered_by_lang", work)

    async def purge_older_than(self, days: int) -> int:
        """Retention: questions, feedback, users not seen and unfinished claims after ``days``; done
        updates after a week."""
        cutoff = self._since(days)
        update_cutoff = self._since(min(days, UPDATE_KEEP_DAYS))

        async def work(conn: AsyncConnection) -> int:
            removed = 0
            for stmt in (
                delete(questions).where(questions.c.asked_at < cutoff),
                delete(feedback).where(feedback.c.created_at < cutoff),
                delete(users).where(users.c.last_seen < cutoff),
                delete(updates).where(
                    updates.c.status == "done",
                    func.coalesce(updates.c.finished_at, updates.c.received_at) < update_cutoff,
                ),
                # A claim never finished (its reply never got out) keeps its payload, which holds
                # the message: it goes with the rest of the user's data.
                delete(updates).where(updates.c.status == "received", updates.c.received_at < cutoff),
            ):
                removed += int((await conn.execute(stmt)).rowcount or 0)
            return removed + await purge_cases(conn, cutoff, self._utcnow())

        return await self._retry("purge_older_than", work)


def _current_revision(conn: Connection) -> str | None:
    """The revision Alembic recorded (what its MigrationContext reads, without importing Alembic)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(versions) > 1:
        raise SchemaOutdated(", ".join(sorted(versions)), head_revision())
    return versions[0] if versions else None


__all__ = ["SchemaOutdated", "SqlStore", "StoreUnavailable"]
