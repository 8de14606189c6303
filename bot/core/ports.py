"""Seams between the pure core and the outside world (database, clock).

The core never imports an adapter; ``bot.storage`` implements these, tests pass fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.lang import Lang
from bot.core.reply import ReplyKind


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
    channel: str = "telegram"  # telegram | sandbox


@dataclass(frozen=True, slots=True)
class PendingUpdate:
    update_id: int
    payload: str  # the raw update JSON, kept only until it is answered


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
        self, user_hash: str | None, entry_id: str, positive: bool, comment: str | None = None
    ) -> None: ...

    async def record_content_version(self, content_hash: str, loaded_by: str) -> None: ...
