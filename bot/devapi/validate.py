"""Telegram's checks on what a bot sends: message text (HTML parse mode, length), inline
keyboards, command lists, webhook secrets, chat actions. Pure: each raises ``ApiError`` with
Telegram's own description or returns the parsed value."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from bot.devapi.html import HtmlError, parse_html, utf16_len
from bot.devapi.wire import ApiError, as_json

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_BUTTON_ACTIONS = (
    "callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat",
    "web_app", "login_url", "pay", "copy_text", "callback_game", "switch_inline_query_chosen_chat",
)


def reply_markup(value: Any) -> dict[str, Any] | None:
    markup = as_json(value) if value not in (None, "") else None
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                present = [a for a in _BUTTON_ACTIONS if a in button and button[a] is not None]
                if len(present) != 1:
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used")
                if "callback_data" in present:
                    size = len(str(button["callback_data"]).encode("utf-8"))
                    if not 1 <= size <= MAX_CALLBACK_DATA:
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        if sum(len(r) for r in rows) > 100:
            raise ApiError(400, "Bad Request: too many inline keyboard buttons")
    return markup


def message_text(params: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]]:
    """(plain text, HTML as a client shows it, entities) of ``text`` in its ``parse_mode``."""
    raw = params.get("text")
    if raw is None or raw == "":
        raise ApiError(400, "Bad Request: message text is empty")
    raw = str(raw)
    mode = str(params.get("parse_mode") or "")
    if mode.upper() == "HTML":
        try:
            parsed = parse_html(raw)
        except HtmlError as exc:
            raise ApiError(400, f"Bad Request: {exc}") from None
        text, entities, html = parsed.text, parsed.entities, raw
    elif mode:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {mode!r} in this stand-in (use HTML)")
    else:
        text, entities, html = raw, [], escape(raw, quote=False)
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(text) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    return text, html, entities


def commands(value: Any) -> list[dict[str, Any]]:
    parsed = as_json(value)
    if not isinstance(parsed, list) or len(parsed) > 100:
        raise ApiError(400, "Bad Request: commands must be an array of at most 100 BotCommand")
    for c in parsed:
        if not isinstance(c, dict) or not COMMAND_RE.match(str(c.get("command", ""))):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(c.get("description", "")).strip()) <= 256:
            raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    return parsed


def webhook_secret(value: Any) -> None:
    if value is not None and not SECRET_RE.match(str(value)):
        raise ApiError(400, "Bad Request: secret token contains unallowed characters")


def chat_action(value: Any) -> str:
    if value not in CHAT_ACTIONS:
        raise ApiError(400, "Bad Request: wrong parameter action in request")
    return str(value)


COMMAND_SCOPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", "chat_administrators", "chat_member"}
)


def command_scope(raw: Any) -> str:
    """setMyCommands' scope (a JSON object, default when absent): its type, as Telegram checks it."""
    if raw is None:
        return "default"
    scope = as_json(raw)
    kind = scope.get("type") if isinstance(scope, dict) else None
    if kind not in COMMAND_SCOPES:
        raise ApiError(400, "Bad Request: unsupported bot command scope type")
    return str(kind)
