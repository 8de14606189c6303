"""Writing content YAML in the canonical layout (``content import`` renders whole topic files
from CSV) and replacing files atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.core.content import REPORT_REF, Entry, Topic
from bot.core.lang import LANGS


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
