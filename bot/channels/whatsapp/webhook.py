"""The /whatsapp webhook: Meta's subscription check and the signed message deliveries.

GET with ``hub.mode=subscribe`` and the right ``hub.verify_token`` answers ``hub.challenge``
(200), anything else 403. A POST must carry ``X-Hub-Signature-256`` over its raw body (403
otherwise, and nothing is read from it). Each message is claimed in the store by its id before
the 200 (the same claims that make Telegram updates exactly-once, across restarts and replicas):
a duplicate delivery is acknowledged and dropped. Then 200 at once, and the answer in a tracked
background task, so a stop waits for replies in flight.
"""

from __future__ import annotations

import asyncio
import hmac
import json

import structlog
from aiohttp import web

from bot.channels.whatsapp.conversation import Conversation
from bot.channels.whatsapp.inbound import Inbound, PayloadError, claim_id, parse
from bot.channels.whatsapp.signature import HEADER, verify
from bot.core.ports import Store

log = structlog.get_logger(__name__)

PATH = "/whatsapp"
MAX_BODY = 1024 * 1024  # Meta's deliveries are a few kB


class WhatsAppWebhook:
    def __init__(self, conversation: Conversation, store: Store, *, app_secret: str, verify_token: str) -> None:
        self.conversation = conversation
        self.store = store
        self.app_secret = app_secret
        self.verify_token = verify_token
        self._tasks: set[asyncio.Task[None]] = set()
        self.handled = 0

    def register(self, app: web.Application, /, path: str = PATH) -> None:
        app.router.add_get(path, self.subscribe)
        app.router.add_post(path, self.receive)

    async def subscribe(self, request: web.Request) -> web.Response:
        query = request.query
        token = query.get("hub.verify_token", "")
        if query.get("hub.mode") == "subscribe" and hmac.compare_digest(
            token.encode("utf-8"), self.verify_token.encode("utf-8")
        ):
            log.info("whatsapp_subscription_verified")
            return web.Response(text=query.get("hub.challenge", ""))
        log.warning("whatsapp_subscription_refused")
        return web.Response(status=403, text="Forbidden")

    async def receive(self, request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413)
        body = await request.read()
        if not verify(self.app_secret, body, request.headers.get(HEADER)):
            log.warning("whatsapp_bad_signature", signed=HEADER in request.headers)
            return web.Response(status=403, text="Forbidden")
        try:
            inbound = parse(json.loads(body))
        except (ValueError, PayloadError):
            log.warning("whatsapp_bad_payload")
            return web.Response(status=400)
        for message in inbound:
            if await self._claim(message):
                task = asyncio.create_task(self._handle(message))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        return web.Response(text="OK")

    async def _claim(self, message: Inbound) -> bool:
        key = claim_id(message.message_id)
        try:
            # The payload column holds nothing personal: a WhatsApp claim is not replayed.
            claimed = await self.store.claim_update(key, "{}")
        except Exception as exc:
            # The store is down after its own retries: answer anyway (at least once until it is back).
            log.error("whatsapp_claim_failed_answering_anyway", error=type(exc).__name__)
            return True
        if not claimed:
            log.info("whatsapp_duplicate_message")
        return claimed

    async def _handle(self, message: Inbound) -> None:
        try:
            await self.conversation.handle(message)
            self.handled += 1
        except Exception as exc:
            log.warning("whatsapp_message_failed", kind=message.kind.value, error=type(exc).__name__)
        finally:
            try:
                await self.store.finish_update(claim_id(message.message_id))
            except Exception as exc:
                log.warning("whatsapp_finish_failed", error=type(exc).__name__)

    async def drain(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for the replies in flight, then cancel the rest."""
        tasks = set(self._tasks)
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
