"""Normalisers: folding, homoglyphs, Kazakh digit row, keyboard layout, transliteration, stems."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.normalize import (
    fix_homoglyphs,
    fold,
    kk_digits_to_letters,
    layout_cyr_to_lat,
    layout_lat_to_cyr,
)
from bot.core.stem import kk_strip, stem
from bot.core.translit import latin_to_cyrillic
from bot.core.vocab import layout_typed


def test_kazakh_letters_fold_onto_russian_keyboard_letters() -> None:
    assert fold("Зейнетақы, жәрдемақы, мүгедектік, ұл, өмір, қала, ғылым, теңге, һәм, білім") == (
        "зейнетакы жардемакы мугедектик ул омир кала гылым тенге хам билим"
    )


def test_yo_is_e_and_punctuation_and_emoji_go() -> None:
    assert fold("Ещё раз: пособие!!! 🙂") == "еще раз пособие"


def test_latin_lookalike_inside_a_cyrillic_word_is_fixed() -> None:
    assert fold("пeнсия") == "пенсия"  # Latin e
    assert fix_homoglyphs("рensiоn") == "pension"  # Cyrillic р and о in a Latin word


def test_kazakh_layout_digits_inside_words_become_letters() -> None:
    assert kk_digits_to_letters("зейнета0ы") == "зейнетақы"
    assert kk_digits_to_letters("м8гедек") == "мүгедек"
    assert fold("0ала") == "кала"


def test_numbers_are_not_turned_into_letters() -> None:
    assert fold("2024 жылы 85 000 теңге") == "2024 жылы 85 000 тенге"
    assert fold("2024жылы") == "2024 жылы"


def test_wrong_layout_conversions_both_ways() -> None:
    assert layout_lat_to_cyr("gtycbz") == "пенсия"
    assert layout_cyr_to_lat("зутышщт") == "pension"


def test_transliteration_of_informal_kazakh() -> None:
    assert latin_to_cyrillic("zeinetaky") == "зейнетакы"
    assert latin_to_cyrillic("mugedek balaga jardemaqy") == "мугедек балага жардемакы"
    assert latin_to_cyrillic("qalai alamyn") == "калай аламын"
    assert latin_to_cyrillic("zhumyssyzdyk") == "жумыссыздык"


def test_a_diphthong_before_y_keeps_its_y_as_a_vowel() -> None:
    # "oi"/"ai" + "y": the pair is ой/ай and the "y" is ы, never a second й.
    assert latin_to_cyrillic("boiynsha") == "бойынша"
    assert latin_to_cyrillic("moiyn") == "мойын"
    assert latin_to_cyrillic("kaiyr") == "кайыр"
    assert latin_to_cyrillic("kakoy") == "какой"


@pytest.mark.parametrize(
    ("typed", "read"),
    [("bezraboticy", "безработицы"), ("socstrahovanie", "соцстрахование"), ("konec", "конец"),
     ("operaciyu", "операцию"), ("cafe", "кафе"), ("kompensaciya", "компенсация")],
)
def test_a_c_of_its_own_is_ts_or_k_never_s(typed: str, read: str) -> None:
    assert latin_to_cyrillic(typed) == read


def test_transliteration_of_russian() -> None:
    assert latin_to_cyrillic("posobie po invalidnosti") == "пособие по инвалидности"
    assert latin_to_cyrillic("pensiya") == "пенсия"
    assert latin_to_cyrillic("pensionnyy vozrast") == "пенсионный возраст"
    assert latin_to_cyrillic("shchedryy") == "щедрый"


def test_official_kazakh_latin_letters() -> None:
    assert fold(latin_to_cyrillic("järdemaqy")) == "жардемакы"
    assert latin_to_cyrillic("şağyn") == "шағын"
    assert latin_to_cyrillic("öñir") == "өңир"


def test_kazakh_suffixes_are_stripped_to_a_common_stem() -> None:
    forms = ["зейнетакы", "зейнетакыны", "зейнетакымды", "зейнетакыга"]
    assert len({stem(f) for f in forms}) == 1
    assert kk_strip("балаларга") == "бала"
    assert kk_strip("мугедектигим") == "мугедек"


def test_short_stems_are_kept() -> None:
    assert kk_strip("ала") == "ала"
    assert stem("асп") == "асп"


def test_russian_and_english_forms_share_a_stem() -> None:
    assert stem("пособие") == stem("пособия")
    assert stem("benefits") == stem("benefit")


def test_the_seven_letter_cut_does_not_merge_false_friends() -> None:
    """"Искусственный интеллект" (artificial intelligence) is not about art ("искусство"): the
    cut had given both "искусст", and the question was answered with the young artists' entry."""
    assert stem("искусственный") == stem("искусственного") != stem("искусство")
    assert stem("искусство") == stem("искусства")


def test_artificial_intelligence_is_not_answered_with_an_art_entry() -> None:
    from bot.app import build_service
    from bot.config import Settings

    content = Path(__file__).resolve().parents[2] / "content"
    assert build_service(Settings(CONTENT_DIR=content)).answer("что такое искусственный интеллект").entry_id is None


@given(st.text(max_size=200))
def test_fold_never_fails_and_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.lower()


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz' äğıñöūüşç", max_size=60))
def test_transliteration_leaves_no_latin_letters(text: str) -> None:
    out = latin_to_cyrillic(text)
    assert not any("a" <= c <= "z" for c in out)


def test_a_latin_text_typed_on_the_wrong_layout_is_read_by_the_words_it_means() -> None:
    known = frozenset({"пенсионный", "возраст", "муж", "бьет", "что", "делать", "пенсия"})
    assert layout_typed("gtycbjyysq djphfcn", known) == "пенсионный возраст"
    assert layout_typed("ve; ,mtn xnj ltkfnm", known) == "муж бьет что делать"
    # Transliteration, English, Cyrillic and nothing known: not wrong layout.
    assert layout_typed("pensiya", known) is None
    assert layout_typed("пенсия", known) is None
    assert layout_typed("xyzzy qwrt", known) is None
