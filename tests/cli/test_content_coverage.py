"""`content coverage [--json]`: the citizen paragraphs of the report that no entry cites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bot.content.cli as cli_content
from bot.cli import main
from bot.content.coverage_map import MAP_FILE, load_coverage_map
from tests.storage.test_content_loader import REAL_CONTENT, write_fixture_content


def write_map(content: Path, citizen: dict[int, str], extra: str = "") -> Path:
    lines = ["paragraphs:"]
    for p in range(1, 521):
        about = citizen.get(p)
        lines.append(f'  {p}: {{kind: citizen, about: "{about}"}}' if about else f"  {p}: background")
    path = content / MAP_FILE
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def test_text_report_lists_the_uncovered_paragraphs_with_their_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)  # cites paras 367, 401 and 402
    write_map(content, {367: "150 helpline", 401: "retirement age", 258: "no maximum wage"})
    assert cli_content.coverage(content) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "citizen and figure paragraphs: 3",
        "covered: 2 (66%)",
        "uncovered: 1",
        "  para 258: no maximum wage",
    ]
    assert err == ""


def test_json_report_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_fixture_content(tmp_path)
    write_map(content, {402: "pension tiers", 86: "119 free legal advice line 24/7"})
    monkeypatch.setenv("CONTENT_DIR", str(content))
    assert main(["content", "coverage", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "citizen_total": 2,
        "covered": 1,
        "uncovered": [{"para": 86, "about": "119 free legal advice line 24/7"}],
    }


def test_an_unknown_paragraph_in_the_map_is_an_error_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)
    path = write_map(content, {367: "150 helpline"})
    path.write_text(
        path.read_text(encoding="utf-8").replace("  520: background", "  521: background"), encoding="utf-8"
    )
    assert cli_content.coverage(content) == 1
    err = capsys.readouterr().err
    assert MAP_FILE in err
    assert "paragraph 521: unknown" in err


def test_a_missing_map_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    assert cli_content.coverage(content) == 1
    assert "cannot read the map" in capsys.readouterr().err


def test_the_coverage_map_is_not_read_as_a_topic_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)
    write_map(content, {})
    assert cli_content.validate(content) == 0
    assert "3 entries in 2 topics" in capsys.readouterr().out


def test_the_real_content_report_runs_and_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = load_coverage_map(REAL_CONTENT / MAP_FILE)
    assert sorted(paragraphs) == list(range(1, 521))
    citizen = [c for c in paragraphs.values() if c.kind in ("citizen", "figure")]
    assert citizen, "the map classes some paragraphs as citizen"
    assert all(c.about for c in citizen)
    assert cli_content.coverage(REAL_CONTENT, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["citizen_total"] == len(citizen)
    assert data["covered"] + len(data["uncovered"]) == data["citizen_total"]
    # Paragraphs the brief names as citizen facts stay classed so.
    for para in (86, 258, 341):
        assert paragraphs[para].kind == "citizen"


def test_with_the_report_it_lists_the_numbers_no_citing_entry_states(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_fixture_content(tmp_path)  # para 401: retirement age 63 and 61 in kk/ru/en
    write_map(content, {401: "retirement age", 402: "pension tiers"})
    report = tmp_path / "report.txt"
    report.write_text(
        "401.\tThe retirement age is 63 for men and 61 for women; 2,344,030 people receive a pension.\n"
        "402.\tA pension has three tiers.\n",
        encoding="utf-8",
    )
    assert cli_content.coverage(content, report_path=report) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        "numbers of cited paragraphs no citing entry states: 1 in 1 paragraphs",
        "  para 401 (retirement age): 2344030",
    ]
    monkeypatch.setenv("CONTENT_DIR", str(content))
    assert main(["content", "coverage", "--json", "--report", str(report)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unstated_figures"] == [
        {"para": 401, "about": "retirement age", "missing": [{"figure": "2344030", "langs": ["kk", "ru", "en"]}]}
    ]


def test_an_unreadable_report_is_an_error_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    write_map(content, {401: "retirement age"})
    assert cli_content.coverage(content, report_path=tmp_path / "missing.txt") == 1
    assert "missing.txt: cannot read the report" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("no numbered paragraphs here\n", encoding="utf-8")
    assert cli_content.coverage(content, report_path=empty) == 1
    assert "no numbered paragraphs found" in capsys.readouterr().err
