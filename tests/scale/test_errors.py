"""A Redis outage is counted in full but logged at most once per interval."""

from __future__ import annotations

from structlog.testing import capture_logs

from bot.scale.errors import RedisErrorLog


def test_every_failure_is_counted_but_logged_once_per_interval() -> None:
    now = [100.0]
    errors = RedisErrorLog("pace", interval=5.0, clock=lambda: now[0])
    with capture_logs() as logs:
        for _ in range(3):
            errors.record(ConnectionError("down"))
        now[0] += 6.0
        errors.record(TimeoutError())
    assert errors.count == 4
    assert [(e["event"], e["op"], e["error"], e["count"]) for e in logs] == [
        ("redis_error", "pace", "ConnectionError", 1),
        ("redis_error", "pace", "TimeoutError", 4),
    ]
