"""Browsing: topic menu -> entries of a topic (menus edit each other in place) -> an entry's answer;
helplines.

A button never takes away what a citizen is reading: an answer, a suggestion, related entries and
the helplines arrive as a new message, and a reply (a crisis reply above all) is never edited.
Only navigation menus replace each other in place: a topic in the topics menu, and the "back to
topics" button of a topic's list (``MenuCb(action="menu")``).
"""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.channels.telegram.callbacks import EntryCb, MenuCb, TopicCb
from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.keyboards import entries_keyboard, topics_keyboard
from bot.channels.telegram.render import Part, plain, render
from bot.channels.telegram.send import send_new, send_parts, show
from bot.channels.telegram.texts import text
from bot.channels.texts import chat_text
from bot.content.holder import ServiceHolder
from bot.core.lang import Lang, parse_lang

router = Handlers(name="topics")


def topics_parts(holder: ServiceHolder, lang: Lang) -> list[Part]:
    topics = holder.service.topics(lang)
    if not topics:
        return plain(chat_text("no_topics", lang))
    return plain(chat_text("topics_header", lang), keyboard=topics_keyboard(topics, lang))


@router.message(Command("topics"))
async def on_topics(message: Message, holder: ServiceHolder, lang: Lang) -> None:
    await send_parts(message, topics_parts(holder, lang))


@router.message(Command("helplines"))
async def on_helplines(message: Message, holder: ServiceHolder, lang: Lang) -> None:
    await send_parts(message, render(holder.service.helplines_reply(lang)))


@router.callback_query(MenuCb.filter(F.action == "topics"))
async def on_topics_button(callback: CallbackQuery, callback_data: MenuCb, holder: ServiceHolder, lang: Lang) -> None:
    """The topics button under a reply: the menu comes as a new message below it."""
    await callback.answer()
    await send_new(callback, topics_parts(holder, parse_lang(callback_data.lang) or lang))


@router.callback_query(MenuCb.filter(F.action == "menu"))
async def on_back_to_topics(callback: CallbackQuery, callback_data: MenuCb, holder: ServiceHolder, lang: Lang) -> None:
    """"Back to topics" in a topic's list: menu to menu, in place."""
    await callback.answer()
    await show(callback, topics_parts(holder, parse_lang(callback_data.lang) or lang))


@router.callback_query(MenuCb.filter(F.action == "help"))
async def on_helplines_button(
    callback: CallbackQuery, callback_data: MenuCb, holder: ServiceHolder, lang: Lang
) -> None:
    await callback.answer()
    await send_new(callback, render(holder.service.helplines_reply(parse_lang(callback_data.lang) or lang)))


@router.callback_query(TopicCb.filter())
async def on_topic(callback: CallbackQuery, callback_data: TopicCb, holder: ServiceHolder, lang: Lang) -> None:
    lang = parse_lang(callback_data.lang) or lang
    service = holder.service
    titles = dict(service.topics(lang))
    entries = service.topic_entries(callback_data.topic_id, lang) if callback_data.topic_id in titles else []
    if not entries:
        await callback.answer(text("stale_button", lang), show_alert=False)
        await show(callback, topics_parts(holder, lang))
        return
    await callback.answer()
    header = chat_text("topic_header", lang, title=titles[callback_data.topic_id])
    await show(callback, plain(header, keyboard=entries_keyboard(entries, lang)))


@router.callback_query(EntryCb.filter())
async def on_entry(callback: CallbackQuery, callback_data: EntryCb, holder: ServiceHolder, lang: Lang) -> None:
    lang = parse_lang(callback_data.lang) or lang
    reply = holder.service.entry_reply(callback_data.entry_id, lang)
    if reply is None:  # the entry was removed by a content reload since the button was sent
        await callback.answer(text("stale_button", lang))
        return
    await callback.answer()
    await send_new(callback, render(reply))
