"""Drafts: a new entry started from a cluster of unanswered questions (``content draft``).

A draft is a topic file with ``draft: true`` at the top. It holds the cluster's questions as
example questions in their languages and empty titles, answers and sources to fill. It is never
served: the loader leaves it out of the catalog, and ``content validate`` lists it as warnings,
saying what is still to fill; once it is complete, it says what still blocks it (sources,
questions in every language, checks across entries) and how to publish it: delete the
``draft: true`` line, ``content validate``, then ``/reload``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from bot.content.load import ContentFile, Problem
from bot.content.yaml_io import write_atomic

LANGS = ("kk", "ru", "en")
MAX_QUESTIONS = 8  # example questions per language taken from the cluster


def slug(text: str) -> str:
    """A kebab-case id from a cluster key (``~traffic-fines`` -> ``traffic-fines``)."""
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return s or "new-entry"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def render_draft(entry_id: str, questions: Mapping[str, Sequence[str]], note: str, today: date) -> str:
    """The draft file's text: the cluster's questions in their languages, the rest to fill."""
    lines = [
        f"# Draft entry from unanswered questions: {note}",
        "# Fill every empty \"\" (titles and answers in kk, ru and en), add example questions in the",
        "# languages that have none, the sources (a paragraph of the report: {para: N}; or a law:",
        "# {ref: \"...\"}) and valid_as_of. `python -m bot content validate` says what is still missing.",
        "# To publish: delete the `draft: true` line below, run `content validate`, then /reload.",
        "draft: true",
        "topic:",
        f"  id: {entry_id}",
        '  title: {kk: "", ru: "", en: ""}',
        "  order: 900",
        "entries:",
        f"  - id: {entry_id}",
        f"    topic: {entry_id}",
        '    title: {kk: "", ru: "", en: ""}',
        "    questions:",
    ]
    for lang in LANGS:
        qs = list(questions.get(lang, ()))[:MAX_QUESTIONS]
        if qs:
            lines.append(f"      {lang}:")
            lines += [f"        - {_q(q)}" for q in qs]
        else:
            lines.append(f"      {lang}: []")
    lines += [
        "    answer:",
        *[f'      {lang}: ""' for lang in LANGS],
        "    sources: []",
        f"    valid_as_of: {today.isoformat()}",
        "",
    ]
    return "\n".join(lines)


def write_draft(
    content_dir: Path, entry_id: str, questions: Mapping[str, Sequence[str]], note: str, today: date
) -> Path:
    """Write ``content_dir/<id>.yaml`` (``-2``, ``-3`` ... when taken); returns its path."""
    base, n = entry_id, 1
    path = Path(content_dir) / f"{entry_id}.yaml"
    while path.exists():
        n += 1
        entry_id = f"{base}-{n}"
        path = Path(content_dir) / f"{entry_id}.yaml"
    write_atomic(path, render_draft(entry_id, questions, note, today))
    return path


_PLAIN = (
    ("String should have at least 1 character", "empty, write it"),
    ("List should have at least 1 item after validation, not 0", "none yet, add at least one"),
    ("Field required", "missing, add it"),
)


def _plain(message: str) -> str:
    return message.replace("(entry): Value error, ", "")


def _as_warning(p: Problem, prefix: str) -> Problem:
    message = _plain(p.message)
    for library, plain in _PLAIN:
        message = message.replace(library, plain)
    return Problem(p.file, p.line, f"{prefix}{message}", "warning")


def draft_problems(served: Sequence[ContentFile], drafts: Sequence[ContentFile]) -> list[Problem]:
    """Warnings for the drafts: what to fill, or, when complete, what still blocks publishing."""
    from bot.content.checks import check_files

    out: list[Problem] = []
    for d in drafts:
        own = [p for p in d.problems if p.severity == "error"]
        if own:
            fields = sorted({_plain(p.message).split(":", 1)[0] for p in own})
            out.append(Problem(d.rel, 1, f"draft, not served; still to fill: {', '.join(fields)}", "warning"))
            out += [_as_warning(p, "draft: ") for p in own]
            continue
        _, trial = check_files([*served, dataclasses.replace(d, draft=False)])
        mine = [p for p in trial if p.file == d.rel]
        blocking = [p for p in mine if p.severity == "error"]
        if blocking:
            out.append(Problem(d.rel, 1, "draft complete, but these would block it once published:", "warning"))
            out += [_as_warning(p, "draft: ") for p in blocking]
        else:
            out.append(
                Problem(d.rel, 1, "draft complete: delete the `draft: true` line to serve it, then /reload", "warning")
            )
        out += [_as_warning(p, "draft: ") for p in mine if p.severity != "error"]
    return out
