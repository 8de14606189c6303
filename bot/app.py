"""The composition root: reads the settings once and builds everything from them.

Every choice between implementations is made here and nowhere else: the store (SQLite or
PostgreSQL; leased claims when REDIS_URL says there are several replicas), the FSM storage,
flood control and pacing (in process, or shared through Redis), the engine holder, the
Telegram and WhatsApp channels and the sandbox's WhatsApp view. The analyst's and operator's
tools (the stats report, drafts, the sandbox) are composed in ``bot.reports`` from these
builders. Everything below receives what it needs as arguments and depends on the core's ports
(bot/core/ports.py, bot/core/limits.py).

A dependency that is missing (a store driver, say) stops the start with one line naming it,
like a bad setting does; nothing silently falls back to a weaker variant.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import structlog
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiohttp import web

from bot.channels.telegram import runner
from bot.channels.telegram.app import build_dispatcher, create_bot
from bot.channels.telegram.handoff import HandoffDesk, group_bucket, group_pacer
from bot.channels.telegram.middlewares.pacing import PacingMiddleware
from bot.channels.telegram.middlewares.throttle import ThrottleMiddleware
from bot.channels.whatsapp.client import GraphClient
from bot.channels.whatsapp.conversation import Conversation
from bot.channels.whatsapp.inbound import Inbound, InboundKind
from bot.channels.whatsapp.webhook import PATH as WHATSAPP_PATH
from bot.channels.whatsapp.webhook import WhatsAppWebhook
from bot.config import Settings, SettingsError
from bot.content import ContentError
from bot.content.engine import build_service, load_calibration, load_content
from bot.content.holder import ServiceHolder
from bot.content.isolated import build_isolated
from bot.core.i18n import default_catalogs
from bot.core.limits import FloodGate, LocalFloodGate, LocalPacer, Pacer
from bot.core.ports import Store
from bot.memory import release_free_memory
from bot.storage.errors import SchemaOutdated
from bot.storage.leased import LeasedSqlStore, Replayer, Replayers, keep_claims
from bot.storage.memory import InMemoryStore
from bot.storage.retention import DEFAULT_INTERVAL_S, run_retention
from bot.storage.sql import SqlStore

if TYPE_CHECKING:
    from redis.asyncio import Redis


__all__ = ["build_service", "load_calibration", "load_content"]  # and the builders below

log = structlog.get_logger(__name__)

EXIT_OK, EXIT_FAILURE = 0, 1
GLOBAL_RATE = 30.0  # Telegram: about 30 messages per second to different chats, per bot
SANDBOX_WHATSAPP_ID = "77000000000"  # the preview's one simulated WhatsApp user
REDIS_TIMEOUT = 1.0  # seconds; a slow Redis must not hold replies back for long


class StartupError(Exception):
    """The bot cannot start; the message is the one line the operator reads."""


# --- content and engine ----------------------------------------------------------------------


def check_texts() -> None:
    """Read the interface texts' catalogues now rather than at the first reply; a text missing in
    a language is logged (citizens get the Russian or English text meanwhile)."""
    for lang, keys in default_catalogs().gaps().items():
        log.warning("texts_missing", lang=lang.value, keys=sorted(keys))


async def load_holder(settings: Settings) -> ServiceHolder:
    """Build the engine in a child process (bot.content.isolated: the build's temporaries never
    fragment this long-running process's heap), or in process when the child fails."""
    await asyncio.to_thread(check_texts)  # reads the catalogues: off the event loop
    service, content_hash = await build_isolated(settings)
    release_free_memory()
    return ServiceHolder(service, content_hash, isolated=True)


# --- store -----------------------------------------------------------------------------------


async def open_store(settings: Settings) -> Store:
    """The SQL store on DATABASE_URL; with REDIS_URL (several replicas) its claims are leased,
    so replicas never replay each other's work.

    Raises StartupError with one line when the schema is outdated or the URL's driver is not
    installed (there is no in-memory fallback: it would lose exactly-once and persistence)."""
    try:
        store = await SqlStore.open(settings.database_url)
    except SchemaOutdated as exc:
        raise StartupError(str(exc).splitlines()[0] if str(exc) else "run `python -m bot db upgrade`") from exc
    except ModuleNotFoundError as exc:
        raise StartupError(missing_driver_line(settings.database_url, exc)) from exc
    return replica_store(settings, store)


def replica_store(settings: Settings, store: Store) -> Store:
    """With REDIS_URL (several replicas) a SQL store's claims are leased; otherwise ``store`` as is."""
    if not settings.redis_url or not isinstance(store, SqlStore):
        return store
    return LeasedSqlStore.sharing(store)


def missing_driver_line(url: str, exc: ModuleNotFoundError) -> str:
    driver = exc.name or str(exc)
    scheme = url.split("://", 1)[0]
    return f"DATABASE_URL ({scheme}) needs the Python package {driver!r}, which is not installed: pip install {driver}"


def claim_keeper(
    store: Store, also: Sequence[Replayer] = ()
) -> Callable[[Replayer, asyncio.Event], asyncio.Task[None] | None]:
    """Renews this replica's claims and replays expired ones (leased stores only): the given
    replayer's and those of ``also`` (WhatsApp's beside Telegram's)."""

    def start(replayer: Replayer, stop: asyncio.Event) -> asyncio.Task[None] | None:
        if not isinstance(store, LeasedSqlStore):
            return None
        return asyncio.create_task(keep_claims(store, Replayers(replayer, *also), stop))

    return start


# --- shared or in-process limits and state ---------------------------------------------------


def redis_client(url: str) -> Redis:
    from redis.asyncio import Redis

    return Redis.from_url(
        url,
        socket_timeout=REDIS_TIMEOUT,
        socket_connect_timeout=REDIS_TIMEOUT,
        health_check_interval=30,
    )


def global_rate(settings: Settings) -> tuple[float, float]:
    """(rate, burst) of the global bucket. A small burst keeps every 1 s window near ``rate``
    (a burst as large as the rate would allow twice the rate in the first second)."""
    rate = float(settings.telegram_global_rate)
    return rate, max(1.0, rate / 10)


def fsm_storage(settings: Settings) -> tuple[BaseStorage, BaseEventIsolation]:
    """FSM state and per-chat locks: in Redis with REDIS_URL (locks that expire safely, see
    bot/scale/fsm.py), in process memory without (gone with each restart).

    In Redis every state and data record (a dialogue's step, the remembered question, WhatsApp's
    profile: language and last message time) expires RETENTION_DAYS after its last write, like
    the rest of a user's data; a user who writes again renews it."""
    if not settings.redis_url:
        return MemoryStorage(), SimpleEventIsolation()
    from aiogram.fsm.storage.redis import RedisStorage

    from bot.scale.fsm import CHAT_LOCK_SECONDS, ChatLockIsolation

    ttl = timedelta(days=settings.retention_days)
    storage = RedisStorage.from_url(settings.redis_url, state_ttl=ttl, data_ttl=ttl)
    isolation = ChatLockIsolation(storage.redis, storage.key_builder, lock_kwargs={"timeout": CHAT_LOCK_SECONDS})
    return storage, isolation


def pacer(settings: Settings) -> Pacer:
    """Outgoing pacing: one shared budget for all replicas with REDIS_URL, per process without."""
    rate, burst = global_rate(settings)
    if not settings.redis_url:
        return LocalPacer(global_rate=rate, global_burst=burst)
    from bot.scale.ratelimit import RedisPacer, RedisTokenBuckets

    return RedisPacer(RedisTokenBuckets(redis_client(settings.redis_url), global_rate=rate, global_burst=burst))


def flood_gate(settings: Settings) -> FloodGate:
    """Per-user flood control: counted in Redis with REDIS_URL, in process memory without."""
    if not settings.redis_url:
        return LocalFloodGate()
    from bot.scale.throttle import RedisFloodGate

    return RedisFloodGate(redis_client(settings.redis_url), settings.user_hash_secret.get_secret_value())


def pacing_middleware(settings: Settings) -> PacingMiddleware:
    return PacingMiddleware(pacer(settings))


def throttle_middleware(settings: Settings) -> ThrottleMiddleware:
    return ThrottleMiddleware(flood_gate(settings))


# --- the Telegram channel --------------------------------------------------------------------


@dataclass
class TelegramParts:
    bot: Bot
    dp: Dispatcher
    holder: ServiceHolder
    handoff: HandoffDesk | None = None


def handoff_pacer(settings: Settings) -> Pacer:
    """The operators' group's pace (HANDOFF_GROUP_RATE a minute): one budget for all replicas
    with REDIS_URL (its own buckets beside the bot's 1/s per chat), per process without."""
    if not settings.redis_url:
        return group_pacer(settings.handoff_group_rate)
    from bot.scale.ratelimit import KEY_PREFIX, RedisPacer, RedisTokenBuckets

    rate, burst = group_bucket(settings.handoff_group_rate)
    buckets = RedisTokenBuckets(
        redis_client(settings.redis_url), global_rate=1000.0, global_burst=1000.0,
        per_chat_rate=rate, per_chat_burst=burst, prefix=KEY_PREFIX + "group:",
    )
    return RedisPacer(buckets)


def handoff_desk(settings: Settings, bot: Bot, store: Store) -> HandoffDesk | None:
    """The human handoff, when OPERATORS_CHAT_ID names the operators' group (and the store
    keeps cases: the SQL store and the in-memory one do)."""
    if settings.operators_chat_id is None or not isinstance(store, SqlStore | InMemoryStore):
        return None
    return HandoffDesk(bot, store, settings, pacer=handoff_pacer(settings))


async def build_telegram(
    settings: Settings, store: Store, channel: str = "telegram", holder: ServiceHolder | None = None
) -> TelegramParts:
    if holder is None:
        holder = await load_holder(settings)
        with contextlib.suppress(Exception):
            await store.record_content_version(holder.content_hash, loaded_by="startup")
    bot = create_bot(settings, pacing=pacing_middleware(settings))
    storage, isolation = fsm_storage(settings)
    desk = handoff_desk(settings, bot, store)
    dp = build_dispatcher(
        settings=settings,
        holder=holder,
        store=store,
        channel=channel,
        storage=storage,
        events_isolation=isolation,
        throttle=throttle_middleware(settings),
        handoff_desk=desk,
    )
    return TelegramParts(bot, dp, holder, desk)


def start_handoff_loop(parts: TelegramParts, stop: asyncio.Event) -> asyncio.Task[None] | None:
    """The handoff's periodic task (missing topics, expiry): it runs while the bot runs."""
    if parts.handoff is None:
        return None
    return asyncio.create_task(parts.handoff.run(stop), name="handoff")


async def _stop_task(task: asyncio.Task[None] | None) -> None:
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task


async def serve_polling(
    settings: Settings,
    *,
    stop: asyncio.Event,
    store: Store | None = None,
    channel: str = "telegram",
    holder: ServiceHolder | None = None,
) -> None:
    """Run the real bot with long polling against settings.telegram_api_url until ``stop`` is set.

    A given ``store`` is used and left open (the caller owns it); otherwise one is opened from
    settings.database_url and closed on the way out. A given ``holder`` is the engine to answer
    with (the sandbox shares one); otherwise the content is loaded.
    """
    own_store = store is None
    if store is None:
        store = await open_store(settings)
    bot: Bot | None = None
    loop_task: asyncio.Task[None] | None = None
    try:
        parts = await build_telegram(settings, store, channel, holder=holder)
        bot = parts.bot
        loop_task = start_handoff_loop(parts, stop)
        await runner.poll(parts.bot, parts.dp, store, stop=stop, keeper=claim_keeper(store))
    finally:
        await _stop_task(loop_task)
        if bot is not None:
            await bot.session.close()
        if own_store:
            await _close_store(store)


# --- the WhatsApp channel --------------------------------------------------------------------


@dataclass
class WhatsAppParts:
    webhook: WhatsAppWebhook
    client: GraphClient
    storage: BaseStorage
    isolation: BaseEventIsolation

    async def close(self) -> None:
        for close in (self.client.close, self.storage.close, self.isolation.close):
            with contextlib.suppress(Exception):
                await close()


def build_whatsapp(settings: Settings, store: Store, holder: ServiceHolder) -> WhatsAppParts:
    """The WhatsApp webhook over the same engine, store and (Redis or in-process) FSM storage."""
    settings.check_whatsapp()
    assert settings.whatsapp_token and settings.whatsapp_phone_number_id
    assert settings.whatsapp_app_secret and settings.whatsapp_verify_token
    client = GraphClient(
        settings.whatsapp_api_url, settings.whatsapp_phone_number_id, settings.whatsapp_token.get_secret_value()
    )
    storage, isolation = fsm_storage(settings)
    conversation = Conversation(
        holder=holder,
        store=store,
        storage=storage,
        isolation=isolation,
        sender=client,
        secret=settings.user_hash_secret.get_secret_value(),
        flood_gate=flood_gate(settings),
    )
    webhook = WhatsAppWebhook(
        conversation,
        store,
        app_secret=settings.whatsapp_app_secret.get_secret_value(),
        verify_token=settings.whatsapp_verify_token.get_secret_value(),
    )
    return WhatsAppParts(webhook, client, storage, isolation)


def telegram_configured(settings: Settings) -> bool:
    return settings.bot_token is not None and bool(settings.bot_token.get_secret_value().strip())


def telegram_webhook_enabled(settings: Settings) -> bool:
    return telegram_configured(settings) and bool(settings.webhook_url)


async def _serve_routes(settings: Settings, routes: WhatsAppWebhook, store: Store, stop: asyncio.Event) -> None:
    """The WhatsApp webhook alone on HOST:PORT (no Telegram webhook configured)."""
    app = web.Application()
    routes.register(app)
    site_runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await site_runner.setup()
    keeper: asyncio.Task[None] | None = None
    try:
        await web.TCPSite(site_runner, settings.host, settings.port).start()
        log.info("webhook_started", path=WHATSAPP_PATH, port=settings.port)
        keeper = claim_keeper(store)(routes, stop)
        await stop.wait()
        await _stop_task(keeper)
        await routes.drain(runner.GRACE_SECONDS)
    finally:
        await _stop_task(keeper)
        await site_runner.cleanup()


async def replay_whatsapp(webhook: WhatsAppWebhook) -> None:
    """Answer the WhatsApp messages a previous run claimed but did not answer; called before
    this run accepts any (a message claimed from then on is its own, not to be replayed)."""
    try:
        await webhook.replay_pending()
    except Exception as exc:  # the store is down: the sweeps (several replicas) or the next start retry
        log.error("whatsapp_replay_failed", error=type(exc).__name__)


async def serve_webhook(settings: Settings, *, stop: asyncio.Event, store: Store, channel: str = "telegram") -> None:
    """Telegram's webhook (BOT_TOKEN and WEBHOOK_URL) and WhatsApp's at /whatsapp (WHATSAPP_TOKEN)
    on one HOST:PORT, over one engine."""
    holder = await load_holder(settings)
    with contextlib.suppress(Exception):
        await store.record_content_version(holder.content_hash, loaded_by="startup")
    whatsapp = build_whatsapp(settings, store, holder) if settings.whatsapp_enabled else None
    try:
        if whatsapp is not None:
            await replay_whatsapp(whatsapp.webhook)
        if telegram_webhook_enabled(settings):
            parts = await build_telegram(settings, store, channel, holder=holder)
            extra = [whatsapp.webhook] if whatsapp else []
            loop_task = start_handoff_loop(parts, stop)
            try:
                await runner.serve_webhook(
                    settings, parts.bot, parts.dp, store, stop=stop, keeper=claim_keeper(store, extra), extra=extra
                )
            finally:
                await _stop_task(loop_task)
        elif whatsapp is not None:
            if telegram_configured(settings):  # BOT_TOKEN without WEBHOOK_URL: say why Telegram is quiet
                log.warning("telegram_webhook_not_served", reason="WEBHOOK_URL is not set")
            await _serve_routes(settings, whatsapp.webhook, store, stop)
    finally:
        if whatsapp is not None:
            await whatsapp.close()


async def _close_store(store: Store) -> None:
    with contextlib.suppress(Exception):
        await store.close()


def _check_webhook_settings(settings: Settings) -> None:
    missing = [name for name, value in (("WEBHOOK_URL", settings.webhook_url), ("WEBHOOK_SECRET", settings.webhook_secret)) if not value]
    if missing:
        raise SettingsError(f"{', '.join(missing)}: required for `run --webhook`")


async def _main(settings: Settings, webhook: bool) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def _on_signal(sig: signal.Signals) -> None:
        log.info("stop_requested", signal=sig.name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, _on_signal, sig)
    try:
        store = await open_store(settings)
    except StartupError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_FAILURE
    retention = asyncio.create_task(
        run_retention(store, settings.retention_days, DEFAULT_INTERVAL_S, stop), name="retention"
    )
    try:
        if webhook:
            await serve_webhook(settings, stop=stop, store=store)
        else:
            await serve_polling(settings, stop=stop, store=store)
    except ContentError as exc:
        sys.stderr.write(f"content error:\n{exc}\n")
        return EXIT_FAILURE
    except TelegramUnauthorizedError:
        sys.stderr.write("BOT_TOKEN was rejected by the Bot API (401 Unauthorized): check the token\n")
        return EXIT_FAILURE
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(retention, 1.0)
        await _close_store(store)
        log.info("stopped")
    return EXIT_OK


def run_bot(settings: Settings, webhook: bool) -> int:
    """``python -m bot run [--webhook]``. A missing BOT_TOKEN raises SettingsError (exit 2 in the CLI),
    unless ``--webhook`` serves WhatsApp alone (WHATSAPP_TOKEN and its variables)."""
    if webhook and not telegram_configured(settings) and not settings.whatsapp_enabled:
        raise SettingsError(
            "`run --webhook` needs a channel: BOT_TOKEN with WEBHOOK_URL and WEBHOOK_SECRET (Telegram), "
            "or WHATSAPP_TOKEN with its variables (WhatsApp)"
        )
    if webhook and settings.whatsapp_enabled:
        settings.check_whatsapp()
        if telegram_configured(settings) and (settings.webhook_url or settings.webhook_secret):
            settings.token  # noqa: B018
            _check_webhook_settings(settings)
        return asyncio.run(_main(settings, webhook))
    settings.token  # noqa: B018 - fails fast with one readable line
    if webhook:
        _check_webhook_settings(settings)
    return asyncio.run(_main(settings, webhook))


# --- the sandbox -----------------------------------------------------------------------------


class _Collected:
    """A WhatsApp sender that keeps the messages instead of calling the Graph API."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def send(self, to: str, message: dict[str, Any], *, pace_key: str) -> bool:
        self.messages.append(message)
        return True


async def whatsapp_preview(
    settings: Settings, store: Store | None, holder: ServiceHolder
) -> Callable[[str, str], Awaitable[list[dict[str, Any]]]]:
    """The sandbox's WhatsApp view: the real WhatsApp conversation and renderer over the same
    engine and store (recorded as channel "sandbox"), its sends collected for the page."""
    sender = _Collected()
    conversation = Conversation(
        holder=holder,
        store=store or InMemoryStore(),
        storage=MemoryStorage(),
        isolation=SimpleEventIsolation(),
        sender=sender,
        secret=settings.user_hash_secret.get_secret_value(),
        channel="sandbox",
    )
    count = itertools.count(1)

    async def turn(kind: str, value: str) -> list[dict[str, Any]]:
        sender.messages = []
        n = next(count)
        if kind == "text":
            inbound = Inbound(f"sandbox-{n}", SANDBOX_WHATSAPP_ID, InboundKind.TEXT, time.time(), text=value)
        else:
            inbound = Inbound(f"sandbox-{n}", SANDBOX_WHATSAPP_ID, InboundKind.CHOICE, time.time(), choice_id=value)
        await conversation.handle(inbound)
        return sender.messages

    return turn
