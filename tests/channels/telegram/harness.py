"""Handler tests in aiogram's mocked-session style (cf. aiogram's tests/mocked_bot.py).

``MockedSession`` records every Bot API method the handlers call and answers with plausible
results (a sent Message, True ...) instead of doing HTTP; every text sent in HTML is checked
with the same Telegram HTML validator the fake Bot API uses. ``FakeService`` is a tiny,
deterministic stand-in for the engine (bot/core/service.AnswerService) with the same methods.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.methods import (
    AnswerCallbackQuery,
    CreateForumTopic,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, ForumTopic, Message, Update, User

from bot.channels.telegram.app import build_dispatcher
from bot.config import Settings, load_settings
from bot.content.holder import ServiceHolder
from bot.core.lang import Lang
from bot.core.reply import Reply, ReplyKind, Suggestion
from bot.devapi.html import parse_html, utf16_len
from bot.storage.memory import InMemoryStore

BOT_ID = 42
BOT_USERNAME = "kz_rights_test_bot"
OPERATOR_ID = 777

KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def detect(text: str, user_lang: Lang | None) -> Lang:
    if any(ch in KK_LETTERS for ch in text):
        return Lang.KK
    cyr = sum(1 for ch in text if "а" <= ch.lower() <= "я")
    lat = sum(1 for ch in text if "a" <= ch.lower() <= "z")
    if cyr > lat:
        return Lang.RU
    if lat > cyr:
        return Lang.EN
    return user_lang or Lang.RU


TITLES = {
    "retirement-age": {Lang.KK: "Зейнет жасы", Lang.RU: "Пенсионный возраст", Lang.EN: "Retirement age"},
    "pension-tiers": {Lang.KK: "Зейнетақы деңгейлері", Lang.RU: "Уровни пенсии", Lang.EN: "Pension tiers & <levels>"},
    "tsa-eligibility": {Lang.KK: "АӘК кімге", Lang.RU: "Кому положена АСП", Lang.EN: "Who gets TSA"},
}
TOPICS = {
    "pensions": ({Lang.KK: "Зейнетақы", Lang.RU: "Пенсии", Lang.EN: "Pensions"}, ["retirement-age", "pension-tiers"]),
    "tsa": ({Lang.KK: "АӘК", Lang.RU: "АСП", Lang.EN: "TSA"}, ["tsa-eligibility"]),
}


@dataclass
class _Catalog:
    topics: list[str]
    entries: list[str]


class FakeService:
    """Answers pensions questions, crisis on "насилие"/"violence", clarify on "пособие"/"benefit"."""

    def __init__(self) -> None:
        self.catalog = _Catalog(list(TOPICS), list(TITLES))
        self.questions: list[tuple[str, Lang | None]] = []

    def detect_lang(self, text: str, user_lang: Lang | None = None) -> Lang:
        return detect(text, user_lang)

    def entry_reply(self, entry_id: str, lang: Lang) -> Reply | None:
        if entry_id not in TITLES:
            return None
        related = tuple(Suggestion(e, TITLES[e][lang]) for e in TITLES if e != entry_id)[:1]
        return Reply(
            ReplyKind.ANSWER,
            lang,
            body=f"Answer for {entry_id} in {lang.value}. Пункт & <условия>.",
            title=TITLES[entry_id][lang],
            entry_id=entry_id,
            confidence=0.9,
            source_line=f"Source: ICESCR report of Kazakhstan, para. 401 ({lang.value})",
            valid_as_of=date(2024, 1, 1),
            valid_line=f"Valid as of 2024-01-01 ({lang.value})",
            helplines_line="1414, 119",
            related=related,
        )

    def answer(self, text: str, user_lang: Lang | None = None) -> Reply:
        self.questions.append((text, user_lang))
        lang = detect(text, user_lang)
        low = text.lower()
        if "насили" in low or "violence" in low or "зорлық" in low:
            return Reply(
                ReplyKind.CRISIS,
                lang,
                body="If you are in danger call 112 now. 150 for children.",
                helplines_line="112, 150",
                confidence=1.0,
            )
        if "пособи" in low or "benefit" in low or "жәрдемақы" in low:
            return Reply(
                ReplyKind.CLARIFY,
                lang,
                body="Did you mean:",
                suggestions=(
                    Suggestion("retirement-age", TITLES["retirement-age"][lang]),
                    Suggestion("tsa-eligibility", TITLES["tsa-eligibility"][lang]),
                ),
                confidence=0.4,
            )
        if "longread" in low:
            body = "\n\n".join(f"Paragraph {i}: " + "word " * 120 for i in range(30))
            return Reply(ReplyKind.ANSWER, lang, body=body, title="Long", entry_id="pension-tiers", confidence=0.8)
        if "asp" in low or "асп" in low or "tsa" in low:
            return self.entry_reply("tsa-eligibility", lang)  # type: ignore[return-value]
        if "пенси" in low or "pension" in low or "зейнет" in low:
            return self.entry_reply("retirement-age", lang)  # type: ignore[return-value]
        return Reply(
            ReplyKind.FALLBACK,
            lang,
            body=f"Sorry, I can't answer «{text[:200]}». Call 1414 or 119.",
            helplines_line="1414, 119",
        )

    def topics(self, lang: Lang) -> list[tuple[str, str]]:
        return [(tid, titles[lang]) for tid, (titles, _) in TOPICS.items()]

    def topic_entries(self, topic_id: str, lang: Lang) -> list[Suggestion]:
        if topic_id not in TOPICS:
            return []
        return [Suggestion(e, TITLES[e][lang]) for e in TOPICS[topic_id][1]]

    def helplines_reply(self, lang: Lang) -> Reply:
        return Reply(ReplyKind.ANSWER, lang, body="1414 — e-gov; 119 — social; 112 — emergency", title="Helplines")

    def tsa_check(self, household_size: int, monthly_income: int, lang: Lang) -> Reply:
        per_head = monthly_income / household_size
        verdict = "likely eligible" if per_head < 30000 else "likely not eligible"
        return Reply(
            ReplyKind.ANSWER,
            lang,
            body=f"TSA pre-check: {household_size} people, {monthly_income} tenge: {verdict}.",
            title="TSA",
            entry_id="tsa-eligibility",
        )


class MockedSession(BaseSession):
    """Records methods; answers like Telegram would, validating HTML and the 4096 limit."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self._message_ids = itertools.count(1000)
        self.fail_with: list[Callable[[TelegramMethod[Any]], Exception | None]] = []

    async def close(self) -> None:
        pass

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None  # noqa: ASYNC109
    ) -> TelegramType:
        self.requests.append(method)
        for rule in list(self.fail_with):
            exc = rule(method)
            if exc is not None:
                self.fail_with.remove(rule)
                raise exc
        if isinstance(method, SendMessage | EditMessageText):
            # parse_mode is the bot default (HTML) unless a handler passed None explicitly.
            parsed = parse_html(method.text) if method.parse_mode is not None else None
            plain = parsed.text if parsed else method.text
            assert 1 <= utf16_len(plain) <= 4096, f"text length {utf16_len(plain)}"
            if method.reply_markup is not None:
                for row in method.reply_markup.inline_keyboard:  # type: ignore[union-attr]
                    for button in row:
                        assert button.callback_data is None or len(button.callback_data.encode()) <= 64
            chat_id = int(method.chat_id or 0)
            message_id = next(self._message_ids) if isinstance(method, SendMessage) else int(method.message_id or 0)
            return Message(  # type: ignore[return-value]
                message_id=message_id,
                date=int(time.time()),
                chat=Chat(id=chat_id, type="private"),
                from_user=User(id=BOT_ID, is_bot=True, first_name="Bot", username=BOT_USERNAME),
                text=plain,
                reply_markup=method.reply_markup,
            )
        if isinstance(method, CreateForumTopic):
            thread = next(self._message_ids)
            return ForumTopic(message_thread_id=thread, name=method.name, icon_color=7322096)  # type: ignore[return-value]
        if isinstance(method, GetMe):
            return User(id=BOT_ID, is_bot=True, first_name="Bot", username=BOT_USERNAME)  # type: ignore[return-value]
        if isinstance(method, EditMessageReplyMarkup | AnswerCallbackQuery):
            return True  # type: ignore[return-value]
        return True  # type: ignore[return-value]

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError


