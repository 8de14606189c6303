"""The analytics report: ``python -m bot stats [--days N] [--html FILE] [--csv FILE]``.

What people ask — never who asked. Built from the stores' grouped counts
(``bot.core.facts``) and the unanswered-question clusters:

* ``await build_report(store, days)`` → ``ReportData`` (any store with the analytics reads:
  ``SqlStore`` or ``InMemoryStore``);
* ``render_text(data)`` for the terminal, ``render_csv(data)`` for spreadsheets,
  ``render_html(data)`` for one self-contained HTML page with charts (matplotlib PNGs inlined
  as base64) — the sandbox's operator panel serves the same page;
* ``run_stats(settings, days, html, csv)`` is the CLI entry point.

Cluster labels and examples are redacted question wordings; every string that reaches HTML is
escaped, and matplotlib's mathtext is off so a "$" in a question cannot break a chart.
"""

from __future__ import annotations

import base64
import csv
import html
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.core.facts import AnalyticsSource, FeedbackCount, QuestionCount, summarize
from bot.core.ports import StatsSummary, UnansweredCluster
from bot.core.reply import ReplyKind

if TYPE_CHECKING:
    pass

REPORT_CLUSTERS = 20
REPORT_ENTRIES = 15
LANG_ORDER = ("kk", "ru", "en")
LANG_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}
KIND_ORDER = ("answer", "clarify", "fallback", "crisis")
KIND_NAMES = {"answer": "answered", "clarify": "clarify", "fallback": "fallback", "crisis": "crisis"}
LANG_COLORS = {"kk": "#0f766e", "ru": "#2563eb", "en": "#d97706"}
KIND_COLORS = {"answer": "#16a34a", "clarify": "#f59e0b", "fallback": "#dc2626", "crisis": "#7c3aed"}
OTHER_COLOR = "#9ca3af"


@dataclass(frozen=True, slots=True)
class EntryStats:
    entry_id: str
    asked: int
    up: int
    down: int
    comments: int

    @property
    def rated(self) -> int:
        return self.up + self.down

    @property
    def feedback_rate(self) -> float:
        """Ratings per answer given from this entry."""
        return self.rated / self.asked if self.asked else 0.0

    @property
    def down_share(self) -> float:
        return self.down / self.rated if self.rated else 0.0


@dataclass(frozen=True, slots=True)
class DayStats:
    day: str
    by_lang: dict[str, int]
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_lang.values())

    @property
    def answered_share(self) -> float:
        return self.by_kind.get("answer", 0) / self.total if self.total else 0.0


@dataclass(frozen=True)
class ReportData:
    """Every number the report shows, computed once; renderers only format."""

    days: int
    generated_at: datetime
    summary: StatsSummary
    per_day: tuple[DayStats, ...]
    entries: tuple[EntryStats, ...]  # most asked first (answers only), plus rated-but-not-asked
    clusters: tuple[UnansweredCluster, ...]
    avg_latency_ms: float
    by_lang_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def answers(self) -> int:
        return self.summary.by_kind.get("answer", 0)

    @property
    def ratings(self) -> int:
        return self.summary.feedback_up + self.summary.feedback_down

    @property
    def feedback_rate(self) -> float:
        return self.ratings / self.answers if self.answers else 0.0

    @property
    def down_share(self) -> float:
        return self.summary.feedback_down / self.ratings if self.ratings else 0.0

    def kind_share(self, kind: str) -> float:
        total = self.summary.total
        return self.summary.by_kind.get(kind, 0) / total if total else 0.0

    @property
    def unanswered_total(self) -> int:
        return self.summary.by_kind.get("fallback", 0) + self.summary.by_kind.get("clarify", 0)


