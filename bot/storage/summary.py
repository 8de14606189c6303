"""What both stores derive from their own three GROUP BY reads (``question_counts``,
``feedback_counts``, ``unanswered_texts``): the unanswered clusters and the stats summary.

One implementation, so ``InMemoryStore`` and ``SqlStore`` cannot drift apart.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Sequence

from bot.core.clustering import cluster_texts
from bot.core.facts import UNANSWERED_TEXT_LIMIT, FeedbackCount, QuestionCount, summarize
from bot.core.ports import StatsSummary, UnansweredCluster

SUMMARY_UNANSWERED = 5  # clusters in the summary (/stats); the full list is ``unanswered``


class SummaryReads(ABC):
    @abstractmethod
    async def question_counts(self, days: int) -> Sequence[QuestionCount]: ...

    @abstractmethod
    async def feedback_counts(self, days: int) -> Sequence[FeedbackCount]: ...

    @abstractmethod
    async def unanswered_texts(self, days: int, limit: int = UNANSWERED_TEXT_LIMIT) -> list[tuple[str, int]]: ...

    async def unanswered(self, days: int, limit: int = 10) -> Sequence[UnansweredCluster]:
        texts = await self.unanswered_texts(days)
        # Clustering is CPU work: off the event loop, so replies keep going out meanwhile.
        return await asyncio.to_thread(cluster_texts, texts, limit=limit)

    async def stats_summary(self, days: int) -> StatsSummary:
        return summarize(
            days,
            await self.question_counts(days),
            await self.feedback_counts(days),
            await self.unanswered(days, SUMMARY_UNANSWERED),
        )
