"""Grouped analytics rows and their aggregation, shared by both stores and the report.

The stores answer three small GROUP BY queries (questions per day/lang/kind/entry, feedback
per entry, unanswered wordings with counts); everything else is computed here, in plain
Python, so ``InMemoryStore`` and ``SqlStore`` cannot disagree about what a number means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.core.ports import StatsSummary, UnansweredCluster
from bot.core.reply import ReplyKind

TOP_ENTRIES = 10
CHANNEL_ORDER = ("telegram", "whatsapp", "sandbox")
UNANSWERED_KINDS: tuple[str, ...] = (ReplyKind.FALLBACK.value, ReplyKind.CLARIFY.value)
# Clustering reads at most this many distinct unanswered wordings (the most frequent ones).
UNANSWERED_TEXT_LIMIT = 3000


@dataclass(frozen=True, slots=True)
class QuestionCount:
    """Questions asked on one UTC day in one language with one outcome (and entry)."""

    day: str  # YYYY-MM-DD (UTC)
    lang: str
    kind: str
    entry_id: str | None
    count: int
    latency_ms_sum: float = 0.0
    channel: str = "telegram"


@dataclass(frozen=True, slots=True)
class FeedbackCount:
    entry_id: str
    positive: bool
    count: int
    with_comment: int = 0
    channel: str = "telegram"


class AnalyticsSource(Protocol):
    """What the report needs from a store (both ``InMemoryStore`` and ``SqlStore`` have it)."""

    async def question_counts(self, days: int) -> Sequence[QuestionCount]: ...

    async def feedback_counts(self, days: int) -> Sequence[FeedbackCount]: ...

    async def unanswered(self, days: int, limit: int = 10) -> Sequence[UnansweredCluster]: ...

    async def unanswered_by_lang(self, days: int, limit: int = UNANSWERED_TEXT_LIMIT) -> Sequence[tuple[str, str, int]]:
        """``(wording, lang, count)`` of fallback and clarify questions, most frequent first."""
        ...


def summarize(
    days: int,
    questions: Iterable[QuestionCount],
    feedback: Iterable[FeedbackCount],
    unanswered: Sequence[UnansweredCluster] = (),
    *,
    top: int = TOP_ENTRIES,
) -> StatsSummary:
    """Fold grouped rows into the summary that /stats and ``python -m bot stats`` show."""
    by_kind: Counter[str] = Counter({k.value: 0 for k in ReplyKind})
    by_lang: Counter[str] = Counter()
    by_day: Counter[str] = Counter()
    entries: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    channel_answers: Counter[str] = Counter()
    total = 0
    for row in questions:
        total += row.count
        channels[row.channel] += row.count
        if row.kind == ReplyKind.ANSWER.value:
            channel_answers[row.channel] += row.count
        by_kind[row.kind] += row.count
        by_lang[row.lang] += row.count
        by_day[row.day] += row.count
        if row.entry_id is not None and row.kind == ReplyKind.ANSWER.value:
            entries[row.entry_id] += row.count
    up = down = 0
    for fb in feedback:
        if fb.positive:
            up += fb.count
        else:
            down += fb.count
    answered = by_kind[ReplyKind.ANSWER.value]
    return StatsSummary(
        days=days,
        total=total,
        by_kind=dict(by_kind),
        by_lang=dict(sorted(by_lang.items(), key=lambda kv: (-kv[1], kv[0]))),
        answered_share=answered / total if total else 0.0,
        top_entries=tuple(sorted(entries.items(), key=lambda kv: (-kv[1], kv[0]))[:top]),
        feedback_up=up,
        feedback_down=down,
        by_day=tuple(sorted(by_day.items())),
        top_unanswered=tuple(unanswered),
        by_channel=tuple((ch, channels[ch], channel_answers[ch]) for ch in sorted(channels, key=channel_key)),
    )


def channel_key(channel: str) -> tuple[int, str]:
    """Telegram, WhatsApp, the sandbox, then any other channel by name."""
    return (CHANNEL_ORDER.index(channel) if channel in CHANNEL_ORDER else len(CHANNEL_ORDER), channel)
