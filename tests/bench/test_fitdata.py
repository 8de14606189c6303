"""Fitting data from blind-written sets (bench/fitdata.py), and that held-out sets never leak in."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
import yaml

from bench.common import CONTENT, load_content, read_jsonl, states_facts
from bench.fitdata import (
    HELD_OUT_SETS,
    Placement,
    PrototypeTopic,
    insert_examples,
    merge_near_misses,
    place_line,
    read_prototypes,
    refuse_held_out,
    render_prototypes,
    screen,
    topic_slug,
)
from bot.core.service import AnswerService
from tests.core.engine_catalog import catalog, service

REPO = Path(__file__).resolve().parents[2]
QUALITY_DATA = REPO / "tests" / "quality" / "data"


@cache
def small_service() -> AnswerService:
    return service()


def test_facts_are_read_as_the_shared_scorer_reads_them() -> None:
    assert states_facts("Пособие равно 1,61 прожиточного минимума.", ["1.61|1,61"])
    assert states_facts("их 645 750 человек", ["645750"])
    # A number is a number: "63" is not in "630", and digit groups are joined first.
    assert not states_facts("возраст 630", ["63"])
    assert not states_facts("их 645 750 человек", ["645"])
    assert states_facts("Пенсия: БАЗОВАЯ часть", ["базов", "пенси|зейнет"])
    assert not states_facts("Пенсия: базовая часть", ["базов", "солидар"])


def test_a_line_joins_the_one_entry_that_cites_its_paragraph_and_states_its_facts() -> None:
    cat = catalog()
    row = {"q": "во сколько лет на пенсию мужчинам", "lang": "ru", "facts": ["63"], "para": 401}
    assert place_line(row, cat, lambda q: None) == Placement(row["q"], "ru", "pension-retirement-age", "unique")


def test_several_entries_state_it_the_engine_decides_or_the_line_is_left_out() -> None:
    cat = catalog()
    # Every entry citing para 396 ends a sentence: all of them "state" the fact.
    row = {"q": "что положено", "lang": "ru", "facts": ["."], "para": 396}
    assert place_line(row, cat, lambda q: "tsa-eligibility").entry_id == "tsa-eligibility"
    left_out = place_line(row, cat, lambda q: "pension-retirement-age")  # cites 401, not 396
    assert (left_out.entry_id, left_out.how) == (None, "ambiguous")


def test_facts_no_citing_entry_states_go_to_the_engines_pick_only_when_it_states_them() -> None:
    cat = catalog()
    row = {"q": "номер скорой", "lang": "ru", "facts": ["103"], "para": 999}
    assert place_line(row, cat, lambda q: "helplines-emergency").how == "engine"
    assert place_line(row, cat, lambda q: "pension-tiers") == Placement(row["q"], "ru", None, "no-entry")
    assert place_line(row, cat, lambda q: None).how == "no-entry"


@pytest.mark.parametrize(
    ("q", "lang", "how"),
    [
        ("gtycbjyysq djphfcn ltkz vey]xby", "ru", "layout"),  # "пенсионный возраст для мужчин"
        ("какой пенсионный вазраст мужчин", "ru", "typo"),
        ("pensionnyi vozrast what is it", "en", "transliteration"),
        ("какой пенсионный возраст мужчин", "ru", "unique"),
    ],
)
def test_wording_that_would_teach_the_engine_something_wrong_is_left_out(q: str, lang: str, how: str) -> None:
    placed = screen(Placement(q, lang, "pension-retirement-age", "unique"), small_service())
    assert placed.how == how
    assert (placed.entry_id is None) == (how != "unique")


def test_examples_are_appended_to_their_entry_in_place(tmp_path: Path) -> None:
    text = (
        "# a comment the operator wrote\n"
        "topic: {id: pensions}\n"
        "entries:\n"
        "  - id: pension-retirement-age\n"
        "    questions:\n"
        "      ru:\n"
        '        - "какой пенсионный возраст"\n'
        "        - когда на пенсию  # unquoted, with a comment\n"
        "      en:\n"
        '        - "what is the retirement age"\n'
        "    answer: {ru: x}\n"
    )
    path = tmp_path / "pensions.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "_out_of_scope.yaml").write_text("topics: []\n", encoding="utf-8")
    placements = [
        Placement("во сколько лет на пенсию", "ru", "pension-retirement-age", "unique"),
        Placement("какой пенсионный возраст", "ru", "pension-retirement-age", "unique"),  # already there
        Placement('pension age "for men"', "en", "pension-retirement-age", "engine"),
        Placement("left out", "ru", None, "typo"),
    ]
    assert insert_examples(tmp_path, placements) == 2
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# a comment the operator wrote\n")
    assert "# unquoted, with a comment" in after
    data = yaml.safe_load(after)
    questions = data["entries"][0]["questions"]
    assert questions["ru"] == ["какой пенсионный возраст", "когда на пенсию", "во сколько лет на пенсию"]
    assert questions["en"] == ["what is the retirement age", 'pension age "for men"']
    assert data["entries"][0]["answer"] == {"ru": "x"}


def test_a_near_miss_joins_its_topic_however_its_slug_is_spelt() -> None:
    known = ["traffic-fines", "divorce-procedure", "sick-leave-pay", "sick-leave-days"]
    assert topic_slug("Traffic fine", known) == "traffic-fines"
    assert topic_slug("divorce", known) == "divorce-procedure"
    assert topic_slug("sick_leave", known) == "sick-leave"  # two topics begin so: a new one
    assert topic_slug(None, known) == "misc"


def test_near_misses_merge_into_topics_and_new_topics_take_the_area_most_questions_read_as() -> None:
    topics = [PrototypeTopic("divorce-procedure", "family", {"ru": ["как развестись"]})]
    rows = [
        {"q": "как развестись через цон", "lang": "ru", "out_of_scope": True, "topic": "divorce"},
        {"q": "как развестись", "lang": "ru", "out_of_scope": True, "topic": "divorce"},  # a repeat
        {"q": "vat rate", "lang": "en", "out_of_scope": True, "topic": "vat"},
        {"q": "vat refund", "lang": "en", "out_of_scope": True, "topic": "vat"},
        {"q": "ндс ставка", "lang": "ru", "out_of_scope": True, "topic": "vat"},
        {"q": "в scope", "lang": "ru", "facts": ["1"], "para": 1},
        {"q": "адрес кризисного центра", "lang": "ru", "out_of_scope": True, "topic": "shelter-address"},
    ]
    areas = {"vat rate": "tax", "vat refund": "tax", "ндс ставка": "other"}
    added, joined, new = merge_near_misses(topics, rows, lambda q: areas.get(q, "family"))
    assert (added, joined) == (4, 1)
    assert [t.id for t in topics] == ["divorce-procedure", "vat"]
    assert new == [topics[1]] and topics[1].area == "tax"
    assert topics[0].questions["ru"] == ["как развестись", "как развестись через цон"]


def test_the_prototype_file_is_written_back_exactly_as_read() -> None:
    path = CONTENT / "_out_of_scope.yaml"
    header, topics = read_prototypes(path)
    assert header.startswith("# ") and header.endswith("topics:\n")
    assert render_prototypes(header, topics) == path.read_text(encoding="utf-8")


def test_held_out_sets_are_refused() -> None:
    with pytest.raises(SystemExit, match="held-out"):
        refuse_held_out([Path("bench/data/fit_sets/round41.jsonl"), QUALITY_DATA / "round33.jsonl"])
    refuse_held_out([Path("bench/data/fit_sets/round41.jsonl")])


def _set_lines(path: Path) -> set[str]:
    return {str(r["q"]) for r in read_jsonl(path)}


def test_no_held_out_set_is_fitting_data() -> None:
    """The held-out blind sets measure the engine: a line of theirs is an example question or a
    prototype question only where a fitting set has the very same line. Writers who never saw each
    other type the same short question now and then ("how many pensionners in kazakstan"): 13-34
    lines of each held-out set. docs/engine.md gives the held-out measure without them too."""
    fitted = {q for e in load_content().entries for lang in ("kk", "ru", "en") for q in getattr(e.questions, lang)}
    _, topics = read_prototypes(CONTENT / "_out_of_scope.yaml")
    fitted |= {q for t in topics for texts in t.questions.values() for q in texts}
    fitting_sets = [*(REPO / "bench" / "data" / "fit_sets").glob("*.jsonl"), *QUALITY_DATA.glob("*.jsonl")]
    fitting_lines = set().union(*(_set_lines(p) for p in fitting_sets if p.stem not in HELD_OUT_SETS))
    for name in sorted(HELD_OUT_SETS):
        path = QUALITY_DATA / f"{name}.jsonl"
        assert path.is_file(), f"held-out set {name} is missing"
        leaked = sorted(q for q in _set_lines(path) & fitted if q not in fitting_lines)
        assert not leaked, f"{name}: {len(leaked)} lines are fitting data, e.g. {json.dumps(leaked[:2], ensure_ascii=False)}"
