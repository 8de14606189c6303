"""/privacy (what is stored, for how long) and /forget (delete it, after a confirmation)."""

from __future__ import annotations

from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.channels.telegram.callbacks import ForgetCb
from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.handoff import HandoffDesk
from bot.channels.telegram.keyboards import forget_keyboard
from bot.channels.telegram.render import plain
from bot.channels.telegram.send import send_parts, show
from bot.channels.telegram.texts import text
from bot.channels.texts import chat_text
from bot.config import Settings
from bot.core.lang import Lang
from bot.core.ports import Store

router = Handlers(name="privacy")


@router.message(Command("privacy"))
async def on_privacy(message: Message, lang: Lang, settings: Settings) -> None:
    await send_parts(message, plain(text("privacy", lang, days=settings.retention_days)))


@router.message(Command("forget"))
async def on_forget(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(chat_text("forget_confirm", lang), keyboard=forget_keyboard(lang)))


@router.callback_query(ForgetCb.filter())
async def on_forget_answer(
    callback: CallbackQuery,
    callback_data: ForgetCb,
    store: Store,
    user_hash: str | None,
    lang: Lang,
    state: FSMContext,
    handoff: HandoffDesk | None = None,
) -> None:
    if callback_data.confirm and user_hash is not None:
        if handoff is not None:  # an open case ends first, so the operators know it is gone
            case = await handoff.cases.active_case(user_hash)
            if case is not None:
                await handoff.cancel(case)
        await store.forget_user(user_hash)
        await state.clear()
        # The confirmation speaks the Telegram language: the chosen one was just deleted.
        done = chat_text("forget_done", lang)
    else:
        done = chat_text("forget_cancelled", lang)
    await callback.answer(done[:200])
    await show(callback, plain(done))
