"""`content coverage [--json]`: which citizen paragraphs of the report no entry cites yet."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.core.coverage import CoverageMapError, coverage
from bot.storage.content import load_catalog
from bot.storage.coverage_map import load_coverage_map, map_path


def run_coverage(content_dir: Path, as_json: bool = False) -> int:
    try:
        paragraphs = load_coverage_map(map_path(content_dir))
    except CoverageMapError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    result = load_catalog(Path(content_dir))
    if result.catalog is None:
        for p in result.errors:
            print(p, file=sys.stderr)
        print("content has errors; fix them first (`content validate`)", file=sys.stderr)
        return 1
    report = coverage(result.catalog.entries, paragraphs)
    if as_json:
        data = {
            "citizen_total": report.total,
            "covered": len(report.covered),
            "uncovered": [{"para": c.para, "about": c.about} for c in report.uncovered],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    share = 100 * len(report.covered) // report.total if report.total else 100
    print(f"citizen paragraphs: {report.total}")
    print(f"covered: {len(report.covered)} ({share}%)")
    print(f"uncovered: {len(report.uncovered)}")
    for c in report.uncovered:
        print(f"  para {c.para}: {c.about}")
    return 0
