"""The helplines line and the directory. The numbers' names are in the catalogues
(``helpline.<number>`` in bot/locales), the one source of helpline names for the whole bot."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.i18n import default_catalogs
from bot.core.lang import Lang

DIRECTORY_ORDER = ("1414", "119", "150", "111", "1424", "112", "102", "103", "101")


def helpline_name(number: str, lang: Lang) -> str | None:
    """The catalogues' name of ``number`` in ``lang``; None for a number without one."""
    return default_catalogs().get(f"helpline.{number}", lang)


def helpline_label(number: str, lang: Lang) -> str:
    name = helpline_name(number, lang)
    return f"{number} — {name}" if name else number


def helplines_line(numbers: Iterable[str], lang: Lang) -> str | None:
    """"☎ 1414 — ...; 119 — ..." for the entry's numbers (None when it has none)."""
    nums = list(dict.fromkeys(numbers))
    if not nums:
        return None
    return "☎ " + "; ".join(helpline_label(n, lang) for n in nums)


def directory_lines(lang: Lang) -> list[str]:
    return [f"☎ {helpline_label(n, lang)}" for n in DIRECTORY_ORDER]
