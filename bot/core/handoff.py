"""Human handoff ("ask a lawyer"): the pure rules.

Case codes, the operators' working hours (HANDOFF_HOURS, Asia/Almaty) and what follows from
them (open now? next opening? working hours elapsed, overdue), the topic name shown in the
operators' group, the text passed on (always redacted) and the case's state machine::

    pending (consent shown) --confirm--> open --take--> taken --close--> closed
       |                                  |               |
       +--cancel--> cancelled             +---------------+--cancel (citizen)--> cancelled
                                          +---------------+--expire (unanswered)--> expired

Nothing here does I/O: channels and storage call these with the time they read themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.lang import Lang
from bot.core.redact import redact

# Kazakhstan has one zone (UTC+5) since 2024-03-01; tzdata knows it (the tzdata wheel is a
# dependency so a slim image without /usr/share/zoneinfo still has it).
ALMATY = ZoneInfo("Asia/Almaty")
DEFAULT_HOURS = "mon-fri 09:00-18:00"
CODE_PREFIX = "C-"
TOPIC_NAME_MAX = 128  # Telegram's limit on a forum topic name
PREVIEW_MAX = 3000  # what one consent message or topic message shows of the question
MAX_BAN_DAYS = 365

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class CaseState(StrEnum):
    PENDING = "pending"  # the consent message is shown; nothing has reached the operators
    OPEN = "open"  # confirmed: the topic exists (or is being created), no operator took it yet
    TAKEN = "taken"  # an operator took it
    CLOSED = "closed"  # closed by an operator (/close or the Close button)
    CANCELLED = "cancelled"  # the citizen cancelled (consent refused, or /cancel later)
    EXPIRED = "expired"  # nobody answered within HANDOFF_EXPIRE_HOURS


ACTIVE_STATES = frozenset({CaseState.PENDING, CaseState.OPEN, CaseState.TAKEN})
LIVE_STATES = frozenset({CaseState.OPEN, CaseState.TAKEN})  # confirmed and not ended
ENDED_STATES = frozenset({CaseState.CLOSED, CaseState.CANCELLED, CaseState.EXPIRED})


class CaseEvent(StrEnum):
    CONFIRM = "confirm"
    TAKE = "take"
    CLOSE = "close"
    CANCEL = "cancel"
    EXPIRE = "expire"


_TRANSITIONS: dict[tuple[CaseState, CaseEvent], CaseState] = {
    (CaseState.PENDING, CaseEvent.CONFIRM): CaseState.OPEN,
    (CaseState.PENDING, CaseEvent.CANCEL): CaseState.CANCELLED,
    (CaseState.PENDING, CaseEvent.EXPIRE): CaseState.EXPIRED,
    (CaseState.OPEN, CaseEvent.TAKE): CaseState.TAKEN,
    (CaseState.OPEN, CaseEvent.CLOSE): CaseState.CLOSED,
    (CaseState.OPEN, CaseEvent.CANCEL): CaseState.CANCELLED,
    (CaseState.OPEN, CaseEvent.EXPIRE): CaseState.EXPIRED,
    (CaseState.TAKEN, CaseEvent.CLOSE): CaseState.CLOSED,
    (CaseState.TAKEN, CaseEvent.CANCEL): CaseState.CANCELLED,
    (CaseState.TAKEN, CaseEvent.EXPIRE): CaseState.EXPIRED,
}


class BadTransition(ValueError):
    pass


def next_state(state: CaseState, event: CaseEvent) -> CaseState:
    """The state after ``event``; ``BadTransition`` when the event does not apply (a second
    Close, a Take after the citizen cancelled ...): callers tell the user it is too late."""
    try:
        return _TRANSITIONS[(state, event)]
    except KeyError:
        raise BadTransition(f"{event.value} does not apply to a {state.value} case") from None


def allowed_from(event: CaseEvent) -> frozenset[CaseState]:
    """The states in which ``event`` applies (the storage's conditional UPDATE uses these)."""
    return frozenset(s for (s, e) in _TRANSITIONS if e is event)


# --- case codes ------------------------------------------------------------------------------


def case_code(number: int) -> str:
    if number < 1:
        raise ValueError("case numbers start at 1")
    return f"{CODE_PREFIX}{number}"


_CODE_RE = re.compile(r"^\s*[CcСс]-?(\d{1,12})\s*$")  # Latin or Cyrillic C, as typed


def parse_case_code(value: str) -> int | None:
    m = _CODE_RE.match(value)
    return int(m.group(1)) if m else None


# --- working hours ---------------------------------------------------------------------------


class HoursError(ValueError):
    """HANDOFF_HOURS is malformed; the message says what is expected."""


@dataclass(frozen=True, slots=True)
class Hours:
    """Operators answer on ``days`` (0 = Monday) from ``start`` to ``end``, local time in ``tz``."""

    days: frozenset[int]
    start: time
    end: time
    tz: ZoneInfo = ALMATY

    def is_open(self, moment: datetime) -> bool:
        local = _aware(moment).astimezone(self.tz)
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def next_open(self, moment: datetime) -> datetime:
        """``moment`` itself when open, else the next opening (aware, in ``tz``)."""
        local = _aware(moment).astimezone(self.tz)
        if self.is_open(local):
            return local
        for ahead in range(8):
            day = (local + timedelta(days=ahead)).date()
            if day.weekday() not in self.days:
                continue
            opening = datetime.combine(day, self.start, tzinfo=self.tz)
            if opening > local:
                return opening
        raise AssertionError("a week always has an opening")  # pragma: no cover - days is never empty

    def working_seconds(self, start: datetime, end: datetime) -> float:
        """Seconds of working time between ``start`` and ``end`` (0 when end <= start)."""
        a, b = _aware(start).astimezone(self.tz), _aware(end).astimezone(self.tz)
        if b <= a:
            return 0.0
        total = 0.0
        day = a.date()
        while day <= b.date():
            if day.weekday() in self.days:
                lo = max(a, datetime.combine(day, self.start, tzinfo=self.tz))
                hi = min(b, datetime.combine(day, self.end, tzinfo=self.tz))
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += timedelta(days=1)
        return total

    def describe(self) -> str:
        return f"{_days_text(self.days)} {self.start:%H:%M}-{self.end:%H:%M}"


_HOURS_RE = re.compile(
    r"^\s*(?P<days>[a-z]{3}(?:\s*-\s*[a-z]{3})?(?:\s*,\s*[a-z]{3}(?:\s*-\s*[a-z]{3})?)*)\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)


def parse_hours(value: str) -> Hours:
    """``"mon-fri 09:00-18:00"``, ``"mon-sat 10:00-14:00"``, ``"mon,wed,fri 09:00-13:00"``.

    Raises ``HoursError`` naming the expected shape for anything else (an overnight range, an
    unknown day, 25:00 ...): a typo must stop the start, not silently mean "never open"."""
    m = _HOURS_RE.match(value.lower())
    if not m:
        raise HoursError(f"expected days and hours like {DEFAULT_HOURS!r}, got {value!r}")
    days: set[int] = set()
    for part in m.group("days").split(","):
        ends = [p.strip() for p in part.split("-")]
        for name in ends:
            if name not in DAYS:
                raise HoursError(f"unknown day {name!r}: use {', '.join(DAYS)}")
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        days.update(span)
    start, end = _clock(m.group("start")), _clock(m.group("end"))
    if end <= start:
        raise HoursError(f"the hours must end after they start (same day), got {value!r}")
    return Hours(frozenset(days), start, end)


def _clock(value: str) -> time:
    hh, mm = (int(x) for x in value.split(":"))
    if hh == 24 and mm == 0:
        return time(23, 59, 59)
    if not (0 <= hh <= 23 and 0 <= mm <= 59):
        raise HoursError(f"not a time of day: {value!r}")
    return time(hh, mm)


def _days_text(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        return f"{DAYS[ordered[0]]}-{DAYS[ordered[-1]]}"
    return ",".join(DAYS[d] for d in ordered)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- service levels --------------------------------------------------------------------------


def is_overdue(opened_at: datetime, first_reply_at: datetime | None, now: datetime, hours: Hours, sla_hours: float) -> bool:
    """No operator reply within ``sla_hours`` of working time since the case opened."""
    until = first_reply_at or now
    return hours.working_seconds(opened_at, until) > sla_hours * 3600


def answered_within(opened_at: datetime, first_reply_at: datetime | None, hours: Hours, sla_hours: float) -> bool:
    return first_reply_at is not None and hours.working_seconds(opened_at, first_reply_at) <= sla_hours * 3600


def is_expired(opened_at: datetime, first_reply_at: datetime | None, now: datetime, expire_hours: float) -> bool:
    """Unanswered for ``expire_hours`` of wall time: the citizen should not wait forever."""
    return first_reply_at is None and (_aware(now) - _aware(opened_at)).total_seconds() > expire_hours * 3600


# --- what is shown ---------------------------------------------------------------------------


def preview(text: str, limit: int = PREVIEW_MAX) -> str:
    """The question as it may be passed on: redacted, whitespace tidied, cut to ``limit``."""
    clean = redact(" ".join(text.split()))
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


_NAME_JUNK = re.compile(r"[\x00-\x1f\u200b-\u200f\u2028-\u202e]")


def topic_name(code: str, lang: Lang, topic: str | None, *, taken: bool = False) -> str:
    """``C-12 · ru · pensions`` (``✅`` in front once taken): the code, language and topic only,
    never anything about the person; at most 128 characters."""
    mark = "✅ " if taken else ""
    area = _NAME_JUNK.sub("", redact(topic or "")).strip() or "—"
    name = f"{mark}{code} · {lang.value} · {area}"
    return name if len(name) <= TOPIC_NAME_MAX else name[: TOPIC_NAME_MAX - 1] + "…"


def ban_days(argument: str | None) -> int | None:
    """``/ban DAYS``: a whole number of days from 1 to 365, else None."""
    if argument is None or not argument.strip().isdigit():
        return None
    days = int(argument.strip())
    return days if 1 <= days <= MAX_BAN_DAYS else None


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseFigures:
    """The handoff numbers of a period (``stats``); times are wall-clock seconds."""

    opened: int = 0  # confirmed (pending cases that were never confirmed do not count)
    taken: int = 0
    closed: int = 0
    expired: int = 0
    cancelled: int = 0
    median_first_reply_s: float | None = None
    answered_in_sla: int = 0
    answered: int = 0
    overdue: int = 0  # live cases past the service level now
    rating_up: int = 0
    rating_down: int = 0
    top_topics: tuple[tuple[str, int], ...] = ()

    @property
    def sla_share(self) -> float | None:
        return self.answered_in_sla / self.answered if self.answered else None


class CaseFacts(Protocol):
    """What the figures need of one case (``bot.core.ports.Case`` has it)."""

    @property
    def state(self) -> CaseState: ...
    @property
    def topic(self) -> str | None: ...
    @property
    def opened_at(self) -> datetime | None: ...
    @property
    def taken_at(self) -> datetime | None: ...
    @property
    def first_reply_at(self) -> datetime | None: ...
    @property
    def rating(self) -> bool | None: ...


def case_figures(cases: Sequence[CaseFacts], now: datetime, hours: Hours, sla_hours: float, top: int = 5) -> CaseFigures:
    confirmed = [c for c in cases if c.opened_at is not None]
    waits = sorted(
        (_aware(c.first_reply_at) - _aware(c.opened_at)).total_seconds()
        for c in confirmed if c.first_reply_at is not None and c.opened_at is not None
    )
    median = None
    if waits:
        mid = len(waits) // 2
        median = waits[mid] if len(waits) % 2 else (waits[mid - 1] + waits[mid]) / 2
    topics: dict[str, int] = {}
    for c in confirmed:
        key = c.topic or "—"
        topics[key] = topics.get(key, 0) + 1
    return CaseFigures(
        opened=len(confirmed),
        taken=sum(1 for c in confirmed if c.taken_at is not None),
        closed=sum(1 for c in confirmed if c.state is CaseState.CLOSED),
        expired=sum(1 for c in confirmed if c.state is CaseState.EXPIRED),
        cancelled=sum(1 for c in confirmed if c.state is CaseState.CANCELLED),
        median_first_reply_s=median,
        answered=len(waits),
        answered_in_sla=sum(
            1 for c in confirmed
            if c.opened_at is not None and answered_within(c.opened_at, c.first_reply_at, hours, sla_hours)
        ),
        overdue=sum(
            1 for c in confirmed
            if c.state in LIVE_STATES and c.opened_at is not None
            and is_overdue(c.opened_at, c.first_reply_at, now, hours, sla_hours)
        ),
        rating_up=sum(1 for c in confirmed if c.rating is True),
        rating_down=sum(1 for c in confirmed if c.rating is False),
        top_topics=tuple(sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:top]),
    )
