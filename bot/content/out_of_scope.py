"""Read ``content/_out_of_scope.yaml`` (the engine's negative examples; ``bot.core.out_of_scope``).

Errors name the file and line, like the entries' validation: a bad topic stops the load rather
than silently weakening the decision.
"""

from __future__ import annotations

from pathlib import Path

from bot.content.load import ContentError, Problem, line_at, parse_yaml
from bot.core.lang import Lang
from bot.core.out_of_scope import OutOfScopeTopic
from bot.core.routing import AREA_IDS

OUT_OF_SCOPE_FILE = "_out_of_scope.yaml"
# "other": out of scope and not a legal area (homework, trivia): the plain fallback.
NO_AREA = "other"


def load_out_of_scope(content_dir: Path) -> tuple[OutOfScopeTopic, ...]:
    """The topics of ``content_dir/_out_of_scope.yaml``; none when the file is absent."""
    path = Path(content_dir) / OUT_OF_SCOPE_FILE
    if not path.is_file():
        return ()
    rel = path.name
    node, data, syntax = parse_yaml(path.read_text(encoding="utf-8"), rel)
    if syntax is not None:
        raise ContentError([syntax])
    topics_raw = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics_raw, list):
        raise ContentError([Problem(rel, 1, "the file needs a list 'topics'")])
    problems: list[Problem] = []
    topics: list[OutOfScopeTopic] = []
    seen: set[str] = set()
    for i, raw in enumerate(topics_raw):
        line = line_at(node, ("topics", i))
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
