"""The sandbox drives the real bot: aiogram dispatcher, middlewares, handlers, SQLite store.

One sandbox (and one content load) for the module; each test talks in a new chat.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.channels.telegram.texts import text
from bot.channels.texts import chat_text
from bot.config import load_settings
from bot.core.i18n import gettext
from bot.core.lang import Lang
from bot.reports import build_sandbox
from bot.sandbox.server import Sandbox, prepare_database

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 30.0
REPO = Path(__file__).parents[2]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Sandbox]:
    db = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    settings = load_settings(DATABASE_URL=f"sqlite+aiosqlite:///{db}", CONTENT_DIR=str(REPO / "content"))
    assert await asyncio.to_thread(prepare_database, settings) == 0
    sb = build_sandbox(settings)
    await sb.start()
    try:
        assert await sb.wait_until_polling(120), sb.bot_failed
        yield sb
    finally:
        await asyncio.wait_for(sb.stop(), 20)


@pytest.fixture
def chat(sandbox: Sandbox) -> Sandbox:
    sandbox.new_chat()
    sandbox.user.language_code = "ru"
    return sandbox


async def bot_message(sb: Sandbox, check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The first bot message in the current chat that passes ``check`` (bounded wait)."""

    def probe() -> dict[str, Any] | None:
        return next((m for m in sb.api.chat_log(sb.user.id) if m["from"] == "bot" and check(m)), None)

    found = await sb.wait_for(probe, WAIT)
    assert found is not None, [m.get("text") for m in sb.api.chat_log(sb.user.id)]
    return found


def button(message: dict[str, Any], prefix: str) -> str:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return next(b["callback_data"] for row in rows for b in row if b.get("callback_data", "").startswith(prefix))


async def test_russian_question_gets_a_cited_answer(chat: Sandbox) -> None:
    chat.send("Во сколько лет выходят на пенсию?")
    answer = await bot_message(chat, lambda m: gettext("source.label", Lang.RU) in m["text"])
    assert f"<i>{gettext('source.label', Lang.RU)}:" in answer["html"]
    assert button(answer, "f:")  # feedback buttons under an answer


async def test_kazakh_question_gets_a_kazakh_cited_answer(chat: Sandbox) -> None:
    chat.user.language_code = "kk"
    chat.send("Зейнеткерлік жас қанша?")
    answer = await bot_message(chat, lambda m: gettext("source.label", Lang.KK) in m["text"])
    assert gettext("source.label", Lang.RU) not in answer["text"]


async def test_thumbs_up_is_acknowledged_and_the_buttons_go(chat: Sandbox) -> None:
    toasts = chat.listen()
    try:
        chat.send("Во сколько лет выходят на пенсию?")
        answer = await bot_message(chat, lambda m: gettext("source.label", Lang.RU) in m["text"])
        up = next(
            b["callback_data"]
            for row in answer["reply_markup"]["inline_keyboard"]
            for b in row
            if b["callback_data"].startswith("f:") and b["callback_data"].endswith(":1")
        )
        chat.press(answer["message_id"], up)
        edited = await bot_message(chat, lambda m: m["message_id"] == answer["message_id"] and m["edited"])
        assert not any(
            b.get("callback_data", "").startswith("f:")
            for row in (edited["reply_markup"] or {}).get("inline_keyboard", [])
            for b in row
        )
        async with asyncio.timeout(WAIT):
            while True:
                item = await toasts.get()
                if item and item[0] == "toast":
                    break
        assert item[1]["text"] == chat_text("feedback_thanks", Lang.RU)
    finally:
        chat.unlisten(toasts)


async def test_topic_buttons_edit_the_menu_in_place_and_entries_come_as_new_messages(chat: Sandbox) -> None:
    chat.send("/topics")
    menu = await bot_message(chat, lambda m: chat_text("topics_header", Lang.RU) in m["text"])
    chat.press(menu["message_id"], button(menu, "t:"))
    topic = await bot_message(chat, lambda m: m["message_id"] == menu["message_id"] and m["edited"])
    assert topic["text"] != menu["text"]
    chat.press(topic["message_id"], button(topic, "e:"))
    entry = await bot_message(chat, lambda m: gettext("source.label", Lang.RU) in m["text"])
    assert entry["message_id"] != menu["message_id"] and not entry["edited"]
    assert len([m for m in chat.api.chat_log(chat.user.id) if m["from"] == "bot"]) == 2


async def test_language_switch_makes_the_bot_answer_in_english(chat: Sandbox) -> None:
    assert await chat.set_language(Lang.EN, wait_seconds=WAIT)
    await bot_message(chat, lambda m: m["text"] == text("lang_set", Lang.EN))
    chat.send("/topics")
    await bot_message(chat, lambda m: chat_text("topics_header", Lang.EN) in m["text"])


async def test_operator_reload_goes_through_the_bot(sandbox: Sandbox) -> None:
    sandbox.user.language_code = "kk"  # the operator panel speaks the page's language
    reply = await sandbox.operator_command("/reload", wait_seconds=WAIT)
    assert reply is not None
    prefix = text("op_reload_ok", Lang.KK).split(":")[0]
    assert reply["text"].startswith(prefix), reply["text"]


async def test_unanswered_question_reaches_the_operator_panel(chat: Sandbox) -> None:
    chat.send("Сколько стоит билет на самолёт до Парижа?")
    await bot_message(chat, lambda m: True)
    assert chat.store is not None
    async with asyncio.timeout(WAIT):
        while True:  # the question is logged right after the reply went out
            clusters = await chat.store.unanswered(30)
            if any("Париж" in c.label for c in clusters):
                break
            await asyncio.sleep(0.05)


async def test_stats_reports_what_was_asked_in_the_sandbox(chat: Sandbox, tmp_path: Path) -> None:
    """One obvious place for data: `stats` reads the database the sandbox wrote (DATABASE_URL)."""
    from bot.reports import run_stats

    asked = ["Сколько стоит штраф за превышение скорости?", "What is the speeding fine?"]
    for question in asked:
        chat.send(question)
        await bot_message(chat, lambda m, q=question: True)
    assert chat.store is not None
    async with asyncio.timeout(WAIT):
        while True:  # the questions are logged right after the replies went out
            if sum(n for _, _, n in await chat.store.unanswered_by_lang(30)) >= 2:
                break
            await asyncio.sleep(0.05)
    items = await chat.list_unanswered(chat.store, 30, 10)
    speeding = next(i for i in items if i["key"] == "~traffic-fines")
    assert speeding["by_lang"].get("ru", 0) >= 1 and speeding["by_lang"].get("en", 0) >= 1

    html = tmp_path / "report.html"
    assert await asyncio.to_thread(run_stats, chat.base_settings, 30, html, None, "ru") == 0
    page = html.read_text(encoding="utf-8")
    assert "Какого содержания не хватает" in page
    assert "не охвачено: traffic-fines" in page
    assert any(q in page for q in asked)
