"""Human handoff through the real Dispatcher with a mocked Bot API session: consent, case,
topic, relays both ways, close and rating, deleted topics, bans, expiry, /queue."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import CloseForumTopic, CreateForumTopic, EditForumTopic, SendMessage, TelegramMethod

from bot.channels.telegram.app import build_dispatcher
from bot.channels.telegram.callbacks import HandoffCb
from bot.channels.telegram.handoff import HandoffDesk, group_pacer
from bot.core.handoff import CaseState
from bot.core.lang import Lang
from bot.core.privacy import user_hash
from bot.devapi.html import parse_html
from tests.channels.telegram.harness import Harness, make_harness, make_settings

GROUP = -1009900  # no digits of the citizen id (1001) inside
CITIZEN = 1001
OPERATOR = 555


class Clock:
    def __init__(self, iso: str = "2026-12-02T06:00:00") -> None:  # Wednesday 11:00 in Almaty
        self.current = datetime.fromisoformat(iso).replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.current


class Desk:
    """The harness with a desk on the operators' group."""

    def __init__(self, clock: Clock, **settings: str) -> None:
        self.clock = clock
        s = make_settings(OPERATORS_CHAT_ID=str(GROUP), REPORT_LANG="ru", **settings)
        h = make_harness(s)
        h.store.now = clock
        self.desk = HandoffDesk(h.bot, h.store, s, clock=clock, pacer=group_pacer(600))
        h.dp = build_dispatcher(settings=s, holder=h.holder, store=h.store, handoff_desk=self.desk)
        self.h: Harness = h

    # ---- what went where
    def to_group(self) -> list[SendMessage]:
        return [m for m in self.h.sent() if m.chat_id == GROUP]

    def to_citizen(self, chat: int = CITIZEN) -> list[str]:
        return [parse_html(m.text).text for m in self.h.sent() if m.chat_id == chat]

    def calls(self, kind: type[TelegramMethod[Any]]) -> list[Any]:
        return [m for m in self.h.session.requests if isinstance(m, kind)]

    # ---- the operators' group
    async def operator_says(self, thread: int, text: str, **extra: Any) -> None:
        message = self.h.message(text, user_id=OPERATOR, chat_id=GROUP, chat_type="supergroup",
                                 message_thread_id=thread, is_topic_message=True, **extra)
        message["from"]["username"] = "dana_lawyer"
        await self.h.feed({"message": message})

    async def operator_presses(self, data: str, thread: int) -> None:
        await self.h.feed({"callback_query": {
            "id": f"op{time.monotonic_ns()}", "from": {"id": OPERATOR, "is_bot": False, "first_name": "Dana"},
            "chat_instance": "g", "data": data,
            "message": {"message_id": 1, "date": int(time.time()), "message_thread_id": thread, "is_topic_message": True,
                        "chat": {"id": GROUP, "type": "supergroup", "title": "Ops", "is_forum": True},
                        "from": {"id": 42, "is_bot": True, "first_name": "Bot"}, "text": "case"},
        }})

    async def open_case(self, question: str = "Как подать на развод? Мой ИИН 900101300123", lang: str = "ru",
                        user: int = CITIZEN) -> tuple[int, int]:
        """A near miss, the lawyer button, Confirm: (case id, thread id)."""
        await self.h.send(question, user_id=user, lang=lang)
        await self.h.press(HandoffCb(action="ask", case=0).pack(), user_id=user, lang=lang)
        consent = [m for m in self.h.sent() if m.chat_id == user][-1]
        confirm = consent.reply_markup.inline_keyboard[0][0].callback_data  # type: ignore[union-attr]
        await self.h.press(confirm, user_id=user, lang=lang)
        case = await self.h.store.active_case(_hash(self.h, user))
        assert case is not None and case.thread_id is not None
        return case.id, case.thread_id


def _hash(h: Harness, user: int) -> str:
    return user_hash(h.settings.user_hash_secret.get_secret_value(), user)


@pytest.fixture
def d() -> Desk:
    return Desk(Clock())


