"""Questions: the engine answers, we render, send, then log the redacted question."""

from __future__ import annotations

import time
from dataclasses import dataclass

import structlog
from aiogram import F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.handlers.handoff import own_names, remember_question
from bot.channels.telegram.handoff import HandoffDesk
from bot.channels.telegram.keyboards import reply_keyboard
from bot.channels.telegram.render import plain, render
from bot.channels.telegram.send import send_parts
from bot.channels.telegram.texts import text
from bot.content.holder import ServiceHolder
from bot.core.lang import Lang
from bot.core.ports import QuestionRecord, Store

router = Handlers(name="citizen")
log = structlog.get_logger(__name__)

MAX_QUESTION = 4096  # Telegram's own limit on a message; longer input never reaches us


@dataclass(frozen=True)
class Asker:
    """What answering a question needs, gathered once per update by the ``with_asker`` filter."""

    holder: ServiceHolder
    store: Store
    user_hash: str | None
    lang: Lang
    channel: str
    handoff: HandoffDesk | None = None
    state: FSMContext | None = None

    async def answer(self, message: Message, question: str) -> None:
        """The engine answers, we render and send, then log the redacted question."""
        started = time.perf_counter()
        question = question[:MAX_QUESTION]
        reply = self.holder.service.answer(question, user_lang=self.lang)
        if self.handoff is not None and self.state is not None and reply.offers_lawyer:
            await remember_question(self.state, self.handoff, question, reply, own_names(message.from_user))
            await send_parts(message, render(reply, keyboard=reply_keyboard(reply, reply.lang, handoff=True)))
        else:
            await send_parts(message, render(reply))
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        await self.store.log_question(
            QuestionRecord.of(question, reply, user_hash=self.user_hash, latency_ms=latency_ms, channel=self.channel)
        )
        log.info("answered", kind=reply.kind.value, lang=reply.lang.value, entry=reply.entry_id, ms=latency_ms)


def with_asker(
    event: Message,
    holder: ServiceHolder,
    store: Store,
    user_hash: str | None,
    lang: Lang,
    channel: str,
    state: FSMContext,
    handoff: HandoffDesk | None = None,
) -> dict[str, Asker]:
    """A filter that always passes and gives the handler an ``asker`` (aiogram merges the dict).
    The lawyer button goes only under private chats' replies (a group is no place for a case)."""
    desk = handoff if event.chat.type == ChatType.PRIVATE else None
    return {"asker": Asker(holder, store, user_hash, lang, channel, desk, state)}


@router.message(F.text.startswith("/"))
async def on_unknown_command(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(text("unknown_command", lang)))


@router.message(F.text, with_asker)
async def on_question(message: Message, question: str, asker: Asker) -> None:
    if not question.strip():  # e.g. only "@bot" in a group
        await send_parts(message, plain(text("ask_hint", asker.lang)))
        return
    await asker.answer(message, question)


@router.edited_message(F.text, with_asker)
async def on_edited_question(edited_message: Message, question: str, asker: Asker) -> None:
    """An edited question is answered again, as the user now means it."""
    if edited_message.text and edited_message.text.startswith("/"):
        return
    await asker.answer(edited_message, question)
