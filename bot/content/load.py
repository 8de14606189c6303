"""Read ``content/*.yaml`` into the core's models, keeping the line of every field for ``file:line`` errors.

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

Errors (the content cannot be served) and warnings (it can, but an editor should look) both carry
the file and line of the field they are about.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.content import Entry, Topic


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"



class ContentError(Exception):
    """Content could not be loaded; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster




class _Loader(_SafeLoader):  # type: ignore[valid-type, misc]
    """SafeLoader that leaves dates as strings, so pydantic reports a bad date with its line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, rel: str) -> tuple[yaml.Node | None, Any, Problem | None]:
    """The node tree (for line numbers) and the data of one YAML document, or the syntax
    problem with its line."""
    try:
        node, data = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        return None, None, Problem(rel, line, f"YAML syntax: {problem}")
    return node, data, None


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of one YAML document, parsed once."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _walk(node: yaml.Node | None, path: Iterable[Any]) -> tuple[yaml.Node | None, yaml.Node | None]:
    """Follow a pydantic error location through a composed YAML node tree, as far as it goes.

    Returns the node reached and the key node it is the value of (None for list items and the root).
    """
    key_node: yaml.Node | None = None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                    nxt = (k, v)
                    break
            if nxt is None:
                break
            key_node, node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            key_node, node = None, node.value[key]
        else:
            break
    return node, key_node


def _node_at(node: yaml.Node | None, path: Iterable[Any]) -> yaml.Node | None:
    return _walk(node, path)[0]


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def line_at(base: yaml.Node | None, path: Iterable[Any]) -> int:
    """The line an editor looks at for ``path``: the key of a block (``answer:``), else the value."""
    node, key_node = _walk(base, path)
    if key_node is not None and isinstance(node, yaml.CollectionNode) and not node.flow_style:
        return _line(key_node)
    return _line(node)



@dataclass
class Located:
    """An entry and where it was read from: a YAML node, or a row of an imported CSV (node None)."""

    entry: Entry
    file: str
    line: int
    node: yaml.Node | None = None

    def line_of(self, *path: Any) -> int:
        if self.node is None:
            return self.line
        return line_at(self.node, path) if path else self.line


@dataclass
class ContentFile:
    """One topic file as read: its topic, its valid entries and the problems found in it."""

    path: Path
    rel: str
    topic: Topic | None
    entries: list[Located]
    problems: list[Problem]
    raw_count: int = 0
    # Ids of entries that failed validation: other entries may still link to them.
    invalid_ids: set[str] = field(default_factory=set)
    # ``draft: true`` at the top: an entry being written (``content draft``), never served.
    draft: bool = False


def _duplicate_keys(node: yaml.Node | None, rel: str) -> list[Problem]:
    """PyYAML silently keeps the last of two equal keys; an editor almost never means that."""
    out: list[Problem] = []
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in cur.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        out.append(Problem(rel, _line(k), f"duplicate key '{k.value}' (the first is ignored)"))
                    seen.add(k.value)
                stack.append(v)
        elif isinstance(cur, yaml.SequenceNode):
            stack.extend(cur.value)
    return sorted(out, key=lambda p: p.line)


def _validation_problems(
    err: ValidationError, rel: str, base: yaml.Node | None, prefix: tuple[Any, ...]
) -> list[Problem]:
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        where = ".".join(str(p) for p in loc) or "(entry)"
        hint = ""
        if e["type"] == "string_type" and isinstance(e.get("input"), int | float):
            hint = f' (YAML reads {e["input"]} as a number: write it in quotes, "{e["input"]}")'
        out.append(Problem(rel, line_at(base, prefix + loc), f"{where}: {e['msg']}{hint}"))
    return out


def _rel(path: Path, root_dir: Path) -> str:
    return str(path.relative_to(root_dir.parent)) if root_dir.parent in path.parents else str(path)


def read_file(path: Path, root_dir: Path) -> ContentFile:
    rel = _rel(path, root_dir)
    node, data, syntax = parse_yaml(path.read_text(encoding="utf-8"), rel)
    if syntax is not None:
        return ContentFile(path, rel, None, [], [syntax])
    if not isinstance(data, dict) or "topic" not in data or "entries" not in data:
        return ContentFile(path, rel, None, [], [Problem(rel, 1, "a content file needs the keys 'topic' and 'entries'")])
    problems = _duplicate_keys(node, rel)
    topic: Topic | None = None
    try:
        topic = Topic.model_validate(data["topic"])
    except ValidationError as err:
        problems += _validation_problems(err, rel, node, ("topic",))
    entries: list[Located] = []
    invalid_ids: set[str] = set()
    seq = _node_at(node, ("entries",))
    item_nodes = seq.value if isinstance(seq, yaml.SequenceNode) else []
    raw_entries = data["entries"] if isinstance(data["entries"], list) else []
    if not isinstance(data["entries"], list) and data["entries"] is not None:
        problems.append(Problem(rel, _line(seq), "'entries' must be a list"))
    for i, raw in enumerate(raw_entries):
        item = item_nodes[i] if i < len(item_nodes) else None
        if not isinstance(raw, dict):
            problems.append(Problem(rel, _line(item), "an entry must be a mapping"))
            continue
        raw = dict(raw)
        if topic is not None:
            raw.setdefault("topic", topic.id)
        try:
            entries.append(Located(Entry.model_validate(raw), rel, _line(item), item))
        except ValidationError as err:
            problems += _validation_problems(err, rel, node, ("entries", i))
            invalid_ids.add(str(raw.get("id")))
    draft = data.get("draft") is True
    return ContentFile(path, rel, topic, entries, problems, len(raw_entries), invalid_ids, draft)



def content_files(content_dir: Path) -> list[Path]:
    """The topic files, sorted so loading is stable; names starting with '_' are not entries."""
    return sorted(p for p in Path(content_dir).glob("*.yaml") if not p.name.startswith("_"))


def read_dir(content_dir: Path) -> tuple[list[ContentFile], str]:
    """Every topic file of ``content_dir`` as read, and a hash of their bytes."""
    digest = hashlib.sha256()
    files = []
    for path in content_files(content_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        files.append(read_file(path, Path(content_dir)))
    return files, digest.hexdigest()[:16]

