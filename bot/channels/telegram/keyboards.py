"""Inline keyboards: the core's choices as buttons. Labels come from texts.py and the core's titles,
data from callbacks.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.callbacks import (
    EntryCb,
    FeedbackCb,
    ForgetCb,
    HandoffCb,
    LangCb,
    MenuCb,
    TopicCb,
    TsaCb,
)
from bot.channels.telegram.texts import lang_button, text
from bot.core.choices import PAIRS, Choice, ChoiceKind, entry_list, forget_confirm, topic_menu, tsa_step
from bot.core.lang import LANGS, Lang
from bot.core.reply import Reply, Suggestion

BUTTON_TEXT_MAX = 64  # long titles are cut so a row stays readable


def _label(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= BUTTON_TEXT_MAX else title[: BUTTON_TEXT_MAX - 1] + "…"


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_label(label), callback_data=data)


def _markup(rows: Iterable[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    rows = [r for r in rows if r]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def _choice_button(choice: Choice, lang: Lang) -> InlineKeyboardButton | None:
    """One core choice as a button with today's callback data; None for what Telegram does not page."""
    kind, value, code = choice.kind, choice.value, lang.value
    match kind:
        case ChoiceKind.ENTRY:
            return _button(choice.label or value, EntryCb(entry_id=value, lang=code).pack())
        case ChoiceKind.TOPIC:
            return _button(choice.label or value, TopicCb(topic_id=value, lang=code).pack())
        case ChoiceKind.TOPICS:
            label = "btn_topics" if value == "start" else "btn_back_topics"
            return _button(text(label, lang), MenuCb(action="topics", lang=code).pack())
        case ChoiceKind.MENU:
            return _button(text("btn_back_topics", lang), MenuCb(action="menu", lang=code).pack())
        case ChoiceKind.HELPLINES:
            return _button(text("btn_helplines", lang), MenuCb(action="help", lang=code).pack())
        case ChoiceKind.FEEDBACK_UP | ChoiceKind.FEEDBACK_DOWN:
            label = "btn_useful" if kind is ChoiceKind.FEEDBACK_UP else "btn_not_useful"
            return _button(text(label, lang), FeedbackCb(entry_id=value, up=kind is ChoiceKind.FEEDBACK_UP).pack())
        case ChoiceKind.TSA_CHECK:
            return _button(text("btn_tsa_check", lang), TsaCb(action="go").pack())
        case ChoiceKind.TSA_CANCEL:
            return _button(text("btn_cancel", lang), TsaCb(action="no").pack())
        case ChoiceKind.FORGET_YES | ChoiceKind.FORGET_NO:
            label = "btn_forget_yes" if kind is ChoiceKind.FORGET_YES else "btn_forget_no"
            return _button(text(label, lang), ForgetCb(confirm=kind is ChoiceKind.FORGET_YES).pack())
        case ChoiceKind.LAWYER:
            return _button(text("btn_lawyer", lang), HandoffCb(action="ask", case=0).pack())
        case _:  # MORE: an inline keyboard has room for every choice, nothing to page
            return None


def choices_markup(choices: Sequence[Choice], lang: Lang, *, handoff: bool = False) -> InlineKeyboardMarkup | None:
    """One row per choice; the core's pairs (useful / not useful, yes / no) share a row. The
    lawyer choice only with a handoff desk (OPERATORS_CHAT_ID)."""
    rows: list[list[InlineKeyboardButton]] = []
    previous: Choice | None = None
    for choice in choices:
        if choice.kind is ChoiceKind.LAWYER and not handoff:
            continue
        button = _choice_button(choice, lang)
        if button is None:
            continue
        if previous is not None and rows and frozenset({previous.kind, choice.kind}) in PAIRS:
            rows[-1].append(button)
            previous = None
        else:
            rows.append([button])
            previous = choice
    return _markup(rows)


def reply_keyboard(reply: Reply, lang: Lang, *, handoff: bool = False) -> InlineKeyboardMarkup | None:
    return choices_markup(reply.choices, lang, handoff=handoff)


def topics_keyboard(topics: Sequence[tuple[str, str]], lang: Lang) -> InlineKeyboardMarkup | None:
    return choices_markup(topic_menu(topics), lang)


def entries_keyboard(entries: Sequence[Suggestion], lang: Lang) -> InlineKeyboardMarkup | None:
    # "menu": back to the topics menu in place (this list is a menu, not a reply).
    return choices_markup(entry_list([(s.entry_id, s.title) for s in entries]), lang)


def start_keyboard(topics: Sequence[tuple[str, str]], lang: Lang) -> InlineKeyboardMarkup | None:
    """The topic menu plus a row to switch language."""
    markup = topics_keyboard(topics, lang)
    rows = list(markup.inline_keyboard) if markup else []
    rows.append(lang_row(current=lang))
    return _markup(rows)


def lang_row(current: Lang | None = None) -> list[InlineKeyboardButton]:
    return [
        _button(("• " if lang is current else "") + lang_button(lang), LangCb(lang=lang.value).pack())
        for lang in LANGS
    ]


def lang_keyboard(current: Lang | None = None) -> InlineKeyboardMarkup | None:
    return _markup([lang_row(current)])


def forget_keyboard(lang: Lang) -> InlineKeyboardMarkup | None:
    return choices_markup(forget_confirm(), lang)


def cancel_keyboard(lang: Lang) -> InlineKeyboardMarkup | None:
    return choices_markup(tsa_step(), lang)

