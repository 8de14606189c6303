"""bot.core.coverage: which citizen paragraphs of the report the entries cite."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.core.content import Entry, Source
from bot.core.coverage import CoverageMapError, ParaClass, cited_paragraphs, coverage, parse_map


def make_entry(entry_id: str, *paras: int) -> Entry:
    text = {"kk": "мәтін", "ru": "текст", "en": "text"}
    return Entry(
        id=entry_id,
        topic="legal-aid",
        title=text,
        questions={"kk": ["сұрақ"], "ru": ["вопрос"], "en": ["question"]},
        answer=text,
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
        ({"p86": "important"}, "kind 'important' is not one of citizen, background"),
        ({"p86": {"kind": "citizen"}}, "paragraph 86: a citizen paragraph needs 'about'"),
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
