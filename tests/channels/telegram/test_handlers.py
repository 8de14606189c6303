"""The citizen conversation, fed through the real Dispatcher with a mocked Bot API session."""

from __future__ import annotations

import pytest

from bot.channels.telegram.callbacks import EntryCb, FeedbackCb, ForgetCb, LangCb, MenuCb, TopicCb, TsaCb
from bot.core.lang import Lang
from bot.core.ports import QuestionRecord
from bot.core.reply import ReplyKind
from bot.devapi.html import parse_html
from tests.channels.telegram.harness import BOT_USERNAME, OPERATOR_ID, Harness, make_harness


@pytest.fixture
def h() -> Harness:
    return make_harness()


def plain(html: str) -> str:
    return parse_html(html).text


@pytest.mark.parametrize(
    ("code", "greeting", "topic"),
    [("kk", "Сәлеметсіз бе", "Зейнетақы"), ("ru", "Здравствуйте", "Пенсии"), ("en", "Hello", "Pensions"), (None, "Здравствуйте", "Пенсии"), ("de", "Здравствуйте", "Пенсии")],
)
async def test_start_greets_in_the_users_telegram_language_with_topics_and_helplines(
    h: Harness, code: str | None, greeting: str, topic: str
) -> None:
    await h.send("/start", lang=code)
    text = h.last_text()
    assert text.startswith(greeting)
    assert "1414" in text and "119" in text
    labels = [label for label, _ in h.buttons()]
    assert topic in labels
    assert any("Қазақша" in label for label in labels) and any("English" in label for label in labels)


async def test_question_is_answered_with_title_source_date_and_buttons(h: Harness) -> None:
    await h.send("Какой пенсионный возраст?")
    sent = h.sent()[-1]
    assert "<b>Пенсионный возраст</b>" in sent.text
    text = plain(sent.text)
    assert "ICESCR report of Kazakhstan, para. 401" in text
    assert "Valid as of 2024-01-01" in text
    assert "1414" in text
    data = [d for _, d in h.buttons()]
    assert FeedbackCb(entry_id="retirement-age", up=True).pack() in data
    assert FeedbackCb(entry_id="retirement-age", up=False).pack() in data
    assert EntryCb(entry_id="pension-tiers", lang="ru").pack() in data
    assert MenuCb(action="topics", lang="ru").pack() in data


async def test_each_question_is_logged_redacted_after_the_reply(h: Harness) -> None:
    await h.send("Пенсия, мой телефон +7 701 123 45 67")
    assert len(h.store.questions) == 1
    record: QuestionRecord = h.store.questions[0].record
    assert record.kind is ReplyKind.ANSWER and record.entry_id == "retirement-age"
    assert "701" not in record.text and "[PHONE]" in record.text
    assert record.user_hash and "1001" not in record.user_hash
    assert record.latency_ms >= 0 and record.channel == "telegram"


async def test_reply_language_follows_the_question_not_the_ui(h: Harness) -> None:
    await h.send("What is the retirement age? pension", lang="ru")
    assert "<b>Retirement age</b>" in h.sent()[-1].text


async def test_chosen_language_is_stored_and_passed_to_the_engine(h: Harness) -> None:
    await h.press(LangCb(lang="kk").pack())
    assert await h.store.user_lang(next(iter(h.store.users))) is Lang.KK
    assert h.callback_answers()[-1].text
    assert "Сәлеметсіз бе" in plain(h.edits()[-1].text)
    await h.send("12345", lang="ru")
    assert h.service.questions[-1] == ("12345", Lang.KK)


async def test_lang_with_a_language_switches_at_once(h: Harness) -> None:
    await h.send("/lang kk", lang="ru")
    assert await h.store.user_lang(next(iter(h.store.users))) is Lang.KK
    assert h.last_text().startswith("Тіл: қазақша")
    data = [d for _, d in h.buttons()]
    assert TopicCb(topic_id="pensions", lang="kk").pack() in data and LangCb(lang="en").pack() in data
    await h.send("12345", lang="ru")
    assert h.service.questions[-1] == ("12345", Lang.KK)


