"""Read ``content/_coverage.yaml`` (the paragraph map of the report); see ``bot.core.coverage``."""

from __future__ import annotations

from pathlib import Path

from bot.content.load import parse_yaml
from bot.core.coverage import CoverageMapError, ParaClass, parse_map, parse_report

MAP_FILE = "_coverage.yaml"


def map_path(content_dir: Path) -> Path:
    return Path(content_dir) / MAP_FILE


def load_coverage_map(path: Path) -> dict[int, ParaClass]:
    """The map at ``path``; raises CoverageMapError (naming the file) if it cannot be used."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CoverageMapError([f"{path}: cannot read the map: {exc.strerror or exc}"]) from None
    _, data, syntax = parse_yaml(text, str(path))
    if syntax is not None:
        raise CoverageMapError([str(syntax)])
    try:
        return parse_map(data)
    except CoverageMapError as exc:
        raise CoverageMapError([f"{path}: {p}" for p in exc.problems]) from None


def load_report(path: Path) -> dict[int, str]:
    """The report's paragraphs (number -> text); raises CoverageMapError if it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CoverageMapError([f"{path}: cannot read the report: {exc.strerror or exc}"]) from None
    paragraphs = parse_report(text)
    if not paragraphs:
        raise CoverageMapError([f"{path}: no numbered paragraphs found (a paragraph starts a line with 'N.')"])
    return paragraphs
