"""What each WhatsApp message does: the same engine, menus and dialogues as Telegram.

A text is a question for the engine, unless it is a word the channel knows ("menu" / "меню" /
"мәзір": the topics; "forget me" / "забудь меня" / "мені ұмыт": delete my data, after a
confirmation) or the answer to a step of the TSA pre-check. A button or list reply works like
the Telegram button it stands for. Anything else (media, location ...) gets a polite "please type".

State lives in the aiogram FSM storage the Telegram channel uses (Redis with REDIS_URL), under a
key built from the user's pseudonym, never the phone number: the pre-check step, and beside it
a small profile (the language last used and the time of the last message, for the 24-hour
customer-service window). One user's messages are
handled one at a time (the FSM's event isolation), in the order they arrive.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import structlog
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey

from bot.channels.texts import chat_text
from bot.channels.whatsapp.inbound import Inbound, InboundKind
from bot.channels.whatsapp.render import Message, messages, parse_choice_id, render_reply
from bot.channels.whatsapp.texts import wa
from bot.content.holder import ServiceHolder
from bot.core.choices import Choice, ChoiceKind, entry_list, forget_confirm, topic_menu, tsa_step
from bot.core.lang import Lang, parse_lang
from bot.core.limits import FloodGate, LocalFloodGate
from bot.core.ports import QuestionRecord, Store
from bot.core.privacy import channel_user_hash
from bot.core.tsa import MAX_HOUSEHOLD, MAX_INCOME, parse_number

log = structlog.get_logger(__name__)

CHANNEL = "whatsapp"
WINDOW_SECONDS = 24 * 3600  # Meta's customer-service window: free-form replies only within it
MAX_QUESTION = 4096
KEY_BASE = 2**60
PROFILE_THREAD = 1  # the profile's key differs from the dialogue's by its thread
STATE_HOUSEHOLD, STATE_INCOME = "whatsapp_tsa:household", "whatsapp_tsa:income"

MENU_WORDS = {"menu": Lang.EN, "меню": Lang.RU, "мәзір": Lang.KK}
FORGET_WORDS = {"forget me": Lang.EN, "забудь меня": Lang.RU, "мені ұмыт": Lang.KK}
CANCEL_WORDS = frozenset({"cancel", "/cancel", "отмена", "болдырмау", "стоп", "stop"})


class Sender(Protocol):
    async def send(self, to: str, message: dict[str, Any], *, pace_key: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class User:
    wa_id: str  # only to address replies; never logged or stored
    user_hash: str
    state: StorageKey
    profile: StorageKey


def command(value: str) -> str:
    """"Меню!" -> "меню": lower case, single spaces, no surrounding punctuation."""
    return " ".join(re.sub(r"[^\w\s/]", " ", value.lower()).split())


def looks_like_a_question(value: str) -> bool:
    """A sentence without a number during the pre-check: the user moved on."""
    return parse_number(value) is None and len(value.split()) >= 3


class Conversation:
    def __init__(
        self,
        *,
        holder: ServiceHolder,
        store: Store,
        storage: BaseStorage,
        isolation: BaseEventIsolation,
        sender: Sender,
        secret: str,
        clock: Callable[[], float] = time.time,
        channel: str = CHANNEL,
        flood_gate: FloodGate | None = None,
    ) -> None:
        self.holder = holder
        self.store = store
        self.storage = storage
        self.isolation = isolation
        self.sender = sender
        self.secret = secret
        self.clock = clock
        self.channel = channel  # what analytics record: "whatsapp", or "sandbox" for the preview
        # The same per-user flood control as Telegram (8 messages in 10 s; shared with REDIS_URL).
        self.flood_gate: FloodGate = flood_gate or LocalFloodGate()
        self.dropped = 0

    def user(self, wa_id: str) -> User:
        pseudonym = channel_user_hash(self.secret, CHANNEL, wa_id)
        # FSM keys are numbers: 56 bits of the pseudonym above 2**60, far beyond any Telegram
        # chat or user id (the storages' default key builders leave bot ids and destinies out).
        number = KEY_BASE + int(pseudonym[:14], 16)
        return User(
            wa_id,
            pseudonym,
            StorageKey(bot_id=0, chat_id=number, user_id=number),
            StorageKey(bot_id=0, chat_id=number, user_id=number, thread_id=PROFILE_THREAD),
        )

    # --- entry point -------------------------------------------------------------------------

    async def handle(self, message: Inbound, *, replay: bool = False) -> None:
        """Answer one message; a ``replay`` (left unanswered by a crash) passed the flood gate
        when it arrived."""
        user = self.user(message.wa_id)
        async with self.isolation.lock(user.state):
            profile = await self._note_inbound(user, message.timestamp)
            lang = parse_lang(profile.get("lang")) or await self.store.user_lang(user.user_hash) or Lang.RU
            allowed, note = (True, False) if replay else await self.flood_gate.allow(user.state.user_id)
            if not allowed:
                self.dropped += 1
                log.info("throttled", channel=self.channel, noted=note)
                if note:
                    await self._send(user, messages([chat_text("throttled", lang)], (), lang))
                return
            if message.kind is InboundKind.TEXT:
                await self._on_text(user, message.text, lang)
            elif message.kind is InboundKind.CHOICE:
                await self._on_choice(user, message.choice_id, lang)
            else:
                await self._send(user, messages([wa("media", lang), wa("menu_hint", lang)], (), lang))

    async def _note_inbound(self, user: User, timestamp: float) -> dict[str, Any]:
        profile = await self.storage.get_data(user.profile)
        seen = max(float(profile.get("seen") or 0), timestamp or self.clock())
        profile = await self.storage.update_data(user.profile, {"seen": seen})
        await self.store.touch_user(user.user_hash, None)
        return profile

    async def _remember_lang(self, user: User, lang: Lang) -> None:
        await self.storage.update_data(user.profile, {"lang": lang.value})

    # --- texts -------------------------------------------------------------------------------

    async def _on_text(self, user: User, value: str, lang: Lang) -> None:
        word = command(value)
        if word in MENU_WORDS:
            lang = MENU_WORDS[word]
            await self._remember_lang(user, lang)
            await self._topics(user, lang)
            return
        if word in FORGET_WORDS:
            lang = FORGET_WORDS[word]
            await self._send(user, messages([chat_text("forget_confirm", lang)], forget_confirm(), lang))
            return
        state = await self.storage.get_state(user.state)
        if state in (STATE_HOUSEHOLD, STATE_INCOME):
            data = await self.storage.get_data(user.state)
            lang = parse_lang(data.get("lang")) or lang
            if word in CANCEL_WORDS:
                await self._clear(user)
                await self._send(user, messages([chat_text("tsa_cancelled", lang)], (), lang))
            elif looks_like_a_question(value):
                await self._clear(user)
                await self._answer(user, value, lang)
            elif state == STATE_HOUSEHOLD:
                await self._on_household(user, value, lang)
            else:
                await self._on_income(user, value, lang, data)
            return
        await self._answer(user, value, lang)

    async def _answer(self, user: User, question: str, lang: Lang) -> None:
        started = time.perf_counter()
        question = question[:MAX_QUESTION]
        reply = self.holder.service.answer(question, user_lang=lang)
        await self._remember_lang(user, reply.lang)
        await self._send(user, render_reply(reply))
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        await self.store.log_question(
            QuestionRecord.of(question, reply, user_hash=user.user_hash, latency_ms=latency_ms, channel=self.channel)
        )
        log.info("answered", channel=self.channel, kind=reply.kind.value, lang=reply.lang.value, entry=reply.entry_id, ms=latency_ms)

    # --- the TSA pre-check ---------------------------------------------------------------------

    async def _begin_tsa(self, user: User, lang: Lang) -> None:
        await self.storage.set_state(user.state, STATE_HOUSEHOLD)
        await self.storage.set_data(user.state, {"lang": lang.value})
        await self._send(user, messages([chat_text("tsa_household", lang)], tsa_step(), lang))

    async def _on_household(self, user: User, value: str, lang: Lang) -> None:
        size = parse_number(value)
        if size is None or not 1 <= size <= MAX_HOUSEHOLD:
            await self._send(user, messages([chat_text("tsa_bad_household", lang)], tsa_step(), lang))
            return
        await self.storage.update_data(user.state, {"household": size})
        await self.storage.set_state(user.state, STATE_INCOME)
        await self._send(user, messages([chat_text("tsa_income", lang)], tsa_step(), lang))

    async def _on_income(self, user: User, value: str, lang: Lang, data: dict[str, Any]) -> None:
        income = parse_number(value)
        if income is None or not 0 <= income <= MAX_INCOME:
            await self._send(user, messages([chat_text("tsa_bad_income", lang)], tsa_step(), lang))
            return
        await self._clear(user)
        reply = self.holder.service.tsa_check(int(data.get("household", 1)), income, lang)
        await self._send(user, render_reply(reply))

    async def _clear(self, user: User) -> None:
        await self.storage.set_state(user.state, None)
        await self.storage.set_data(user.state, {})

    # --- button and list replies ---------------------------------------------------------------

    async def _on_choice(self, user: User, choice_id: str, lang: Lang) -> None:
        parsed = parse_choice_id(choice_id)
        if parsed is None:
            await self._send(user, messages([wa("stale", lang)], (), lang))
            return
        choice, lang = parsed
        service = self.holder.service
        kind, value = choice.kind, choice.value
        if kind is ChoiceKind.ENTRY:
            reply = service.entry_reply(value, lang)
            if reply is None:  # removed by a content reload since the list was sent
                await self._send(user, messages([wa("stale", lang)], (), lang))
            else:
                await self._send(user, render_reply(reply))
        elif kind is ChoiceKind.TOPIC:
            await self._topic(user, value, lang)
        elif kind in (ChoiceKind.TOPICS, ChoiceKind.MENU):
            await self._topics(user, lang)
        elif kind is ChoiceKind.HELPLINES:
            await self._send(user, render_reply(service.helplines_reply(lang)))
        elif kind in (ChoiceKind.FEEDBACK_UP, ChoiceKind.FEEDBACK_DOWN):
            up = kind is ChoiceKind.FEEDBACK_UP
            await self.store.log_feedback(user.user_hash, value, up, channel=self.channel)
            await self._send(user, messages([chat_text("feedback_thanks" if up else "feedback_sorry", lang)], (), lang))
        elif kind is ChoiceKind.TSA_CHECK:
            await self._begin_tsa(user, lang)
        elif kind is ChoiceKind.TSA_CANCEL:
            await self._clear(user)
            await self._send(user, messages([chat_text("tsa_cancelled", lang)], (), lang))
        elif kind is ChoiceKind.FORGET_YES:
            await self.store.forget_user(user.user_hash)
            await self._clear(user)
            # The profile keeps only when the user last wrote: the window for this confirmation.
            profile = await self.storage.get_data(user.profile)
            await self.storage.set_data(user.profile, {"seen": profile.get("seen", 0)})
            await self._send(user, messages([chat_text("forget_done", lang)], (), lang))
        elif kind is ChoiceKind.FORGET_NO:
            await self._send(user, messages([chat_text("forget_cancelled", lang)], (), lang))
        elif kind is ChoiceKind.MORE:
            await self._more(user, value, lang)

    async def _topics(self, user: User, lang: Lang, offset: int = 0) -> None:
        topics = self.holder.service.topics(lang)
        if not topics:
            await self._send(user, messages([chat_text("no_topics", lang)], (), lang))
            return
        await self._send(
            user, messages([chat_text("topics_header", lang)], topic_menu(topics), lang, page_key="topics", offset=offset)
        )

    async def _topic(self, user: User, topic_id: str, lang: Lang, offset: int = 0) -> None:
        service = self.holder.service
        titles = dict(service.topics(lang))
        entries = service.topic_entries(topic_id, lang) if topic_id in titles else []
        if not entries:
            await self._send(user, messages([wa("stale", lang)], (), lang))
            await self._topics(user, lang)
            return
        choices: Sequence[Choice] = entry_list([(s.entry_id, s.title) for s in entries])
        header = chat_text("topic_header", lang, title=titles[topic_id])
        await self._send(user, messages([header], choices, lang, page_key=f"topic:{topic_id}", offset=offset))

    async def _more(self, user: User, value: str, lang: Lang) -> None:
        key, _, raw_offset = value.rpartition("@")
        offset = int(raw_offset) if raw_offset.isdigit() else 0
        if key.startswith("topic:"):
            await self._topic(user, key.removeprefix("topic:"), lang, offset)
        else:
            await self._topics(user, lang, offset)

    # --- sending -----------------------------------------------------------------------------

    async def _send(self, user: User, out: Sequence[Message]) -> None:
        """Send in order; stop at the first message Meta did not take (the rest would not make
        sense alone). Nothing goes to a user silent for 24 hours: outside the customer-service
        window only template messages are allowed, and we have none to send."""
        profile = await self.storage.get_data(user.profile)
        silent_for = self.clock() - float(profile.get("seen") or 0)
        if silent_for > WINDOW_SECONDS:
            log.warning("whatsapp_window_closed", dropped=len(out), silent_hours=round(silent_for / 3600, 1))
            return
        for message in out:
            if not await self.sender.send(user.wa_id, message, pace_key=user.user_hash):
                log.warning("whatsapp_reply_incomplete", dropped=len(out))
                return
