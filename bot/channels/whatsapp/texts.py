"""The WhatsApp channel's words: ``wa(key, lang)`` formats the catalogues' ``wa.<key>`` (its own
buttons, list labels and replies); ``chat_text(key, lang)`` the ``chat.<key>`` texts every channel
shares (the pre-check's questions, forget me, feedback thanks ...). The catalogues are
bot/locales (bot/core/i18n.py).

Button and row titles are short on purpose: WhatsApp allows 20 characters on a reply button and
24 on a list row (``render`` still truncates whatever comes from content).
"""

from __future__ import annotations

from bot.channels.texts import chat_text
from bot.core.i18n import gettext
from bot.core.lang import Lang

__all__ = ["chat_text", "wa"]


def wa(key: str, lang: Lang, **values: object) -> str:
    """The WhatsApp text ``wa.<key>`` in ``lang``."""
    return gettext(f"wa.{key}", lang, **values)
