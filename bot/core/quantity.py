"""Which kind of quantity a question asks for, and which kinds an entry's answer states.

Also whether a question asks for a figure at all ("how many pensioners", "unemployment rate
2023"): the statistics entries (topic kind ``figures``) answer those, not "domestic violence".

"How much is the carer's allowance" asks for an amount of money; "for how many months is the
job-loss payment paid" asks for a duration; "what per cent" a share, "how much was spent" a
total; "which documents" the papers to bring. An entry about the carer's allowance that says who
is eligible but gives no amount does not answer the first question, however well its words
match: a near miss on the entry's subject. The matcher turns the gap into one input of the
calibrated decision (``quantity_miss``), and ``bot.core.decide`` only offers such an entry
(did-you-mean, saying no verified figure is at hand), never answers with it.

Questions are read in their folded tokens (``bot.core.analyze``: Kazakh letters folded,
transliteration already in Cyrillic); answers in their written text, all three languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from itertools import pairwise

from bot.core.normalize import fold_kk, sentences, words


class Quantity(StrEnum):
    MONEY = "money"  # an amount: tenge, a per cent of income, times the subsistence minimum, MCI
    DURATION = "duration"  # days, weeks, months, years, hours
    SHARE = "share"  # a per cent of something: "what per cent of the subsistence minimum"
    TOTAL = "total"  # a sum in millions or billions: a budget, a fund's assets, spending
    DOCUMENTS = "documents"  # which papers to bring: "какие документы нужны"
    AGE = "age"  # from what age: "с какого возраста можно работать", "қанша жастан"
    SCORE = "score"  # a test score: "проходной балл ЕНТ", "UNT score needed"
    TENGE = "tenge"  # an amount asked in tenge: "the subsistence minimum in tenge"


# --- what a question asks ------------------------------------------------------------------

# "how much / how many" words; alone they may ask for a count ("how many pensioners").
_HOW_MANY = frozenset({"сколько", "скока", "скоко", "сколко", "скольких", "канша", "кансша", "каншалык", "неше"})
# Word beginnings that make a "how much" about money: pay, benefit, salary, tenge, cost.
_MONEY_WORDS = (
    "плат", "пособ", "выплат", "денег", "деньг", "тенге", "тнг", "стоит", "стоим", "получа", "зарплат", "зп",
    "пенсия", "пенсию", "пенсии", "стипенд", "компенс", "субсид", "алимент", "толе", "толей", "жардемак", "акша", "акы", "тенг",
    "жалак", "зейнетак", "шакак", "взнос", "жарна",
)
# Words that ask for a price by themselves.
_PRICE_WORDS = frozenset(
    {"цена", "цену", "цены", "стоимость", "стоимости", "багасы", "багасын", "price", "prices", "fee", "fees"}
)
# Verbs of a rise (folded word beginnings): "how much did it rise" asks by how much (a share).
_CHANGE_WORDS = (
    "rise", "rose", "risen", "increas", "raise", "повыси", "повыш", "вырос", "выраст", "увелич", "проиндекс",
    "индексир", "подня", "ости", "оскен", "арттыр", "котер", "кобей",
)
# "What per cent": a share, stated by any per cent ("70 % of the subsistence minimum").
_SHARE_WORDS = ("пайыз", "процент", "percent")
# Words that ask for an amount by themselves ("cost" alone is no question: "clubs cost too much";
# "how much does it cost" is asked by "how much").
_AMOUNT_WORDS = ("размер", "сумм", "молшер", "сомас", "amount", "threshold", "порог")
# "the whole amount", "всю сумму" name a sum without asking for it.
_WHOLE = frozenset({"whole", "full", "entire", "всю", "вся", "всей", "полную", "полная", "толык", "букил"})
# Words that make a "how much" ask for a total (a budget, spending) rather than what one person
# is paid: a citizen entry's "569 billion tenge was allocated" answers only those.
_TOTAL_WORDS = (
    "бюджет", "выдел", "потрач", "расход", "затрат", "всего", "актив", "каражат", "болинд", "жумса", "шыгын",
    "барлыгы", "budget", "allocat", "spent", "spend", "expenditure", "total", "assets", "fund", "billion",
    "million", "trillion", "млрд", "млн", "трлн", "миллиард", "миллион", "триллион",
)
# A test score ("проходной балл", "ҰБТ ұпайы", "UNT score"): only an entry stating one answers.
_SCORE_WORDS = ("балл", "упай", "score", "points")
# "Неше бал керек": the Kazakh spelling with one "л", as whole words ("бала" is a child).
_SCORE_TOKENS = frozenset({"бал", "балы", "балын", "балга"})
_STATED_SCORE_RE = re.compile(r"\d+\s*(?:балл\w*|ұпай\w*|points?\b)", re.IGNORECASE)
# "Which documents": answered only by an entry that names the papers.
_DOCUMENT_WORDS = ("документ", "кужат", "document", "paperwork")
# Word beginnings: "освидетельствование" (a medical assessment) names no certificate.
_STATED_DOCUMENTS_RE = re.compile(
    r"\b(?:документ|құжат|document|справк|анықтама|certificate|свидетельств|куәлі)", re.IGNORECASE
)
# "60 мың теңге" states an amount; "қанша теңге" asks for one.
_NUMBER_WORDS = frozenset(
    {"мын", "мың", "тыс", "тысяч", "тысячи", "thousand", "k", "млн", "млрд", "million", "billion", "миллион", "миллиард"}
)
# The currency named in a question ("в тенге", "қанша теңге", "in tenge").
_CURRENCY = frozenset({"тенге", "тенгe", "тг", "tenge", "kzt", "₸"})
# "Сколько действует / длится / ждать": for how long, without a unit of time.
_LASTS_WORDS = ("действ", "длит", "продолжит", "ждат", "ожида")
# An age is asked, not a duration or an amount: "во сколько лет на пенсию", "қанша жаста",
# "at what age", "how old". Entries state ages with the same words ("at 63 years"). An age that
# is a condition ("бір жарым жасқа толғанша", "until the child is 18") asks nothing.
_BEFORE_HOW_MANY_AGE = frozenset({"во", "в", "со", "до"})
_KK_AGE = frozenset({"жаста", "жасында", "жаска", "жасқа", "жастан"})
_WHICH_AGE = frozenset({"каком", "какого", "какой", "what"})
_AGE_AT_ALL = frozenset({"нешеден", "нешеде"})
# "Зейнет жасы әйелдерге неше", "пенсионный возраст у женщин сколько": the age named a few words
# before "how many" is what is asked.
_AGE_NOUNS = frozenset({"жасы", "жас", "возраст"})
_AGE_NOUN_REACH = 3
# "... неше / қанша қазір", "сколько сейчас": a closing "now" leaves the "how many" closing.
_CLOSING_NOW = frozenset({"казир", "казирги", "сейчас", "щас", "теперь", "now", "currently", "nowadays", "today"})
# "күн көріс" (subsistence) read word by word has a "day" in it.
_NOT_TIME_BEFORE = frozenset({"корис", "көріс"})
# Units of time after "how many / сколько / қанша".
_TIME_WORDS = (
    "дней", "дня", "день", "недел", "месяц", "лет", "год", "времен", "час", "кун", "ай", "айга", "айдан",
    "жыл", "уакыт", "апта", "сагат", "days", "day", "weeks", "week", "months", "month", "years", "year",
    "hours", "hour",
)
_TIME_EXACT = frozenset(
    {
        "ай", "айга", "айдан", "лет", "год", "дня", "день", "кун", "кунге", "куннен", "жыл", "жылга", "жылдан",
        "жылда", "час", "day", "days", "week", "year", "hour",
    }
)
# "Қанша тұрады": how much does it cost ("қанша адам тұрады" is how many people live there).
_COSTS = "турад"
_MINIMUM_WORDS = ("minim", "минимал", "томенг")
_DUE_WORDS = ("положен", "тиеси")
_FINE_WORDS = frozenset({"штраф", "штрафа", "штрафы", "штрафов", "айыппул", "айыппулы", "айыппулын", "penalty"})
_WHICH_FINE = frozenset({"what", "whats", "what's", "какой", "какая", "каков", "кандай"})


_FIGURE_YEAR = re.compile(r"(?:19|20)\d\d")


def _starts(token: str, prefixes: Sequence[str]) -> bool:
    return any(token.startswith(p) for p in prefixes)


_TIME_PREFIXES = tuple(w for w in _TIME_WORDS if len(w) >= 4)


# "Временный приют", "уақытша баспана" (a temporary shelter): the adjective of "time" names
# no period.
_TEMPORARY = ("временн", "уакытша")


def _time_word(token: str, following: str = "") -> bool:
    """A unit of time: short ones ("ай", "лет") exactly, longer ones as word beginnings."""
    if following in _NOT_TIME_BEFORE or token.startswith(_TEMPORARY):
        return False
    return token in _TIME_EXACT or (len(token) >= 4 and _starts(token, _TIME_PREFIXES))


# Numbers in words, folded ("төрт" is "торт"), that name a period: "in the last four years".
_NUMBER_NAMES = frozenset(
    {
        "бир", "еки", "уш", "торт", "бес", "алты", "жети", "сегиз", "тогыз", "он", "один", "два", "две", "три",
        "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять", "one", "two", "three", "four", "five",
        "six", "seven", "eight", "nine", "ten", "last", "past", "последние", "последних", "сонгы",
    }
)


def _names_number(token: str) -> bool:
    return token.isdigit() or token in _NUMBER_NAMES


# "How many" before people counts them ("сколько получателей", "со скольких детей"), whatever
# money or age word follows.
_PEOPLE_WORDS = (
    "человек", "люд", "получател", "граждан", "семе", "семь", "дет", "ребен", "пенсионер", "адам", "азамат",
    "отбасы", "бала", "алушы", "зейнеткер", "people", "recipient", "person", "famil", "child", "pensioner",
)


def _counts_people(toks: Sequence[str], i: int) -> bool:
    """The "how many" word at ``i`` is followed by people ("сколько получателей"); not when a
    verb comes between ("сколько платят детям" asks an amount)."""
    return i + 1 < len(toks) and _starts(toks[i + 1], _PEOPLE_WORDS)


_KK_TERM = frozenset({"мерзими", "мерзимде"})


def _in_how_many_places(prev: str, how_many: str, nxt: str) -> bool:
    """"В скольких школах" (in how many schools) counts places; "во скольких лет" would be an
    age, so a unit of time after it keeps the age reading."""
    return prev in ("в", "во") and how_many == "скольких" and not _time_word(nxt)


def _asks_age(toks: Sequence[str]) -> bool:
    # "Раз в сколько лет" (once in how many years) asks how often, not how old.
    return any(
        (
            prev in _BEFORE_HOW_MANY_AGE
            and t in (*_HOW_MANY, "скольки")
            and not _counts_people(toks, i)
            and (i < 2 or toks[i - 2] != "раз")
            and not _in_how_many_places(prev, t, toks[i + 1] if i + 1 < len(toks) else "")
        )
        or (prev in _HOW_MANY and t in _KK_AGE)
        or (prev in _WHICH_AGE and (t.startswith("возраст") or t == "age"))
        or (prev == "how" and t == "old")
        or t in _AGE_AT_ALL
        for i, (prev, t) in enumerate(pairwise(["", *toks]))
    ) or _closing_how_many_after_age(toks)


def _closing_how_many_after_age(toks: Sequence[str]) -> bool:
    end = len(toks)
    while end and toks[end - 1] in _CLOSING_NOW:
        end -= 1
    return bool(end) and toks[end - 1] in _HOW_MANY and any(
        u in _AGE_NOUNS for u in toks[max(0, end - 1 - _AGE_NOUN_REACH) : end - 1]
    )


def asked_quantities(tokens: Sequence[str]) -> frozenset[Quantity]:
    """The kinds of quantity a question asks for (empty for most questions)."""
    asked: set[Quantity] = set()
    toks = list(tokens)
    # "Во сколько лет": the "how many" asks for an age; "how much is the pension" still asks.
    age = _asks_age(toks)
    if age:
        asked.add(Quantity.AGE)
    how_many = not age and any(t in _HOW_MANY and not _counts_people(toks, i) for i, t in enumerate(toks))
    in_tenge = lasts = False
    for i, t in enumerate(toks):
        prev, nxt = toks[i - 1] if i else "", toks[i + 1] if i + 1 < len(toks) else ""
        if t == "how" and nxt == "much":
            asked.add(Quantity.DURATION if i + 2 < len(toks) and toks[i + 2] == "time" else Quantity.MONEY)
        if t == "how" and nxt == "long":
            asked.add(Quantity.DURATION)
        # "How many years", "how many more years", "how many working days".
        if t == "how" and nxt == "many" and any(_time_word(u) for u in toks[i + 2 : i + 4]):
            asked.add(Quantity.DURATION)
        if prev in _HOW_MANY and t.startswith(_COSTS):
            asked.add(Quantity.MONEY)
        # "Срок", "deadline", "мерзімі" (its term): a time limit is asked. "Мерзімінен бұрын"
        # (ahead of its term, early) asks none.
        if t.startswith(("срок", "deadline")) or t in _KK_TERM:
            asked.add(Quantity.DURATION)
        if (_starts(t, _AMOUNT_WORDS) and prev not in _WHOLE) or t in _PRICE_WORDS:
            asked.add(Quantity.MONEY)
        # The fine asked: "штраф за ...", "какой штраф", "айыппұл қанша", "what's the fine for".
        # A fine only named ("a crime now, not just a fine", "is it fine if") asks nothing.
        if (t in _FINE_WORDS or t in ("fine", "fines")) and (
            prev in _WHICH_FINE or nxt in ("за", "for") or any(u in _HOW_MANY for u in toks)
        ):
            asked.add(Quantity.MONEY)
        # "The minimum pension", "ең төменгі жалақы": a minimum payment is an amount.
        if _starts(prev, _MINIMUM_WORDS) and payments_named([t]):
            asked.add(Quantity.MONEY)
        # "How much in tenge", "what is the subsistence minimum in tenge": an amount in tenge,
        # which a share or "1.61 times the subsistence minimum" does not state. "70 000 тенге"
        # names one.
        if t in _CURRENCY and not prev.isdigit() and prev not in _NUMBER_WORDS:
            in_tenge = True
        # A unit of time after "сколько" asks how long; "за 2023 год" and "соңғы төрт жылда"
        # name the period counted over.
        if (_time_word(t, nxt) and not _FIGURE_YEAR.fullmatch(prev) and not _names_number(prev)) or _starts(
            t, _LASTS_WORDS
        ):
            lasts = True
    # "What per cent", "сколько процентов", and a per cent named without its number ("пенсионные
    # взносы процент от зарплаты"): a share is asked. "На 8 процентов" states one.
    share_named = any(
        _starts(t, _SHARE_WORDS) and not (i and (toks[i - 1].isdigit() or toks[i - 1] in _NUMBER_WORDS))
        for i, t in enumerate(toks)
    )
    # "How much did family benefits go up", "на сколько повысили пенсию": the size of a change,
    # which a per cent states ("rose by 8.5 %"), not an amount.
    priced = any(t in _PRICE_WORDS or t.startswith(("cost", "стои", _COSTS)) for t in toks)
    pairs = list(zip(toks, [*toks[1:], ""] if toks else [], strict=True))
    rises = [_starts(t, _CHANGE_WORDS) or (t == "go" and nxt == "up") for t, nxt in pairs]
    # "By how much": "how much", "на сколько", "насколько", "қаншаға", or "how many" right before
    # the verb ("қанша көтерілді"); "у скольких работников выросли доходы" counts people.
    by_how_much = any(
        (t == "how" and nxt == "much")
        or (t == "на" and nxt in _HOW_MANY)
        or t in ("насколько", "каншага", "каншалык")
        or (t in _HOW_MANY and i + 1 < len(rises) and rises[i + 1])
        for i, (t, nxt) in enumerate(pairs)
    )
    change = by_how_much and not priced and any(rises)
    if change or (any(_starts(t, _SHARE_WORDS) for t in toks) and (how_many or "what" in toks or share_named)):
        asked.discard(Quantity.MONEY)
        asked.add(Quantity.SHARE)
    elif how_many and any(_starts(t, _MONEY_WORDS) for t in toks):
        asked.add(Quantity.MONEY)
    elif how_many and not lasts and any(_starts(t, _DUE_WORDS) for t in toks):
        # "Сколько положено по потере кормильца": what is due is an amount, unless a unit of
        # time says it is a period ("сколько дней отпуска положено").
        asked.add(Quantity.MONEY)
    if in_tenge:
        asked |= {Quantity.MONEY, Quantity.TENGE}
    if Quantity.MONEY in asked and any(_starts(t, _TOTAL_WORDS) for t in toks):
        asked.discard(Quantity.MONEY)
        asked.add(Quantity.TOTAL)
    if how_many and lasts:
        asked.add(Quantity.DURATION)
    if any(_starts(t, _SCORE_WORDS) or t in _SCORE_TOKENS for t in toks):
        asked.add(Quantity.SCORE)
    if any(_starts(t, _DOCUMENT_WORDS) for t in toks):
        asked.add(Quantity.DOCUMENTS)
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
    r"(?:жұмыс )?(?:күн(?:і|ге|нен|ін|дік)?|апта\w*|ай(?:ға|дан|ы|ын|лық)?|жыл\w*|сағат\w*)"
)
_WORD_NUMBER = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|half|"
    r"один|одн\w+|два|две|три|четыр\w+|пять|шесть|десять|двенадцать|полу\w*|"
    r"бір|екі|үш|төрт|бес|алты|он|жарты"
)
_MONEY_RE = re.compile(rf"(?:{_NUM}|\b(?:{_WORD_NUMBER})\b)\s*(?:{_MONEY_UNITS})", re.IGNORECASE)
# An amount in tenge: "85 000 тенге", "42 500 теңге", "70,000 tenge" (millions and billions too:
# a statistics entry's totals are in tenge).
_TENGE_RE = re.compile(rf"{_NUM}\s*(?:(?:million|billion|trillion|млн|млрд|трлн)\w*\s*)?(?:tenge|тенге|теңге|тг\b|₸)", re.IGNORECASE)
_HALVES_RE = re.compile(r"\b(\d+)\s*/\s*\1\b")  # "50/50": the State pays half
# A count of people is no amount: "1.4 million people", "94 % of the population".
_LARGE = re.compile(r"billion|million|млрд|млн|миллиард|миллион", re.IGNORECASE)
_SHARE_UNITS = r"%|per ?cent|percent|процент|пайыз"
_SHARE = re.compile(_SHARE_UNITS, re.IGNORECASE)
_STATED_SHARE_RE = re.compile(rf"{_NUM}\s*(?:{_SHARE_UNITS})", re.IGNORECASE)
_PEOPLE_AFTER = re.compile(
    r"[\s\u00a0]*(?:people|persons|citizens|families|children|women|men|recipients|households|pensioners|"
    r"человек|граждан|семей|семьи|детей|женщин|получател|пенсионер|"
    r"адам|азамат|отбасы|бала|әйел|алушы|зейнеткер)",
    re.IGNORECASE,
)
_OF_PEOPLE_AFTER = re.compile(
    r"[\s\u00a0]*(?:-?\w{0,3}\s+)?(?:of (?:the )?(?:population|people|children|families|citizens|women|recipients)|"
    r"населени|граждан|халық|халы)",
    re.IGNORECASE,
)

# Kazakh names the whole first: "халықтың кемінде 94 %-ы".
_PEOPLE_BEFORE = re.compile(
    r"(?:халық|халқ|тұрғын|азамат|адамдар|балалар|әйелдер)\w*\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)


# A per cent by which something changed is no amount: "rose by 8.5 %", "выросли на 8,5 %",
# "8,5 %-ға өсті".
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:rose|risen|raised|increased|grew|grown|indexed|up|cut|reduced|fell)\s+by|"
    r"(?:вырос|вырастут|увелич|повыш|повыс|проиндекс|сниж|сократ|упал)\w*\s+на)\s*$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(r"-?(?:ға|ге|қа|ке)\s+(?:\w+\s+)?(?:өс|арт|көбей|ұлғай|индекс|төменде|азай|қысқар)", re.IGNORECASE)


def _amount_kind(text: str, match: re.Match[str]) -> Quantity | None:
    """A number with a money unit is an amount, or a total when in millions or billions; neither
    when it counts people ("1.4 million people", "94 % of the population") or is a change
    ("rose by 8.5 %")."""
    unit, tail = match.group(0), text[match.end() : match.end() + 40]
    head = text[max(0, match.start() - 40) : match.start()]
    if _LARGE.search(unit):
        return None if _PEOPLE_AFTER.match(tail) else Quantity.TOTAL
    if _SHARE.search(unit) and (
        _OF_PEOPLE_AFTER.match(tail) or _PEOPLE_BEFORE.search(head) or _CHANGE_BEFORE.search(head)
        or _CHANGE_AFTER.match(tail)
    ):
        return None
    return Quantity.MONEY


_DURATION_RE = re.compile(rf"(?:{_NUM}|\b(?:{_WORD_NUMBER})\b)[\s-]*(?:{_DURATION_UNITS})\b", re.IGNORECASE)
# An age: "с 16 лет", "63 жаста", "at 63", "from the age of 16", "18-year-olds", "under 18".
_AGE_RE = re.compile(
    r"\b\d{1,3}\s*(?:-\s*)?(?:лет|года\b|жас\w*|жылдан|years? old|-?year-olds?)|"
    r"(?:age of|aged|under|over)\s+\d{1,2}\b(?![.,]?\d|\s*(?:%|per|tenge|days|months|hours|years?\b(?! old)))|"
    r"(?:возраст\w*|достижени\w+|старше|младше|моложе)\s+\d{1,2}\b",
    re.IGNORECASE,
)
# "2023 года", "2023 жылы" date a fact; they state no duration.
_YEAR_BEFORE_UNIT = re.compile(r"(?<!\d)(?:19|20)\d\d[\s-]*\D*$")


def _is_duration(match: re.Match[str]) -> bool:
    return _YEAR_BEFORE_UNIT.search(match.group(0)) is None


def stated_quantities(answers: Iterable[str]) -> frozenset[Quantity]:
    """The kinds of quantity an entry's answers (any language) state with a number."""
    stated: set[Quantity] = set()
    for text in answers:
        if _HALVES_RE.search(text):
            stated.add(Quantity.MONEY)
        stated.update(k for m in _MONEY_RE.finditer(text) if (k := _amount_kind(text, m)) is not None)
        if _STATED_SHARE_RE.search(text):
            stated.add(Quantity.SHARE)
        if _TENGE_RE.search(text):
            stated.add(Quantity.TENGE)
        if _STATED_SCORE_RE.search(text):
            stated.add(Quantity.SCORE)
        if _AGE_RE.search(text):
            stated.add(Quantity.AGE)
        if _STATED_DOCUMENTS_RE.search(text):
            stated.add(Quantity.DOCUMENTS)
        if any(_is_duration(m) for m in _DURATION_RE.finditer(text)):
            stated.add(Quantity.DURATION)
    return frozenset(stated)


