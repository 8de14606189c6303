"""The report's charts: matplotlib (imported lazily, Agg backend) to base64 PNGs.

Mathtext is off so a "$" in a question cannot break a chart.
"""

from __future__ import annotations

import base64
import io
from datetime import date
from typing import Any

from bot.analytics.aggregate import (
    KIND_COLORS,
    KIND_ORDER,
    LANG_COLORS,
    LANG_ORDER,
    OTHER_COLOR,
    REPORT_ENTRIES,
    ReportData,
    lang_key,
)
from bot.analytics.text import pct, shorten
from bot.analytics.texts import kind_name, lang_name, t


def _figure(height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10.5, height), dpi=110)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax


def _png(fig: Any) -> str:
    import matplotlib.pyplot as plt

    out = io.BytesIO()
    fig.tight_layout()
    fig.savefig(out, format="png", facecolor="white")
    plt.close(fig)
    return base64.b64encode(out.getvalue()).decode("ascii")


def _dates(data: ReportData) -> list[date]:
    return [date.fromisoformat(d.day) for d in data.per_day]


def _day_numbers(days: list[date]) -> list[float]:
    """Days as matplotlib date numbers (float days), so bars and limits share one unit."""
    import matplotlib.dates as mdates

    return [float(mdates.date2num(d)) for d in days]  # type: ignore[no-untyped-call]


def _date_axis(ax: Any, days: list[date]) -> None:
    """A date axis from one day to a year: at most ~10 ticks, on whole days, never past the data.

    The limits are set in date numbers (half a day either side): subtracting hours from a
    ``date`` is a no-op, which is what once stretched one day of data over several years."""
    import matplotlib.dates as mdates

    if not days:
        return
    span = (days[-1] - days[0]).days + 1
    # Numeric dates (15.06, 06.2026): the same in Kazakh, Russian and English.
    if span <= 14:
        locator: Any = mdates.DayLocator(interval=max(1, span // 7))  # type: ignore[no-untyped-call]
        formatter: Any = mdates.DateFormatter("%d.%m.%Y" if span <= 3 else "%d.%m")  # type: ignore[no-untyped-call]
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)  # type: ignore[no-untyped-call]
        locator.intervald[mdates.HOURLY] = [24]  # never finer than a day
        formatter = mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
            locator,
            formats=["%Y", "%m.%Y", "%d.%m", "%H:%M", "%H:%M", "%S"],
            zero_formats=["", "%Y", "%m.%Y", "%d.%m", "%H:%M", "%H:%M"],
            offset_formats=["", "%Y", "%Y", "%m.%Y", "%d.%m.%Y", "%d.%m.%Y"],
        )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    first, last = _day_numbers([days[0], days[-1]])
    ax.set_xlim(first - 0.6, last + 0.6)


def _count_axis(ax: Any) -> None:
    """Counts are whole numbers: integer ticks only (no 0.2, 0.4 ...)."""
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))


def _chart_per_day(data: ReportData, lang: str | None) -> str:
    fig, ax = _figure(3.6)
    days = _day_numbers(_dates(data))
    langs = sorted({code for d in data.per_day for code in d.by_lang}, key=lang_key) or list(LANG_ORDER)
    bottom = [0] * len(days)
    for code in langs:
        values = [d.by_lang.get(code, 0) for d in data.per_day]
        ax.bar(days, values, bottom=bottom, width=0.8, label=lang_name(code, lang),
               color=LANG_COLORS.get(code, OTHER_COLOR))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _count_axis(ax)
    ax.set_ylabel(t("axis_questions", lang))
    ax.set_title(t("chart_per_day", lang), loc="left", fontsize=12, fontweight="bold")
    ax.legend(frameon=False, ncols=len(langs), loc="upper left", bbox_to_anchor=(0, -0.12))
    _date_axis(ax, _dates(data))
    return _png(fig)


def _chart_outcomes(data: ReportData, lang: str | None) -> str:
    fig, ax = _figure(3.4)
    days = _day_numbers([date.fromisoformat(d.day) for d in data.per_day if d.total])
    active = [d for d in data.per_day if d.total]
    for kind in KIND_ORDER:
        shares = [100 * d.by_kind.get(kind, 0) / d.total for d in active]
        ax.plot(days, shares, marker="o", markersize=3.5, linewidth=2.6 if kind == "answer" else 1.6,
                color=KIND_COLORS[kind], label=kind_name(kind, lang))
    ax.set_ylim(0, 100)
    ax.set_ylabel(t("axis_percent", lang))
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0f}%")
    ax.set_title(t("chart_outcomes", lang), loc="left", fontsize=12, fontweight="bold")
    ax.legend(frameon=False, ncols=4, loc="upper left", bbox_to_anchor=(0, -0.12))
    _date_axis(ax, [date.fromisoformat(d.day) for d in data.per_day])
    return _png(fig)


def _barh(title: str, labels: list[str], values: list[int], colors: list[str], notes: list[str]) -> str:
    fig, ax = _figure(0.8 + 0.36 * max(len(labels), 1))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e5e7eb", linewidth=0.8)
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=colors, height=0.7)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    ax.set_yticks(positions, labels, fontsize=9.5)
    top = max(values, default=1) or 1
    for pos, value, note in zip(positions, values, notes, strict=True):
        ax.text(value + top * 0.01, pos, f"{value}{note}", va="center", fontsize=9, color="#374151")
    ax.set_xlim(0, top * 1.18)
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    return _png(fig)


def _chart_entries(data: ReportData, lang: str | None) -> str:
    top = [e for e in data.entries if e.asked][:REPORT_ENTRIES]
    notes = [t("down_note", lang, pct=pct(e.down_share), n=e.rated) if e.rated else "" for e in top]
    colors = ["#dc2626" if e.rated >= 5 and e.down_share >= 0.4 else KIND_COLORS["answer"] for e in top]
    return _barh(t("chart_entries", lang), [e.entry_id for e in top], [e.asked for e in top], colors, notes)


def _chart_clusters(data: ReportData, lang: str | None) -> str:
    top = list(data.clusters[:12])
    return _barh(
        t("chart_clusters", lang),
        [shorten(c.label, 48) for c in top],
        [c.count for c in top],
        [KIND_COLORS["fallback"]] * len(top),
        [""] * len(top),
    )


def charts(data: ReportData, lang: str | None = None) -> dict[str, str]:
    """The report's charts as base64 PNGs, by name (empty when there is nothing to draw)."""
    import matplotlib

    out: dict[str, str] = {}
    with matplotlib.rc_context({"text.parse_math": False, "font.family": "DejaVu Sans", "font.size": 10}):
        if data.summary.total:
            out["per_day"] = _chart_per_day(data, lang)
            out["outcomes"] = _chart_outcomes(data, lang)
        if any(e.asked for e in data.entries):
            out["entries"] = _chart_entries(data, lang)
        if data.clusters:
            out["clusters"] = _chart_clusters(data, lang)
    return out

