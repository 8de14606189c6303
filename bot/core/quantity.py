"""Which kind of quantity a question asks for, and which kinds an entry's answer states.

Also whether a question asks for a figure at all ("how many pensioners", "unemployment rate
2023"): the statistics entries (topic kind ``figures``) answer those, not "domestic violence".

"How much is the carer's allowance" asks for an amount of money; "for how many months is the
job-loss payment paid" asks for a duration. An entry about the carer's allowance that says who
is eligible but gives no amount does not answer the first question, however well its words
match. The matcher turns the gap into one input of the calibrated decision (``quantity_miss``),
so the models learn how much it weighs; nothing here refuses a question by itself.

Questions are read in their folded tokens (``bot.core.analyze``: Kazakh letters folded,
transliteration already in Cyrillic); answers in their written text, all three languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum


class Quantity(StrEnum):
    MONEY = "money"  # an amount: tenge, a share, times the subsistence minimum, MCI
    DURATION = "duration"  # days, weeks, months, years, hours


# --- what a question asks ------------------------------------------------------------------

# "how much / how many" words; alone they may ask for a count ("how many pensioners").
_HOW_MANY = frozenset({"сколько", "скока", "скоко", "сколко", "скольких", "канша", "кансша", "каншалык", "неше"})
# Word beginnings that make a "how much" about money: pay, benefit, salary, tenge, cost.
_MONEY_WORDS = (
    "плат", "пособ", "выплат", "денег", "деньг", "тенге", "тнг", "стоит", "стоим", "получа", "зарплат", "зп",
    "пенсия", "пенсию", "пенсии", "стипенд", "компенс", "субсид", "алимент", "толе", "толей", "жардемак", "акша", "акы", "тенг",
    "жалак", "зейнетак", "шакак",
)
# Words that ask for an amount by themselves.
_AMOUNT_WORDS = ("размер", "сумм", "молшер", "сомас", "amount", "cost", "costs")
# Units of time after "how many / сколько / қанша".
_TIME_WORDS = (
    "дней", "дня", "день", "недел", "месяц", "лет", "год", "времен", "час", "кун", "ай", "айга", "айдан",
    "жыл", "уакыт", "апта", "сагат", "days", "day", "weeks", "week", "months", "month", "years", "year",
    "hours", "hour",
)
_TIME_EXACT = frozenset(
    {"ай", "айга", "айдан", "лет", "год", "дня", "день", "кун", "жыл", "час", "day", "days", "week", "year", "hour"}
)


def _starts(token: str, prefixes: Sequence[str]) -> bool:
    return any(token.startswith(p) for p in prefixes)


_TIME_PREFIXES = tuple(w for w in _TIME_WORDS if len(w) >= 4)


def _time_word(token: str) -> bool:
    """A unit of time: short ones ("ай", "лет") exactly, longer ones as word beginnings."""
    return token in _TIME_EXACT or (len(token) >= 4 and _starts(token, _TIME_PREFIXES))


def asked_quantities(tokens: Sequence[str]) -> frozenset[Quantity]:
    """The kinds of quantity a question asks for (empty for most questions)."""
    asked: set[Quantity] = set()
    toks = list(tokens)
    how_many = any(t in _HOW_MANY for t in toks)
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if t == "how" and nxt == "much":
            asked.add(Quantity.DURATION if i + 2 < len(toks) and toks[i + 2] == "time" else Quantity.MONEY)
        if t == "how" and nxt == "long":
            asked.add(Quantity.DURATION)
        if t == "how" and nxt == "many" and i + 2 < len(toks) and _time_word(toks[i + 2]):
            asked.add(Quantity.DURATION)
        if t.startswith("срок"):
            asked.add(Quantity.DURATION)
        if _starts(t, _AMOUNT_WORDS):
            asked.add(Quantity.MONEY)
    if how_many:
        if any(_starts(t, _MONEY_WORDS) for t in toks):
            asked.add(Quantity.MONEY)
        if any(_time_word(t) for t in toks):
            asked.add(Quantity.DURATION)
    return frozenset(asked)


# --- what an answer states -----------------------------------------------------------------

_NUM = r"\d[\d\s\u00a0\u202f.,]*"
_MONEY_UNITS = (
    r"tenge|тенге|теңге|тг|₸|%|per ?cent|percent|процент\w*|пайыз\w*|MCI|МРП|АЕК|"
    r"monthly calculation ind\w*|subsistence|прожиточн\w*|күнкөріс\w*|minimum wage|минимальн\w* заработн\w*|"
    r"ең төменгі жалақы\w*|times|раза?|есе\w*|billion|million|млрд|млн|миллиард\w*|миллион\w*"
)
_DURATION_UNITS = (
    r"(?:working |calendar )?(?:days?|weeks?|months?|years?|hours?)|"
    r"(?:рабоч\w+ |календарн\w+ )?(?:дн\w*|день|недел\w*|месяц\w*|год\w*|лет|час\w*)|"
    r"(?:жұмыс )?(?:күн\w*|апта\w*|ай\w*|жыл\w*|сағат\w*)"
)
_WORD_NUMBER = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|half|"
    r"один|одн\w+|два|две|три|четыр\w+|пять|шесть|десять|двенадцать|полу\w*|"
    r"бір|екі|үш|төрт|бес|алты|он|жарты"
)
_MONEY_RE = re.compile(rf"(?:{_NUM}|\b(?:{_WORD_NUMBER})\b)\s*(?:{_MONEY_UNITS})", re.IGNORECASE)
_DURATION_RE = re.compile(rf"(?:{_NUM}|\b(?:{_WORD_NUMBER})\b)[\s-]*(?:{_DURATION_UNITS})\b", re.IGNORECASE)


def stated_quantities(answers: Iterable[str]) -> frozenset[Quantity]:
    """The kinds of quantity an entry's answers (any language) state with a number."""
    stated: set[Quantity] = set()
    for text in answers:
        if _MONEY_RE.search(text):
            stated.add(Quantity.MONEY)
        if _DURATION_RE.search(text):
            stated.add(Quantity.DURATION)
    return frozenset(stated)