@pytest.mark.parametrize("command", ["/lang", "/lang de"])
async def test_lang_without_a_known_language_offers_the_buttons(h: Harness, command: str) -> None:
    await h.send(command, lang="en")
    assert h.last_text() == "Choose a language:"
    assert [d for _, d in h.buttons()] == [LangCb(lang=code).pack() for code in ("kk", "ru", "en")]
    assert await h.store.user_lang(next(iter(h.store.users))) is None


async def test_fallback_is_polite_with_helplines_and_topic_menu(h: Harness) -> None:
    await h.send("Как испечь торт?")
    text = h.last_text()
    assert "1414" in text and "119" in text
    assert MenuCb(action="topics", lang="ru").pack() in [d for _, d in h.buttons()]
    assert h.store.questions[-1].record.kind is ReplyKind.FALLBACK


async def test_crisis_puts_emergency_numbers_first_without_feedback_buttons(h: Harness) -> None:
    await h.send("Муж применяет насилие")
    text = h.last_text()
    assert text.startswith("If you are in danger call 112")
    data = [d for _, d in h.buttons()]
    assert not any(d.startswith("f:") for d in data)
    assert MenuCb(action="help", lang="ru").pack() in data


async def test_clarify_offers_did_you_mean_buttons_that_open_the_entry(h: Harness) -> None:
    await h.send("Какое пособие мне положено?")
    data = [d for _, d in h.buttons()]
    assert EntryCb(entry_id="retirement-age", lang="ru").pack() in data
    await h.press(EntryCb(entry_id="retirement-age", lang="ru").pack())
    assert h.callback_answers()[-1].callback_query_id
    # The entry arrives as a new message: the question being read is not replaced.
    assert "<b>Пенсионный возраст</b>" in h.sent()[-1].text
    assert not h.edits()


async def test_topic_menus_edit_each_other_but_an_entry_is_a_new_message(h: Harness) -> None:
    await h.press(MenuCb(action="topics", lang="en").pack())
    assert [label for label, _ in h.buttons()][:2] == ["Pensions", "TSA"]  # a new message
    assert not h.edits()
    await h.press(TopicCb(topic_id="pensions", lang="en").pack())
    labels = [label for label, _ in h.buttons(h.edits()[-1])]
    assert labels[:2] == ["Retirement age", "Pension tiers & <levels>"]
    assert "&lt;levels&gt;" not in labels[1]  # button labels are plain text, not HTML
    assert MenuCb(action="menu", lang="en").pack() in [d for _, d in h.buttons(h.edits()[-1])]
    await h.press(MenuCb(action="menu", lang="en").pack())
    assert [label for label, _ in h.buttons(h.edits()[-1])][:2] == ["Pensions", "TSA"]
    sent = len(h.sent())
    await h.press(EntryCb(entry_id="pension-tiers", lang="en").pack())
    assert "<b>Pension tiers &amp; &lt;levels&gt;</b>" in h.sent()[-1].text
    assert len(h.sent()) == sent + 1
    assert len(h.edits()) == 2
    assert len(h.callback_answers()) == 4


async def test_a_crisis_reply_is_never_edited_by_its_buttons(h: Harness) -> None:
    await h.send("Муж применяет насилие")
    crisis = h.sent()[-1].text
    await h.press(MenuCb(action="help", lang="ru").pack())
    await h.press(MenuCb(action="topics", lang="ru").pack())
    assert not h.edits()
    assert h.sent()[-3].text == crisis  # still there, followed by the helplines and the menu


@pytest.mark.parametrize(
    "data",
    ["garbage", "e:no-such-entry:ru", "t:no-such-topic:ru", "zz:1", "", "f:x"],
)
async def test_stale_or_unknown_callbacks_are_answered(h: Harness, data: str) -> None:
    await h.press(data)
    assert len(h.callback_answers()) == 1


