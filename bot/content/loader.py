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

Errors (the content cannot be served) and warnings (it can, but an editor should look) both carry
the file and line of the field they are about.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.content import REPORT_REF, REQUIRED_KINDS, Catalog, Entry, Topic, numbers_in, text_hash
from bot.core.lang import LANGS, Lang

# Short numbers an entry may list under `helplines` (see ../shared/reference and kazakh-notes.md).
KNOWN_HELPLINES: dict[str, str] = {
    "101": "fire service",
    "102": "police",
    "103": "ambulance",
    "104": "gas emergency",
    "111": "contact centre for family, women and children's rights",
    "112": "single emergency number",
    "119": "Ministry of Justice legal information service",
    "150": "national helpline for children and adults",
    "1406": "social health insurance fund contact centre",
    "1414": "single government contact centre",
    "1424": "anti-corruption call centre",
}
MIN_QUESTIONS = 6
MAX_ANSWER_CHARS = 1200


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
    # What was read, even when errors keep ``catalog`` empty (for summaries).
    entries_found: int = 0
    topics_found: int = 0

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


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster


class _Loader(_SafeLoader):  # type: ignore[valid-type, misc]
    """SafeLoader that leaves dates as strings, so pydantic reports a bad date with its line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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


def _line_at(base: yaml.Node | None, path: Iterable[Any]) -> int:
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
        return _line_at(self.node, path) if path else self.line


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
        out.append(Problem(rel, _line_at(base, prefix + loc), f"{where}: {e['msg']}{hint}"))
    return out


def _rel(path: Path, root_dir: Path) -> str:
    return str(path.relative_to(root_dir.parent)) if root_dir.parent in path.parents else str(path)


def read_file(path: Path, root_dir: Path) -> ContentFile:
    rel = _rel(path, root_dir)
    text = path.read_text(encoding="utf-8")
    try:
        node, data = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        return ContentFile(path, rel, None, [], [Problem(rel, line, f"YAML syntax: {problem}")])
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
    return ContentFile(path, rel, topic, entries, problems, len(raw_entries), invalid_ids)


def load_file(path: Path, root_dir: Path) -> tuple[Topic | None, list[Entry], list[Problem], list[int]]:
    """One file: its topic, valid entries, problems and the line of each valid entry."""
    f = read_file(path, root_dir)
    return f.topic, [e.entry for e in f.entries], f.problems, [e.line for e in f.entries]


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
    if not entry.helplines:
        warn("no helpline (citizens need a number to call; 1414 is the general one)")
    for i, number in enumerate(entry.helplines):
        if number not in KNOWN_HELPLINES:
            warn(f"helpline {number} is not a known number ({', '.join(KNOWN_HELPLINES)})", "helplines", i)
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
    return problems


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


def load_catalog(content_dir: Path) -> LoadResult:
    """Load and check every ``*.yaml`` file under ``content_dir`` (sorted, so loading is stable)."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        return LoadResult(None, [Problem(str(content_dir), 1, "content directory not found")])
    if not content_files(content_dir):
        return LoadResult(None, [Problem(str(content_dir), 1, "no *.yaml content files")])
    files, digest = read_dir(content_dir)
    catalog, problems = check_files(files)
    has_errors = any(p.severity == "error" for p in problems)
    return LoadResult(
        None if has_errors else catalog,
        problems,
        digest,
        entries_found=sum(f.raw_count for f in files),
        topics_found=len(catalog.topics),
    )


# --- translation stamps -------------------------------------------------------------------------


@dataclass
class StampResult:
    entries: list[str] = field(default_factory=list)  # ids of the entries stamped
    files: list[Path] = field(default_factory=list)  # files changed
    rewritten: list[Path] = field(default_factory=list)  # files re-dumped (textual insert impossible)


