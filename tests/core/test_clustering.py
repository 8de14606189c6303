"""Grouping unanswered questions by similar wording."""

from __future__ import annotations

from bot.core.clustering import cluster_texts, normalize


def test_nothing_in_nothing_out() -> None:
    assert cluster_texts([]) == []
    assert cluster_texts([("   ", 3), ("пенсия", 0)]) == []


def test_normalize_ignores_case_punctuation_yo_and_placeholders() -> None:
    assert normalize("  Ещё раз: КУРС доллара?! ") == "еще раз курс доллара"
    assert normalize("позвоните [PHONE] пожалуйста") == "позвоните пожалуйста"


def test_spelling_variants_merge_and_the_most_frequent_wording_is_the_label() -> None:
    clusters = cluster_texts([("курс доллара сегодня", 5), ("Курс доллара сегодня?", 2), ("КУРС ДОЛЛАРА СЕГОДНЯ", 1)])
    assert len(clusters) == 1
    assert clusters[0].label == "курс доллара сегодня"
    assert clusters[0].count == 8
    assert clusters[0].examples == ()  # the other two are the same wording


def test_similar_questions_group_and_different_topics_stay_apart() -> None:
    items = [
        ("как получить загранпаспорт", 6), ("Как получить загран паспорт?", 2), ("где получить загранпаспорт", 3),
        ("курс доллара сегодня", 4), ("какой курс доллара", 2),
        ("погода в алматы завтра", 3),
    ]
    clusters = cluster_texts(items)
    assert [(c.label, c.count) for c in clusters] == [
        ("как получить загранпаспорт", 11), ("курс доллара сегодня", 6), ("погода в алматы завтра", 3),
    ]
    assert set(clusters[0].examples) == {"где получить загранпаспорт", "Как получить загран паспорт?"}


def test_kazakh_inflections_group_together() -> None:
    clusters = cluster_texts([("жүргізуші куәлігін ауыстыру", 3), ("жүргізуші куәлігі ауыстыру керек", 2),
                              ("ауа райы қандай", 2)])
    assert [c.count for c in clusters] == [5, 2]


def test_biggest_first_and_limit() -> None:
    items = [("погода", 1), ("курс доллара", 3), ("рецепт борща", 2)]
    clusters = cluster_texts(items, limit=2)
    assert [c.label for c in clusters] == ["курс доллара", "рецепт борща"]


def test_examples_are_capped() -> None:
    items = [(f"как получить загранпаспорт {w}", 1) for w in ("срочно", "быстро", "ребенку", "в астане", "онлайн")]
    clusters = cluster_texts(items, max_examples=2)
    assert len(clusters) == 1 and clusters[0].count == 5 and len(clusters[0].examples) == 2


def test_input_order_does_not_change_the_result() -> None:
    items = [("как получить загранпаспорт", 2), ("курс доллара", 2), ("где получить загранпаспорт", 1),
             ("какой курс доллара", 1), ("погода", 1)]
    assert cluster_texts(items) == cluster_texts(list(reversed(items)))


def test_only_the_most_frequent_distinct_wordings_are_clustered() -> None:
    items = [("курс доллара", 10), ("погода", 5), ("рецепт борща", 1)]
    clusters = cluster_texts(items, max_distinct=2)
    assert {c.label for c in clusters} == {"курс доллара", "погода"}
