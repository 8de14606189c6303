"""A local stand-in for the Telegram Bot API, used by end-to-end tests and the sandbox."""

from bot.devapi.faults import Fault, FaultKind, FaultPlan
from bot.devapi.html import HtmlError, parse_html, utf16_len
from bot.devapi.server import ApiCall, CallbackQueryState, FakeBotApi

__all__ = [
    "ApiCall",
    "CallbackQueryState",
    "FakeBotApi",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "HtmlError",
    "parse_html",
    "utf16_len",
]
