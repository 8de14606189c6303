"""The sandbox's own HTTP API, with aiohttp's test client.

The bot here is a tiny test double that talks to the Bot API stand-in over HTTP (as the real bot
does); tests/sandbox/test_real_bot.py and the browser test drive the real aiogram bot.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings, load_settings
from bot.core.lang import Lang
from bot.core.ports import QuestionRecord, Store
from bot.core.reply import ReplyKind
from bot.devapi import FakeBotApi
from bot.sandbox.server import (
    CSP,
    OPERATOR_ID,
    REPORT_CSP,
    SANDBOX_TOKEN,
    BotDidNotStart,
    CannotListen,
    Sandbox,
    build_app,
    page_message,
    run,
    sandbox_settings,
)
from bot.storage.memory import InMemoryStore

WAIT = 5.0


class EchoBot:
    """A stand-in for the bot: long-polls the stand-in like aiogram and answers a few things."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.store: Store | None = None
        self.seen: list[dict[str, Any]] = []

    async def __call__(self, settings: Settings, *, stop: asyncio.Event, store: Store | None) -> None:
        self.settings, self.store = settings, store
        base = f"{settings.telegram_api_url}/bot{settings.token}"
        offset = 0
        async with aiohttp.ClientSession() as http:
            while not stop.is_set():
                poll = asyncio.ensure_future(http.post(f"{base}/getUpdates", json={"offset": offset, "timeout": 1}))
                stopped = asyncio.ensure_future(stop.wait())
                done, _ = await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if poll not in done:
                    poll.cancel()
                    stopped.cancel()
                    return
                stopped.cancel()
                async with poll.result() as resp:
                    updates = (await resp.json())["result"]
                for update in updates:
                    offset = update["update_id"] + 1
                    self.seen.append(update)
                    await self._answer(http, base, update)

    async def _answer(self, http: aiohttp.ClientSession, base: str, update: dict[str, Any]) -> None:
        if "callback_query" in update:
            query = update["callback_query"]
            ack = "Тіл орнатылды" if query["data"].startswith("l:") else "Спасибо!"
            await http.post(f"{base}/answerCallbackQuery", json={"callback_query_id": query["id"], "text": ack})
            await http.post(
                f"{base}/editMessageText",
                json={
                    "chat_id": query["message"]["chat"]["id"],
                    "message_id": query["message"]["message_id"],
                    "text": "<b>edited</b> after " + query["data"],
                    "parse_mode": "HTML",
                },
            )
            return
        message = update["message"]
        chat_id = message["chat"]["id"]
        text = message.get("text", "")
        await http.post(f"{base}/sendChatAction", json={"chat_id": chat_id, "action": "typing"})
        reply = "Reloaded: 3 topics" if text == "/reload" else f"echo ({message['from'].get('language_code')})"
        keyboard = {"inline_keyboard": [[{"text": "👍", "callback_data": "fb:1"}]]}
        if text.startswith("/lang "):
            reply = f"Language: {text.split()[1]}"
        await http.post(
            f"{base}/sendMessage",
            json={"chat_id": chat_id, "text": reply, "reply_markup": json.dumps(keyboard)},
        )


async def fake_report(store: Store, days: int) -> str:
    return f"<html><body><h1>report for {days} days</h1></body></html>"