def aggregate(
    days: int,
    questions: Sequence[QuestionCount],
    feedback: Sequence[FeedbackCount],
    clusters: Sequence[UnansweredCluster],
    *,
    today: date,
    generated_at: datetime | None = None,
) -> ReportData:
    """Pure: fold the grouped rows into ``ReportData`` (every day of the window, zeros included)."""
    summary = summarize(days, questions, feedback, clusters[:5])
    lang_by_day: dict[str, Counter[str]] = defaultdict(Counter)
    kind_by_day: dict[str, Counter[str]] = defaultdict(Counter)
    by_lang_kind: dict[str, Counter[str]] = defaultdict(Counter)
    asked: Counter[str] = Counter()
    latency_sum = 0.0
    for row in questions:
        lang_by_day[row.day][row.lang] += row.count
        kind_by_day[row.day][row.kind] += row.count
        by_lang_kind[row.lang][row.kind] += row.count
        latency_sum += row.latency_ms_sum
        if row.entry_id is not None and row.kind == ReplyKind.ANSWER.value:
            asked[row.entry_id] += row.count
    # Every day from the window's start (or the first day with data, if later) to today.
    first = today - timedelta(days=max(days - 1, 0))
    if lang_by_day:
        first = max(first, min(date.fromisoformat(d) for d in lang_by_day))
    window = [(first + timedelta(days=i)).isoformat() for i in range((today - first).days + 1)]
    # Days with data outside the computed window (clock skew) still show up.
    all_days = sorted(set(window) | set(lang_by_day))
    per_day = tuple(
        DayStats(d, dict(lang_by_day.get(d, Counter())), dict(kind_by_day.get(d, Counter()))) for d in all_days
    )
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    comments: Counter[str] = Counter()
    for fb in feedback:
        (up if fb.positive else down)[fb.entry_id] += fb.count
        comments[fb.entry_id] += fb.with_comment
    ids = set(asked) | set(up) | set(down)
    entries = sorted(
        (EntryStats(e, asked[e], up[e], down[e], comments[e]) for e in ids),
        key=lambda s: (-s.asked, -s.rated, s.entry_id),
    )
    return ReportData(
        days=days,
        generated_at=generated_at or datetime.now(UTC),
        summary=summary,
        per_day=per_day,
        entries=tuple(entries),
        clusters=tuple(clusters),
        avg_latency_ms=latency_sum / summary.total if summary.total else 0.0,
        by_lang_kind={lang: dict(kinds) for lang, kinds in by_lang_kind.items()},
    )


async def build_report(
    store: AnalyticsSource, days: int, *, today: date | None = None, clusters: int = REPORT_CLUSTERS
) -> ReportData:
    """Read the aggregates from a store (``SqlStore`` or ``InMemoryStore``) into ``ReportData``."""
    questions = await store.question_counts(days)
    feedback = await store.feedback_counts(days)
    unanswered = await store.unanswered(days, clusters)
    return aggregate(
        days, list(questions), list(feedback), list(unanswered), today=today or datetime.now(UTC).date()
    )


# Text -----------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _n(x: int) -> str:
    return f"{x:,}".replace(",", "\u202f")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_text(data: ReportData) -> str:
    s = data.summary
    lines = [f"Questions in the last {data.days} days: {_n(s.total)}"]
    if not s.total:
        lines.append("  (no questions recorded yet)")
    lines.append(
        "  " + " · ".join(f"{KIND_NAMES[k]} {_pct(data.kind_share(k))} ({_n(s.by_kind.get(k, 0))})" for k in KIND_ORDER)
    )
    if s.by_lang:
        lines.append(
            "By language: " + ", ".join(f"{lang} {_n(n)} ({_pct(n / s.total)})" for lang, n in s.by_lang.items())
        )
    lines.append(
        f"Feedback: {_n(data.ratings)} ratings on {_n(data.answers)} answers ({_pct(data.feedback_rate)}), "
        f"thumbs down {_pct(data.down_share)}"
    )
    if s.total:
        lines.append(f"Average reply time: {data.avg_latency_ms:.0f} ms")
    if data.entries:
        lines.append("")
        lines.append("Top entries (asked · rated · thumbs down):")
        for e in data.entries[:REPORT_ENTRIES]:
            lines.append(f"  {e.asked:>6}  {e.rated:>5}  {_pct(e.down_share):>6}  {e.entry_id}")
    if data.clusters:
        lines.append("")
        lines.append(f"Unanswered (fallback + clarify: {_n(data.unanswered_total)}) — what content is missing:")
        for i, c in enumerate(data.clusters, 1):
            lines.append(f"  {i:>2}. [{c.count}] {_short(c.label, 90)}")
            for ex in c.examples:
                lines.append(f"        · {_short(ex, 86)}")
    if any(d.total for d in data.per_day):
        lines.append("")
        lines.append("By day: " + "  ".join(f"{d.day[5:]}:{d.total}" for d in data.per_day if d.total))
    return "\n".join(lines) + "\n"


