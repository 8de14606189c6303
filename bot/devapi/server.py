"""A local stand-in for the Telegram Bot API (aiohttp), for end-to-end tests and the sandbox.

It keeps what a user would see (chats, messages with their edits, callback queries), validates
requests the way Telegram does and answers with Telegram's JSON shapes, errors included::

    {"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 3",
     "parameters": {"retry_after": 3}}

Updates are queued by ``push_*`` and served by ``getUpdates`` (long polling with offset and
timeout, like Telegram: an update is dropped only when a later call confirms it with a larger
offset), or POSTed to the webhook registered with ``setWebhook`` (with its secret token header).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

import aiohttp
from aiohttp import web

from bot.devapi.faults import Fault, FaultPlan
from bot.devapi.html import HtmlError, parse_html, utf16_len

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_ENTITY_SCAN_RE = re.compile(r"(?P<command>/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?)|(?P<mention>@[A-Za-z0-9_]{5,32})")
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class ApiCall:
    """One request the bot made, as received (after fault injection, with the outcome)."""

    method: str
    params: dict[str, Any]
    status: int = 200
    description: str | None = None
    fault: str | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class StoredMessage:
    message_id: int
    chat_id: int
    sender: str  # "user" | "bot"
    date: int
    text: str | None
    html: str | None
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    kind: str = "text"
    edited: bool = False
    raw: dict[str, Any] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "from": self.sender,
            "kind": self.kind,
            "text": self.text,
            "html": self.html,
            "reply_markup": self.reply_markup,
            "edited": self.edited,
            "date": self.date,
        }


@dataclass
class CallbackQueryState:
    query_id: str
    chat_id: int
    user_id: int
    message_id: int
    data: str
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False


@dataclass
class _Chat:
    chat: dict[str, Any]
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_id: int = 1


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {name} specified") from None


def _as_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON object") from None
    return value


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


class FakeBotApi:
    """The Bot API for one bot token. Serve ``.app`` with aiohttp (e.g. ``web.AppRunner``)."""

    def __init__(
        self,
        token: str = "123456:TEST",
        faults: FaultPlan | None = None,
        *,
        bot_username: str = "kz_rights_test_bot",
        bot_name: str = "KZ Rights (local)",
        first_update_id: int = 1,
    ) -> None:
        """``first_update_id``: where update ids start (a bot remembers ids it processed, and
        Telegram's ids only ever grow, so a new session against an old database starts higher)."""
        self.token = token
        self.faults = faults or FaultPlan()
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[ApiCall] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self._chats: dict[int, _Chat] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = first_update_id
        self._query_ids = itertools.count(1)
        # Long polls waiting for updates; each ends with True when a newer getUpdates replaced it
        # (a result, not an exception: an abandoned poll leaves nothing unretrieved behind).
        self._waiters: list[asyncio.Future[bool]] = []
        self._poller: asyncio.Future[bool] | None = None
        self._subscribers: list[asyncio.Queue[dict[str, Any]]] = []
        self._change_waiters: list[asyncio.Future[None]] = []
        self._delivery_task: asyncio.Task[None] | None = None
        # Set by the first getUpdates: the bot is up (content loaded, store open) and polling.
        self.first_poll = asyncio.Event()
        self.app = web.Application()
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.app.on_cleanup.append(self._cleanup)
        self._methods = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "sendchataction": self._send_chat_action,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "deletemessage": self._delete_message,
            "close": self._true,
            "logout": self._true,
        }

    # ------------------------------------------------------------------ the user side (tests, sandbox)

    def _chat(self, chat_id: int, chat_type: str = "private", user: dict[str, Any] | None = None) -> _Chat:
        state = self._chats.get(chat_id)
        if state is None:
            if chat_type == "private":
                chat: dict[str, Any] = {"id": chat_id, "type": "private"}
                if user:
                    chat["first_name"] = user.get("first_name", "User")
            else:
                chat = {"id": chat_id, "type": chat_type, "title": f"Chat {chat_id}"}
            state = self._chats[chat_id] = _Chat(chat)
        return state

    def _user(self, user_id: int, language_code: str | None, first_name: str) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (its ``update_id`` is assigned here); returns the update_id."""
        update = dict(update)
        update["update_id"] = self._next_update_id
        self._next_update_id += 1
        self._updates.append(update)
        self._wake()
        self._notify()
        return int(update["update_id"])

    def push_message(
        self,
        chat_id: int,
        user_id: int,
        text: str | None,
        *,
        language_code: str | None = "ru",
        first_name: str = "User",
        chat_type: str = "private",
        **extra: Any,
    ) -> int:
        """A user sends a message (text, or e.g. ``sticker={...}`` with ``text=None``)."""
        message = self.user_message(
            chat_id, user_id, text, language_code=language_code, first_name=first_name, chat_type=chat_type, **extra
        )
        return self.push_update({"message": message})

    def user_message(
        self,
        chat_id: int,
        user_id: int,
        text: str | None,
        *,
        language_code: str | None = "ru",
        first_name: str = "User",
        chat_type: str = "private",
        **extra: Any,
    ) -> dict[str, Any]:
        """Record a user's message in the chat and return it as an update's ``message`` (not queued)."""
        user = self._user(user_id, language_code, first_name)
        state = self._chat(chat_id, chat_type, user)
        message_id = state.next_id
        state.next_id += 1
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": state.chat,
            "from": user,
        }
        if text:
            message["text"] = text
            entities = [
                {
                    "type": "bot_command" if m.group("command") else "mention",
                    "offset": utf16_len(text[: m.start()]),
                    "length": utf16_len(m.group(0)),
                }
                for m in _ENTITY_SCAN_RE.finditer(text)
                if m.group("mention") or m.start() == 0
            ]
            if entities:
                message["entities"] = entities
        message.update(extra)
        kind = "text" if text else next((k for k in extra if k not in ("entities", "caption")), "text")
        stored = StoredMessage(
            message_id, chat_id, "user", message["date"], text, escape(text) if text else None, [], None, kind,
            raw=message,
        )
        state.messages[message_id] = stored
        self._publish({"type": "message", "chat_id": chat_id, "message": stored.view()})
        return message

    def push_callback(self, chat_id: int, user_id: int, message_id: int, data: str, *, language_code: str = "ru") -> int:
        """A user presses an inline button with ``data`` under the bot's message ``message_id``."""
        state = self._chat(chat_id)
        stored = state.messages.get(message_id)
        message = (
            dict(stored.raw)
            if stored is not None
            else {"message_id": message_id, "date": int(time.time()), "chat": state.chat}
        )
        query_id = str(next(self._query_ids))
        self.callback_queries[query_id] = CallbackQueryState(query_id, chat_id, user_id, message_id, data)
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self._user(user_id, language_code, "User"),
                    "chat_instance": str(chat_id),
                    "message": message,
                    "data": data,
                }
            }
        )

    def chat_log(self, chat_id: int) -> list[dict[str, Any]]:
        """The chat as its user sees it: both sides, in order, edits applied."""
        state = self._chats.get(chat_id)
        if state is None:
            return []
        return [m.view() for m in sorted(state.messages.values(), key=lambda m: m.message_id)]

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.chat_log(chat_id) if m["from"] == "bot"]

    def unanswered_callbacks(self) -> list[CallbackQueryState]:
        return [q for q in self.callback_queries.values() if not q.answered]

    def pending_update_count(self) -> int:
        return len(self._updates)

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        """Change events (``message``, ``edit``, ``delete``, ``callback_answer``, ``chat_action``)."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        with contextlib.suppress(ValueError):
            self._subscribers.remove(queue)

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def _publish(self, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers):
            queue.put_nowait(event)
        self._notify()

    def _notify(self) -> None:
        waiters, self._change_waiters = self._change_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:  # noqa: ASYNC109
        """Wait (bounded) until ``predicate()`` is truthy; re-checked after every call and change."""

        async def _wait() -> Any:
            while not (result := predicate()):
                waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                self._change_waiters.append(waiter)
                await waiter
            return result

        return await asyncio.wait_for(_wait(), timeout)

    def _wake(self) -> None:
        self._release_polls()
        if self.webhook_url:
            self._ensure_delivery()

    def _release_polls(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(False)
        self._waiters.clear()

    # ------------------------------------------------------------------ HTTP

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            else:
                form = await request.post()
                params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return self._error(ApiError(401, "Unauthorized"))
        try:
            params = await self._params(request)
        except (ValueError, aiohttp.ClientError):
            return self._error(ApiError(400, "Bad Request: can't parse request body"))
        call = ApiCall(method, params)
        self.calls.append(call)
        self._notify()
        fault = self.faults.pick(method)
        if fault is not None:
            call.fault = fault.kind
            injected = await self._inject(fault, request, call)
            if injected is not None:
                self._notify()
                return injected
        try:
            impl = self._methods.get(method.lower())
            if impl is None:
                call.status, call.description = 404, "Not Found: method not found"
                return self._error(ApiError(404, "Not Found: method not found"))
            try:
                result = await impl(params)
            except ApiError as exc:
                call.status, call.description = exc.code, exc.description
                return self._error(exc)
            return web.json_response({"ok": True, "result": result})
        finally:
            self._notify()

    async def _inject(self, fault: Fault, request: web.Request, call: ApiCall) -> web.StreamResponse | None:
        if fault.kind == "429":
            call.status = 429
            return self._error(
                ApiError(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}",
                    {"retry_after": fault.retry_after},
                )
            )
        if fault.kind == "500":
            call.status = 500
            return self._error(ApiError(500, "Internal Server Error"))
        if fault.kind == "502":
            call.status = 502
            return web.Response(
                status=502,
                content_type="text/html",
                text="<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
                "</h1></center><hr><center>nginx</center></body></html>",
            )
        if fault.kind in ("timeout", "slow"):
            await asyncio.sleep(fault.delay)
            if request.transport is None or request.transport.is_closing():
                # The client gave up (timeout, shutdown): the request never reached "Telegram".
                call.status, call.description = 0, "client disconnected before processing"
                return web.Response(status=499)
            return None
        # reset: drop the connection without an answer
        call.status = 0
        if request.transport is not None:
            request.transport.abort()
        # Nothing reaches the client: the transport is gone before this response is written.
        return web.Response(status=500)

    @staticmethod
    def _error(exc: ApiError) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
        if exc.parameters:
            body["parameters"] = exc.parameters
        return web.json_response(body, status=exc.code)

    async def _cleanup(self, app: web.Application) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.cancel()
        if self._delivery_task is not None:
            self._delivery_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery_task

    # ------------------------------------------------------------------ methods

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.first_poll.set()
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset = _as_int(params.get("offset", 0), "offset")
        timeout = min(float(params.get("timeout", 0) or 0), 50.0)
        limit = max(1, min(_as_int(params.get("limit", 100), "limit"), 100))
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        # A newer getUpdates terminates a waiting one, as Telegram does.
        if self._poller is not None and not self._poller.done():
            self._poller.set_result(True)
        if not self._updates and timeout > 0:
            waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
            self._poller = waiter
            self._waiters.append(waiter)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(waiter), timeout)
            finally:
                if self._poller is waiter:
                    self._poller = None
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
                waiter.cancel()  # no-op when it is done
            if not waiter.cancelled() and waiter.result():
                raise ApiError(409, POLL_CONFLICT)
        return self._updates[:limit]

    def _markup(self, value: Any) -> dict[str, Any] | None:
        markup = _as_json(value) if value not in (None, "") else None
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise ApiError(400, "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays")
            actions = ("callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat",
                       "web_app", "login_url", "pay", "copy_text", "callback_game", "switch_inline_query_chosen_chat")
            for row in rows:
                for button in row:
                    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                        raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                    present = [a for a in actions if a in button and button[a] is not None]
                    if len(present) != 1:
                        raise ApiError(400, "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used")
                    if "callback_data" in present:
                        size = len(str(button["callback_data"]).encode("utf-8"))
                        if not 1 <= size <= MAX_CALLBACK_DATA:
                            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if sum(len(r) for r in rows) > 100:
                raise ApiError(400, "Bad Request: too many inline keyboard buttons")
        return markup

    def _render_text(self, params: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]]:
        raw = params.get("text")
        if raw is None or raw == "":
            raise ApiError(400, "Bad Request: message text is empty")
        raw = str(raw)
        mode = str(params.get("parse_mode") or "")
        if mode.upper() == "HTML":
            try:
                parsed = parse_html(raw)
            except HtmlError as exc:
                raise ApiError(400, f"Bad Request: {exc}") from None
            text, entities, html = parsed.text, parsed.entities, raw
        elif mode:
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode!r} in this stand-in (use HTML)")
        else:
            text, entities, html = raw, [], escape(raw, quote=False)
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return text, html, entities

    def _known_chat(self, params: dict[str, Any]) -> _Chat:
        chat_id = _as_int(params.get("chat_id"), "chat_id")
        state = self._chats.get(chat_id)
        if state is None:
            raise ApiError(400, "Bad Request: chat not found")
        return state

    def _message_json(self, state: _Chat, stored: StoredMessage) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": stored.message_id,
            "date": stored.date,
            "chat": state.chat,
            "from": self.bot_user,
            "text": stored.text,
        }
        if stored.edited:
            message["edit_date"] = int(time.time())
        if stored.entities:
            message["entities"] = stored.entities
        if stored.reply_markup is not None:
            message["reply_markup"] = stored.reply_markup
        return message

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self._known_chat(params)
        text, html, entities = self._render_text(params)
        markup = self._markup(params.get("reply_markup"))
        inline = markup if markup is not None and "inline_keyboard" in markup else None
        stored = StoredMessage(state.next_id, state.chat["id"], "bot", int(time.time()), text, html, entities, inline)
        state.next_id += 1
        state.messages[stored.message_id] = stored
        stored.raw = self._message_json(state, stored)
        self._publish({"type": "message", "chat_id": state.chat["id"], "message": stored.view()})
        return stored.raw

    def _bot_message(self, params: dict[str, Any], purpose: str) -> tuple[_Chat, StoredMessage]:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: inline messages are not supported by this stand-in")
        state = self._known_chat(params)
        message_id = _as_int(params.get("message_id"), "message_id")
        stored = state.messages.get(message_id)
        if stored is None:
            raise ApiError(400, f"Bad Request: message to {purpose} not found")
        if stored.sender != "bot" and purpose == "edit":
            raise ApiError(400, "Bad Request: message can't be edited")
        return state, stored

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        state, stored = self._bot_message(params, "edit")
        text, html, entities = self._render_text(params)
        markup = self._markup(params.get("reply_markup"))
        if text == stored.text and entities == stored.entities and markup == stored.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        stored.text, stored.html, stored.entities, stored.reply_markup = text, html, entities, markup
        stored.edited = True
        stored.raw = self._message_json(state, stored)
        self._publish({"type": "edit", "chat_id": state.chat["id"], "message": stored.view()})
        return stored.raw

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        state, stored = self._bot_message(params, "edit")
        markup = self._markup(params.get("reply_markup"))
        if markup == stored.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        stored.reply_markup = markup
        stored.edited = True
        stored.raw = self._message_json(state, stored)
        self._publish({"type": "edit", "chat_id": state.chat["id"], "message": stored.view()})
        return stored.raw

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        state, stored = self._bot_message(params, "delete")
        del state.messages[stored.message_id]
        self._publish({"type": "delete", "chat_id": state.chat["id"], "message_id": stored.message_id})
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query = self.callback_queries.get(str(params.get("callback_query_id", "")))
        if query is None or query.answered:
            raise ApiError(400, QUERY_INVALID)
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query.answered = True
        query.answer_text = str(text) if text else None
        query.show_alert = _as_bool(params.get("show_alert", False))
        self._publish(
            {
                "type": "callback_answer",
                "chat_id": query.chat_id,
                "query_id": query.query_id,
                "text": query.answer_text,
                "show_alert": query.show_alert,
            }
        )
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        state = self._known_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self._publish({"type": "chat_action", "chat_id": state.chat["id"], "action": params["action"]})
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = _as_json(params.get("commands"))
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be an array of at most 100 BotCommand")
        for c in commands:
            if not isinstance(c, dict) or not _COMMAND_RE.match(str(c.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", "")).strip()) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[str(params.get("language_code") or "")] = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(str(params.get("language_code") or ""), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(str(params.get("language_code") or ""), None)
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.match(str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if not url:
            self.webhook_url = self.webhook_secret = None
            return True
        if not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: invalid URL")
        if _as_bool(params.get("drop_pending_updates", False)):
            self._updates.clear()
        self.webhook_url, self.webhook_secret = url, str(secret) if secret else None
        self._wake()
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = self.webhook_secret = None
        if _as_bool(params.get("drop_pending_updates", False)):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    # ------------------------------------------------------------------ webhook delivery

    def _ensure_delivery(self) -> None:
        if self._delivery_task is None or self._delivery_task.done():
            with contextlib.suppress(RuntimeError):  # no running loop: delivered on the next push
                self._delivery_task = asyncio.get_running_loop().create_task(self._deliver())

    async def _deliver(self) -> None:
        """POST queued updates to the webhook in order, retrying failures (as Telegram does)."""
        async with aiohttp.ClientSession() as session:
            while self.webhook_url and self._updates:
                update = self._updates[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret} if self.webhook_secret else {}
                try:
                    async with session.post(
                        self.webhook_url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=10)
                    ) as resp:
                        status = resp.status
                except (TimeoutError, aiohttp.ClientError):
                    status = 0
                self.webhook_deliveries.append((update["update_id"], status))
                if status == 200:
                    if self._updates and self._updates[0] is update:
                        self._updates.pop(0)
                else:
                    await asyncio.sleep(0.2)

    # ------------------------------------------------------------------ serving

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0 = a free port); returns the base URL for TELEGRAM_API_URL."""
        runner = web.AppRunner(self.app, handle_signals=False, access_log=None)
        self._runner: web.AppRunner | None = runner
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        bound_port = sockets[0].getsockname()[1] if sockets else port
        self.base_url = f"http://{host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        runner: web.AppRunner | None = getattr(self, "_runner", None)
        # Release long polls now rather than at their timeout (cleanup waits for handlers).
        self._release_polls()
        if runner is not None:
            await runner.cleanup()
            self._runner = None
