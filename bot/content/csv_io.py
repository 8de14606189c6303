"""Entries as CSV rows and back, for spreadsheets (``content export --csv`` / ``content import``).

The layout (one row per entry) is made for spreadsheets and is lossless:

- ``questions_*`` and ``keywords_*``: one item per line inside the cell;
- ``sources``: one citation per line, ``para 396`` (the report), ``Social Code, art. 154`` (a law),
  or both ``para 396; Social Code, art. 154``, followed by ``|ru=...|kk=...`` for the ref's wording
  in other languages;
- ``helplines`` and ``related``: comma-separated;
- ``translations``: ``kk=ru:0123456789ab; en=ru:...`` (language = source language : text hash).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from bot.content.load import Problem
from bot.core.content import REPORT_REF, Entry, Source
from bot.core.lang import LANGS

LANG_CODES = [lang.value for lang in LANGS]
COLUMNS: list[str] = [
    "id",
    "topic",
    "kind",
    *(f"title_{c}" for c in LANG_CODES),
    *(f"answer_{c}" for c in LANG_CODES),
    *(f"questions_{c}" for c in LANG_CODES),
    "sources",
    "helplines",
    "valid_as_of",
    "related",
    *(f"keywords_{c}" for c in LANG_CODES),
    "translations",
]
_PARA_RE = re.compile(r"^para\s+(\d+)\s*(?:;\s*(.+))?$", re.IGNORECASE)
_STAMP_RE = re.compile(r"^([a-z]{2})\s*=\s*([a-z]{2})\s*:\s*([0-9a-f]+)$")


class CsvFormatError(ValueError):
    """A cell cannot be read (or a model cannot be written) in the CSV layout."""

    def __init__(self, column: str, message: str) -> None:
        self.column = column
        super().__init__(f"{column}: {message}")


# --- CSV codec ----------------------------------------------------------------------------------


def _lines(items: Sequence[str], column: str) -> str:
    for item in items:
        if "\n" in item or "\r" in item:
            raise CsvFormatError(column, f"item {item!r} spans several lines; it cannot be one line of a cell")
    return "\n".join(items)


def encode_source(source: Source) -> str:
    if source.ref == REPORT_REF and source.para is not None:
        head = f"para {source.para}"
    elif source.para is not None:
        head = f"para {source.para}; {source.ref}"
    else:
        head = source.ref
    labels = "".join(f"|{lang.value}={source.label[lang]}" for lang in LANGS if lang in source.label)
    text = head + labels
    if decode_source(text) != source:
        raise CsvFormatError("sources", f"{source.ref!r} cannot be written losslessly (a '|' or 'para N' in it?)")
    return text


def decode_source(text: str) -> Source:
    head, *label_parts = (part.strip() for part in text.split("|"))
    labels: dict[str, str] = {}
    for part in label_parts:
        code, sep, label = part.partition("=")
        if not sep or code.strip() not in LANG_CODES:
            raise CsvFormatError("sources", f"{part!r}: a label is written as |kk=... |ru=... or |en=...")
        labels[code.strip()] = label.strip()
    m = _PARA_RE.match(head)
    data: dict[str, Any] = {"label": labels}
    if m:
        data["para"] = int(m.group(1))
        data["ref"] = m.group(2).strip() if m.group(2) else REPORT_REF
    else:
        data["ref"] = head
    try:
        return Source.model_validate(data)
    except ValidationError as exc:
        raise CsvFormatError("sources", f"{text!r}: {plain_message('sources', exc.errors()[0])}") from None


def entry_to_row(entry: Entry) -> dict[str, str]:
    row: dict[str, str] = {"id": entry.id, "topic": entry.topic, "kind": entry.kind or ""}
    for lang in LANGS:
        row[f"title_{lang.value}"] = entry.title.get(lang)
        row[f"answer_{lang.value}"] = entry.answer.get(lang)
        row[f"questions_{lang.value}"] = _lines(entry.questions.get(lang), f"questions_{lang.value}")
        row[f"keywords_{lang.value}"] = _lines(entry.keywords.get(lang), f"keywords_{lang.value}")
    row["sources"] = "\n".join(encode_source(s) for s in entry.sources)
    row["helplines"] = ", ".join(entry.helplines)
    row["valid_as_of"] = entry.valid_as_of.isoformat()
    row["related"] = ", ".join(entry.related)
    row["translations"] = "; ".join(
        f"{lang.value}={tr.source.value}:{tr.hash}"
        for lang, tr in sorted(entry.translations.items(), key=lambda kv: LANGS.index(kv[0]))
    )
    if row_to_entry(row) != entry:
        raise CsvFormatError("id", f"{entry.id}: the entry does not survive the CSV layout")
    return row


def _cell(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _split_lines(value: str) -> list[str]:
    return [line.strip() for line in value.split("\n") if line.strip()]


def _split_commas(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


def _raw_entry(row: dict[str, str]) -> dict[str, Any]:
    raw: dict[str, Any] = {"id": _cell(row, "id"), "topic": _cell(row, "topic")}
    if _cell(row, "kind"):
        raw["kind"] = _cell(row, "kind")
    raw["title"] = {c: _cell(row, f"title_{c}") for c in LANG_CODES}
    raw["questions"] = {c: _split_lines(_cell(row, f"questions_{c}")) for c in LANG_CODES}
    raw["answer"] = {c: _cell(row, f"answer_{c}") for c in LANG_CODES}
    raw["sources"] = [decode_source(line) for line in _split_lines(_cell(row, "sources"))]
    raw["helplines"] = _split_commas(_cell(row, "helplines"))
    raw["valid_as_of"] = parse_date(_cell(row, "valid_as_of"))
    raw["related"] = _split_commas(_cell(row, "related"))
    raw["keywords"] = {c: _split_lines(_cell(row, f"keywords_{c}")) for c in LANG_CODES}
    stamps: dict[str, dict[str, str]] = {}
    for part in _cell(row, "translations").replace("\n", ";").split(";"):
        if not part.strip():
            continue
        m = _STAMP_RE.match(part.strip())
        if not m:
            raise CsvFormatError("translations", f"{part.strip()!r}: write a stamp as kk=ru:0123456789ab")
        stamps[m.group(1)] = {"source": m.group(2), "hash": m.group(3)}
    raw["translations"] = stamps
    return raw


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
DATE_HINT = "write it as YYYY-MM-DD (2024-03-01) or dd.mm.yyyy (01.03.2024)"


def parse_date(text: str) -> date:
    """``valid_as_of`` as spreadsheets write it: 2024-03-01, or 01.03.2024 (a Russian or Kazakh
    locale); anything else is refused with what to write."""
    if not text:
        raise CsvFormatError("valid_as_of", f"empty: the date the answer is valid as of; {DATE_HINT}")
    day = re.sub(r"[ T]\d{1,2}:\d{2}(?::\d{2})?$", "", text)  # a spreadsheet may add a time
    m = _ISO_DATE.match(day)
    parts = (m.group(1), m.group(2), m.group(3)) if m else None
    if parts is None and (m := _DOTTED_DATE.match(day)):
        parts = (m.group(3), m.group(2), m.group(1))
    if parts is None:
        raise CsvFormatError("valid_as_of", f"{text!r} is not a date: {DATE_HINT}")
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise CsvFormatError("valid_as_of", f"{text!r} is not a day of the calendar: {DATE_HINT}") from None


def plain_message(column: str, error: Mapping[str, Any]) -> str:
    """A pydantic error as a plain sentence saying what to write (never the library's wording)."""
    kind = str(error.get("type", ""))
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "missing: fill it in"
    if kind in ("string_too_short", "too_short"):
        if column == "sources" or column.startswith("sources"):
            return "no source: write at least one, one per line, as 'para 401' or a law and article"
        if column.startswith("questions_"):
            return "no example question: write at least one, one per line"
        return "empty: write the text in this language"
    if kind == "string_pattern_mismatch":
        if column.startswith("helplines"):
            return f"{value!r} is not a helpline number: write 3 or 4 digits, like 1414"
        return f"{value!r} is not an id: write lowercase Latin words joined by hyphens, like retirement-age"
    if kind == "literal_error":
        return f"{value!r} is not allowed here: write one of {ctx.get('expected', '')} or leave it empty"
    if kind in ("int_parsing", "int_type", "greater_than_equal", "less_than_equal"):
        return f"{value!r} is not a paragraph of the report: write a number from 1 to 520"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{value!r} is not a date: {DATE_HINT}"
    return f"{value!r} cannot be used here: see the column's layout in the README"


def _column_of(loc: tuple[Any, ...]) -> str:
    """Name the CSV column a pydantic error location points at."""
    if not loc:
        return "(row)"
    head = str(loc[0])
    if head in ("title", "answer", "questions", "keywords") and len(loc) > 1 and str(loc[1]) in LANG_CODES:
        return f"{head}_{loc[1]}"
    if head == "sources" and len(loc) > 1 and isinstance(loc[1], int):
        return f"sources (line {loc[1] + 1})"
    if head in ("helplines", "related") and len(loc) > 1 and isinstance(loc[1], int):
        return f"{head} (item {loc[1] + 1})"
    return ".".join(str(p) for p in loc)


def row_to_entry(row: dict[str, str]) -> Entry:
    """One CSV row as an entry; raises CsvFormatError naming the column."""
    raw = _raw_entry(row)
    try:
        return Entry.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        column = _column_of(tuple(first["loc"]))
        raise CsvFormatError(column, plain_message(column, first)) from None


def _row_problems(row: dict[str, str], name: str, row_no: int) -> tuple[Entry | None, list[Problem]]:
    """The row as an entry, or plain sentences naming the row, the column and what to write."""
    try:
        raw = _raw_entry(row)
    except CsvFormatError as exc:
        return None, [Problem(name, row_no, f"row {row_no}, column {exc}")]
    try:
        return Entry.model_validate(raw), []
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            column = _column_of(tuple(e["loc"]))
            problems.append(Problem(name, row_no, f"row {row_no}, column {column}: {plain_message(column, e)}"))
        return None, problems


BOM = "\ufeff"  # Excel on Windows reads a CSV as UTF-8 (Cyrillic and Kazakh intact) only with it


def write_csv(entries: Sequence[Entry], out: TextIO, *, bom: bool = False) -> None:
    if bom:
        out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(entry_to_row(entry))


def _sniff_delimiter(text: str) -> str:
    """Spreadsheets in a Russian or Kazakh locale save CSV with ';'; accept ',', ';' and tab."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def read_csv(file: Path) -> tuple[list[tuple[int, Entry]], list[Problem]]:
    """Entries of an operator's CSV with their spreadsheet row numbers (header = row 1)."""
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" in a Russian locale is cp1251, which has no ә, ғ, қ, ң, ө, ұ, ү, һ, і:
        # reading it would silently damage the Kazakh texts.
        return [], [Problem(name, 1, 'not UTF-8: save it as "CSV UTF-8" (Excel) or with UTF-8 encoding (LibreOffice)')]
    except OSError as exc:
        return [], [Problem(name, 1, f"cannot read the file: {exc.strerror or exc}")]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    problems: list[Problem] = []
    if missing:
        problems.append(Problem(name, 1, f"missing columns: {', '.join(missing)}"))
    if unknown:
        problems.append(Problem(name, 1, f"unknown columns: {', '.join(unknown)} (expected {', '.join(COLUMNS)})"))
    if problems:
        return [], problems
    rows: list[tuple[int, Entry]] = []
    try:
        for row_no, row in enumerate(reader, start=2):
            if None in row:
                problems.append(Problem(name, row_no, "more cells than columns"))
                continue
            if not any((v or "").strip() for v in row.values()):
                continue
            entry, row_problems = _row_problems(row, name, row_no)
            problems += row_problems
            if entry is not None:
                rows.append((row_no, entry))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, f"CSV syntax: {exc}"))
    return rows, problems

