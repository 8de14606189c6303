"""`content validate | export | import | stamp`: tooling for the operators who curate the entries.

The CSV layout (one row per entry, lossless) is described in csv_io.py.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.content.catalog import load_catalog
from bot.content.checks import check_entries
from bot.content.coverage_map import load_coverage_map, load_report, map_path
from bot.content.csv_io import CsvFormatError, read_csv, write_csv
from bot.content.load import ContentFile, Located, Problem, content_files, read_dir
from bot.content.stamp import stamp_catalog
from bot.content.yaml_io import render_topic_file, write_atomic
from bot.core.content import Entry
from bot.core.coverage import CoverageMapError, unstated_figures
from bot.core.coverage import coverage as coverage_of
from bot.core.lang import LANGS

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
            write_csv(entries, buf, bom=True)
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
    files = [f for f in files if not f.draft]  # drafts are edited in their files, not by import
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


def coverage(content_dir: Path, as_json: bool = False, report_path: Path | None = None) -> int:
    """`content coverage [--json] [--report PATH]`: which citizen and figure paragraphs of the
    report no entry cites yet; with the report's text, also the numbers of each cited paragraph
    that no entry citing it states."""
    try:
        paragraphs = load_coverage_map(map_path(content_dir))
        report_text = load_report(report_path) if report_path is not None else None
    except CoverageMapError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    result = load_catalog(Path(content_dir))
    if result.catalog is None:
        _print_problems(result.errors)
        print("content has errors; fix them first (`content validate`)", file=sys.stderr)
        return 1
    report = coverage_of(result.catalog.entries, paragraphs)
    figures = (
        unstated_figures(report_text, result.catalog.entries, paragraphs) if report_text is not None else None
    )
    if as_json:
        data: dict[str, object] = {
            "citizen_total": report.total,
            "covered": len(report.covered),
            "uncovered": [{"para": c.para, "about": c.about} for c in report.uncovered],
        }
        if figures is not None:
            data["unstated_figures"] = [
                {"para": f.para, "about": f.about, "missing": [{"figure": n, "langs": list(langs)} for n, langs in f.missing]}
                for f in figures
            ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    share = 100 * len(report.covered) // report.total if report.total else 100
    print(f"citizen and figure paragraphs: {report.total}")
    print(f"covered: {len(report.covered)} ({share}%)")
    print(f"uncovered: {len(report.uncovered)}")
    for c in report.uncovered:
        print(f"  para {c.para}: {c.about}")
    if figures is not None:
        missing = sum(len(f.missing) for f in figures)
        print(f"numbers of cited paragraphs no citing entry states: {missing} in {len(figures)} paragraphs")
        for f in figures:
            listed = ", ".join(n if len(langs) == 3 else f"{n} ({'/'.join(langs)})" for n, langs in f.missing)
            print(f"  para {f.para} ({f.about}): {listed}")
    return 0
