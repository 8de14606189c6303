"""Nothing lost on a crash: a WhatsApp message claimed but not answered is answered by the next
start (or, with leased claims, by exactly one replica), once; each channel replays only its own."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import create_async_engine

from bot.channels.telegram.polling import Poller
from bot.channels.whatsapp.conversation import WINDOW_SECONDS, Conversation
from bot.channels.whatsapp.inbound import Inbound, InboundKind, PayloadError, claim_id, from_claim, to_claim
from bot.channels.whatsapp.webhook import WhatsAppWebhook
from bot.content.holder import ServiceHolder
from bot.core.limits import LocalFloodGate
from bot.core.ports import ClaimSpace, Store
from bot.storage.leased import LeasedSqlStore, Replayers
from bot.storage.memory import InMemoryStore
from bot.storage.migrate import upgrade_url
from testkit import graphapi
from tests.channels.telegram.harness import FakeService

SECRET = "app-secret"
PHONE = "77011234567"
NOW = 1_700_000_000.0


class Sender:
    """Records what went out; ``hold`` keeps every send in flight (the process "dies" there)."""

    def __init__(self, *, hold: bool = False) -> None:
        self.hold = hold
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.in_flight = asyncio.Event()

    async def send(self, to: str, message: dict[str, Any], *, pace_key: str) -> bool:
        if self.hold:
            self.in_flight.set()
            await asyncio.Event().wait()  # until cancelled
        self.sent.append((to, message))
        return True


class Run:
    """One run of the bot's WhatsApp side (a process) over a shared store."""

    def __init__(self, store: Store, sender: Sender, *, now: float = NOW) -> None:
        self.sender = sender
        self.now = now
        self.conversation = Conversation(
            holder=ServiceHolder(FakeService()),  # type: ignore[arg-type]
            store=store,
            storage=MemoryStorage(),
            isolation=SimpleEventIsolation(),
            sender=sender,
            secret="s3cret",
            clock=lambda: self.now,
            flood_gate=LocalFloodGate(limit=1),
        )
        self.webhook = WhatsAppWebhook(
            self.conversation, store, app_secret=SECRET, verify_token="v", clock=lambda: self.now
        )

    async def kill(self) -> None:
        """Abandon the replies in flight, as a SIGKILL would: nothing finished, nothing sent."""
        for task in set(self.webhook._tasks):
            task.cancel()
        await asyncio.gather(*self.webhook._tasks, return_exceptions=True)


@pytest.fixture
async def client() -> AsyncIterator[Any]:
    clients: list[TestClient[web.Request, web.Application]] = []

    async def make(run: Run) -> TestClient[web.Request, web.Application]:
        app = web.Application()
        run.webhook.register(app)
        c = TestClient(TestServer(app))
        await c.start_server()
        clients.append(c)
        return c

    yield make
    for c in clients:
        await c.close()


def body(message: dict[str, Any]) -> str:
    return str(message["interactive"]["body"]["text"] if message["type"] == "interactive" else message["text"]["body"])


async def post(c: TestClient[web.Request, web.Application], *messages: dict[str, Any]) -> int:
    body = json.dumps(graphapi.payload(list(messages)), ensure_ascii=False).encode()
    resp = await c.post("/whatsapp", data=body, headers={"X-Hub-Signature-256": graphapi.signature(SECRET, body)})
    return resp.status


@given(
    st.text(min_size=1, max_size=40),
    st.text(min_size=1, max_size=20),
    st.sampled_from(list(InboundKind)),
    st.text(max_size=200),
    st.floats(min_value=0, max_value=2e9),
)
def test_a_claim_payload_holds_the_message(mid: str, sender: str, kind: InboundKind, value: str, ts: float) -> None:
    message = Inbound(mid, sender, kind, ts, text=value if kind is InboundKind.TEXT else "",
                      choice_id=value if kind is InboundKind.CHOICE else "")
    back = from_claim(to_claim(message, received=NOW))
    assert back == (message if ts else Inbound(mid, sender, kind, NOW, message.text, message.choice_id))


@pytest.mark.parametrize("payload", ["{}", "", "[]", '{"id": "m", "from": "", "type": "text", "ts": 1}',
                                     '{"id": "m", "from": "7", "type": "video", "ts": 1}'])
def test_what_is_not_a_claim_payload_is_an_error(payload: str) -> None:
    with pytest.raises(PayloadError):
        from_claim(payload)


async def test_a_message_whose_reply_was_in_flight_at_a_crash_is_answered_once_by_the_next_start(
    client: Any,
) -> None:
    store = InMemoryStore()
    first = Run(store, Sender(hold=True))
    assert await post(await client(first), graphapi.text_message(PHONE, "Какой пенсионный возраст?", mid="m1")) == 200
    await asyncio.wait_for(first.sender.in_flight.wait(), 5)
    await first.kill()
    [pending] = await store.pending_updates(ClaimSpace.WHATSAPP)
    assert pending.update_id == claim_id("m1") and from_claim(pending.payload).text == "Какой пенсионный возраст?"

    second = Run(store, Sender())
    assert await second.webhook.replay_pending() == 1
    await second.webhook.drain(5)
    [(to, reply)] = second.sender.sent
    assert to == PHONE and body(reply).startswith("*Пенсионный возраст*")
    assert await store.pending_updates(ClaimSpace.WHATSAPP) == []
    assert store.updates[claim_id("m1")].payload is None  # the message left the store with the claim
    # A third start, and Meta redelivering the message: neither answers again.
    assert await second.webhook.replay_pending() == 0
    assert await post(await client(second), graphapi.text_message(PHONE, "Какой пенсионный возраст?", mid="m1")) == 200
    await second.webhook.drain(5)
    assert len(second.sender.sent) == 1


