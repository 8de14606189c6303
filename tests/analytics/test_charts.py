"""The report's charts from one day to a year: date axes on the data, whole-number counts, no warnings."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.analytics import aggregate
from bot.analytics.charts import _count_axis, _date_axis, _day_numbers, charts
from bot.core.facts import QuestionCount


def _data(days: int, per_day: int = 3):
    today = date(2026, 6, 15)
    rows = [
        QuestionCount((today - timedelta(days=i)).isoformat(), lang, kind, None, per_day)
        for i in range(days)
        for lang, kind in (("ru", "answer"), ("kk", "fallback"))
    ]
    return aggregate(days, rows, [], [], today=today, generated_at=datetime(2026, 6, 15, tzinfo=UTC))


@pytest.mark.parametrize("days", [1, 7, 90, 365])
def test_date_axis_spans_the_data_only(days: int) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    first, last = date(2026, 6, 15) - timedelta(days=days - 1), date(2026, 6, 15)
    fig, ax = plt.subplots()
    try:
        ax.bar(_day_numbers([first, last]), [1, 2], width=0.8)
        _date_axis(ax, [first, last])
        _count_axis(ax)
        lo, hi = ax.get_xlim()
        assert hi - lo == pytest.approx(days - 1 + 1.2)
        ticks = [t for t in ax.get_xticks() if lo <= t <= hi]
        assert 1 <= len(ticks) <= 12
        assert all(float(t).is_integer() for t in ax.get_yticks())
    finally:
        plt.close(fig)


@pytest.mark.parametrize("days", [1, 90])
def test_charts_draw_without_warnings(days: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = charts(_data(days))
    assert {"per_day", "outcomes"} <= set(out)
