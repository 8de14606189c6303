"""Running the Telegram channel on parts the composition root (bot/app.py) built.

``poll``: updates received but not answered by a previous run are replayed, then long polling
runs until ``stop``. ``serve_webhook``: the webhook path is served on HOST:PORT and registered
with setWebhook. Stop: no new updates are taken, replies in flight get ~2.5 s to finish.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from typing import Protocol
from urllib.parse import urlsplit

import structlog
from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.channels.telegram.app import set_commands
from bot.channels.telegram.polling import Poller
from bot.channels.telegram.webhook import ClaimingWebhook
from bot.config import Settings
from bot.core.ports import ClaimSpace, Store

log = structlog.get_logger(__name__)

GRACE_SECONDS = 2.5
# Starts the claim keeper for a replayer (None when the store is not leased); see bot/app.py.
KeeperStarter = Callable[[Poller, asyncio.Event], "asyncio.Task[None] | None"]


class Routes(Protocol):
    """Another channel's webhook served beside Telegram's on the same HOST:PORT (WhatsApp)."""

    def register(self, app: web.Application, /) -> None: ...

    async def drain(self, grace: float) -> None: ...



def _no_keeper(replayer: Poller, stop: asyncio.Event) -> asyncio.Task[None] | None:
    return None


async def _stop_keeper(task: asyncio.Task[None] | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def _startup_calls(bot: Bot, dp: Dispatcher) -> None:
    """Commands menu (/lawyer with a handoff desk); failures here must not keep the bot from answering."""
    try:
        await set_commands(bot, handoff=dp.workflow_data.get("handoff") is not None)
    except Exception as exc:
        log.warning("set_commands_failed", error=type(exc).__name__)


async def poll(
    bot: Bot,
    dp: Dispatcher,
    store: Store,
    *,
    stop: asyncio.Event,
    keeper: KeeperStarter = _no_keeper,
) -> None:
    """Long polling against the bot's API until ``stop`` is set (the caller owns bot and store)."""
    poller = Poller(dp, bot, store)
    with contextlib.suppress(Exception):
        await bot.delete_webhook(drop_pending_updates=False)
    await _startup_calls(bot, dp)
    await dp.emit_startup(bot=bot)
    log.info("polling_started")
    task = keeper(poller, stop)
    try:
        await poller.run(stop)
    finally:
        await _stop_keeper(task)
        await dp.emit_shutdown(bot=bot)
        await dp.storage.close()
        await dp.fsm.events_isolation.close()
    log.info("polling_stopped", processed=poller.processed)


async def serve_webhook(
    settings: Settings,
    bot: Bot,
    dp: Dispatcher,
    store: Store,
    *,
    stop: asyncio.Event,
    keeper: KeeperStarter = _no_keeper,
    extra: Sequence[Routes] = (),
) -> None:
    """Register WEBHOOK_URL with its secret, serve its path (and ``extra`` routes) on HOST:PORT
    until ``stop``."""
    assert settings.webhook_url and settings.webhook_secret
    secret = settings.webhook_secret.get_secret_value()
    handler = ClaimingWebhook(dp, bot, store, secret_token=secret)
    app = web.Application()
    path = urlsplit(settings.webhook_url).path or "/"
    handler.register(app, path=path)
    for routes in extra:
        routes.register(app)
    # What a previous run accepted but did not answer, listed before this one accepts anything:
    # an update claimed from now on is this run's own and must not be replayed beside it.
    replayer = Poller(dp, bot, store)
    pending = await store.pending_updates(ClaimSpace.TELEGRAM)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        await _startup_calls(bot, dp)
        await dp.emit_startup(bot=bot)
        await bot.set_webhook(
            settings.webhook_url,
            secret_token=secret,
            allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        await replayer.replay(pending)
        task = keeper(replayer, stop)
        log.info("webhook_started", path=path, port=settings.port)
        await stop.wait()
        await _stop_keeper(task)
        await handler.drain(GRACE_SECONDS)
        for routes in extra:
            await routes.drain(GRACE_SECONDS)
        await replayer.drain()
        await dp.emit_shutdown(bot=bot)
    finally:
        await runner.cleanup()  # also closes the bot session (ClaimingWebhook.close)
        await bot.session.close()