def _last_line(node: yaml.Node, lines: list[str]) -> int:
    """0-based index of the last line holding text of ``node`` (not trailing blanks or comments)."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        line = end.line if end.column > 0 else end.line - 1
        if node.style in ("|", ">"):
            while line > node.start_mark.line and not lines[line].strip():
                line -= 1
        return line
    if isinstance(node, yaml.CollectionNode) and node.flow_style:
        return int(node.end_mark.line)
    if isinstance(node, yaml.MappingNode):
        return _last_line(node.value[-1][1], lines) if node.value else int(node.start_mark.line)
    if isinstance(node, yaml.SequenceNode):
        return _last_line(node.value[-1], lines) if node.value else int(node.start_mark.line)
    return int(node.end_mark.line)


def _stamp_block(indent: int, stamps: dict[str, dict[str, str]]) -> list[str]:
    pad = " " * indent
    out = [f"{pad}translations:\n"]
    for lang, st in stamps.items():
        out.append(f'{pad}  {lang}: {{source: {st["source"]}, hash: "{st["hash"]}"}}\n')
    return out


def _stamps_for(raw: dict[str, Any], source_lang: str) -> dict[str, dict[str, str]] | None:
    answer = raw.get("answer")
    if "translations" in raw or not isinstance(answer, dict) or not isinstance(answer.get(source_lang), str):
        return None
    digest = text_hash(answer[source_lang])
    return {lang.value: {"source": source_lang, "hash": digest} for lang in LANGS if lang.value != source_lang}


def _stamp_file(path: Path, source_lang: str, result: StampResult) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        root, data = _parse(text)
    except yaml.YAMLError:
        return  # `content validate` reports it
    seq = _node_at(root, ("entries",))
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list) or not isinstance(seq, yaml.SequenceNode):
        return
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    inserts: list[tuple[int, list[str]]] = []
    textual = True
    stamped: list[str] = []
    for raw, node in zip(data["entries"], seq.value, strict=False):
        if not isinstance(raw, dict):
            continue
        stamps = _stamps_for(raw, source_lang)
        if stamps is None:
            continue
        raw["translations"] = stamps
        stamped.append(str(raw.get("id")))
        if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
            indent = node.value[0][0].start_mark.column
            inserts.append((_last_line(node, lines), _stamp_block(indent, stamps)))
        else:
            textual = False
    if not stamped:
        return
    new_text = None
    if textual:
        for after, block in sorted(inserts, key=lambda x: x[0], reverse=True):
            lines[after + 1 : after + 1] = block
        new_text = "".join(lines)
        # Only keep the textual edit if it means exactly the stamped data.
        if _parse(new_text)[1] != data:
            new_text = None
    if new_text is None:
        new_text = dump_yaml(data)
        result.rewritten.append(path)
    _write_atomic(path, new_text)
    result.files.append(path)
    result.entries += stamped


def stamp_catalog(content_dir: Path, source_lang: str = "ru") -> StampResult:
    """Stamp every entry without a ``translations`` block; see ``stamp_translations``."""
    result = StampResult()
    for path in content_files(content_dir):
        _stamp_file(path, source_lang, result)
    return result


def stamp_translations(content_dir: Path, source_lang: str = "ru") -> int:
    """Record, for entries without stamps, that kk/en were translated from the current source text.

    Only fills in missing stamps (entries that have a ``translations`` block are not touched); an
    operator re-stamps a stale translation by deleting its stamp after checking it. The block is
    inserted as text at the end of the entry, so comments and layout stay. Returns the number of
    files changed.
    """
    return len(stamp_catalog(content_dir, source_lang).files)


# --- writing ------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write them by hand.
        super().increase_indent(flow, False)


class _Literal(str):
    """A string written as a literal block (``|``)."""


class _FlowMap(dict[str, Any]):
    pass


class _FlowList(list[Any]):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value or isinstance(value, _Literal) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


def _flow_map(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


def _flow_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _str_presenter)
_Dumper.add_representer(_Literal, _str_presenter)
_Dumper.add_representer(_FlowMap, _flow_map)
_Dumper.add_representer(_FlowList, _flow_list)


def dump_yaml(data: Any, width: int = 100) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=width)


def _entry_data(entry: Entry, file_topic: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": entry.id}
    if entry.kind is not None:
        out["kind"] = entry.kind
    if entry.topic != file_topic:
        out["topic"] = entry.topic
    out["title"] = {lang.value: entry.title.get(lang) for lang in LANGS}
    out["questions"] = {lang.value: list(entry.questions.get(lang)) for lang in LANGS}
    # Answers end with a newline so they read as plain `|` blocks; the model strips it again.
    out["answer"] = {lang.value: _Literal(entry.answer.get(lang) + "\n") for lang in LANGS}
    sources = []
    for s in entry.sources:
        src: dict[str, Any] = {}
        if s.ref != REPORT_REF:
            src["ref"] = s.ref
        if s.para is not None:
            src["para"] = s.para
        if s.label:
            src["label"] = _FlowMap({lang.value: s.label[lang] for lang in LANGS if lang in s.label})
        sources.append(_FlowMap(src))
    out["sources"] = sources
    if entry.helplines:
        out["helplines"] = _FlowList(entry.helplines)
    out["valid_as_of"] = entry.valid_as_of
    if entry.related:
        out["related"] = _FlowList(entry.related)
    if any(entry.keywords.get(lang) for lang in LANGS):
        out["keywords"] = {lang.value: _FlowList(entry.keywords.get(lang)) for lang in LANGS}
    if entry.translations:
        out["translations"] = {
            lang.value: _FlowMap({"source": tr.source.value, "hash": tr.hash})
            for lang, tr in sorted(entry.translations.items(), key=lambda kv: LANGS.index(kv[0]))
        }
    return out


def render_topic_file(topic: Topic, entries: Sequence[Entry]) -> str:
    """A topic file in the canonical layout (deterministic: the same models give the same text)."""
    head = {
        "id": topic.id,
        **({"kind": topic.kind} if topic.kind else {}),
        "title": _FlowMap({lang.value: topic.title.get(lang) for lang in LANGS}),
        "order": topic.order,
    }
    parts = [dump_yaml({"topic": head}), "entries:\n"]
    if not entries:
        parts[-1] = "entries: []\n"
    for i, entry in enumerate(entries):
        body = dump_yaml([_entry_data(entry, topic.id)], width=1000)
        parts.append(("\n" if i else "") + "".join("  " + ln if ln.strip() else ln for ln in body.splitlines(True)))
    return "".join(parts)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str) -> None:
    """Replace a file in one step (a reader never sees half a file)."""
    _write_atomic(path, text)
