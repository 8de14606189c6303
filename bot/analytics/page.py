"""The report as one self-contained HTML page with its charts inlined (the sandbox's operator
panel serves the same page). Every string that reaches HTML is escaped."""

from __future__ import annotations

import html
from datetime import UTC

from bot.analytics.aggregate import (
    KIND_ORDER,
    LANG_COLORS,
    OTHER_COLOR,
    ReportData,
    lang_key,
)
from bot.analytics.charts import charts
from bot.analytics.handoff import handoff_html
from bot.analytics.text import cluster_topic, langs_line, num, pct, shorten
from bot.analytics.texts import kind_name, lang_name, report_lang, t

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


def _img(b64: str | None, alt: str, lang: str) -> str:
    if not b64:
        return f'<p class="empty">{_e(t("no_data", lang, what=alt))}</p>'
    return f'<div class="card"><img alt="{_e(alt)}" src="data:image/png;base64,{b64}"></div>'


def _tiles(data: ReportData, lang: str) -> str:
    s = data.summary
    tiles = [
        (num(s.total), t("tile_questions", lang, days=data.days)),
        (pct(data.kind_share("answer")), t("tile_answered", lang)),
        (pct(data.kind_share("clarify")), t("tile_clarify", lang)),
        (pct(data.kind_share("fallback")), t("tile_fallback", lang)),
        (pct(data.kind_share("crisis")), t("tile_crisis", lang)),
        (pct(data.feedback_rate), t("tile_rated", lang, n=num(data.ratings))),
        (pct(data.down_share), t("tile_down", lang)),
        (f"{data.avg_latency_ms:.0f} {t('ms', lang)}", t("tile_latency", lang)),
    ]
    return '<div class="tiles">' + "".join(
        f'<div class="tile"><div class="v">{_e(v)}</div><div class="k">{_e(k)}</div></div>' for v, k in tiles
    ) + "</div>"


def _lang_table(data: ReportData, lang: str) -> str:
    s = data.summary
    rows = []
    for code in sorted(data.by_lang_kind, key=lang_key):
        kinds = data.by_lang_kind[code]
        total = sum(kinds.values())
        cells = "".join(f'<td class="n">{pct(kinds.get(k, 0) / total if total else 0)}</td>' for k in KIND_ORDER)
        color = LANG_COLORS.get(code, OTHER_COLOR)
        rows.append(
            f'<tr><td><span class="dot" style="background:{color}"></span>{_e(lang_name(code, lang))}'
            f'</td><td class="n">{num(total)}</td><td class="n">{pct(total / s.total if s.total else 0)}</td>{cells}</tr>'
        )
    head = "".join(f'<th class="n">{_e(kind_name(k, lang))}</th>' for k in KIND_ORDER)
    return (
        f'<table><tr><th>{t("col_language", lang)}</th><th class="n">{t("col_questions", lang)}</th>'
        f'<th class="n">{t("col_share", lang)}</th>{head}</tr>'
        + "".join(rows) + "</table>"
    )


def _channel_table(data: ReportData, lang: str) -> str:
    if not data.by_channel:
        return ""
    rows = [
        f'<tr><td>{_e(c.channel)}</td><td class="n">{num(c.total)}</td><td class="n">{pct(c.answered_share)}</td>'
        f'<td class="n">{pct(c.unanswered_share)}</td><td class="n">{num(c.up)}</td><td class="n">{num(c.down)}</td></tr>'
        for c in data.by_channel
    ]
    head = "".join(
        f'<th class="n">{_e(t(k, lang))}</th>'
        for k in ("col_questions", "col_answered", "col_unanswered", "col_helpful", "col_not_helpful")
    )
    return (
        f'<h2>{_e(t("h_channels", lang))}</h2><table><tr><th>{_e(t("col_channel", lang))}</th>{head}</tr>'
        + "".join(rows) + "</table>"
    )


