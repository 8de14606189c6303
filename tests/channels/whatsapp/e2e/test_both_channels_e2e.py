"""One ``run --webhook`` process serving Telegram's webhook and WhatsApp's on the same port, over
one engine and one store; ``stats`` then shows each channel's figures."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.devapi import FakeBotApi
from testkit import graphapi
from testkit.graphapi import FakeGraphApi
from tests.channels.telegram.e2e.stack import (
    REPO,
    START_TIMEOUT,
    BotProcess,
    bot_env,
    db_upgrade,
    free_port,
    replies,
)

pytestmark = [pytest.mark.e2e]


async def test_telegram_and_whatsapp_answer_from_one_process(tmp_path: Path) -> None:
    tg = FakeBotApi()
    await tg.start()
    wa = FakeGraphApi(token="wa-token", phone_number_id="4242")
    await wa.start()
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    env = bot_env(
        tg, tmp_path / "bot.db", WEBHOOK_URL=hook, WEBHOOK_SECRET="both-secret-1", HOST="127.0.0.1", PORT=str(port),
        WHATSAPP_TOKEN="wa-token", WHATSAPP_PHONE_NUMBER_ID="4242", WHATSAPP_APP_SECRET="wa-app-secret",
        WHATSAPP_VERIFY_TOKEN="wa-verify", WHATSAPP_API_URL=wa.url,
    )
    await asyncio.to_thread(db_upgrade, env)
    bot = BotProcess(env, tmp_path / "bot.log", args=("--webhook",), port=port)
    try:
        await bot.start(within=START_TIMEOUT)
        await tg.wait_until(lambda: tg.webhook_url == hook, START_TIMEOUT)
        tg.push_message(601, 601, "Какой пенсионный возраст?")
        data = graphapi.payload([graphapi.text_message("77019990001", "Какой пенсионный возраст?")], "4242")
        assert await graphapi.deliver(f"http://127.0.0.1:{port}/whatsapp", data, secret="wa-app-secret") == 200
        [telegram_reply] = await replies(tg, 601)
        whatsapp_reply = await wa.replies("77019990001", 1)
        assert "63" in telegram_reply["text"] and "63" in graphapi_text(whatsapp_reply)
        await wa.wait_for(lambda: any(m["type"] == "interactive" for m in wa.sent_to("77019990001")))
        assert await bot.stop() == 0
    finally:
        bot.kill()
        await tg.stop()
        await wa.stop()
        print(bot.log()[-3000:])
    stats = (await asyncio.to_thread(_stats, env)).stdout
    assert "telegram: 1 question, answered 100.0%" in stats and "whatsapp: 1 question, answered 100.0%" in stats


def _stats(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot", "stats", "--days", "1"]
    return subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=True)


def graphapi_text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"]["body"] if m["type"] == "text" else m["interactive"]["body"]["text"] for m in messages)
