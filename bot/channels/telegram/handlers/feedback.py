"""👍 / 👎 under an answer: logged once, the buttons then disappear."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup

from bot.channels.telegram.callbacks import FeedbackCb
from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.send import set_keyboard
from bot.channels.texts import chat_text
from bot.core.lang import Lang
from bot.core.ports import Store

router = Handlers(name="feedback")


@router.callback_query(FeedbackCb.filter())
async def on_feedback(
    callback: CallbackQuery,
    callback_data: FeedbackCb,
    store: Store,
    user_hash: str | None,
    lang: Lang,
    channel: str,
) -> None:
    await store.log_feedback(user_hash, callback_data.entry_id, callback_data.up, channel=channel)
    await callback.answer(chat_text("feedback_thanks" if callback_data.up else "feedback_sorry", lang)[:200])
    message = callback.message
    if message is None or isinstance(message, InaccessibleMessage) or message.reply_markup is None:
        return
    prefix = FeedbackCb.__prefix__ + FeedbackCb.__separator__
    rows = [
        row
        for row in message.reply_markup.inline_keyboard
        if not any((b.callback_data or "").startswith(prefix) for b in row)
    ]
    await set_keyboard(callback, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None)
