"""The content directory as the bot loads it: every topic file read, checked, and the catalog
built when nothing is an error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.content.checks import check_files
from bot.content.drafts import draft_problems
from bot.content.load import Problem, content_files, read_dir
from bot.core.content import Catalog


@dataclass
class LoadResult:
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""
    # What was read, even when errors keep ``catalog`` empty (for summaries).
    entries_found: int = 0
    topics_found: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not self.errors



def load_catalog(content_dir: Path) -> LoadResult:
    """Load and check every ``*.yaml`` file under ``content_dir`` (sorted, so loading is stable)."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        return LoadResult(None, [Problem(str(content_dir), 1, "content directory not found")])
    if not content_files(content_dir):
        return LoadResult(None, [Problem(str(content_dir), 1, "no *.yaml content files")])
    files, digest = read_dir(content_dir)
    served = [f for f in files if not f.draft]
    catalog, problems = check_files(served)
    problems += draft_problems(served, [f for f in files if f.draft])
    has_errors = any(p.severity == "error" for p in problems)
    return LoadResult(
        None if has_errors else catalog,
        problems,
        digest,
        entries_found=sum(f.raw_count for f in served),
        topics_found=len(catalog.topics),
    )

