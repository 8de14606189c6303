"""``InMemoryStore``: the whole ``Store`` protocol in process memory.

For tests and the sandbox fallback. Same semantics as ``SqlStore`` (see its docstring):
times are UTC, the analytics are folded by ``bot.core.facts.summarize``. Nothing
survives a restart, by design. Safe for one event loop (no awaits inside a mutation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot.core.facts import (
    UNANSWERED_KINDS,
    UNANSWERED_TEXT_LIMIT,
    FeedbackCount,
    QuestionCount,
)
from bot.core.lang import Lang
from bot.core.ports import ClaimSpace, PendingUpdate, QuestionRecord
from bot.core.redact import redact
from bot.storage.memory_cases import CaseMemory, MemoryCases
from bot.storage.summary import SummaryReads

# Done updates are kept this long for deduplication (Telegram redelivers within 24 h).
UPDATE_KEEP_DAYS = 7


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class StoredUpdate:
    update_id: int
    status: str  # received | done
    received_at: datetime
    payload: str | None
    finished_at: datetime | None = None


@dataclass
class StoredUser:
    user_hash: str
    lang: Lang | None
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class StoredQuestion:
    asked_at: datetime
    record: QuestionRecord


@dataclass(frozen=True)
class StoredFeedback:
    created_at: datetime
    user_hash: str | None
    entry_id: str
    positive: bool
    comment: str | None
    channel: str = "telegram"


@dataclass(frozen=True)
class StoredContentVersion:
    content_hash: str
    loaded_at: datetime
    loaded_by: str


@dataclass
class InMemoryStore(SummaryReads, MemoryCases):
    """``Store`` in memory. ``now`` is injectable so tests can move time (retention)."""

    now: Callable[[], datetime] = utcnow
    updates: dict[int, StoredUpdate] = field(default_factory=dict)
    users: dict[str, StoredUser] = field(default_factory=dict)
    questions: list[StoredQuestion] = field(default_factory=list)
    feedback: list[StoredFeedback] = field(default_factory=list)
    content_versions: list[StoredContentVersion] = field(default_factory=list)
    case_memory: CaseMemory = field(default_factory=CaseMemory)

    async def close(self) -> None:
        """Nothing to release; present so callers can treat both stores alike."""

    # Exactly-once processing.
    async def claim_update(self, update_id: int, payload: str) -> bool:
        if update_id in self.updates:
            return False
        self.updates[update_id] = StoredUpdate(update_id, "received", self.now(), payload)
        return True

    async def finish_update(self, update_id: int) -> None:
        upd = self.updates.get(update_id)
        if upd is None:
            self.updates[update_id] = StoredUpdate(update_id, "done", self.now(), None, self.now())
            return
        upd.status, upd.payload, upd.finished_at = "done", None, self.now()

    async def pending_updates(self, space: ClaimSpace = ClaimSpace.TELEGRAM) -> Sequence[PendingUpdate]:
        pending = [
            u for u in self.updates.values()
            if u.status == "received" and u.payload is not None and space.holds(u.update_id)
        ]
        pending.sort(key=lambda u: u.update_id)
        return [PendingUpdate(u.update_id, u.payload or "") for u in pending]

    # Users.
    async def touch_user(self, user_hash: str, lang: Lang | None) -> None:
        """Record a visit; ``lang`` is kept only when the user has no language yet."""
        now = self.now()
        user = self.users.get(user_hash)
        if user is None:
            self.users[user_hash] = StoredUser(user_hash, lang, now, now)
            return
        user.last_seen = now
        if user.lang is None and lang is not None:
            user.lang = lang

    async def user_lang(self, user_hash: str) -> Lang | None:
        user = self.users.get(user_hash)
        return user.lang if user else None

    async def set_user_lang(self, user_hash: str, lang: Lang) -> None:
        now = self.now()
        user = self.users.get(user_hash)
        if user is None:
            self.users[user_hash] = StoredUser(user_hash, lang, now, now)
        else:
            user.lang, user.last_seen = lang, now

    async def forget_user(self, user_hash: str) -> int:
        before = len(self.questions) + len(self.feedback)
        self.questions = [q for q in self.questions if q.record.user_hash != user_hash]
        self.feedback = [f for f in self.feedback if f.user_hash != user_hash]
        removed = before - len(self.questions) - len(self.feedback)
        if self.users.pop(user_hash, None) is not None:
            removed += 1
        return removed + self.forget_cases(user_hash)

    # Analytics writes.
    async def log_question(self, record: QuestionRecord) -> None:
        # Already redacted by the caller; redacting again is idempotent and catches a slip.
        self.questions.append(StoredQuestion(self.now(), replace(record, text=redact(record.text))))

    async def log_feedback(
        self, user_hash: str | None, entry_id: str, positive: bool, comment: str | None = None,
        channel: str = "telegram",
    ) -> None:
        self.feedback.append(
            StoredFeedback(self.now(), user_hash, entry_id, positive, redact(comment) if comment else None, channel)
        )

    async def record_content_version(self, content_hash: str, loaded_by: str) -> None:
        self.content_versions.append(StoredContentVersion(content_hash, self.now(), loaded_by))

    async def recent_content_versions(self, limit: int = 10) -> Sequence[StoredContentVersion]:
        """Content versions loaded, newest first."""
        return list(reversed(self.content_versions))[:limit]

    # Analytics reads.
    def _since(self, days: int) -> datetime:
        return self.now() - timedelta(days=days)

    async def question_counts(self, days: int) -> Sequence[QuestionCount]:
        since = self._since(days)
        counts: Counter[tuple[str, str, str, str | None, str]] = Counter()
        latency: dict[tuple[str, str, str, str | None, str], float] = {}
        for q in self.questions:
            if q.asked_at < since:
                continue
            r = q.record
            day = q.asked_at.astimezone(UTC).strftime("%Y-%m-%d")
            key = (day, str(r.lang), str(r.kind), r.entry_id, r.channel)
            counts[key] += 1
            latency[key] = latency.get(key, 0.0) + r.latency_ms
        ordered = sorted(counts.items(), key=lambda kv: (*kv[0][:3], kv[0][3] or "", kv[0][4]))
        return [
            QuestionCount(d, lang, kind, entry, count=n, latency_ms_sum=latency[(d, lang, kind, entry, ch)], channel=ch)
            for (d, lang, kind, entry, ch), n in ordered
        ]

    async def feedback_counts(self, days: int) -> Sequence[FeedbackCount]:
        since = self._since(days)
        counts: Counter[tuple[str, bool, str]] = Counter()
        comments: Counter[tuple[str, bool, str]] = Counter()
        for f in self.feedback:
            if f.created_at < since:
                continue
            counts[(f.entry_id, f.positive, f.channel)] += 1
            if f.comment:
                comments[(f.entry_id, f.positive, f.channel)] += 1
        return [FeedbackCount(e, p, n, comments[(e, p, c)], c) for (e, p, c), n in sorted(counts.items())]

    async def unanswered_texts(self, days: int, limit: int = UNANSWERED_TEXT_LIMIT) -> list[tuple[str, int]]:
        since = self._since(days)
        texts = Counter(
            q.record.text for q in self.questions
            if q.asked_at >= since and str(q.record.kind) in UNANSWERED_KINDS
        )
        return texts.most_common(limit)

    async def unanswered_by_lang(self, days: int, limit: int = UNANSWERED_TEXT_LIMIT) -> list[tuple[str, str, int]]:
        since = self._since(days)
        texts = Counter(
            (q.record.text, str(q.record.lang)) for q in self.questions
            if q.asked_at >= since and str(q.record.kind) in UNANSWERED_KINDS
        )
        ranked = sorted(texts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(text, lang, n) for (text, lang), n in ranked]

    async def purge_older_than(self, days: int) -> int:
        """Retention: questions, feedback, users not seen and unfinished claims after ``days``; old
        done updates."""
        cutoff = self._since(days)
        update_cutoff = self._since(min(days, UPDATE_KEEP_DAYS))
        before = len(self.questions) + len(self.feedback) + len(self.users) + len(self.updates)
        self.questions = [q for q in self.questions if q.asked_at >= cutoff]
        self.feedback = [f for f in self.feedback if f.created_at >= cutoff]
        self.users = {h: u for h, u in self.users.items() if u.last_seen >= cutoff}
        self.updates = {
            i: u for i, u in self.updates.items()
            if not (u.status == "done" and (u.finished_at or u.received_at) < update_cutoff)
            and not (u.status == "received" and u.received_at < cutoff)
        }
        removed = before - len(self.questions) - len(self.feedback) - len(self.users) - len(self.updates)
        return removed + self.purge_cases(cutoff)
