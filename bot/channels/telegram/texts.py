"""The Telegram interface's words: buttons, greetings, replies to stickers and voice, operator
messages, the command menu. The texts are ``tg.*`` keys of the catalogues (bot/locales, see
bot/core/i18n.py); content (answers, titles, sources) comes from bot/core.

``text(key, lang, **values)`` formats ``tg.<key>``; values are HTML-escaped by the caller
(render.py / handlers), never here.
"""

from __future__ import annotations

from bot.core.helplines import helpline_label
from bot.core.i18n import gettext, ngettext
from bot.core.lang import DEFAULT_LANG, Lang

# The commands of Telegram's menu, in order; each one's description is ``tg.cmd.<name>``.
COMMAND_NAMES = ("start", "topics", "check", "helplines", "lang", "privacy", "forget", "help")



def text(key: str, lang: Lang | None, **values: object) -> str:
    """The UI string ``tg.<key>`` in ``lang`` (Russian when unknown), formatted with ``values``."""
    return gettext(f"tg.{key}", lang or DEFAULT_LANG, **values)


def count(key: str, n: int, lang: Lang | None) -> str:
    """"5 записей": the plural text ``tg.<key>`` for ``n``."""
    return ngettext(f"tg.{key}", n, lang or DEFAULT_LANG)


def helplines_short(lang: Lang) -> str:
    """The short helplines line under /start and /help: 1414 and 119 with their names from the
    catalogues (119 is the Ministry of Justice's Legal Information Service, free legal advice)."""
    return f"{text('help_prefix', lang)}: " + "; ".join(helpline_label(n, lang) for n in ("1414", "119")) + "."


def lang_button(lang: Lang) -> str:
    """The button that picks ``lang``: its own name in its own language."""
    return gettext("tg.lang_button", lang)


def command_menu(lang: Lang, *, handoff: bool = False) -> list[tuple[str, str]]:
    """Telegram's command menu in ``lang``: (command, description); /lawyer only when the
    human handoff is on (OPERATORS_CHAT_ID), after /check."""
    menu = [(name, text(f"cmd.{name}", lang)) for name in COMMAND_NAMES]
    if handoff:
        menu.insert(COMMAND_NAMES.index("check") + 1, ("lawyer", text("cmd.lawyer", lang)))
    return menu
