"""``CaseStore`` on SQL (mixed into ``SqlStore``): handoff cases, their message map, bans.

Every state change is one conditional UPDATE (``WHERE state IN (...)``), so exactly one of two
racing callers (two replicas, a double press) wins; the loser gets None. A user's one active
case is enforced by the unique ``active_user`` column; the topic claim is an UPDATE that only
succeeds while no thread and no live claim exist (the claim before createForumTopic).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Row, Table, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.handoff import (
    ENDED_STATES,
    LIVE_STATES,
    CaseEvent,
    CaseState,
    allowed_from,
    case_code,
    next_state,
)
from bot.core.lang import Lang
from bot.core.ports import Case, NewCase
from bot.storage.models import HandoffBan, HandoffCase, HandoffMessage

T = TypeVar("T")

cases = cast(Table, HandoffCase.__table__)
case_messages = cast(Table, HandoffMessage.__table__)
bans = cast(Table, HandoffBan.__table__)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def row_case(r: Row[Any]) -> Case:
    return Case(
        id=int(r.id),
        code=str(r.code),
        user_hash=str(r.user_hash),
        chat_id=int(r.chat_id) if r.chat_id is not None else None,
        lang=Lang(r.lang),
        topic=r.topic,
        state=CaseState(r.state),
        question=str(r.question),
        bot_summary=str(r.bot_summary),
        created_at=cast(datetime, _aware(r.created_at)),
        thread_id=int(r.thread_id) if r.thread_id is not None else None,
        intro_sent=bool(r.intro_sent),
        opened_at=_aware(r.opened_at),
        taken_at=_aware(r.taken_at),
        first_reply_at=_aware(r.first_reply_at),
        closed_at=_aware(r.closed_at),
        rating=r.rating,
        channel=str(r.channel),
    )


class SqlCases:
    """The mixin; the host (``SqlStore``) gives ``_retry``, ``_utcnow``."""

    if TYPE_CHECKING:

        def _utcnow(self) -> datetime: ...

        async def _retry(self, op: str, work: Callable[[AsyncConnection], Awaitable[T]]) -> T: ...

    async def _one(self, conn: AsyncConnection, *where: Any) -> Case | None:
        row = (await conn.execute(select(cases).where(*where))).first()
        return row_case(row) if row is not None else None

    async def create_case(self, new: NewCase) -> Case:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> Case:
            existing = await self._one(conn, cases.c.active_user == new.user_hash)
            if existing is not None:
                return existing
            result = await conn.execute(
                cases.insert().values(
                    code=f"pending-{new.user_hash[:16]}",  # replaced below, in the same transaction
                    user_hash=new.user_hash,
                    active_user=new.user_hash,
                    chat_id=new.chat_id,
                    channel=new.channel,
                    lang=new.lang.value,
                    topic=new.topic,
                    state=CaseState.PENDING.value,
                    question=new.question,
                    bot_summary=new.bot_summary,
                    intro_sent=False,
                    created_at=now,
                )
            )
            case_id = int(result.inserted_primary_key[0])  # type: ignore[index]
            await conn.execute(update(cases).where(cases.c.id == case_id).values(code=case_code(case_id)))
            case = await self._one(conn, cases.c.id == case_id)
            assert case is not None
            return case

        try:
            return cast(Case, await self._retry("create_case", work))
        except IntegrityError:  # another replica opened one for this user a moment ago
            found = await self.active_case(new.user_hash)
            if found is None:
                raise
            return found

    async def get_case(self, case_id: int) -> Case | None:
        async def work(conn: AsyncConnection) -> Case | None:
            return await self._one(conn, cases.c.id == case_id)

        return cast(Case | None, await self._retry("get_case", work))

    async def active_case(self, user_hash: str) -> Case | None:
        async def work(conn: AsyncConnection) -> Case | None:
            return await self._one(conn, cases.c.active_user == user_hash)

        return cast(Case | None, await self._retry("active_case", work))

    async def case_by_thread(self, thread_id: int) -> Case | None:
        async def work(conn: AsyncConnection) -> Case | None:
            return await self._one(conn, cases.c.thread_id == thread_id)

        return cast(Case | None, await self._retry("case_by_thread", work))

    async def transition(self, case_id: int, event: CaseEvent, *, rating: bool | None = None) -> Case | None:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> Case | None:
            current = await self._one(conn, cases.c.id == case_id)
            if current is None or current.state not in allowed_from(event):
                return None
            target = next_state(current.state, event)
            values: dict[str, Any] = {"state": target.value}
            if event is CaseEvent.CONFIRM:
                values["opened_at"] = now
            elif event is CaseEvent.TAKE:
                values["taken_at"] = now
            if target in ENDED_STATES:
                values.update(closed_at=now, chat_id=None, active_user=None)
            result = await conn.execute(
                update(cases).where(cases.c.id == case_id, cases.c.state == current.state.value).values(**values)
            )
            if result.rowcount != 1:
                return None
            if target in ENDED_STATES and current.chat_id is not None:
                # The caller still needs the chat to tell the citizen; the row no longer keeps it.
                after = await self._one(conn, cases.c.id == case_id)
                return None if after is None else _with_chat(after, current.chat_id)
            return await self._one(conn, cases.c.id == case_id)

        return cast(Case | None, await self._retry("case_transition", work))

    async def claim_topic(self, case_id: int, lease_seconds: float) -> bool:
        now = self._utcnow()
        stale = now - timedelta(seconds=lease_seconds)

        async def work(conn: AsyncConnection) -> bool:
            result = await conn.execute(
                update(cases)
                .where(
                    cases.c.id == case_id,
                    or_(cases.c.thread_id.is_(None), cases.c.intro_sent.is_(False)),
                    cases.c.state.in_([s.value for s in LIVE_STATES]),
                    or_(cases.c.topic_claimed_at.is_(None), cases.c.topic_claimed_at < stale),
                )
                .values(topic_claimed_at=now)
            )
            return bool(result.rowcount == 1)

        return cast(bool, await self._retry("claim_topic", work))

    async def set_thread(self, case_id: int, thread_id: int | None, *, intro_sent: bool = False) -> None:
        async def work(conn: AsyncConnection) -> None:
            values: dict[str, Any] = {"thread_id": thread_id, "intro_sent": intro_sent}
            if intro_sent or thread_id is None:  # the claim covers creating the topic and its first message
                values["topic_claimed_at"] = None
            await conn.execute(update(cases).where(cases.c.id == case_id).values(**values))

        await self._retry("set_thread", work)

    async def drop_thread(self, case_id: int, thread_id: int) -> bool:
        async def work(conn: AsyncConnection) -> bool:
            result = await conn.execute(
                update(cases)
                .where(cases.c.id == case_id, cases.c.thread_id == thread_id)
                .values(thread_id=None, intro_sent=False, topic_claimed_at=None)
            )
            return bool(result.rowcount == 1)

        return cast(bool, await self._retry("drop_thread", work))

    async def mark_first_reply(self, case_id: int) -> None:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> None:
            await conn.execute(
                update(cases).where(cases.c.id == case_id, cases.c.first_reply_at.is_(None)).values(first_reply_at=now)
            )

        await self._retry("mark_first_reply", work)

    async def rate_case(self, case_id: int, user_hash: str, positive: bool) -> bool:
        async def work(conn: AsyncConnection) -> bool:
            result = await conn.execute(
                update(cases)
                .where(
                    cases.c.id == case_id,
                    cases.c.user_hash == user_hash,
                    cases.c.rating.is_(None),
                    cases.c.state.in_([s.value for s in ENDED_STATES]),
                )
                .values(rating=positive)
            )
            return bool(result.rowcount == 1)

        return cast(bool, await self._retry("rate_case", work))

    async def log_case_message(
        self, case_id: int, direction: str, citizen_message_id: int | None, group_message_id: int | None
    ) -> None:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> None:
            await conn.execute(
                case_messages.insert().values(
                    case_id=case_id, direction=direction, citizen_message_id=citizen_message_id,
                    group_message_id=group_message_id, created_at=now,
                )
            )

        await self._retry("log_case_message", work)

    async def live_cases(self) -> Sequence[Case]:
        async def work(conn: AsyncConnection) -> list[Case]:
            rows = await conn.execute(
                select(cases).where(cases.c.state.in_([s.value for s in LIVE_STATES])).order_by(cases.c.id)
            )
            return [row_case(r) for r in rows]

        return cast(list[Case], await self._retry("live_cases", work))

    async def stale_pending(self, older_than: datetime) -> Sequence[Case]:
        cutoff = older_than.astimezone(UTC).replace(tzinfo=None)

        async def work(conn: AsyncConnection) -> list[Case]:
            rows = await conn.execute(
                select(cases)
                .where(cases.c.state == CaseState.PENDING.value, cases.c.created_at < cutoff)
                .order_by(cases.c.id)
            )
            return [row_case(r) for r in rows]

        return cast(list[Case], await self._retry("stale_pending", work))

    async def cases_since(self, since: datetime) -> Sequence[Case]:
        cutoff = since.astimezone(UTC).replace(tzinfo=None)

        async def work(conn: AsyncConnection) -> list[Case]:
            rows = await conn.execute(select(cases).where(cases.c.created_at >= cutoff).order_by(cases.c.id))
            return [row_case(r) for r in rows]

        return cast(list[Case], await self._retry("cases_since", work))

    async def ban_user(self, user_hash: str, until: datetime) -> None:
        when = until.astimezone(UTC).replace(tzinfo=None)

        async def work(conn: AsyncConnection) -> None:
            await conn.execute(delete(bans).where(bans.c.user_hash == user_hash))
            await conn.execute(bans.insert().values(user_hash=user_hash, until=when))

        await self._retry("ban_user", work)

    async def banned_until(self, user_hash: str) -> datetime | None:
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> datetime | None:
            value = await conn.scalar(select(bans.c.until).where(bans.c.user_hash == user_hash, bans.c.until > now))
            return _aware(value)

        return cast(datetime | None, await self._retry("banned_until", work))


async def forget_cases(conn: AsyncConnection, user_hash: str) -> int:
    """/forget: the user's cases, their message map and any ban."""
    ids = select(cases.c.id).where(cases.c.user_hash == user_hash).scalar_subquery()
    removed = int((await conn.execute(delete(case_messages).where(case_messages.c.case_id.in_(ids)))).rowcount or 0)
    removed += int((await conn.execute(delete(cases).where(cases.c.user_hash == user_hash))).rowcount or 0)
    removed += int((await conn.execute(delete(bans).where(bans.c.user_hash == user_hash))).rowcount or 0)
    return removed


async def purge_cases(conn: AsyncConnection, cutoff: datetime, now: datetime) -> int:
    """Retention: ended cases older than ``cutoff`` (with their message map) and lapsed bans.
    Live cases stay whatever their age: someone is still waiting for an answer."""
    old = and_(
        cases.c.state.in_([s.value for s in ENDED_STATES]),
        cases.c.created_at < cutoff,
    )
    ids = select(cases.c.id).where(old).scalar_subquery()
    removed = int((await conn.execute(delete(case_messages).where(case_messages.c.case_id.in_(ids)))).rowcount or 0)
    removed += int((await conn.execute(delete(cases).where(old))).rowcount or 0)
    removed += int((await conn.execute(delete(bans).where(bans.c.until < now))).rowcount or 0)
    return removed


def _with_chat(case: Case, chat_id: int) -> Case:
    return replace(case, chat_id=chat_id)


__all__ = ["SqlCases", "forget_cases", "purge_cases"]
