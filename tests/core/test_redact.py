"""Redaction of personal data in realistic kk/ru/en messages, plus property tests."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.redact import iin_check_digit, iin_valid, redact, redact_names


def _valid_iin(first11: str) -> str | None:
    check = iin_check_digit(first11)
    return None if check is None else first11 + str(check)


def _luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


# Born 1990-01-01, a man born in the 20th century (3), serial 0012; check digit computed.
VALID_IIN = _valid_iin("90010130012") or ""


def test_iin_check_digit_follows_the_two_pass_rule() -> None:
    assert len(VALID_IIN) == 12
    assert iin_valid(VALID_IIN)
    assert not iin_valid(VALID_IIN[:11] + str((int(VALID_IIN[11]) + 1) % 10))


def test_iin_second_pass_is_used_when_the_first_gives_ten() -> None:
    # Find a prefix whose first pass is 10 and check the digit equals the second pass.
    for n in range(10**10, 10**10 + 5000):
        prefix = f"{n:011d}"
        digits = [int(c) for c in prefix]
        if sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11 == 10:
            second = sum(d * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
            assert iin_check_digit(prefix) == (None if second == 10 else second)
            return
    raise AssertionError("no prefix with a first-pass 10 found")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # IIN / BIN
        (f"Мой ИИН {VALID_IIN}, что мне положено?", "Мой ИИН [IIN], что мне положено?"),
        (f"ЖСН: {VALID_IIN}", "ЖСН: [IIN]"),
        (f"my IIN is {VALID_IIN}.", "my IIN is [IIN]."),
        (f"ИИН{VALID_IIN}", "ИИН[IIN]"),
        ("ИИН 123456789012 (может с ошибкой)", "ИИН [IIN] (может с ошибкой)"),
        (f"ИИН {VALID_IIN[:6]} {VALID_IIN[6:]}", "ИИН [IIN]"),
        ("БИН 040340004312 ТОО", "БИН [IIN] ТОО"),
        # Phones
        ("Позвоните мне +7 701 234 56 78", "Позвоните мне [PHONE]"),
        ("мой номер 8 (701) 234-56-78 вечером", "мой номер [PHONE] вечером"),
        ("87012345678 звоните", "[PHONE] звоните"),
        ("номерім 7012345678", "номерім [PHONE]"),
        ("телефон: +77471112233!", "телефон: [PHONE]!"),
        ("+7 (747) 111-22-33", "[PHONE]"),
        ("+7-705-111-22-33", "[PHONE]"),
        ("8 7172 58-00-58 приемная", "[PHONE] приемная"),
        ("8 (727) 258-00-58", "[PHONE]"),
        ("call me at +7 777 123 4567 please", "call me at [PHONE] please"),
        ("маған хабарласыңыз 8 777 123 45 67", "маған хабарласыңыз [PHONE]"),
        ("домашний 258-00-58", "домашний [PHONE]"),
        ("в 2024 году 8 701 234 56 78 звонил", "в 2024 году [PHONE] звонил"),
        ("+996 555 123 456 (Кыргызстан)", "[PHONE] (Кыргызстан)"),
        # Cards
        ("карта 4400 4301 2345 6780 не работает", "карта 4400 4301 2345 6780 не работает"),  # fails Luhn
        ("карта 4111 1111 1111 1111 заблокирована", "карта [CARD] заблокирована"),
        ("card 4111-1111-1111-1111", "card [CARD]"),
        ("перевели на 5169497171234564", "перевели на [CARD]"),
        ("Kaspi Gold 4400 4301 1234 5670", "Kaspi Gold [CARD]"),
        ("Amex 3782 822463 10005", "Amex [CARD]"),
        # E-mails
        ("пишите на aliya.nur+bot@mail.kz", "пишите на [EMAIL]"),
        ("email: John.Smith@gmail.com.", "email: [EMAIL]."),
        ("менің поштам asel_88@inbox.ru екен", "менің поштам [EMAIL] екен"),
        # Documents
        ("удостоверение № 012345678 утерял", "удостоверение № [DOC] утерял"),
        ("уд. личности 045612378", "уд. личности [DOC]"),
        ("паспорт N1234567 просрочен", "паспорт [DOC] просрочен"),
        ("passport N12345678 expired", "passport [DOC] expired"),
        ("жеке куәлік нөмірі 045612378", "жеке куәлік нөмірі [DOC]"),
        ("ID card 012345678 lost", "ID card [DOC] lost"),
        ("номер паспорта: Н09876543", "номер паспорта: [DOC]"),
        ("номер удостоверения личности 045612378 выдан МВД", "номер удостоверения личности [DOC] выдан МВД"),
        ("куәлік нөмірі: 045612378", "куәлік нөмірі: [DOC]"),
        ("идентификатор 045612378", "идентификатор [DOC]"),
        ("pasport N 1234567", "pasport [DOC]"),
        # Kazakh and English sentences
        (f"Менің ЖСН-ім {VALID_IIN} екен", "Менің ЖСН-ім [IIN] екен"),
        ("телефоным +7 (777) 123-45-67, хабарласыңыз", "телефоным [PHONE], хабарласыңыз"),
        ("my phone is 8 701 234 5678", "my phone is [PHONE]"),
        ("e-mail: test.user@gov.kz", "e-mail: [EMAIL]"),
        ("8-701-234-56-78", "[PHONE]"),
        ("+7(701)2345678", "[PHONE]"),
        ("tel: 8(7172)58-00-58", "tel: [PHONE]"),
        ("87012345678 2024", "[PHONE] 2024"),
        ("7 701 234 56 78", "[PHONE]"),
    ],
)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Позвоните на 1414 или 119",
        "Телефон доверия 150, полиция 102, единый номер 112",
        "Зейнетақы 85 000 теңге ме?",
        "Пособие 42 500 тенге в месяц",
        "Пенсия 1 500 000 тенге за год?",
        "Квартира за 25 000 000 тг",
        "Бюджет 7 000 000 000 тенге",
        "С 01.01.2024 изменилось?",
        "Since 2024-01-15 the rules changed",
        "В 2023 году и 2024 году",
        "Мне 63 года, стаж 25 лет",
        "закон № 414-V от 2015 года",
        "статья 154 Социального кодекса",
        "1-ші қаңтардан 2025 жылғы",
        "ПМ 43407 тенге на 2024 год, МРП 3692",
        "семья из 5 человек, доход 250000",
        "время 10:30, кабинет 305",
        "пункт 401 доклада",
        "за паспорт заплатил 110000 тенге",
        "удостоверение стоит 150000 тг",
        "заявка 123456789 принята",
    ],
)
def test_ordinary_numbers_survive(text: str) -> None:
    assert redact(text) == text


def test_empty_and_plain_text_are_unchanged() -> None:
    assert redact("") == ""
    assert redact("Как оформить пособие на ребенка?") == "Как оформить пособие на ребенка?"


def test_redacting_twice_changes_nothing_more() -> None:
    text = f"ИИН {VALID_IIN}, тел 8 701 234 56 78, a@b.kz, карта 4111 1111 1111 1111"
    once = redact(text)
    assert redact(once) == once
    assert not re.search(r"\d{5,}", once.replace(" ", ""))


_words = st.sampled_from(
    ["Мой", "ИИН", "ЖСН", "my", "IIN", "is", "номер", "пожалуйста", "көмектесіңіз", "", "—", ":", ",", "("]
)
_sep = st.sampled_from([" ", ", ", ": ", " (", "\n", " — "])


@st.composite
def valid_iins(draw: st.DrawFn) -> str:
    yy = draw(st.integers(0, 99))
    mm = draw(st.integers(1, 12))
    dd = draw(st.integers(1, 28))
    century = draw(st.integers(1, 6))
    serial = draw(st.integers(0, 9999))
    prefix = f"{yy:02d}{mm:02d}{dd:02d}{century}{serial:04d}"
    iin = _valid_iin(prefix)
    if iin is None:
        iin = _valid_iin(prefix[:-1] + str((int(prefix[-1]) + 1) % 10))
    from hypothesis import assume

    assume(iin is not None)
    assert iin is not None
    return iin


@settings(max_examples=300, deadline=None)
@given(iin=valid_iins(), before=_words, after=_words, sep1=_sep, sep2=_sep)
def test_no_valid_iin_survives(iin: str, before: str, after: str, sep1: str, sep2: str) -> None:
    out = redact(f"{before}{sep1}{iin}{sep2}{after}")
    assert iin not in out
    assert "[IIN]" in out


@st.composite
def luhn_cards(draw: st.DrawFn) -> tuple[str, str]:
    length = draw(st.sampled_from([13, 15, 16, 16, 16, 19]))
    first = draw(st.sampled_from(["4", "5", "2", "3", "6"]))
    body = first + "".join(str(draw(st.integers(0, 9))) for _ in range(length - 2))
    card = _luhn_complete(body)
    style = draw(st.sampled_from(["plain", "space4", "dash4"]))
    if style == "plain":
        return card, card
    sep = " " if style == "space4" else "-"
    return card, sep.join(card[i : i + 4] for i in range(0, len(card), 4))


@settings(max_examples=300, deadline=None)
@given(card=luhn_cards(), before=_words, after=_words, sep1=_sep, sep2=_sep)
def test_no_valid_card_survives(card: tuple[str, str], before: str, after: str, sep1: str, sep2: str) -> None:
    digits, written = card
    out = redact(f"{before}{sep1}{written}{sep2}{after}")
    assert written not in out
    assert digits not in re.sub(r"\D", "", out)


@settings(max_examples=300, deadline=None)
@given(amount=st.integers(1, 999_999_999), unit=st.sampled_from(["тенге", "тг", "теңге", "KZT", "₸"]))
def test_amounts_survive(amount: int, unit: str) -> None:
    spaced = f"{amount:,}".replace(",", " ")
    for text in (f"Пособие {spaced} {unit} в месяц", f"доход {amount} {unit}"):
        assert redact(text) == text


@settings(max_examples=200, deadline=None)
@given(day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(1950, 2035))
def test_dates_and_years_survive(day: int, month: int, year: int) -> None:
    for text in (f"с {day:02d}.{month:02d}.{year}", f"since {year}-{month:02d}-{day:02d}", f"в {year} году"):
        assert redact(text) == text


@pytest.mark.parametrize("line", ["1414", "119", "150", "1424", "102", "112", "111", "103", "101"])
def test_helplines_survive(line: str) -> None:
    assert redact(f"позвонил на {line}, не ответили") == f"позвонил на {line}, не ответили"


@settings(max_examples=200, deadline=None)
@given(
    operator=st.sampled_from(["700", "701", "702", "705", "707", "747", "771", "775", "776", "777", "778"]),
    rest=st.integers(0, 9_999_999),
    style=st.sampled_from(["+7 {o} {a} {b} {c}", "8 ({o}) {a}-{b}-{c}", "8{o}{a}{b}{c}", "+7{o}{a}{b}{c}",
                           "{o}{a}{b}{c}", "8 {o} {a} {b}{c}", "+7 ({o}) {a}-{b}-{c}"]),
)
def test_no_mobile_number_survives(operator: str, rest: int, style: str) -> None:
    r = f"{rest:07d}"
    phone = style.format(o=operator, a=r[:3], b=r[3:5], c=r[5:])
    out = redact(f"мой номер {phone}, звоните")
    assert out == "мой номер [PHONE], звоните"


def test_redact_names_masks_the_senders_own_names_whole_and_inflected_but_not_other_words() -> None:
    names = ("Айгерим", None, "aigerim_k")
    assert redact_names("Я АЙГЕРИМ, Айгеримге помогите, @aigerim_k", names) == "Я [NAME], [NAME] помогите, [NAME]"
    # A short name only as a whole word: "Ян" must not eat "янтарь".
    assert redact_names("Я Ян, янтарь", ["Ян"]) == "Я [NAME], янтарь"
    assert redact_names("Ерлан Серикович пишет", ["Ерлан Серикович"]) == "[NAME] [NAME] пишет"
    assert redact_names("no names here", ()) == "no names here"
    assert redact_names("a+b (c)", ["a+b"]) == "[NAME] (c)"  # names are text, not patterns
    # Latin names are not inflected: "Test" masks "test" but leaves "testimony" alone.
    assert redact_names("Test: my testimony, TEST's", ["Test"]) == "[NAME]: my testimony, [NAME]'s"