async def test_fallback_and_did_you_mean_carry_the_lawyer_button_only_when_configured(d: Desk) -> None:
    await d.h.send("Как подать на развод?")
    assert d.h.buttons()[0][0] == "👩‍⚖️ Спросить юриста"
    await d.h.send("Какое пособие мне положено?")  # did-you-mean
    assert any("юриста" in label for label, _ in d.h.buttons())
    await d.h.send("Какой пенсионный возраст?")  # an answer: no button
    assert not any("юриста" in label for label, _ in d.h.buttons())
    plain_h = make_harness()
    await plain_h.send("How do I file for divorce?", lang="en")
    assert not any("lawyer" in label.lower() for label, _ in plain_h.buttons())


async def test_consent_shows_the_redacted_text_confirm_first_and_nothing_reaches_the_group(d: Desk) -> None:
    await d.h.send("Как подать на развод? ИИН 900101300123, тел 87012345678")
    await d.h.press(HandoffCb(action="ask", case=0).pack())
    consent = d.h.sent()[-1]
    shown = parse_html(consent.text).text
    assert "[IIN]" in shown and "[PHONE]" in shown
    assert "900101300123" not in shown and "87012345678" not in shown
    buttons = d.h.buttons(consent)
    assert buttons[0][0].startswith("✅") and HandoffCb.unpack(buttons[0][1]).action == "yes"
    assert HandoffCb.unpack(buttons[1][1]).action == "no"
    assert d.to_group() == [] and d.calls(CreateForumTopic) == []


async def test_cancel_at_consent_sends_nothing(d: Desk) -> None:
    await d.h.send("Как подать на развод?")
    await d.h.press(HandoffCb(action="ask", case=0).pack())
    cancel = d.h.buttons()[1][1]
    await d.h.press(cancel)
    assert "никуда не передан" in parse_html(d.h.edits()[-1].text).text
    assert d.calls(CreateForumTopic) == [] and d.to_group() == []


async def test_confirm_opens_a_case_with_a_code_a_clean_topic_and_an_intro(d: Desk) -> None:
    case_id, thread = await d.open_case()
    [created] = d.calls(CreateForumTopic)
    assert created.chat_id == GROUP and created.name == f"C-{case_id} · ru · —"
    intro = d.to_group()[0]
    assert intro.message_thread_id == thread
    body = parse_html(intro.text).text
    assert "[IIN]" in body and "900101300123" not in body and "Aigerim" not in body
    assert "готового ответа нет" in body  # what the bot did and why
    assert [b.text for b in intro.reply_markup.inline_keyboard[0]] == ["🙋 Взять", "✅ Закрыть"]  # type: ignore[union-attr]
    told = parse_html(d.h.edits()[-1].text).text
    assert f"C-{case_id}" in told and "4 рабочих час" in told


async def test_outside_hours_the_citizen_hears_when_and_119_and_102_112() -> None:
    d = Desk(Clock("2026-12-04T14:00:00"))  # Friday 19:00 in Almaty
    await d.open_case()
    told = parse_html(d.h.edits()[-1].text).text
    assert "07.12 09:00" in told and "119" in told and "102" in told and "112" in told
    assert "пн-пт 09:00-18:00" in told


async def test_while_a_case_is_open_the_citizen_talks_to_the_topic_redacted_not_to_the_engine(d: Desk) -> None:
    _, thread = await d.open_case()
    asked = len(d.h.service.questions)
    await d.h.send("Забыл: мой телефон +7 701 234 56 78, паспорт N12345678")
    last = d.to_group()[-1]
    assert last.message_thread_id == thread
    body = parse_html(last.text).text
    assert body.startswith("Гражданин:") and "[PHONE]" in body and "[DOC]" in body and "12345678" not in body
    # Only the crisis check looked at it; no engine reply went to the citizen.
    assert len(d.h.service.questions) == asked + 1
    assert not any("Sorry" in t for t in d.to_citizen()[-1:])


async def test_a_crisis_message_in_a_case_still_gets_the_crisis_reply(d: Desk) -> None:
    await d.open_case()
    await d.h.send("Муж применяет насилие")
    assert any("112" in t for t in d.to_citizen()[-1:])
    assert "насилие" in parse_html(d.to_group()[-1].text).text


async def test_media_in_a_case_is_not_passed_on(d: Desk) -> None:
    await d.open_case()
    before = len(d.to_group())
    await d.h.send(None, photo=[{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}])
    assert "текстом" in d.to_citizen()[-1]
    assert len(d.to_group()) == before


