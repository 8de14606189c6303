"""The report's numbers: ``build_report(store, days)`` reads a store's grouped counts
(``bot.core.facts``) and unanswered clusters; ``aggregate`` folds them into ``ReportData``.
Pure but for the store reads; the renderers (text.py, charts.py, page.py) only format it.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.analytics.unanswered import TopicCluster, TopicOf, cluster_unanswered, plain_clusters
from bot.core.facts import AnalyticsSource, FeedbackCount, QuestionCount, channel_key, summarize
from bot.core.handoff import CaseFigures
from bot.core.ports import StatsSummary, UnansweredCluster
from bot.core.reply import ReplyKind

REPORT_CLUSTERS = 20
REPORT_ENTRIES = 15
LANG_ORDER = ("kk", "ru", "en")
KIND_ORDER = ("answer", "clarify", "fallback", "crisis", "smalltalk")
LANG_COLORS = {"kk": "#0f766e", "ru": "#2563eb", "en": "#d97706"}
KIND_COLORS = {
    "answer": "#16a34a", "clarify": "#f59e0b", "fallback": "#dc2626", "crisis": "#7c3aed", "smalltalk": "#64748b",
}
OTHER_COLOR = "#9ca3af"


def lang_key(lang: str) -> tuple[int, str]:
    return (LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER), lang)



@dataclass(frozen=True, slots=True)
class EntryStats:
    entry_id: str
    asked: int
    up: int
    down: int
    comments: int

    @property
    def rated(self) -> int:
        return self.up + self.down

    @property
    def feedback_rate(self) -> float:
        """Ratings per answer given from this entry."""
        return self.rated / self.asked if self.asked else 0.0

    @property
    def down_share(self) -> float:
        return self.down / self.rated if self.rated else 0.0


@dataclass(frozen=True, slots=True)
class ChannelStats:
    """One channel's figures: questions by outcome and the ratings its users gave."""

    channel: str
    by_kind: dict[str, int]
    up: int = 0
    down: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def answers(self) -> int:
        return self.by_kind.get("answer", 0)

    @property
    def unanswered(self) -> int:
        return self.by_kind.get("fallback", 0) + self.by_kind.get("clarify", 0)

    @property
    def answered_share(self) -> float:
        return self.answers / self.total if self.total else 0.0

    @property
    def unanswered_share(self) -> float:
        return self.unanswered / self.total if self.total else 0.0

    @property
    def down_share(self) -> float:
        rated = self.up + self.down
        return self.down / rated if rated else 0.0


@dataclass(frozen=True, slots=True)
class DayStats:
    day: str
    by_lang: dict[str, int]
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_lang.values())

    @property
    def answered_share(self) -> float:
        return self.by_kind.get("answer", 0) / self.total if self.total else 0.0


@dataclass(frozen=True)
class ReportData:
    """Every number the report shows, computed once; renderers only format."""

    days: int
    generated_at: datetime
    summary: StatsSummary
    per_day: tuple[DayStats, ...]
    entries: tuple[EntryStats, ...]  # most asked first (answers only), plus rated-but-not-asked
    clusters: tuple[TopicCluster, ...]
    avg_latency_ms: float
    by_lang_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    by_channel: tuple[ChannelStats, ...] = ()  # telegram, whatsapp, sandbox, then any other
    # The human handoff's figures (bot/analytics/handoff.py), when the store keeps cases.
    handoff: CaseFigures | None = None
    sla_hours: float = 0.0

    @property
    def answers(self) -> int:
        return self.summary.by_kind.get("answer", 0)

    @property
    def ratings(self) -> int:
        return self.summary.feedback_up + self.summary.feedback_down

    @property
    def feedback_rate(self) -> float:
        return self.ratings / self.answers if self.answers else 0.0

    @property
    def down_share(self) -> float:
        return self.summary.feedback_down / self.ratings if self.ratings else 0.0

    def kind_share(self, kind: str) -> float:
        total = self.summary.total
        return self.summary.by_kind.get(kind, 0) / total if total else 0.0

    @property
    def unanswered_total(self) -> int:
        return self.summary.by_kind.get("fallback", 0) + self.summary.by_kind.get("clarify", 0)


