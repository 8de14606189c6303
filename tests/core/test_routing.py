"""A fallback that routes: questions naming a legal area the content does not cover get who
handles them, with the report's paragraphs; it stays a fallback (no entry)."""

from __future__ import annotations

import pytest

from bot.core.analyze import analyze
from bot.core.lang import Lang
from bot.core.out_of_scope import OutOfScopeTopic
from bot.core.reply import ReplyKind
from bot.core.routing import AREA_IDS, AREAS, HANDLER_NUMBERS, route
from bot.core.service import AnswerService
from tests.core.engine_catalog import TSA, catalog, service


def _area(text: str) -> str | None:
    svc = service()
    area = route(analyze(text, svc.index.vocab).tokens)
    return area.id if area else None


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("как развестись с мужем если есть дети", "family"),
        ("ажырасу үшін қайда бару керек", "family"),
        ("skolko platyat za sverhurochnye", "labour"),
        ("how much severance pay do I get", "labour"),
        ("налог на машину сколько", "tax"),
        ("как получить загранпаспорт", "documents"),
        ("who inherits the flat if there is no will, inheritance rules", "inheritance"),
        ("landlord wants to evict me tomorrow", "housing"),
        ("штраф за превышение скорости", "transport"),
    ],
)
def test_a_question_naming_a_legal_area_is_routed(text: str, area: str) -> None:
    assert _area(text) == area


@pytest.mark.parametrize("text", ["what is the capital of France", "2+2", "какая погода завтра"])
def test_a_question_naming_no_area_is_not_routed(text: str) -> None:
    assert _area(text) is None


def test_every_area_has_names_in_three_languages_and_terms() -> None:
    assert len(AREA_IDS) == len(AREAS)
    for area in AREAS:
        assert all(area.name(lang) for lang in Lang)
        assert area.terms


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        ("как развестись с мужем", Lang.RU, ("развод", "119", "адвокат")),
        ("ajyrasu kerek, ne isteu kerek", Lang.KK, ("ажырасу", "119")),
        ("how do I file for divorce", Lang.EN, ("divorce", "119", "lawyer")),
    ],
)
def test_the_routed_fallback_names_the_area_and_who_helps_with_sources(
    text: str, lang: Lang, words: tuple[str, ...]
) -> None:
    reply = service().answer(text, user_lang=lang)
    assert reply.kind is ReplyKind.FALLBACK
    assert reply.entry_id is None
    assert reply.lang is lang
    low = reply.text.lower()
    for w in words:
        assert w in low
    assert reply.source_line is not None and "86" in reply.source_line
    assert reply.helplines_line is not None
    assert all(n in reply.helplines_line for n in HANDLER_NUMBERS[AREAS[0].handler])


def test_an_off_domain_question_gets_the_plain_fallback() -> None:
    reply = service().answer("what is the capital of France")
    assert reply.kind is ReplyKind.FALLBACK
    assert reply.extra.get("area") is None


def test_the_nearest_prototype_routes_when_no_area_word_is_named() -> None:
    prototypes = [
        OutOfScopeTopic(
            "school-uniform",
            "education",
            {Lang.RU: ("где купить школьную форму", "школьная форма цена"), Lang.EN: ("school uniform price",)},
        )
    ]
    svc = AnswerService(catalog(), tsa=TSA, out_of_scope=prototypes)
    reply = svc.answer("школьная форма где купить дешевле")
    assert reply.kind is ReplyKind.FALLBACK
    assert reply.extra.get("area") == "education"
