"""A thin Graph API client for sending messages: retried, paced, and silent about people.

``POST {WHATSAPP_API_URL}/{phone number id}/messages`` with ``Authorization: Bearer`` and the
body ``{"messaging_product": "whatsapp", "recipient_type": "individual", "to": ..., "type": ...}``.

- 429, 5xx, Meta's throttling codes and dropped connections are retried with exponential backoff
  (``Retry-After`` honoured); other 4xx are logged with the status and Meta's error code only,
  never the text or the phone number, and not retried.
- Pacing: about 80 messages/s per business number (the Cloud API's default throughput) and, per
  recipient, a burst of 20 then one message every 6 s (Meta's pair rate limit, error 131056,
  allows bursts of 45), so a citizen's quick back-and-forth never waits.

Why not pywa: we send two message types and receive three; aiohttp (already the webhook
server's library) does it in a page, with no second HTTP stack and no framework to adapt to
our store, FSM storage and retries.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import structlog

from bot.core.limits import LocalPacer, Pacer

log = structlog.get_logger(__name__)

THROUGHPUT_PER_SECOND = 80.0  # messages per second per business number (Cloud API default)
PAIR_INTERVAL_SECONDS = 6.0  # one message to the same user every 6 s, after a burst
# Meta allows bursts of up to 45 to one user (borrowed from later at 1 per 6 s): 20 keeps well
# inside that and lets a quick conversation (a dozen replies in a minute) out without waiting.
PAIR_BURST = 20.0
ATTEMPTS = 6
BASE_DELAY = 0.5
MAX_DELAY = 8.0
MAX_RETRY_AFTER = 30.0
TIMEOUT_SECONDS = 15.0
# Graph API error codes that mean "slow down" whatever the HTTP status.
THROTTLING_CODES = frozenset({4, 80007, 130429, 131056})


def default_pacer(clock: Callable[[], float] = time.monotonic) -> Pacer:
    return LocalPacer(
        per_chat_rate=1.0 / PAIR_INTERVAL_SECONDS,
        per_chat_burst=PAIR_BURST,
        global_rate=THROUGHPUT_PER_SECOND,
        global_burst=THROUGHPUT_PER_SECOND / 10,
        clock=clock,
    )


def _retry_after(value: str | None) -> float | None:
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value))) if value else None
    except ValueError:
        return None


class GraphClient:
    def __init__(
        self,
        api_url: str,
        phone_number_id: str,
        token: str,
        *,
        pacer: Pacer | None = None,
        attempts: int = ATTEMPTS,
        base_delay: float = BASE_DELAY,
        max_delay: float = MAX_DELAY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.url = f"{api_url.rstrip('/')}/{phone_number_id}/messages"
        self._headers = {"Authorization": f"Bearer {token}"}
        self.pacer = pacer or default_pacer()
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep
        self._session: aiohttp.ClientSession | None = None
        self.sent = 0
        self.failed = 0

    def _backoff(self, attempt: int) -> float:
        delay = min(self.max_delay, self.base_delay * 2.0**attempt)
        return delay * (0.8 + 0.4 * random.random())  # jitter, not a secret

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, to: str, message: dict[str, Any], *, pace_key: str) -> bool:
        """Send one message; True once Meta accepted it. ``pace_key`` (a pseudonym) paces per user."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, **message}
        kind = str(message.get("type"))
        for attempt in range(self.attempts):
            delay = await self.pacer.reserve(pace_key)
            if delay > 0:
                await self.sleep(delay)
            wait: float
            try:
                async with self.session().post(self.url, json=body, headers=self._headers) as resp:
                    if resp.status < 300:
                        self.sent += 1
                        return True
                    code = await _error_code(resp)
                    if resp.status == 429 or resp.status >= 500 or code in THROTTLING_CODES:
                        wait = _retry_after(resp.headers.get("Retry-After")) or self._backoff(attempt)
                        log.warning("whatsapp_send_retry", status=resp.status, code=code, attempt=attempt + 1, wait=round(wait, 2))
                    else:
                        self.failed += 1
                        log.warning("whatsapp_send_refused", status=resp.status, code=code, type=kind)
                        return False
            except (aiohttp.ClientError, TimeoutError) as exc:
                wait = self._backoff(attempt)
                log.warning("whatsapp_send_retry", error=type(exc).__name__, attempt=attempt + 1, wait=round(wait, 2))
            if attempt + 1 < self.attempts:
                await self.sleep(wait)
        self.failed += 1
        log.error("whatsapp_send_gave_up", attempts=self.attempts, type=kind)
        return False


async def _error_code(resp: aiohttp.ClientResponse) -> int | None:
    """Meta's ``error.code`` from an error body (the message text is never read into logs)."""
    try:
        data = await resp.json(content_type=None)
    except (ValueError, aiohttp.ClientError):
        return None
    error = data.get("error") if isinstance(data, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, int) else None