@pytest.mark.parametrize(("lang", "question", "label"), [
    ("ru", "Как подать на развод?", "Юрист:"), ("kk", "Ажырасуға қалай арыз беремін?", "Заңгер:"),
    ("en", "How do I file for divorce?", "Lawyer:"),
])
async def test_an_operators_text_reaches_the_citizen_with_the_label_and_no_name(
    d: Desk, lang: str, question: str, label: str
) -> None:
    case_id, thread = await d.open_case(question, lang=lang)
    await d.operator_says(thread, "Обратитесь в суд по месту жительства.")
    reply = d.to_citizen()[-1]
    assert reply.startswith(label) and "Обратитесь в суд" in reply
    assert "Dana" not in reply and "dana_lawyer" not in reply
    case = await d.h.store.get_case(case_id)
    assert case is not None and case.first_reply_at is not None


async def test_take_renames_the_topic_and_close_closes_it_and_asks_for_a_rating(d: Desk) -> None:
    case_id, thread = await d.open_case()
    await d.operator_presses(HandoffCb(action="take", case=case_id).pack(), thread)
    [edit] = d.calls(EditForumTopic)
    assert edit.name.startswith("✅ C-")
    await d.operator_says(thread, "/close")
    assert [c.message_thread_id for c in d.calls(CloseForumTopic)] == [thread]
    closing = [m for m in d.h.sent() if m.chat_id == CITIZEN][-1]
    assert "закрыл обращение" in parse_html(closing.text).text
    up = closing.reply_markup.inline_keyboard[0][0].callback_data  # type: ignore[union-attr]
    await d.h.press(up)
    case = await d.h.store.get_case(case_id)
    assert case is not None and case.state is CaseState.CLOSED and case.rating is True and case.chat_id is None
    # After the close the citizen's text goes to the engine again.
    await d.h.send("Какой пенсионный возраст?")
    assert "retirement-age" in d.to_citizen()[-1]


async def test_the_close_button_closes_too(d: Desk) -> None:
    case_id, thread = await d.open_case()
    await d.operator_presses(HandoffCb(action="close", case=case_id).pack(), thread)
    assert d.calls(CloseForumTopic)
    assert (await d.h.store.get_case(case_id)).state is CaseState.CLOSED  # type: ignore[union-attr]


async def test_cancel_from_the_citizen_ends_the_case_and_tells_the_operators(d: Desk) -> None:
    _case_id, thread = await d.open_case()
    await d.h.send("/cancel")
    assert "закрыто" in d.to_citizen()[-1]
    assert "Гражданин закрыл" in parse_html(d.to_group()[-1].text).text
    assert d.calls(CloseForumTopic)
    await d.operator_says(thread, "Ответ после отмены")
    assert not d.to_citizen()[-1].startswith("Юрист:")


@pytest.mark.parametrize(
    "refusal",
    # The Bot API's words for a deleted topic, and the MTProto ones it has been seen to pass on.
    ["Bad Request: message thread not found", "Bad Request: TOPIC_DELETED", "Bad Request: TOPIC_ID_INVALID"],
)
async def test_a_deleted_topic_is_recreated_and_the_message_is_not_lost(d: Desk, refusal: str) -> None:
    case_id, thread = await d.open_case()

    def gone(method: TelegramMethod[Any]) -> Exception | None:
        if isinstance(method, SendMessage) and method.message_thread_id == thread:
            return TelegramBadRequest(method, refusal)
        return None

    d.h.session.fail_with.append(gone)
    await d.h.send("Ещё вопрос про алименты")
    creates = d.calls(CreateForumTopic)
    assert len(creates) == 2
    case = await d.h.store.get_case(case_id)
    assert case is not None and case.thread_id not in (None, thread)
    in_new = [parse_html(m.text).text for m in d.to_group() if m.message_thread_id == case.thread_id]
    assert any("удалили" in t for t in in_new) and any("алименты" in t for t in in_new)


