"""The live answering engine, swappable at runtime (/reload) without a restart.

Handlers read ``holder.service`` once per update; ``reload`` builds a complete new service
first and swaps a single reference, so an update never sees half-loaded content, and a broken
content directory leaves the old service in place.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.content import ContentError, Problem

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core.service import AnswerService


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    entries: int = 0
    topics: int = 0
    content_hash: str = ""
    problems: tuple[Problem, ...] = ()


class ServiceHolder:
    def __init__(self, service: AnswerService, content_hash: str = "", *, isolated: bool = False) -> None:
        self.service = service
        self.content_hash = content_hash
        # Reloads build in a child process too (bot.content.isolated), as the start-up did.
        self.isolated = isolated
        self._lock = asyncio.Lock()

    async def reload(self, settings: Settings) -> ReloadResult:
        """Load and validate the content again; swap only when it is all good."""
        from bot.content.isolated import build_inline, build_isolated

        async with self._lock:
            try:
                if self.isolated:
                    service, content_hash = await build_isolated(settings)
                else:
                    service, content_hash = await asyncio.to_thread(build_inline, settings)
            except ContentError as exc:
                return ReloadResult(False, problems=tuple(exc.problems))
            self.service = service
            self.content_hash = content_hash
            catalog = service.catalog
            return ReloadResult(True, len(catalog.entries), len(catalog.topics), content_hash)
