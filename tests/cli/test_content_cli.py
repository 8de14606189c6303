"""`content validate | export | import | stamp` as operators use them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.content import cli as cli_content
from bot.content.catalog import load_catalog
from bot.content.csv_io import COLUMNS, CsvFormatError, decode_source, encode_source
from bot.content.load import content_files
from bot.core.content import REPORT_REF, Source
from bot.core.lang import Lang
from tests.storage.test_content_loader import (
    PENSION_EN,
    PENSION_RU,
    REAL_CONTENT,
    edit,
    line_of,
    name_119_without_listing_it,
    write_fixture_content,
)

INTERFACE_KEYS = ["id", "topic", "title", "questions", "answer", "sources", "helplines", "valid_as_of"]
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<severity>error|warning): .+$")


def snapshot(content: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(content.iterdir()) if p.is_file()}


def topics_only_copy(content: Path, dest: Path) -> Path:
    """The same topic files with no entries: an import into it writes every entry anew."""
    dest.mkdir(parents=True)
    for path in content_files(content):
        text = path.read_text(encoding="utf-8")
        (dest / path.name).write_text(text.split("\nentries:", 1)[0] + "\nentries: []\n", encoding="utf-8")
    return dest


def export_csv(content: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli_content.export(content, as_csv=True) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffid,")  # the BOM: Excel reads the file as UTF-8
    return out[1:]


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def write_rows(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- validate -----------------------------------------------------------------------------------


def test_validate_clean_content_prints_a_summary_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    assert cli_content.validate(content) == 0
    out, err = capsys.readouterr()
    assert out == "3 entries in 2 topics, 0 warnings, 0 errors\n"
    assert err == ""


def test_validate_reports_file_line_errors_on_stderr_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)
    edit(content / "pensions.yaml", "related: [pension-tiers]", "related: [pension-gone]")
    edit(content / "helplines.yaml", "valid_as_of: 2024-01-01", "valid_as_of: 2024-02-30")
    assert cli_content.validate(content) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert {(m["file"], m["severity"]) for m in map(PROBLEM_LINE.match, lines) if m} == {
        ("content/pensions.yaml", "error"),
        ("content/helplines.yaml", "error"),
    }
    assert out == "3 entries in 2 topics, 0 warnings, 2 errors\n"


def test_validate_warnings_alone_do_not_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    edit(content / "pensions.yaml", PENSION_RU, PENSION_RU.replace("Звоните", "Позвоните"))
    assert cli_content.validate(content) == 0
    out, err = capsys.readouterr()
    assert "warning: retirement-age: kk answer may be stale" in err
    assert out == "3 entries in 2 topics, 2 warnings, 0 errors\n"


def test_validate_fails_on_a_helpline_the_answer_names_but_does_not_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    name_119_without_listing_it(path)
    assert cli_content.validate(content) == 1
    err = capsys.readouterr().err
    line = line_of(path, 'helplines: ["1414"]')
    expected = f"content/pensions.yaml:{line}: error: retirement-age: answer names ['119'] but `helplines` does not list them"
    assert expected in err.splitlines()


def test_python_m_bot_content_validate_reads_content_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_fixture_content(tmp_path)
    monkeypatch.setenv("CONTENT_DIR", str(content))
    monkeypatch.chdir(tmp_path)
    assert main(["content", "validate"]) == 0
    assert capsys.readouterr().out.startswith("3 entries in 2 topics")


def test_real_content_validates_without_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_content.validate(REAL_CONTENT)
    out, err = capsys.readouterr()
    assert code == 0, [line for line in err.splitlines() if ": error: " in line]
    assert re.match(r"^\d+ entries in \d+ topics", out)


# --- export --json ------------------------------------------------------------------------------


def test_export_json_follows_the_interface_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    assert cli_content.export(content, as_csv=False) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and [e["id"] for e in data] == ["child-helpline", "retirement-age", "pension-tiers"]
    for item in data:
        assert list(item)[: len(INTERFACE_KEYS)] == INTERFACE_KEYS
        assert isinstance(item["id"], str) and isinstance(item["topic"], str)
        for key in ("title", "answer"):
            assert set(item[key]) == {"kk", "ru", "en"} and all(isinstance(v, str) for v in item[key].values())
        assert set(item["questions"]) == {"kk", "ru", "en"}
        assert all(isinstance(q, str) for qs in item["questions"].values() for q in qs)
        assert item["sources"] and all(isinstance(s["ref"], str) for s in item["sources"])
        assert all(s["para"] is None or isinstance(s["para"], int) for s in item["sources"])
        assert all(isinstance(h, str) for h in item["helplines"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["valid_as_of"])
    age = data[1]
    assert age["sources"][0] == {"ref": REPORT_REF, "para": 401, "label": {}}
    assert age["sources"][1]["para"] is None and age["sources"][1]["ref"] == "Social Code, art. 154"
    assert age["answer"]["en"] == PENSION_EN
    assert age["related"] == ["pension-tiers"]
    assert set(age["translations"]) == {"kk", "en"}


def test_export_refuses_content_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    edit(content / "pensions.yaml", "related: [pension-tiers]", "related: [pension-gone]")
    assert cli_content.export(content, as_csv=False) == 1
    out, err = capsys.readouterr()
    assert out == "" and "pension-gone" in err


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_has_one_row_per_entry_in_the_documented_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = rows_of(export_csv(write_fixture_content(tmp_path), capsys))
    assert list(rows[0]) == COLUMNS
    age = rows[1]
    assert age["id"] == "retirement-age" and age["topic"] == "pensions"
    assert age["questions_ru"].split("\n")[:2] == ["пенсионный возраст", "когда на пенсию"]
    assert age["sources"] == "para 401\nSocial Code, art. 154|kk=Әлеуметтік кодекс, 154-бап|ru=Социальный кодекс, ст. 154"
    assert age["helplines"] == "1414" and age["related"] == "pension-tiers" and age["valid_as_of"] == "2024-01-01"
    assert re.fullmatch(r"kk=ru:[0-9a-f]{12}; en=ru:[0-9a-f]{12}", age["translations"])


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (Source(para=12), "para 12"),
        (Source(ref="Labour Code, art. 9"), "Labour Code, art. 9"),
        (Source(ref="Social Code", para=396), "para 396; Social Code"),
        (
            Source(ref="Social Code", para=396, label={Lang.RU: "Социальный кодекс", Lang.KK: "Әлеуметтік кодекс"}),
            "para 396; Social Code|kk=Әлеуметтік кодекс|ru=Социальный кодекс",
        ),
    ],
)
def test_sources_cell_is_readable_and_lossless(source: Source, text: str) -> None:
    assert encode_source(source) == text
    assert decode_source(text) == source


@pytest.mark.parametrize("ref", ["Law A|B", "para 7; Law"])
def test_a_source_the_csv_cannot_carry_is_refused_on_export(ref: str) -> None:
    with pytest.raises(CsvFormatError):
        encode_source(Source(ref=ref))


def test_csv_round_trip_on_the_fixture_is_lossless(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path / "a")
    csv_file = tmp_path / "entries.csv"
    csv_file.write_text(export_csv(content, capsys), encoding="utf-8")
    target = topics_only_copy(content, tmp_path / "b" / "content")
    assert cli_content.import_csv(target, csv_file) == 0
    assert "3 added, 0 updated, 0 unchanged; 2 files written" in capsys.readouterr().out
    original, imported = load_catalog(content), load_catalog(target)
    assert imported.problems == []
    assert imported.catalog == original.catalog
    # Exporting again gives the same bytes: the YAML writer and the CSV layout agree.
    assert export_csv(target, capsys) == csv_file.read_bytes().decode("utf-8")


def test_csv_round_trip_on_the_real_content_is_lossless(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Other people edit content/ while tests run: work on a copy of what is there now.
    snapshot_dir = tmp_path / "snapshot" / "content"
    shutil.copytree(REAL_CONTENT, snapshot_dir)
    original = load_catalog(snapshot_dir)
    assert original.catalog is not None, [str(p) for p in original.errors]
    csv_file = tmp_path / "real.csv"
    csv_file.write_text(export_csv(snapshot_dir, capsys), encoding="utf-8")
    assert len(rows_of(csv_file.read_text(encoding="utf-8"))) == len(original.catalog.entries)

    # Unchanged CSV into the same content: nothing to write.
    same = snapshot(snapshot_dir)
    assert cli_content.import_csv(snapshot_dir, csv_file) == 0
    assert "0 files written" in capsys.readouterr().out
    assert snapshot(snapshot_dir) == same

    # Into topic files without entries: every entry is written anew and means the same.
    target = topics_only_copy(snapshot_dir, tmp_path / "rewritten" / "content")
    assert cli_content.import_csv(target, csv_file) == 0
    rewritten = load_catalog(target)
    assert rewritten.catalog is not None and rewritten.errors == []
    assert rewritten.catalog.entries == original.catalog.entries
    assert rewritten.catalog.topics == original.catalog.topics


def test_import_updates_an_entry_in_place_and_leaves_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    rows = rows_of(export_csv(content, capsys))
    tiers = next(r for r in rows if r["id"] == "pension-tiers")
    tiers["title_en"] = "The three pension tiers"
    csv_file = write_rows(tmp_path / "edit.csv", [tiers])
    before = snapshot(content)
    assert cli_content.import_csv(content, csv_file) == 0
    out = capsys.readouterr().out
    assert "0 added, 1 updated, 0 unchanged; 1 file written" in out
    assert "2 entries in the content are not in the CSV and were left alone: child-helpline, retirement-age" in out
    after = snapshot(content)
    assert after["helplines.yaml"] == before["helplines.yaml"]
    assert after["pensions.yaml"] != before["pensions.yaml"]
    catalog = load_catalog(content).catalog
    assert catalog is not None
    assert [e.id for e in catalog.entries] == ["child-helpline", "retirement-age", "pension-tiers"]
    tiers_entry = catalog.entry("pension-tiers")
    assert tiers_entry is not None and tiers_entry.title.en == "The three pension tiers"


def test_import_adds_new_entries_to_their_topic_file_and_moves_a_changed_topic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)
    rows = rows_of(export_csv(content, capsys))
    new = dict(next(r for r in rows if r["id"] == "child-helpline"), id="child-helpline-copy", related="")
    moved = dict(next(r for r in rows if r["id"] == "pension-tiers"), topic="helplines")
    age = next(r for r in rows if r["id"] == "retirement-age")
    csv_file = write_rows(tmp_path / "more.csv", [new, moved, age])
    assert cli_content.import_csv(content, csv_file) == 0
    assert "1 added, 1 updated, 1 unchanged; 2 files written" in capsys.readouterr().out
    result = load_catalog(content)
    assert result.catalog is not None
    by_topic = {t.id: [e.id for e in result.catalog.entries if e.topic == t.id] for t in result.catalog.topics}
    assert by_topic == {"helplines": ["child-helpline", "pension-tiers", "child-helpline-copy"], "pensions": ["retirement-age"]}
    assert "pension-tiers" in (content / "helplines.yaml").read_text(encoding="utf-8")


def test_import_accepts_a_spreadsheet_csv_with_semicolons_and_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    rows = rows_of(export_csv(content, capsys))
    rows[0]["title_ru"] = "Телефон доверия 150"
    csv_file = write_rows(tmp_path / "excel.csv", rows, delimiter=";")
    csv_file.write_bytes(b"\xef\xbb\xbf" + csv_file.read_bytes().replace(b"\n", b"\r\n"))
    assert cli_content.import_csv(content, csv_file) == 0
    assert "0 added, 1 updated, 2 unchanged" in capsys.readouterr().out
    catalog = load_catalog(content).catalog
    assert catalog is not None
    assert catalog.entries[0].title.ru == "Телефон доверия 150"


BAD_EDITS = {
    "bad date": ({"valid_as_of": "2024-02-30"}, 3, "row 3, column valid_as_of: '2024-02-30' is not a day of the calendar: write it as YYYY-MM-DD (2024-03-01) or dd.mm.yyyy (01.03.2024)"),
    "month out of range": ({"valid_as_of": "01.13.2024"}, 3, "row 3, column valid_as_of: '01.13.2024' is not a day"),
    "not a date": ({"valid_as_of": "March 2024"}, 3, "'March 2024' is not a date: write it as YYYY-MM-DD"),
    "bad id": ({"id": "Пенсия"}, 3, "row 3, column id: 'Пенсия' is not an id: write lowercase Latin words"),
    "bad helpline": ({"helplines": "12"}, 3, "'12' is not a helpline number: write 3 or 4 digits"),
    "unknown topic": ({"topic": "taxes"}, 3, "topic: unknown topic 'taxes'"),
    "unknown related id": ({"related": "pension-tiers, nowhere"}, 3, "related id 'nowhere' does not exist"),
    "missing language": ({"answer_kk": ""}, 3, "row 3, column answer_kk: empty: write the text in this language"),
    "no sources": ({"sources": ""}, 3, "row 3, column sources: no source: write at least one"),
    "bad source": ({"sources": "para 401|de=Sozialgesetzbuch"}, 3, "a label is written as"),
    "numbers differ": ({"answer_en": PENSION_EN.replace("63", "65")}, 3, "numbers differ between languages"),
    "bad stamp": ({"translations": "kk from ru"}, 3, "write a stamp as kk=ru:"),
    "duplicate id": ({"id": "child-helpline"}, 3, "id 'child-helpline' is also in row 2"),
}


@pytest.mark.parametrize("case", list(BAD_EDITS))
def test_import_rejects_a_bad_csv_without_touching_files(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)
    rows = rows_of(export_csv(content, capsys))
    changes, row_no, message = BAD_EDITS[case]
    rows[1].update(changes)
    rows[0]["title_en"] = "A change that must not be written"
    csv_file = write_rows(tmp_path / "bad.csv", rows)
    before = snapshot(content)
    assert cli_content.import_csv(content, csv_file) == 1
    out, err = capsys.readouterr()
    assert snapshot(content) == before
    assert out == ""
    assert f"{csv_file}:{row_no}: error: " in err
    assert message in err
    assert "nothing imported" in err


@pytest.mark.parametrize("written", ["01.03.2024", "1.3.2024", "2024-03-01", "01/03/2024"])
def test_import_accepts_the_dates_spreadsheets_write(
    written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)
    rows = rows_of(export_csv(content, capsys))
    rows[0]["valid_as_of"] = written
    csv_file = write_rows(tmp_path / "dates.csv", rows, delimiter=";")
    assert cli_content.import_csv(content, csv_file) == 0, capsys.readouterr().err
    catalog = load_catalog(content).catalog
    assert catalog is not None
    assert {e.valid_as_of.isoformat() for e in catalog.entries if e.id == rows[0]["id"]} == {"2024-03-01"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"valid_as_of": "15.13.2024"}, "row 2, column valid_as_of: '15.13.2024' is not a day of the calendar"),
        ({"sources": "para 9999"}, "9999 is not a paragraph of the report: write a number from 1 to 520"),
        ({"title_ru": "", "kind": "weird"}, "row 2, column title_ru: empty: write the text in this language"),
        ({"kind": "weird"}, "row 2, column kind: 'weird' is not allowed here: write one of"),
    ],
)
def test_import_errors_are_plain_sentences(
    changes: dict[str, str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_fixture_content(tmp_path)
    rows = rows_of(export_csv(content, capsys))
    rows[0].update(changes)
    csv_file = write_rows(tmp_path / "bad.csv", rows)
    assert cli_content.import_csv(content, csv_file) == 1
    err = capsys.readouterr().err
    for library_words in ("Input should", "String should", "validation error", "value is outside"):
        assert library_words not in err
    assert expected in err


def test_import_rejects_missing_and_unknown_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    rows = rows_of(export_csv(content, capsys))
    for row in rows:
        del row["valid_as_of"]
        row["notes"] = "x"
    csv_file = write_rows(tmp_path / "cols.csv", rows)
    before = snapshot(content)
    assert cli_content.import_csv(content, csv_file) == 1
    err = capsys.readouterr().err
    assert f"{csv_file}:1: error: missing columns: valid_as_of" in err
    assert f"{csv_file}:1: error: unknown columns: notes" in err
    assert snapshot(content) == before


# --- stamp --------------------------------------------------------------------------------------


def test_stamp_command_stamps_unstamped_entries_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "helplines.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("    translations:\n")[0], encoding="utf-8")
    assert cli_content.stamp(content) == 0
    assert capsys.readouterr().out == "stamped 1 entries in 1 files: child-helpline\n"
    assert cli_content.stamp(content) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert load_catalog(content).problems == []


def test_import_refuses_a_csv_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_fixture_content(tmp_path)
    text = export_csv(content, capsys).replace("Детский телефон доверия", "Телефон доверия")
    csv_file = tmp_path / "cp1251.csv"
    csv_file.write_bytes(text.encode("cp1251", errors="replace"))
    before = snapshot(content)
    assert cli_content.import_csv(content, csv_file) == 1
    assert f'{csv_file}:1: error: not UTF-8: save it as "CSV UTF-8"' in capsys.readouterr().err
    assert snapshot(content) == before
