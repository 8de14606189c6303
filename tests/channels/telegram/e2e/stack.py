"""End-to-end plumbing: the fake Bot API on 127.0.0.1 and the real ``python -m bot run`` process.

Every wait is bounded (``asyncio.wait_for`` / ``FakeBotApi.wait_until``); the bot's stderr goes
to a file in tmp_path and is printed when a test fails, to see why.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.devapi import FakeBotApi
from testkit import infra
from testkit.infra import BotProcess, free_port

__all__ = ["BotProcess", "bad_requests", "bot_env", "db_upgrade", "free_port", "replies", "wait_polling"]

REPO = Path(__file__).resolve().parents[4]
CONTENT_DIR = REPO / "content"
OPERATOR_ID = 777
START_TIMEOUT = 40.0
REPLY_TIMEOUT = 15.0


def bot_env(api: FakeBotApi, db_path: Path, **extra: str) -> dict[str, str]:
    return infra.bot_env(
        api.base_url,
        api.token,
        db_path,
        CONTENT_DIR,
        **{"OPERATOR_IDS": str(OPERATOR_ID), "USER_HASH_SECRET": "e2e-secret", "LOG_LEVEL": "INFO", **extra},
    )


def db_upgrade(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=60,
    )


async def wait_polling(api: FakeBotApi, since: int = 0) -> None:
    """The bot is up once it long-polls (getUpdates) after ``since`` calls."""
    await api.wait_until(lambda: any(c.method == "getUpdates" for c in api.calls[since:]), START_TIMEOUT)


async def replies(api: FakeBotApi, chat_id: int, count: int = 1, timeout: float = REPLY_TIMEOUT) -> list[dict[str, Any]]:  # noqa: ASYNC109
    await api.wait_until(lambda: len(api.bot_messages(chat_id)) >= count, timeout)
    return api.bot_messages(chat_id)


def bad_requests(api: FakeBotApi) -> list[tuple[str, str | None]]:
    """Calls Telegram would have refused (400), e.g. malformed HTML or a too-long text."""
    return [(c.method, c.description) for c in api.calls if c.status == 400]
