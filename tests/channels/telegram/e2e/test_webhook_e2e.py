"""``python -m bot run --webhook``: registers the URL with its secret, refuses requests without it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from bot.devapi import FakeBotApi
from tests.channels.telegram.e2e.stack import (
    START_TIMEOUT,
    BotProcess,
    bad_requests,
    bot_env,
    db_upgrade,
    free_port,
    replies,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

SECRET = "e2e-Webhook_secret-1"


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[FakeBotApi, str]]:
    tmp: Path = tmp_path_factory.mktemp("e2e_webhook")
    api = FakeBotApi()
    await api.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    env = bot_env(api, tmp / "bot.db", WEBHOOK_URL=url, WEBHOOK_SECRET=SECRET, HOST="127.0.0.1", PORT=str(port))
    await asyncio.to_thread(db_upgrade, env)
    bot = BotProcess(env, tmp / "bot.log", args=("--webhook",))
    await bot.start()
    try:
        await api.wait_until(lambda: api.webhook_url == url, START_TIMEOUT)
        yield api, url
        assert await bot.stop() == 0
    finally:
        bot.kill()  # no-op when it has stopped
        await api.stop()
        print(bot.log()[-3000:])


async def _post(url: str, update: dict[str, object], secret: str | None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=10)) as resp,
    ):
        return resp.status


async def test_the_webhook_is_registered_with_its_secret(stack: tuple[FakeBotApi, str]) -> None:
    api, url = stack
    assert api.webhook_url == url and api.webhook_secret == SECRET


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
async def test_requests_without_the_right_secret_are_refused(stack: tuple[FakeBotApi, str], secret: str | None) -> None:
    api, url = stack
    update = {"update_id": 900_000, "message": api.user_message(500, 500, "Какой пенсионный возраст?")}
    assert await _post(url, update, secret) in (401, 403)
    assert api.bot_messages(500) == []


async def test_updates_delivered_with_the_secret_are_answered(stack: tuple[FakeBotApi, str]) -> None:
    api, _ = stack
    api.push_message(501, 501, "What is the retirement age?", language_code="en")
    [reply] = await replies(api, 501)
    assert "Source" in reply["text"]
    assert api.webhook_deliveries and all(status == 200 for _, status in api.webhook_deliveries)


async def test_a_redelivered_update_is_answered_once(stack: tuple[FakeBotApi, str]) -> None:
    api, url = stack
    update = {"update_id": 900_001, "message": api.user_message(502, 502, "Какой пенсионный возраст?")}
    assert await _post(url, update, SECRET) == 200
    await replies(api, 502)
    assert await _post(url, update, SECRET) == 200
    await api.wait_until(lambda: api.pending_update_count() == 0)
    # The second delivery was acknowledged without a handler; give a late reply no chance to hide.
    api.push_message(502, 502, "/help")
    await replies(api, 502, 2)
    assert len(api.bot_messages(502)) == 2
    assert not bad_requests(api)
