"""Translation stamps: record, for entries without a ``translations`` block, that the kk/en
answers were translated from the current source (ru) text.

Only missing stamps are filled in (an entry with a ``translations`` block is left alone); an
operator re-stamps a stale translation by deleting its stamp after checking it. The files are
edited with ruamel.yaml's round trip, so comments, blank lines, quoting and layout stay as the
editors wrote them: the block goes after the entry's last field, before the blank lines and
comments that follow it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bot.content.load import content_files
from bot.content.yaml_io import write_atomic
from bot.core.content import text_hash
from bot.core.lang import LANGS


@dataclass
class StampResult:
    entries: list[str] = field(default_factory=list)  # ids of the entries stamped
    files: list[Path] = field(default_factory=list)  # files changed


def _yaml() -> YAML:
    """A round-trip YAML in the content files' layout (list items indented under their key)."""
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a line
    y.indent(mapping=2, sequence=4, offset=2)
    y.brace_single_entry_mapping_in_flow_sequence = True  # [{para: 401}] stays as written
    return y


def _dump(y: YAML, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _stamps_for(raw: Any, source_lang: str) -> CommentedMap | None:
    answer = raw.get("answer")
    if "translations" in raw or not isinstance(answer, dict) or not isinstance(answer.get(source_lang), str):
        return None
    digest = text_hash(str(answer[source_lang]))
    stamps = CommentedMap()
    for lang in LANGS:
        if lang.value != source_lang:
            stamp = CommentedMap(source=source_lang, hash=DoubleQuotedScalarString(digest))
            stamp.fa.set_flow_style()
            stamps[lang.value] = stamp
    return stamps


def _take_trailing(node: Any) -> Any:
    """Detach the comment token after the last value in ``node`` (blank lines, the next entry's
    comment, a literal block's trailing blank line), which ruamel hangs on the last key."""
    if isinstance(node, CommentedMap) and node:
        last = list(node.keys())[-1]
        inner = _take_trailing(node[last])
        if inner is not None:
            return inner
        slot = node.ca.items.get(last)
        if slot and len(slot) > 2 and slot[2] is not None:
            token, slot[2] = slot[2], None
            return token
    elif isinstance(node, CommentedSeq) and node:
        last_i = len(node) - 1
        inner = _take_trailing(node[last_i])
        if inner is not None:
            return inner
        slot = node.ca.items.get(last_i)
        if slot and slot[0] is not None:
            token, slot[0] = slot[0], None
            return token
    return None


def _add_stamps(entry: CommentedMap, stamps: CommentedMap) -> None:
    if entry.fa.flow_style():
        stamps.fa.set_flow_style()
        entry["translations"] = stamps
        return
    trailing = _take_trailing(entry)
    entry["translations"] = stamps
    if trailing is not None:
        last = list(stamps.keys())[-1]
        stamps.ca.items[last] = [None, None, trailing, None]


def _stamp_file(path: Path, source_lang: str, result: StampResult) -> None:
    y = _yaml()
    text = path.read_text(encoding="utf-8")
    try:
        data = y.load(text)
    except YAMLError:
        return  # `content validate` reports it
    if not isinstance(data, CommentedMap) or not isinstance(data.get("entries"), CommentedSeq):
        return
    stamped: list[str] = []
    for raw in data["entries"]:
        if not isinstance(raw, CommentedMap):
            continue
        stamps = _stamps_for(raw, source_lang)
        if stamps is None:
            continue
        _add_stamps(raw, stamps)
        stamped.append(str(raw.get("id")))
    if not stamped:
        return
    write_atomic(path, _dump(y, data))
    result.files.append(path)
    result.entries += stamped


def stamp_catalog(content_dir: Path, source_lang: str = "ru") -> StampResult:
    """Stamp every entry without a ``translations`` block, in every topic file of ``content_dir``."""
    result = StampResult()
    for path in content_files(content_dir):
        _stamp_file(path, source_lang, result)
    return result