async def test_ban_stops_new_cases(d: Desk) -> None:
    _case_id, thread = await d.open_case()
    await d.operator_says(thread, "/ban 3")
    assert "3" in parse_html(d.to_group()[-1].text).text
    await d.h.send("/cancel")
    await d.h.send("/lawyer Снова вопрос")
    assert "119" in d.to_citizen()[-1] and "до" in d.to_citizen()[-1]


async def test_lawyer_without_a_question_asks_for_it(d: Desk) -> None:
    await d.h.send("/lawyer")
    assert "одним сообщением" in d.to_citizen()[-1]
    await d.h.send("Как разделить имущество?")
    assert d.h.buttons()[0][0].startswith("✅")


async def test_lawyer_is_unavailable_without_the_operators_group() -> None:
    h = make_harness()
    await h.send("/lawyer вопрос")
    assert "119" in h.last_text()


async def test_an_unanswered_case_expires_and_the_citizen_hears_119(d: Desk) -> None:
    case_id, _ = await d.open_case()
    d.clock.current += timedelta(hours=73)
    await d.desk.tick()
    assert "119" in d.to_citizen()[-1]
    assert (await d.h.store.get_case(case_id)).state is CaseState.EXPIRED  # type: ignore[union-attr]


async def test_queue_lists_overdue_cases(d: Desk) -> None:
    case_id, thread = await d.open_case()
    await d.operator_says(thread, "/queue")
    assert "Просроченных обращений нет" in parse_html(d.to_group()[-1].text).text
    d.clock.current += timedelta(hours=6)  # 11:00 -> 17:00 the same Wednesday: 6 working hours
    await d.operator_says(thread, "/queue")
    assert f"C-{case_id}" in parse_html(d.to_group()[-1].text).text


async def test_nothing_personal_ever_reaches_the_group(d: Desk) -> None:
    await d.h.send("Развод. ИИН 900101300123, тел 87012345678, mail a@b.kz", lang="ru")
    await d.h.press(HandoffCb(action="ask", case=0).pack())
    await d.h.press(d.h.buttons()[0][1])
    await d.h.send("Паспорт N12345678")
    group_calls = [m for m in d.h.session.requests if getattr(m, "chat_id", None) == GROUP]
    assert group_calls
    dumped = " ".join(repr(m) for m in group_calls)
    for secret in ("900101300123", "87012345678", "a@b.kz", "12345678", "Aigerim", str(CITIZEN)):
        assert secret not in dumped


async def test_operators_group_chatter_outside_topics_is_ignored(d: Desk) -> None:
    await d.open_case()
    before = len(d.h.sent())
    await d.h.feed({"message": d.h.message("кто сегодня дежурит?", user_id=OPERATOR, chat_id=GROUP, chat_type="supergroup")})
    assert len(d.h.sent()) == before
    assert d.h.dp["handoff"] is d.desk
    # A topic the operators made for themselves (no case behind it) is theirs too.
    await d.operator_says(9999, "обсудим график")
    assert len(d.h.sent()) == before


async def test_the_group_pacer_keeps_every_minute_within_twenty_and_queues_the_rest() -> None:
    now = [0.0]
    pacer = group_pacer(20, clock=lambda: now[0])
    sent: list[float] = []
    for _ in range(60):  # a burst of 60 messages, each waits what the pacer says
        now[0] += await pacer.reserve(GROUP)
        sent.append(now[0])
    assert len(sent) == 60  # nothing dropped
    for i, start in enumerate(sent):
        assert sum(1 for t in sent[i:] if t < start + 60) <= 20


async def test_two_replicas_racing_on_one_case_create_one_topic(tmp_path: Any) -> None:
    """Two desks (two replicas) on one SQL database try to create the same case's topic at once."""
    import asyncio

    from bot.core.handoff import CaseEvent
    from bot.core.ports import NewCase
    from bot.storage.sql import SqlStore

    store = await SqlStore.open(f"sqlite+aiosqlite:///{tmp_path}/bot.db", migrate=True)
    try:
        one, two = Desk(Clock()), Desk(Clock())
        desks = [HandoffDesk(d.h.bot, store, d.h.settings, pacer=group_pacer(600)) for d in (one, two)]
        case = await store.create_case(NewCase("u1", CITIZEN, Lang.RU, None, "q", "s"))
        opened = await store.transition(case.id, CaseEvent.CONFIRM)
        assert opened is not None
        await asyncio.gather(*(desk.ensure_topic(opened) for desk in desks))
        creates = one.calls(CreateForumTopic) + two.calls(CreateForumTopic)
        assert len(creates) == 1
        assert len(one.to_group() + two.to_group()) == 1  # one first message too
        stored = await store.get_case(case.id)
        assert stored is not None and stored.thread_id is not None and stored.intro_sent
    finally:
        await store.close()


