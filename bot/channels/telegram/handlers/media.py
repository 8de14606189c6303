"""Everything that is not a text question gets a short, polite reply: never silence."""

from __future__ import annotations

from aiogram import F
from aiogram.types import CallbackQuery, Message

from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.handlers.citizen import Asker, with_asker
from bot.channels.telegram.render import plain
from bot.channels.telegram.send import send_parts
from bot.channels.telegram.texts import text
from bot.core.lang import Lang

router = Handlers(name="media")


@router.message((F.photo | F.document | F.video) & (F.caption.len() > 2), with_asker)
async def on_captioned(message: Message, question: str, asker: Asker) -> None:
    """A screenshot with a question under it: the question is what we can answer."""
    await asker.answer(message, question)


@router.message(F.sticker | F.animation | F.dice)
async def on_sticker(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(text("media_sticker", lang)))


@router.message(F.voice | F.audio | F.video_note)
async def on_voice(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(text("media_voice", lang)))


@router.message(F.photo | F.video)
async def on_photo(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(text("media_photo", lang)))


@router.message(F.document)
async def on_document(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(text("media_document", lang)))


@router.message(F.location | F.venue)
async def on_location(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(text("media_location", lang)))


@router.message()
async def on_other(message: Message, lang: Lang) -> None:
    """Contacts, polls, service messages with content ... anything else a user can send."""
    if message.new_chat_members or message.left_chat_member or message.pinned_message:
        return  # group service messages are not addressed to the bot
    await send_parts(message, plain(text("media_other", lang)))


@router.edited_message()
async def on_other_edit(edited_message: Message) -> None:
    """An edited photo caption and the like: the original got its reply already."""


@router.callback_query()
async def on_stale_callback(callback: CallbackQuery, lang: Lang) -> None:
    """Buttons from an older version of the bot or unknown data: answer so nothing spins."""
    await callback.answer(text("stale_button", lang))