def quantity_miss(asked: frozenset[Quantity], stated: frozenset[Quantity]) -> float:
    """1.0 when the question asks for a kind of quantity the entry never states, else 0.0."""
    return 1.0 if asked - stated else 0.0


# --- does the question ask for a figure at all ---------------------------------------------

# Words that ask for a statistic: how many, number, share, rate, rank, spending, in kk/ru/en
# (folded; word beginnings of four letters or more).
_FIGURE_WORDS = frozenset(
    {
        "many", "much", "number", "numbers", "count", "share", "percent", "percentage", "rate", "rates",
        "statistics", "stats", "total", "rank", "ranking", "rankings", "rating", "place", "index", "population",
        "spending", "spent", "expenditure", "budget", "figures", "data", "trillion", "billion", "million", "gap",
        "сколько", "скока", "скоко", "сколко", "скольких", "скольким", "число", "численность", "количество",
        "доля", "процент", "уровень", "статистика", "рейтинг", "место", "индекс", "население", "расходы",
        "бюджет", "цифры", "данные", "млрд", "млн", "трлн", "объем", "разрыв", "канша", "кансша", "каншасы",
        "неше", "нешеу", "нешинши", "саны", "санын", "улеси", "пайыз", "пайызы", "денгейи", "орын",
        "орында", "халык", "статистикасы", "шыгыны", "каражат", "деректер", "айырмашылыгы", "скок", "всего",
        "охват", "growth", "reserves", "estimate", "рост", "запасы", "сумма", "сумму", "суммы", "сомасы", "сома",
    }
)
_FIGURE_PREFIXES = (
    "процент", "статист", "рейтинг", "индекс", "числен", "количеств", "percent", "statist", "канша", "неше",
)
_FIGURE_YEAR = re.compile(r"(?:19|20)\d\d")


def asks_figure(tokens: Sequence[str]) -> bool:
    """The question asks for a number: a "how many" word, a statistic's name, or a year."""
    return any(
        t in _FIGURE_WORDS or _starts(t, _FIGURE_PREFIXES) or _FIGURE_YEAR.fullmatch(t) is not None for t in tokens
    )
