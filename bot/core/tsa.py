"""Targeted social assistance (TSA, АСП, АӘК) pre-check: per-capita income vs the poverty line.

The poverty line is 70 % of the subsistence minimum (configured with its year). The check only
says where the household stands and what to do next; the local office decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.lang import Lang
from bot.core.texts import TSA_ABOVE, TSA_BELOW, TSA_CAVEAT, TSA_FIGURES, TSA_NEXT

POVERTY_LINE_SHARE = 0.70


@dataclass(frozen=True, slots=True)
class TsaParams:
    subsistence_minimum: int
    year: int

    @property
    def poverty_line(self) -> int:
        return round(self.subsistence_minimum * POVERTY_LINE_SHARE)


@dataclass(frozen=True, slots=True)
class TsaResult:
    per_capita: int
    poverty_line: int
    below: bool


def check(params: TsaParams, household_size: int, monthly_income: int) -> TsaResult:
    per_capita = round(monthly_income / household_size)
    return TsaResult(per_capita, params.poverty_line, per_capita <= params.poverty_line)


def _money(n: int, lang: Lang) -> str:
    sep = "," if lang is Lang.EN else "\u00a0"
    return f"{n:,}".replace(",", sep)


def tsa_text(params: TsaParams, household_size: int, monthly_income: int, lang: Lang) -> str:
    res = check(params, household_size, monthly_income)
    figures = TSA_FIGURES[lang].format(
        per_capita=_money(res.per_capita, lang),
        income=_money(monthly_income, lang),
        size=household_size,
        year=params.year,
        line=_money(res.poverty_line, lang),
        pm=_money(params.subsistence_minimum, lang),
    )
    verdict = TSA_BELOW[lang] if res.below else TSA_ABOVE[lang]
    return "\n\n".join([figures, verdict, TSA_NEXT[lang], TSA_CAVEAT[lang].format(year=params.year)])


# --- recognising "we are 4, income 150000 tenge, do we get TSA?" in a free-text message -------

_NUMBER = re.compile(r"(?<![\d])\d{1,3}(?:[ \u00a0.,]\d{3})+(?![\d])|(?<![\d])\d+(?![\d])")
# "100 тысяч", "100 тыс", "100 мың", "100k", "100 thousand"
_THOUSANDS = re.compile(r"\s*(?:тысяч\w*|тыс\b|мын\b|k\b|к\b|thousand)")
_SIZE_PATTERNS = (
    r"\bнас\s+(\d{1,2})\b",
    r"\bсемья\s+из\s+(\d{1,2})\b",
    r"\bсемье\s+(\d{1,2})\b",
    r"\b(\d{1,2})\s+(человек|чел|членов|члена|души|душ|адам|адамбыз|жан|people|persons|members)\b",
    r"\bотбасы\w*\s+(\d{1,2})\b",
    r"\bбизде\s+(\d{1,2})\b",
    r"\bbiz\s+(\d{1,2})\b",
    r"\b(?:family|household)\s+of\s+(\d{1,2})\b",
    r"\bwe\s+are\s+(\d{1,2})\b",
    r"\b(\d{1,2})\s+(?:in\s+(?:the\s+)?(?:family|household))\b",
    r"\bбиз\s+(\d{1,2})\b",
)
_SIZE_RE = re.compile("|".join(f"(?:{p})" for p in _SIZE_PATTERNS))
_INCOME_CUES = re.compile(
    r"доход|табыс|income|earn|зарплат|жалакы|тенге|тг\b|тенг|tenge|kzt|₸|salary|получаем|аламыз"
)
_TSA_CUES = re.compile(
    r"\bасп\b|\bаак\b|\btsa\b|адресн|атаулы|social assistance|помощ|комек|assistance|положен|пособ|"
    r"eligib|право|кукы|бедн|кедей|poverty|poor"
)


def parse_household(folded_text: str) -> tuple[int, int] | None:
    """(household size, monthly income) from a message that gives both, else None."""
    if not _INCOME_CUES.search(folded_text) or not _TSA_CUES.search(folded_text):
        return None
    m = _SIZE_RE.search(folded_text)
    if m is None:
        return None
    size = int(next(g for g in m.groups() if g is not None and g.isdigit()))
    if not 1 <= size <= 30:
        return None
    incomes = []
    for m_num in _NUMBER.finditer(folded_text):
        value = int(re.sub(r"\D", "", m_num.group(0)))
        if _THOUSANDS.match(folded_text, m_num.end()):
            value *= 1000
        if value >= 1000:
            incomes.append(value)
    if not incomes:
        return None
    return size, max(incomes)