async def test_replayed_messages_pass_the_flood_gate_and_keep_their_order(client: Any) -> None:
    store = InMemoryStore()
    first = Run(store, Sender(hold=True))
    c = await client(first)
    await post(c, graphapi.text_message(PHONE, "меню", mid="a", timestamp=NOW - 20))
    await asyncio.wait_for(first.sender.in_flight.wait(), 5)
    await post(c, graphapi.text_message(PHONE, "Какой пенсионный возраст?", mid="b", timestamp=NOW - 10))
    await first.kill()
    second = Run(store, Sender())  # its flood gate lets one message in: replays are not counted
    assert await second.webhook.replay_pending() == 2
    await second.webhook.drain(5)
    bodies = [body(m) for _, m in second.sender.sent]
    assert bodies[0] == "Выберите тему:" and bodies[1].startswith("*Пенсионный возраст*")


async def test_a_message_older_than_the_24_hour_window_is_finished_unanswered() -> None:
    store = InMemoryStore()
    old = Inbound("m-old", PHONE, InboundKind.TEXT, NOW - WINDOW_SECONDS - 60, text="Пенсия?")
    await store.claim_update(claim_id(old.message_id), to_claim(old, NOW))
    run = Run(store, Sender())
    assert await run.webhook.replay_pending() == 0
    assert run.sender.sent == [] and await store.pending_updates(ClaimSpace.WHATSAPP) == []


async def test_an_unreadable_claim_is_finished_not_replayed_forever() -> None:
    store = InMemoryStore()
    await store.claim_update(claim_id("m-before-payloads"), "{}")
    run = Run(store, Sender())
    assert await run.webhook.replay_pending() == 0
    assert await store.pending_updates(ClaimSpace.WHATSAPP) == []


async def test_the_telegram_replayer_leaves_whatsapp_claims_alone_and_vice_versa() -> None:
    store = InMemoryStore()
    message = Inbound("m1", PHONE, InboundKind.TEXT, NOW, text="меню")
    await store.claim_update(claim_id("m1"), to_claim(message, NOW))
    update = '{"update_id": 7, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "hi"}}'
    await store.claim_update(7, update)  # a Telegram update, not answered
    run = Run(store, Sender())
    bot = Bot("42:TEST")
    try:
        telegram = Poller(Dispatcher(), bot, store)
        # Only the Telegram update is fed (to a bare dispatcher, which leaves it pending); before,
        # the WhatsApp claim was "finished as unreadable" here.
        assert await telegram.replay_pending() == 1
        await telegram.drain()
    finally:
        await bot.session.close()
    assert [p.update_id for p in await store.pending_updates(ClaimSpace.WHATSAPP)] == [claim_id("m1")]
    assert await run.webhook.replay_pending() == 1
    await run.webhook.drain(5)
    assert [p.update_id for p in await store.pending_updates(ClaimSpace.TELEGRAM)] == [7]


async def test_a_stop_whose_grace_runs_out_leaves_the_message_pending(client: Any) -> None:
    store = InMemoryStore()
    run = Run(store, Sender(hold=True))
    await post(await client(run), graphapi.text_message(PHONE, "меню", mid="m1"))
    await asyncio.wait_for(run.sender.in_flight.wait(), 5)
    await run.webhook.drain(0.05)
    assert [p.update_id for p in await store.pending_updates(ClaimSpace.WHATSAPP)] == [claim_id("m1")]


async def test_with_leased_claims_exactly_one_replica_replays_a_dead_replicas_message(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    upgrade_url(url)
    engine = create_async_engine(url)
    try:
        dead, b, c = (LeasedSqlStore(engine, lease=0.2) for _ in range(3))
        message = Inbound("m1", PHONE, InboundKind.TEXT, NOW, text="меню")
        assert await dead.claim_update(claim_id("m1"), to_claim(message, NOW))
        run_b, run_c = Run(b, Sender()), Run(c, Sender())
        assert await run_b.webhook.replay_pending() + await run_c.webhook.replay_pending() == 0  # still leased
        await asyncio.sleep(0.3)  # the dead replica stopped renewing
        replayed = await asyncio.gather(
            Replayers(run_b.webhook).replay_pending(), Replayers(run_c.webhook).replay_pending()
        )
        assert sorted(replayed) == [0, 1]
        await run_b.webhook.drain(5)
        await run_c.webhook.drain(5)
        assert len(run_b.sender.sent) + len(run_c.sender.sent) == 1
        assert await b.pending_updates(ClaimSpace.WHATSAPP) == []
    finally:
        await engine.dispose()
