"""The human handoff in the report: cases opened, taken, closed, the median wait for the first
operator reply, the share answered within the service level, overdue cases, ratings, and the
topics most often handed over (the content's next entries). Numbers only, never case text.

The figures are folded by ``bot.core.handoff.case_figures``; this module reads the store and
formats them for the terminal, the CSV and the HTML page (in kk, ru or en: the
``report.handoff_*`` texts of the catalogues).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import Protocol

from bot.analytics.texts import t
from bot.core.handoff import CaseFigures, Hours, case_figures
from bot.core.ports import Case


class CaseSource(Protocol):
    async def cases_since(self, since: datetime) -> list[Case] | tuple[Case, ...]: ...


async def handoff_figures(store: object, days: int, hours: Hours, sla_hours: float, now: datetime) -> CaseFigures | None:
    """The period's figures, or None for a store that keeps no cases."""
    read = getattr(store, "cases_since", None)
    if read is None:
        return None
    cases = list(await read(now - timedelta(days=days)))
    return case_figures(cases, now, hours, sla_hours)


def _duration(seconds: float | None, lang: str | None) -> str:
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return t("handoff_m", lang, minutes=minutes)
    return t("handoff_hm", lang, hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def _share(f: CaseFigures) -> str:
    return "—" if f.sla_share is None else f"{f.sla_share * 100:.0f}%"


def handoff_lines(f: CaseFigures, lang: str | None, sla_hours: float) -> list[str]:
    lines = [t("handoff_title", lang) + ":"]
    if not f.opened:
        return [*lines, "  " + t("handoff_none", lang)]
    lines += [
        "  " + t("handoff_counts", lang, opened=f.opened, taken=f.taken, closed=f.closed, expired=f.expired, cancelled=f.cancelled),
        "  " + t("handoff_wait", lang, wait=_duration(f.median_first_reply_s, lang), sla=f"{sla_hours:g}", share=_share(f)),
        "  " + t("handoff_overdue", lang, n=f.overdue) + (" ⚠" if f.overdue else ""),
        "  " + t("handoff_ratings", lang, up=f.rating_up, down=f.rating_down),
    ]
    if f.top_topics:
        lines.append("  " + t("handoff_topics", lang))
        lines += [f"    {n:>4}  {topic}" for topic, n in f.top_topics]
    return lines


def handoff_csv_rows(f: CaseFigures) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"section": "handoff", "kind": k, "count": v}
        for k, v in (("opened", f.opened), ("taken", f.taken), ("closed", f.closed), ("expired", f.expired),
                     ("cancelled", f.cancelled), ("overdue", f.overdue), ("answered", f.answered),
                     ("answered_in_sla", f.answered_in_sla))
    ]
    rows.append({"section": "handoff", "kind": "median_first_reply_s",
                 "count": "" if f.median_first_reply_s is None else round(f.median_first_reply_s)})
    rows.append({"section": "handoff", "kind": "rating", "up": f.rating_up, "down": f.rating_down,
                 "share": "" if f.sla_share is None else f"{f.sla_share:.4f}"})
    rows += [{"section": "handoff_topic", "label": topic, "count": n} for topic, n in f.top_topics]
    return rows


def handoff_html(f: CaseFigures, lang: str | None, sla_hours: float) -> str:
    lines = handoff_lines(f, lang, sla_hours)
    items = "".join(f"<li>{escape(line.strip())}</li>" for line in lines[1:])
    return f'<h2>{escape(t("handoff_title", lang))}</h2><ul class="handoff">{items}</ul>'