async def test_feedback_is_logged_and_removes_the_vote_buttons(h: Harness) -> None:
    await h.send("пенсия")
    markup = h.sent()[-1].reply_markup
    from aiogram.types import CallbackQuery, Message, Update

    message = Message.model_validate(
        {
            "message_id": 1000,
            "date": 0,
            "chat": {"id": 1001, "type": "private"},
            "text": "x",
            "reply_markup": markup.model_dump(exclude_none=True) if markup else None,  # type: ignore[union-attr]
        }
    )
    query = CallbackQuery(
        id="q1",
        from_user={"id": 1001, "is_bot": False, "first_name": "A", "language_code": "ru"},  # type: ignore[arg-type]
        chat_instance="c",
        message=message,
        data=FeedbackCb(entry_id="retirement-age", up=False).pack(),
    )
    await h.dp.feed_update(h.bot, Update(update_id=999, callback_query=query))
    assert h.store.feedback[-1].entry_id == "retirement-age" and h.store.feedback[-1].positive is False
    from aiogram.methods import EditMessageReplyMarkup

    edit = [m for m in h.session.requests if isinstance(m, EditMessageReplyMarkup)][-1]
    remaining = [b.callback_data for row in edit.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert remaining and not any(d and d.startswith("f:") for d in remaining)


async def test_html_in_a_question_is_escaped(h: Harness) -> None:
    await h.send("<script>alert(1)</script> & <b>торт</b>")
    sent = h.sent()[-1].text
    assert "<script>" not in sent
    assert "&lt;script&gt;" in sent and "&amp;" in sent
    assert "<script>alert(1)</script> & <b>торт</b>" in plain(sent)


async def test_replies_over_4096_characters_are_split_with_the_keyboard_on_the_last(h: Harness) -> None:
    await h.send("longread pension")
    sent = h.sent()
    assert len(sent) >= 2
    assert all(len(plain(m.text)) <= 4096 for m in sent)
    assert all(m.reply_markup is None for m in sent[:-1]) and sent[-1].reply_markup is not None
    joined = "".join(plain(m.text) for m in sent)
    assert "Paragraph 0:" in joined and "Paragraph 29:" in joined


async def test_a_message_of_telegrams_maximum_length_is_answered(h: Harness) -> None:
    await h.send("пенсия " + "а" * 4089)
    assert h.sent() and h.store.questions[-1].record.kind is ReplyKind.ANSWER


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}}, "стикер"),
        ({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}}, "Голосовые"),
        ({"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]}, "фотографии"),
        ({"document": {"file_id": "d", "file_unique_id": "d"}}, "файлы"),
        ({"location": {"latitude": 51.1, "longitude": 71.4}}, "Геолокация"),
        ({"contact": {"phone_number": "+77011234567", "first_name": "A"}}, "текстовые вопросы"),
    ],
)
async def test_non_text_messages_get_a_polite_reply(h: Harness, extra: dict[str, object], expected: str) -> None:
    await h.send(None, **extra)
    assert expected in h.last_text()
    assert not h.store.questions  # nothing logged as a question


async def test_forwarded_question_is_answered(h: Harness) -> None:
    await h.send("пенсия когда?", forward_origin={"type": "hidden_user", "date": 0, "sender_user_name": "X"})
    assert "<b>Пенсионный возраст</b>" in h.sent()[-1].text


async def test_edited_question_is_answered_again(h: Harness) -> None:
    message = h.message("пенсия?")
    message["edit_date"] = message["date"] + 5
    await h.feed({"edited_message": message})
    assert "<b>Пенсионный возраст</b>" in h.sent()[-1].text


async def test_unknown_command_gets_help(h: Harness) -> None:
    await h.send("/whatever")
    assert "/help" in h.last_text()


async def test_group_messages_are_answered_only_when_addressed(h: Harness) -> None:
    await h.send("пенсия?", chat_id=-100, chat_type="supergroup")
    await h.send(None, chat_id=-100, chat_type="supergroup", sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False})
    assert not h.sent()
    await h.send(f"@{BOT_USERNAME} пенсия?", chat_id=-100, chat_type="supergroup")
    assert "<b>Пенсионный возраст</b>" in h.sent()[-1].text
    assert h.service.questions[-1][0] == "пенсия?"
    reply_to = {"message_id": 5, "date": 0, "chat": {"id": -100, "type": "supergroup", "title": "G"}, "from": {"id": 42, "is_bot": True, "first_name": "Bot"}, "text": "x"}
    await h.send("а зейнетақы?", chat_id=-100, chat_type="supergroup", reply_to_message=reply_to)
    assert len(h.sent()) == 2


