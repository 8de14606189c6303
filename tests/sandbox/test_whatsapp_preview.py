"""The sandbox's WhatsApp view: the real WhatsApp conversation and renderer behind /api/whatsapp."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import load_holder, whatsapp_preview
from bot.config import Settings, load_settings
from bot.core.ports import Store
from bot.sandbox.server import Sandbox, build_app
from bot.storage.memory import InMemoryStore
from testkit.graphapi import validate_message

REPO = Path(__file__).parents[2]


@pytest.fixture
async def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
async def client(tmp_path: Path, store: InMemoryStore) -> AsyncIterator[TestClient[Any, Any]]:
    async def open_store(settings: Settings) -> Store:
        return store

    settings = load_settings(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/s.db", CONTENT_DIR=str(REPO / "content"))
    holder = await load_holder(settings)

    async def whatsapp(settings: Settings, store: Store | None) -> Any:
        return await whatsapp_preview(settings, store, holder)

    sandbox = Sandbox(settings, open_store=open_store, whatsapp=whatsapp)
    await sandbox.start()
    async with TestClient(TestServer(build_app(sandbox))) as c:
        yield c
    await sandbox.stop()


async def test_a_question_gets_the_whatsapp_rendering(client: TestClient[Any, Any], store: InMemoryStore) -> None:
    assert (await (await client.get("/api/whatsapp")).json()) == {"enabled": True, "messages": []}
    resp = await client.post("/api/whatsapp", json={"text": "Кому положена адресная социальная помощь?"})
    assert resp.status == 200
    log = (await resp.json())["messages"]
    assert log[0] == {"from": "user", "text": "Кому положена адресная социальная помощь?"}
    bot = [item["message"] for item in log[1:]]
    assert bot and all(item["from"] == "bot" for item in log[1:])
    for message in bot:
        validate_message({"messaging_product": "whatsapp", "to": "77000000000", **message})
    first = bot[0]["text"]["body"] if bot[0]["type"] == "text" else bot[0]["interactive"]["body"]["text"]
    assert first.startswith("*") and "70 %" in first and "<b>" not in first
    assert bot[-1]["type"] == "interactive"
    [stored] = store.questions
    assert stored.record.channel == "sandbox" and stored.record.entry_id == "tsa-eligibility"


async def test_a_choice_is_answered_and_shown_by_its_title(client: TestClient[Any, Any]) -> None:
    log = (await (await client.post("/api/whatsapp", json={"text": "меню"})).json())["messages"]
    rows = log[-1]["message"]["interactive"]["action"]["sections"][0]["rows"]
    assert len(rows) == 10 and rows[-1]["id"].startswith("more|ru|topics@")
    log = (await (await client.post("/api/whatsapp", json={"choice": rows[0]["id"], "title": rows[0]["title"]})).json())[
        "messages"
    ]
    assert {"from": "user", "text": rows[0]["title"]} in log
    assert log[-1]["message"]["type"] == "interactive"


@pytest.mark.parametrize("body", [{}, {"text": "  "}, {"choice": ""}, {"choice": "x" * 300}, {"text": "x" * 5000}])
async def test_bad_requests_are_refused(client: TestClient[Any, Any], body: dict[str, Any]) -> None:
    assert (await client.post("/api/whatsapp", json=body)).status == 400


async def test_without_a_preview_the_view_says_so(tmp_path: Path) -> None:
    sandbox = Sandbox(load_settings(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/s.db"))
    await sandbox.start()
    try:
        async with TestClient(TestServer(build_app(sandbox))) as c:
            assert (await (await c.get("/api/whatsapp")).json())["enabled"] is False
            assert (await c.post("/api/whatsapp", json={"text": "меню"})).status == 404
    finally:
        await sandbox.stop()
