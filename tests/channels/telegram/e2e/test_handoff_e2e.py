"""The handoff acceptance check: the real bot process against the Bot API stand-in with a
forum group. Three citizens (ru, kk, en) with near-miss questions → lawyer button → consent
(nothing in the group) → confirm → clean topics → operators answer → labelled replies →
redacted follow-ups → a deleted topic recreated → a restart mid-case → /close and the rating
question; no personal data in any request to the group, no request the stand-in refused."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.devapi import FakeBotApi
from tests.channels.telegram.e2e.stack import BotProcess, bot_env, db_upgrade, replies, wait_polling

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

GROUP = -1009988776655
OPERATOR = 4242
TIMEOUT = 20.0


@dataclass
class Citizen:
    chat: int
    lang: str
    name: str
    question: str
    label: str
    followup: str  # holds an IIN and a phone


CITIZENS = (
    Citizen(730001, "ru", "Айгерим", "Как подать на развод? Мой ИИН 900101300123", "Юрист:",
            "И ещё: мой телефон +7 701 234 56 78"),
    Citizen(730002, "kk", "Ерлан", "Ажырасуға қалай арыз беремін?", "Заңгер:",
            "ЖСН 850202400111, телефон 87019876543"),
    Citizen(730003, "en", "John", "How do I file for divorce?", "Lawyer:",
            "My passport N12345678 and phone 87015554433"),
)
SECRETS = ("900101300123", "701 234 56 78", "850202400111", "87019876543", "12345678", "87015554433",
           "Айгерим", "Ерлан", "John", "citizen_user", *(str(c.chat) for c in CITIZENS))


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[FakeBotApi, BotProcess]]:
    tmp: Path = tmp_path_factory.mktemp("e2e_handoff")
    api = FakeBotApi()
    # The stand-in's group limit and the bot's pace agree (60/min here so the test runs quickly;
    # Telegram's ~20 is the default of both).
    api.add_forum(GROUP, limit_per_minute=60)
    await api.start()
    env = bot_env(api, tmp / "bot.db", OPERATORS_CHAT_ID=str(GROUP), HANDOFF_GROUP_RATE="60", REPORT_LANG="ru")
    await asyncio.to_thread(db_upgrade, env)
    bot = BotProcess(env, tmp / "bot.log")
    await bot.start()
    try:
        await wait_polling(api)
        yield api, bot
        assert await bot.stop() == 0
    finally:
        bot.kill()
        await api.stop()


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


def group_calls(api: FakeBotApi) -> list[Any]:
    return [c for c in api.calls if str(c.params.get("chat_id")) == str(GROUP)]


async def last_bot_message(api: FakeBotApi, chat: int, count: int) -> dict[str, Any]:
    return (await replies(api, chat, count, TIMEOUT))[-1]


async def wait_for(api: FakeBotApi, predicate: Any) -> Any:
    return await api.wait_until(predicate, TIMEOUT)


def thread_of(api: FakeBotApi, code: str) -> int:
    forum = api.forum(GROUP)
    [thread] = [t.thread_id for t in forum.topics.values() if t.name.split(" · ")[0].lstrip("✅ ") == code]
    return thread


async def test_handoff_acceptance(stack: tuple[FakeBotApi, BotProcess]) -> None:
    api, bot = stack
    codes: dict[int, str] = {}

    # 1. Near misses get the fallback with the lawyer button; the button gives the consent.
    for c in CITIZENS:
        api.push_message(c.chat, c.chat, c.question, language_code=c.lang, first_name=c.name, username="citizen_user")
        reply = await last_bot_message(api, c.chat, 1)
        ask = [data for label, data in buttons(reply) if data.startswith("h:ask")]
        assert ask, f"no lawyer button for {c.lang}: {buttons(reply)}"
        api.push_callback(c.chat, c.chat, reply["message_id"], ask[0], language_code=c.lang)
        consent = await last_bot_message(api, c.chat, 2)
        assert "[IIN]" in consent["text"] or c.lang != "ru"
        assert buttons(consent)[0][1].startswith("h:yes")
    assert group_calls(api) == [], "nothing may reach the group before consent"

    # 2. Confirm: one clean topic per case, the citizen gets the code.
    for c in CITIZENS:
        consent = api.bot_messages(c.chat)[-1]
        api.push_callback(c.chat, c.chat, consent["message_id"], buttons(consent)[0][1], language_code=c.lang)
        await wait_for(api, lambda c=c: re.search(r"C-\d+", api.bot_messages(c.chat)[-1]["text"] or ""))
        codes[c.chat] = re.search(r"C-\d+", api.bot_messages(c.chat)[-1]["text"]).group(0)  # type: ignore[union-attr]
    await wait_for(api, lambda: len(api.forum(GROUP).topics) == 3)
    for c in CITIZENS:
        name = api.forum(GROUP).topics[thread_of(api, codes[c.chat])].name
        assert name == f"{codes[c.chat]} · {c.lang} · family" or re.fullmatch(rf"{codes[c.chat]} · {c.lang} · [\w-]+", name)

    # 3. Operators answer in each topic; the citizen reads it with the label, never a name.
    for c in CITIZENS:
        seen = len(api.bot_messages(c.chat))
        api.push_topic_message(GROUP, thread_of(api, codes[c.chat]), OPERATOR, f"Answer for {codes[c.chat]}",
                               first_name="Dana", username="dana_lawyer")
        reply = await last_bot_message(api, c.chat, seen + 1)
        assert reply["text"].startswith(c.label) and codes[c.chat] in reply["text"]
        assert "Dana" not in reply["text"] and "dana_lawyer" not in reply["text"]

    # 4. Follow-ups go to the topic, redacted.
    ru, kk, en = CITIZENS
    for c in CITIZENS:
        thread = thread_of(api, codes[c.chat])
        before = len(api.topic_log(GROUP, thread))
        api.push_message(c.chat, c.chat, c.followup, language_code=c.lang, first_name=c.name)
        await wait_for(api, lambda t=thread, b=before: len(api.topic_log(GROUP, t)) > b)
        assert "[PHONE]" in api.topic_log(GROUP, thread)[-1]["text"]

    # 5. Operators delete a topic: the next message recreates it, nothing lost.
    old = thread_of(api, codes[ru.chat])
    api.delete_topic(GROUP, old)
    api.push_message(ru.chat, ru.chat, "Сколько стоит госпошлина?", language_code="ru", first_name=ru.name)
    await wait_for(api, lambda: any(
        t.name.startswith(codes[ru.chat]) and t.thread_id != old for t in api.forum(GROUP).topics.values()))
    new = thread_of(api, codes[ru.chat])
    await wait_for(api, lambda: any("госпошлина" in (m["text"] or "") for m in api.topic_log(GROUP, new)))

    # 6. A restart in the middle of a case loses nothing.
    assert await bot.stop() == 0
    calls = len(api.calls)
    api.push_topic_message(GROUP, thread_of(api, codes[kk.chat]), OPERATOR, "Сотқа жүгініңіз", first_name="Dana")
    seen_kk = len(api.bot_messages(kk.chat))
    await bot.start()
    await wait_polling(api, since=calls)
    reply = await last_bot_message(api, kk.chat, seen_kk + 1)
    assert reply["text"].startswith("Заңгер:") and "Сотқа" in reply["text"]

    # 7. /close: closeForumTopic, the citizen is told and asked to rate.
    seen_en = len(api.bot_messages(en.chat))
    en_thread = thread_of(api, codes[en.chat])
    api.push_topic_message(GROUP, en_thread, OPERATOR, "/close", first_name="Dana")
    await wait_for(api, lambda: api.forum(GROUP).topics[en_thread].closed)
    closing = await last_bot_message(api, en.chat, seen_en + 1)
    assert codes[en.chat] in closing["text"] and any(label.startswith("👍") for label, _ in buttons(closing))

    # 8. Nothing personal in any request to the group; nothing refused.
    dumped = repr([c.params for c in group_calls(api)])
    for secret in SECRETS:
        assert secret not in dumped, secret
    refused = [(c.method, c.status, c.description) for c in api.calls if c.status >= 400 and c.method != "getUpdates"]
    # The one refusal is how a deleted topic shows itself (Telegram answers the same); no 429, no other 400.
    assert refused == [("sendMessage", 400, "Bad Request: message thread not found")]
