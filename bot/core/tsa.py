"""Targeted social assistance (TSA, АСП, АӘК) pre-check: per-capita income vs the poverty line.

The poverty line is 70 % of the subsistence minimum (configured with its year). The check only
says where the household stands and what to do next; the local office decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.i18n import gettext
from bot.core.lang import Lang

# One household-size limit for every way in (the dialogue, a free-text question, tsa_check).
MAX_HOUSEHOLD = 30
MAX_INCOME = 100_000_000

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
    figures = gettext(
        "tsa.figures",
        lang,
        per_capita=_money(res.per_capita, lang),
        income=_money(monthly_income, lang),
        size=household_size,
        year=params.year,
        line=_money(res.poverty_line, lang),
        pm=_money(params.subsistence_minimum, lang),
    )
    verdict = gettext("tsa.below" if res.below else "tsa.above", lang)
    return "\n\n".join([figures, verdict, gettext("tsa.next", lang), gettext("tsa.caveat", lang, year=params.year)])


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
    r"\b(\d{1,2})\s+(?:нас|of\s+us|адамбыз)\b",
)
_SIZE_RE = re.compile("|".join(f"(?:{p})" for p in _SIZE_PATTERNS))
_INCOME_CUES = re.compile(
    r"доход|табыс|income|earn|зарплат|жалакы|тенге|тг\b|тенг|tenge|kzt|₸|salary|получаем|аламыз"
)
_TSA_CUES = re.compile(
    r"\bасп\b|\bаак\b|\btsa\b|адресн|атаулы|social assistance|помощ|комек|assistance|положен|пособ|"
    r"eligib|право|кукы|бедн|кедей|poverty|poor"
)


# Household sizes in words (folded): "нас трое", "двоих детей", "үшеуміз", "three of us".
_NUMBER_WORDS = {
    "один": 1, "одна": 1, "два": 2, "две": 2, "двое": 2, "двоих": 2, "три": 3, "трое": 3, "троих": 3,
    "четыре": 4, "четверо": 4, "четверых": 4, "пять": 5, "пятеро": 5, "пятерых": 5, "шесть": 6,
    "шестеро": 6, "шестерых": 6, "семь": 7, "семеро": 7, "семерых": 7, "восемь": 8,
    "бир": 1, "еки": 2, "уш": 3, "торт": 4, "бес": 5, "алты": 6, "жети": 7, "сегиз": 8,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
}
# Kazakh collective numerals with "we": "екеуміз" (the two of us) ... → "N адамбыз".
_KK_COLLECTIVE = {"екеумиз": 2, "ушеумиз": 3, "тортеумиз": 4, "бесеумиз": 5, "алтаумыз": 6, "жетеумиз": 7}
_WORD_RE = re.compile(r"[^\W\d_]+")
# "двоих детей", "3 kids", "екі балам": the children plus the parents (one when the asker says
# they are raising them alone).
_CHILDREN_RE = re.compile(
    r"\b(\d{1,2})\s+(?:дет\w*|ребен\w*|реб\w*|kids?|children|child|бала\w*|перзент\w*)"
)
_SINGLE_PARENT_RE = re.compile(r"\b(?:одна|один|сама|сам|alone|single|жалгыз\w*|вдова|вдовец|разведен\w*)\b")


def _digits_for_number_words(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        w = m.group(0)
        if w in _KK_COLLECTIVE:
            return f"{_KK_COLLECTIVE[w]} адамбыз"
        n = _NUMBER_WORDS.get(w)
        return str(n) if n is not None else w

    return _WORD_RE.sub(sub, text)


def _household_size(folded_text: str) -> int | None:
    text = _digits_for_number_words(folded_text)
    m = _SIZE_RE.search(text)
    if m is not None:
        return int(next(g for g in m.groups() if g is not None and g.isdigit()))
    c = _CHILDREN_RE.search(text)
    if c is not None:
        return int(c.group(1)) + (1 if _SINGLE_PARENT_RE.search(folded_text) else 2)
    return None


def parse_household(folded_text: str) -> tuple[int, int] | None:
    """(household size, monthly income) from a message that gives both, else None."""
    if not _INCOME_CUES.search(folded_text) or not _TSA_CUES.search(folded_text):
        return None
    size = _household_size(folded_text)
    if size is None:
        return None
    if not 1 <= size <= MAX_HOUSEHOLD:
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


def parse_number(value: str | None) -> int | None:
    """ "120 000 тг" -> 120000; None when there is no number or more than one."""
    if not value:
        return None
    groups = re.findall(r"\d[\d\s\u00a0.,]*", value.strip())
    if len(groups) != 1:
        return None
    digits = re.sub(r"[\s\u00a0]", "", groups[0]).rstrip(".,")
    if re.search(r"[.,]\d{1,2}$", digits):  # kopecks / tiyn: drop them
        digits = re.sub(r"[.,]\d{1,2}$", "", digits)
    digits = re.sub(r"\D", "", digits)
    return int(digits) if digits else None
