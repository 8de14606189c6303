"""Strings only the WhatsApp channel needs (kk, ru, en); the shared ones come from the Telegram
texts until the interface texts move to catalogues, where these belong too.

Button and row titles are short on purpose: WhatsApp cuts reply buttons at 20 characters and
list rows at 24 (``render`` still truncates whatever comes from content).
"""

from __future__ import annotations

from bot.channels.telegram.texts import text as shared_text
from bot.core.lang import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    # Reply buttons: at most 20 characters each.
    "wa_useful": {Lang.KK: "👍 Пайдалы", Lang.RU: "👍 Полезно", Lang.EN: "👍 Helpful"},
    "wa_not_useful": {Lang.KK: "👎 Пайдасыз", Lang.RU: "👎 Не помогло", Lang.EN: "👎 Not helpful"},
    "wa_tsa_check": {Lang.KK: "АӘК тексеру", Lang.RU: "Проверить АСП", Lang.EN: "TSA pre-check"},
    "wa_topics": {Lang.KK: "Тақырыптар", Lang.RU: "Темы", Lang.EN: "Topics"},
    "wa_back_topics": {Lang.KK: "Тақырыптарға", Lang.RU: "К темам", Lang.EN: "Back to topics"},
    "wa_helplines": {Lang.KK: "Көмек телефондары", Lang.RU: "Телефоны помощи", Lang.EN: "Helplines"},
    "wa_cancel": {Lang.KK: "Болдырмау", Lang.RU: "Отмена", Lang.EN: "Cancel"},
    "wa_forget_yes": {Lang.KK: "Иә, жою", Lang.RU: "Да, удалить", Lang.EN: "Yes, delete"},
    "wa_forget_no": {Lang.KK: "Жоқ", Lang.RU: "Нет", Lang.EN: "No"},
    "wa_more": {Lang.KK: "Тағы…", Lang.RU: "Ещё…", Lang.EN: "More…"},
    # The list's button and section title.
    "wa_list_button": {Lang.KK: "Таңдау", Lang.RU: "Выбрать", Lang.EN: "Choose"},
    "wa_section": {Lang.KK: "Нұсқалар", Lang.RU: "Варианты", Lang.EN: "Options"},
    # The body of the choices when the answer itself went as text before them.
    "wa_next": {Lang.KK: "Әрі қарай не істейміз?", Lang.RU: "Что дальше?", Lang.EN: "What next?"},
    "wa_media": {
        Lang.KK: "Мен тек мәтінді оқимын. Сұрағыңызды жазып жіберіңіз.",
        Lang.RU: "Я читаю только текст. Пожалуйста, напишите вопрос.",
        Lang.EN: "I can only read text. Please type your question.",
    },
    "wa_stale": {
        Lang.KK: "Бұл батырма ескірген. Тақырыптар үшін «мәзір» деп жазыңыз.",
        Lang.RU: "Эта кнопка устарела. Напишите «меню», чтобы увидеть темы.",
        Lang.EN: "This button is out of date. Type \u201cmenu\u201d for the topics.",
    },
    "wa_menu_hint": {
        Lang.KK: "Тақырыптар үшін «мәзір» деп жазыңыз; деректеріңізді жою үшін «мені ұмыт».",
        Lang.RU: "Напишите «меню», чтобы увидеть темы; «забудь меня», чтобы удалить ваши данные.",
        Lang.EN: "Type \u201cmenu\u201d for the topics, \u201cforget me\u201d to delete your data.",
    },
}


def text(key: str, lang: Lang, **values: object) -> str:
    """A WhatsApp string, or the shared interface string ``key``."""
    own = TEXTS.get(key)
    if own is None:
        return shared_text(key, lang, **values)
    value = own.get(lang) or own[Lang.RU]
    return value.format(**values) if values else value
