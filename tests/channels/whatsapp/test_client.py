"""The Graph API client against the local stand-in: retries, pacing, and logs without people."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from structlog.testing import capture_logs

from bot.channels.whatsapp.client import PAIR_INTERVAL_SECONDS, GraphClient, default_pacer
from bot.channels.whatsapp.render import text_message
from testkit.graphapi import FakeGraphApi

PHONE = "77011234567"
SECRET_TEXT = "Мой ИИН 900101300123, помогите"


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeGraphApi]:
    fake = FakeGraphApi(token="tok", phone_number_id="555")
    await fake.start()
    yield fake
    await fake.stop()


async def _client(api: FakeGraphApi, sleeps: Sleeps, token: str = "tok") -> GraphClient:
    return GraphClient(api.url, "555", token, sleep=sleeps, base_delay=0.01)


async def test_a_500_is_retried_and_delivered_once(api: FakeGraphApi) -> None:
    api.fail_next(500)
    client = await _client(api, sleeps := Sleeps())
    try:
        assert await client.send(PHONE, text_message("hello"), pace_key="u1")
    finally:
        await client.close()
    assert [c.status for c in api.calls] == [500, 200]
    assert len(api.sent_to(PHONE)) == 1 and len(sleeps.calls) == 1


async def test_a_429_waits_as_long_as_retry_after_says(api: FakeGraphApi) -> None:
    api.fail_next(429, retry_after=3)
    client = await _client(api, sleeps := Sleeps())
    try:
        assert await client.send(PHONE, text_message("hello"), pace_key="u1")
    finally:
        await client.close()
    assert sleeps.calls == [3.0]


async def test_a_dropped_connection_is_retried(api: FakeGraphApi) -> None:
    api.drop_next()
    client = await _client(api, Sleeps())
    try:
        assert await client.send(PHONE, text_message("hello"), pace_key="u1")
    finally:
        await client.close()
    assert len(api.sent_to(PHONE)) == 1


async def test_giving_up_after_the_attempts(api: FakeGraphApi) -> None:
    api.fail_next(503, count=10)
    client = await _client(api, Sleeps())
    try:
        assert not await client.send(PHONE, text_message("hello"), pace_key="u1")
    finally:
        await client.close()
    assert len(api.calls) == client.attempts and api.accepted == []


@pytest.mark.parametrize(("token", "body", "status"), [("bad", "ok", 401), ("tok", "x" * 5000, 400)])
async def test_a_4xx_is_not_retried_and_logged_without_text_or_number(
    api: FakeGraphApi, token: str, body: str, status: int
) -> None:
    client = await _client(api, sleeps := Sleeps(), token=token)
    try:
        with capture_logs() as logs:
            assert not await client.send(PHONE, text_message(body + SECRET_TEXT), pace_key="u1")
    finally:
        await client.close()
    assert [c.status for c in api.calls] == [status] and sleeps.calls == []
    dumped = repr(logs)
    assert "whatsapp_send_refused" in dumped and PHONE not in dumped and "ИИН" not in dumped


async def test_pacing_lets_a_quick_conversation_out_then_one_message_per_six_seconds_per_user() -> None:
    # Meta's pair rate: one message per 6 s to a user, with bursts of up to 45 (a token bucket,
    # borrowing from later). A citizen tapping through a menu gets a dozen replies in a minute:
    # none may wait; only a flood beyond 20 is spread out.
    now = [0.0]
    pacer = default_pacer(clock=lambda: now[0])
    waits = []
    for _ in range(21):
        waits.append(await pacer.reserve("u1"))
        now[0] += 0.1  # a message every 100 ms: within the number's 80/s
    assert waits[:20] == [0.0] * 20 and 0 < waits[20] <= PAIR_INTERVAL_SECONDS
    assert await pacer.reserve("u2") == 0.0  # another user is not held back
    now[0] += 60
    assert await pacer.reserve("u1") == 0.0
