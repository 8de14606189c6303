"""Settings: defaults that work locally, and one readable line per bad variable."""

from __future__ import annotations

import pytest

from bot.config import SettingsError, load_settings


def test_defaults_work_without_any_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BOT_TOKEN", "DATABASE_URL", "OPERATOR_IDS", "PORT", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(_env_file=None)
    assert settings.database_url == "sqlite+aiosqlite:///data/bot.db"
    assert settings.operator_ids == frozenset()
    assert settings.port == 8081
    assert settings.retention_days == 180


def test_operator_ids_are_parsed_from_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPERATOR_IDS", " 12, 345 ,6789")
    assert load_settings(_env_file=None).operator_ids == frozenset({12, 345, 6789})


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("OPERATOR_IDS", "12,abc", "OPERATOR_IDS: "),
        ("PORT", "eighty", "PORT: "),
        ("PORT", "70000", "PORT: "),
        ("DATABASE_URL", "mysql://localhost/db", "DATABASE_URL: "),
        ("TELEGRAM_API_URL", "api.telegram.org", "TELEGRAM_API_URL: "),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: "),
        ("RETENTION_DAYS", "0", "RETENTION_DAYS: "),
    ],
)
def test_a_bad_variable_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings(_env_file=None)
    message = str(info.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_missing_token_is_one_line_when_run_needs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    settings = load_settings(_env_file=None)
    with pytest.raises(SettingsError, match=r"^BOT_TOKEN: required"):
        _ = settings.token
