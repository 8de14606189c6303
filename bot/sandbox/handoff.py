"""The sandbox's operators' group: the human handoff tried in a browser, without Telegram.

The stand-in holds a forum supergroup (``SANDBOX_GROUP_ID``) and the sandbox's bot runs with it
as OPERATORS_CHAT_ID, so "Ask a lawyer" opens real topics there. The operator panel lists the
topics (the cases as operators see them), and its Reply and Close post into a topic as an
operator would in Telegram, through the same stand-in; the bot does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.devapi import FakeBotApi

SANDBOX_GROUP_ID = -1009000000001
OPERATOR_ID = 6_999_999_999_998  # the simulated lawyer (not the operator of /reload)
MAX_TEXT = 4096
TOPIC_MESSAGES = 30

ApiOf = Callable[[web.Request], FakeBotApi]


def add_operators_group(api: FakeBotApi) -> None:
    api.add_forum(SANDBOX_GROUP_ID, "Operators (sandbox)")


def cases_view(api: FakeBotApi) -> list[dict[str, Any]]:
    """The group's topics, newest first, with their latest messages (what operators would see)."""
    forum = api.forum(SANDBOX_GROUP_ID)
    out = []
    for topic in sorted(forum.topics.values(), key=lambda t: -t.thread_id):
        messages = [
            {"from": m["from"], "text": m["text"]}
            for m in api.topic_log(SANDBOX_GROUP_ID, topic.thread_id)
            if m.get("text")
        ]
        out.append({"thread_id": topic.thread_id, "name": topic.name, "closed": topic.closed,
                    "messages": messages[-TOPIC_MESSAGES:]})
    return out


def add_case_routes(app: web.Application, api_of: ApiOf) -> None:
    async def get_cases(request: web.Request) -> web.Response:
        return web.json_response({"cases": cases_view(api_of(request))})

    async def _thread(request: web.Request) -> tuple[FakeBotApi, int, dict[str, Any]] | web.Response:
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "the body must be JSON"}, status=400)
        api = api_of(request)
        thread = body.get("thread_id") if isinstance(body, dict) else None
        if not isinstance(thread, int) or isinstance(thread, bool) or thread not in api.forum(SANDBOX_GROUP_ID).topics:
            return web.json_response({"error": "no such case topic"}, status=404)
        return api, thread, body

    async def post_reply(request: web.Request) -> web.Response:
        found = await _thread(request)
        if isinstance(found, web.Response):
            return found
        api, thread, body = found
        text = body.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            return web.json_response({"error": f"text must be 1..{MAX_TEXT} characters"}, status=400)
        update_id = api.push_topic_message(SANDBOX_GROUP_ID, thread, OPERATOR_ID, text.strip(), first_name="Lawyer")
        return web.json_response({"update_id": update_id}, status=202)

    async def post_close(request: web.Request) -> web.Response:
        found = await _thread(request)
        if isinstance(found, web.Response):
            return found
        api, thread, _ = found
        update_id = api.push_topic_message(SANDBOX_GROUP_ID, thread, OPERATOR_ID, "/close", first_name="Lawyer")
        return web.json_response({"update_id": update_id}, status=202)

    app.router.add_get("/api/operator/cases", get_cases)
    app.router.add_post("/api/operator/cases/reply", post_reply)
    app.router.add_post("/api/operator/cases/close", post_close)
