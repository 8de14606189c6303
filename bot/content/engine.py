"""From the content directory to the answering engine: load, validate, calibrate, build."""

from __future__ import annotations

import json

from bot.config import Settings
from bot.content import ContentError, LoadResult, load_catalog
from bot.content.out_of_scope import load_out_of_scope
from bot.core.calibration import Calibration
from bot.core.service import AnswerService, TsaParams


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
    return AnswerService(
        content.catalog,
        tsa=tsa,
        calibration=load_calibration(settings),
        out_of_scope=load_out_of_scope(settings.content_dir),
    )


def load_calibration(settings: Settings) -> Calibration | None:
    """The engine's fitted thresholds (content/_calibration.json); None → built-in defaults."""
    path = settings.content_dir / "_calibration.json"
    if not path.is_file():
        return None
    return Calibration.from_dict(json.loads(path.read_text(encoding="utf-8")))
