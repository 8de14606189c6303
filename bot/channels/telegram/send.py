"""Putting rendered parts in a chat: send, or edit in place for button presses."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup, Message, ReplyParameters

from bot.channels.telegram.middlewares.updates import reply_delivered
from bot.channels.telegram.render import Part


async def send_parts(message: Message, parts: Sequence[Part]) -> list[Message]:
    """Send the parts as new messages in the message's chat, in order.

    In a group the first part replies to the user's message, so it is clear whom it answers.
    """
    sent = []
    reply_to = None
    if message.chat.type != ChatType.PRIVATE and message.from_user is not None and not message.from_user.is_bot:
        reply_to = ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)
    for i, part in enumerate(parts):
        sent.append(
            await message.answer(part.text, reply_markup=part.keyboard, reply_parameters=reply_to if i == 0 else None)
        )
    await reply_delivered()  # finish the update before the analytics writes (exactly-once window)
    return sent


def _not_modified(exc: TelegramBadRequest) -> bool:
    return "message is not modified" in exc.message


async def show(callback: CallbackQuery, parts: Sequence[Part]) -> None:
    """Show the parts in place of the pressed message when they fit in one, else send them."""
    message = callback.message
    if message is None or isinstance(message, InaccessibleMessage):
        return
    if len(parts) == 1:
        try:
            await message.edit_text(parts[0].text, reply_markup=parts[0].keyboard)
            return
        except TelegramBadRequest as exc:
            if _not_modified(exc):
                return
            # Too old to edit, deleted ...: fall through and send it as a new message.
    await send_parts(message, parts)


async def send_new(callback: CallbackQuery, parts: Sequence[Part]) -> None:
    """Send the parts as new messages below the pressed one, which stays as it is."""
    message = callback.message
    if message is None or isinstance(message, InaccessibleMessage):
        return
    await send_parts(message, parts)


async def set_keyboard(callback: CallbackQuery, keyboard: InlineKeyboardMarkup | None) -> None:
    message = callback.message
    if message is None or isinstance(message, InaccessibleMessage):
        return
    with contextlib.suppress(TelegramBadRequest):
        await message.edit_reply_markup(reply_markup=keyboard)