def aggregate(
    days: int,
    questions: Sequence[QuestionCount],
    feedback: Sequence[FeedbackCount],
    clusters: Sequence[UnansweredCluster],
    *,
    today: date,
    generated_at: datetime | None = None,
) -> ReportData:
    """Pure: fold the grouped rows into ``ReportData`` (every day of the window, zeros included)."""
    summary = summarize(days, questions, feedback, clusters[:5])
    lang_by_day: dict[str, Counter[str]] = defaultdict(Counter)
    kind_by_day: dict[str, Counter[str]] = defaultdict(Counter)
    by_lang_kind: dict[str, Counter[str]] = defaultdict(Counter)
    channel_kinds: dict[str, Counter[str]] = defaultdict(Counter)
    channel_votes: dict[str, Counter[bool]] = defaultdict(Counter)
    asked: Counter[str] = Counter()
    latency_sum = 0.0
    for row in questions:
        lang_by_day[row.day][row.lang] += row.count
        kind_by_day[row.day][row.kind] += row.count
        by_lang_kind[row.lang][row.kind] += row.count
        channel_kinds[row.channel][row.kind] += row.count
        latency_sum += row.latency_ms_sum
        if row.entry_id is not None and row.kind == ReplyKind.ANSWER.value:
            asked[row.entry_id] += row.count
    # Every day from the window's start (or the first day with data, if later) to today.
    first = today - timedelta(days=max(days - 1, 0))
    if lang_by_day:
        first = max(first, min(date.fromisoformat(d) for d in lang_by_day))
    window = [(first + timedelta(days=i)).isoformat() for i in range((today - first).days + 1)]
    # Days with data outside the computed window (clock skew) still show up.
    all_days = sorted(set(window) | set(lang_by_day))
    per_day = tuple(
        DayStats(d, dict(lang_by_day.get(d, Counter())), dict(kind_by_day.get(d, Counter()))) for d in all_days
    )
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    comments: Counter[str] = Counter()
    for fb in feedback:
        (up if fb.positive else down)[fb.entry_id] += fb.count
        comments[fb.entry_id] += fb.with_comment
        channel_votes[fb.channel][fb.positive] += fb.count
    ids = set(asked) | set(up) | set(down)
    entries = sorted(
        (EntryStats(e, asked[e], up[e], down[e], comments[e]) for e in ids),
        key=lambda s: (-s.asked, -s.rated, s.entry_id),
    )
    return ReportData(
        days=days,
        generated_at=generated_at or datetime.now(UTC),
        summary=summary,
        per_day=per_day,
        entries=tuple(entries),
        clusters=tuple(c if isinstance(c, TopicCluster) else plain_clusters([c])[0] for c in clusters),
        avg_latency_ms=latency_sum / summary.total if summary.total else 0.0,
        by_lang_kind={lang: dict(kinds) for lang, kinds in by_lang_kind.items()},
        by_channel=tuple(
            ChannelStats(ch, dict(channel_kinds.get(ch, Counter())), channel_votes[ch][True], channel_votes[ch][False])
            for ch in sorted(set(channel_kinds) | set(channel_votes), key=channel_key)
        ),
    )


async def build_report(
    store: AnalyticsSource,
    days: int,
    *,
    today: date | None = None,
    clusters: int = REPORT_CLUSTERS,
    topic_of: TopicOf | None = None,
    lang: str | None = None,
) -> ReportData:
    """Read the aggregates from a store (``SqlStore`` or ``InMemoryStore``) into ``ReportData``.

    Unanswered questions are grouped by ``topic_of`` (the engine's nearest prototype or entry,
    the same for every language), the rest by spelling; see ``bot.analytics.unanswered``."""
    questions = await store.question_counts(days)
    feedback = await store.feedback_counts(days)
    items = list(await store.unanswered_by_lang(days))
    # Matching and clustering are CPU work: off the event loop (the sandbox's bot keeps answering).
    unanswered = await asyncio.to_thread(cluster_unanswered, items, topic_of, lang=lang, limit=clusters)
    return aggregate(
        days, list(questions), list(feedback), list(unanswered), today=today or datetime.now(UTC).date()
    )

