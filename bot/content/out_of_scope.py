"""Read ``content/_out_of_scope.yaml`` (the engine's negative examples; ``bot.core.out_of_scope``).

Errors name the file and line, like the entries' validation: a bad topic stops the load rather
than silently weakening the decision.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.content.load import ContentError, Problem
from bot.core.lang import Lang
from bot.core.out_of_scope import OutOfScopeTopic
from bot.core.routing import AREA_IDS

OUT_OF_SCOPE_FILE = "_out_of_scope.yaml"
# "other": out of scope and not a legal area (homework, trivia): the plain fallback.
NO_AREA = "other"


class _LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_out_of_scope(content_dir: Path) -> tuple[OutOfScopeTopic, ...]:
    """The topics of ``content_dir/_out_of_scope.yaml``; none when the file is absent."""
    path = Path(content_dir) / OUT_OF_SCOPE_FILE
    if not path.is_file():
        return ()
    rel = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ContentError([Problem(rel, line, f"YAML syntax: {getattr(exc, 'problem', None) or exc}")]) from None
    topics_raw = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics_raw, list):
        raise ContentError([Problem(rel, 1, "the file needs a list 'topics'")])
    problems: list[Problem] = []
    topics: list[OutOfScopeTopic] = []
    seen: set[str] = set()
    for raw in topics_raw:
        line = raw.get("__line__", 1) if isinstance(raw, dict) else 1
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"].strip():
            problems.append(Problem(rel, line, "a topic needs an 'id'"))
            continue
        tid = raw["id"].strip()
        if tid in seen:
            problems.append(Problem(rel, line, f"topic '{tid}' is listed twice"))
        seen.add(tid)
        area = raw.get("area", NO_AREA)
        if area != NO_AREA and area not in AREA_IDS:
            known = ", ".join(sorted((*AREA_IDS, NO_AREA)))
            problems.append(Problem(rel, line, f"topic '{tid}': unknown area '{area}' (one of: {known})"))
            continue
        questions = raw.get("questions")
        if not isinstance(questions, dict):
            problems.append(Problem(rel, line, f"topic '{tid}' needs 'questions' per language (kk, ru, en)"))
            continue
        per_lang: dict[Lang, tuple[str, ...]] = {}
        for key, values in questions.items():
            if key == "__line__":
                continue
            if key not in {lang.value for lang in Lang}:
                problems.append(Problem(rel, line, f"topic '{tid}': unknown language '{key}'"))
                continue
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                problems.append(Problem(rel, line, f"topic '{tid}': questions in '{key}' must be a list of texts"))
                continue
            per_lang[Lang(key)] = tuple(v.strip() for v in values)
        if not any(per_lang.values()):
            problems.append(Problem(rel, line, f"topic '{tid}' has no questions"))
            continue
        topics.append(OutOfScopeTopic(tid, None if area == NO_AREA else str(area), per_lang))
    if problems:
        raise ContentError(problems)
    return tuple(topics)
