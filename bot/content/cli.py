"""`content validate | export | import | stamp`: tooling for the operators who curate the entries.

The CSV layout (one row per entry) is made for spreadsheets and is lossless:

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
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from bot.content.catalog import load_catalog
from bot.content.checks import check_entries
from bot.content.load import ContentFile, Located, Problem, content_files, read_dir
from bot.content.stamp import stamp_catalog
from bot.content.yaml_io import render_topic_file, write_atomic
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
        raise CsvFormatError("sources", f"{text!r}: {exc.errors()[0]['msg']}") from None


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
    raw["valid_as_of"] = _cell(row, "valid_as_of")
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
        raise CsvFormatError(_column_of(tuple(first["loc"])), first["msg"]) from None


def _row_problems(row: dict[str, str], name: str, row_no: int) -> tuple[Entry | None, list[Problem]]:
    try:
        raw = _raw_entry(row)
    except CsvFormatError as exc:
        return None, [Problem(name, row_no, str(exc))]
    try:
        return Entry.model_validate(raw), []
    except ValidationError as exc:
        return None, [Problem(name, row_no, f"{_column_of(tuple(e['loc']))}: {e['msg']}") for e in exc.errors()]


def write_csv(entries: Sequence[Entry], out: TextIO) -> None:
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


# --- commands -----------------------------------------------------------------------------------


def _print_problems(problems: Sequence[Problem], out: TextIO | None = None) -> None:
    out = out or sys.stderr
    for p in problems:
        print(p, file=out)


def validate(content_dir: Path) -> int:
    result = load_catalog(content_dir)
    _print_problems(result.problems)
    errors, warnings = len(result.errors), len(result.warnings)
    print(
        f"{result.entries_found} entries in {result.topics_found} topics, "
        f"{warnings} warning{'s' * (warnings != 1)}, {errors} error{'s' * (errors != 1)}"
    )
    return 1 if errors else 0


def export_json_data(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """Entries in the schema of interface.md (id, topic, title, questions, answer, sources,
    helplines, valid_as_of), then related, keywords and translations; sources also carry label."""
    out = []
    for entry in entries:
        data = entry.model_dump(mode="json", exclude={"kind"})  # the interface schema has no kind
        data["sources"] = [
            {"ref": s.ref, "para": s.para, "label": {lang.value: s.label[lang] for lang in LANGS if lang in s.label}}
            for s in entry.sources
        ]
        out.append(data)
    return out


def export(content_dir: Path, as_csv: bool) -> int:
    result = load_catalog(content_dir)
    if not result.ok or result.catalog is None:
        _print_problems(result.errors)
        print("content has errors; fix them first (`content validate`)", file=sys.stderr)
        return 1
    entries = result.catalog.entries
    if as_csv:
        try:
            buf = io.StringIO()
            write_csv(entries, buf)
        except CsvFormatError as exc:
            print(f"cannot export as CSV: {exc}", file=sys.stderr)
            return 1
        text = buf.getvalue()
    else:
        text = json.dumps(export_json_data(entries), ensure_ascii=False, indent=2) + "\n"
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
    return 0


@dataclass
class ImportPlan:
    texts: dict[Path, str]  # file -> its new text (only files that change)
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    not_in_csv: list[str]
    warnings: list[Problem]


def plan_import(content_dir: Path, file: Path) -> tuple[ImportPlan | None, list[Problem]]:
    """Everything an import would write, checked; nothing is written here."""
    rows, problems = read_csv(file)
    files, _ = read_dir(content_dir)
    if not files:
        problems.append(Problem(str(content_dir), 1, "no *.yaml content files"))
    for f in files:
        problems += [p for p in f.problems if p.severity == "error"]
    seen: dict[str, int] = {}
    for row_no, entry in rows:
        if entry.id in seen:
            problems.append(Problem(str(file), row_no, f"id '{entry.id}' is also in row {seen[entry.id]}"))
        seen.setdefault(entry.id, row_no)
    topic_files: dict[str, ContentFile] = {f.topic.id: f for f in files if f.topic is not None}
    for row_no, entry in rows:
        if entry.topic not in topic_files:
            problems.append(
                Problem(str(file), row_no, f"topic: unknown topic '{entry.topic}' (known: {', '.join(sorted(topic_files))})")
            )
    if problems:
        return None, problems

    incoming = {entry.id: (row_no, entry) for row_no, entry in rows}
    new_lists: dict[Path, list[Located]] = {f.path: [] for f in files}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    not_in_csv: list[str] = []
    placed: set[str] = set()
    for f in files:
        for loc in f.entries:
            if loc.entry.id not in incoming:
                not_in_csv.append(loc.entry.id)
                new_lists[f.path].append(loc)
                continue
            row_no, entry = incoming[loc.entry.id]
            placed.add(entry.id)
            (unchanged if entry == loc.entry else updated).append(entry.id)
            target = f if entry.topic == (f.topic.id if f.topic else None) else topic_files[entry.topic]
            new_lists[target.path].append(loc if entry == loc.entry else Located(entry, str(file), row_no))
    for row_no, entry in rows:
        if entry.id not in placed:
            added.append(entry.id)
            new_lists[topic_files[entry.topic].path].append(Located(entry, str(file), row_no))

    merged = [loc for f in files for loc in new_lists[f.path]]
    checks = check_entries(merged, {t: f.topic for t, f in topic_files.items() if f.topic is not None})
    errors = [p for p in checks if p.severity == "error"]
    if errors:
        return None, errors
    texts: dict[Path, str] = {}
    for f in files:
        new_entries = [loc.entry for loc in new_lists[f.path]]
        if f.topic is not None and new_entries != [loc.entry for loc in f.entries]:
            texts[f.path] = render_topic_file(f.topic, new_entries)
    warnings = [p for p in checks if p.severity == "warning" and p.file == str(file)]
    plan = ImportPlan(texts, added, updated, unchanged, not_in_csv, warnings)
    return plan, _verify_written(content_dir, plan, [loc.entry for loc in merged])


def _verify_written(content_dir: Path, plan: ImportPlan, expected: list[Entry]) -> list[Problem]:
    """Load the files as they would be written (in a scratch copy): they must mean exactly ``expected``."""
    with tempfile.TemporaryDirectory(prefix="content-import-") as tmp:
        scratch = Path(tmp) / Path(content_dir).name
        scratch.mkdir()
        for path in content_files(content_dir):
            shutil.copy2(path, scratch / path.name)
        for path, text in plan.texts.items():
            (scratch / path.name).write_text(text, encoding="utf-8")
        result = load_catalog(scratch)
        if result.catalog is None:
            return [Problem(p.file, p.line, f"(as it would be written) {p.message}") for p in result.errors]
        if result.catalog.entries != expected:
            return [Problem(str(content_dir), 1, "internal: the written YAML would not mean the imported entries")]
    return []


def import_csv(content_dir: Path, file: Path) -> int:
    plan, problems = plan_import(Path(content_dir), Path(file))
    if plan is None or problems:
        _print_problems(problems)
        print(f"nothing imported: {len(problems)} problem{'s' * (len(problems) != 1)}", file=sys.stderr)
        return 1
    _print_problems(plan.warnings)
    for path, text in sorted(plan.texts.items()):
        write_atomic(path, text)
    print(
        f"imported {file}: {len(plan.added)} added, {len(plan.updated)} updated, "
        f"{len(plan.unchanged)} unchanged; {len(plan.texts)} file{'s' * (len(plan.texts) != 1)} written"
    )
    for path in sorted(plan.texts):
        print(f"  wrote {path}")
    if plan.not_in_csv:
        print(
            f"{len(plan.not_in_csv)} entries in the content are not in the CSV and were left alone: "
            + ", ".join(plan.not_in_csv)
        )
    return 0


def stamp(content_dir: Path) -> int:
    result = stamp_catalog(Path(content_dir))
    if not result.entries:
        print("every entry already has translation stamps; nothing to do")
        return 0
    print(f"stamped {len(result.entries)} entries in {len(result.files)} files: {', '.join(result.entries)}")
    return 0