async def test_operator_commands_are_for_operators_only(h: Harness) -> None:
    await h.send("пенсия")
    await h.send("торт")
    h.reset()
    await h.send("/stats", user_id=1001)
    text = h.last_text()
    assert "Статистика" not in text and "/help" in text
    await h.send("/stats", user_id=OPERATOR_ID)
    text = h.last_text()
    assert "Статистика" in text and "За 7 дней: 2 вопроса, отвечено — 50%" in text and "retirement-age" in text
    assert "7 дней, telegram" not in text  # one channel: no split
    await h.send("/unanswered", user_id=OPERATOR_ID)
    assert "без ответа" in h.last_text()
    await h.send("/unanswered", user_id=1001)
    assert "без ответа" not in h.last_text()


async def test_operator_stats_count_in_the_singular_and_split_by_channel(h: Harness) -> None:
    await h.send("pension age?", lang="en")
    await h.send("/stats", user_id=OPERATOR_ID, lang="en")
    text = h.last_text()
    assert "Last 24 h: 1 question, 100% answered" in text and "Last 7 days: 1 question," in text
    assert "7 days, telegram" not in text
    await h.store.log_question(
        QuestionRecord(user_hash="w", text="x", lang=Lang.RU, entry_id=None, kind=ReplyKind.FALLBACK,
                       confidence=0.1, latency_ms=1.0, channel="whatsapp")
    )
    await h.send("/stats", user_id=OPERATOR_ID, lang="en")
    text = h.last_text()
    assert "Last 7 days: 2 questions, 50% answered" in text
    assert "7 days, telegram: 1 question, 100% answered\n7 days, whatsapp: 1 question, 0% answered" in text


