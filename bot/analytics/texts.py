"""The report's words in Kazakh, Russian and English (``stats --lang``; the sandbox's panel).

Every label the terminal summary, the HTML page and the charts show is a ``report.*`` key of the
catalogues (bot/locales, see bot/core/i18n.py), so a report in one language has no words of
another (question wordings aside: they are quoted).
"""

from __future__ import annotations

from bot.core.i18n import default_catalogs, gettext, ngettext
from bot.core.lang import Lang

REPORT_LANGS = ("kk", "ru", "en")
DEFAULT_REPORT_LANG = "en"


def report_lang(lang: str | None) -> str:
    return lang if lang in REPORT_LANGS else DEFAULT_REPORT_LANG


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """The text ``report.<key>`` in ``lang`` (kk, ru or en; anything else reads as English)."""
    return gettext(f"report.{key}", Lang(report_lang(lang)), **fmt)


def tn(key: str, n: int, lang: str | None = None, **fmt: object) -> str:
    """The plural text ``report.<key>`` for ``n`` in ``lang`` ("1 rating", "5 ratings")."""
    return ngettext(f"report.{key}", n, Lang(report_lang(lang)), **fmt)


def _has(key: str) -> bool:
    return f"report.{key}" in default_catalogs().keys(Lang(DEFAULT_REPORT_LANG))


def kind_name(kind: str, lang: str | None) -> str:
    return t(f"kind_{kind}", lang) if _has(f"kind_{kind}") else kind


def lang_name(code: str, lang: str | None) -> str:
    return t(f"lang_{code}", lang) if _has(f"lang_{code}") else code
