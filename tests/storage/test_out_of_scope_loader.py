"""content/_out_of_scope.yaml: the engine's negative examples load, or fail with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import ContentError
from bot.content.out_of_scope import load_out_of_scope
from bot.core.lang import Lang

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_the_real_file_loads_with_areas_and_three_languages() -> None:
    topics = load_out_of_scope(CONTENT)
    assert len(topics) >= 60
    assert len({t.id for t in topics}) == len(topics)
    for lang in Lang:
        assert sum(len(t.questions.get(lang, ())) for t in topics) >= 100


def test_no_file_means_no_prototypes(tmp_path: Path) -> None:
    assert load_out_of_scope(tmp_path) == ()


def test_a_valid_topic(tmp_path: Path) -> None:
    (tmp_path / "_out_of_scope.yaml").write_text(
        'topics:\n  - id: divorce\n    area: family\n    questions:\n      ru:\n        - "как развестись"\n'
        '  - id: trivia\n    area: other\n    questions:\n      en:\n        - "capital of France"\n',
        encoding="utf-8",
    )
    divorce, trivia = load_out_of_scope(tmp_path)
    assert divorce.area == "family" and divorce.questions[Lang.RU] == ("как развестись",)
    assert trivia.area is None  # not a legal area: the plain fallback


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('topics:\n  - id: a\n    area: astrology\n    questions:\n      ru: ["x"]\n', 2, "unknown area 'astrology'"),
        ('topics:\n  - id: a\n    area: family\n', 2, "needs 'questions'"),
        ('topics:\n  - id: a\n    questions:\n      de: ["x"]\n', 2, "unknown language 'de'"),
        ('topics:\n  - area: family\n', 2, "needs an 'id'"),
        ('topics: [\n', 2, "YAML syntax"),
        ("nothing: here\n", 1, "a list 'topics'"),
    ],
)
def test_a_bad_file_fails_with_file_line_and_reason(tmp_path: Path, body: str, line: int, words: str) -> None:
    (tmp_path / "_out_of_scope.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_out_of_scope(tmp_path)
    problem = err.value.problems[0]
    assert problem.file == "_out_of_scope.yaml"
    assert problem.line == line
    assert words in problem.message
