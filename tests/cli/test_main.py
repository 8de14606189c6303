"""The command line contract of ../shared/interface.md: every command listed, clean errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

REPO = Path(__file__).resolve().parents[2]
CONTRACT = ("run", "sandbox", "ask", "chat", "content", "db", "stats")


def test_help_lists_every_command_of_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in CONTRACT:
        assert f"    {command} " in out, command


def test_python_dash_m_bot_is_the_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "content", "--help"],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False,
    )
    assert proc.returncode == 0
    for action in ("validate", "export", "import", "stamp"):
        assert action in proc.stdout


def test_malformed_setting_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PORT", "abc")
    assert main(["ask", "пенсия"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("configuration error: PORT:")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_run_without_token_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.setenv("BOT_TOKEN", "")
    assert main(["run"]) == 2
    assert capsys.readouterr().err.strip() == "configuration error: BOT_TOKEN: required for `run` (get one from @BotFather)"


def test_run_webhook_without_any_channel_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("BOT_TOKEN", "WHATSAPP_TOKEN"):
        monkeypatch.setenv(name, "")
    assert main(["run", "--webhook"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("configuration error: `run --webhook` needs a channel: BOT_TOKEN") and "WHATSAPP_TOKEN" in err


def test_whatsapp_without_its_other_variables_names_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_TOKEN", "")
    monkeypatch.setenv("WHATSAPP_TOKEN", "token")
    monkeypatch.setenv("WHATSAPP_APP_SECRET", "secret")
    for name in ("WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_VERIFY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert main(["run", "--webhook"]) == 2
    assert capsys.readouterr().err.strip() == (
        "configuration error: WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_VERIFY_TOKEN: required with WHATSAPP_TOKEN"
    )


def test_missing_content_directory_is_reported_with_its_path(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("CONTENT_DIR", str(tmp_path / "nowhere"))
    assert main(["ask", "пенсия"]) == 1
    assert "nowhere:1: error: content directory not found" in capsys.readouterr().err
