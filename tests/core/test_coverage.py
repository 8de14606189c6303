"""bot.core.coverage: which citizen paragraphs of the report the entries cite."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.core.content import Entry, Source
from bot.core.coverage import (
    CoverageMapError,
    ParaClass,
    UnstatedFigures,
    cited_paragraphs,
    coverage,
    figures_in,
    parse_map,
    parse_report,
    unstated_figures,
)


def make_entry(entry_id: str, *paras: int, answer: dict[str, str] | None = None) -> Entry:
    text = {"kk": "мәтін", "ru": "текст", "en": "text"}
    return Entry(
        id=entry_id,
        topic="legal-aid",
        title=text,
        questions={"kk": ["сұрақ"], "ru": ["вопрос"], "en": ["question"]},
        answer=answer or text,
        sources=[Source(para=p) for p in paras] or [Source(ref="Labour Code, art. 103")],
        valid_as_of=date(2024, 1, 1),
    )


def full_map(**overrides: Any) -> dict[str, Any]:
    """Every paragraph background, except the ones given as ``p<number>=value``."""
    paragraphs: dict[Any, Any] = {p: "background" for p in range(1, 521)}
    for key, value in overrides.items():
        paragraphs[int(key[1:])] = value
    return {"paragraphs": paragraphs}


CITIZEN_86 = {"kind": "citizen", "about": "119 free legal advice line 24/7"}
CITIZEN_258 = {"kind": "citizen", "about": "no maximum wage"}


def test_an_entry_citing_para_86_covers_it_and_the_other_citizen_paragraph_stays_uncovered() -> None:
    paragraphs = parse_map(full_map(p86=CITIZEN_86, p258=CITIZEN_258))
    report = coverage([make_entry("legal-aid-119", 86, 79)], paragraphs)
    assert report.citizen == (86, 258)
    assert report.total == 2
    assert report.covered == (86,)
    assert report.uncovered == (ParaClass(258, "citizen", "no maximum wage"),)
    # A cited background paragraph counts as cited, never as a citizen paragraph.
    assert report.cited_by == {79: ("legal-aid-119",), 86: ("legal-aid-119",)}


def test_no_entries_leave_every_citizen_paragraph_uncovered_and_law_only_sources_cover_nothing() -> None:
    paragraphs = parse_map(full_map(p86=CITIZEN_86))
    assert [c.para for c in coverage([], paragraphs).uncovered] == [86]
    assert coverage([make_entry("law-only")], paragraphs).covered == ()


def test_cited_paragraphs_lists_each_entry_once_per_paragraph() -> None:
    entries = [make_entry("a", 86, 86), make_entry("b", 86)]
    assert cited_paragraphs(entries) == {86: ("a", "b")}


def test_string_keys_are_accepted_and_a_bare_kind_means_no_about() -> None:
    data = full_map()
    data["paragraphs"] = {str(k): v for k, v in data["paragraphs"].items()}
    paragraphs = parse_map(data)
    assert len(paragraphs) == 520
    assert paragraphs[12] == ParaClass(12, "background", "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"p521": "background"}, "paragraph 521: unknown"),
        ({"p0": "background"}, "paragraph 0: unknown"),
        ({"p86": "important"}, "kind 'important' is not one of citizen, figure, background"),
        ({"p86": {"kind": "citizen"}}, "paragraph 86: a citizen paragraph needs 'about'"),
        ({"p309": {"kind": "figure"}}, "paragraph 309: a figure paragraph needs 'about'"),
        ({"p86": {"kind": "citizen", "about": "x", "note": "y"}}, "unknown keys note"),
        ({"p86": 3}, "paragraph 86: write 'background'"),
    ],
)
def test_bad_map_is_an_error(change: dict[str, Any], message: str) -> None:
    with pytest.raises(CoverageMapError) as exc:
        parse_map(full_map(**change))
    assert any(message in p for p in exc.value.problems), exc.value.problems


def test_a_missing_paragraph_is_an_error_naming_the_ranges() -> None:
    data = full_map()
    for p in (5, 6, 7, 300):
        del data["paragraphs"][p]
    with pytest.raises(CoverageMapError, match="paragraphs not classified: 5-7, 300"):
        parse_map(data)


def test_a_map_without_paragraphs_is_an_error() -> None:
    with pytest.raises(CoverageMapError, match="'paragraphs'"):
        parse_map({"paras": {}})
    with pytest.raises(CoverageMapError):
        parse_map(None)


def test_a_figure_paragraph_must_be_cited_like_a_citizen_one() -> None:
    paragraphs = parse_map(full_map(p86=CITIZEN_86, p309={"kind": "figure", "about": "number of pensioners"}))
    report = coverage([make_entry("legal-aid-119", 86)], paragraphs)
    assert report.citizen == (86, 309)
    assert report.uncovered == (ParaClass(309, "figure", "number of pensioners"),)


@pytest.mark.parametrize(
    ("text", "decimal_comma", "numbers"),
    [
        ("As at 1 January 2024, there were 2,344,030 pensioners.", False, {"2344030"}),
        ("На 1 января 2024 года было 2 344 030 пенсионеров.", True, {"2344030"}),
        ("the rate fell to 4.7 per cent (21.6 per cent of women)", False, {"4.7", "21.6"}),
        ("деңгейі 4,7 %, әйелдер 21,6 %", True, {"4.7", "21.6"}),
        ("1.025 tons of hashish", False, {"1.025"}),
        # "2023, 41" is a year and a number; "2023 150 000" is a year and a thousands group.
        ("In 2023, 41 tons (15.9 tons in 2022)", False, {"41", "15.9"}),
        ("в 2023 150 000 человек", True, {"150000"}),
        ("3 national associations and 421 local unions", False, {"421"}),
    ],
)
def test_figures_are_read_in_each_languages_spelling(text: str, decimal_comma: bool, numbers: set[str]) -> None:
    assert figures_in(text, decimal_comma=decimal_comma) == numbers


def test_the_report_is_split_into_numbered_paragraphs_without_footnotes_or_bookmarks() -> None:
    text = (
        "\tI.\tIntroduction\n"
        "1.\tThe first paragraph.[footnoteRef:8]  [8: \t Decree No. 1037 of 2022. ]\n"
        "[bookmark: z45]2. \tThe second,\n"
        "continued on a line of its own.\n"
        "\n"
        "600.\tNot a paragraph of the report (numbered beyond 520), kept with the one before.\n"
    )
    paragraphs = parse_report(text)
    assert sorted(paragraphs) == [1, 2]
    assert "1037" not in paragraphs[1] and paragraphs[1].startswith("The first paragraph.")
    assert paragraphs[2].startswith("The second, continued on a line of its own.")


def test_unstated_figures_names_each_number_no_citing_entry_states_per_language() -> None:
    paragraphs = parse_map(full_map(p309={"kind": "figure", "about": "pensioners"}, p86=CITIZEN_86))
    report = {
        309: "As at 1 January 2024, there were 2,344,030 pensioners; spending was 2,297.4 billion tenge.",
        86: "The 119 line answers 24/7.",
        12: "Background with 45 numbers nobody must state.",
    }
    pensioners = make_entry(
        "figures-pensioners",
        309,
        answer={
            "kk": "2024 жылғы 1 қаңтарда 2 344 030 зейнеткер болды; шығыс 2 297,4 млрд теңге.",
            "ru": "На 1 января 2024 года было 2 344 030 пенсионеров.",
            "en": "As at 1 January 2024 there were 2,344,030 pensioners; spending was 2,297.4 billion tenge.",
        },
    )
    legal = make_entry("legal-aid-119", 86, answer={"kk": "119, тәулік бойы", "ru": "119 круглосуточно", "en": "Call 119."})
    assert unstated_figures(report, [pensioners, legal], paragraphs) == (
        UnstatedFigures(86, "119 free legal advice line 24/7", (("24", ("kk", "ru", "en")),)),
        UnstatedFigures(309, "pensioners", (("2297.4", ("ru",)),)),
    )
    # A second entry citing the paragraph may state what the first leaves out.
    spending = make_entry("figures-spending", 309, answer={"kk": "2 297,4", "ru": "2 297,4 млрд", "en": "2,297.4"})
    assert [f.para for f in unstated_figures(report, [pensioners, legal, spending], paragraphs)] == [86]
