"""The report as text for the terminal (``python -m bot stats``) and as CSV for spreadsheets
(aggregates only, never raw question text)."""

from __future__ import annotations

import csv
import io

from bot.analytics.aggregate import KIND_ORDER, REPORT_ENTRIES, ReportData, lang_key
from bot.analytics.handoff import handoff_csv_rows, handoff_lines
from bot.analytics.texts import kind_name, t, tn


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def num(x: int) -> str:
    return f"{x:,}".replace(",", "\u202f")


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cluster_topic(key: str, lang: str | None) -> str:
    """What a cluster is about, in words: a prototype the content does not cover, an entry it is
    near, or (no engine topic) similar wording."""
    if key.startswith("~"):
        return t("out_of_scope", lang, name=key[1:])
    if key:
        return t("near_entry", lang, name=key)
    return t("by_wording", lang)


def langs_line(by_lang: dict[str, int]) -> str:
    return " · ".join(f"{code} {n}" for code, n in by_lang.items())


def render_text(data: ReportData, lang: str | None = None) -> str:
    s = data.summary
    lines = [t("questions_in_days", lang, days=data.days, n=num(s.total))]
    if not s.total:
        lines.append("  " + t("no_questions", lang))
    lines.append(
        "  " + " · ".join(
            f"{kind_name(k, lang)} {pct(data.kind_share(k))} ({num(s.by_kind.get(k, 0))})" for k in KIND_ORDER
        )
    )
    if s.by_lang:
        lines.append(
            t("by_language", lang) + ": "
            + ", ".join(f"{code} {num(n)} ({pct(n / s.total)})" for code, n in s.by_lang.items())
        )
    if data.by_channel:
        lines.append(t("by_channel", lang) + ":")
        for ch in data.by_channel:
            lines.append("  " + tn("channel_line", ch.total, lang, channel=ch.channel, count=num(ch.total),
                                   answered=pct(ch.answered_share), unanswered=pct(ch.unanswered_share),
                                   up=num(ch.up), down=num(ch.down)))
    lines.append(
        t("feedback_line", lang, ratings=tn("n_ratings", data.ratings, lang, count=num(data.ratings)),
          answers=tn("n_answers", data.answers, lang, count=num(data.answers)), rate=pct(data.feedback_rate),
          down=pct(data.down_share))
    )
    if s.total:
        lines.append(t("avg_reply", lang, ms=f"{data.avg_latency_ms:.0f}"))
    if data.entries:
        lines.append("")
        lines.append(t("top_entries_line", lang))
        for e in data.entries[:REPORT_ENTRIES]:
            lines.append(f"  {e.asked:>6}  {e.rated:>5}  {pct(e.down_share):>6}  {e.entry_id}")
    if data.clusters:
        lines.append("")
        lines.append(t("unanswered_line", lang, n=num(data.unanswered_total)))
        for i, c in enumerate(data.clusters, 1):
            langs = f" ({langs_line(c.by_lang)})" if c.by_lang else ""
            lines.append(f"  {i:>2}. [{c.count}] {shorten(c.label, 90)}{langs}")
            if c.key or c.by_lang:
                lines.append(f"        {cluster_topic(c.key, lang)}")
            for ex in c.examples:
                lines.append(f"        · {shorten(ex, 86)}")
        lines.append("  " + t("draft_hint", lang))
    if any(d.total for d in data.per_day):
        lines.append("")
        lines.append(t("by_day", lang) + ": " + "  ".join(f"{d.day[5:]}:{d.total}" for d in data.per_day if d.total))
    if data.handoff is not None:
        lines.append("")
        lines += handoff_lines(data.handoff, lang, data.sla_hours)
    return "\n".join(lines) + "\n"


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
    for ch in data.by_channel:
        # "channel": questions, answered share, ratings; "channel_kind": each outcome; the channel in "label".
        w.writerow({"section": "channel", "label": ch.channel, "count": ch.total, "up": ch.up, "down": ch.down,
                    "share": f"{ch.answered_share:.4f}"})
        for k in KIND_ORDER:
            w.writerow({"section": "channel_kind", "label": ch.channel, "kind": k, "count": ch.by_kind.get(k, 0),
                        "share": f"{ch.by_kind.get(k, 0) / ch.total:.4f}" if ch.total else ""})
    for lang, n in s.by_lang.items():
        w.writerow({"section": "lang", "lang": lang, "count": n, "share": f"{n / s.total:.4f}" if s.total else ""})
    for d in data.per_day:
        for lang in sorted(d.by_lang, key=lang_key):
            w.writerow({"section": "day_lang", "day": d.day, "lang": lang, "count": d.by_lang[lang]})
        for k in KIND_ORDER:
            if d.by_kind.get(k):
                w.writerow({"section": "day_kind", "day": d.day, "kind": k, "count": d.by_kind[k]})
    for e in data.entries:
        w.writerow({"section": "entry", "entry_id": e.entry_id, "count": e.asked, "up": e.up, "down": e.down,
                    "share": f"{e.down_share:.4f}"})
    for c in data.clusters:
        w.writerow({"section": "unanswered", "entry_id": c.key, "label": c.label, "count": c.count,
                    "lang": " ".join(f"{code}:{n}" for code, n in c.by_lang.items()),
                    "examples": " | ".join(c.examples)})
    if data.handoff is not None:
        for row in handoff_csv_rows(data.handoff):
            w.writerow(row)
    return buf.getvalue()