def make_settings(tmp_path: Path, **extra: str) -> Settings:
    return load_settings(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/sandbox.db", **extra)


@pytest.fixture
async def echo() -> EchoBot:
    return EchoBot()


@pytest.fixture
async def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
async def sandbox(tmp_path: Path, echo: EchoBot, store: InMemoryStore) -> AsyncIterator[Sandbox]:
    async def open_store(settings: Settings) -> Store:
        return store

    sb = Sandbox(make_settings(tmp_path), run_bot=echo, open_store=open_store, render_report=fake_report)
    await sb.start()
    try:
        yield sb
    finally:
        await asyncio.wait_for(sb.stop(), WAIT)


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[TestClient[Any, Any]]:
    async with TestClient(TestServer(build_app(sandbox))) as c:
        yield c


async def wait_state(client: TestClient[Any, Any], predicate: Any) -> dict[str, Any]:
    """Poll /api/state until ``predicate(state)`` holds (bounded)."""
    async with asyncio.timeout(WAIT):
        while True:
            resp = await client.get("/api/state")
            state = await resp.json()
            if predicate(state):
                return state
            await asyncio.sleep(0.02)


def bot_texts(state: dict[str, Any]) -> list[str]:
    return [m["text"] for m in state["messages"] if not m["out"]]


# ---------------------------------------------------------------------- page and static files


async def test_page_is_served_with_a_strict_content_security_policy(client: TestClient[Any, Any]) -> None:
    resp = await client.get("/")
    assert resp.status == 200
    html = await resp.text()
    assert '<script src="/static/app.js"' in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert resp.headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


@pytest.mark.parametrize("name", ["app.js", "style.css", "index.html"])
async def test_static_assets_are_local_files(client: TestClient[Any, Any], name: str) -> None:
    resp = await client.get(f"/static/{name}")
    assert resp.status == 200
    body = (await resp.text()).lower()
    # Works offline: nothing is loaded from another host.
    for remote in ('src="http', "src='http", 'href="http', "url(http", "@import", "fetch(\"http", "//cdn"):
        assert remote not in body


async def test_app_js_never_assigns_inner_html() -> None:
    source = (Path(__file__).parents[2] / "bot/sandbox/static/app.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in source.splitlines() if not line.strip().startswith("//"))
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code


async def test_static_path_traversal_is_refused(client: TestClient[Any, Any]) -> None:
    resp = await client.get("/static/../server.py")
    assert resp.status in (403, 404)


# ---------------------------------------------------------------------- chatting


async def test_sent_text_reaches_the_bot_and_its_reply_comes_back(
    client: TestClient[Any, Any], echo: EchoBot, sandbox: Sandbox
) -> None:
    resp = await client.post("/api/send", json={"text": "  Как получить пособие?  "})
    assert resp.status == 202
    state = await wait_state(client, lambda s: bot_texts(s))
    user_msg, bot_msg = state["messages"]
    assert user_msg["out"] is True and user_msg["text"] == "Как получить пособие?"
    assert bot_msg["out"] is False and bot_msg["text"] == "echo (ru)"
    assert bot_msg["buttons"] == [[{"text": "👍", "data": "fb:1"}]]
    assert echo.seen[0]["message"]["from"]["id"] == sandbox.user.id


async def test_markup_in_a_question_is_kept_as_plain_text(client: TestClient[Any, Any]) -> None:
    question = "<script>alert(1)</script> <b>bold?</b>"
    await client.post("/api/send", json={"text": question})
    state = await wait_state(client, lambda s: bot_texts(s))
    user_msg = state["messages"][0]
    assert user_msg["text"] == question
    assert user_msg["html"] is None  # the page shows a user's text with textContent only


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": ""}, 400),
        ({"text": "   "}, 400),
        ({"text": 5}, 400),
        ({"text": "я" * 4097}, 400),
        ({}, 400),
    ],
)
async def test_send_rejects_bad_text(client: TestClient[Any, Any], body: dict[str, Any], status: int) -> None:
    resp = await client.post("/api/send", json=body)
    assert resp.status == status
    assert "error" in await resp.json()


async def test_post_without_json_content_type_is_refused(client: TestClient[Any, Any]) -> None:
    # A cross-site HTML form can send text/plain without a preflight; the API does not accept it.
    resp = await client.post("/api/send", data='{"text": "hi"}', headers={"Content-Type": "text/plain"})
    assert resp.status == 415


async def test_cross_origin_post_is_refused(client: TestClient[Any, Any]) -> None:
    resp = await client.post("/api/send", json={"text": "hi"}, headers={"Origin": "http://evil.example"})
    assert resp.status == 403


