"""The Telegram side's composition: bot, dispatcher, routers (one visible list), middlewares.

Update middlewares run in this order (after aiogram's own errors, user-context and FSM
middlewares; the FSM one takes the per-chat event-isolation lock, so a chat's updates are
handled one at a time, in order):

    logging (no raw ids/text) -> dedupe(update_id) -> throttle (messages) -> user context / i18n

Outgoing calls pass the session middlewares: retry (429 / 5xx / network) -> pacing.
"""

from __future__ import annotations

from typing import Any

import structlog
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, ErrorEvent

from bot.channels.telegram.handlers import (
    Handlers,
    citizen,
    feedback,
    handoff,
    media,
    operator,
    privacy,
    start,
    topics,
    tsa,
)
from bot.channels.telegram.handoff import HandoffDesk
from bot.channels.telegram.middlewares.context import UserContextMiddleware
from bot.channels.telegram.middlewares.pacing import PacingMiddleware
from bot.channels.telegram.middlewares.retry import RetryMiddleware
from bot.channels.telegram.middlewares.throttle import ThrottleMiddleware
from bot.channels.telegram.middlewares.updates import UNDELIVERED, DedupeMiddleware, UpdateLogMiddleware
from bot.channels.telegram.render import plain
from bot.channels.telegram.texts import command_menu, text
from bot.config import Settings
from bot.content.holder import ServiceHolder
from bot.core.lang import LANGS, Lang
from bot.core.ports import Store

log = structlog.get_logger(__name__)

# Order matters: commands before the FSM dialogue, the dialogue before free-text questions,
# the catch-alls (media, stale buttons) last.
ROUTERS: tuple[Handlers, ...] = (
    handoff.operators,  # everything in the operators' group, before any other router sees it
    operator.router,
    start.router,
    privacy.router,
    topics.router,
    handoff.router,  # an open case takes the citizen's text before the engine does
    feedback.router,
    tsa.router,
    citizen.router,
    media.router,
)

REQUEST_TIMEOUT = 15  # seconds per Bot API call (a long poll adds its own timeout)


def create_bot(
    settings: Settings, *, retry: RetryMiddleware | None = None, pacing: PacingMiddleware | None = None
) -> Bot:
    """A Bot on settings.telegram_api_url (a local Bot API server or a test stand-in works too).

    ``pacing`` comes from the composition root (shared through Redis with REDIS_URL); without
    it the bot paces in process."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url), timeout=REQUEST_TIMEOUT)
    session.middleware(retry or RetryMiddleware())
    session.middleware(pacing or PacingMiddleware())
    return Bot(settings.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


async def on_error(event: ErrorEvent, bot: Bot) -> bool:
    """A handler failed: log it (no text, no ids) and tell the user, unless Telegram is the problem."""
    exc = event.exception
    log.error("handler_error", update_id=event.update.update_id, error=type(exc).__name__, exc_info=exc)
    if isinstance(exc, UNDELIVERED):
        raise exc  # keep the update pending (see middlewares/updates.py)
    update = event.update
    message = update.message or update.edited_message
    chat_id = message.chat.id if message else None
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text("error", Lang.RU)[:200])
        except Exception:  # the query may be answered already; nothing more to do
            log.debug("error_answer_failed")
        msg = update.callback_query.message
        chat_id = msg.chat.id if msg is not None else None
    if chat_id is not None:
        user = message.from_user if message else None
        from bot.core.lang import parse_lang

        lang = parse_lang(user.language_code if user else None) or Lang.RU
        try:
            await bot.send_message(chat_id, plain(text("error", lang))[0].text)
        except Exception:
            log.warning("error_reply_failed")
    return True


def build_dispatcher(
    *,
    settings: Settings,
    holder: ServiceHolder,
    store: Store,
    channel: str = "telegram",
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
    throttle: ThrottleMiddleware | None = None,
    handoff_desk: HandoffDesk | None = None,
    **extra: Any,
) -> Dispatcher:
    if storage is None:
        storage, events_isolation = MemoryStorage(), SimpleEventIsolation()
    dp = Dispatcher(
        storage=storage,
        events_isolation=events_isolation or SimpleEventIsolation(),
        settings=settings,
        holder=holder,
        store=store,
        channel=channel,
        handoff=handoff_desk,
        **extra,
    )
    dp.update.outer_middleware(UpdateLogMiddleware())
    dp["dedupe"] = dedupe = DedupeMiddleware(store)
    dp.update.outer_middleware(dedupe)
    dp["throttle"] = throttle = throttle or ThrottleMiddleware()
    dp.message.outer_middleware(throttle)
    # The operators' group talks to the bot without mentioning it (answers in case topics).
    group = frozenset({settings.operators_chat_id}) if settings.operators_chat_id is not None else frozenset()
    context = UserContextMiddleware(store, settings.user_hash_secret.get_secret_value(), always_chats=group)
    for observer in (dp.message, dp.edited_message, dp.callback_query):
        observer.outer_middleware(context)
    dp.errors.register(on_error)
    # A fresh aiogram Router per feature and dispatcher (see handlers.Handlers).
    dp.include_routers(*(handlers.router() for handlers in ROUTERS))
    return dp


async def set_commands(bot: Bot, *, handoff: bool = False) -> None:
    """The command menu in each language (Telegram shows the one matching the user's app), with
    /lawyer when ``handoff`` (the human handoff is on). Private chats only: the citizens' commands
    have no place in the operators' group."""
    private = BotCommandScopeAllPrivateChats()
    for lang in LANGS:
        commands = [BotCommand(command=c, description=d) for c, d in command_menu(lang, handoff=handoff)]
        await bot.set_my_commands(commands, scope=private, language_code=lang.value)
    await bot.set_my_commands(
        [BotCommand(command=c, description=d) for c, d in command_menu(Lang.RU, handoff=handoff)], scope=private
    )
