"""Shared test helpers for the stores: a settable clock and the store type under test."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.core.facts import AnalyticsSource
from bot.core.ports import CaseStore, Store


class Clock:
    """A UTC clock tests move by hand."""

    def __init__(self, start: str = "2026-06-15T12:00:00") -> None:
        self.current = datetime.fromisoformat(start).replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.current

    def set(self, iso: str) -> None:
        self.current = datetime.fromisoformat(iso).replace(tzinfo=UTC)

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class ContentVersion(Protocol):
    content_hash: str
    loaded_by: str


class StoreUnderTest(Store, CaseStore, AnalyticsSource, Protocol):
    async def recent_content_versions(self, limit: int = 10) -> Sequence[ContentVersion]: ...
