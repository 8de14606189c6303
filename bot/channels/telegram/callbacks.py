"""Inline-button payloads: aiogram CallbackData factories with one-letter prefixes.

Telegram allows 64 bytes of callback_data; ids are slugs of at most 48 characters, so the
longest payload ("e:<48>:kk") is 53 bytes. tests/channels/telegram/test_callbacks.py checks the bound.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

MAX_CALLBACK_BYTES = 64


class MenuCb(CallbackData, prefix="m"):
    """A menu action: "topics" (the topic list as a new message), "menu" (back to it in place, from a
    topic's list) or "help" (helplines, a new message), in a language."""

    action: str
    lang: str


class TopicCb(CallbackData, prefix="t"):
    topic_id: str
    lang: str


class EntryCb(CallbackData, prefix="e"):
    """Show an entry; the language is the one the button was shown in (not the UI's)."""

    entry_id: str
    lang: str


class FeedbackCb(CallbackData, prefix="f"):
    entry_id: str
    up: bool


class LangCb(CallbackData, prefix="l"):
    lang: str


class ForgetCb(CallbackData, prefix="x"):
    confirm: bool


class TsaCb(CallbackData, prefix="c"):
    """Start ("go") or cancel ("no") the TSA pre-check dialogue."""

    action: str


class HandoffCb(CallbackData, prefix="h"):
    """Human handoff: "ask" (the lawyer button, case 0), "yes"/"no" (consent), "take"/"close"
    (operators), "up"/"down" (the citizen's rating)."""

    action: str
    case: int
