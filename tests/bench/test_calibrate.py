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