async def test_invalid_json_is_a_clean_400(client: TestClient[Any, Any]) -> None:
    resp = await client.post("/api/send", data="{not json", headers={"Content-Type": "application/json"})
    assert resp.status == 400
    assert (await resp.json())["error"] == "invalid JSON"


# ---------------------------------------------------------------------- buttons


async def test_pressing_a_button_edits_the_message_in_place(client: TestClient[Any, Any]) -> None:
    await client.post("/api/send", json={"text": "вопрос"})
    state = await wait_state(client, lambda s: bot_texts(s))
    bot_msg = state["messages"][1]
    resp = await client.post("/api/press", json={"message_id": bot_msg["id"], "data": "fb:1"})
    assert resp.status == 202
    state = await wait_state(client, lambda s: s["messages"][1]["edited"])
    edited = state["messages"][1]
    assert edited["id"] == bot_msg["id"] and len(state["messages"]) == 2
    assert edited["html"] == "<b>edited</b> after fb:1"
    assert edited["text"] == "edited after fb:1"
    assert edited["rev"] != bot_msg["rev"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"message_id": 999, "data": "fb:1"}, 404),
        ({"message_id": 1, "data": "fb:1"}, 404),  # the user's own message has no buttons
        ({"message_id": 2, "data": "x" * 65}, 400),
        ({"message_id": 2, "data": ""}, 400),
        ({"message_id": "2", "data": "fb:1"}, 400),
        ({"message_id": True, "data": "fb:1"}, 400),
    ],
)
async def test_press_rejects_bad_input(client: TestClient[Any, Any], body: dict[str, Any], status: int) -> None:
    await client.post("/api/send", json={"text": "вопрос"})
    await wait_state(client, lambda s: bot_texts(s))
    resp = await client.post("/api/press", json=body)
    assert resp.status == status


# ---------------------------------------------------------------------- live events


async def read_event(resp: aiohttp.ClientResponse) -> tuple[str, dict[str, Any]]:
    kind, data = "", ""
    async with asyncio.timeout(WAIT):
        while True:
            raw = await resp.content.readline()
            if not raw:
                raise AssertionError("event stream closed")
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")
            elif line == "" and kind:
                return kind, json.loads(data)


async def test_event_stream_sends_state_then_changes_and_toasts(client: TestClient[Any, Any]) -> None:
    resp = await client.get("/api/events")
    assert resp.headers["Content-Type"].startswith("text/event-stream")
    kind, first = await read_event(resp)
    assert kind == "state" and first["messages"] == []

    await client.post("/api/send", json={"text": "привет"})
    async with asyncio.timeout(WAIT):
        while True:
            kind, state = await read_event(resp)
            if kind == "state" and any(not m["out"] for m in state["messages"]):
                break
    bot_id = next(m["id"] for m in state["messages"] if not m["out"])

    await client.post("/api/press", json={"message_id": bot_id, "data": "fb:1"})
    async with asyncio.timeout(WAIT):
        while True:
            kind, payload = await read_event(resp)
            if kind == "toast":
                break
    assert payload == {"text": "Спасибо!", "show_alert": False}
    resp.close()


async def test_typing_shows_until_the_bot_answers(sandbox: Sandbox) -> None:
    sandbox._set_typing(5.0)
    assert sandbox.state()["typing"] is True
    sandbox._set_typing(0)
    assert sandbox.state()["typing"] is False


# ---------------------------------------------------------------------- language and new chat


async def test_language_switch_sends_lang_with_the_language(client: TestClient[Any, Any], echo: EchoBot) -> None:
    resp = await client.post("/api/lang", json={"lang": "kk"})
    assert resp.status == 200
    assert await resp.json() == {"ok": True, "lang": "kk"}
    state = await wait_state(client, lambda s: bot_texts(s))
    assert state["user"]["language_code"] == "kk"
    assert [m["text"] for m in state["messages"]] == ["/lang kk", "Language: kk"]
    # The update carries the new client language, as Telegram would send it.
    assert [u["message"]["from"]["language_code"] for u in echo.seen] == ["kk"]


