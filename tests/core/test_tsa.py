"""TSA pre-check: per-capita income against 70 % of the subsistence minimum."""

from __future__ import annotations

import pytest

from bot.core.lang import Lang
from bot.core.normalize import fold
from bot.core.reply import ReplyKind
from bot.core.tsa import TsaParams, check, parse_household
from tests.core.engine_catalog import TSA, service


def test_poverty_line_is_seventy_percent_of_the_subsistence_minimum() -> None:
    assert TsaParams(subsistence_minimum=40000, year=2024).poverty_line == 28000


def test_household_below_and_above_the_line() -> None:
    assert check(TSA, 4, 100_000).below  # 25 000 per person
    assert not check(TSA, 2, 100_000).below  # 50 000 per person


@pytest.mark.parametrize("lang", list(Lang))
def test_check_reply_says_what_to_do_and_that_the_office_decides(lang: Lang) -> None:
    reply = service().tsa_check(4, 100_000, lang)
    assert reply.kind is ReplyKind.ANSWER
    assert reply.lang is lang
    assert "1414" in reply.text and "egov" in reply.text.lower()
    assert "2024" in reply.text and "70" in reply.text
    assert reply.entry_id == "tsa-eligibility"


def test_invalid_household_asks_again() -> None:
    reply = service().tsa_check(0, 100_000, Lang.RU)
    assert reply.kind is ReplyKind.CLARIFY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нас 4, доход 150000 тенге, положена асп?", (4, 150000)),
        ("семья из 5 человек, доход 120 000 тг, положена ли помощь", (5, 120000)),
        ("отбасымыз 3 адам, табысымыз 90000 теңге, АӘК ала аламыз ба", (3, 90000)),
        ("we are a family of 3 with income 95,000 tenge, can we get TSA", (3, 95000)),
        ("нас 6 человек, доход 100 тысяч, положена асп", (6, 100000)),
        ("отбасы 4 адам, табыс 150 мың теңге, көмек бола ма", (4, 150000)),
        # Sizes in words and as children plus parents.
        ("нас трое, доход 120 тыс, положена помощь?", (3, 120000)),
        ("трое нас, зарплата 100 тысяч, положено пособие", (3, 100000)),
        ("воспитываю одна двоих детей, зарплата 90 тысяч, будет помощь?", (3, 90000)),
        ("у нас с мужем трое детей, доход 200 тысяч, положена асп", (5, 200000)),
        ("үшеуміз, табысымыз 80 мың теңге, көмек ала аламыз ба", (3, 80000)),
        ("there are four of us and our income is 150,000 tenge, are we eligible", (4, 150000)),
        ("I have two kids, salary 100000 tenge, can I get assistance", (4, 100000)),
    ],
)
def test_household_and_income_are_read_from_a_message(text: str, expected: tuple[int, int]) -> None:
    assert parse_household(fold(text)) == expected


def test_a_message_without_income_is_not_a_pre_check() -> None:
    assert parse_household(fold("кому положена асп")) is None
    assert parse_household(fold("нас 4 человека")) is None


def test_answer_recognises_a_pre_check_question() -> None:
    reply = service().answer("нас 4, доход 150000 тенге, положена асп?")
    assert reply.entry_id == "tsa-eligibility"
    assert "37" in reply.text.replace("\u00a0", "")  # 150000 / 4 = 37 500 per person
    assert reply.lang is Lang.RU
