"""Running several bot replicas: Redis-backed shared limits and replica-safe replay of claims.

- ``ratelimit``: one token bucket in Redis (atomic Lua) for Telegram's ~30 messages/s across all
  replicas, plus the per-chat bucket, consulted by the outgoing-call pacing middleware.
- ``throttle``: per-user flood control counted in Redis, so a user's share is not multiplied
  by the number of replicas.
- ``claims``: update claims with a lease kept alive by the replica that holds them; an update
  is replayed by another replica only when its holder stopped renewing (was killed).
- ``fsm``: per-chat locks in Redis that expire after 30 s without failing a slow update.
- ``wiring``: what the Telegram side calls; each returns the in-process variant when
  REDIS_URL is not set.

Deduplication stays in the database: the unique claim of ``processed_updates`` (INSERT ... ON
CONFLICT DO NOTHING) is atomic across replicas and survives restarts, so Redis is not in
front of it (a Redis "seen" key set before a replica died would turn a redelivery into a loss).
"""
