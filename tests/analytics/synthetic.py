"""A deterministic, realistic-looking question log: three languages, two weeks, many entries.

Used to fill a store for the analytics tests and the report screenshot. The expected
aggregates are computed from the same events in plain Python.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from bot.core.lang import Lang
from bot.core.ports import QuestionRecord
from bot.core.reply import ReplyKind
from bot.storage.memory import InMemoryStore
from bot.storage.models import Feedback, Question
from bot.storage.sql import SqlStore

ENTRIES = {  # entry id -> relative popularity
    "pension-age": 30, "child-birth-benefit": 26, "tsa-eligibility": 22, "disability-benefit": 16,
    "housing-queue": 14, "maternity-leave": 12, "unemployment-benefit": 10, "minimum-wage": 9,
    "free-legal-aid": 7, "school-enrolment": 6, "osms-insurance": 5, "pension-tiers": 4,
}
# One entry citizens dislike (its answer is outdated): many thumbs down.
DISLIKED = "housing-queue"

# Unanswered themes: id -> wordings in the three languages (with typos and punctuation variants).
THEMES: dict[str, list[str]] = {
    "passport": [
        "Как получить загранпаспорт?", "как получить загранпаспорт", "Как оформить загранпаспорт ребенку",
        "где получить загранпаспорт", "загранпаспорт как получить срочно",
    ],
    "dollar": ["курс доллара сегодня", "Курс доллара на сегодня?", "какой курс доллара", "курс доллара к тенге"],
    "weather": ["Погода в Алматы завтра", "погода в алматы", "Алматыда ауа райы қандай?", "weather in Almaty tomorrow"],
    "visa": ["how to get a US visa", "How do I get a visa to the USA?", "US visa appointment Almaty"],
    "driving": ["как поменять водительские права", "замена водительских прав", "жүргізуші куәлігін ауыстыру"],
    "loan": ["как взять кредит без справки", "кредит без справок о доходах", "несие алу керек"],
}
THEME_WEIGHTS = {"passport": 30, "dollar": 22, "weather": 16, "visa": 12, "driving": 11, "loan": 9}
CLARIFY_WORDINGS = ["помогите", "пособие", "жәрдемақы", "help me please", "льготы", "хочу узнать про выплаты"]
CRISIS_WORDINGS = ["муж бьет меня", "меня избивают дома", "күйеуім ұрады"]


@dataclass(frozen=True)
class Event:
    at: datetime
    record: QuestionRecord
    theme: str | None = None


@dataclass(frozen=True)
class Rating:
    at: datetime
    user_hash: str
    entry_id: str
    positive: bool
    comment: str | None


@dataclass(frozen=True)
class Log:
    events: list[Event]
    ratings: list[Rating]
    end: datetime  # the "now" after the last event
    days: int


def generate(n: int = 3000, days: int = 14, seed: int = 7, end: str = "2026-06-15T18:00:00") -> Log:
    rng = random.Random(seed)
    last = datetime.fromisoformat(end).replace(tzinfo=UTC)
    first_day = (last - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0)
    # Busier on weekdays, and traffic grows a little over the period.
    day_weights = [(1.0 if (first_day + timedelta(days=i)).weekday() < 5 else 0.55) * (1 + i / days)
                   for i in range(days)]
    entry_ids, entry_w = list(ENTRIES), list(ENTRIES.values())
    themes, theme_w = list(THEME_WEIGHTS), list(THEME_WEIGHTS.values())
    events: list[Event] = []
    ratings: list[Rating] = []
    for _ in range(n):
        day = rng.choices(range(days), weights=day_weights)[0]
        at = first_day + timedelta(days=day, seconds=rng.randrange(8 * 3600, 17 * 3600 + 59 * 60))
        at = min(at, last - timedelta(minutes=1))
        lang = rng.choices([Lang.RU, Lang.KK, Lang.EN], weights=[55, 30, 15])[0]
        user = f"user{rng.randrange(600):04d}"
        kinds = [ReplyKind.ANSWER, ReplyKind.CLARIFY, ReplyKind.FALLBACK, ReplyKind.CRISIS]
        kind = rng.choices(kinds, weights=[70, 10, 18, 2])[0]
        theme = None
        entry: str | None = None
        if kind is ReplyKind.ANSWER:
            entry = rng.choices(entry_ids, weights=entry_w)[0]
            text = f"вопрос про {entry}"
        elif kind is ReplyKind.FALLBACK:
            theme = rng.choices(themes, weights=theme_w)[0]
            text = rng.choice(THEMES[theme])
        elif kind is ReplyKind.CLARIFY:
            text = rng.choice(CLARIFY_WORDINGS)
        else:
            text = rng.choice(CRISIS_WORDINGS)
        latency = rng.uniform(4, 60)
        record = QuestionRecord(user, text, lang, entry, kind, rng.uniform(0.2, 0.99), latency, "telegram")
        events.append(Event(at, record, theme))
        if entry is not None and rng.random() < 0.22:
            down_p = 0.6 if entry == DISLIKED else 0.12
            positive = rng.random() >= down_p
            comment = None if positive or rng.random() < 0.7 else "устарело"
            ratings.append(Rating(at + timedelta(seconds=30), user, entry, positive, comment))
    events.sort(key=lambda e: e.at)
    ratings.sort(key=lambda r: r.at)
    return Log(events, ratings, last, days)


async def fill_memory(store: InMemoryStore, log: Log) -> None:
    """Through the public API, moving the store's clock to each event's time."""
    original = store.now
    try:
        for e in log.events:
            store.now = lambda at=e.at: at  # type: ignore[misc]
            await store.log_question(e.record)
        for r in log.ratings:
            store.now = lambda at=r.at: at  # type: ignore[misc]
            await store.log_feedback(r.user_hash, r.entry_id, r.positive, r.comment)
    finally:
        store.now = original  # type: ignore[method-assign]


def _naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)


async def fill_sql(store: SqlStore, log: Log) -> None:
    """Bulk insert (thousands of rows in one statement each) for speed."""
    questions = [
        {"asked_at": _naive(e.at), "user_hash": e.record.user_hash, "text": e.record.text,
         "lang": str(e.record.lang), "entry_id": e.record.entry_id, "kind": str(e.record.kind),
         "confidence": e.record.confidence, "latency_ms": e.record.latency_ms, "channel": e.record.channel}
        for e in log.events
    ]
    feedback = [
        {"created_at": _naive(r.at), "user_hash": r.user_hash, "entry_id": r.entry_id,
         "positive": r.positive, "comment": r.comment}
        for r in log.ratings
    ]
    async with store.engine.begin() as conn:
        await conn.execute(insert(Question), questions)
        if feedback:
            await conn.execute(insert(Feedback), feedback)
