"""The composition root: builds the services once from settings and hands them down."""

from __future__ import annotations

from bot.config import Settings
from bot.core.service import AnswerService, TsaParams
from bot.storage.content import ContentError, LoadResult, load_catalog


def load_content(settings: Settings) -> LoadResult:
    result = load_catalog(settings.content_dir)
    if not result.ok:
        raise ContentError(result.errors)
    return result


def build_service(settings: Settings, content: LoadResult | None = None) -> AnswerService:
    """Load and validate the content, then build the answering engine over it."""
    content = content or load_content(settings)
    assert content.catalog is not None
    tsa = TsaParams(
        subsistence_minimum=settings.subsistence_minimum,
        year=settings.subsistence_minimum_year,
    )
    return AnswerService(content.catalog, tsa=tsa)
