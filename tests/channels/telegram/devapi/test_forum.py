"""Forum topics in the stand-in: create, edit, close, delete, send into a thread, the group limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest_asyncio

from bot.devapi import FakeBotApi

GROUP = -1001234


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    api.add_forum(GROUP)
    await api.start()
    yield api
    await api.stop()


async def call(api: FakeBotApi, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    url = f"{api.base_url}/bot{api.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, data={k: str(v) for k, v in params.items()}) as resp:
        return resp.status, await resp.json(content_type=None)


async def test_create_topic_returns_its_thread_and_a_send_lands_in_it(api: FakeBotApi) -> None:
    status, body = await call(api, "createForumTopic", chat_id=GROUP, name="C-1 · ru · family")
    assert status == 200
    thread = body["result"]["message_thread_id"]
    assert body["result"]["name"] == "C-1 · ru · family"
    status, sent = await call(api, "sendMessage", chat_id=GROUP, message_thread_id=thread, text="hello")
    assert status == 200
    assert sent["result"]["message_thread_id"] == thread and sent["result"]["is_topic_message"] is True
    assert [m["text"] for m in api.topic_log(GROUP, thread) if m["text"]] == ["hello"]


async def test_topic_names_are_checked(api: FakeBotApi) -> None:
    assert (await call(api, "createForumTopic", chat_id=GROUP, name="x" * 129))[1]["description"] == "Bad Request: TOPIC_NAME_INVALID"
    assert (await call(api, "createForumTopic", chat_id=GROUP, name=""))[0] == 400


async def test_a_chat_that_is_not_a_forum_or_without_rights_refuses_topics(api: FakeBotApi) -> None:
    api.user_message(5, 5, "hi")
    assert (await call(api, "createForumTopic", chat_id=5, name="t"))[1]["description"] == "Bad Request: the chat is not a forum"
    api.add_forum(-100777, can_manage_topics=False)
    status, body = await call(api, "createForumTopic", chat_id=-100777, name="t")
    assert status == 400 and "not enough rights" in body["description"]


async def test_edit_close_and_delete(api: FakeBotApi) -> None:
    thread = (await call(api, "createForumTopic", chat_id=GROUP, name="C-2"))[1]["result"]["message_thread_id"]
    assert (await call(api, "editForumTopic", chat_id=GROUP, message_thread_id=thread, name="✅ C-2"))[0] == 200
    assert api.forum(GROUP).topics[thread].name == "✅ C-2"
    assert (await call(api, "closeForumTopic", chat_id=GROUP, message_thread_id=thread))[0] == 200
    assert api.forum(GROUP).topics[thread].closed
    assert (await call(api, "closeForumTopic", chat_id=GROUP, message_thread_id=thread))[0] == 400
    assert (await call(api, "deleteForumTopic", chat_id=GROUP, message_thread_id=thread))[0] == 200
    assert api.topic_log(GROUP, thread) == []
    status, body = await call(api, "sendMessage", chat_id=GROUP, message_thread_id=thread, text="lost?")
    assert (status, body["description"]) == (400, "Bad Request: message thread not found")


async def test_an_operator_message_in_a_topic_is_an_update_with_its_thread(api: FakeBotApi) -> None:
    thread = (await call(api, "createForumTopic", chat_id=GROUP, name="C-3"))[1]["result"]["message_thread_id"]
    api.push_topic_message(GROUP, thread, 900, "Здравствуйте", first_name="Dana", username="dana_lawyer")
    _, body = await call(api, "getUpdates")
    message = body["result"][0]["message"]
    assert message["message_thread_id"] == thread and message["is_topic_message"] is True
    assert message["chat"]["is_forum"] is True and message["chat"]["type"] == "supergroup"


async def test_more_than_twenty_messages_a_minute_into_a_group_get_429(api: FakeBotApi) -> None:
    thread = (await call(api, "createForumTopic", chat_id=GROUP, name="C-4"))[1]["result"]["message_thread_id"]
    for i in range(20):
        assert (await call(api, "sendMessage", chat_id=GROUP, message_thread_id=thread, text=f"m{i}"))[0] == 200
    status, body = await call(api, "sendMessage", chat_id=GROUP, message_thread_id=thread, text="one too many")
    assert status == 429 and 1 <= body["parameters"]["retry_after"] <= 60
    # Private chats are not limited by the group's budget.
    api.user_message(5, 5, "hi")
    assert (await call(api, "sendMessage", chat_id=5, text="fine"))[0] == 200
