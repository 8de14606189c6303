"""Forum topics in a supergroup, as the Bot API has them: the state and Telegram's checks.

A topic is opened by a service message; its id is that message's id (``message_thread_id``).
Creating, editing, closing and deleting topics needs the bot to be an administrator with
``can_manage_topics``; a deleted topic's messages go with it, and a later send into it gets
400 "message thread not found". A group takes about 20 messages a minute from one bot: beyond
that the stand-in answers 429 with ``retry_after``, as Telegram does.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.devapi.wire import ApiError

TOPIC_NAME_MAX = 128
GROUP_LIMIT_PER_MINUTE = 20
THREAD_NOT_FOUND = "Bad Request: message thread not found"
NOT_ENOUGH_RIGHTS = "Bad Request: not enough rights to manage topics in the chat"
NOT_A_FORUM = "Bad Request: the chat is not a forum"
ICON_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)


@dataclass
class Topic:
    thread_id: int
    name: str
    icon_color: int
    closed: bool = False

    def json(self) -> dict[str, Any]:
        return {"message_thread_id": self.thread_id, "name": self.name, "icon_color": self.icon_color}


@dataclass
class Forum:
    """The forum side of one supergroup: its topics, the bot's rights and the send window."""

    can_manage_topics: bool = True
    topics: dict[int, Topic] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    sent_at: deque[float] = field(default_factory=deque)
    limit_per_minute: int = GROUP_LIMIT_PER_MINUTE
    clock: Callable[[], float] = time.monotonic

    def check_manage(self) -> None:
        if not self.can_manage_topics:
            raise ApiError(400, NOT_ENOUGH_RIGHTS)

    def topic(self, thread_id: int) -> Topic:
        found = self.topics.get(thread_id)
        if found is None:
            raise ApiError(400, THREAD_NOT_FOUND)
        return found

    def check_send(self, thread_id: int | None) -> None:
        """A send into this group: the thread must exist, and the minute's budget must allow it."""
        if thread_id is not None:
            self.topic(thread_id)
        now = self.clock()
        while self.sent_at and now - self.sent_at[0] >= 60.0:
            self.sent_at.popleft()
        if len(self.sent_at) >= self.limit_per_minute:
            retry = max(1, math.ceil(60.0 - (now - self.sent_at[0])))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        self.sent_at.append(now)


def topic_name(value: Any, *, required: bool) -> str | None:
    if value is None or value == "":
        if required:
            raise ApiError(400, "Bad Request: TOPIC_NAME_EMPTY" if value == "" else "Bad Request: name is required")
        return None
    name = str(value)
    if not name.strip():
        raise ApiError(400, "Bad Request: TOPIC_NAME_EMPTY")
    if len(name) > TOPIC_NAME_MAX:
        raise ApiError(400, "Bad Request: TOPIC_NAME_INVALID")
    return name
