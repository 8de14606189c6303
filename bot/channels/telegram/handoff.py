"""The human handoff desk: cases between a citizen's private chat and a forum topic of the
operators' group (OPERATORS_CHAT_ID). The rules are in bot/core/handoff.py, the cases in the
store (``CaseStore``); this is the Telegram side of it, used by handlers/handoff.py and by the
periodic ``run`` loop the composition root starts.

Privacy: what reaches the group is the redacted question, the language, the topic and the
bot's own summary; never the citizen's name, username, phone or Telegram id. The citizen sees
an operator's text after a label ("Юрист:"), never the operator's name.

Exactly once: confirming is a conditional state change; the topic is created only by whoever
claims it in the store (a lease, so a claimer that died is replaced), and the thread id is
unique. The group gets at most ``HANDOFF_GROUP_RATE`` messages a minute (a token bucket that
waits, never drops); a 429 that still comes is retried by the session's retry middleware.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.callbacks import HandoffCb
from bot.channels.telegram.render import plain
from bot.channels.telegram.texts import text
from bot.config import Settings
from bot.core.handoff import (
    LIVE_STATES,
    CaseEvent,
    CaseState,
    Hours,
    is_expired,
    is_overdue,
    parse_case_code,
    topic_name,
)
from bot.core.lang import Lang, parse_lang
from bot.core.limits import LocalPacer, Pacer
from bot.core.ports import Case, CaseStore, NewCase
from bot.core.redact import redact
from bot.core.reply import Reply, ReplyKind

log = structlog.get_logger(__name__)

CLAIM_LEASE_S = 15.0  # a topic claim older than this is taken over (its claimer died)
PENDING_TTL = timedelta(hours=24)  # a consent message nobody answered is dropped after this
TICK_S = 60.0
# How a deleted topic shows itself: the Bot API says "message thread not found"; the MTProto
# names below have been seen passed through as they are. Any of them: create the topic anew.
THREAD_GONE = ("thread not found", "topic_deleted", "topic_id_invalid")


def group_bucket(per_minute: float) -> tuple[float, float]:
    """(rate per second, burst) keeping any minute at most ``per_minute`` messages into a group:
    a bucket of 2 refilled at ``per_minute - 2`` a minute (2 + (n - 2) = n in any 60 s window)."""
    return max(per_minute - 2.0, 0.5) / 60.0, min(2.0, per_minute)


def group_pacer(per_minute: float, clock: Callable[[], float] = time.monotonic) -> Pacer:
    """The group's pace in process (the composition root shares it through Redis with
    REDIS_URL). A 429 that still comes is waited out by the retry middleware: a message is
    late, never lost."""
    rate, burst = group_bucket(per_minute)
    return LocalPacer(per_chat_rate=rate, per_chat_burst=burst, global_rate=1000.0, global_burst=1000.0, clock=clock)


def hours_text(hours: Hours, lang: Lang) -> str:
    """``пн-пт 09:00-18:00``: the working hours with weekday names in ``lang``."""
    names = text("handoff_days", lang).split(",")
    days = sorted(hours.days)
    if len(days) > 1 and days == list(range(days[0], days[-1] + 1)):
        span = f"{names[days[0]]}-{names[days[-1]]}"
    else:
        span = ",".join(names[d] for d in days)
    return f"{span} {hours.start:%H:%M}-{hours.end:%H:%M}"


def bot_summary(reply: Reply | None, lang: Lang) -> str:
    """What the bot answered or suggested and why it fell back, for the operators (``lang``)."""
    if reply is None:
        return text("op_summary_direct", lang)
    confidence = f"{reply.confidence:.2f}"
    if reply.kind is ReplyKind.CLARIFY and reply.suggestions:
        titles = "; ".join(s.title for s in reply.suggestions[:3])
        return text("op_summary_clarify", lang, confidence=confidence, titles=titles)
    if reply.kind is ReplyKind.ANSWER and reply.title:  # /lawyer with a question the bot could answer
        return text("op_summary_clarify", lang, confidence=confidence, titles=reply.title)
    return text("op_summary_fallback", lang, confidence=confidence, area=reply.extra.get("area") or "—")


def case_topic(reply: Reply | None) -> str | None:
    """The area a case is about (the topic name's last part, the report's "topics handed over")."""
    if reply is None:
        return None
    if reply.extra.get("area"):
        return reply.extra["area"]
    if reply.suggestions:
        return reply.suggestions[0].entry_id
    return None


class HandoffDesk:
    def __init__(
        self,
        bot: Bot,
        cases: CaseStore,
        settings: Settings,
        *,
        pacer: Pacer | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if settings.operators_chat_id is None:
            raise ValueError("the handoff desk needs OPERATORS_CHAT_ID")
        self.bot = bot
        self.cases = cases
        self.group = settings.operators_chat_id
        self.hours: Hours = settings.hours
        self.sla_hours = settings.handoff_sla_hours
        self.expire_hours = settings.handoff_expire_hours
        self.op_lang = parse_lang(settings.report_lang) or Lang.RU
        self.pacer = pacer or group_pacer(settings.handoff_group_rate)
        self._clock = clock or (lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self._clock()

    # ---- the citizen's side

    async def open_pending(self, new: NewCase) -> Case:
        """The case behind a consent message; a pending one left from before is replaced."""
        case = await self.cases.create_case(new)
        if case.state is CaseState.PENDING and (case.question != new.question or case.chat_id != new.chat_id):
            await self.cases.transition(case.id, CaseEvent.CANCEL)
            case = await self.cases.create_case(new)
        return case

    async def confirm(self, case_id: int, user_hash: str) -> Case | None:
        """Consent given: the case opens (once) and its topic is created. A topic that cannot be
        created now (Telegram unreachable) is created by the periodic task; the case stands."""
        case = await self.cases.get_case(case_id)
        if case is None or case.user_hash != user_hash:
            return None
        opened = await self.cases.transition(case_id, CaseEvent.CONFIRM)
        if opened is None:
            return None
        try:
            await self.ensure_topic(opened)
        except TelegramAPIError as exc:
            log.warning("handoff_topic_deferred", case=opened.code, error=type(exc).__name__)
        return opened

    def expected(self, case: Case, lang: Lang) -> str:
        now = self.now()
        if self.hours.is_open(now):
            return text("handoff_opened_now", lang, code=case.code, sla=f"{self.sla_hours:g}")
        when = self.hours.next_open(now)
        return text(
            "handoff_opened_later", lang, code=case.code, hours=hours_text(self.hours, lang), when=f"{when:%d.%m %H:%M}"
        )

    async def relay_citizen(self, case: Case, message_text: str, citizen_message_id: int | None, *, edited: bool = False) -> None:
        """A citizen's message into the case's topic, redacted, labelled; whole and with its
        lines (``post`` splits it at Telegram's length), unlike the consent's preview."""
        label = text("op_citizen", self.op_lang) + (" ✏️" if edited else "")
        body = redact(message_text.strip()) or "…"
        sent = await self.post(case, f"<b>{html.escape(label)}</b> " + html.escape(body, quote=False))
        await self.cases.log_case_message(case.id, "in", citizen_message_id, sent)

    async def cancel(self, case: Case) -> Case | None:
        """The citizen ends the case (/cancel, /forget)."""
        ended = await self.cases.transition(case.id, CaseEvent.CANCEL)
        if ended is not None and ended.thread_id is not None:
            await self._note_and_close(ended, text("op_cancelled", self.op_lang, code=ended.code))
        return ended

    # ---- the operators' side

    async def relay_operator(self, case: Case, message_text: str, group_message_id: int) -> bool:
        """An operator's text to the citizen as a new message with the label, never a forward."""
        if case.chat_id is None or case.state not in LIVE_STATES:
            return False
        label = text("handoff_label", case.lang)
        parts = plain(f"{label} {message_text}")
        first = parts[0]
        # The label in bold (it is the first word of the first part, already escaped by plain()).
        escaped_label = html.escape(label, quote=False)
        parts[0] = replace(first, text=f"<b>{escaped_label}</b>{first.text[len(escaped_label):]}")
        try:
            citizen_ids = [(await self.bot.send_message(case.chat_id, p.text, reply_markup=p.keyboard)).message_id for p in parts]
        except TelegramForbiddenError:
            await self.post(case, html.escape(text("op_not_delivered", self.op_lang)))
            return False
        await self.cases.mark_first_reply(case.id)
        await self.cases.log_case_message(case.id, "out", citizen_ids[0], group_message_id)
        return True

    async def take(self, case: Case) -> Case | None:
        taken = await self.cases.transition(case.id, CaseEvent.TAKE)
        if taken is not None and taken.thread_id is not None:
            with contextlib.suppress(TelegramBadRequest):  # the name is cosmetic; the state is what counts
                await self.bot.edit_forum_topic(
                    self.group, taken.thread_id, name=topic_name(taken.code, taken.lang, taken.topic, taken=True)
                )
            await self.post(taken, html.escape(text("op_taken", self.op_lang, code=taken.code)))
        return taken

    async def close(self, case: Case) -> Case | None:
        """An operator closes the case: the topic closes, the citizen is told and asked to rate."""
        closed = await self.cases.transition(case.id, CaseEvent.CLOSE)
        if closed is None:
            return None
        if closed.chat_id is not None:
            keyboard = InlineKeyboardMarkup(
                inline_keyboard=[[
                    InlineKeyboardButton(text=text("btn_rate_up", closed.lang),
                                         callback_data=HandoffCb(action="up", case=closed.id).pack()),
                    InlineKeyboardButton(text=text("btn_rate_down", closed.lang),
                                         callback_data=HandoffCb(action="down", case=closed.id).pack()),
                ]]
            )
            with contextlib.suppress(TelegramForbiddenError):
                for part in plain(text("handoff_closed", closed.lang, code=closed.code), keyboard=keyboard):
                    await self.bot.send_message(closed.chat_id, part.text, reply_markup=part.keyboard)
        await self._note_and_close(closed, text("op_closed", self.op_lang, code=closed.code))
        return closed

    async def ban(self, case: Case, days: int) -> None:
        await self.cases.ban_user(case.user_hash, self.now() + timedelta(days=days))
        await self.post(case, html.escape(text("op_banned", self.op_lang, days=days)))

    async def overdue(self) -> list[Case]:
        now = self.now()
        return [
            c for c in await self.cases.live_cases()
            if c.opened_at is not None and is_overdue(c.opened_at, c.first_reply_at, now, self.hours, self.sla_hours)
        ]

    async def queue_text(self) -> str:
        late = await self.overdue()
        if not late:
            return text("op_queue_empty", self.op_lang)
        now = self.now()
        lines = [text("op_queue_head", self.op_lang, sla=f"{self.sla_hours:g}")]
        for c in late:
            assert c.opened_at is not None
            waited = self.hours.working_seconds(c.opened_at, now) / 3600
            lines.append(f"{c.code} · {c.lang.value} · {c.topic or '—'} · {c.state.value} · {waited:.1f} h")
        return "\n".join(lines)

    async def say(self, thread_id: int | None, body_html: str) -> None:
        """A note of the bot's own in the group (in a topic when ``thread_id``), paced."""
        for part in plain_html(body_html):
            await self._send_group(thread_id, part)

    async def case_in_thread(self, thread_id: int | None) -> Case | None:
        if thread_id is None:
            return None
        return await self.cases.case_by_thread(thread_id)

    async def case_by_code(self, value: str) -> Case | None:
        number = parse_case_code(value)
        return await self.cases.get_case(number) if number is not None else None

    # ---- the topic

    def _intro(self, case: Case, recreated: bool) -> tuple[str, InlineKeyboardMarkup]:
        body = text(
            "op_case_intro", self.op_lang, code=case.code, language=case.lang.value, topic=case.topic or "—",
            question=case.question, summary=case.bot_summary,
        )
        if recreated:
            body = text("op_recreated", self.op_lang) + "\n\n" + body
        buttons = [InlineKeyboardButton(text=text("op_btn_close", self.op_lang),
                                        callback_data=HandoffCb(action="close", case=case.id).pack())]
        if case.taken_at is None:
            buttons.insert(0, InlineKeyboardButton(text=text("op_btn_take", self.op_lang),
                                                   callback_data=HandoffCb(action="take", case=case.id).pack()))
        return html.escape(body, quote=False), InlineKeyboardMarkup(inline_keyboard=[buttons])

    async def ensure_topic(self, case: Case, *, recreated: bool = False) -> Case:
        """The case's topic exists and holds its first message: done by whoever claims it in the
        store, once; the others wait for it (or for a dead claimer's lease to lapse)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CLAIM_LEASE_S + 2
        chat_id = case.chat_id
        while case.thread_id is None or not case.intro_sent:
            if await self.cases.claim_topic(case.id, CLAIM_LEASE_S):
                return await self._make_topic(case, recreated)
            if loop.time() > deadline:
                raise TimeoutError(f"topic of {case.code} not created in time")
            await asyncio.sleep(0.5)
            fresh = await self.cases.get_case(case.id)
            if fresh is None or fresh.state not in LIVE_STATES:
                return case
            case = replace(fresh, chat_id=chat_id)
        return case

    async def _make_topic(self, case: Case, recreated: bool) -> Case:
        fresh = await self.cases.get_case(case.id)  # the claim is ours: read what is there now
        if fresh is not None:
            case = replace(fresh, chat_id=case.chat_id)
        if case.thread_id is None:
            name = topic_name(case.code, case.lang, case.topic, taken=case.taken_at is not None)
            topic = await self.bot.create_forum_topic(self.group, name)
            await self.cases.set_thread(case.id, topic.message_thread_id, intro_sent=False)
            case = replace(case, thread_id=topic.message_thread_id, intro_sent=False)
        assert case.thread_id is not None
        body, keyboard = self._intro(case, recreated)
        for i, part in enumerate(plain_html(body)):
            await self._send_group(case.thread_id, part, keyboard if i == 0 else None)
        await self.cases.set_thread(case.id, case.thread_id, intro_sent=True)
        return replace(case, intro_sent=True)

    async def post(self, case: Case, body_html: str) -> int | None:
        """A message into the case's topic; a topic the operators deleted is created anew and
        the message goes there (nothing is lost). Returns the first message's id."""
        recreated = False
        for attempt in range(3):
            case = await self.ensure_topic(case, recreated=recreated)
            assert case.thread_id is not None
            try:
                first: int | None = None
                for part in plain_html(body_html):
                    sent = await self._send_group(case.thread_id, part)
                    first = first if first is not None else sent
                return first
            except TelegramBadRequest as exc:
                if not any(sign in exc.message.lower() for sign in THREAD_GONE) or attempt == 2:
                    raise
                log.info("handoff_topic_recreated", case=case.code)
                await self.cases.drop_thread(case.id, case.thread_id)
                case = replace(case, thread_id=None, intro_sent=False)
                recreated = True
        return None  # pragma: no cover - the loop returns or raises

    async def _send_group(self, thread_id: int | None, body_html: str, keyboard: InlineKeyboardMarkup | None = None) -> int:
        delay = await self.pacer.reserve(self.group)
        if delay > 0:
            await asyncio.sleep(delay)
        sent = await self.bot.send_message(self.group, body_html, message_thread_id=thread_id, reply_markup=keyboard)
        return sent.message_id

    async def _note_and_close(self, case: Case, note: str) -> None:
        if case.thread_id is None:
            return
        try:
            await self.post(case, html.escape(note, quote=False))
            await self.bot.close_forum_topic(self.group, case.thread_id)
        except TelegramBadRequest as exc:  # deleted or already closed: the case is what counts
            log.info("handoff_close_topic_failed", case=case.code, error=exc.message[:80])

    # ---- the periodic task

    async def tick(self) -> None:
        """Missing topics created, unanswered cases expired, forgotten consents dropped."""
        now = self.now()
        for stale in await self.cases.stale_pending(now - PENDING_TTL):
            await self.cases.transition(stale.id, CaseEvent.EXPIRE)
        for case in await self.cases.live_cases():
            if case.opened_at is not None and is_expired(case.opened_at, case.first_reply_at, now, self.expire_hours):
                await self._expire(case)
            elif case.thread_id is None or not case.intro_sent:
                await self.ensure_topic(case)

    async def _expire(self, case: Case) -> None:
        ended = await self.cases.transition(case.id, CaseEvent.EXPIRE)
        if ended is None:
            return
        if ended.chat_id is not None:
            with contextlib.suppress(TelegramForbiddenError):
                for part in plain(text("handoff_expired", ended.lang, code=ended.code)):
                    await self.bot.send_message(ended.chat_id, part.text)
        await self._note_and_close(ended, text("op_expired", self.op_lang, code=ended.code))

    async def run(self, stop: asyncio.Event, interval: float = TICK_S) -> None:
        while not stop.is_set():
            try:
                await self.tick()
            except Exception as exc:  # Telegram or the database down for a moment: next round
                log.warning("handoff_tick_failed", error=type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)


def plain_html(body_html: str) -> list[str]:
    """Split already-escaped HTML without tags into Telegram-sized parts (at 4096 characters)."""
    limit = 4000  # escaped entities count as one character each, so this stays under 4096
    if len(body_html) <= limit:
        return [body_html]
    parts, rest = [], body_html
    while rest:
        cut = rest.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        while "&" in rest[max(0, cut - 6):cut] and ";" not in rest[rest.rfind("&", 0, cut):cut]:
            cut -= 1  # never split an entity such as &amp;
        parts.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    return parts
