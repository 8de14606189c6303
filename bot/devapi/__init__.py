"""A local stand-in for the Telegram Bot API, used by end-to-end tests and the sandbox."""

from bot.devapi.faults import Fault, FaultKind, FaultPlan
from bot.devapi.html import HtmlError, parse_html, utf16_len
from bot.devapi.server import FakeBotApi
from bot.devapi.state import CallbackQueryState
from bot.devapi.wire import ApiCall, ApiError

__all__ = [
    "ApiCall",
    "ApiError",
    "CallbackQueryState",
    "FakeBotApi",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "HtmlError",
    "parse_html",
    "utf16_len",
]
