"""Replica-safe replay: update claims with a lease that the claiming replica keeps renewing.

With one process, "pending on start" means "left over by the previous run". With several
replicas sharing the database it does not: a replica starting up would also see the updates
the others are answering at that moment, and answer them a second time. So here:

- every claim made by this replica is held in memory and its ``received_at`` is renewed every
  ``lease / 8`` seconds while the replica lives (one UPDATE for all of them);
- ``pending_updates`` returns only claims whose lease ran out (their replica was killed or
  stopped before finishing them) and takes them over atomically — ``UPDATE ... WHERE
  received_at < cutoff`` succeeds for exactly one replica — so two replicas never replay the same one;
- ``keep_claims`` renews and sweeps until ``stop``, so the updates of a replica that is
  killed and never restarted are answered by the others within ~``lease`` seconds.

The price: a replica frozen (not renewing) for longer than ``lease`` may see an update it is
still answering taken over. Clocks of the replicas should agree within a few seconds (NTP).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Protocol

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.ports import ClaimSpace, PendingUpdate
from bot.storage.sql import SqlStore, in_space, updates

log = structlog.get_logger(__name__)

LEASE_SECONDS = 8.0
# A claim whose reply could not be delivered (Telegram down after all retries) stays pending
# on purpose; after this long this replica stops holding it so a sweep can offer it again.
MAX_HOLD_SECONDS = 600.0
SWEEP_BATCH = 500


class Replayer(Protocol):
    async def replay_pending(self) -> int: ...


class LeasedSqlStore(SqlStore):
    """``SqlStore`` whose claims are leased to this replica (see the module docstring)."""

    def __init__(self, *args: object, lease: float = LEASE_SECONDS, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lease = lease
        self._held: dict[int, float] = {}  # update_id -> when this replica claimed it (monotonic)
        self.taken_over = 0

    @classmethod
    def sharing(cls, store: SqlStore, *, lease: float = LEASE_SECONDS) -> LeasedSqlStore:
        """A leased store on ``store``'s engine (closing either closes both)."""
        return cls(store.engine, lease=lease)

    @property
    def held(self) -> int:
        return len(self._held)

    async def claim_update(self, update_id: int, payload: str) -> bool:
        claimed = await super().claim_update(update_id, payload)
        if claimed:
            self._held[update_id] = time.monotonic()
        return claimed

    async def finish_update(self, update_id: int) -> None:
        await super().finish_update(update_id)
        self._held.pop(update_id, None)

    async def renew(self) -> int:
        """Push the lease of every claim this replica holds; returns how many rows were renewed."""
        now_mono = time.monotonic()
        for update_id, since in list(self._held.items()):
            if now_mono - since > MAX_HOLD_SECONDS:
                del self._held[update_id]
        held = list(self._held)
        if not held:
            return 0
        now = self._utcnow()

        async def work(conn: AsyncConnection) -> int:
            renewed = 0
            for start in range(0, len(held), SWEEP_BATCH):
                chunk = held[start : start + SWEEP_BATCH]
                result = await conn.execute(
                    update(updates)
                    .where(updates.c.update_id.in_(chunk), updates.c.status == "received")
                    .values(received_at=now)
                )
                renewed += int(result.rowcount or 0)
            return renewed

        return await self._retry("renew_claims", work)

    async def pending_updates(self, space: ClaimSpace = ClaimSpace.TELEGRAM) -> Sequence[PendingUpdate]:
        """One channel's claims whose lease expired, taken over by this replica (by key)."""
        now = self._utcnow()
        cutoff = now - timedelta(seconds=self.lease)

        async def work(conn: AsyncConnection) -> list[PendingUpdate]:
            rows = (
                await conn.execute(
                    select(updates.c.update_id, updates.c.payload)
                    .where(
                        updates.c.status == "received",
                        updates.c.payload.is_not(None),
                        updates.c.received_at < cutoff,
                        in_space(space),
                    )
                    .order_by(updates.c.update_id)
                    .limit(SWEEP_BATCH)
                )
            ).all()
            taken: list[PendingUpdate] = []
            for row in rows:
                result = await conn.execute(
                    update(updates)
                    .where(
                        updates.c.update_id == row.update_id,
                        updates.c.status == "received",
                        updates.c.received_at < cutoff,
                    )
                    .values(received_at=now)
                )
                if result.rowcount == 1:
                    taken.append(PendingUpdate(int(row.update_id), str(row.payload)))
            return taken

        taken = await self._retry("take_over_claims", work)
        mono = time.monotonic()
        for item in taken:
            self._held[item.update_id] = mono
        self.taken_over += len(taken)
        if taken:
            log.info("claims_taken_over", count=len(taken))
        return taken


class Replayers:
    """Several channels' replayers as one (Telegram's and WhatsApp's beside it): one failing
    does not keep the others from their round."""

    def __init__(self, *replayers: Replayer) -> None:
        self.replayers = replayers

    async def replay_pending(self) -> int:
        total = 0
        for replayer in self.replayers:
            try:
                total += await replayer.replay_pending()
            except Exception as exc:  # the next round tries again
                log.warning("claims_replay_failed", replayer=type(replayer).__name__, error=type(exc).__name__)
        return total


async def keep_claims(store: LeasedSqlStore, replayer: Replayer, stop: asyncio.Event) -> None:
    """Renew this replica's leases and replay expired ones until ``stop`` is set."""
    interval = store.lease / 8  # a live replica's lease survives ~7 missed rounds
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
        if stop.is_set():
            return
        try:
            await store.renew()
            await replayer.replay_pending()
        except Exception as exc:  # the database may be down for a moment; try again next round
            log.warning("claims_sweep_failed", error=type(exc).__name__)
