"""Which paragraphs of the reference report the entries cite, against a map of what each holds.

The map (``content/_coverage.yaml``) classes every paragraph 1-520 of the report as ``citizen``
(a fact a citizen can use, with a few words ``about`` it), ``figure`` (statistics people ask
about: how many pensioners, the unemployment rate; ``about`` says which) or ``background``.
Citizen and figure paragraphs are the ones the entries must cite; ``unstated_figures`` then
checks, number by number, that the citing entries state what the paragraph gives. Here, pure: the data
comes in already parsed; reading the file lives in ``bot.content.coverage_map``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.content import Entry
from bot.core.lang import Lang

FIRST_PARA = 1
LAST_PARA = 520
KINDS = ("citizen", "figure", "background")
# Kinds whose paragraphs some entry must cite.
ANSWERABLE = ("citizen", "figure")


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
    kind: str  # citizen | figure | background
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
            problems.append(f"paragraph {para}: write 'background' or {{kind: citizen|figure, about: ...}}")
            continue
        if kind not in KINDS:
            problems.append(f"paragraph {para}: kind {kind!r} is not one of {', '.join(KINDS)}")
            continue
        if kind in ANSWERABLE and not about:
            problems.append(f"paragraph {para}: a {kind} paragraph needs 'about' (what fact it holds)")
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
    """Citizen and figure paragraphs of the map that some entry cites (covered) and that none does."""
    cited = cited_paragraphs(entries)
    citizen = tuple(sorted(p for p, c in paragraphs.items() if c.kind in ANSWERABLE))
    covered = tuple(p for p in citizen if p in cited)
    uncovered = tuple(paragraphs[p] for p in citizen if p not in cited)
    return CoverageReport(citizen, covered, uncovered, cited)


# --- figures, number by number -------------------------------------------------------------

# A number as written: groups of three after a space ("2 344 030", not "2023 150"), or digits
# joined by "," and "." ("2,344,030", "4,7", "21.6"); "2023, 41" is two numbers.
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")


def figures_in(text: str, *, decimal_comma: bool) -> frozenset[str]:
    """The numbers of ``text`` in one spelling ("2,344,030" / "2 344 030" -> "2344030", "4.7" /
    "4,7" -> "4.7"). English writes "," between thousands; Russian and Kazakh write a space there
    and "," for the decimal point (``decimal_comma``). Years and one-digit numbers (list items,
    "3 national associations") are left out: they identify nothing on their own."""
    out: set[str] = set()
    for match in _NUMBER.finditer(text):
        raw = re.sub(r"[\u00a0\u202f ]", "", match.group(0))
        if decimal_comma:
            raw = raw.replace(",", ".")
        else:
            raw = re.sub(r",(?=\d{3}(?!\d))", "", raw).replace(",", ".")
        for number in raw.split(".") if raw.count(".") > 1 else (raw,):
            number = number.rstrip(".")
            if len(number.replace(".", "")) < 2 or _YEAR.fullmatch(number):
                continue
            out.add(number)
    return frozenset(out)


@dataclass(frozen=True)
class UnstatedFigures:
    para: int
    about: str
    # Numbers of the paragraph that no citing entry states, in the languages they are missing in.
    missing: tuple[tuple[str, tuple[str, ...]], ...]


def unstated_figures(
    report: Mapping[int, str], entries: Iterable[Entry], paragraphs: Mapping[int, ParaClass]
) -> tuple[UnstatedFigures, ...]:
    """For every cited citizen/figure paragraph: the numbers of its text (``report``: paragraph ->
    English text) that no entry citing it states, per answer language. A paragraph's number an
    entry states may still be left out on purpose (a footnote's figure, an unrelated count); this
    is a list to read, not a rule."""
    entries = list(entries)
    by_id = {e.id: e for e in entries}
    cited = cited_paragraphs(entries)
    out: list[UnstatedFigures] = []
    for para, ids in cited.items():
        klass = paragraphs.get(para)
        if klass is None or klass.kind not in ANSWERABLE or para not in report:
            continue
        stated = {
            lang: frozenset().union(
                *(figures_in(by_id[i].answer.get(lang), decimal_comma=lang is not Lang.EN) for i in ids)
            )
            for lang in Lang
        }
        missing = []
        for number in sorted(figures_in(report[para], decimal_comma=False)):
            langs = tuple(lang.value for lang in Lang if number not in stated[lang])
            if langs:
                missing.append((number, langs))
        if missing:
            out.append(UnstatedFigures(para, klass.about, tuple(missing)))
    return tuple(out)


# "[bookmark: z45]" marks left by the word processor may stand before the number.
_PARAGRAPH_START = re.compile(r"^\s*(?:\[bookmark:[^\]]*\]\s*)*(\d{1,3})\.\s+(.*)$")
_FOOTNOTE = re.compile(r"\[footnoteRef:\d+\]|\[\d+:[^\]]*\]")


def parse_report(text: str) -> dict[int, str]:
    """Paragraph number -> text of the report (a paragraph starts a line with "N." and runs to
    the next; footnote marks and footnote texts are dropped, their numbers are not figures)."""
    out: dict[int, list[str]] = {}
    current: int | None = None
    for line in text.splitlines():
        m = _PARAGRAPH_START.match(line)
        if m and FIRST_PARA <= int(m.group(1)) <= LAST_PARA and int(m.group(1)) not in out:
            current = int(m.group(1))
            out[current] = [m.group(2)]
        elif current is not None and line.strip():
            out[current].append(line.strip())
    return {p: _FOOTNOTE.sub("", " ".join(lines)) for p, lines in out.items()}
