"""The Telegram side with the real engine and the repository's content (mocked Bot API session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_service
from bot.channels.telegram.callbacks import TsaCb
from bot.core.lang import Lang
from bot.core.reply import ReplyKind
from tests.channels.telegram.harness import OPERATOR_ID, Harness, make_harness, make_settings

CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="module")
def service():  # type: ignore[no-untyped-def]
    return build_service(make_settings(CONTENT_DIR=str(CONTENT)))


@pytest.fixture
def h(service) -> Harness:  # type: ignore[no-untyped-def]
    return make_harness(make_settings(CONTENT_DIR=str(CONTENT)), service=service)


async def test_start_in_kazakh_lists_the_real_topics(h: Harness, service) -> None:  # type: ignore[no-untyped-def]
    await h.send("/start", lang="kk")
    labels = [label for label, _ in h.buttons()]
    for _, title in service.topics(Lang.KK):
        assert title[:60] in " ".join(labels)


@pytest.mark.parametrize(
    ("question", "source"),
    [("Какой пенсионный возраст?", "Источник"), ("What is the retirement age?", "Source"), ("Зейнеткерлік жас қанша?", "Дереккөз")],
)
async def test_questions_get_the_engines_answer_with_source(h: Harness, question: str, source: str) -> None:
    await h.send(question)
    assert source in h.last_text()
    assert h.store.questions[-1].record.kind is ReplyKind.ANSWER


async def test_crisis_reply_leads_with_emergency_numbers(h: Harness) -> None:
    await h.send("Муж бьёт меня, что делать?")
    first = h.last_text().split("\n\n")[0]
    assert "112" in first and "102" in first
    assert h.store.questions[-1].record.kind is ReplyKind.CRISIS


async def test_tsa_pre_check_with_the_engine(h: Harness) -> None:
    await h.send("как получить АСП")
    assert TsaCb(action="go").pack() in [d for _, d in h.buttons()]
    await h.press(TsaCb(action="go").pack())
    await h.send("4")
    await h.send("100000")
    assert "АСП" in h.last_text() or "адресн" in h.last_text().lower()


async def test_reload_swaps_the_content_and_records_its_version(h: Harness) -> None:
    old = h.holder.service
    await h.send("/reload", user_id=OPERATOR_ID)
    assert h.holder.service is not old
    assert h.store.content_versions and h.store.content_versions[-1].content_hash == h.holder.content_hash
    assert "перезагружен" in h.last_text()


async def test_a_greeting_gets_small_talk_and_the_topics(h: Harness) -> None:
    await h.send("Сәлеметсіз бе!")
    assert "Сәлеметсіз бе" in h.last_text()
    assert h.store.questions[-1].record.kind is ReplyKind.SMALLTALK
    assert "📚 Тақырыптар" in [label for label, _ in h.buttons()]


async def test_a_divorce_question_gets_the_routing_fallback_with_sources(h: Harness) -> None:
    await h.send("как развестись с мужем, если он не согласен")
    text = h.last_text()
    assert "119" in text and "развод" in text.lower() and "Источник" in text
    record = h.store.questions[-1].record
    assert record.kind is ReplyKind.FALLBACK and record.entry_id is None