async def test_language_switch_reports_a_silent_bot(tmp_path: Path) -> None:
    async def silent(settings: Settings, *, stop: asyncio.Event, store: Store | None) -> None:
        await stop.wait()

    sb = Sandbox(make_settings(tmp_path), run_bot=silent, open_store=None)
    await sb.start()
    try:
        assert await sb.set_language(Lang.EN, wait_seconds=0.2) is False
        assert sb.user.language_code == "en"
    finally:
        await sb.stop()


@pytest.mark.parametrize("lang", ["de", "", None, "KK", 1])
async def test_language_switch_rejects_unknown_languages(client: TestClient[Any, Any], lang: Any) -> None:
    resp = await client.post("/api/lang", json={"lang": lang})
    assert resp.status == 400


async def test_new_chat_starts_an_empty_chat_with_a_new_user(
    client: TestClient[Any, Any], sandbox: Sandbox
) -> None:
    await client.post("/api/send", json={"text": "первый"})
    await wait_state(client, lambda s: bot_texts(s))
    old_id = sandbox.user.id
    resp = await client.post("/api/reset", json={})
    assert resp.status == 200
    state = await (await client.get("/api/state")).json()
    assert state["messages"] == [] and state["user"]["id"] == old_id + 1


# ---------------------------------------------------------------------- operator panel


async def test_reload_goes_through_the_bot_as_an_operator(
    client: TestClient[Any, Any], echo: EchoBot, sandbox: Sandbox
) -> None:
    resp = await client.post("/api/operator/reload", json={})
    assert resp.status == 200
    body = await resp.json()
    assert body == {"ok": True, "text": "Reloaded: 3 topics", "html": "Reloaded: 3 topics"}
    reload_update = next(u for u in echo.seen if u.get("message", {}).get("text") == "/reload")
    assert reload_update["message"]["from"]["id"] == OPERATOR_ID
    assert echo.settings is not None and OPERATOR_ID in echo.settings.operator_ids
    # The citizen's chat is untouched by operator traffic.
    assert (await (await client.get("/api/state")).json())["messages"] == []


async def test_reload_reports_a_silent_bot(tmp_path: Path) -> None:
    async def silent(settings: Settings, *, stop: asyncio.Event, store: Store | None) -> None:
        await stop.wait()

    sb = Sandbox(make_settings(tmp_path), run_bot=silent, open_store=None)
    await sb.start()
    try:
        assert await sb.operator_command("/reload", wait_seconds=0.2) is None
    finally:
        await sb.stop()


async def test_unanswered_lists_the_stores_clusters(client: TestClient[Any, Any], store: InMemoryStore) -> None:
    for _ in range(2):
        await store.log_question(
            QuestionRecord(None, "как оформить визу в Японию", Lang.RU, None, ReplyKind.FALLBACK, 0.1, 5.0, "sandbox")
        )
    body = await (await client.get("/api/operator/unanswered")).json()
    assert body["items"] and body["items"][0]["count"] == 2
    assert "визу" in body["items"][0]["label"]


async def test_report_is_served_with_its_own_policy(client: TestClient[Any, Any]) -> None:
    resp = await client.get("/api/operator/report")
    assert resp.status == 200
    assert "report for 30 days" in await resp.text()
    assert resp.headers["Content-Security-Policy"] == REPORT_CSP


# ---------------------------------------------------------------------- settings and lifecycle


def test_sandbox_settings_use_a_local_token_and_database(tmp_path: Path) -> None:
    base = load_settings(BOT_TOKEN="123:real-token", OPERATOR_IDS="42")
    copy = sandbox_settings(base, "http://127.0.0.1:9999")
    assert copy.token == SANDBOX_TOKEN
    assert copy.telegram_api_url == "http://127.0.0.1:9999"
    assert copy.operator_ids == frozenset({42, OPERATOR_ID})
    assert copy.database_url == base.database_url  # DATABASE_URL, as for the bot: stats reads it
    assert base.token == "123:real-token"  # the original is untouched


