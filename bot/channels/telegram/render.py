"""Reply -> Telegram messages: HTML-escaped parts of at most 4096 characters, keyboard on the last.

Every string from content or from a user goes through ``html.escape``; the only markup is ours
(the title in bold, source and date lines in italics). Telegram counts the limit on the text
after entity parsing, in UTF-16 code units, so parts are measured that way on the plain text.
Long replies split on paragraph boundaries, then lines, then sentences, then words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram.types import InlineKeyboardMarkup

from bot.channels.telegram.keyboards import reply_keyboard
from bot.core.reply import BlockStyle, Reply
from bot.core.textsplit import cut, utf16_len

TELEGRAM_LIMIT = 4096
_TAGS = {BlockStyle.TITLE: "b", BlockStyle.PLAIN: None, BlockStyle.NOTE: "i"}
SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Part:
    text: str  # HTML
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Block:
    """One paragraph: its plain text (what is counted) and how it is wrapped."""

    plain: str
    tag: str | None = None  # "b" or "i"

    def html(self) -> str:
        escaped = html.escape(self.plain, quote=False)
        return f"<{self.tag}>{escaped}</{self.tag}>" if self.tag else escaped


def split_blocks(blocks: Sequence[Block], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack paragraphs into HTML parts whose plain text is at most ``limit`` units."""
    expanded: list[Block] = []
    for block in blocks:
        plain = block.plain.strip()
        if not plain:
            continue
        for paragraph in re.split(r"\n\s*\n", plain):
            expanded += [Block(piece, block.tag) for piece in cut(paragraph.strip(), limit) if piece.strip()]
    parts: list[str] = []
    html_parts: list[str] = []
    size = 0
    for block in expanded:
        extra = utf16_len(block.plain) + (utf16_len(SEPARATOR) if html_parts else 0)
        if html_parts and size + extra > limit:
            parts.append(SEPARATOR.join(html_parts))
            html_parts, size = [], 0
            extra = utf16_len(block.plain)
        html_parts.append(block.html())
        size += extra
    if html_parts:
        parts.append(SEPARATOR.join(html_parts))
    return parts


def reply_blocks(reply: Reply) -> list[Block]:
    """The reply's paragraphs in the core's reading order (crisis replies lead with the numbers)."""
    return [Block(paragraph, _TAGS[style]) for paragraph, style in reply.styled_blocks]


def render(reply: Reply, *, keyboard: InlineKeyboardMarkup | bool | None = True) -> list[Part]:
    """The messages for a reply; ``keyboard=True`` builds the reply's own buttons."""
    markup = reply_keyboard(reply, reply.lang) if keyboard is True else keyboard or None
    return parts_of(reply_blocks(reply), markup)


def parts_of(blocks: Sequence[Block], keyboard: InlineKeyboardMarkup | None = None) -> list[Part]:
    texts = split_blocks(blocks) or ["…"]
    return [Part(t, keyboard if i == len(texts) - 1 else None) for i, t in enumerate(texts)]


def plain(*paragraphs: str, keyboard: InlineKeyboardMarkup | None = None) -> list[Part]:
    """UI text (from texts.py, maybe with user or content values inside), escaped and split."""
    return parts_of([Block(p) for p in paragraphs if p], keyboard)
