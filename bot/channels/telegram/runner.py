"""Running the Telegram bot: ``run_bot`` for the CLI, ``serve_polling`` for the CLI and the sandbox.

Start: content is loaded and validated (exit 1 with file:line problems), the store is opened
(exit 1 with a one-line hint when its schema is outdated), updates received but not answered by
a previous run are replayed, then long polling (or the webhook server) starts.
Stop (SIGTERM/SIGINT, or the ``stop`` event): no new updates are taken, replies in flight get
~2.5 s to finish, then the HTTP session and the store are closed — well within 5 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import structlog
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramUnauthorizedError
from aiohttp import web

from bot.channels.telegram.app import build_dispatcher, create_bot, set_commands
from bot.channels.telegram.holder import ServiceHolder
from bot.channels.telegram.polling import Poller
from bot.channels.telegram.webhook import ClaimingRequestHandler
from bot.config import Settings, SettingsError
from bot.content.loader import ContentError
from bot.core.ports import Store
from bot.storage.retention import DEFAULT_INTERVAL_S, run_retention

if TYPE_CHECKING:
    from bot.core.service import AnswerService

log = structlog.get_logger(__name__)

GRACE_SECONDS = 2.5
EXIT_OK, EXIT_FAILURE = 0, 1


class SchemaOutdatedError(Exception):
    """The database schema is behind the code; the message is the one-line hint."""


async def open_store(settings: Settings) -> Store:
    """The SQL store (SQLite or PostgreSQL per DATABASE_URL); in memory only if it is not built yet."""
    try:
        from bot.storage.errors import SchemaOutdated
        from bot.storage.sql import SqlStore
    except ImportError:
        from bot.storage.memory import InMemoryStore

        log.warning("store_in_memory", reason="bot.storage.sql is not available")
        return InMemoryStore()
    try:
        store: Store = await SqlStore.open(settings.database_url)
    except SchemaOutdated as exc:
        raise SchemaOutdatedError(str(exc).splitlines()[0] if str(exc) else "run `python -m bot db upgrade`") from exc
    try:
        from bot.scale.wiring import replica_store
    except ImportError:
        return store
    # With REDIS_URL (several replicas) claims are leased, so replicas never replay each other's work.
    return replica_store(settings, store)


def _claim_keeper(store: Store, replayer: Poller, stop: asyncio.Event) -> asyncio.Task[None] | None:
    """Renews this replica's claims and replays expired ones (leased stores only, see bot/scale)."""
    try:
        from bot.scale.wiring import start_claim_keeper
    except ImportError:
        return None
    return start_claim_keeper(store, replayer, stop)


async def _stop_keeper(task: asyncio.Task[None] | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def _close_store(store: Store) -> None:
    close = getattr(store, "close", None)
    if close is not None:
        with contextlib.suppress(Exception):
            await close()


async def load_holder(settings: Settings) -> ServiceHolder:
    """Build the engine off the event loop (loading YAML and indexing takes a moment)."""
    from bot.app import build_service, load_content

    def _build() -> tuple[AnswerService, str]:
        content = load_content(settings)
        return build_service(settings, content), content.content_hash

    service, content_hash = await asyncio.to_thread(_build)
    return ServiceHolder(service, content_hash)


async def _prepare(settings: Settings, store: Store, channel: str) -> tuple[Bot, Dispatcher, ServiceHolder]:
    holder = await load_holder(settings)
    with contextlib.suppress(Exception):
        await store.record_content_version(holder.content_hash, loaded_by="startup")
    bot = create_bot(settings)
    dp = build_dispatcher(settings=settings, holder=holder, store=store, channel=channel)
    return bot, dp, holder


async def _startup_calls(bot: Bot) -> None:
    """Commands menu; failures here must not keep the bot from answering."""
    try:
        await set_commands(bot)
    except Exception as exc:
        log.warning("set_commands_failed", error=type(exc).__name__)


async def serve_polling(
    settings: Settings,
    *,
    stop: asyncio.Event,
    store: Store | None = None,
    channel: str = "telegram",
) -> None:
    """Run the real bot with long polling against settings.telegram_api_url until ``stop`` is set.

    A given ``store`` is used and left open (the caller owns it); otherwise one is opened from
    settings.database_url and closed on the way out.
    """
    own_store = store is None
    if store is None:
        store = await open_store(settings)
    bot: Bot | None = None
    try:
        bot, dp, _ = await _prepare(settings, store, channel)
        poller = Poller(dp, bot, store)
        with contextlib.suppress(Exception):
            await bot.delete_webhook(drop_pending_updates=False)
        await _startup_calls(bot)
        await dp.emit_startup(bot=bot)
        log.info("polling_started")
        keeper = _claim_keeper(store, poller, stop)
        try:
            await poller.run(stop)
        finally:
            await _stop_keeper(keeper)
            await dp.emit_shutdown(bot=bot)
            await dp.storage.close()
            await dp.fsm.events_isolation.close()
        log.info("polling_stopped", processed=poller.processed)
    finally:
        if bot is not None:
            await bot.session.close()
        if own_store:
            await _close_store(store)


async def serve_webhook(settings: Settings, *, stop: asyncio.Event, store: Store, channel: str = "telegram") -> None:
    """Register WEBHOOK_URL with its secret, serve its path on HOST:PORT until ``stop``."""
    assert settings.webhook_url and settings.webhook_secret
    secret = settings.webhook_secret.get_secret_value()
    bot, dp, _ = await _prepare(settings, store, channel)
    handler = ClaimingRequestHandler(dp, bot, store, secret_token=secret)
    app = web.Application()
    path = urlsplit(settings.webhook_url).path or "/"
    handler.register(app, path=path)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        await _startup_calls(bot)
        await dp.emit_startup(bot=bot)
        await bot.set_webhook(
            settings.webhook_url,
            secret_token=secret,
            allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        # Updates a previous run accepted but did not answer.
        replayer = Poller(dp, bot, store)
        await replayer.replay_pending()
        keeper = _claim_keeper(store, replayer, stop)
        log.info("webhook_started", path=path, port=settings.port)
        await stop.wait()
        await _stop_keeper(keeper)
        await handler.drain(GRACE_SECONDS)
        await replayer.drain()
        await dp.emit_shutdown(bot=bot)
    finally:
        await runner.cleanup()  # also closes the bot session (SimpleRequestHandler.close)
        await bot.session.close()


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
    except SchemaOutdatedError as exc:
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
    """``python -m bot run [--webhook]``. A missing BOT_TOKEN raises SettingsError (exit 2 in the CLI)."""
    settings.token  # noqa: B018 - fails fast with one readable line
    if webhook:
        _check_webhook_settings(settings)
    return asyncio.run(_main(settings, webhook))
