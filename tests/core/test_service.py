"""The answering service end to end on a small catalog: answers, fallbacks, composition, browsing."""

from __future__ import annotations

import pytest

from bot.core.lang import Lang
from bot.core.reply import ReplyKind
from bot.core.service import AnswerService
from tests.core.engine_catalog import service

KK_LETTERS = set("әғқңөұүһі")


@pytest.fixture(scope="module")
def svc() -> AnswerService:
    return service()


def test_kazakh_without_special_letters_finds_retirement_age(svc: AnswerService) -> None:
    reply = svc.answer("зейнет жасы канша")
    assert reply.kind is ReplyKind.ANSWER
    assert reply.entry_id == "pension-retirement-age"
    assert reply.lang is Lang.KK


def test_wrong_keyboard_layout_is_understood(svc: AnswerService) -> None:
    reply = svc.answer("gtycbjyysq djphfcn")  # "пенсионный возраст" on QWERTY
    assert reply.entry_id == "pension-retirement-age"
    assert reply.lang is Lang.RU


def test_abbreviation_meets_the_full_name(svc: AnswerService) -> None:
    assert svc.answer("кому положена АСП").entry_id == "tsa-eligibility"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("who wrote war and peace", Lang.EN),
        ("какая погода завтра в алматы", Lang.RU),
        ("ертең ауа райы қандай болады", Lang.KK),
    ],
)
def test_out_of_scope_falls_back_honestly_in_the_users_language(
    svc: AnswerService, text: str, lang: Lang
) -> None:
    reply = svc.answer(text)
    assert reply.kind is ReplyKind.FALLBACK
    assert reply.entry_id is None
    assert reply.lang is lang
    assert "1414" in reply.text and "119" in reply.text


def test_answer_carries_title_source_date_helplines_and_related(svc: AnswerService) -> None:
    reply = svc.answer("какой пенсионный возраст")
    assert reply.title == "Пенсионный возраст"
    assert reply.body.startswith("Мужчины выходят на пенсию")
    assert reply.source_line == "Источник: Доклад Казахстана по МПЭСКП, п. 401; Социальный кодекс, ст. 213"
    assert reply.valid_line == "Актуально на 2024-01-01"
    assert reply.helplines_line is not None and reply.helplines_line.startswith("☎ 1414 — ")
    assert [r.entry_id for r in reply.related] == ["pension-tiers"]


def test_english_source_line_uses_the_english_reference(svc: AnswerService) -> None:
    reply = svc.answer("what is the retirement age")
    assert reply.source_line == "Source: ICESCR report of Kazakhstan, para 401; Social Code, art. 213"
    assert reply.valid_line == "Valid as of 2024-01-01"


@pytest.mark.parametrize("lang", list(Lang))
def test_fixed_texts_are_in_the_replys_language(svc: AnswerService, lang: Lang) -> None:
    for reply in (svc.fallback_reply(lang), svc.helplines_reply(lang), svc.tsa_check(3, 50_000, lang)):
        letters = [c for c in reply.text if c.isalpha()]
        cyr = sum("\u0400" <= c <= "\u04ff" for c in letters)
        if lang is Lang.EN:
            assert cyr / len(letters) < 0.5
        else:
            assert cyr / len(letters) > 0.5
            assert any(c in KK_LETTERS for c in reply.text) is (lang is Lang.KK)


def test_entry_reply_for_buttons(svc: AnswerService) -> None:
    reply = svc.entry_reply("pension-tiers", Lang.EN)
    assert reply is not None and reply.entry_id == "pension-tiers" and reply.lang is Lang.EN
    assert svc.entry_reply("no-such-entry", Lang.EN) is None


def test_topics_and_their_entries(svc: AnswerService) -> None:
    topics = dict(svc.topics(Lang.RU))
    assert topics["pensions"] == "Пенсии"
    ids = [s.entry_id for s in svc.topic_entries("pensions", Lang.KK)]
    assert ids == ["pension-retirement-age", "pension-tiers"]


def test_helplines_directory_lists_the_main_numbers(svc: AnswerService) -> None:
    text = svc.helplines_reply(Lang.KK).text
    for number in ("1414", "119", "150", "112", "102", "103"):
        assert number in text


def test_catalog_attribute_is_the_catalog(svc: AnswerService) -> None:
    assert len(svc.catalog.entries) == 6
