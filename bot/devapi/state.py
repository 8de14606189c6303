"""What the stand-in remembers, as a user would see it: chats with their messages (edits
applied), callback queries, and the change events the sandbox and the tests wait on."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.devapi.forum import Forum
from bot.devapi.html import utf16_len

_ENTITY_SCAN_RE = re.compile(r"(?P<command>/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?)|(?P<mention>@[A-Za-z0-9_]{5,32})")


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
    thread_id: int | None = None  # the forum topic it is in

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
            "thread_id": self.thread_id,
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
class Chat:
    chat: dict[str, Any]
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_id: int = 1
    forum: Forum | None = None  # a supergroup with topics (bot/devapi/forum.py)


def user_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram's clients mark in a user's text: a leading /command, @mentions."""
    return [
        {
            "type": "bot_command" if m.group("command") else "mention",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group(0)),
        }
        for m in _ENTITY_SCAN_RE.finditer(text)
        if m.group("mention") or m.start() == 0
    ]


class Changes:
    """Change events for subscribers (the sandbox's web chat) and waiters (``wait_until``)."""

    def __init__(self) -> None:
        self._subscribers: list[asyncio.Queue[dict[str, Any]]] = []
        self._waiters: list[asyncio.Future[None]] = []

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        with contextlib.suppress(ValueError):
            self._subscribers.remove(queue)

    def publish(self, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers):
            queue.put_nowait(event)
        self.notify()

    def notify(self) -> None:
        """Something changed (a call came in, a message was stored): re-check the waiters."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_until(self, predicate: Callable[[], Any], timeout: float) -> Any:  # noqa: ASYNC109
        async def _wait() -> Any:
            while not (result := predicate()):
                waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                self._waiters.append(waiter)
                await waiter
            return result

        return await asyncio.wait_for(_wait(), timeout)
