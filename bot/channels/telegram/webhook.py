"""Webhook mode: an aiohttp view that checks the secret token, claims the update, answers 200.

Telegram sends ``X-Telegram-Bot-Api-Secret-Token`` with the secret given to setWebhook; a
request without the right one gets 401 and never reaches the dispatcher. A good request is
claimed in the store *before* we answer 200 (after 200 Telegram will not resend it), then
handled in the background; a duplicate is acknowledged and dropped. Nothing else lives in the
process, so several replicas can serve the same URL (with Redis for FSM state).

Built on aiogram's public API only (``Dispatcher.feed_update``, ``Update.model_validate``), so
a minor aiogram upgrade cannot change what happens between the request and the dispatcher.
"""

from __future__ import annotations

import asyncio
import hmac
from typing import Any

import structlog
from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web

from bot.channels.telegram.middlewares.updates import update_payload
from bot.core.ports import Store

log = structlog.get_logger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class ClaimingWebhook:
    def __init__(self, dispatcher: Dispatcher, bot: Bot, store: Store, *, secret_token: str, **data: Any) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.store = store
        self.secret_token = secret_token
        self.data = data
        self._tasks: set[asyncio.Task[None]] = set()

    def register(self, app: web.Application, /, path: str) -> None:
        app.router.add_post(path, self.handle)
        app.on_shutdown.append(self._on_shutdown)

    async def _on_shutdown(self, _app: web.Application) -> None:
        await self.bot.session.close()

    def verify_secret(self, given: str) -> bool:
        return hmac.compare_digest(given.encode("utf-8"), self.secret_token.encode("utf-8"))

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, "")):
            return web.Response(body="Unauthorized", status=401)
        bot = self.bot
        try:
            update = Update.model_validate(await request.json(loads=bot.session.json_loads), context={"bot": bot})
        except ValueError:
            return web.json_response({"ok": False}, status=400)
        try:
            claimed = await self.store.claim_update(update.update_id, update_payload(update))
        except Exception as exc:
            # The store is down (after its own retries): answer anyway rather than leave the
            # citizen waiting for the database (at-least-once until it is back).
            log.error("claim_failed_answering_anyway", update_id=update.update_id, error=type(exc).__name__)
            claimed = True
        if not claimed:
            log.info("duplicate_update", update_id=update.update_id)
            return web.json_response({})
        task = asyncio.create_task(self._feed(bot, update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({})

    async def _feed(self, bot: Bot, update: Update) -> None:
        try:
            await self.dispatcher.feed_update(bot, update, claimed=True, **self.data)
        except Exception as exc:
            log.warning("update_failed", update_id=update.update_id, error=type(exc).__name__)

    async def drain(self, grace: float) -> None:
        tasks = set(self._tasks)
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
