"""Languages the bot speaks."""

from __future__ import annotations

from enum import StrEnum


class Lang(StrEnum):
    KK = "kk"
    RU = "ru"
    EN = "en"


LANGS: tuple[Lang, ...] = (Lang.KK, Lang.RU, Lang.EN)
DEFAULT_LANG = Lang.RU


def parse_lang(value: str | None) -> Lang | None:
    """Map a language code such as Telegram's ``language_code`` ("ru", "kk", "en-US") to a Lang."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code in ("kk", "kz", "kaz"):
        return Lang.KK
    if code in ("ru", "rus"):
        return Lang.RU
    if code in ("en", "eng"):
        return Lang.EN
    return None
