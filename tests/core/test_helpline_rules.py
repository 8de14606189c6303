"""The helpline rule: `helplines` lists exactly the short numbers the answer names, in every language."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.content import Entry
from bot.core.helpline_rules import KNOWN_HELPLINES, helpline_problems, numbers_named


def entry(
    kk: str,
    ru: str | None = None,
    en: str | None = None,
    helplines: tuple[str, ...] = (),
    paras: tuple[int, ...] = (401,),
) -> Entry:
    """An entry with the given answers (ru and en default to the kk text), helplines and cited paras."""
    data: dict[str, Any] = {
        "id": "some-entry",
        "topic": "some-topic",
        "title": {"kk": "Тақырып", "ru": "Заголовок", "en": "Title"},
        "questions": {"kk": ["сұрақ"], "ru": ["вопрос"], "en": ["question"]},
        "answer": {"kk": kk, "ru": kk if ru is None else ru, "en": kk if en is None else en},
        "sources": [{"para": p} for p in paras],
        "helplines": list(helplines),
        "valid_as_of": "2024-01-01",
    }
    return Entry.model_validate(data)


def messages(e: Entry) -> list[str]:
    return [message for message, _ in helpline_problems(e)]


# --- numbers_named -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "В 2023 году выплачено 1 414 000 тенге.",  # a figure with spaces
        "Paid to 1\u00a0414 people.",  # a figure with a no-break space
        "The rate is 119,5 per cent.",  # a decimal
        "Budget: 2150 million; 11190 people; 1414000 tenge.",  # glued to other digits
        "Under article 104 of the Labour Code.",
        "По статье 103 Трудового кодекса.",
        "Еңбек кодексінің 104-бабы бойынша.",
        "There are 119 higher education institutions; в стране 119 вузов; 119 жоғары оқу орны.",
        "A list of 103 occupations; 103 профессий; 103 кәсіп.",
        "2 centres with 150 places; 2 центра на 150 мест; 150 орындық 2 орталық.",
        "102 scientific programmes; 102 научно-технические программы; 102 ғылыми-техникалық бағдарлама.",
    ],
)
def test_a_number_inside_a_figure_an_article_or_a_count_is_not_a_helpline(text: str) -> None:
    assert numbers_named(text) == set()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Call 1414.", {"1414"}),
        ("Free legal advice: 119 or 1414.", {"119", "1414"}),
        ("Report it to the police (102); the “102” mobile app.", {"102"}),
        ("112 — single emergency number; 101 — fire service; 103 — ambulance.", {"112", "101", "103"}),
        ("1414 нөміріне қоңырау шалыңыз.", {"1414"}),
        ("Звоните 150, это бесплатно.", {"150"}),
        ("In 2023, 1,414 people called 1414.", {"1414"}),
    ],
)
def test_a_number_standing_on_its_own_is_named(text: str, named: set[str]) -> None:
    assert numbers_named(text) == named


def test_known_helplines_are_short_numbers() -> None:
    assert {"1414", "119", "150", "102", "112"} <= set(KNOWN_HELPLINES)
    assert all(n.isdigit() and 3 <= len(n) <= 4 for n in KNOWN_HELPLINES)


# --- helpline_problems ---------------------------------------------------------------------------


def test_an_entry_that_lists_exactly_what_it_names_has_no_problem() -> None:
    assert helpline_problems(entry("Call 1414 or 150.", helplines=("150", "1414"))) == []
    assert helpline_problems(entry("Legal advice: 119.", helplines=("119",), paras=(401, 86))) == []
    assert helpline_problems(entry("Police: 102.", helplines=("102",), paras=(329,))) == []
    assert helpline_problems(entry("No number here.")) == []


def test_a_number_the_answer_names_but_helplines_does_not_list_is_reported() -> None:
    problems = helpline_problems(entry("Call 1414 or 150.", helplines=("1414",)))
    assert problems == [("answer names ['150'] but `helplines` does not list them", "helplines")]


def test_a_listed_number_the_answer_does_not_name_is_reported() -> None:
    problems = helpline_problems(entry("Call 1414.", helplines=("1414", "111")))
    assert problems == [("`helplines` lists ['111'] but the answer does not name them", "helplines")]


def test_an_unknown_listed_number_is_left_to_the_loader_warning() -> None:
    assert helpline_problems(entry("Call 1414.", helplines=("1414", "7777"))) == []


def test_languages_that_name_different_numbers_are_reported() -> None:
    e = entry("1414 нөміріне хабарласыңыз.", "Звоните 1414.", "Call 1414 or 112.", helplines=("1414", "112"))
    problems = helpline_problems(e)
    assert problems == [
        ("languages name different helpline numbers: kk=['1414']; ru=['1414']; en=['112', '1414']", "answer")
    ]


def test_an_answer_naming_119_without_citing_para_86_is_reported() -> None:
    problems = helpline_problems(entry("Free legal advice: 119.", helplines=("119",), paras=(401,)))
    assert problems == [("answer names 119 but does not cite para 86", "sources")]


def test_an_answer_naming_102_without_citing_para_329_is_reported() -> None:
    assert messages(entry("Police: 102.", helplines=("102",), paras=(86,))) == [
        "answer names 102 but does not cite para 329"
    ]


def test_one_entry_can_have_several_problems() -> None:
    e = entry("Call 119.", "Звоните 119.", "Call 119 or 150.", helplines=("1414",))
    assert messages(e) == [
        "languages name different helpline numbers: kk=['119']; ru=['119']; en=['119', '150']",
        "answer names ['119', '150'] but `helplines` does not list them",
        "`helplines` lists ['1414'] but the answer does not name them",
        "answer names 119 but does not cite para 86",
    ]
