"""Names of the short numbers, per language, for the helplines line and the directory."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.lang import Lang

HELPLINE_NAMES: dict[str, dict[Lang, str]] = {
    "1414": {
        Lang.KK: "мемлекеттік бірыңғай байланыс орталығы",
        Lang.RU: "единый контакт-центр по госуслугам",
        Lang.EN: "government contact centre",
    },
    "119": {
        Lang.KK: "құқықтық ақпарат қызметі, тегін заң кеңесі",
        Lang.RU: "служба правовой информации, бесплатная консультация юриста",
        Lang.EN: "legal information service, free legal advice",
    },
    "150": {
        Lang.KK: "балалар мен ересектерге арналған сенім телефоны",
        Lang.RU: "телефон доверия для детей и взрослых",
        Lang.EN: "helpline for children and adults",
    },
    "111": {
        Lang.KK: "отбасы, әйелдер және балалар құқықтары жөніндегі байланыс орталығы",
        Lang.RU: "контакт-центр по вопросам семьи, женщин и защиты прав детей",
        Lang.EN: "contact centre for family, women's and children's rights",
    },
    "1424": {
        Lang.KK: "сыбайлас жемқорлық туралы хабарлау",
        Lang.RU: "сообщить о коррупции",
        Lang.EN: "report corruption",
    },
    "112": {Lang.KK: "бірыңғай шұғыл нөмір", Lang.RU: "единый экстренный номер", Lang.EN: "emergency number"},
    "102": {Lang.KK: "полиция", Lang.RU: "полиция", Lang.EN: "police"},
    "103": {Lang.KK: "жедел жәрдем", Lang.RU: "скорая помощь", Lang.EN: "ambulance"},
    "101": {Lang.KK: "өрт қызметі", Lang.RU: "пожарные", Lang.EN: "fire service"},
}

DIRECTORY_ORDER = ("1414", "119", "150", "111", "1424", "112", "102", "103", "101")


def helpline_label(number: str, lang: Lang) -> str:
    name = HELPLINE_NAMES.get(number, {}).get(lang)
    return f"{number} — {name}" if name else number


def helplines_line(numbers: Iterable[str], lang: Lang) -> str | None:
    """"☎ 1414 — ...; 119 — ..." for the entry's numbers (None when it has none)."""
    nums = list(dict.fromkeys(numbers))
    if not nums:
        return None
    return "☎ " + "; ".join(helpline_label(n, lang) for n in nums)


def directory_lines(lang: Lang) -> list[str]:
    return [f"☎ {helpline_label(n, lang)}" for n in DIRECTORY_ORDER]
