"""Seams between the pure core and the outside world (database, clock).

The core never imports an adapter; ``bot.storage`` implements these, tests pass fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.core.lang import Lang
from bot.core.reply import ReplyKind

if TYPE_CHECKING:
    from bot.core.facts import FeedbackCount, QuestionCount


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """One answered message, already redacted; the user appears only as a keyed hash."""

    user_hash: str | None
    text: str  # redacted
    lang: Lang
    entry_id: str | None
    kind: ReplyKind
    confidence: float
    latency_ms: float
    channel: str = "telegram"  # telegram | whatsapp | sandbox


@dataclass(frozen=True, slots=True)
class PendingUpdate:
    update_id: int
    payload: str  # the raw update JSON, kept only until it is answered


@dataclass(frozen=True, slots=True)
class UnansweredCluster:
    """Similar unanswered questions grouped together: what content is missing."""

    label: str  # a representative (redacted) wording
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StatsSummary:
    """Aggregates over the last ``days`` days; never raw text with personal data."""

    days: int
    total: int
    by_kind: dict[str, int]  # answer / clarify / fallback / crisis -> count
    by_lang: dict[str, int]
    answered_share: float  # answers / total (0.0 when total == 0)
    top_entries: tuple[tuple[str, int], ...]  # (entry_id, count), most asked first
    feedback_up: int
    feedback_down: int
    by_day: tuple[tuple[str, int], ...] = ()  # ("YYYY-MM-DD", count)
    top_unanswered: tuple[UnansweredCluster, ...] = ()


class Clock(Protocol):
    def now(self) -> datetime: ...


class Store(Protocol):
    """What the bot writes and reads. Implemented by ``bot.storage.sql.SqlStore``."""

    # Exactly-once processing of Telegram updates.
    async def claim_update(self, update_id: int, payload: str) -> bool:
        """Record an update as received; False if it was seen before (a duplicate)."""
        ...

    async def finish_update(self, update_id: int) -> None:
        """Mark an update as answered and drop its payload."""
        ...

    async def pending_updates(self) -> Sequence[PendingUpdate]:
        """Updates received but not answered (e.g. before a crash), oldest first."""
        ...

    # Users, only as keyed hashes.
    async def touch_user(self, user_hash: str, lang: Lang | None) -> None: ...

    async def user_lang(self, user_hash: str) -> Lang | None: ...

    async def set_user_lang(self, user_hash: str, lang: Lang) -> None: ...

    async def forget_user(self, user_hash: str) -> int:
        """Delete everything linked to the user; returns how many rows went."""
        ...

    # Analytics.
    async def log_question(self, record: QuestionRecord) -> None: ...

    async def log_feedback(
        self, user_hash: str | None, entry_id: str, positive: bool, comment: str | None = None,
        channel: str = "telegram",
    ) -> None: ...

    async def record_content_version(self, content_hash: str, loaded_by: str) -> None: ...

    async def stats_summary(self, days: int) -> StatsSummary: ...

    async def unanswered(self, days: int, limit: int = 10) -> Sequence[UnansweredCluster]: ...

    async def unanswered_by_lang(self, days: int, limit: int = 3000) -> Sequence[tuple[str, str, int]]:
        """``(wording, lang, count)`` of unanswered questions, most frequent first (the report)."""
        ...

    async def purge_older_than(self, days: int) -> int:
        """Retention: delete questions and feedback older than ``days``; returns rows deleted."""
        ...

    # The report's grouped reads (see bot/core/facts.py).
    async def question_counts(self, days: int) -> Sequence[QuestionCount]: ...
    async def feedback_counts(self, days: int) -> Sequence[FeedbackCount]: ...

    async def close(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...
