"""run_bot's refusals: each is one readable line and a clear exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import run_bot
from bot.cli import main
from bot.config import SettingsError
from tests.channels.telegram.harness import make_settings


def test_missing_token_is_a_settings_error() -> None:
    settings = make_settings(BOT_TOKEN="")
    with pytest.raises(SettingsError, match="BOT_TOKEN"):
        run_bot(settings, webhook=False)


def test_cli_run_without_token_exits_2_with_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BOT_TOKEN", "")
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "BOT_TOKEN" in err


def test_webhook_mode_needs_url_and_secret() -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_URL, WEBHOOK_SECRET"):
        run_bot(make_settings(), webhook=True)


def test_outdated_schema_exits_1_with_the_upgrade_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    assert run_bot(settings, webhook=False) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "db upgrade" in err[0]


def test_a_rejected_token_exits_1_with_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio
    import threading

    from bot.devapi import FakeBotApi

    api = FakeBotApi("999:REAL")
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(api.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        settings = make_settings(
            BOT_TOKEN="999:WRONG",
            TELEGRAM_API_URL=api.base_url,
            CONTENT_DIR=str(Path(__file__).resolve().parents[3] / "content"),
        )
        from bot import app as runner

        async def memory_store(_settings: object) -> object:
            from bot.storage.memory import InMemoryStore

            return InMemoryStore()

        monkeypatch.setattr(runner, "open_store", memory_store)
        assert run_bot(settings, webhook=False) == 1
    finally:
        asyncio.run_coroutine_threadsafe(api.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("BOT_TOKEN was rejected")


def test_run_with_the_store_driver_missing_exits_1_with_one_line_naming_it(tmp_path: Path) -> None:
    # asyncpg absent (None in sys.modules makes its import fail as if it were not installed):
    # the bot must not start on a weaker store; it stops at once and says what is missing.
    import os
    import subprocess
    import sys

    code = "import sys; sys.modules['asyncpg'] = None; from bot.cli import main; sys.exit(main(['run']))"
    env = {
        **os.environ,
        "BOT_TOKEN": "123:TEST",
        "TELEGRAM_API_URL": "http://127.0.0.1:9",
        "DATABASE_URL": "postgresql+asyncpg://bot:bot@127.0.0.1:9/bot",
        "CONTENT_DIR": str(Path(__file__).resolve().parents[3] / "content"),
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=Path(__file__).resolve().parents[3],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    err = done.stderr.strip().splitlines()
    assert len(err) == 1 and "asyncpg" in err[0] and "DATABASE_URL" in err[0], done.stderr