def test_sandbox_settings_keep_an_explicit_database(tmp_path: Path) -> None:
    base = make_settings(tmp_path)
    assert sandbox_settings(base).database_url == base.database_url


def test_bot_is_started_with_the_sandbox_settings(echo: EchoBot, sandbox: Sandbox) -> None:
    assert echo.settings is sandbox.settings
    assert sandbox.settings.telegram_api_url == sandbox.api.base_url


def test_update_ids_start_past_earlier_sessions(tmp_path: Path) -> None:
    # The bot refuses ids it has processed before (kept in the sandbox database).
    earlier_session_ids = int(time.time()) * 1000
    sb = Sandbox(make_settings(tmp_path), run_bot=None, open_store=None)
    assert sb.api.push_message(1, 1, "x") >= earlier_session_ids


async def test_a_stand_in_served_by_the_caller_is_ready_once_the_bot_polls(tmp_path: Path, echo: EchoBot) -> None:
    api = FakeBotApi(SANDBOX_TOKEN)
    await api.start()
    sb = Sandbox(make_settings(tmp_path), run_bot=echo, open_store=None, api=api)
    try:
        await sb.start()
        assert await sb.wait_until_polling(WAIT)
        assert api.calls_to("getUpdates")
    finally:
        await asyncio.wait_for(sb.stop(), WAIT)
        await api.stop()


async def test_a_bot_that_never_polls_is_not_ready(tmp_path: Path) -> None:
    async def silent(settings: Settings, *, stop: asyncio.Event, store: Store | None) -> None:
        await stop.wait()

    sb = Sandbox(make_settings(tmp_path), run_bot=silent, open_store=None)
    await sb.start()
    try:
        assert await sb.wait_until_polling(0.2) is False
    finally:
        await sb.stop()


def test_page_message_drops_unsafe_url_buttons() -> None:
    view = {
        "message_id": 3,
        "from": "bot",
        "text": "t",
        "html": "t",
        "date": 1,
        "edited": False,
        "reply_markup": {
            "inline_keyboard": [
                [{"text": "ok", "url": "https://egov.kz"}, {"text": "bad", "url": "javascript:alert(1)"}]
            ]
        },
    }
    assert page_message(view)["buttons"] == [[{"text": "ok", "url": "https://egov.kz"}, {"text": "bad"}]]


async def test_run_announces_the_url_and_stops_on_the_event(tmp_path: Path, echo: EchoBot) -> None:
    stop = asyncio.Event()
    urls: list[str] = []
    ready = asyncio.Event()

    def on_ready(url: str) -> None:
        urls.append(url)
        ready.set()

    sb = Sandbox(make_settings(tmp_path), run_bot=echo, open_store=None, api=FakeBotApi(SANDBOX_TOKEN))
    task = asyncio.create_task(run(sb.base_settings, "127.0.0.1", 0, stop=stop, ready=on_ready, sandbox=sb))
    await asyncio.wait_for(ready.wait(), WAIT)
    assert urls[0].startswith("http://127.0.0.1:")
    async with aiohttp.ClientSession() as http, http.get(urls[0] + "/api/state") as resp:
        assert resp.status == 200
    stop.set()
    await asyncio.wait_for(task, WAIT)
    assert sb._bot_task is not None and sb._bot_task.done()



async def test_event_stream_ends_when_the_sandbox_stops(client: TestClient[Any, Any], sandbox: Sandbox) -> None:
    resp = await client.get("/api/events")
    await read_event(resp)
    await asyncio.wait_for(sandbox.stop(), WAIT)
    async with asyncio.timeout(WAIT):
        assert await resp.content.read() == b""


