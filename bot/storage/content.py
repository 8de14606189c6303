"""Load ``content/*.yaml`` into the core's models, with ``file:line: message`` errors.

A topic file looks like::

    topic:
      id: pensions
      title: {kk: Зейнетақы, ru: Пенсии, en: Pensions}
      order: 30
    entries:
      - id: retirement-age
        title: {kk: ..., ru: ..., en: ...}
        questions: {kk: [...], ru: [...], en: [...]}
        answer: {kk: ..., ru: ..., en: ...}
        sources: [{para: 401}, {ref: "Social Code, art. 154", label: {ru: ..., kk: ...}}]
        helplines: ["1414"]
        valid_as_of: 2024-01-01
        related: [pension-tiers]
        keywords: {kk: [...], ru: [...], en: [...]}
        translations: {kk: {source: ru, hash: 0123456789ab}, en: {source: ru, hash: ...}}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.content import Catalog, Entry, Topic, numbers_in, text_hash
from bot.core.lang import LANGS


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass
class LoadResult:
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not self.errors


class ContentError(Exception):
    """Content could not be loaded; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))


def _node_at(node: yaml.Node | None, path: tuple[Any, ...]) -> yaml.Node | None:
    """Follow a pydantic error location through a composed YAML node tree."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                    nxt = v
                    break
            if nxt is None:
                return node
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return node
    return node


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _entry_lines(root: yaml.Node | None) -> list[int]:
    entries = _node_at(root, ("entries",))
    if isinstance(entries, yaml.SequenceNode):
        return [_line(n) for n in entries.value]
    return []


def _validation_problems(
    err: ValidationError, rel: str, base: yaml.Node | None, prefix: tuple[Any, ...]
) -> list[Problem]:
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        node = _node_at(base, prefix + loc)
        where = ".".join(str(p) for p in loc) or "(entry)"
        out.append(Problem(rel, _line(node), f"{where}: {e['msg']}"))
    return out


def load_file(path: Path, root_dir: Path) -> tuple[Topic | None, list[Entry], list[Problem], list[int]]:
    rel = str(path.relative_to(root_dir.parent)) if root_dir.parent in path.parents else str(path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return None, [], [Problem(rel, line, f"YAML syntax: {getattr(exc, 'problem', exc)}")], []
    if not isinstance(data, dict) or "topic" not in data or "entries" not in data:
        return None, [], [Problem(rel, 1, "a content file needs the keys 'topic' and 'entries'")], []
    problems: list[Problem] = []
    topic: Topic | None = None
    try:
        topic = Topic.model_validate(data["topic"])
    except ValidationError as err:
        problems += _validation_problems(err, rel, node, ("topic",))
    entries: list[Entry] = []
    lines = _entry_lines(node)
    raw_entries = data["entries"] if isinstance(data["entries"], list) else []
    kept_lines = []
    for i, raw in enumerate(raw_entries):
        if not isinstance(raw, dict):
            problems.append(Problem(rel, lines[i] if i < len(lines) else 1, "an entry must be a mapping"))
            continue
        raw = dict(raw)
        if topic is not None:
            raw.setdefault("topic", topic.id)
        try:
            entries.append(Entry.model_validate(raw))
            kept_lines.append(lines[i] if i < len(lines) else 1)
        except ValidationError as err:
            problems += _validation_problems(err, rel, node, ("entries", i))
    return topic, entries, problems, kept_lines


def _cross_checks(
    entries: list[tuple[Entry, str, int]], topics: dict[str, Topic]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    ids = {e.id for e, _, _ in entries}
    for entry, rel, line in entries:
        if entry.id in seen:
            problems.append(Problem(rel, line, f"duplicate id '{entry.id}' (first in {seen[entry.id]})"))
        seen.setdefault(entry.id, f"{rel}:{line}")
        if entry.topic not in topics:
            problems.append(Problem(rel, line, f"{entry.id}: unknown topic '{entry.topic}'"))
        for rid in entry.related:
            if rid not in ids:
                problems.append(Problem(rel, line, f"{entry.id}: related id '{rid}' does not exist"))
            if rid == entry.id:
                problems.append(Problem(rel, line, f"{entry.id}: an entry cannot be related to itself"))
        # The same figures and phone numbers in every language (a translation must not drop a fact).
        figures = {lang: numbers_in(entry.answer.get(lang)) for lang in LANGS}
        if len({frozenset(v) for v in figures.values()}) > 1:
            detail = "; ".join(f"{lang.value}={sorted(v)}" for lang, v in figures.items())
            problems.append(Problem(rel, line, f"{entry.id}: numbers differ between languages: {detail}"))
        for lang in entry.stale_translations():
            tr = entry.translations[lang]
            problems.append(
                Problem(
                    rel,
                    line,
                    f"{entry.id}: {lang.value} answer may be stale: the {tr.source.value} text changed "
                    f"since it was translated (re-check it, then run `content stamp`)",
                    "warning",
                )
            )
        if not entry.translations:
            problems.append(Problem(rel, line, f"{entry.id}: no translation stamps", "warning"))
    return problems


def load_catalog(content_dir: Path) -> LoadResult:
    """Load and check every ``*.yaml`` file under ``content_dir`` (sorted, so loading is stable)."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        return LoadResult(None, [Problem(str(content_dir), 1, "content directory not found")])
    files = sorted(p for p in content_dir.glob("*.yaml") if not p.name.startswith("_"))
    if not files:
        return LoadResult(None, [Problem(str(content_dir), 1, "no *.yaml content files")])
    problems: list[Problem] = []
    topics: dict[str, Topic] = {}
    located: list[tuple[Entry, str, int]] = []
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        topic, entries, file_problems, lines = load_file(path, content_dir)
        problems += file_problems
        rel = file_problems[0].file if file_problems else str(path.relative_to(content_dir.parent))
        if topic is not None:
            if topic.id in topics:
                problems.append(Problem(rel, 1, f"topic '{topic.id}' is defined in two files"))
            topics[topic.id] = topic
        located += [(e, rel, ln) for e, ln in zip(entries, lines, strict=True)]
    problems += _cross_checks(located, topics)
    catalog = Catalog(
        topics=sorted(topics.values(), key=lambda t: (t.order, t.id)),
        entries=[e for e, _, _ in located],
    )
    has_errors = any(p.severity == "error" for p in problems)
    return LoadResult(None if has_errors else catalog, problems, digest.hexdigest()[:16])


def stamp_translations(content_dir: Path, source_lang: str = "ru") -> int:
    """Record, for entries without stamps, that kk/en were translated from the current source text.

    Only fills in missing stamps; an operator re-stamps a stale translation by deleting its stamp
    after checking it. Edits the YAML text in place to keep comments and layout.
    """
    changed = 0
    for path in sorted(Path(content_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        modified = False
        for raw in data.get("entries") or []:
            if not isinstance(raw, dict) or "answer" not in raw:
                continue
            stamps = raw.get("translations") or {}
            src = raw["answer"].get(source_lang, "")
            for lang in ("kk", "ru", "en"):
                if lang == source_lang or lang in stamps:
                    continue
                stamps[lang] = {"source": source_lang, "hash": text_hash(src)}
                modified = True
            raw["translations"] = stamps
        if modified:
            path.write_text(dump_yaml(data), encoding="utf-8")
            changed += 1
    return changed


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
