"""The WhatsApp acceptance check: the real ``python -m bot run --webhook`` process, WhatsApp only,
against the Graph API stand-in (testkit/graphapi.py), with Redis for the FSM state.

Verification, signatures, three languages with the right facts, choices within Meta's limits and
a button reply answered, a duplicate delivery answered once, statuses ignored, a 500 retried and
delivered once, a restart in the middle of the TSA pre-check, a SIGKILL with a reply in flight
(sent once after the restart); at the end, that no request went
over the limits and that the logs hold no phone number and no question text.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from testkit import graphapi
from testkit.graphapi import FakeGraphApi
from testkit.infra import BotProcess, RedisServer, free_port, wait_port
from tests.channels.telegram.e2e.stack import CONTENT_DIR, START_TIMEOUT, db_upgrade

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

APP_SECRET = "e2e-app-secret"
VERIFY_TOKEN = "e2e-verify-token"
TOKEN = "e2e-graph-token"
PHONE_ID = "109876543210"
QUESTIONS: list[str] = []  # every question text sent: none may show in the logs
PHONES: list[str] = []


@dataclass
class Stack:
    api: FakeGraphApi
    bot: BotProcess
    url: str
    db: Path

    async def say(self, phone: str, text: str, *, mid: str | None = None) -> int:
        QUESTIONS.append(text)
        PHONES.append(phone)
        data = graphapi.payload([graphapi.text_message(phone, text, mid=mid)], phone_number_id=PHONE_ID)
        return await graphapi.deliver(self.url, data, secret=APP_SECRET)

    async def press(self, phone: str, reply_id: str) -> int:
        data = graphapi.payload([graphapi.button_reply(phone, reply_id)], phone_number_id=PHONE_ID)
        return await graphapi.deliver(self.url, data, secret=APP_SECRET)

    async def replies(self, phone: str, count: int) -> list[dict[str, Any]]:
        return await self.api.replies(phone, count, timeout=20)


def _env(api: FakeGraphApi, tmp: Path, port: int, redis_url: str) -> dict[str, str]:
    drop = ("BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "REDIS_URL")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("WHATSAPP_")}
    env.update(
        WHATSAPP_TOKEN=TOKEN,
        WHATSAPP_PHONE_NUMBER_ID=PHONE_ID,
        WHATSAPP_APP_SECRET=APP_SECRET,
        WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN,
        WHATSAPP_API_URL=api.url,
        REDIS_URL=redis_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp / 'bot.db'}",
        CONTENT_DIR=str(CONTENT_DIR),
        USER_HASH_SECRET="e2e-secret",
        HOST="127.0.0.1",
        PORT=str(port),
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    tmp = tmp_path_factory.mktemp("e2e_whatsapp")
    api = FakeGraphApi(token=TOKEN, phone_number_id=PHONE_ID)
    await api.start()
    redis = await RedisServer.start(tmp / "redis")
    port = free_port()
    env = _env(api, tmp, port, redis.url)
    await asyncio.to_thread(db_upgrade, env)
    bot = BotProcess(env, tmp / "bot.log", args=("--webhook",), port=port)
    try:
        await bot.start(within=START_TIMEOUT)
        yield Stack(api, bot, f"http://127.0.0.1:{port}/whatsapp", tmp / "bot.db")
        assert await bot.stop() == 0
    finally:
        bot.kill()
        redis.stop()
        await api.stop()
        print(bot.log()[-3000:])


def _bodies(messages: list[dict[str, Any]]) -> str:
    out = []
    for m in messages:
        out.append(m["text"]["body"] if m["type"] == "text" else m["interactive"]["body"]["text"])
    return "\n".join(out)


def _choice_ids(message: dict[str, Any]) -> list[str]:
    action = message["interactive"]["action"]
    if "buttons" in action:
        return [b["reply"]["id"] for b in action["buttons"]]
    return [r["id"] for s in action["sections"] for r in s["rows"]]


async def test_the_subscription_check(stack: Stack) -> None:
    assert await graphapi.verify_subscription(stack.url, VERIFY_TOKEN, "ch-42") == (200, "ch-42")
    assert (await graphapi.verify_subscription(stack.url, "wrong", "ch-42"))[0] == 403
    assert (await graphapi.verify_subscription(stack.url, VERIFY_TOKEN, "ch-42", mode="unsubscribe"))[0] == 403


async def test_unsigned_and_wrongly_signed_posts_are_refused_and_nothing_is_sent(stack: Stack) -> None:
    data = graphapi.payload([graphapi.text_message("77010000001", "Какой пенсионный возраст?")], phone_number_id=PHONE_ID)
    assert await graphapi.deliver(stack.url, data, secret=None) == 403
    assert await graphapi.deliver(stack.url, data, secret=APP_SECRET, wrong=True) == 403
    assert await graphapi.deliver(stack.url, data, secret="another-secret") == 403
    # A signed message from someone else is answered, so the refused ones had their chance.
    assert await stack.say("77010000002", "Какой пенсионный возраст?") == 200
    await stack.replies("77010000002", 1)
    assert stack.api.sent_to("77010000001") == []


@pytest.mark.parametrize(
    ("phone", "question", "words"),
    [
        ("77010000011", "Атаулы әлеуметтік көмекті кім алады?", ("Атаулы әлеуметтік көмек", "70 %", "2019")),
        ("77010000012", "Кому положена адресная социальная помощь?", ("Адресная социальная помощь", "70 %", "2019")),
        ("77010000013", "Who is eligible for targeted social assistance?", ("Targeted social assistance", "70 %", "2019")),
    ],
)
async def test_three_languages_get_the_tsa_entry_with_its_facts(
    stack: Stack, phone: str, question: str, words: tuple[str, ...]
) -> None:
    assert await stack.say(phone, question) == 200
    await stack.api.wait_for(lambda: any(m["type"] == "interactive" for m in stack.api.sent_to(phone)), 20)
    sent = stack.api.sent_to(phone)
    text = _bodies(sent)
    assert all(w in text for w in words), text[:500]
    assert "<b>" not in text and "</" not in text and text.startswith("*")
    ids = _choice_ids(sent[-1])
    assert any(i.startswith("tsa|") for i in ids) and any(i.startswith("up|") for i in ids)


async def test_a_button_reply_is_answered(stack: Stack) -> None:
    phone = "77010000021"
    await stack.say(phone, "Какой пенсионный возраст?")
    await stack.api.wait_for(lambda: any(m["type"] == "interactive" for m in stack.api.sent_to(phone)), 20)
    up = next(i for i in _choice_ids(stack.api.sent_to(phone)[-1]) if i.startswith("up|"))
    before = len(stack.api.sent_to(phone))
    assert await stack.press(phone, up) == 200
    [thanks] = (await stack.replies(phone, before + 1))[before:]
    assert thanks["text"]["body"] == "Спасибо за отзыв!"


async def test_the_menu_is_a_paged_list(stack: Stack) -> None:
    phone = "77010000031"
    await stack.say(phone, "меню")
    [menu] = await stack.replies(phone, 1)
    rows = _choice_ids(menu)
    assert menu["interactive"]["type"] == "list" and len(rows) == 10 and rows[-1].startswith("more|ru|topics@")
    await stack.press(phone, rows[-1])
    second = (await stack.replies(phone, 2))[1]
    assert _choice_ids(second)[0] not in rows


async def test_a_duplicate_delivery_is_answered_once(stack: Stack) -> None:
    phone = "77010000041"
    mid = graphapi.message_id()
    assert await stack.say(phone, "What is the retirement age?", mid=mid) == 200
    assert await stack.say(phone, "What is the retirement age?", mid=mid) == 200
    twice = graphapi.payload([graphapi.text_message(phone, "What is the retirement age?", mid=mid)] * 2)
    assert await graphapi.deliver(stack.url, twice, secret=APP_SECRET) == 200
    # Then a marker: once it is answered, a duplicate would have been answered too.
    await stack.say(phone, "menu")
    await stack.api.wait_for(lambda: any("Choose a topic" in _bodies([m]) for m in stack.api.sent_to(phone)), 20)
    await asyncio.sleep(0.3)
    answers = [m for m in stack.api.sent_to(phone) if "Choose a topic" not in _bodies([m])]
    assert "Retirement" in _bodies(answers) or "retirement" in _bodies(answers)
    assert [m["type"] for m in answers].count("interactive") == 1  # every reply ends with its choices


async def test_statuses_and_media_get_no_answer_or_a_please_type(stack: Stack) -> None:
    phone = "77010000051"
    statuses = graphapi.payload(statuses=[graphapi.status(phone, s) for s in ("sent", "delivered", "read")])
    assert await graphapi.deliver(stack.url, statuses, secret=APP_SECRET) == 200
    image = graphapi.payload([graphapi.image_message(phone)], phone_number_id=PHONE_ID)
    assert await graphapi.deliver(stack.url, image, secret=APP_SECRET) == 200
    [reply] = await stack.replies(phone, 1)
    assert "напишите" in reply["text"]["body"].lower()
    await asyncio.sleep(0.5)
    assert len(stack.api.sent_to(phone)) == 1


async def test_a_500_is_retried_and_delivered_once(stack: Stack) -> None:
    phone = "77010000061"
    stack.api.fail_next(500)
    calls = len(stack.api.calls)
    await stack.say(phone, "меню")
    [menu] = await stack.replies(phone, 1)
    statuses = [c.status for c in stack.api.calls[calls:] if isinstance(c.body, dict) and c.body.get("to") == phone]
    assert statuses == [500, 200]
    await asyncio.sleep(0.5)
    assert stack.api.sent_to(phone) == [menu]


async def test_a_restart_in_the_middle_of_the_tsa_pre_check(stack: Stack) -> None:
    phone = "77010000071"
    await stack.press(phone, "tsa|ru|")
    await stack.replies(phone, 1)
    await stack.say(phone, "4")
    [_, income_question] = await stack.replies(phone, 2)
    assert "доход" in _bodies([income_question]).lower()
    assert await stack.bot.stop() == 0
    port = int(stack.bot.env["PORT"])
    await stack.bot.start(within=START_TIMEOUT)
    await wait_port(port, START_TIMEOUT)
    await stack.say(phone, "100 000")
    verdict = await stack.api.replies(phone, 3, timeout=20)
    assert "25\u00a0000" in _bodies(verdict[2:])  # 100 000 tenge for 4 people


async def test_a_reply_in_flight_at_a_sigkill_is_sent_once_after_the_restart(stack: Stack) -> None:
    phone = "77010000081"
    stack.api.hold_next()  # the Graph API takes the reply's request and does not answer it
    assert await stack.say(phone, "Кому положена адресная социальная помощь?") == 200
    await stack.api.wait_for(lambda: any(c.body.get("to") == phone for c in stack.api.held()), 20)
    stack.bot.kill()  # 200 given to Meta (no redelivery), the reply not out, nothing finished
    stack.api.release()
    assert stack.api.sent_to(phone) == []
    await stack.bot.start(within=START_TIMEOUT)
    # Claims are leased (REDIS_URL): the restarted replica takes the dead one's over when its
    # lease (8 s) runs out, in a sweep of the claim keeper.
    await stack.api.wait_for(lambda: any(m["type"] == "interactive" for m in stack.api.sent_to(phone)), 30)
    await stack.say("77010000082", "меню")  # a marker: answered after any duplicate would be
    await stack.replies("77010000082", 1)
    await asyncio.sleep(1.5)  # a second sweep, which must not answer it again
    sent = stack.api.sent_to(phone)
    assert "Адресная социальная помощь" in _bodies(sent) and [m["type"] for m in sent].count("interactive") == 1
    assert len({_bodies([m]) for m in sent}) == len(sent)  # no message twice
    assert "whatsapp_replaying_pending" in stack.bot.log()


async def test_no_request_over_the_limits_and_no_person_in_the_logs(stack: Stack) -> None:
    assert stack.api.refused() == []
    assert stack.api.accepted, "the checks above sent messages"
    await asyncio.sleep(0.2)
    log = stack.bot.log()
    leaks = [p for p in set(PHONES) if p in log] + [q for q in set(QUESTIONS) if len(q) > 5 and q in log]
    assert not leaks, leaks
    # The store keeps pseudonyms: once every message is answered, no number is left in any table
    # (a claim holds the message only until its reply is out).
    dump = "\n".join(_sqlite_dump(stack.db))
    assert "whatsapp" in dump  # the questions were logged, by channel
    assert [p for p in set(PHONES) if p in dump] == []


def _sqlite_dump(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [repr(row) for table in tables for row in db.execute(f'SELECT * FROM "{table}"')]