async def test_reload_error_keeps_old_content_and_reports_file_and_line(h: Harness, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "content"
    bad.mkdir()
    (bad / "pensions.yaml").write_text("topic:\n  id: pensions\n  title: {kk: a, ru: b, en: c}\nentries:\n  - id: BAD ID\n", encoding="utf-8")
    from tests.channels.telegram.harness import make_settings

    h.settings = make_settings(CONTENT_DIR=str(bad))
    h.dp["settings"] = h.settings
    old = h.holder.service
    await h.send("/reload", user_id=OPERATOR_ID)
    text = h.last_text()
    assert "pensions.yaml:5" in text
    assert h.holder.service is old
    assert not h.store.content_versions


@pytest.mark.parametrize(
    ("entries", "topics", "lang", "counted"),
    [
        (21, 1, "ru", "21 запись, 1 тема"),
        (2, 4, "ru", "2 записи, 4 темы"),
        (115, 11, "ru", "115 записей, 11 тем"),
        (1, 1, "en", "1 entry, 1 topic"),
        (3, 2, "en", "3 entries, 2 topics"),
        (5, 1, "kk", "5 жазба, 1 тақырып"),
    ],
)
async def test_reload_counts_entries_and_topics_in_the_right_plural_form(
    h: Harness, monkeypatch: pytest.MonkeyPatch, entries: int, topics: int, lang: str, counted: str
) -> None:
    from bot.content.holder import ReloadResult

    async def reload(settings: object) -> ReloadResult:
        return ReloadResult(True, entries, topics, "v1")

    monkeypatch.setattr(h.holder, "reload", reload)
    await h.send("/reload", user_id=OPERATOR_ID, lang=lang)
    assert counted in h.last_text() and "v1" in h.last_text()


async def test_reload_is_not_available_to_citizens(h: Harness) -> None:
    old = h.holder.service
    await h.send("/reload", user_id=1001)
    assert h.holder.service is old and "/help" in h.last_text()


async def test_forget_asks_then_deletes_the_users_data(h: Harness) -> None:
    await h.press(LangCb(lang="en").pack())
    await h.send("pension")
    assert h.store.questions and h.store.users
    await h.send("/forget", lang="en")
    assert [d for _, d in h.buttons()] == [ForgetCb(confirm=True).pack(), ForgetCb(confirm=False).pack()]
    await h.press(ForgetCb(confirm=True).pack())
    assert not h.store.questions
    assert await h.store.user_lang(next(iter(h.store.users), "x")) is None
    assert "deleted" in plain(h.edits()[-1].text)


async def test_privacy_says_what_is_stored_and_for_how_long(h: Harness) -> None:
    await h.send("/privacy", lang="en")
    assert "180 days" in h.last_text()


async def test_tsa_check_dialogue(h: Harness) -> None:
    await h.send("кому положена АСП")
    assert TsaCb(action="go").pack() in [d for _, d in h.buttons()]
    await h.press(TsaCb(action="go").pack())
    assert "Сколько человек" in h.last_text()
    await h.send("много")
    assert "от 1 до 30" in h.last_text()
    await h.send("4")
    assert "доход" in h.last_text()
    await h.send("80 000 тг")
    assert "4 people, 80000 tenge: likely eligible" in h.last_text()
    await h.send("пенсия")  # the dialogue is over: questions are questions again
    assert "<b>Пенсионный возраст</b>" in h.sent()[-1].text


async def test_check_command_can_be_cancelled(h: Harness) -> None:
    await h.send("/check", lang="en")
    assert "How many people" in h.last_text()
    await h.press(TsaCb(action="no").pack(), lang="en")
    await h.send("pension")
    assert "<b>Retirement age</b>" in h.sent()[-1].text


async def test_duplicate_update_is_answered_once(h: Harness) -> None:
    from aiogram.types import Update

    update = Update.model_validate({"update_id": 5000, "message": h.message("пенсия")}, context={"bot": h.bot})
    await h.dp.feed_update(h.bot, update)
    await h.dp.feed_update(h.bot, update)
    assert len(h.sent()) == 1
    assert not await h.store.pending_updates()


async def test_flood_is_throttled_with_one_note(h: Harness) -> None:
    for i in range(14):
        await h.send(f"торт {i}")
    texts = [plain(m.text) for m in h.sent()]
    notes = [t for t in texts if "Слишком много сообщений" in t]
    assert len(notes) == 1
    assert len(texts) == 9  # 8 answers + 1 note


@pytest.mark.parametrize("steps", [["/check"], ["/check", "4"]], ids=["household", "income"])
async def test_a_question_during_the_tsa_dialogue_ends_it_and_is_answered(h: Harness, steps: list[str]) -> None:
    for step in steps:
        await h.send(step)
    await h.send("а какой пенсионный возраст сейчас?")
    assert "<b>Пенсионный возраст</b>" in h.sent()[-1].text
    await h.send("пенсия")
    assert "<b>Пенсионный возраст</b>" in h.sent()[-1].text


async def test_in_a_group_the_answer_replies_to_the_question(h: Harness) -> None:
    await h.send(f"@{BOT_USERNAME} пенсия?", chat_id=-100, chat_type="supergroup")
    params = h.sent()[-1].reply_parameters
    assert params is not None and params.message_id
    await h.send("пенсия?")
    assert h.sent()[-1].reply_parameters is None


def test_a_stored_update_payload_reads_back_as_the_same_update() -> None:
    from aiogram.types import Update

    from bot.channels.telegram.middlewares.updates import update_payload

    h = make_harness()
    raw = {"update_id": 77, "message": h.message("пенсия", forward_origin={"type": "hidden_user", "date": 1, "sender_user_name": "X"})}
    update = Update.model_validate(raw)
    again = Update.model_validate_json(update_payload(update))
    assert again == update
    assert again.message is not None and again.message.from_user is not None


async def test_an_engine_failure_gets_an_apology_and_is_not_replayed(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, user_lang: Lang | None = None) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(h.service, "answer", broken)
    await h.send("пенсия")
    assert "что-то пошло не так" in h.last_text()
    assert not await h.store.pending_updates()


async def test_a_photo_with_a_question_as_caption_is_answered(h: Harness) -> None:
    await h.send(None, photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}], caption="пенсия когда?")
    assert "<b>Пенсионный возраст</b>" in h.sent()[-1].text