def _entries_table(data: ReportData, lang: str) -> str:
    if not data.entries:
        return f'<p class="empty">{_e(t("no_answers", lang))}</p>'
    rows = []
    for e in data.entries[:40]:
        bad = ' class="n bad"' if e.rated >= 5 and e.down_share >= 0.4 else ' class="n"'
        rows.append(
            f'<tr><td>{_e(e.entry_id)}</td><td class="n">{num(e.asked)}</td><td class="n">{num(e.up)}</td>'
            f'<td class="n">{num(e.down)}</td><td class="n">{pct(e.feedback_rate)}</td>'
            f"<td{bad}>{pct(e.down_share) if e.rated else '—'}</td><td class=\"n\">{num(e.comments)}</td></tr>"
        )
    return (
        f'<table><tr><th>{_e(t("col_entry", lang))}</th><th class="n">{_e(t("col_answers", lang))}</th>'
        f'<th class="n">{_e(t("col_helpful", lang))}</th><th class="n">{_e(t("col_not_helpful", lang))}</th>'
        f'<th class="n">{_e(t("col_rated", lang))}</th><th class="n">{_e(t("col_not_helpful_share", lang))}</th>'
        f'<th class="n">{_e(t("col_comments", lang))}</th></tr>'
        + "".join(rows) + "</table>"
    )


def _clusters_table(data: ReportData, lang: str) -> str:
    if not data.clusters:
        return f'<p class="empty">{_e(t("no_unanswered", lang))}</p>'
    rows = []
    for i, c in enumerate(data.clusters, 1):
        examples = "".join(f'<div class="ex">· {_e(shorten(x, 140))}</div>' for x in c.examples)
        topic = f'<div class="ex"><b>{_e(cluster_topic(c.key, lang))}</b></div>' if c.key or c.by_lang else ""
        rows.append(
            f'<tr><td class="n">{i}</td><td class="n">{num(c.count)}</td><td class="n">{_e(langs_line(c.by_lang))}</td>'
            f"<td>{_e(shorten(c.label, 160))}{topic}{examples}</td></tr>"
        )
    return (
        f'<table class="clusters"><tr><th class="n">#</th><th class="n">{_e(t("col_questions", lang))}</th>'
        f'<th class="n">{_e(t("col_languages", lang))}</th><th>{_e(t("col_wording", lang))}</th></tr>'
        + "".join(rows) + "</table>"
    )


def _days_table(data: ReportData, lang: str) -> str:
    langs = sorted({code for d in data.per_day for code in d.by_lang}, key=lang_key)
    head = "".join(f'<th class="n">{_e(code)}</th>' for code in langs)
    rows = "".join(
        f'<tr><td>{_e(d.day)}</td><td class="n">{num(d.total)}</td>'
        + "".join(f'<td class="n">{num(d.by_lang.get(code, 0))}</td>' for code in langs)
        + f'<td class="n">{pct(d.answered_share) if d.total else "—"}</td></tr>'
        for d in reversed(data.per_day)
    )
    return (
        f'<details><summary>{_e(t("days_table", lang))}</summary><table><tr><th>{_e(t("col_day", lang))}</th>'
        f'<th class="n">{_e(t("col_total", lang))}</th>'
        f'{head}<th class="n">{_e(t("col_answered", lang))}</th></tr>{rows}</table></details>'
    )


def render_html(data: ReportData, *, title: str | None = None, lang: str | None = None) -> str:
    """One self-contained HTML page (inline CSS, charts as base64 PNGs, no scripts, no network),
    in ``lang`` (kk, ru or en)."""
    lang = report_lang(lang)
    title = title or t("title", lang)
    imgs = charts(data, lang)
    generated = data.generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{_CSS}</style></head>
<body><main>
<h1>{_e(title)}</h1>
<p class="sub">{_e(t("sub", lang, days=data.days, generated=generated))}</p>
{_tiles(data, lang)}
<h2>{_e(t("h_volume", lang))}</h2>
{_img(imgs.get("per_day"), t("chart_per_day", lang), lang)}
{_lang_table(data, lang)}
{_days_table(data, lang)}
{_channel_table(data, lang)}
<h2>{_e(t("h_outcomes", lang))}</h2>
{_img(imgs.get("outcomes"), t("chart_outcomes", lang), lang)}
<h2>{_e(t("h_entries", lang))}</h2>
{_img(imgs.get("entries"), t("chart_entries", lang), lang)}
{_entries_table(data, lang)}
<h2>{_e(t("h_missing", lang))}</h2>
<p class="sub">{_e(t("missing_sub", lang, n=num(data.unanswered_total)))}</p>
{_img(imgs.get("clusters"), t("chart_clusters", lang), lang)}
{_clusters_table(data, lang)}
{handoff_html(data.handoff, lang, data.sla_hours) if data.handoff is not None else ""}
</main></body></html>
"""
