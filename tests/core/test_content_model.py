"""The content model: what a valid entry is, text hashes, figures, stale translations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.core.content import REPORT_REF, Catalog, Entry, PerLang, Source, Topic, numbers_in, text_hash
from bot.core.lang import Lang


def entry_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "retirement-age",
        "topic": "pensions",
        "title": {"kk": "Зейнет жасы", "ru": "Пенсионный возраст", "en": "Retirement age"},
        "questions": {"kk": ["зейнет жасы"], "ru": ["пенсионный возраст"], "en": ["retirement age"]},
        "answer": {
            "kk": "Ерлер 63 жаста зейнетке шығады.",
            "ru": "Мужчины выходят на пенсию в 63 года.",
            "en": "Men retire at 63.",
        },
        "sources": [{"para": 401}],
        "helplines": ["1414"],
        "valid_as_of": "2024-01-01",
    }
    data.update(overrides)
    return data


def test_a_complete_entry_is_valid_and_defaults_the_rest() -> None:
    entry = Entry.model_validate(entry_data())
    assert entry.valid_as_of == date(2024, 1, 1)
    assert entry.sources == [Source(ref=REPORT_REF, para=401)]
    assert entry.related == [] and entry.translations == {}
    assert entry.answer.get(Lang.EN) == "Men retire at 63."


def test_every_language_is_required_in_answer_and_title() -> None:
    with pytest.raises(ValidationError) as exc:
        Entry.model_validate(entry_data(answer={"kk": "a", "ru": "b"}))
    assert [e["loc"] for e in exc.value.errors()] == [("answer", "en")]
    with pytest.raises(ValidationError):
        PerLang.model_validate({"kk": "a", "ru": "  ", "en": "c"})


def test_each_language_needs_an_example_question() -> None:
    with pytest.raises(ValidationError, match=r"questions\.kk: at least one example question"):
        Entry.model_validate(entry_data(questions={"kk": [], "ru": ["a"], "en": ["b"]}))


def test_an_entry_needs_a_source_and_a_report_citation_needs_its_paragraph() -> None:
    with pytest.raises(ValidationError):
        Entry.model_validate(entry_data(sources=[]))
    with pytest.raises(ValidationError, match="paragraph number"):
        Source.model_validate({"ref": REPORT_REF})
    with pytest.raises(ValidationError):
        Source.model_validate({"para": 521})
    law = Source.model_validate({"ref": "Social Code, art. 154", "label": {"ru": "Социальный кодекс, ст. 154"}})
    assert law.para is None and law.label == {Lang.RU: "Социальный кодекс, ст. 154"}


@pytest.mark.parametrize("bad_id", ["Retirement", "retirement_age", "-age", "a" * 49])
def test_ids_are_lowercase_slugs(bad_id: str) -> None:
    with pytest.raises(ValidationError):
        Entry.model_validate(entry_data(id=bad_id))


@pytest.mark.parametrize("number", ["14", "14145", "+1414", "call"])
def test_helplines_are_three_or_four_digit_short_numbers(number: str) -> None:
    with pytest.raises(ValidationError):
        Entry.model_validate(entry_data(helplines=[number]))


@pytest.mark.parametrize("value", ["2024-13-01", "1999-12-31", "2101-01-01", "soon"])
def test_valid_as_of_must_be_a_plausible_date(value: str) -> None:
    with pytest.raises(ValidationError):
        Entry.model_validate(entry_data(valid_as_of=value))


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError) as exc:
        Entry.model_validate(entry_data(answers={"kk": "a"}))
    assert exc.value.errors()[0]["type"] == "extra_forbidden"


def test_text_hash_is_short_hex_and_ignores_whitespace_layout() -> None:
    digest = text_hash("Мужчины выходят на пенсию в 63 года.")
    assert len(digest) == 12 and set(digest) <= set("0123456789abcdef")
    assert text_hash("  Мужчины выходят\nна пенсию  в 63 года.\n") == digest
    assert text_hash("Мужчины выходят на пенсию в 65 лет.") != digest


@given(st.text())
def test_text_hash_is_stable_under_reflowing(text: str) -> None:
    assert text_hash(text) == text_hash("\n  ".join(text.split()) + " \n")


def test_numbers_in_joins_thousands_separators() -> None:
    assert numbers_in("до 85 000 тенге, 1,61 млн, с 2024 года") == {"85000", "161", "2024"}
    assert numbers_in("85\u00a0000 teñge and 1414") == {"85000", "1414"}
    assert numbers_in("no figures here") == set()


def test_stale_translations_flags_languages_whose_source_changed() -> None:
    ru = "Мужчины выходят на пенсию в 63 года."
    stamps = {"kk": {"source": "ru", "hash": text_hash(ru)}, "en": {"source": "ru", "hash": text_hash(ru)}}
    entry = Entry.model_validate(entry_data(translations=stamps))
    assert entry.stale_translations() == []
    changed = entry_data(translations=stamps)
    changed["answer"] = {**changed["answer"], "ru": "Мужчины выходят на пенсию в 63 года (с 2024 года)."}
    assert sorted(Entry.model_validate(changed).stale_translations()) == [Lang.EN, Lang.KK]


def test_translation_stamp_hash_must_look_like_a_text_hash() -> None:
    with pytest.raises(ValidationError):
        Entry.model_validate(entry_data(translations={"kk": {"source": "ru", "hash": "123"}}))


def test_catalog_finds_entries_by_id() -> None:
    entry = Entry.model_validate(entry_data())
    topic = Topic.model_validate({"id": "pensions", "title": {"kk": "З", "ru": "П", "en": "P"}})
    catalog = Catalog(topics=[topic], entries=[entry])
    assert catalog.entry("retirement-age") == entry
    assert catalog.entry("missing") is None


def test_catalog_looks_entries_up_by_id_read_only() -> None:
    first = Entry.model_validate(entry_data())
    second = Entry.model_validate(entry_data(id="pension-tiers"))
    catalog = Catalog(topics=[], entries=[first, second])
    assert catalog.entry("pension-tiers") is second
    assert catalog.entry("missing") is None
    assert list(catalog.by_id) == ["retirement-age", "pension-tiers"]
    with pytest.raises(TypeError):
        catalog.by_id["x"] = first  # type: ignore[index]


def test_a_pickled_catalog_looks_entries_up_by_id_read_only() -> None:
    # The engine is built in a child process and pickled over (bot.content.isolated).
    import pickle

    catalog = Catalog(topics=[], entries=[Entry.model_validate(entry_data())])
    assert catalog.entry("retirement-age") is not None  # the id map is built before pickling
    copy = pickle.loads(pickle.dumps(catalog))
    assert copy.entry("retirement-age") == catalog.entry("retirement-age")
    assert copy.entry("retirement-age") is copy.entries[0]
    with pytest.raises(TypeError):
        copy.by_id["x"] = copy.entries[0]  # type: ignore[index]


def test_catalog_looks_entries_up_by_id_also_after_a_copy_with_other_entries() -> None:
    topic = Topic(id="pensions", title=PerLang(kk="Зейнетақы", ru="Пенсии", en="Pensions"))
    first = Entry.model_validate(entry_data())
    catalog = Catalog(topics=[topic], entries=[first])
    assert catalog.entry("retirement-age") is first
    second = Entry.model_validate(entry_data(id="retirement-age-copy"))
    copied = catalog.model_copy(update={"entries": [first, second]})
    assert copied.entry("retirement-age-copy") is second
    assert set(copied.by_id) == {"retirement-age", "retirement-age-copy"}
    assert catalog.entry("retirement-age-copy") is None
