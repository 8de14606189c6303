"""A local stand-in for the Telegram Bot API (aiohttp), for end-to-end tests and the sandbox.

It keeps what a user would see (chats, messages with their edits, callback queries), validates
requests the way Telegram does and answers with Telegram's JSON shapes, errors included::

    {"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 3",
     "parameters": {"retry_after": 3}}

Updates are queued by ``push_*`` and served by ``getUpdates`` (long polling with offset and
timeout, like Telegram: an update is dropped only when a later call confirms it with a larger
offset), or POSTed to the webhook registered with ``setWebhook`` (with its secret token header).

This module is the HTTP front and the Bot API methods over the state; the pieces live beside
it: wire.py (errors, call records, parameters), validate.py (Telegram's checks on what a bot
sends), state.py (chats, messages, change events), faults.py (fault plans and what a fault does
to a call), delivery.py (webhook delivery).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from html import escape
from typing import Any

import aiohttp
from aiohttp import web

from bot.devapi import forum as forums
from bot.devapi import validate
from bot.devapi.delivery import WebhookDelivery
from bot.devapi.faults import Fault, FaultPlan, fault_response
from bot.devapi.state import CallbackQueryState, Changes, Chat, StoredMessage, user_entities
from bot.devapi.wire import ApiCall, ApiError, as_bool, as_int, error_response, read_params

__all__ = ["ApiCall", "ApiError", "CallbackQueryState", "FakeBotApi", "StoredMessage"]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)


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
        self.command_scopes: dict[str, str] = {}  # language_code -> the scope's type
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self._chats: dict[int, Chat] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = first_update_id
        self._query_ids = itertools.count(1)
        # Long polls waiting for updates; each ends with True when a newer getUpdates replaced it
        # (a result, not an exception: an abandoned poll leaves nothing unretrieved behind).
        self._waiters: list[asyncio.Future[bool]] = []
        self._poller: asyncio.Future[bool] | None = None
        self.changes = Changes()
        self._delivery = WebhookDelivery(self._updates, lambda: (self.webhook_url, self.webhook_secret))
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
            "createforumtopic": self._create_forum_topic,
            "editforumtopic": self._edit_forum_topic,
            "closeforumtopic": self._close_forum_topic,
            "reopenforumtopic": self._reopen_forum_topic,
            "deleteforumtopic": self._delete_forum_topic,
            "close": self._true,
            "logout": self._true,
        }

    # ------------------------------------------------------------------ the user side (tests, sandbox)

    def _chat(self, chat_id: int, chat_type: str = "private", user: dict[str, Any] | None = None) -> Chat:
        state = self._chats.get(chat_id)
        if state is None:
            if chat_type == "private":
                chat: dict[str, Any] = {"id": chat_id, "type": "private"}
                if user:
                    chat["first_name"] = user.get("first_name", "User")
            else:
                chat = {"id": chat_id, "type": chat_type, "title": f"Chat {chat_id}"}
            state = self._chats[chat_id] = Chat(chat)
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
        return self._record_user_message(self._chat(chat_id, chat_type, user), chat_id, user, text, extra)

    def _record_user_message(
        self,
        state: Chat,
        chat_id: int,
        from_user: dict[str, Any],
        text: str | None,
        extra: dict[str, Any],
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """A member's message stored in the chat (in a forum topic with ``thread_id``) and
        returned as an update's ``message``."""
        message_id = state.next_id
        state.next_id += 1
        message: dict[str, Any] = {"message_id": message_id}
        if thread_id is not None:
            message |= {"message_thread_id": thread_id, "is_topic_message": True}
        message |= {"date": int(time.time()), "chat": state.chat, "from": from_user}
        if text:
            message["text"] = text
            entities = user_entities(text)
            if entities:
                message["entities"] = entities
        message.update(extra)
        kind = "text" if text else next((k for k in extra if k not in ("entities", "caption")), "text")
        stored = StoredMessage(
            message_id, chat_id, "user", message["date"], text, escape(text) if text else None, [], None, kind,
            raw=message, thread_id=thread_id,
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

    # ---- forum supergroups (the operators' group of the human handoff)

    def add_forum(
        self,
        chat_id: int,
        title: str = "Operators",
        *,
        can_manage_topics: bool = True,
        limit_per_minute: int = forums.GROUP_LIMIT_PER_MINUTE,
    ) -> None:
        """A supergroup with topics enabled, the bot an administrator (``can_manage_topics``)."""
        chat = {"id": chat_id, "type": "supergroup", "title": title, "is_forum": True}
        self._chats[chat_id] = Chat(
            chat, forum=forums.Forum(can_manage_topics=can_manage_topics, limit_per_minute=limit_per_minute)
        )

    def forum(self, chat_id: int) -> forums.Forum:
        state = self._chats.get(chat_id)
        if state is None or state.forum is None:
            raise KeyError(f"chat {chat_id} is not a forum (add_forum first)")
        return state.forum

    def push_topic_message(
        self,
        chat_id: int,
        thread_id: int,
        user_id: int,
        text: str | None,
        *,
        first_name: str = "Operator",
        username: str | None = None,
        language_code: str | None = "ru",
        **extra: Any,
    ) -> int:
        """A member writes in a topic of a forum: the update carries message_thread_id and
        is_topic_message, as Telegram's does."""
        state = self._chats[chat_id]
        from_user = self._user(user_id, language_code, first_name)
        if username:
            from_user["username"] = username
        message = self._record_user_message(state, chat_id, from_user, text, extra, thread_id)
        return self.push_update({"message": message})

    def topic_log(self, chat_id: int, thread_id: int) -> list[dict[str, Any]]:
        """The messages of one topic, in order."""
        return [m for m in self.chat_log(chat_id) if m.get("thread_id") == thread_id]

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
        return self.changes.subscribe()

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self.changes.unsubscribe(queue)

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def _publish(self, event: dict[str, Any]) -> None:
        self.changes.publish(event)

    def _notify(self) -> None:
        self.changes.notify()

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:  # noqa: ASYNC109
        """Wait (bounded) until ``predicate()`` is truthy; re-checked after every call and change."""
        return await self.changes.wait_until(predicate, timeout)

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

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return error_response(ApiError(401, "Unauthorized"))
        try:
            params = await read_params(request)
        except (ValueError, aiohttp.ClientError):
            return error_response(ApiError(400, "Bad Request: can't parse request body"))
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
                return error_response(ApiError(404, "Not Found: method not found"))
            try:
                result = await impl(params)
            except ApiError as exc:
                call.status, call.description = exc.code, exc.description
                return error_response(exc)
            return web.json_response({"ok": True, "result": result})
        finally:
            self._notify()

    async def _inject(self, fault: Fault, request: web.Request, call: ApiCall) -> web.StreamResponse | None:
        return await fault_response(fault, request, call)

    async def _cleanup(self, app: web.Application) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.cancel()
        await self._delivery.stop()

    # ------------------------------------------------------------------ methods

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.first_poll.set()
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset = as_int(params.get("offset", 0), "offset")
        timeout = min(float(params.get("timeout", 0) or 0), 50.0)
        limit = max(1, min(as_int(params.get("limit", 100), "limit"), 100))
        if offset:
            self._updates[:] = [u for u in self._updates if u["update_id"] >= offset]  # in place: shared with delivery
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

    def _known_chat(self, params: dict[str, Any]) -> Chat:
        chat_id = as_int(params.get("chat_id"), "chat_id")
        state = self._chats.get(chat_id)
        if state is None:
            raise ApiError(400, "Bad Request: chat not found")
        return state

    def _message_json(self, state: Chat, stored: StoredMessage) -> dict[str, Any]:
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
        if stored.thread_id is not None:
            message["message_thread_id"] = stored.thread_id
            message["is_topic_message"] = True
        return message

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self._known_chat(params)
        text, html, entities = validate.message_text(params)
        markup = validate.reply_markup(params.get("reply_markup"))
        inline = markup if markup is not None and "inline_keyboard" in markup else None
        thread_id = as_int(params["message_thread_id"], "message_thread_id") if params.get("message_thread_id") else None
        if state.forum is not None:
            state.forum.check_send(thread_id)
        elif thread_id is not None:
            raise ApiError(400, forums.THREAD_NOT_FOUND)
        stored = StoredMessage(
            state.next_id, state.chat["id"], "bot", int(time.time()), text, html, entities, inline, thread_id=thread_id
        )
        state.next_id += 1
        state.messages[stored.message_id] = stored
        stored.raw = self._message_json(state, stored)
        self._publish({"type": "message", "chat_id": state.chat["id"], "message": stored.view()})
        return stored.raw

    def _bot_message(self, params: dict[str, Any], purpose: str) -> tuple[Chat, StoredMessage]:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: inline messages are not supported by this stand-in")
        state = self._known_chat(params)
        message_id = as_int(params.get("message_id"), "message_id")
        stored = state.messages.get(message_id)
        if stored is None:
            raise ApiError(400, f"Bad Request: message to {purpose} not found")
        if stored.sender != "bot" and purpose == "edit":
            raise ApiError(400, "Bad Request: message can't be edited")
        return state, stored

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        state, stored = self._bot_message(params, "edit")
        text, html, entities = validate.message_text(params)
        markup = validate.reply_markup(params.get("reply_markup"))
        if text == stored.text and entities == stored.entities and markup == stored.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        stored.text, stored.html, stored.entities, stored.reply_markup = text, html, entities, markup
        stored.edited = True
        stored.raw = self._message_json(state, stored)
        self._publish({"type": "edit", "chat_id": state.chat["id"], "message": stored.view()})
        return stored.raw

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        state, stored = self._bot_message(params, "edit")
        markup = validate.reply_markup(params.get("reply_markup"))
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

    # ---- forum topics

    def _forum_chat(self, params: dict[str, Any]) -> tuple[Chat, forums.Forum]:
        state = self._known_chat(params)
        if state.forum is None:
            raise ApiError(400, forums.NOT_A_FORUM)
        state.forum.check_manage()
        return state, state.forum

    def _service_message(self, state: Chat, thread_id: int | None, kind: str, body: dict[str, Any]) -> StoredMessage:
        message_id = state.next_id
        state.next_id += 1
        stored = StoredMessage(
            message_id, state.chat["id"], "bot", int(time.time()), None, None, [], None, kind,
            thread_id=thread_id if thread_id is not None else message_id,
        )
        stored.raw = {**self._message_json(state, stored), kind: body}
        stored.raw.pop("text", None)
        state.messages[message_id] = stored
        self._publish({"type": "message", "chat_id": state.chat["id"], "message": stored.view()})
        return stored

    async def _create_forum_topic(self, params: dict[str, Any]) -> dict[str, Any]:
        state, forum = self._forum_chat(params)
        name = forums.topic_name(params.get("name"), required=True)
        assert name is not None
        color = as_int(params.get("icon_color", forums.ICON_COLORS[0]), "icon_color")
        if color not in forums.ICON_COLORS:
            raise ApiError(400, "Bad Request: TOPIC_ICON_COLOR_INVALID")
        created = self._service_message(state, None, "forum_topic_created", {"name": name, "icon_color": color})
        topic = forums.Topic(created.message_id, name, color)
        forum.topics[topic.thread_id] = topic
        return topic.json()

    def _forum_topic(self, params: dict[str, Any]) -> tuple[Chat, forums.Forum, forums.Topic]:
        state, forum = self._forum_chat(params)
        return state, forum, forum.topic(as_int(params.get("message_thread_id"), "message_thread_id"))

    async def _edit_forum_topic(self, params: dict[str, Any]) -> bool:
        state, _forum, topic = self._forum_topic(params)
        name = forums.topic_name(params.get("name"), required=False)
        if name is None and params.get("icon_custom_emoji_id") is None:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        if name is not None:
            if name == topic.name:
                raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
            topic.name = name
            self._service_message(state, topic.thread_id, "forum_topic_edited", {"name": name})
        return True

    async def _close_forum_topic(self, params: dict[str, Any]) -> bool:
        state, _forum, topic = self._forum_topic(params)
        if topic.closed:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic.closed = True
        self._service_message(state, topic.thread_id, "forum_topic_closed", {})
        return True

    async def _reopen_forum_topic(self, params: dict[str, Any]) -> bool:
        state, _forum, topic = self._forum_topic(params)
        if not topic.closed:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic.closed = False
        self._service_message(state, topic.thread_id, "forum_topic_reopened", {})
        return True

    async def _delete_forum_topic(self, params: dict[str, Any]) -> bool:
        state, forum, topic = self._forum_topic(params)
        self.delete_topic(state.chat["id"], topic.thread_id, forum)
        return True

    def delete_topic(self, chat_id: int, thread_id: int, forum: forums.Forum | None = None) -> None:
        """The topic and its messages go (what an operator deleting it in the app does too)."""
        state = self._chats[chat_id]
        forum = forum or self.forum(chat_id)
        forum.topics.pop(thread_id, None)
        forum.deleted.add(thread_id)
        for message_id in [m.message_id for m in state.messages.values() if m.thread_id == thread_id]:
            del state.messages[message_id]
            self._publish({"type": "delete", "chat_id": chat_id, "message_id": message_id})

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query = self.callback_queries.get(str(params.get("callback_query_id", "")))
        if query is None or query.answered:
            raise ApiError(400, QUERY_INVALID)
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query.answered = True
        query.answer_text = str(text) if text else None
        query.show_alert = as_bool(params.get("show_alert", False))
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
        action = validate.chat_action(params.get("action"))
        self._publish({"type": "chat_action", "chat_id": state.chat["id"], "action": action})
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        lang = str(params.get("language_code") or "")
        self.commands[lang] = validate.commands(params.get("commands"))
        self.command_scopes[lang] = validate.command_scope(params.get("scope"))
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(str(params.get("language_code") or ""), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(str(params.get("language_code") or ""), None)
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        validate.webhook_secret(secret)
        if not url:
            self.webhook_url = self.webhook_secret = None
            return True
        if not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: invalid URL")
        if as_bool(params.get("drop_pending_updates", False)):
            self._updates.clear()
        self.webhook_url, self.webhook_secret = url, str(secret) if secret else None
        self._wake()
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = self.webhook_secret = None
        if as_bool(params.get("drop_pending_updates", False)):
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
        self._delivery.ensure()

    @property
    def webhook_deliveries(self) -> list[tuple[int, int]]:
        """(update_id, HTTP status) of every webhook POST, in order."""
        return self._delivery.deliveries

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
