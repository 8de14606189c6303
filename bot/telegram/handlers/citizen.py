"""Questions: the engine answers, we render, send, then log the redacted question."""

from __future__ import annotations

import time

import structlog
from aiogram import F, Router
from aiogram.types import Message

from bot.core.lang import Lang
from bot.core.ports import QuestionRecord, Store
from bot.telegram.holder import ServiceHolder
from bot.telegram.identity import redact_text
from bot.telegram.render import plain, render
from bot.telegram.send import send_parts
from bot.telegram.texts import text

router = Router(name="citizen")
log = structlog.get_logger(__name__)

MAX_QUESTION = 4096  # Telegram's own limit on a message; longer input never reaches us


async def answer_question(
    message: Message,
    question: str,
    *,
    holder: ServiceHolder,
    store: Store,
    user_hash: str | None,
    lang: Lang,
    channel: str,
) -> None:
    started = time.perf_counter()
    question = question[:MAX_QUESTION]
    reply = holder.service.answer(question, user_lang=lang)
    await send_parts(message, render(reply))
    latency_ms = (time.perf_counter() - started) * 1000
    await store.log_question(
        QuestionRecord(
            user_hash=user_hash,
            text=redact_text(question),
            lang=reply.lang,
            entry_id=reply.entry_id,
            kind=reply.kind,
            confidence=reply.confidence,
            latency_ms=round(latency_ms, 1),
            channel=channel,
        )
    )
    log.info("answered", kind=reply.kind.value, lang=reply.lang.value, entry=reply.entry_id, ms=round(latency_ms, 1))


@router.message(F.text.startswith("/"))
async def on_unknown_command(message: Message, lang: Lang) -> None:
    await send_parts(message, plain(text("unknown_command", lang)))


@router.message(F.text)
async def on_question(
    message: Message,
    question: str,
    holder: ServiceHolder,
    store: Store,
    user_hash: str | None,
    lang: Lang,
    channel: str,
) -> None:
    if not question.strip():  # e.g. only "@bot" in a group
        await send_parts(message, plain(text("ask_hint", lang)))
        return
    await answer_question(
        message, question, holder=holder, store=store, user_hash=user_hash, lang=lang, channel=channel
    )


@router.edited_message(F.text)
async def on_edited_question(
    edited_message: Message,
    question: str,
    holder: ServiceHolder,
    store: Store,
    user_hash: str | None,
    lang: Lang,
    channel: str,
) -> None:
    """An edited question is answered again, as the user now means it."""
    if edited_message.text and edited_message.text.startswith("/"):
        return
    await answer_question(
        edited_message, question, holder=holder, store=store, user_hash=user_hash, lang=lang, channel=channel
    )
