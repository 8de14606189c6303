"""Unanswered questions cluster by what they are about, across kk, ru and en."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analytics import build_report, render_text
from bot.analytics.unanswered import cluster_unanswered, engine_topic_of
from bot.config import Settings
from bot.content.engine import build_service
from bot.core.lang import Lang
from bot.core.ports import QuestionRecord
from bot.core.reply import ReplyKind
from bot.core.service import AnswerService
from bot.storage.memory import InMemoryStore

CONTENT = Path(__file__).resolve().parents[2] / "content"
SPEEDING = [
    ("Сколько стоит штраф за превышение скорости?", "ru", 3),
    ("Жылдамдықты асырғаны үшін айыппұл қанша?", "kk", 2),
    ("What is the speeding fine?", "en", 1),
]
DIVORCE = [("How do I file for divorce?", "en", 2), ("Ажырасу үшін қайда өтініш беру керек?", "kk", 1)]


@pytest.fixture(scope="module")
def service() -> AnswerService:
    return build_service(Settings(CONTENT_DIR=CONTENT))


def test_one_question_in_three_languages_is_one_cluster(service: AnswerService) -> None:
    clusters = cluster_unanswered([*SPEEDING, *DIVORCE, ("asdf qwer", "en", 1)], engine_topic_of(service), lang="ru")
    speeding = clusters[0]
    assert speeding.count == 6 and speeding.key == "~traffic-fines"
    assert speeding.by_lang == {"kk": 2, "ru": 3, "en": 1}
    assert speeding.label == SPEEDING[0][0]  # the report's language first
    assert {w for w, _, _ in speeding.questions} == {w for w, _, _ in SPEEDING}
    assert speeding.examples_by_lang["kk"] == (SPEEDING[1][0],)
    assert clusters[1].key == "~divorce-procedure" and clusters[1].by_lang == {"kk": 1, "en": 2}
    assert clusters[2].key == "" and clusters[2].label == "asdf qwer"  # unplaced: by spelling


def test_without_the_engine_the_languages_stay_apart() -> None:
    assert len(cluster_unanswered(SPEEDING)) == 3


async def test_the_report_shows_a_cluster_with_its_languages(service: AnswerService) -> None:
    store = InMemoryStore()
    for text, lang, n in SPEEDING:
        for _ in range(n):
            await store.log_question(
                QuestionRecord(None, text, Lang(lang), None, ReplyKind.FALLBACK, confidence=0.1, latency_ms=5)
            )
    data = await build_report(store, 7, topic_of=engine_topic_of(service), lang="en")
    assert len(data.clusters) == 1 and data.clusters[0].count == 6
    out = render_text(data)
    assert "What is the speeding fine?" in out and "kk 2" in out


@pytest.mark.parametrize(
    ("lang", "words"),
    [("kk", "Соңғы 7 күндегі сұрақтар"), ("ru", "Вопросов за последние 7 дн."), ("en", "Questions in the last 7 days")],
)
async def test_the_report_speaks_the_operators_language(service: AnswerService, lang: str, words: str) -> None:
    from bot.analytics import render_html
    from bot.core.i18n import default_catalogs

    cats = default_catalogs()
    keys = [k for k in cats.keys(Lang.EN) if k.startswith("report.")]
    assert keys
    for k in keys:  # not English thrice
        v = [cats.forms(k, lg)[0] for lg in (Lang.KK, Lang.RU, Lang.EN)]
        assert len(set(v)) > 1 or k == "report.ms" or v[0] == v[1], k
    store = InMemoryStore()
    await store.log_question(QuestionRecord(None, SPEEDING[0][0], Lang.RU, None, ReplyKind.FALLBACK, 0.1, 5))
    data = await build_report(store, 7, topic_of=engine_topic_of(service), lang=lang)
    assert words in render_text(data, lang)
    page = render_html(data, lang=lang)
    assert f'<html lang="{lang}">' in page
    if lang != "en":
        assert "What content is missing" not in page and "questions, last" not in page
