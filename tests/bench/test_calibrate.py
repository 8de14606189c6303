"""The calibration's threshold choice (bench/calibrate.py)."""

from __future__ import annotations

import numpy as np

from bench.calibrate import highest_of_ties

GRID = np.round(np.arange(0.1, 0.91, 0.1), 2)


def test_of_thresholds_that_tie_on_the_data_the_highest_is_taken() -> None:
    # A flat objective from 0.1 to 0.4 (noise of a few questions), falling after it.
    objectives = [0.5650, 0.5652, 0.5651, 0.5649, 0.5630, 0.55, 0.53, 0.50, 0.45]
    assert highest_of_ties(GRID, objectives, tolerance=0.0005) == 0.4


def test_a_clear_best_is_kept_however_close_the_grid() -> None:
    objectives = [0.40, 0.45, 0.50, 0.55, 0.60, 0.55, 0.50, 0.45, 0.40]
    assert highest_of_ties(GRID, objectives, tolerance=0.0005) == 0.5
    # With no tolerance only equal objectives tie.
    assert highest_of_ties(GRID, [0.3, 0.5, 0.5, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1], tolerance=0.0) == 0.3


def test_prototype_question_folds_hold_each_question_out_once_and_keep_the_rest_of_its_topic() -> None:
    from bench.calibrate import prototype_question_folds
    from bot.core.lang import Lang
    from bot.core.out_of_scope import OutOfScopeTopic

    prototypes = [
        OutOfScopeTopic(f"t{i}", None, {Lang.RU: tuple(f"t{i} ru {j}" for j in range(4)), Lang.EN: (f"t{i} en",)})
        for i in range(3)
    ]
    every = {(lang, q) for t in prototypes for lang, qs in t.questions.items() for q in qs}
    seen: list[tuple[Lang, str]] = []
    for held, kept in prototype_question_folds(prototypes, 5):
        seen += held
        kept_questions = {(lang, q) for t in kept for lang, qs in t.questions.items() for q in qs}
        # The fold's questions are out of the index; every other question of every topic stays.
        assert kept_questions == every - set(held)
        assert [t.id for t in kept] == [t.id for t in prototypes]
    assert sorted(seen) == sorted(every)


def test_generic_questions_are_scored_by_a_scope_model_fitted_without_them() -> None:
    """The scope threshold is a quantile of the generic questions' scores: scored by the model
    they were fitted with, an odd one that looks like a content question is pushed down, and the
    threshold with it; held out, it scores as a new such question would."""
    from bench.calibrate import SCOPE_INPUTS, _held_out_scope, _probs, _scope_model

    rng = np.random.default_rng(3)
    n = len(SCOPE_INPUTS)
    xp = rng.normal(1.0, 0.3, (300, n))
    xg = np.vstack([rng.normal(-1.0, 0.3, (59, n)), np.full((1, n), 0.8)])  # the last looks in scope
    held = _held_out_scope(xp, xg, k=5)
    coef, icpt = _scope_model(xp, xg)
    fitted = _probs(coef, icpt, xg)
    assert held.shape == (len(xg),)
    assert held[-1] > fitted[-1]
    assert np.all(held[:-1] < 0.5)