# --- which payment an amount is of -----------------------------------------------------------

class Payment(StrEnum):
    """Kinds of money a citizen asks the amount of, told apart by name: an entry stating the
    minimum wage does not answer "the minimum pension amount"."""

    PENSION = "pension"
    WAGE = "wage"
    SCHOLARSHIP = "scholarship"
    ALIMONY = "alimony"


# Word beginnings, folded (Kazakh letters folded, lower case). "Пенсионер" is a person, not money.
_PAYMENT_WORDS: dict[Payment, tuple[str, ...]] = {
    Payment.PENSION: ("пенси", "зейнетак", "pension"),
    Payment.WAGE: ("зарплат", "заработн", "жалак", "wage", "salar", "мзп"),
    Payment.SCHOLARSHIP: ("стипенд", "шакиртак", "scholarship", "stipend"),
    Payment.ALIMONY: ("алимент", "alimony"),
}
_NOT_PAYMENT = ("пенсионер", "pensioner")


def payments_named(words: Iterable[str]) -> frozenset[Payment]:
    """The kinds of payment the (folded, lower-case) words name."""
    named: set[Payment] = set()
    for w in words:
        if not w.startswith(_NOT_PAYMENT):
            named.update(p for p, prefixes in _PAYMENT_WORDS.items() if w.startswith(prefixes))
    return frozenset(named)


