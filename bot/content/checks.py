"""Checks across the entries read: unique ids, links, topics, the same figures in every
language, the kinds the engine needs, and the editorial warnings (stale translations, few
example questions, long answers, unknown helplines), each with the file and line it is about."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from bot.content.load import ContentFile, Located, Problem
from bot.core.content import REQUIRED_KINDS, Catalog, Topic, numbers_in
from bot.core.helpline_rules import KNOWN_HELPLINES, helpline_problems
from bot.core.lang import LANGS, Lang
from bot.core.normalize import clean, fold_kk, words
from bot.core.vocab import layout_typed, layout_typed_english

MIN_QUESTIONS = 6
MAX_ANSWER_CHARS = 1200


def _entry_checks(loc: Located, ids: set[str], topics: dict[str, Topic], today: date) -> list[Problem]:
    entry, rel = loc.entry, loc.file
    out: list[Problem] = []

    def err(message: str, *path: Any) -> None:
        out.append(Problem(rel, loc.line_of(*path), f"{entry.id}: {message}"))

    def warn(message: str, *path: Any) -> None:
        out.append(Problem(rel, loc.line_of(*path), f"{entry.id}: {message}", "warning"))

    if entry.topic not in topics:
        err(f"unknown topic '{entry.topic}'", "topic")
    for i, rid in enumerate(entry.related):
        if rid == entry.id:
            err("an entry cannot be related to itself", "related", i)
        elif rid not in ids:
            err(f"related id '{rid}' does not exist", "related", i)
    # The same figures and phone numbers in every language (a translation must not drop a fact).
    figures = {lang: numbers_in(entry.answer.get(lang)) for lang in LANGS}
    if len({frozenset(v) for v in figures.values()}) > 1:
        detail = "; ".join(f"{lang.value}={sorted(v)}" for lang, v in figures.items())
        err(f"numbers differ between languages: {detail}", "answer")
    if entry.valid_as_of > today:
        warn(f"valid_as_of {entry.valid_as_of} is in the future", "valid_as_of")
    for lang in entry.stale_translations():
        tr = entry.translations[lang]
        warn(
            f"{lang.value} answer may be stale: the {tr.source.value} text changed since it was "
            f"translated (re-check it, delete its stamp, then run `content stamp`)",
            "translations",
            lang.value,
        )
    if not entry.translations:
        warn("no translation stamps (run `content stamp` once the translations are checked)")
    for lang in LANGS:
        n = len(entry.questions.get(lang))
        if n < MIN_QUESTIONS:
            warn(f"only {n} example questions in {lang.value} (aim for {MIN_QUESTIONS} or more)", "questions", lang.value)
        size = len(entry.answer.get(lang))
        if size > MAX_ANSWER_CHARS:
            warn(f"{lang.value} answer is {size} characters (keep it under {MAX_ANSWER_CHARS})", "answer", lang.value)
    topic = topics.get(entry.topic)
    # A statistics entry (topic kind "figures") states what the report counts; it sends nobody
    # anywhere, so it needs no number to call.
    if not entry.helplines and (topic is None or topic.kind != "figures"):
        warn("no helpline (citizens need a number to call; 1414 is the general one)")
    for i, number in enumerate(entry.helplines):
        if number not in KNOWN_HELPLINES:
            warn(f"helpline {number} is not a known number ({', '.join(KNOWN_HELPLINES)})", "helplines", i)
    for message, field_name in helpline_problems(entry):  # the answer names exactly the listed numbers
        err(message, field_name)
    return out


def check_entries(
    located: Sequence[Located],
    topics: dict[str, Topic],
    today: date | None = None,
    invalid_ids: Iterable[str] = (),
) -> list[Problem]:
    """Checks across entries: unique ids, links, topics, numbers parity, editorial warnings.

    ``invalid_ids`` are entries that exist but failed validation (reported already): links to
    them are not reported a second time.
    """
    today = today or date.today()
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    ids = {loc.entry.id for loc in located} | set(invalid_ids)
    questions_seen: dict[tuple[Lang, str], str] = {}
    cyr_words = _cyrillic_words(located)
    for loc in located:
        entry = loc.entry
        if entry.id in seen:
            problems.append(
                Problem(loc.file, loc.line_of("id"), f"duplicate id '{entry.id}' (first in {seen[entry.id]})")
            )
        seen.setdefault(entry.id, f"{loc.file}:{loc.line}")
        problems += _entry_checks(loc, ids, topics, today)
        for lang in LANGS:
            for i, q in enumerate(entry.questions.get(lang)):
                key = (lang, " ".join(q.casefold().split()))
                other = questions_seen.setdefault(key, entry.id)
                if other != entry.id:
                    problems.append(
                        Problem(
                            loc.file,
                            loc.line_of("questions", lang.value, i),
                            f"{entry.id}: example question '{q}' is also an example of '{other}'",
                            "warning",
                        )
                    )
                meant = layout_typed(q, cyr_words) if lang is not Lang.EN else layout_typed_english(q)
                if meant is not None:
                    script = "Latin letters" if lang is Lang.EN else "Cyrillic"
                    problems.append(
                        Problem(
                            loc.file,
                            loc.line_of("questions", lang.value, i),
                            f"{entry.id}: example question '{q}' is typed on the wrong keyboard layout "
                            f"('{meant}'): the bot converts such messages itself; write it in {script}",
                            "warning",
                        )
                    )
    return problems


def _cyrillic_words(located: Sequence[Located]) -> frozenset[str]:
    """The folded words of the content's Russian and Kazakh texts written in Cyrillic."""
    out: set[str] = set()
    for loc in located:
        for lang in (Lang.RU, Lang.KK):
            for text in (*loc.entry.questions.get(lang), loc.entry.answer.get(lang)):
                if not text.isascii():
                    out.update(w for w in words(fold_kk(clean(text))) if not w.isascii())
    return frozenset(out)



def _required_kinds(files: Sequence[ContentFile], located: Sequence[Located]) -> list[Problem]:
    """The engine looks some entries up by ``kind`` (the crisis reply's entry): one must exist."""
    if not files or not located:
        return []
    have = {loc.entry.kind for loc in located}
    return [
        Problem(files[0].rel, 1, f"no entry has kind: {kind} (the engine needs one; mark it with `kind: {kind}`)")
        for kind in REQUIRED_KINDS
        if kind not in have
    ]


def check_files(files: Sequence[ContentFile], today: date | None = None) -> tuple[Catalog, list[Problem]]:
    """Per-file problems plus cross checks, and the catalog built from the valid entries."""
    problems: list[Problem] = []
    topics: dict[str, Topic] = {}
    located: list[Located] = []
    for f in files:
        problems += f.problems
        if f.topic is not None:
            if f.topic.id in topics:
                problems.append(Problem(f.rel, 1, f"topic '{f.topic.id}' is defined in two files"))
            topics[f.topic.id] = f.topic
        located += f.entries
    problems += check_entries(located, topics, today, {i for f in files for i in f.invalid_ids})
    if not any(p.severity == "error" for p in problems):  # a broken file may hold the entry
        problems += _required_kinds(files, located)
    catalog = Catalog(
        topics=sorted(topics.values(), key=lambda t: (t.order, t.id)),
        entries=[loc.entry for loc in located],
    )
    return catalog, problems

