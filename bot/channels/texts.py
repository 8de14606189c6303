"""Words every chat channel says alike: ``chat_text(key, lang)`` formats the catalogues' ``chat.<key>``
(the TSA pre-check's questions, forget me, feedback thanks, topic headers ...). A channel's own
words are its own (``tg.*`` in channels/telegram/texts.py, ``wa.*`` in channels/whatsapp/texts.py).
"""

from __future__ import annotations

from bot.core.i18n import gettext
from bot.core.lang import DEFAULT_LANG, Lang


def chat_text(key: str, lang: Lang | None, **values: object) -> str:
    """The shared text ``chat.<key>`` in ``lang`` (Russian when unknown), formatted with ``values``."""
    return gettext(f"chat.{key}", lang or DEFAULT_LANG, **values)
