"""The report as one self-contained HTML page with its charts inlined (the sandbox's operator
panel serves the same page). Every string that reaches HTML is escaped."""

from __future__ import annotations

import html
from datetime import UTC

from bot.analytics.aggregate import (
    KIND_NAMES,
    KIND_ORDER,
    LANG_COLORS,
    LANG_NAMES,
    OTHER_COLOR,
    ReportData,
    lang_key,
)
from bot.analytics.charts import charts
from bot.analytics.text import num, pct, shorten

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
        (num(s.total), f"questions, last {data.days} days"),
        (pct(data.kind_share("answer")), "answered from an entry"),
        (pct(data.kind_share("clarify")), "clarify (did you mean)"),
        (pct(data.kind_share("fallback")), "fallback (no answer)"),
        (pct(data.kind_share("crisis")), "crisis replies"),
        (pct(data.feedback_rate), f"answers rated ({num(data.ratings)})"),
        (pct(data.down_share), "of ratings say “not helpful”"),
        (f"{data.avg_latency_ms:.0f} ms", "average reply time"),
    ]
    return '<div class="tiles">' + "".join(
        f'<div class="tile"><div class="v">{_e(v)}</div><div class="k">{_e(k)}</div></div>' for v, k in tiles
    ) + "</div>"


def _lang_table(data: ReportData) -> str:
    s = data.summary
    rows = []
    for lang in sorted(data.by_lang_kind, key=lang_key):
        kinds = data.by_lang_kind[lang]
        total = sum(kinds.values())
        cells = "".join(f'<td class="n">{pct(kinds.get(k, 0) / total if total else 0)}</td>' for k in KIND_ORDER)
        color = LANG_COLORS.get(lang, OTHER_COLOR)
        rows.append(
            f'<tr><td><span class="dot" style="background:{color}"></span>{_e(LANG_NAMES.get(lang, lang))}'
            f'</td><td class="n">{num(total)}</td><td class="n">{pct(total / s.total if s.total else 0)}</td>{cells}</tr>'
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
            f'<tr><td>{_e(e.entry_id)}</td><td class="n">{num(e.asked)}</td><td class="n">{num(e.up)}</td>'
            f'<td class="n">{num(e.down)}</td><td class="n">{pct(e.feedback_rate)}</td>'
            f"<td{bad}>{pct(e.down_share) if e.rated else '—'}</td><td class=\"n\">{num(e.comments)}</td></tr>"
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
        examples = "".join(f'<div class="ex">· {_e(shorten(x, 140))}</div>' for x in c.examples)
        rows.append(
            f'<tr><td class="n">{i}</td><td class="n">{num(c.count)}</td><td>{_e(shorten(c.label, 160))}{examples}</td></tr>'
        )
    return '<table class="clusters"><tr><th class="n">#</th><th class="n">questions</th><th>wording (and similar ones)</th></tr>' + "".join(
        rows
    ) + "</table>"


def _days_table(data: ReportData) -> str:
    langs = sorted({lang for d in data.per_day for lang in d.by_lang}, key=lang_key)
    head = "".join(f'<th class="n">{_e(lang)}</th>' for lang in langs)
    rows = "".join(
        f'<tr><td>{_e(d.day)}</td><td class="n">{num(d.total)}</td>'
        + "".join(f'<td class="n">{num(d.by_lang.get(lang, 0))}</td>' for lang in langs)
        + f'<td class="n">{pct(d.answered_share) if d.total else "—"}</td></tr>'
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
<p class="sub">Fallback and clarify questions ({num(data.unanswered_total)}), grouped by similar wording.</p>
{_img(imgs.get("clusters"), "Top unanswered clusters")}
{_clusters_table(data)}
</main></body></html>
"""
