"""Which paragraphs of the reference report the entries cite, against a map of what each holds.

The map (``content/_coverage.yaml``) classes every paragraph 1-520 of the report as ``citizen``
(a fact a citizen can use, with a few words ``about`` it) or ``background``. Here, pure: the data
comes in already parsed; reading the file lives in ``bot.content.coverage_map``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.content import Entry

FIRST_PARA = 1
LAST_PARA = 520
KINDS = ("citizen", "background")


class CoverageMapError(ValueError):
    """The map is not a classification of paragraphs 1-520; ``problems`` lists why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else "")
        )


@dataclass(frozen=True)
class ParaClass:
    para: int
    kind: str  # citizen | background
    about: str = ""


@dataclass(frozen=True)
class CoverageReport:
    citizen: tuple[int, ...]
    covered: tuple[int, ...]
    uncovered: tuple[ParaClass, ...]
    # Paragraph -> ids of the entries citing it (every cited paragraph, citizen or not).
    cited_by: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.citizen)


def _para_number(key: Any) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    if isinstance(key, str) and key.strip().isdigit():
        return int(key.strip())
    return None


def parse_map(data: Any) -> dict[int, ParaClass]:
    """The map from its parsed YAML (``{"paragraphs": {86: {"kind": "citizen", "about": ...}, 12:
    "background"}}``); raises CoverageMapError unless every paragraph 1-520 is classed once."""
    if not isinstance(data, Mapping) or not isinstance(data.get("paragraphs"), Mapping):
        raise CoverageMapError(["the map needs a top-level mapping 'paragraphs'"])
    problems: list[str] = []
    out: dict[int, ParaClass] = {}
    for key, value in data["paragraphs"].items():
        para = _para_number(key)
        if para is None:
            problems.append(f"{key!r}: a paragraph is a number")
            continue
        if not FIRST_PARA <= para <= LAST_PARA:
            problems.append(f"paragraph {para}: unknown (the report has paragraphs {FIRST_PARA}-{LAST_PARA})")
            continue
        if para in out:
            problems.append(f"paragraph {para}: listed twice")
            continue
        if isinstance(value, str):
            kind, about = value.strip(), ""
        elif isinstance(value, Mapping):
            unknown = sorted(str(k) for k in value if k not in ("kind", "about"))
            if unknown:
                problems.append(f"paragraph {para}: unknown keys {', '.join(unknown)} (use kind and about)")
            kind, about = str(value.get("kind", "")).strip(), str(value.get("about") or "").strip()
        else:
            problems.append(f"paragraph {para}: write 'background' or {{kind: citizen, about: ...}}")
            continue
        if kind not in KINDS:
            problems.append(f"paragraph {para}: kind {kind!r} is not one of {', '.join(KINDS)}")
            continue
        if kind == "citizen" and not about:
            problems.append(f"paragraph {para}: a citizen paragraph needs 'about' (what fact it holds)")
            continue
        out[para] = ParaClass(para, kind, about)
    missing = [p for p in range(FIRST_PARA, LAST_PARA + 1) if p not in out]
    if missing and not problems:
        problems.append(f"paragraphs not classified: {_ranges(missing)}")
    if problems:
        raise CoverageMapError(problems)
    return out


def _ranges(numbers: list[int]) -> str:
    """``[5, 6, 7, 300]`` -> ``"5-7, 300"``."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def cited_paragraphs(entries: Iterable[Entry]) -> dict[int, tuple[str, ...]]:
    """Paragraph -> ids of the entries that cite it (in entry order, each id once)."""
    out: dict[int, list[str]] = {}
    for entry in entries:
        for source in entry.sources:
            if source.para is not None:
                ids = out.setdefault(source.para, [])
                if entry.id not in ids:
                    ids.append(entry.id)
    return {p: tuple(ids) for p, ids in sorted(out.items())}


def coverage(entries: Iterable[Entry], paragraphs: Mapping[int, ParaClass]) -> CoverageReport:
    """Citizen paragraphs of the map that some entry cites (covered) and that none does."""
    cited = cited_paragraphs(entries)
    citizen = tuple(sorted(p for p, c in paragraphs.items() if c.kind == "citizen"))
    covered = tuple(p for p in citizen if p in cited)
    uncovered = tuple(paragraphs[p] for p in citizen if p not in cited)
    return CoverageReport(citizen, covered, uncovered, cited)
