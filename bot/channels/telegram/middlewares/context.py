"""Who is asking, in which language, and whether a group message is meant for the bot.

Gives handlers (by parameter name): ``user_hash`` (keyed pseudonym, never the raw id),
``chosen_lang`` (the language the user picked with /lang, or None), ``lang`` (the language of
the interface: chosen, else Telegram's, else Russian) and ``question`` (the message text with
the bot's @mention removed).

Groups: the bot answers only messages that mention it, reply to it, or are commands; the rest
of the group's conversation is none of its business and is ignored silently.
"""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.channels.telegram.identity import hash_user
from bot.channels.telegram.middlewares import Handler, event_user
from bot.core.lang import DEFAULT_LANG, Lang, parse_lang
from bot.core.ports import Store


class UserContextMiddleware(BaseMiddleware):
    def __init__(self, store: Store, secret: str, *, always_chats: frozenset[int] = frozenset()) -> None:
        self.store = store
        self.secret = secret
        self.always_chats = always_chats  # groups whose every message is for the bot (operators)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = event_user(event)
        if isinstance(event, Message) and event.chat.id in self.always_chats:
            data["question"] = event.text or event.caption or ""
        elif isinstance(event, Message):
            addressed, question = await _addressed(event, data["bot"])
            if not addressed:
                return None
            data["question"] = question
        if user is None:
            data.update(user_hash=None, chosen_lang=None, lang=DEFAULT_LANG)
            return await handler(event, data)
        user_hash = hash_user(self.secret, user.id)
        chosen: Lang | None = await self.store.user_lang(user_hash)
        if isinstance(event, Message | CallbackQuery):
            await self.store.touch_user(user_hash, None)
        data["user_hash"] = user_hash
        data["chosen_lang"] = chosen
        data["lang"] = chosen or parse_lang(user.language_code) or DEFAULT_LANG
        return await handler(event, data)


async def _addressed(message: Message, bot: Bot) -> tuple[bool, str]:
    raw = message.text or message.caption or ""
    if message.chat.type == ChatType.PRIVATE:
        return True, raw
    me = await bot.me()
    mention = f"@{me.username}" if me.username else None
    replied = message.reply_to_message is not None and message.reply_to_message.from_user is not None and (
        message.reply_to_message.from_user.id == me.id
    )
    mentioned = mention is not None and mention.lower() in raw.lower()
    if not (replied or mentioned or raw.startswith("/")):
        return False, raw
    question = raw
    if mention:
        idx = question.lower().find(mention.lower())
        while idx >= 0:
            question = question[:idx] + question[idx + len(mention) :]
            idx = question.lower().find(mention.lower())
    return True, " ".join(question.split())