async def test_forget_ends_an_open_case_and_deletes_it(d: Desk) -> None:
    from bot.channels.telegram.callbacks import ForgetCb

    case_id, thread = await d.open_case()
    await d.h.press(ForgetCb(confirm=True).pack())
    assert "Гражданин закрыл" in parse_html(d.to_group()[-1].text).text
    assert await d.h.store.get_case(case_id) is None
    await d.operator_says(thread, "Ответ после /forget")
    assert not any(t.startswith("Юрист:") for t in d.to_citizen())


def test_long_group_messages_split_under_the_limit_and_never_inside_an_entity() -> None:
    from bot.channels.telegram.handoff import plain_html
    from bot.devapi.html import utf16_len

    body = ("слово &amp; " * 700) + "\n" + ("x&lt;y " * 400)
    parts = plain_html(body)
    assert len(parts) > 1 and "".join(parts).replace("\n", "") == body.replace("\n", "")
    for part in parts:
        assert utf16_len(parse_html(part).text) <= 4096
        assert part.strip()


async def test_an_operator_answering_fast_is_never_throttled(d: Desk) -> None:
    _, thread = await d.open_case()
    for i in range(12):  # beyond the flood gate's 8 in 10 s for a citizen
        await d.operator_says(thread, f"part {i}")
    relayed = [t for t in d.to_citizen() if t.startswith("Юрист:")]
    assert len(relayed) == 12


async def test_the_citizens_own_name_in_the_text_is_masked_before_it_reaches_the_group(d: Desk) -> None:
    # The harness's citizen is "Aigerim" in Telegram: a question or a follow-up that names her
    # (in any case, inflected) shows [NAME] in the consent and in the topic.
    await d.h.send("Меня зовут AIGERIM, как подать на развод?", lang="ru")
    await d.h.press(HandoffCb(action="ask", case=0).pack())
    consent = d.to_citizen()[-1]
    assert "Aigerim".lower() not in consent.lower() and "[NAME]" in consent
    await d.h.press(d.h.buttons()[0][1])
    await d.h.send("Это снова Aigerimка, подскажите")
    dumped = " ".join(repr(m) for m in d.h.session.requests if getattr(m, "chat_id", None) == GROUP)
    assert "[NAME]" in dumped and "aigerim" not in dumped.lower()


async def test_queue_asked_in_a_reply_in_the_general_topic_is_answered_there(d: Desk) -> None:
    # A reply in General carries the replied message's id as message_thread_id but is no topic
    # message: Telegram refuses a send with that thread id ("message thread not found").
    await d.open_case()
    message = d.h.message("/queue", user_id=OPERATOR, chat_id=GROUP, chat_type="supergroup", message_thread_id=77)
    message["reply_to_message"] = {"message_id": 77, "date": int(time.time()), "chat": message["chat"], "text": "hi"}
    await d.h.feed({"message": message})
    answer = d.to_group()[-1]
    assert "Просроченных обращений нет" in parse_html(answer.text).text and answer.message_thread_id is None


async def test_a_long_follow_up_reaches_the_topic_whole_in_parts_with_its_lines(d: Desk) -> None:
    _, thread = await d.open_case()
    before = len(d.to_group())
    long = "Первая строка & <важно>\n" + "слово " * 700 + "\nКОНЕЦ ИИН 900101300123"  # ~4.2k characters
    await d.h.send(long)
    parts = [parse_html(m.text).text for m in d.to_group()[before:]]
    assert all(m.message_thread_id == thread for m in d.to_group()[before:])
    joined = "\n".join(parts)
    assert len(parts) >= 2 and all(len(p) <= 4096 for p in parts)
    assert "Первая строка & <важно>\n" in joined and "КОНЕЦ ИИН [IIN]" in joined and joined.count("слово") == 700
