"""The /whatsapp webhook: Meta's subscription check and the signed message deliveries.

GET with ``hub.mode=subscribe`` and the right ``hub.verify_token`` answers ``hub.challenge``
(200), anything else 403. A POST must carry ``X-Hub-Signature-256`` over its raw body (403
otherwise, and nothing is read from it). Each message is claimed in the store by its id before
the 200 (the same claims that make Telegram updates exactly-once, across restarts and replicas):
a duplicate delivery is acknowledged and dropped. Then 200 at once, and the answer in a tracked
background task, so a stop waits for replies in flight.

Nothing lost on a crash: Meta does not redeliver what got its 200, so the claim's payload holds
the parsed message (``inbound.to_claim``) until the reply is out and the claim finished (which
drops the payload). ``replay_pending`` answers what a killed run left: at start (before this run
accepts anything) and, with leased claims (several replicas), in the claim keeper's sweeps,
which hand each expired claim to exactly one replica. A message older than Meta's 24-hour
customer-service window can no longer be answered: its claim is finished unanswered. A stop
whose grace runs out leaves the cancelled messages pending for the next start.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
from collections.abc import Callable

import structlog
from aiohttp import web

from bot.channels.whatsapp.conversation import WINDOW_SECONDS, Conversation
from bot.channels.whatsapp.inbound import Inbound, PayloadError, claim_id, from_claim, parse, to_claim
from bot.channels.whatsapp.signature import HEADER, verify
from bot.core.ports import ClaimSpace, PendingUpdate, Store

log = structlog.get_logger(__name__)

PATH = "/whatsapp"
MAX_BODY = 1024 * 1024  # Meta's deliveries are a few kB


class WhatsAppWebhook:
    def __init__(
        self,
        conversation: Conversation,
        store: Store,
        *,
        app_secret: str,
        verify_token: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.conversation = conversation
        self.store = store
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.clock = clock
        self._tasks: set[asyncio.Task[None]] = set()
        self._answering: set[int] = set()  # claim keys of the messages this process is answering
        self.handled = 0
        self.replayed = 0

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
                self._spawn(message)
        return web.Response(text="OK")

    def _spawn(self, message: Inbound, *, replay: bool = False) -> None:
        key = claim_id(message.message_id)
        self._answering.add(key)
        task = asyncio.create_task(self._handle(message, key, replay=replay))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _claim(self, message: Inbound) -> bool:
        try:
            claimed = await self.store.claim_update(claim_id(message.message_id), to_claim(message, self.clock()))
        except Exception as exc:
            # The store is down after its own retries: answer anyway (at least once until it is back).
            log.error("whatsapp_claim_failed_answering_anyway", error=type(exc).__name__)
            return True
        if not claimed:
            log.info("whatsapp_duplicate_message")
        return claimed

    async def _handle(self, message: Inbound, key: int, *, replay: bool = False) -> None:
        try:
            await self.conversation.handle(message, replay=replay)
            self.handled += 1
        except asyncio.CancelledError:
            # A stop's grace ran out: the claim stays pending and the next start answers it.
            self._answering.discard(key)
            log.warning("whatsapp_message_left_pending", kind=message.kind.value)
            raise
        except Exception as exc:
            # A bug or a store failure: finished anyway, or a poison message would be replayed forever.
            log.warning("whatsapp_message_failed", kind=message.kind.value, error=type(exc).__name__)
        await self._finish(key)

    async def _finish(self, key: int) -> None:
        try:
            await self.store.finish_update(key)
        except Exception as exc:
            log.warning("whatsapp_finish_failed", error=type(exc).__name__)
        finally:
            self._answering.discard(key)

    async def pending(self) -> list[PendingUpdate]:
        """The WhatsApp claims a previous (or a dead) run left unanswered."""
        return list(await self.store.pending_updates(ClaimSpace.WHATSAPP))

    async def replay_pending(self) -> int:
        """Answer what was claimed but not answered; returns how many are being answered."""
        return await self.replay(await self.pending())

    async def replay(self, pending: list[PendingUpdate]) -> int:
        messages: list[Inbound] = []
        now = self.clock()
        for item in pending:
            if item.update_id in self._answering:  # this process is answering it right now
                continue
            try:
                message = from_claim(item.payload)
            except PayloadError:
                log.warning("whatsapp_pending_unreadable")
                await self._finish(item.update_id)
                continue
            if now - message.timestamp > WINDOW_SECONDS:
                # Free-form replies are allowed only within 24 h of the user's message.
                log.warning("whatsapp_pending_window_closed", hours=round((now - message.timestamp) / 3600, 1))
                await self._finish(item.update_id)
                continue
            messages.append(message)
        for message in sorted(messages, key=lambda m: m.timestamp):  # one user's in the order sent
            self._spawn(message, replay=True)
        self.replayed += len(messages)
        if messages:
            log.info("whatsapp_replaying_pending", count=len(messages))
        return len(messages)

    async def drain(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for the replies in flight, then cancel the rest."""
        tasks = set(self._tasks)
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=0.5)