# CSV ------------------------------------------------------------------------------------------

CSV_COLUMNS = ("section", "day", "lang", "kind", "entry_id", "label", "count", "up", "down", "share", "examples")


def render_csv(data: ReportData) -> str:
    """Aggregates only, one row per number, in long form (never raw question text)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    s = data.summary
    w.writerow({"section": "total", "count": s.total, "up": s.feedback_up, "down": s.feedback_down,
                "share": f"{s.answered_share:.4f}"})
    for k in KIND_ORDER:
        w.writerow({"section": "kind", "kind": k, "count": s.by_kind.get(k, 0), "share": f"{data.kind_share(k):.4f}"})
    for lang, n in s.by_lang.items():
        w.writerow({"section": "lang", "lang": lang, "count": n, "share": f"{n / s.total:.4f}" if s.total else ""})
    for d in data.per_day:
        for lang in sorted(d.by_lang, key=_lang_key):
            w.writerow({"section": "day_lang", "day": d.day, "lang": lang, "count": d.by_lang[lang]})
        for k in KIND_ORDER:
            if d.by_kind.get(k):
                w.writerow({"section": "day_kind", "day": d.day, "kind": k, "count": d.by_kind[k]})
    for e in data.entries:
        w.writerow({"section": "entry", "entry_id": e.entry_id, "count": e.asked, "up": e.up, "down": e.down,
                    "share": f"{e.down_share:.4f}"})
    for c in data.clusters:
        w.writerow({"section": "unanswered", "label": c.label, "count": c.count, "examples": " | ".join(c.examples)})
    return buf.getvalue()


# Charts ---------------------------------------------------------------------------------------


def _lang_key(lang: str) -> tuple[int, str]:
    return (LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER), lang)


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


def _date_axis(ax: Any, days: list[date]) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=12)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if days:
        ax.set_xlim(days[0] - timedelta(hours=14), days[-1] + timedelta(hours=14))


def _chart_per_day(data: ReportData) -> str:
    fig, ax = _figure(3.6)
    days = _dates(data)
    langs = sorted({lang for d in data.per_day for lang in d.by_lang}, key=_lang_key) or list(LANG_ORDER)
    bottom = [0] * len(days)
    for lang in langs:
        values = [d.by_lang.get(lang, 0) for d in data.per_day]
        ax.bar(days, values, bottom=bottom, width=0.8, label=LANG_NAMES.get(lang, lang),
               color=LANG_COLORS.get(lang, OTHER_COLOR))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("questions")
    ax.set_title("Questions per day, by language", loc="left", fontsize=12, fontweight="bold")
    ax.legend(frameon=False, ncols=len(langs), loc="upper left", bbox_to_anchor=(0, -0.12))
    _date_axis(ax, days)
    return _png(fig)


def _chart_outcomes(data: ReportData) -> str:
    fig, ax = _figure(3.4)
    days = [date.fromisoformat(d.day) for d in data.per_day if d.total]
    active = [d for d in data.per_day if d.total]
    for kind in KIND_ORDER:
        shares = [100 * d.by_kind.get(kind, 0) / d.total for d in active]
        ax.plot(days, shares, marker="o", markersize=3.5, linewidth=2.6 if kind == "answer" else 1.6,
                color=KIND_COLORS[kind], label=KIND_NAMES[kind])
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of questions")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0f}%")
    ax.set_title("Answered share over time (and what happened to the rest)", loc="left", fontsize=12,
                 fontweight="bold")
    ax.legend(frameon=False, ncols=4, loc="upper left", bbox_to_anchor=(0, -0.12))
    _date_axis(ax, [date.fromisoformat(d.day) for d in data.per_day])
    return _png(fig)


def _barh(title: str, labels: list[str], values: list[int], colors: list[str], notes: list[str]) -> str:
    fig, ax = _figure(0.8 + 0.36 * max(len(labels), 1))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e5e7eb", linewidth=0.8)
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=colors, height=0.7)
    ax.set_yticks(positions, labels, fontsize=9.5)
    top = max(values, default=1) or 1
    for pos, value, note in zip(positions, values, notes, strict=True):
        ax.text(value + top * 0.01, pos, f"{value}{note}", va="center", fontsize=9, color="#374151")
    ax.set_xlim(0, top * 1.18)
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    return _png(fig)


def _chart_entries(data: ReportData) -> str:
    top = [e for e in data.entries if e.asked][:REPORT_ENTRIES]
    notes = [f"   ({_pct(e.down_share)} thumbs down of {e.rated})" if e.rated else "" for e in top]
    colors = ["#dc2626" if e.rated >= 5 and e.down_share >= 0.4 else KIND_COLORS["answer"] for e in top]
    return _barh("Top entries (answers given)", [e.entry_id for e in top], [e.asked for e in top], colors, notes)


def _chart_clusters(data: ReportData) -> str:
    top = list(data.clusters[:12])
    return _barh(
        "Top unanswered question clusters",
        [_short(c.label, 48) for c in top],
        [c.count for c in top],
        [KIND_COLORS["fallback"]] * len(top),
        [""] * len(top),
    )


def charts(data: ReportData) -> dict[str, str]:
    """The report's charts as base64 PNGs, by name (empty when there is nothing to draw)."""
    import matplotlib

    out: dict[str, str] = {}
    with matplotlib.rc_context({"text.parse_math": False, "font.family": "DejaVu Sans", "font.size": 10}):
        if data.summary.total:
            out["per_day"] = _chart_per_day(data)
            out["outcomes"] = _chart_outcomes(data)
        if any(e.asked for e in data.entries):
            out["entries"] = _chart_entries(data)
        if data.clusters:
            out["clusters"] = _chart_clusters(data)
    return out


