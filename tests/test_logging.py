"""Logs are JSON on the current stderr, even when stderr is replaced after configuration."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest
import structlog

from bot.logging import configure_logging


def test_structlog_writes_json_to_the_stderr_of_the_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    configure_logging("INFO")
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    structlog.get_logger("t").info("first_event", n=1)
    monkeypatch.setattr(sys, "stderr", second)
    structlog.get_logger("t").info("second_event", n=2)
    assert json.loads(first.getvalue())["event"] == "first_event"
    assert json.loads(second.getvalue()) | {"timestamp": None} == {
        "event": "second_event", "n": 2, "level": "info", "timestamp": None,
    }


def test_stdlib_logging_follows_stderr_and_level(monkeypatch: pytest.MonkeyPatch) -> None:
    configure_logging("WARNING")
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buf)
    logging.getLogger("lib").info("hidden")
    logging.getLogger("lib").warning("shown")
    structlog.get_logger("t").info("hidden_too")
    assert "shown" in buf.getvalue()
    assert "hidden" not in buf.getvalue()