async def test_run_fails_with_the_reason_when_the_bot_cannot_start(tmp_path: Path) -> None:
    async def broken(settings: Settings, *, stop: asyncio.Event, store: Store | None) -> None:
        raise RuntimeError("content error: pensions.yaml:3: missing answer")

    sb = Sandbox(make_settings(tmp_path), run_bot=broken, open_store=None)
    announced: list[str] = []
    with pytest.raises(BotDidNotStart, match=r"pensions\.yaml:3"):
        await asyncio.wait_for(
            run(sb.base_settings, "127.0.0.1", 0, stop=asyncio.Event(), ready=announced.append, sandbox=sb), WAIT
        )
    assert announced == []


async def test_run_reports_a_taken_port(tmp_path: Path, echo: EchoBot) -> None:
    blocker = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = blocker.sockets[0].getsockname()[1]
    try:
        sb = Sandbox(make_settings(tmp_path), run_bot=echo, open_store=None)
        with pytest.raises(CannotListen, match=str(port)):
            await run(sb.base_settings, "127.0.0.1", port, stop=asyncio.Event(), ready=lambda url: None, sandbox=sb)
        assert sb._bot_task is None  # nothing was started
    finally:
        blocker.close()
        await blocker.wait_closed()


def test_serve_exits_1_with_one_line_when_the_port_is_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from bot.sandbox.server import serve

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve(make_settings(tmp_path), "127.0.0.1", port) == 1
    err = capsys.readouterr().err
    assert f"sandbox: cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in err


async def test_a_bot_that_crashes_is_reported_on_the_page(tmp_path: Path) -> None:
    async def crashing(settings: Settings, *, stop: asyncio.Event, store: Store | None) -> None:
        raise ConnectionError("database went away")

    sb = Sandbox(make_settings(tmp_path), run_bot=crashing, open_store=None)
    await sb.start()
    try:
        assert not await sb.wait_until_polling(WAIT)
        assert sb.state()["bot_failed"] == "ConnectionError: database went away"
    finally:
        await sb.stop()


@pytest.mark.parametrize(("host", "status"), [("evil.example", 403), ("localhost:8080", 200), ("127.0.0.1", 200)])
async def test_only_loopback_host_names_reach_the_chat(client: TestClient[Any, Any], host: str, status: int) -> None:
    # A page whose DNS name was rebound to 127.0.0.1 sends its own name in Host.
    resp = await client.get("/api/state", headers={"Host": host})
    assert resp.status == status


async def test_a_sandbox_served_on_all_interfaces_accepts_any_host(sandbox: Sandbox) -> None:
    async with TestClient(TestServer(build_app(sandbox, host="0.0.0.0"))) as c:
        resp = await c.get("/api/state", headers={"Host": "laptop.lan:8080"})
        assert resp.status == 200


async def test_event_stream_and_static_files_carry_the_security_headers(client: TestClient[Any, Any]) -> None:
    for path in ("/api/events", "/static/app.js"):
        resp = await client.get(path)
        assert resp.headers["Content-Security-Policy"] == CSP
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        resp.close()


async def test_draft_button_writes_a_draft_from_a_cluster(tmp_path: Path, echo: EchoBot, store: InMemoryStore) -> None:
    written: list[str] = []

    async def open_store(settings: Settings) -> Store:
        return store

    async def write_draft(st: Store, days: int, cluster: str) -> str | None:
        if cluster != "~visa-abroad":
            return None
        written.append(cluster)
        return "content/visa-abroad.yaml"

    sb = Sandbox(make_settings(tmp_path), run_bot=echo, open_store=open_store, render_report=fake_report,
                 write_draft=write_draft)
    await sb.start()
    try:
        async with TestClient(TestServer(build_app(sb))) as client:
            listed = await (await client.get("/api/operator/unanswered")).json()
            assert listed["drafts"] is True
            resp = await client.post("/api/operator/draft", json={"cluster": "~visa-abroad"})
            assert resp.status == 200 and (await resp.json())["path"] == "content/visa-abroad.yaml"
            assert (await client.post("/api/operator/draft", json={"cluster": "9"})).status == 404
            assert (await client.post("/api/operator/draft", json={"cluster": 9})).status == 400
            assert written == ["~visa-abroad"]
    finally:
        await asyncio.wait_for(sb.stop(), WAIT)
