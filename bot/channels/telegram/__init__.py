"""The Telegram side: renders what bot/core decides and delivers it reliably (aiogram 3).

Map:
- ``runner``: ``run_bot`` (CLI ``run [--webhook]``) and ``serve_polling`` (also used by the sandbox).
- ``app``: bot (session on TELEGRAM_API_URL, retry + pacing), dispatcher, the routers in order,
  middlewares, FSM storage (Redis with REDIS_URL, memory otherwise).
- ``handlers/``: one router per area — operator, start, privacy, topics, feedback, tsa,
  citizen (questions), media (everything else, stale buttons).
- ``render``: Reply -> escaped HTML parts of at most 4096 characters, keyboard on the last;
  ``keyboards`` / ``callbacks`` (CallbackData with one-letter prefixes, <= 64 bytes); ``texts``:
  every UI string in kk/ru/en.
- ``polling`` / ``webhook``: getting updates; ``middlewares/``: logging, dedupe, throttle, user
  context (dispatcher) and retry, pacing (session).

Exactly once: an update is claimed in the store (``claim_update``) before Telegram is told it
was received (the next getUpdates offset, or the webhook's 200), and finished
(``finish_update``) after its reply went out. A restart replays what was claimed but not
finished; a redelivery is refused by the claim. See ``middlewares/updates.py``.

Retries: 429 waits ``retry_after``; 5xx, proxy HTML pages, timeouts and resets back off
exponentially (5 attempts); a reply that still cannot go out leaves its update pending.
Pacing: token buckets, ~1 message/s per chat (burst 3) and 30/s overall.
"""