def stated_payments(answers: Iterable[str]) -> frozenset[Payment]:
    """The kinds of payment named in the answers' sentences that state an amount."""
    stated: set[Payment] = set()
    for text in answers:
        for sentence in sentences(text):
            amount = _TENGE_RE.search(sentence) or any(
                _amount_kind(sentence, m) is Quantity.MONEY for m in _MONEY_RE.finditer(sentence)
            )
            if amount:
                stated |= payments_named(words(fold_kk(sentence.lower())))
    return frozenset(stated)


def answered_quantities(stated: frozenset[Quantity], *, statistics: bool) -> frozenset[Quantity]:
    """The kinds of quantity an entry answers: those it states; an amount also answers a
    question about a total; a statistics entry's totals are its answer to "how much"."""
    answered = set(stated)
    if Quantity.MONEY in stated:
        answered.add(Quantity.TOTAL)
    if statistics and Quantity.TOTAL in stated:
        answered.add(Quantity.MONEY)
    return frozenset(answered)


def quantity_miss(
    asked: frozenset[Quantity],
    answered: frozenset[Quantity],
    asked_payments: frozenset[Payment] = frozenset(),
    stated: frozenset[Payment] = frozenset(),
) -> float:
    """1.0 when the question asks for a kind of quantity the entry does not answer, or for the
    amount of a payment the entry's amounts are not of ("the minimum pension" against the
    minimum wage's figures; "минималка пенсии", where the slang also reads as the minimum
    wage), else 0.0."""
    if asked - answered:
        return 1.0
    other_payment = Quantity.MONEY in asked and stated and asked_payments - stated
    return 1.0 if other_payment else 0.0


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
        "алшактык", "алшактыгы",
    }
)
_FIGURE_PREFIXES = (
    "процент", "статист", "рейтинг", "индекс", "числен", "количеств", "percent", "statist", "канша", "неше",
)


# "Number" beside these is a phone number ("free legal advice by phone, number"), no statistic.
_PHONE_WORDS = ("phone", "telephon", "call", "helpline", "hotline", "dial")


def asks_figure(tokens: Sequence[str]) -> bool:
    """The question asks for a number: a "how many" word, a statistic's name, or a year."""
    toks = list(tokens)
    phone = any(_starts(t, _PHONE_WORDS) for t in toks)

    def phone_number(i: int) -> bool:  # "the number to call", not "the number of calls"
        return phone and toks[i] in ("number", "numbers") and toks[i + 1 : i + 2] != ["of"]

    return any(
        (t in _FIGURE_WORDS and not phone_number(i))
        or _starts(t, _FIGURE_PREFIXES)
        or _FIGURE_YEAR.fullmatch(t) is not None
        for i, t in enumerate(toks)
    )
