"""Language of a message: kk/ru/en on short, mixed, transliterated and letterless text."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.analyze import analyze
from bot.core.lang import Lang
from bot.core.service import AnswerService
from tests.core.engine_catalog import service


@pytest.fixture(scope="module")
def svc() -> AnswerService:
    return service()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Зейнетақы қашан төленеді?", Lang.KK),
        ("мугедек балага жардемакы", Lang.KK),  # Kazakh without Kazakh letters
        ("zeinetaky", Lang.KK),
        ("mektepte oku tegin be", Lang.KK),
        ("qalai alamyn", Lang.KK),
        ("маған пособие керек", Lang.KK),  # mixed Kazakh-Russian
        ("АСП алу үшін не керек", Lang.KK),
        ("zeinetaky reaktsiya", Lang.KK),  # a "-ция" loan is spelled alike in Kazakh
        ("пенсионный возраст в казахстане", Lang.RU),
        ("posobie po invalidnosti", Lang.RU),  # Russian typed in Latin
        ("kak poluchit pensiyu", Lang.RU),
        ("реакции в школе", Lang.RU),  # ... its Russian case forms are not
        ("rfr gjkexbnm gtycbe", Lang.RU),  # Russian typed with the QWERTY layout
        ("fcg 2024", Lang.RU),  # ... an abbreviation the bot knows ("асп")
        ("vhg", Lang.RU),  # ... one the content never uses ("мрп")
        ("what is the retirement age", Lang.EN),
        ("disability allowance", Lang.EN),
        ("астана калай аталды деген не", Lang.KK),  # chat words with no Kazakh letter
        ("Анекдот айтшы", Lang.KK),
        ("anekdot aitshy", Lang.KK),  # "tsh" is тш, not ц + х
        ("баласы", Lang.KK),  # a known vowel-final word + the possessive "-сы"
        ("зарплатага справка", Lang.KK),  # a known word + the dative "-ға", folded
        ("декретке справка", Lang.KK),  # ... "-ке" after a consonant
        ("пособиены справка", Lang.KK),  # ... the accusative "-ны"
        ("инвалидка справка", Lang.RU),  # "-ка" makes Russian words too
        ("машина и страховка сколько", Lang.RU),
        ("законы о пенсии для инвалидов", Lang.RU),  # Russian case forms leave no known stem
        ("posobie v almaty", Lang.RU),  # a lone "v" breaks the tie for transliteration
        ("spravka v shkolu", Lang.RU),  # ... and adds to its letter evidence
        ("vitamin k deficiency", Lang.EN),  # ... but never outweighs the English reading alone
    ],
)
def test_language_is_detected(svc: AnswerService, text: str, lang: Lang) -> None:
    assert svc.detect_lang(text) is lang


@pytest.mark.parametrize("text", ["1414", "?", "🙂🙂", "12 000", "", "   "])
@pytest.mark.parametrize("user_lang", [Lang.KK, Lang.RU, Lang.EN])
def test_users_language_wins_when_the_message_has_no_signal(
    svc: AnswerService, text: str, user_lang: Lang
) -> None:
    assert svc.detect_lang(text, user_lang) is user_lang


def test_the_question_language_beats_the_users_choice(svc: AnswerService) -> None:
    assert svc.detect_lang("what is the retirement age", Lang.RU) is Lang.EN
    assert svc.detect_lang("зейнет жасы қанша", Lang.EN) is Lang.KK


def test_transliterated_russian_gets_a_russian_reply_not_english(svc: AnswerService) -> None:
    reply = svc.answer("kakoy pensionnyy vozrast")
    assert reply.lang is Lang.RU
    assert reply.entry_id == "pension-retirement-age"


def test_transliterated_kazakh_gets_a_kazakh_reply(svc: AnswerService) -> None:
    reply = svc.answer("zeinet jasy kansha")
    assert reply.lang is Lang.KK
    assert any(c in "әғқңөұүһі" for c in reply.text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("basketball results yesterday", Lang.EN),  # unknown English words stay English
        ("keyboard", Lang.EN),
        ("uchitelnitsa", Lang.RU),  # unknown word, but Russian transliteration letter groups
        ("rabotodatel ne platit zarplatu", Lang.RU),
    ],
)
def test_unknown_latin_words_are_read_by_their_letters(svc: AnswerService, text: str, lang: Lang) -> None:
    assert svc.detect_lang(text) is lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # A Kazakh brand or programme name in a Russian sentence does not make it Kazakh.
        ("как встать в очередь через Отбасы банк", Lang.RU),
        ("программа «Қамқорлық» что это", Lang.RU),
        # A two-word name, its second word in lower case, among Russian words.
        ("программа Күміс алқа как оформить", Lang.RU),
        ("программа Бақытты балалық кому", Lang.RU),
        ("кредит Ақ отбасы как получить", Lang.RU),
        # ... while a Kazakh sentence stays Kazakh, names or not.
        ("Отбасы банктен пәтер алуға бола ма", Lang.KK),
        ("Күміс жас бағдарламасы кімге арналған", Lang.KK),
        ("БЖЗҚ-дан ақша алу", Lang.KK),
        ("МӘМС дегеніміз не", Lang.KK),  # an abbreviation starts no name
        ("Мен Алматыда тұрамын", Lang.KK),
    ],
)
def test_a_name_weighs_less_than_the_sentence_around_it(svc: AnswerService, text: str, lang: Lang) -> None:
    assert svc.detect_lang(text) is lang


def test_proper_names_are_capitalised_inside_a_sentence_quoted_or_all_capitals() -> None:
    from bot.core.analyze import proper_names

    assert proper_names("как встать через Отбасы банк") == frozenset({"отбасы"})
    assert proper_names("Пенсия. Когда Платят") == frozenset({"платят"})
    assert proper_names("что такое «Күміс жас»") == frozenset({"кумис", "жас"})
    assert "асп" in proper_names("как получить АСП")


@pytest.mark.parametrize(
    ("text", "switched", "kept"),
    [
        # Russian words typed in Latin inside an English message (code-switching).
        ("I'm a pensioner, can I take my nakopleniya early", ("накопления",), ("pensioner", "early")),
        ("I work, will they stop my posobie", ("пособие",), ("work", "stop")),
        # English words, and Latin words the content does not know either way, stay as typed.
        ("my employer pays the wage late", (), ("employer", "pays", "late")),
        ("can I bring my cat on a plane", (), ("cat", "plane")),
    ],
)
def test_content_words_typed_in_latin_inside_english_are_read_as_such(
    svc: AnswerService, text: str, switched: tuple[str, ...], kept: tuple[str, ...]
) -> None:
    analysis = analyze(text, svc.index.vocab)
    assert analysis.lang is Lang.EN  # the reply stays in the language of the message
    assert set(switched) <= set(analysis.tokens)
    assert set(kept) <= set(analysis.tokens)



def test_a_russian_word_is_not_english_on_the_other_layout_by_a_lone_letter(svc: AnswerService) -> None:
    # "рублю" on the QWERTY keys is "he,k.": "he" is English, "k" only a letter ("70k").
    vocab = dataclasses.replace(svc.index.vocab, en_words=svc.index.vocab.en_words | {"he", "k"})
    analysis = analyze("курс тенге к рублю", vocab)
    assert analysis.lang is not Lang.EN
    assert "рублю" in analysis.tokens and "he" not in analysis.tokens
    # A whole English word typed on ЙЦУКЕН still reads as English.
    assert analyze("зутышщт", vocab).tokens == ("pension",)


def test_an_english_word_is_no_transliteration_by_a_stem_its_letters_share(svc: AnswerService) -> None:
    # "score" read in Cyrillic is "скоре", whose stem is that of "скорая": no Russian word. With
    # "bolashak" (a Kazakh word) beside it, the message is still English.
    v = svc.index.vocab
    vocab = dataclasses.replace(
        v, en_words=v.en_words | {"score"}, cyr_words=v.cyr_words | {"болашак"}, cyr_stems=v.cyr_stems | {"скор"}
    )
    analysis = analyze("bolashak ielts score", vocab)
    assert analysis.reading == "native" and analysis.lang is Lang.EN
    assert "score" in analysis.tokens
