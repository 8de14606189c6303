"""``CaseStore`` in memory (mixed into ``InMemoryStore``): the same rules as bot/storage/cases.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.core.handoff import (
    ENDED_STATES,
    LIVE_STATES,
    CaseEvent,
    CaseState,
    allowed_from,
    case_code,
    next_state,
)
from bot.core.ports import Case, NewCase


@dataclass
class CaseMemory:
    cases: dict[int, Case] = field(default_factory=dict)
    claims: dict[int, datetime] = field(default_factory=dict)
    messages: list[tuple[int, str, int | None, int | None, datetime]] = field(default_factory=list)
    bans: dict[str, datetime] = field(default_factory=dict)
    last_id: int = 0  # case numbers are never reused


class MemoryCases:
    """The mixin; the host gives ``now`` and ``case_memory``."""

    now: Callable[[], datetime]
    case_memory: CaseMemory

    async def create_case(self, new: NewCase) -> Case:
        found = await self.active_case(new.user_hash)
        if found is not None:
            return found
        mem = self.case_memory
        mem.last_id += 1
        case_id = mem.last_id
        case = Case(
            id=case_id, code=case_code(case_id), user_hash=new.user_hash, chat_id=new.chat_id, lang=new.lang,
            topic=new.topic, state=CaseState.PENDING, question=new.question, bot_summary=new.bot_summary,
            created_at=self.now(), channel=new.channel,
        )
        mem.cases[case_id] = case
        return case

    async def get_case(self, case_id: int) -> Case | None:
        return self.case_memory.cases.get(case_id)

    async def active_case(self, user_hash: str) -> Case | None:
        return next(
            (c for c in self.case_memory.cases.values()
             if c.user_hash == user_hash and c.state not in ENDED_STATES),
            None,
        )

    async def case_by_thread(self, thread_id: int) -> Case | None:
        return next((c for c in self.case_memory.cases.values() if c.thread_id == thread_id), None)

    def _put(self, case: Case, **changes: object) -> Case:
        updated = replace(case, **changes)  # type: ignore[arg-type]
        self.case_memory.cases[case.id] = updated
        return updated

    async def transition(self, case_id: int, event: CaseEvent, *, rating: bool | None = None) -> Case | None:
        case = self.case_memory.cases.get(case_id)
        if case is None or case.state not in allowed_from(event):
            return None
        target = next_state(case.state, event)
        now = self.now()
        changes: dict[str, object] = {"state": target}
        if event is CaseEvent.CONFIRM:
            changes["opened_at"] = now
        elif event is CaseEvent.TAKE:
            changes["taken_at"] = now
        if target in ENDED_STATES:
            changes.update(closed_at=now, chat_id=None)
            self._put(case, **changes)
            return replace(self.case_memory.cases[case_id], chat_id=case.chat_id)
        return self._put(case, **changes)

    async def claim_topic(self, case_id: int, lease_seconds: float) -> bool:
        case = self.case_memory.cases.get(case_id)
        if case is None or (case.thread_id is not None and case.intro_sent) or case.state not in LIVE_STATES:
            return False
        now = self.now()
        claimed = self.case_memory.claims.get(case_id)
        if claimed is not None and (now - claimed).total_seconds() < lease_seconds:
            return False
        self.case_memory.claims[case_id] = now
        return True

    async def set_thread(self, case_id: int, thread_id: int | None, *, intro_sent: bool = False) -> None:
        case = self.case_memory.cases.get(case_id)
        if case is not None:
            self._put(case, thread_id=thread_id, intro_sent=intro_sent)
        if intro_sent or thread_id is None:  # the claim covers creating the topic and its first message
            self.case_memory.claims.pop(case_id, None)

    async def drop_thread(self, case_id: int, thread_id: int) -> bool:
        case = self.case_memory.cases.get(case_id)
        if case is None or case.thread_id != thread_id:
            return False
        self._put(case, thread_id=None, intro_sent=False)
        self.case_memory.claims.pop(case_id, None)
        return True

    async def mark_first_reply(self, case_id: int) -> None:
        case = self.case_memory.cases.get(case_id)
        if case is not None and case.first_reply_at is None:
            self._put(case, first_reply_at=self.now())

    async def rate_case(self, case_id: int, user_hash: str, positive: bool) -> bool:
        case = self.case_memory.cases.get(case_id)
        if case is None or case.user_hash != user_hash or case.rating is not None or case.state not in ENDED_STATES:
            return False
        self._put(case, rating=positive)
        return True

    async def log_case_message(
        self, case_id: int, direction: str, citizen_message_id: int | None, group_message_id: int | None
    ) -> None:
        self.case_memory.messages.append((case_id, direction, citizen_message_id, group_message_id, self.now()))

    async def live_cases(self) -> Sequence[Case]:
        return sorted((c for c in self.case_memory.cases.values() if c.state in LIVE_STATES), key=lambda c: c.id)

    async def stale_pending(self, older_than: datetime) -> Sequence[Case]:
        return sorted(
            (c for c in self.case_memory.cases.values() if c.state is CaseState.PENDING and c.created_at < older_than),
            key=lambda c: c.id,
        )

    async def cases_since(self, since: datetime) -> Sequence[Case]:
        return sorted((c for c in self.case_memory.cases.values() if c.created_at >= since), key=lambda c: c.id)

    async def ban_user(self, user_hash: str, until: datetime) -> None:
        self.case_memory.bans[user_hash] = until

    async def banned_until(self, user_hash: str) -> datetime | None:
        until = self.case_memory.bans.get(user_hash)
        return until if until is not None and until > self.now() else None

    def forget_cases(self, user_hash: str) -> int:
        mem = self.case_memory
        gone = {i for i, c in mem.cases.items() if c.user_hash == user_hash}
        before = len(mem.cases) + len(mem.messages) + len(mem.bans)
        mem.cases = {i: c for i, c in mem.cases.items() if i not in gone}
        mem.messages = [m for m in mem.messages if m[0] not in gone]
        mem.bans.pop(user_hash, None)
        return before - len(mem.cases) - len(mem.messages) - len(mem.bans)

    def purge_cases(self, cutoff: datetime) -> int:
        mem = self.case_memory
        now = self.now()
        gone = {i for i, c in mem.cases.items() if c.state in ENDED_STATES and c.created_at < cutoff}
        before = len(mem.cases) + len(mem.messages) + len(mem.bans)
        mem.cases = {i: c for i, c in mem.cases.items() if i not in gone}
        mem.messages = [m for m in mem.messages if m[0] not in gone]
        mem.bans = {h: u for h, u in mem.bans.items() if u >= now}
        return before - len(mem.cases) - len(mem.messages) - len(mem.bans)
