"""/start, /help, /lang and the language buttons."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, User

from bot.channels.telegram.callbacks import LangCb
from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.keyboards import lang_keyboard, start_keyboard
from bot.channels.telegram.render import Part, plain
from bot.channels.telegram.send import send_parts, show
from bot.channels.telegram.texts import helplines_short, text
from bot.content.holder import ServiceHolder
from bot.core.lang import Lang, parse_lang
from bot.core.ports import Store

router = Handlers(name="start")


def start_parts(holder: ServiceHolder, lang: Lang, user: User | None) -> list[Part]:
    name = (user.first_name if user else "") or "👋"
    keyboard = start_keyboard(holder.service.topics(lang), lang)
    return plain(
        text("greeting", lang, name=name),
        text("about", lang),
        helplines_short(lang),
        text("ask_hint", lang),
        keyboard=keyboard,
    )


@router.message(CommandStart())
async def on_start(message: Message, holder: ServiceHolder, lang: Lang, state: FSMContext) -> None:
    await state.clear()
    await send_parts(message, start_parts(holder, lang, message.from_user))


@router.message(Command("help"))
async def on_help(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(text("help", lang), text("about", lang), helplines_short(lang)))


@router.message(Command("lang"))
async def on_lang(
    message: Message,
    command: CommandObject,
    lang: Lang,
    chosen_lang: Lang | None,
    store: Store,
    user_hash: str | None,
    holder: ServiceHolder,
) -> None:
    """``/lang kk|ru|en`` switches at once; without (or with an unknown) language, the buttons."""
    new_lang = parse_lang(command.args)
    if new_lang is None:
        await send_parts(message, plain(text("choose_lang", lang), keyboard=lang_keyboard(chosen_lang)))
        return
    await _remember_choice(store, user_hash, new_lang)
    keyboard = start_keyboard(holder.service.topics(new_lang), new_lang)
    await send_parts(message, plain(text("lang_set", new_lang), keyboard=keyboard))


@router.callback_query(LangCb.filter(F.lang.in_({"kk", "ru", "en"})))
async def on_lang_chosen(
    callback: CallbackQuery,
    callback_data: LangCb,
    store: Store,
    user_hash: str | None,
    holder: ServiceHolder,
) -> None:
    lang = parse_lang(callback_data.lang) or Lang.RU
    await _remember_choice(store, user_hash, lang)
    await callback.answer(text("lang_set", lang)[:200])
    await show(callback, start_parts(holder, lang, callback.from_user))


async def _remember_choice(store: Store, user_hash: str | None, lang: Lang) -> None:
    if user_hash is not None:
        await store.set_user_lang(user_hash, lang)
