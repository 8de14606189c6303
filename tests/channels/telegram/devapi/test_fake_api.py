"""The stand-in answers like the Bot API: shapes, validation, long polling, faults."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot.devapi import FakeBotApi, Fault, FaultPlan
from bot.devapi.server import ApiError


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


async def call(api: FakeBotApi, method: str, token: str | None = None, **params: Any) -> tuple[int, dict[str, Any]]:
    url = f"{api.base_url}/bot{token or api.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, json=params) as resp:
        return resp.status, await resp.json(content_type=None)


async def test_get_me_and_unknown_token(api: FakeBotApi) -> None:
    status, body = await call(api, "getMe")
    assert status == 200 and body["result"]["is_bot"] is True
    status, body = await call(api, "getMe", token="1:wrong")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})


async def test_send_validates_length_html_chat_and_buttons(api: FakeBotApi) -> None:
    api.user_message(5, 5, "hi")
    assert (await call(api, "sendMessage", chat_id=6, text="x"))[1]["description"] == "Bad Request: chat not found"
    assert (await call(api, "sendMessage", chat_id=5, text="x" * 4097))[1]["description"] == "Bad Request: message is too long"
    assert (await call(api, "sendMessage", chat_id=5, text="😀" * 2049))[0] == 400  # 4098 UTF-16 units
    assert (await call(api, "sendMessage", chat_id=5, text=""))[1]["description"] == "Bad Request: message text is empty"
    status, body = await call(api, "sendMessage", chat_id=5, text="<x>", parse_mode="HTML")
    assert status == 400 and "unsupported start tag" in body["description"]
    markup = {"inline_keyboard": [[{"text": "b", "callback_data": "x" * 65}]]}
    assert (await call(api, "sendMessage", chat_id=5, text="t", reply_markup=markup))[1]["description"] == "Bad Request: BUTTON_DATA_INVALID"
    status, body = await call(api, "sendMessage", chat_id=5, text="<b>ok</b> &amp;", parse_mode="HTML")
    assert status == 200 and body["result"]["text"] == "ok &" and body["result"]["entities"][0]["type"] == "bold"


async def test_edit_to_the_same_content_is_not_modified(api: FakeBotApi) -> None:
    api.user_message(5, 5, "hi")
    _, sent = await call(api, "sendMessage", chat_id=5, text="a")
    message_id = sent["result"]["message_id"]
    status, body = await call(api, "editMessageText", chat_id=5, message_id=message_id, text="a")
    assert status == 400 and body["description"].startswith("Bad Request: message is not modified")
    assert (await call(api, "editMessageText", chat_id=5, message_id=999, text="b"))[1]["description"] == "Bad Request: message to edit not found"
    assert (await call(api, "editMessageText", chat_id=5, message_id=message_id, text="b"))[0] == 200
    assert api.chat_log(5)[-1]["text"] == "b" and api.chat_log(5)[-1]["edited"]


async def test_long_poll_waits_for_an_update_and_offset_confirms(api: FakeBotApi) -> None:
    poll = asyncio.create_task(call(api, "getUpdates", timeout=5))
    await api.wait_until(lambda: api.calls_to("getUpdates"))
    update_id = api.push_message(1, 1, "/start")
    _, body = await asyncio.wait_for(poll, 5)
    assert [u["update_id"] for u in body["result"]] == [update_id]
    assert body["result"][0]["message"]["entities"][0]["type"] == "bot_command"
    _, again = await call(api, "getUpdates", timeout=0)
    assert len(again["result"]) == 1  # not confirmed yet
    _, confirmed = await call(api, "getUpdates", offset=update_id + 1, timeout=0)
    assert confirmed["result"] == [] and api.pending_update_count() == 0


async def test_a_newer_long_poll_ends_the_waiting_one_with_409(api: FakeBotApi) -> None:
    first = asyncio.create_task(call(api, "getUpdates", timeout=30))
    await api.wait_until(lambda: api.calls_to("getUpdates"))
    assert await call(api, "getUpdates", timeout=0) == (200, {"ok": True, "result": []})
    status, body = await asyncio.wait_for(first, 5)
    assert status == 409 and body["description"].startswith("Conflict: terminated by other getUpdates request")


async def test_callback_queries_are_answered_once(api: FakeBotApi) -> None:
    api.user_message(1, 1, "hi")
    api.push_callback(1, 1, 1, "m:topics:ru")
    [query] = api.unanswered_callbacks()
    assert (await call(api, "answerCallbackQuery", callback_query_id=query.query_id))[0] == 200
    status, body = await call(api, "answerCallbackQuery", callback_query_id=query.query_id)
    assert status == 400 and "query ID is invalid" in body["description"]
    assert not api.unanswered_callbacks()


async def test_429_has_telegrams_shape(api: FakeBotApi) -> None:
    api.faults.add(Fault("429", method="getMe", retry_after=7))
    status, body = await call(api, "getMe")
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }


async def test_502_is_an_html_page(api: FakeBotApi) -> None:
    api.faults.add(Fault("502"))
    url = f"{api.base_url}/bot{api.token}/getMe"
    async with aiohttp.ClientSession() as session, session.post(url) as resp:
        assert resp.status == 502 and "text/html" in resp.headers["Content-Type"]


def test_a_rate_plan_is_reproducible() -> None:
    def fired(seed: int) -> list[bool]:
        plan = FaultPlan.rate_of("500", 0.05, method="sendMessage", seed=seed)
        return [plan.pick("sendMessage") is not None for _ in range(1000)]

    assert fired(1) == fired(1)
    assert 20 <= sum(fired(1)) <= 80
    assert FaultPlan.rate_of("500", 1.0, method="sendMessage").pick("getMe") is None


async def test_webhook_blocks_get_updates(api: FakeBotApi) -> None:
    assert (await call(api, "setWebhook", url="http://127.0.0.1:9/x", secret_token="bad secret!"))[0] == 400
    assert (await call(api, "setWebhook", url="http://127.0.0.1:9/x", secret_token="good_secret"))[0] == 200
    status, body = await call(api, "getUpdates")
    assert status == 409 and body["description"].startswith("Conflict")
    assert (await call(api, "deleteWebhook"))[0] == 200
    assert (await call(api, "getUpdates"))[0] == 200


def test_first_update_id() -> None:
    api = FakeBotApi(first_update_id=5000)
    assert api.push_message(1, 1, "x") == 5000


async def test_first_poll_is_set_by_the_first_get_updates(api: FakeBotApi) -> None:
    await call(api, "getMe")
    assert not api.first_poll.is_set()
    await call(api, "getUpdates")
    assert api.first_poll.is_set()


async def test_a_replaced_long_poll_leaves_no_unretrieved_exception() -> None:
    """A getUpdates that ends (its client gone) as a newer one replaces it, at any moment of
    its unwinding, leaves nothing behind ("Future exception was never retrieved").

    The method is driven directly: over HTTP the moments cannot be chosen."""
    loop = asyncio.get_running_loop()
    reported: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    try:
        for yields in range(4):
            api = FakeBotApi()
            old = asyncio.create_task(api._get_updates({"timeout": 30}))
            await asyncio.sleep(0)  # the old poll waits
            old.cancel()  # its request is abandoned ...
            for _ in range(yields):
                await asyncio.sleep(0)
            new = asyncio.create_task(api._get_updates({"timeout": 0.01}))  # ... as a new poll comes in
            await asyncio.wait({old, new})
            assert new.result() == []
            assert old.cancelled() or isinstance(old.exception(), ApiError)
            del old, new, api
            gc.collect()
    finally:
        loop.set_exception_handler(previous)
    assert [c["message"] for c in reported] == []


def test_set_my_commands_knows_telegrams_scopes() -> None:
    from bot.devapi import validate

    assert validate.command_scope(None) == "default"
    assert validate.command_scope('{"type": "all_private_chats"}') == "all_private_chats"
    with pytest.raises(ApiError, match="scope"):
        validate.command_scope({"type": "everyone"})
