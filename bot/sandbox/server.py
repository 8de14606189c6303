"""The local sandbox: a Telegram-like web chat that drives the real bot without a Telegram token.

One event loop runs three things::

    browser ──HTTP/SSE──▶ sandbox app (this module, 127.0.0.1:8080)
                               │ push_message / push_callback, chat_log / subscribe
                               ▼
                          FakeBotApi (bot.devapi, an internal 127.0.0.1 port)
                               ▲ getUpdates / sendMessage / editMessageText ... over HTTP
                               │
                          the real bot: bot.app.serve_polling (dispatcher,
                          middlewares, handlers, storage), with TELEGRAM_API_URL pointed at it

The page never answers anything itself: every reply it shows was sent by the bot through the
Bot API stand-in, exactly as Telegram would deliver it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import structlog
from aiohttp import web
from pydantic import SecretStr

from bot.config import Settings
from bot.core.lang import Lang, parse_lang
from bot.core.ports import Store
from bot.devapi import FakeBotApi
from bot.sandbox.handoff import SANDBOX_GROUP_ID, add_case_routes, add_operators_group

log = structlog.get_logger(__name__)

STATIC_DIR = Path(__file__).with_name("static")
SANDBOX_TOKEN = "700000000:SANDBOX-local-token-not-for-telegram"
# Simulated Telegram users: the citizen who chats on the page and an operator whose id is added
# to OPERATOR_IDS of the sandbox's settings copy (reload, stats). The citizen is a new user in
# every session and every "new chat" (the bot remembers users, e.g. their language, by id).
CITIZEN_ID_BASE = 7_000_000_000_000
OPERATOR_ID = 6_999_999_999_999
MAX_PAGE_MESSAGES = 300  # the page shows the latest messages of a long session
REPORT_DAYS = 30
UNANSWERED_LIMIT = 10
BOT_REPLY_TIMEOUT = 20.0
TYPING_SECONDS = 5.0  # how long Telegram shows "typing…" after one sendChatAction
BOT_STOP_TIMEOUT = 10.0
BOT_READY_TIMEOUT = 120.0  # first start loads and indexes the content
SSE_PING_SECONDS = 15.0
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# The analytics report is a self-contained page (inline styles, charts as data: images, no script).
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'"


class BotRunner(Protocol):
    def __call__(self, settings: Settings, *, stop: asyncio.Event, store: Store | None) -> Awaitable[None]: ...


StoreFactory = Callable[[Settings], Awaitable[Store]]
# The WhatsApp preview: ("text" | "choice", value) -> the Graph API messages the bot would send.
WhatsAppTurn = Callable[[str, str], Awaitable[list[dict[str, Any]]]]
WhatsAppFactory = Callable[[Settings, Store | None], Awaitable[WhatsAppTurn]]
MAX_WHATSAPP_LOG = 300
MAX_CHOICE_ID = 256
ReportRenderer = Callable[[Store, int], Awaitable[str]]
# The operator panel's unanswered clusters (JSON items) and "draft an entry from this cluster"
# (returns the draft file's path), given by the composition root (they need the engine).
UnansweredLister = Callable[[Store, int, int], Awaitable[list[dict[str, Any]]]]
DraftWriter = Callable[[Store, int, str], Awaitable[str | None]]


async def _store_unanswered(store: Store, days: int, limit: int) -> list[dict[str, Any]]:
    clusters = await store.unanswered(days, limit=limit)
    return [{"key": "", "label": c.label, "count": c.count, "examples": list(c.examples), "by_lang": {}} for c in clusters]


async def _no_report(store: Store, days: int) -> str:
    return "<p>No report in this session.</p>"


def sandbox_settings(settings: Settings, api_url: str | None = None) -> Settings:
    """The settings copy the sandbox runs the bot with.

    The token is a local placeholder (a real BOT_TOKEN is never sent anywhere from here) and the
    simulated operator is added to OPERATOR_IDS. The database is DATABASE_URL, as for the bot
    (default ``data/bot.db``): one obvious place for data, so ``python -m bot stats`` reports
    the questions asked in the sandbox.
    """
    update: dict[str, Any] = {
        "bot_token": SecretStr(SANDBOX_TOKEN),
        "operator_ids": frozenset(settings.operator_ids) | {OPERATOR_ID},
        "webhook_url": None,
        "webhook_secret": None,
        "redis_url": None,
        # "Ask a lawyer" works in the sandbox: its operators' group is in the stand-in.
        "operators_chat_id": SANDBOX_GROUP_ID,
    }
    if api_url is not None:
        update["telegram_api_url"] = api_url
    return settings.model_copy(update=update)


@dataclass
class SimulatedUser:
    id: int
    first_name: str
    language_code: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "first_name": self.first_name, "language_code": self.language_code}


def _buttons(markup: Mapping[str, Any] | None) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for row in (markup or {}).get("inline_keyboard") or []:
        out: list[dict[str, Any]] = []
        for button in row:
            item: dict[str, Any] = {"text": str(button.get("text", ""))}
            if button.get("callback_data") is not None:
                item["data"] = str(button["callback_data"])
            url = str(button.get("url") or "")
            if url.startswith(("http://", "https://")):
                item["url"] = url
            out.append(item)
        rows.append(out)
    return rows


def page_message(view: Mapping[str, Any]) -> dict[str, Any]:
    """One chat_log entry as the page draws it (``rev`` changes whenever the bot edits it)."""
    from_bot = view.get("from") == "bot"
    text = view.get("text")
    if text is None:
        text = f"[{view.get('kind') or 'message'}]"
    html = view.get("html") if from_bot else None
    markup = view.get("reply_markup")
    rev_src = json.dumps([text, html, markup, bool(view.get("edited"))], ensure_ascii=False, sort_keys=True)
    return {
        "id": int(view["message_id"]),
        "out": not from_bot,
        "date": int(view.get("date") or 0),
        "text": str(text),
        "html": html,
        "edited": bool(view.get("edited")),
        "buttons": _buttons(markup),
        "rev": hashlib.sha1(rev_src.encode("utf-8")).hexdigest()[:12],
    }


class Sandbox:
    """One sandbox session: the Bot API stand-in, the real bot polling it, the simulated users."""

    def __init__(
        self,
        settings: Settings,
        *,
        api: FakeBotApi | None = None,
        run_bot: BotRunner | None = None,
        open_store: StoreFactory | None = None,
        render_report: ReportRenderer = _no_report,
        list_unanswered: UnansweredLister = _store_unanswered,
        write_draft: DraftWriter | None = None,
        whatsapp: WhatsAppFactory | None = None,
    ) -> None:
        self.base_settings = settings
        self.whatsapp_factory = whatsapp
        self._whatsapp_turn: WhatsAppTurn | None = None
        self._whatsapp_lock = asyncio.Lock()
        self.whatsapp_log: list[dict[str, Any]] = []  # {"from": "user"|"bot", "text"|"message"}
        self.settings = sandbox_settings(settings)
        # The bot refuses update ids it has already processed (exactly-once, kept in the database):
        # start this session's ids past any earlier one, as Telegram's own ids only ever grow.
        self.api = api or FakeBotApi(
            SANDBOX_TOKEN,
            bot_username="kz_rights_sandbox_bot",
            bot_name="Құқық · Право · Rights",
            first_update_id=int(time.time()) * 1000,
        )
        add_operators_group(self.api)
        self._run_bot = run_bot
        self._open_store = open_store
        self.render_report = render_report
        self.list_unanswered = list_unanswered
        self.write_draft = write_draft
        self.report_lock = asyncio.Lock()
        self.store: Store | None = None
        self.user = SimulatedUser(CITIZEN_ID_BASE + int(time.time()) * 100, "Айгүл", "ru")
        self.operator = SimulatedUser(OPERATOR_ID, "Operator", "ru")
        self.version = 0
        self.typing_until = 0.0
        self.bot_failed: str | None = None
        # The bot is up once it asks the stand-in for updates (content loaded, store open).
        self.bot_polling = self.api.first_poll
        self._listeners: set[asyncio.Queue[tuple[str, dict[str, Any]] | None]] = set()
        self._waiters: list[asyncio.Future[None]] = []
        self._bot_stop = asyncio.Event()
        self._bot_task: asyncio.Task[None] | None = None
        self._watch_task: asyncio.Task[None] | None = None
        self._typing_timer: asyncio.TimerHandle | None = None
        self._events: asyncio.Queue[dict[str, Any]] | None = None
        self._started_api = False
        self._stopped = False

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        if not hasattr(self.api, "base_url"):  # not served by the caller
            await self.api.start("127.0.0.1", 0)
            self._started_api = True
        self.settings = sandbox_settings(self.base_settings, self.api.base_url)
        self._events = self.api.subscribe()
        self._watch_task = asyncio.create_task(self._watch(self._events), name="sandbox-watch")
        if self._open_store is not None:
            self.store = await self._open_store(self.settings)
        if self._run_bot is not None:
            self._bot_task = asyncio.create_task(self._bot(self._run_bot), name="sandbox-bot")

    async def wait_until_polling(self, wait_seconds: float = BOT_READY_TIMEOUT) -> bool:
        """Wait (bounded) until the bot polls; False if it stopped or took longer than that."""
        if self._bot_task is None:
            return True
        polling = asyncio.ensure_future(self.bot_polling.wait())
        try:
            await asyncio.wait({polling, self._bot_task}, timeout=wait_seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            polling.cancel()
        return self.bot_polling.is_set() and not self._bot_task.done()

    async def _bot(self, run_bot: BotRunner) -> None:
        try:
            await run_bot(self.settings, stop=self._bot_stop, store=self.store)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # The page keeps working (it shows the chat) and says the bot stopped, with why.
            self.bot_failed = f"{type(exc).__name__}: {exc}"
            log.exception("sandbox.bot_failed")
            self._touch()

    async def stop(self) -> None:
        """Stop the bot (gracefully, bounded), end the page streams, the stand-in and the store."""
        if self._stopped:
            return
        self._stopped = True
        self._bot_stop.set()
        for queue in list(self._listeners):
            queue.put_nowait(None)
        if self._bot_task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._bot_task), BOT_STOP_TIMEOUT)
            except TimeoutError:
                log.warning("sandbox.bot_stop_timeout", seconds=BOT_STOP_TIMEOUT)
                self._bot_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._bot_task
        if self._watch_task is not None:
            self._watch_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch_task
        if self._events is not None:
            self.api.unsubscribe(self._events)
        if self._typing_timer is not None:
            self._typing_timer.cancel()
        if self._started_api:
            await self.api.stop()  # also ends a long poll the bot abandoned
        if self.store is not None:
            await self.store.close()

    # ------------------------------------------------------------------ live state

    async def _watch(self, events: asyncio.Queue[dict[str, Any]]) -> None:
        """Turn the stand-in's change events into page updates for the current chat."""
        while True:
            event = await events.get()
            chat_id = event.get("chat_id")
            kind = event.get("type")
            for waiter in self._waiters:
                if not waiter.done():
                    waiter.set_result(None)
            self._waiters.clear()
            if chat_id == SANDBOX_GROUP_ID:
                self._broadcast("cases", None)
            if chat_id != self.user.id:
                continue
            if kind == "chat_action":
                self._set_typing(TYPING_SECONDS)
            elif kind == "message" and (event.get("message") or {}).get("from") == "bot":
                self._set_typing(0)
            if kind == "callback_answer":
                if event.get("text"):
                    self._broadcast("toast", {"text": event["text"], "show_alert": bool(event.get("show_alert"))})
                continue
            self._touch()

    def _set_typing(self, seconds: float) -> None:
        if self._typing_timer is not None:
            self._typing_timer.cancel()
            self._typing_timer = None
        self.typing_until = time.monotonic() + seconds if seconds > 0 else 0.0
        if seconds > 0:
            self._typing_timer = asyncio.get_running_loop().call_later(seconds, self._typing_expired)

    def _typing_expired(self) -> None:
        self._typing_timer = None
        self.typing_until = 0.0
        self._touch()

    def _touch(self) -> None:
        self.version += 1
        self._broadcast("state", None)

    def _broadcast(self, kind: str, payload: dict[str, Any] | None) -> None:
        for queue in list(self._listeners):
            queue.put_nowait((kind, payload or {}))

    def listen(self) -> asyncio.Queue[tuple[str, dict[str, Any]] | None]:
        queue: asyncio.Queue[tuple[str, dict[str, Any]] | None] = asyncio.Queue()
        self._listeners.add(queue)
        return queue

    def unlisten(self, queue: asyncio.Queue[tuple[str, dict[str, Any]] | None]) -> None:
        self._listeners.discard(queue)

    def state(self) -> dict[str, Any]:
        messages = [page_message(m) for m in self.api.chat_log(self.user.id)[-MAX_PAGE_MESSAGES:]]
        return {
            "version": self.version,
            "user": self.user.as_json(),
            "bot": {
                "first_name": self.api.bot_user.get("first_name"),
                "username": self.api.bot_user.get("username"),
            },
            "bot_failed": self.bot_failed,
            "messages": messages,
            "bot_messages": sum(1 for m in messages if not m["out"]),
            "commands": {
                lang: [{"command": c.get("command"), "description": c.get("description")} for c in cmds]
                for lang, cmds in self.api.commands.items()
            },
            "typing": self.typing_until > time.monotonic(),
        }

    # ------------------------------------------------------------------ what the page can do

    def send(self, text: str) -> int:
        return self._say(self.user, text)

    def _say(self, user: SimulatedUser, text: str) -> int:
        """``user`` sends ``text`` in their private chat with the bot."""
        return self.api.push_message(
            user.id, user.id, text, language_code=user.language_code, first_name=user.first_name
        )

    def press(self, message_id: int, data: str) -> int:
        return self.api.push_callback(
            self.user.id, self.user.id, message_id, data, language_code=self.user.language_code
        )

    async def set_language(self, lang: Lang, wait_seconds: float = BOT_REPLY_TIMEOUT) -> bool:
        """Switch as a Telegram user would: the app's language, then ``/lang kk|ru|en``.

        Returns False when the bot did not answer in time.
        """
        self.user.language_code = lang.value
        self._touch()
        reply = await self._bot_reply(self.user, f"/lang {lang.value}", wait_seconds)
        return reply is not None

    async def whatsapp(self, kind: str, value: str, shown: str | None = None) -> list[dict[str, Any]]:
        """One turn of the WhatsApp preview: what the citizen sent, then what the WhatsApp channel
        answers (rendered exactly as it would go to the Graph API). Returns the whole log."""
        if self.whatsapp_factory is None:
            raise LookupError("the WhatsApp preview is not available")
        async with self._whatsapp_lock:
            if self._whatsapp_turn is None:
                self._whatsapp_turn = await self.whatsapp_factory(self.settings, self.store)
            self.whatsapp_log.append({"from": "user", "text": shown or value})
            for message in await self._whatsapp_turn(kind, value):
                self.whatsapp_log.append({"from": "bot", "message": message})
            del self.whatsapp_log[:-MAX_WHATSAPP_LOG]
            return list(self.whatsapp_log)

    def new_chat(self) -> None:
        self.whatsapp_log = []
        self.user = SimulatedUser(self.user.id + 1, self.user.first_name, self.user.language_code)
        self._set_typing(0)
        self._touch()

    async def operator_command(
        self, text: str, wait_seconds: float = BOT_REPLY_TIMEOUT
    ) -> dict[str, Any] | None:
        """Send ``text`` as the operator and wait (bounded) for the bot's next message in that chat."""
        # The operator panel speaks the page's language.
        operator = SimulatedUser(self.operator.id, self.operator.first_name, self.user.language_code)
        return await self._bot_reply(operator, text, wait_seconds)

    async def _bot_reply(self, user: SimulatedUser, text: str, wait_seconds: float) -> dict[str, Any] | None:
        """``user`` sends ``text`` in their private chat; the bot's next message there (bounded wait)."""
        before = {m["message_id"] for m in self.api.chat_log(user.id)}
        self._say(user, text)

        def reply() -> dict[str, Any] | None:
            for m in self.api.chat_log(user.id):
                if m["from"] == "bot" and m["message_id"] not in before:
                    return m
            return None

        return await self.wait_for(reply, wait_seconds)

    async def wait_for(
        self, probe: Callable[[], dict[str, Any] | None], wait_seconds: float
    ) -> dict[str, Any] | None:
        """Re-check ``probe`` after every change in the stand-in until it finds something (bounded)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_seconds
        while True:
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            found = probe()
            remaining = deadline - loop.time()
            if found is not None or remaining <= 0:
                return found
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, remaining)


# ---------------------------------------------------------------------- HTTP


SANDBOX_KEY = web.AppKey("sandbox", Sandbox)
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
ALLOWED_HOSTS_KEY = web.AppKey("allowed_hosts", frozenset)


def _hostname(host: str) -> str:
    """The name in a Host header: '127.0.0.1:8080' -> '127.0.0.1', '[::1]:8080' -> '[::1]'."""
    if host.startswith("["):
        return host[: host.index("]") + 1] if "]" in host else host
    return host.split(":", 1)[0].lower()


@web.middleware
async def _page_guard(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    allowed = request.app[ALLOWED_HOSTS_KEY]
    if allowed and _hostname(request.host) not in allowed:
        # DNS rebinding: a web page whose name now points at 127.0.0.1 must not reach the chat.
        return _error(403, "unexpected Host header")
    if request.method == "POST":
        # The API is for this page only: JSON bodies (a cross-site form cannot send them without
        # a CORS preflight, which this server never grants) and, when the browser says, same origin.
        if request.content_type != "application/json":
            return _error(415, "send application/json")
        origin = request.headers.get("Origin")
        if origin and origin not in (f"http://{request.host}", f"https://{request.host}"):
            return _error(403, "cross-origin request")
    return await handler(request)


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On every response, streams and files included, just before its headers go out."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cache-Control", "no-store")


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "invalid JSON"}), content_type="application/json"
        ) from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text=json.dumps({"error": "expected a JSON object"}), content_type="application/json")
    return body


async def index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC_DIR / "index.html")


async def get_state(request: web.Request) -> web.Response:
    return web.json_response(request.app[SANDBOX_KEY].state())


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: the chat state on connect and after every change, plus toasts."""
    sandbox = request.app[SANDBOX_KEY]
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )
    await response.prepare(request)
    queue = sandbox.listen()

    async def send(kind: str, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False)
        await response.write(f"event: {kind}\ndata: {data}\n\n".encode())

    try:
        await send("state", sandbox.state())
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), SSE_PING_SECONDS)
            except TimeoutError:
                await response.write(b": ping\n\n")
                continue
            items = [item]
            while not queue.empty():
                items.append(queue.get_nowait())
            batch = [i for i in items if i is not None]
            if len(batch) < len(items):
                break
            for kind, payload in batch:
                if kind == "toast":
                    await send("toast", payload)
            if any(kind == "cases" for kind, _ in batch):
                await send("cases", {})
            if any(kind == "state" for kind, _ in batch):
                await send("state", sandbox.state())
    except (ConnectionResetError, ConnectionError):
        pass
    finally:
        sandbox.unlisten(queue)
    return response