# HTML -----------------------------------------------------------------------------------------

_CSS = """
:root { --ink:#111827; --muted:#6b7280; --line:#e5e7eb; --bg:#f9fafb; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color:var(--ink); background:var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 10px; }
.sub { color: var(--muted); margin: 0 0 20px; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
@media (max-width: 700px) { .tiles { grid-template-columns: repeat(2, 1fr); } }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.tile .v { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile .k { color: var(--muted); font-size: 13px; }
.card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:14px; margin: 12px 0; }
.card img { display:block; width:100%; height:auto; }
table { border-collapse: collapse; width: 100%; background:#fff; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
table.clusters td.n, table.clusters th.n { width: 1%; padding-right: 18px; }
.ex { color: var(--muted); font-size: 13px; }
.bad { color: #b91c1c; font-weight: 600; }
.dot { display:inline-block; width:10px; height:10px; border-radius:50%; margin-right:6px; }
details summary { cursor: pointer; color: var(--muted); margin: 8px 0; }
.empty { color: var(--muted); font-style: italic; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _img(b64: str | None, alt: str) -> str:
    if not b64:
        return f'<p class="empty">{_e(alt)}: no data yet.</p>'
    return f'<div class="card"><img alt="{_e(alt)}" src="data:image/png;base64,{b64}"></div>'


def _tiles(data: ReportData) -> str:
    s = data.summary
    tiles = [
        (_n(s.total), f"questions, last {data.days} days"),
        (_pct(data.kind_share("answer")), "answered from an entry"),
        (_pct(data.kind_share("clarify")), "clarify (did you mean)"),
        (_pct(data.kind_share("fallback")), "fallback (no answer)"),
        (_pct(data.kind_share("crisis")), "crisis replies"),
        (_pct(data.feedback_rate), f"answers rated ({_n(data.ratings)})"),
        (_pct(data.down_share), "of ratings say “not helpful”"),
        (f"{data.avg_latency_ms:.0f} ms", "average reply time"),
    ]
    return '<div class="tiles">' + "".join(
        f'<div class="tile"><div class="v">{_e(v)}</div><div class="k">{_e(k)}</div></div>' for v, k in tiles
    ) + "</div>"


def _lang_table(data: ReportData) -> str:
    s = data.summary
    rows = []
    for lang in sorted(data.by_lang_kind, key=_lang_key):
        kinds = data.by_lang_kind[lang]
        total = sum(kinds.values())
        cells = "".join(f'<td class="n">{_pct(kinds.get(k, 0) / total if total else 0)}</td>' for k in KIND_ORDER)
        color = LANG_COLORS.get(lang, OTHER_COLOR)
        rows.append(
            f'<tr><td><span class="dot" style="background:{color}"></span>{_e(LANG_NAMES.get(lang, lang))}'
            f'</td><td class="n">{_n(total)}</td><td class="n">{_pct(total / s.total if s.total else 0)}</td>{cells}</tr>'
        )
    head = "".join(f'<th class="n">{_e(KIND_NAMES[k])}</th>' for k in KIND_ORDER)
    return (
        f'<table><tr><th>language</th><th class="n">questions</th><th class="n">share</th>{head}</tr>'
        + "".join(rows) + "</table>"
    )


def _entries_table(data: ReportData) -> str:
    if not data.entries:
        return '<p class="empty">No answers yet.</p>'
    rows = []
    for e in data.entries[:40]:
        bad = ' class="n bad"' if e.rated >= 5 and e.down_share >= 0.4 else ' class="n"'
        rows.append(
            f'<tr><td>{_e(e.entry_id)}</td><td class="n">{_n(e.asked)}</td><td class="n">{_n(e.up)}</td>'
            f'<td class="n">{_n(e.down)}</td><td class="n">{_pct(e.feedback_rate)}</td>'
            f"<td{bad}>{_pct(e.down_share) if e.rated else '—'}</td><td class=\"n\">{_n(e.comments)}</td></tr>"
        )
    return (
        '<table><tr><th>entry</th><th class="n">answers</th><th class="n">helpful</th><th class="n">not helpful</th>'
        '<th class="n">rated</th><th class="n">not helpful, share</th><th class="n">comments</th></tr>'
        + "".join(rows) + "</table>"
    )


def _clusters_table(data: ReportData) -> str:
    if not data.clusters:
        return '<p class="empty">No unanswered questions in this period.</p>'
    rows = []
    for i, c in enumerate(data.clusters, 1):
        examples = "".join(f'<div class="ex">· {_e(_short(x, 140))}</div>' for x in c.examples)
        rows.append(
            f'<tr><td class="n">{i}</td><td class="n">{_n(c.count)}</td><td>{_e(_short(c.label, 160))}{examples}</td></tr>'
        )
    return '<table class="clusters"><tr><th class="n">#</th><th class="n">questions</th><th>wording (and similar ones)</th></tr>' + "".join(
        rows
    ) + "</table>"


def _days_table(data: ReportData) -> str:
    langs = sorted({lang for d in data.per_day for lang in d.by_lang}, key=_lang_key)
    head = "".join(f'<th class="n">{_e(lang)}</th>' for lang in langs)
    rows = "".join(
        f'<tr><td>{_e(d.day)}</td><td class="n">{_n(d.total)}</td>'
        + "".join(f'<td class="n">{_n(d.by_lang.get(lang, 0))}</td>' for lang in langs)
        + f'<td class="n">{_pct(d.answered_share) if d.total else "—"}</td></tr>'
        for d in reversed(data.per_day)
    )
    return (
        f'<details><summary>Questions per day (table)</summary><table><tr><th>day</th><th class="n">total</th>'
        f'{head}<th class="n">answered</th></tr>{rows}</table></details>'
    )


def render_html(data: ReportData, *, title: str = "What citizens ask the bot") -> str:
    """One self-contained HTML page (inline CSS, charts as base64 PNGs, no scripts, no network)."""
    imgs = charts(data)
    generated = data.generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{_CSS}</style></head>
<body><main>
<h1>{_e(title)}</h1>
<p class="sub">Last {data.days} days · generated {_e(generated)} · question texts are redacted; no user identities are stored.</p>
{_tiles(data)}
<h2>Volume</h2>
{_img(imgs.get("per_day"), "Questions per day by language")}
{_lang_table(data)}
{_days_table(data)}
<h2>Outcomes</h2>
{_img(imgs.get("outcomes"), "Answered share over time")}
<h2>Entries</h2>
{_img(imgs.get("entries"), "Top entries")}
{_entries_table(data)}
<h2>What content is missing</h2>
<p class="sub">Fallback and clarify questions ({_n(data.unanswered_total)}), grouped by similar wording.</p>
{_img(imgs.get("clusters"), "Top unanswered clusters")}
{_clusters_table(data)}
</main></body></html>
"""
