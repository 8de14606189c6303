"""A local stand-in for the WhatsApp Cloud API (Graph API) on 127.0.0.1, for tests.

It refuses what Meta refuses: a wrong token (401, OAuth code 190), another phone number id,
malformed bodies, and messages over the limits (text body 4096, interactive body 1024, at most
3 reply buttons with titles of 20 and unique ids, a list with at most 10 rows, row titles 24,
descriptions 72, section titles 24, a list button 20, unique row ids of at most 200 characters).
Accepted messages are recorded; faults are injected on demand (an HTTP status with Retry-After,
a dropped connection, or a request held in flight until released). It also builds webhook payloads and delivers them to the bot, signed,
unsigned or wrongly signed.

Lengths are counted in UTF-16 units, the stricter reading of Meta's "characters".
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

TEXT_MAX = 4096
BODY_MAX = 1024
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
ROWS_MAX = 10
ROW_ID_MAX = 200
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
SECTION_TITLE_MAX = 24
SECTIONS_MAX = 10
LIST_BUTTON_MAX = 20


def units(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


class GraphError(Exception):
    def __init__(self, message: str, code: int = 100, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status

    def body(self) -> dict[str, Any]:
        return {"error": {"message": str(self), "type": "OAuthException", "code": self.code}}


def _str(value: Any, what: str, limit: int, *, min_len: int = 1) -> str:
    if not isinstance(value, str):
        raise GraphError(f"{what}: expected a string")
    if units(value) < min_len or not value.strip():
        raise GraphError(f"{what}: must not be empty")
    if units(value) > limit:
        raise GraphError(f"{what}: longer than {limit} characters ({units(value)})")
    return value


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise GraphError(f"{what}: expected an object")
    return value


def _buttons(action: dict[str, Any]) -> None:
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= BUTTONS_MAX:
        raise GraphError(f"interactive.action.buttons: 1 to {BUTTONS_MAX} buttons")
    ids, titles = set(), set()
    for i, button in enumerate(buttons):
        button = _dict(button, f"buttons[{i}]")
        if button.get("type") != "reply":
            raise GraphError(f"buttons[{i}].type: must be reply")
        reply = _dict(button.get("reply"), f"buttons[{i}].reply")
        bid = _str(reply.get("id"), f"buttons[{i}].reply.id", BUTTON_ID_MAX)
        title = _str(reply.get("title"), f"buttons[{i}].reply.title", BUTTON_TITLE_MAX)
        if bid in ids or title in titles:
            raise GraphError("interactive.action.buttons: duplicate id or title")
        ids.add(bid)
        titles.add(title)


def _list(action: dict[str, Any]) -> None:
    _str(action.get("button"), "interactive.action.button", LIST_BUTTON_MAX)
    sections = action.get("sections")
    if not isinstance(sections, list) or not 1 <= len(sections) <= SECTIONS_MAX:
        raise GraphError("interactive.action.sections: 1 to 10 sections")
    ids: set[str] = set()
    rows_total = 0
    for i, section in enumerate(sections):
        section = _dict(section, f"sections[{i}]")
        if "title" in section or len(sections) > 1:
            _str(section.get("title"), f"sections[{i}].title", SECTION_TITLE_MAX)
        rows = section.get("rows")
        if not isinstance(rows, list) or not rows:
            raise GraphError(f"sections[{i}].rows: at least one row")
        for j, row in enumerate(rows):
            row = _dict(row, f"sections[{i}].rows[{j}]")
            rid = _str(row.get("id"), f"rows[{j}].id", ROW_ID_MAX)
            _str(row.get("title"), f"rows[{j}].title", ROW_TITLE_MAX)
            if "description" in row:
                _str(row.get("description"), f"rows[{j}].description", ROW_DESCRIPTION_MAX)
            if rid in ids:
                raise GraphError("interactive.action.sections: duplicate row id")
            ids.add(rid)
        rows_total += len(rows)
    if rows_total > ROWS_MAX:
        raise GraphError(f"interactive list: {rows_total} rows, at most {ROWS_MAX}")


def validate_message(body: Any) -> None:
    """What Meta checks on ``POST /{phone-number-id}/messages`` (the part this bot can get wrong)."""
    body = _dict(body, "body")
    if body.get("messaging_product") != "whatsapp":
        raise GraphError("messaging_product: must be whatsapp")
    if body.get("recipient_type", "individual") != "individual":
        raise GraphError("recipient_type: must be individual")
    to = body.get("to")
    if not isinstance(to, str) or not to.lstrip("+").isdigit():
        raise GraphError("to: a phone number (digits)")
    kind = body.get("type", "text")
    if kind == "text":
        text = _dict(body.get("text"), "text")
        _str(text.get("body"), "text.body", TEXT_MAX)
        if "<" in text["body"] and ">" in text["body"] and any(t in text["body"] for t in ("<b>", "<i>", "</")):
            raise GraphError("text.body: HTML tags are shown as typed")  # not Meta's rule: our promise
    elif kind == "interactive":
        interactive = _dict(body.get("interactive"), "interactive")
        _str(_dict(interactive.get("body"), "interactive.body").get("text"), "interactive.body.text", BODY_MAX)
        action = _dict(interactive.get("action"), "interactive.action")
        if interactive.get("type") == "button":
            _buttons(action)
        elif interactive.get("type") == "list":
            _list(action)
        else:
            raise GraphError("interactive.type: button or list")
    else:
        raise GraphError(f"type: {kind!r} is not supported here")


HOLD = -1  # a Fault status: keep the request unanswered until ``release`` (a reply in flight)


@dataclass
class Fault:
    status: int = 500  # 0: drop the connection without an answer; HOLD: keep it in flight
    retry_after: float | None = None
    code: int = 1  # Meta's error code in the body (131000 "something went wrong" for 5xx)


@dataclass
class Call:
    status: int
    body: Any
    at: float = field(default_factory=time.monotonic)


class FakeGraphApi:
    """The Graph API's messages endpoint: ``{url}/{phone_number_id}/messages``."""

    def __init__(self, *, token: str = "test-token", phone_number_id: str = "1234567890") -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        self.port = 0
        self.calls: list[Call] = []  # every request, with the status it got
        self.accepted: list[dict[str, Any]] = []  # accepted message bodies, in order
        self.faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._released = asyncio.Event()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v21.0"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{version}/{phone}/messages", self._messages)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server  # the bound port of a port-0 site
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = int(server.sockets[0].getsockname()[1])  # type: ignore[attr-defined]

    async def stop(self) -> None:
        self.release()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, status: int = 500, count: int = 1, retry_after: float | None = None) -> None:
        self.faults += [Fault(status, retry_after, 131000 if status >= 500 else 130429) for _ in range(count)]

    def drop_next(self, count: int = 1) -> None:
        self.faults += [Fault(0) for _ in range(count)]

    def hold_next(self, count: int = 1) -> None:
        """Keep the next requests in flight, unanswered and not accepted, until ``release``: the
        moment to kill the bot with its reply on the way. Released requests get a 503."""
        self._released.clear()
        self.faults += [Fault(HOLD) for _ in range(count)]

    def held(self) -> list[Call]:
        return [c for c in self.calls if c.status == HOLD]

    def release(self) -> None:
        self._released.set()

    async def _record(self, status: int, body: Any) -> None:
        async with self._changed:
            self.calls.append(Call(status, body))
            if status == 200:
                self.accepted.append(body)
            self._changed.notify_all()

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        auth = request.headers.get("Authorization", "")
        if not hmac.compare_digest(auth.encode(), f"Bearer {self.token}".encode()):
            await self._record(401, None)
            return web.json_response(GraphError("Invalid OAuth access token.", 190, 401).body(), status=401)
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            await self._record(400, None)
            return web.json_response(GraphError("Invalid JSON").body(), status=400)
        if request.match_info["phone"] != self.phone_number_id:
            await self._record(400, body)
            return web.json_response(GraphError("Unsupported post request: unknown phone number id").body(), status=400)
        if self.faults:
            fault = self.faults.pop(0)
            await self._record(fault.status, body)
            if fault.status == HOLD:
                await self._released.wait()
                return web.json_response(GraphError("released", 131000, 503).body(), status=503)
            if fault.status == 0:
                assert request.transport is not None
                request.transport.close()  # the client sees the connection dropped
                return web.Response(status=500)
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            return web.json_response(GraphError("injected", fault.code, fault.status).body(), status=fault.status, headers=headers)
        try:
            validate_message(body)
        except GraphError as exc:
            await self._record(exc.status, body)
            return web.json_response(exc.body(), status=exc.status)
        await self._record(200, body)
        wamid = f"wamid.fake{next(self._ids):08d}"
        return web.json_response(
            {"messaging_product": "whatsapp", "contacts": [{"input": body["to"], "wa_id": body["to"]}],
             "messages": [{"id": wamid}]}
        )

    # --- reading what the bot sent -------------------------------------------------------------

    def sent_to(self, wa_id: str) -> list[dict[str, Any]]:
        return [b for b in self.accepted if b.get("to") == wa_id]

    def refused(self) -> list[Call]:
        """Requests refused for what they held (not the injected faults)."""
        return [c for c in self.calls if c.status in (400, 401)]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:  # noqa: ASYNC109
        async def _wait() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        await asyncio.wait_for(_wait(), timeout)

    async def replies(self, wa_id: str, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:  # noqa: ASYNC109
        """Wait until at least ``count`` messages went to ``wa_id``; all of them."""
        await self.wait_for(lambda: len(self.sent_to(wa_id)) >= count, timeout)
        return self.sent_to(wa_id)


# --- webhook payloads ----------------------------------------------------------------------------

_message_ids = itertools.count(1)


def message_id() -> str:
    return f"wamid.in{time.time_ns()}{next(_message_ids)}"


def _message(wa_id: str, kind: str, content: dict[str, Any], mid: str | None, timestamp: float | None) -> dict[str, Any]:
    return {"from": wa_id, "id": mid or message_id(), "timestamp": str(int(timestamp or time.time())), "type": kind, **content}


def text_message(wa_id: str, body: str, *, mid: str | None = None, timestamp: float | None = None) -> dict[str, Any]:
    return _message(wa_id, "text", {"text": {"body": body}}, mid, timestamp)


def button_reply(wa_id: str, reply_id: str, title: str = "", *, mid: str | None = None) -> dict[str, Any]:
    content = {"interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}}}
    return _message(wa_id, "interactive", content, mid, None)


def list_reply(wa_id: str, reply_id: str, title: str = "", *, mid: str | None = None) -> dict[str, Any]:
    content = {"interactive": {"type": "list_reply", "list_reply": {"id": reply_id, "title": title}}}
    return _message(wa_id, "interactive", content, mid, None)


def image_message(wa_id: str, *, mid: str | None = None) -> dict[str, Any]:
    return _message(wa_id, "image", {"image": {"id": "media-1", "mime_type": "image/jpeg"}}, mid, None)


def status(wa_id: str, state: str = "delivered") -> dict[str, Any]:
    return {"id": message_id(), "recipient_id": wa_id, "status": state, "timestamp": str(int(time.time()))}


def payload(
    messages: list[dict[str, Any]] | None = None,
    statuses: list[dict[str, Any]] | None = None,
    phone_number_id: str = "1234567890",
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "77000000000", "phone_number_id": phone_number_id},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": "Test"}, "wa_id": m.get("from", "")} for m in messages]
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA-1", "changes": [{"field": "messages", "value": value}]}]}


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def deliver(url: str, data: dict[str, Any], *, secret: str | None, wrong: bool = False) -> int:
    """POST a webhook payload to the bot: signed with ``secret``, unsigned (None), or wrongly
    signed (``wrong``: the signature of other bytes). Returns the HTTP status."""
    body = json.dumps(data, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Hub-Signature-256"] = signature(secret, body + b" " if wrong else body)
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers, timeout=aiohttp.ClientTimeout(total=10)) as resp,
    ):
        return resp.status


async def verify_subscription(url: str, token: str, challenge: str, mode: str = "subscribe") -> tuple[int, str]:
    params = {"hub.mode": mode, "hub.verify_token": token, "hub.challenge": challenge}
    async with (
        aiohttp.ClientSession() as session,
        session.get(url, params=params, timeout=aiohttp.ClientTimeout(total=10)) as resp,
    ):
        return resp.status, await resp.text()