async def post_send(request: web.Request) -> web.Response:
    body = await _json_body(request)
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        return _error(400, "text must be a non-empty string")
    if len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
        return _error(400, f"text is longer than {MAX_TEXT} characters")
    update_id = request.app[SANDBOX_KEY].send(text.strip())
    return web.json_response({"update_id": update_id}, status=202)


async def post_press(request: web.Request) -> web.Response:
    body = await _json_body(request)
    message_id, data = body.get("message_id"), body.get("data")
    if not isinstance(message_id, int) or isinstance(message_id, bool) or message_id <= 0:
        return _error(400, "message_id must be a positive integer")
    if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
        return _error(400, f"data must be 1..{MAX_CALLBACK_DATA} bytes")
    sandbox = request.app[SANDBOX_KEY]
    if not any(m["message_id"] == message_id and m["from"] == "bot" for m in sandbox.api.chat_log(sandbox.user.id)):
        return _error(404, "no such bot message in this chat")
    update_id = sandbox.press(message_id, data)
    return web.json_response({"update_id": update_id}, status=202)


async def get_whatsapp(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    return web.json_response({"enabled": sandbox.whatsapp_factory is not None, "messages": sandbox.whatsapp_log})


async def post_whatsapp(request: web.Request) -> web.Response:
    """``{"text": ...}`` or ``{"choice": id, "title": shown}``: one WhatsApp turn, the whole log back."""
    body = await _json_body(request)
    text, choice, title = body.get("text"), body.get("choice"), body.get("title")
    if isinstance(text, str) and text.strip():
        if len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
            return _error(400, f"text is longer than {MAX_TEXT} characters")
        kind, value, shown = "text", text.strip(), None
    elif isinstance(choice, str) and 0 < len(choice) <= MAX_CHOICE_ID:
        kind, value, shown = "choice", choice, title if isinstance(title, str) and title else choice
    else:
        return _error(400, "text (a non-empty string) or choice (a reply id) is required")
    try:
        messages = await request.app[SANDBOX_KEY].whatsapp(kind, value, shown)
    except LookupError as exc:
        return _error(404, str(exc))
    return web.json_response({"messages": messages})


async def post_lang(request: web.Request) -> web.Response:
    body = await _json_body(request)
    raw = body.get("lang")
    lang = parse_lang(raw) if isinstance(raw, str) and raw in ("kk", "ru", "en") else None
    if lang is None:
        return _error(400, "lang must be kk, ru or en")
    ok = await request.app[SANDBOX_KEY].set_language(lang)
    if not ok:
        return web.json_response(
            {"ok": False, "lang": lang.value, "error": f"the bot did not answer /lang within {BOT_REPLY_TIMEOUT:.0f} s"},
            status=504,
        )
    return web.json_response({"ok": True, "lang": lang.value})


async def post_reset(request: web.Request) -> web.Response:
    await _json_body(request)
    sandbox = request.app[SANDBOX_KEY]
    sandbox.new_chat()
    return web.json_response({"user": sandbox.user.as_json()})


async def post_reload(request: web.Request) -> web.Response:
    await _json_body(request)
    reply = await request.app[SANDBOX_KEY].operator_command("/reload")
    if reply is None:
        return web.json_response(
            {"ok": False, "error": f"the bot did not answer /reload within {BOT_REPLY_TIMEOUT:.0f} s"},
            status=504,
        )
    return web.json_response({"ok": True, "text": reply.get("text"), "html": reply.get("html")})


async def get_unanswered(request: web.Request) -> web.Response:
    store = request.app[SANDBOX_KEY].store
    if store is None:
        return web.json_response({"items": [], "days": REPORT_DAYS})
    items = await request.app[SANDBOX_KEY].list_unanswered(store, REPORT_DAYS, UNANSWERED_LIMIT)
    return web.json_response({"items": items, "days": REPORT_DAYS, "drafts": request.app[SANDBOX_KEY].write_draft is not None})


async def post_draft(request: web.Request) -> web.Response:
    """A draft entry file from one unanswered cluster (by its topic key or its number)."""
    body = await _json_body(request)
    sandbox = request.app[SANDBOX_KEY]
    cluster = body.get("cluster")
    if not isinstance(cluster, str) or not cluster or len(cluster) > 100:
        return _error(400, "cluster must be a cluster's topic or number")
    if sandbox.store is None or sandbox.write_draft is None:
        return _error(503, "drafts are not available in this sandbox")
    path = await sandbox.write_draft(sandbox.store, REPORT_DAYS, cluster)
    if path is None:
        return _error(404, f"no unanswered cluster {cluster!r}")
    return web.json_response({"ok": True, "path": path})


async def get_report(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    if sandbox.store is None:
        return web.Response(status=503, text="no analytics store in this sandbox")
    async with sandbox.report_lock:  # one render at a time (pyplot is not thread-safe)
        html = await sandbox.render_report(sandbox.store, REPORT_DAYS)
    response = web.Response(text=html, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


def build_app(sandbox: Sandbox, *, host: str = "127.0.0.1") -> web.Application:
    """The page and its API. Served on a loopback ``host``, it answers only loopback Host names."""
    app = web.Application(middlewares=[_page_guard], client_max_size=64 * 1024)
    app.on_response_prepare.append(_security_headers)
    app[SANDBOX_KEY] = sandbox
    app[ALLOWED_HOSTS_KEY] = LOOPBACK_NAMES | {host} if host in LOOPBACK_NAMES else frozenset()
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC_DIR, follow_symlinks=False)
    app.router.add_get("/api/state", get_state)
    app.router.add_get("/api/events", events)
    app.router.add_post("/api/send", post_send)
    app.router.add_post("/api/press", post_press)
    app.router.add_post("/api/lang", post_lang)
    app.router.add_get("/api/whatsapp", get_whatsapp)
    app.router.add_post("/api/whatsapp", post_whatsapp)
    app.router.add_post("/api/reset", post_reset)
    app.router.add_post("/api/operator/reload", post_reload)
    app.router.add_get("/api/operator/unanswered", get_unanswered)
    app.router.add_post("/api/operator/draft", post_draft)
    app.router.add_get("/api/operator/report", get_report)
    add_case_routes(app, lambda request: request.app[SANDBOX_KEY].api)
    return app


# ---------------------------------------------------------------------- entry point


class CannotListen(Exception):
    """The page's address is taken or not allowed."""


class BotDidNotStart(Exception):
    """The real bot stopped (or hung) before it began polling; the message says why."""


def _announce(url: str) -> None:
    # CLI output (this runs under `python -m bot sandbox`): the one line a newcomer needs.
    print(f"Sandbox ready: open {url}  (Ctrl-C to stop)", flush=True)  # noqa: T201


SandboxBuilder = Callable[[Settings], Sandbox]


async def run(
    settings: Settings,
    host: str,
    port: int,
    *,
    stop: asyncio.Event,
    ready: Callable[[str], None] = _announce,
    sandbox: Sandbox | None = None,
    build: SandboxBuilder = Sandbox,
) -> None:
    """Run the sandbox until ``stop`` is set; ``ready`` gets the page's URL once it is served."""
    sandbox = sandbox or build(settings)
    runner = web.AppRunner(build_app(sandbox, host=host), access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        await sandbox.start()
        bound = port
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            bound = sockets[0].getsockname()[1]
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
        polling = asyncio.ensure_future(sandbox.wait_until_polling())
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            polling.cancel()
        if stop.is_set():
            return
        if not sandbox.bot_polling.is_set() or sandbox.bot_failed:
            raise BotDidNotStart(sandbox.bot_failed or f"the bot did not poll within {BOT_READY_TIMEOUT:.0f} s")
        log.info("sandbox.ready", host=host, port=bound, api=sandbox.settings.telegram_api_url)
        ready(f"http://{shown_host}:{bound}")
        await stop.wait()
    finally:
        log.info("sandbox.stopping")
        await sandbox.stop()
        await runner.cleanup()


def prepare_database(settings: Settings) -> int:
    """Bring the sandbox database to the schema head, so `make run` needs no setup step."""
    from bot.storage.migrate import upgrade

    # Alembic narrates every plugin it loads at INFO; the sandbox terminal should stay readable.
    alembic_log = logging.getLogger("alembic")
    level = alembic_log.level
    alembic_log.setLevel(logging.WARNING)
    try:
        return int(upgrade(settings))
    finally:
        alembic_log.setLevel(level)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080, build: SandboxBuilder = Sandbox) -> int:
    """``python -m bot sandbox``: serve the web chat until Ctrl-C / SIGTERM. Returns the exit code."""
    code = prepare_database(sandbox_settings(settings))
    if code != 0:
        return code
    if host not in LOOPBACK_NAMES:
        print(  # noqa: T201 - CLI output
            f"sandbox: listening on {host}: anyone who can reach it can chat and use the operator panel",
            file=sys.stderr,
            flush=True,
        )

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await run(settings, host, port, stop=stop, build=build)

    try:
        asyncio.run(main())
    except CannotListen as exc:
        print(f"sandbox: {exc} (try --port)", file=sys.stderr, flush=True)  # noqa: T201
        return 1
    except BotDidNotStart as exc:
        print(f"sandbox: the bot did not start: {exc}", file=sys.stderr, flush=True)  # noqa: T201
        return 1
    return 0
