"""Inline keyboards. Labels come from texts.py and the core's titles, data from callbacks.py."""

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
from bot.core.lang import LANGS, Lang
from bot.core.reply import Reply, ReplyKind, Suggestion

BUTTON_TEXT_MAX = 64  # long titles are cut so a row stays readable


def _label(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= BUTTON_TEXT_MAX else title[: BUTTON_TEXT_MAX - 1] + "…"


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_label(label), callback_data=data)


def _markup(rows: Iterable[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    rows = [r for r in rows if r]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def is_tsa_entry(reply: Reply) -> bool:
    """Entries about targeted social assistance (ASP / AӘK) offer the eligibility pre-check."""
    if reply.extra.get("tsa_check") or reply.extra.get("action") == "tsa_check":
        return True
    return reply.entry_id is not None and "tsa" in reply.entry_id.split("-")


def reply_keyboard(reply: Reply, lang: Lang) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []
    if reply.kind is ReplyKind.ANSWER and reply.entry_id:
        rows.append(
            [
                _button(text("btn_useful", lang), FeedbackCb(entry_id=reply.entry_id, up=True).pack()),
                _button(text("btn_not_useful", lang), FeedbackCb(entry_id=reply.entry_id, up=False).pack()),
            ]
        )
        if is_tsa_entry(reply):
            rows.append([_button(text("btn_tsa_check", lang), TsaCb(action="go").pack())])
        # The other questions of a multi-question message first, then the entry's related ones.
        seen = {reply.entry_id}
        for s in (*reply.suggestions, *reply.related):
            if s.entry_id not in seen and len(seen) <= 5:
                seen.add(s.entry_id)
                rows.append([_button(s.title, EntryCb(entry_id=s.entry_id, lang=lang.value).pack())])
    elif reply.suggestions:
        rows += [[_button(s.title, EntryCb(entry_id=s.entry_id, lang=lang.value).pack())] for s in reply.suggestions[:5]]
    if reply.kind is ReplyKind.CRISIS:
        rows.append([_button(text("btn_helplines", lang), MenuCb(action="help", lang=lang.value).pack())])
    # After small talk the topics are where to start, not where to go back to.
    topics_label = "btn_topics" if reply.kind is ReplyKind.SMALLTALK else "btn_back_topics"
    rows.append([_button(text(topics_label, lang), MenuCb(action="topics", lang=lang.value).pack())])
    return _markup(rows)


def topics_keyboard(topics: Sequence[tuple[str, str]], lang: Lang) -> InlineKeyboardMarkup | None:
    rows = [[_button(title, TopicCb(topic_id=topic_id, lang=lang.value).pack())] for topic_id, title in topics]
    rows.append([_button(text("btn_helplines", lang), MenuCb(action="help", lang=lang.value).pack())])
    return _markup(rows)


def entries_keyboard(entries: Sequence[Suggestion], lang: Lang) -> InlineKeyboardMarkup | None:
    rows = [[_button(s.title, EntryCb(entry_id=s.entry_id, lang=lang.value).pack())] for s in entries]
    # "menu": back to the topics menu in place (this list is a menu, not a reply).
    rows.append([_button(text("btn_back_topics", lang), MenuCb(action="menu", lang=lang.value).pack())])
    return _markup(rows)


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
    return _markup(
        [
            [
                _button(text("btn_forget_yes", lang), ForgetCb(confirm=True).pack()),
                _button(text("btn_forget_no", lang), ForgetCb(confirm=False).pack()),
            ]
        ]
    )


def cancel_keyboard(lang: Lang) -> InlineKeyboardMarkup | None:
    return _markup([[_button(text("btn_cancel", lang), TsaCb(action="no").pack())]])


def with_lawyer_button(reply: Reply, markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The human handoff's button ("Ask a lawyer", in the reply's language) on a fallback or
    did-you-mean reply, first under the reply's own rows; other replies are left as they are.
    Called only when OPERATORS_CHAT_ID is set."""
    if reply.kind not in (ReplyKind.FALLBACK, ReplyKind.CLARIFY):
        return markup
    row = [_button(text("btn_lawyer", reply.lang), HandoffCb(action="ask", case=0).pack())]
    return _markup([row, *(markup.inline_keyboard if markup else [])])
