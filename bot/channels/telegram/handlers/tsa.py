"""The TSA (ASP, АӘК) eligibility pre-check: household size -> monthly income -> the engine's verdict."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.channels.telegram.callbacks import TsaCb
from bot.channels.telegram.fsm import TsaCheck
from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.handlers.citizen import Asker, with_asker
from bot.channels.telegram.keyboards import cancel_keyboard
from bot.channels.telegram.render import plain, render
from bot.channels.telegram.send import send_parts, show
from bot.channels.texts import chat_text
from bot.content.holder import ServiceHolder
from bot.core.lang import Lang
from bot.core.tsa import MAX_HOUSEHOLD, MAX_INCOME, parse_number

router = Handlers(name="tsa")

async def _begin(message: Message, state: FSMContext, lang: Lang) -> None:
    await state.set_state(TsaCheck.household)
    await state.update_data(lang=lang.value)
    await send_parts(message, plain(chat_text("tsa_household", lang), keyboard=cancel_keyboard(lang)))


@router.message(Command("check"))
async def on_check(message: Message, state: FSMContext, lang: Lang) -> None:
    await _begin(message, state, lang)


@router.message(Command("cancel"), StateFilter(TsaCheck))
async def on_cancel(message: Message, state: FSMContext, lang: Lang) -> None:
    await state.clear()
    await send_parts(message, plain(chat_text("tsa_cancelled", lang)))


@router.callback_query(TsaCb.filter(F.action == "go"))
async def on_check_button(callback: CallbackQuery, state: FSMContext, lang: Lang) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await _begin(callback.message, state, lang)


@router.callback_query(TsaCb.filter(F.action == "no"))
async def on_cancel_button(callback: CallbackQuery, state: FSMContext, lang: Lang) -> None:
    await state.clear()
    await callback.answer(chat_text("tsa_cancelled", lang))
    await show(callback, plain(chat_text("tsa_cancelled", lang)))


def looks_like_a_question(value: str | None) -> bool:
    """A sentence without a number: the user moved on, so the dialogue should let go."""
    return bool(value) and parse_number(value) is None and len((value or "").split()) >= 3


@router.message(StateFilter(TsaCheck.household, TsaCheck.income), F.text.func(looks_like_a_question), with_asker)
async def on_question_instead(message: Message, state: FSMContext, asker: Asker) -> None:
    """The user asked something else instead of answering: leave the dialogue and answer it."""
    await state.clear()
    await asker.answer(message, message.text or "")


@router.message(TsaCheck.household, F.text)
async def on_household(message: Message, state: FSMContext, lang: Lang) -> None:
    size = parse_number(message.text)
    if size is None or not 1 <= size <= MAX_HOUSEHOLD:
        await send_parts(message, plain(chat_text("tsa_bad_household", lang), keyboard=cancel_keyboard(lang)))
        return
    await state.update_data(household=size)
    await state.set_state(TsaCheck.income)
    await send_parts(message, plain(chat_text("tsa_income", lang), keyboard=cancel_keyboard(lang)))


@router.message(TsaCheck.income, F.text)
async def on_income(message: Message, state: FSMContext, lang: Lang, holder: ServiceHolder) -> None:
    income = parse_number(message.text)
    if income is None or not 0 <= income <= MAX_INCOME:
        await send_parts(message, plain(chat_text("tsa_bad_income", lang), keyboard=cancel_keyboard(lang)))
        return
    data = await state.get_data()
    await state.clear()
    reply = holder.service.tsa_check(int(data.get("household", 1)), income, lang)
    await send_parts(message, render(reply))