@dataclass
class Harness:
    bot: Bot
    dp: Dispatcher
    session: MockedSession
    store: InMemoryStore
    service: FakeService
    holder: ServiceHolder
    settings: Settings
    update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # ---- what the bot did
    def sent(self) -> list[SendMessage]:
        return [m for m in self.session.requests if isinstance(m, SendMessage)]

    def edits(self) -> list[EditMessageText]:
        return [m for m in self.session.requests if isinstance(m, EditMessageText)]

    def callback_answers(self) -> list[AnswerCallbackQuery]:
        return [m for m in self.session.requests if isinstance(m, AnswerCallbackQuery)]

    def last_text(self) -> str:
        return parse_html(self.sent()[-1].text).text

    def buttons(self, method: SendMessage | EditMessageText | None = None) -> list[tuple[str, str]]:
        method = method or self.sent()[-1]
        markup = method.reply_markup
        if markup is None:
            return []
        return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]  # type: ignore[union-attr]

    def reset(self) -> None:
        self.session.requests.clear()

    # ---- what the user does
    async def feed(self, update: dict[str, Any], **kwargs: Any) -> Any:
        update = {"update_id": next(self.update_ids), **update}
        return await self.dp.feed_update(self.bot, Update.model_validate(update, context={"bot": self.bot}), **kwargs)

    def message(
        self,
        text: str | None,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        lang: str | None = "ru",
        chat_type: str = "private",
        **extra: Any,
    ) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id or user_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Group"
        message: dict[str, Any] = {
            "message_id": next(self.update_ids) + 500,
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "Aigerim", **({"language_code": lang} if lang else {})},
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        message.update(extra)
        return message

    async def send(self, text: str | None, **kwargs: Any) -> Any:
        return await self.feed({"message": self.message(text, **kwargs)})

    async def press(self, data: str, *, user_id: int = 1001, message_id: int = 1000, lang: str = "ru") -> Any:
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot"},
            "text": "menu",
        }
        return await self.feed(
            {
                "callback_query": {
                    "id": f"q{next(self.update_ids)}",
                    "from": {"id": user_id, "is_bot": False, "first_name": "Aigerim", "language_code": lang},
                    "chat_instance": "ci",
                    "message": message,
                    "data": data,
                }
            }
        )


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "BOT_TOKEN": f"{BOT_ID}:TEST",
        "OPERATOR_IDS": str(OPERATOR_ID),
        "TELEGRAM_API_URL": "http://127.0.0.1:9",
        "USER_HASH_SECRET": "test-secret",
    }
    values.update(overrides)
    return load_settings(**values)


def make_harness(settings: Settings | None = None, service: Any | None = None) -> Harness:
    settings = settings or make_settings()
    session = MockedSession()
    bot = Bot(f"{BOT_ID}:TEST", session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    store = InMemoryStore()
    service = service or FakeService()
    holder = ServiceHolder(service)  # type: ignore[arg-type]
    dp = build_dispatcher(settings=settings, holder=holder, store=store)
    return Harness(bot, dp, session, store, service, holder, settings)
