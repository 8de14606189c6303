"""Seams between the pure core and the outside world (database, clock).

The core never imports an adapter; ``bot.storage`` implements these, tests pass fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from bot.core.handoff import CaseEvent, CaseState
from bot.core.lang import Lang
from bot.core.redact import redact
from bot.core.reply import Reply, ReplyKind

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

    @classmethod
    def of(cls, question: str, reply: Reply, *, user_hash: str | None, latency_ms: float, channel: str) -> QuestionRecord:
        """What analytics keep of one answered question: redacted, with the reply's outcome."""
        return cls(
            user_hash=user_hash,
            text=redact(question),
            lang=reply.lang,
            entry_id=reply.entry_id,
            kind=reply.kind,
            confidence=reply.confidence,
            latency_ms=round(latency_ms, 1),
            channel=channel,
        )


@dataclass(frozen=True, slots=True)
class PendingUpdate:
    update_id: int
    payload: str  # what is needed to answer (the raw update, the parsed message), kept only until answered


class ClaimSpace(StrEnum):
    """Whose claims: Telegram update ids are positive, WhatsApp messages' keys negative, so each
    channel replays only its own."""

    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"

    def holds(self, update_id: int) -> bool:
        return (update_id >= 0) is (self is ClaimSpace.TELEGRAM)


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
    # (channel, questions, answers): telegram, whatsapp, sandbox, then any other.
    by_channel: tuple[tuple[str, int, int], ...] = ()


class Clock(Protocol):
    def now(self) -> datetime: ...


class Store(Protocol):
    """What the bot writes and reads. Implemented by ``bot.storage.sql.SqlStore``."""

    # Exactly-once processing of Telegram updates and WhatsApp messages.
    async def claim_update(self, update_id: int, payload: str) -> bool:
        """Record an update as received; False if it was seen before (a duplicate)."""
        ...

    async def finish_update(self, update_id: int) -> None:
        """Mark an update as answered and drop its payload."""
        ...

    async def pending_updates(self, space: ClaimSpace = ClaimSpace.TELEGRAM) -> Sequence[PendingUpdate]:
        """One channel's claims received but not answered (e.g. before a crash), by key (for
        Telegram: oldest first)."""
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


# --- human handoff (bot/core/handoff.py) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    """A question handed to a human, as stored. ``chat_id`` is the only raw Telegram id kept
    anywhere: the bot needs it to bring the lawyer's answer back, so it lives only while the
    case does (cleared when the case ends, deleted with the case by retention and /forget)."""

    id: int
    code: str
    user_hash: str
    chat_id: int | None
    lang: Lang
    topic: str | None
    state: CaseState
    question: str  # redacted
    bot_summary: str  # what the bot answered or suggested, and why it fell back
    created_at: datetime
    thread_id: int | None = None
    intro_sent: bool = False
    opened_at: datetime | None = None
    taken_at: datetime | None = None
    first_reply_at: datetime | None = None
    closed_at: datetime | None = None
    rating: bool | None = None
    channel: str = "telegram"


@dataclass(frozen=True, slots=True)
class NewCase:
    user_hash: str
    chat_id: int
    lang: Lang
    topic: str | None
    question: str  # redacted by the caller (bot.core.handoff.preview)
    bot_summary: str
    channel: str = "telegram"


class CaseStore(Protocol):
    """Cases handed to operators. Every state change is a conditional update that succeeds for
    exactly one caller (two replicas, a button pressed twice): it returns the case after the
    change, or None when the case was not in a state the change applies to."""

    async def create_case(self, new: NewCase) -> Case:
        """A pending case (consent shown). An active case of the same user is returned instead
        (a user has at most one active case: a unique column enforces it)."""
        ...

    async def get_case(self, case_id: int) -> Case | None: ...

    async def active_case(self, user_hash: str) -> Case | None:
        """The user's pending, open or taken case."""
        ...

    async def case_by_thread(self, thread_id: int) -> Case | None: ...

    async def transition(self, case_id: int, event: CaseEvent, *, rating: bool | None = None) -> Case | None:
        """Apply ``event`` (bot.core.handoff.next_state) if the case's state allows it. Ending a case
        clears its chat id."""
        ...

    async def claim_topic(self, case_id: int, lease_seconds: float) -> bool:
        """Claim the right to create the case's topic and post its first message (no thread or no
        first message yet, no live claim): exactly one caller wins, so two replicas never create
        two topics for one case. ``set_thread(..., intro_sent=True)`` releases the claim."""
        ...

    async def set_thread(self, case_id: int, thread_id: int | None, *, intro_sent: bool = False) -> None:
        """Record the case's topic (None: the topic is gone, create it again)."""
        ...

    async def drop_thread(self, case_id: int, thread_id: int) -> bool:
        """Forget ``thread_id`` as the case's topic (operators deleted it); False if already replaced."""
        ...

    async def mark_first_reply(self, case_id: int) -> None: ...

    async def rate_case(self, case_id: int, user_hash: str, positive: bool) -> bool:
        """Store the citizen's 👍/👎 of a closed case (once); False if not theirs or rated already."""
        ...

    async def log_case_message(self, case_id: int, direction: str, citizen_message_id: int | None,
                               group_message_id: int | None) -> None:
        """The citizen<->topic message map (ids only, never text). ``direction``: in | out."""
        ...

    async def live_cases(self) -> Sequence[Case]:
        """Open and taken cases, oldest first (the periodic task, /queue)."""
        ...

    async def stale_pending(self, older_than: datetime) -> Sequence[Case]:
        """Pending cases whose consent was never answered (dropped by the periodic task)."""
        ...

    async def ban_user(self, user_hash: str, until: datetime) -> None: ...

    async def banned_until(self, user_hash: str) -> datetime | None: ...

    async def cases_since(self, since: datetime) -> Sequence[Case]:
        """Cases created since ``since`` (the report folds them with bot.core.handoff.case_figures)."""
        ...
