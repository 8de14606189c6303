"""The handoff section of `stats`: the figures from the store, in text, CSV and HTML."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.analytics import aggregate, render_csv, render_html, render_text
from bot.analytics.handoff import handoff_figures
from bot.core.handoff import CaseEvent, parse_hours
from bot.core.lang import Lang
from bot.core.ports import NewCase
from bot.storage.memory import InMemoryStore

HOURS = parse_hours("mon-fri 09:00-18:00")
START = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # Tuesday 10:00 in Almaty


async def _store() -> InMemoryStore:
    now = [START]
    store = InMemoryStore(now=lambda: now[0])
    for i, (topic, reply_min, rating) in enumerate([("family", 30, True), ("family", 600, False), ("labour", None, None)]):
        case = await store.create_case(NewCase(f"u{i}", 100 + i, Lang.RU, topic, "вопрос [IIN]", "fallback"))
        await store.transition(case.id, CaseEvent.CONFIRM)
        if reply_min is not None:
            now[0] = START + timedelta(minutes=reply_min)
            await store.mark_first_reply(case.id)
            await store.transition(case.id, CaseEvent.CLOSE)
            await store.rate_case(case.id, f"u{i}", bool(rating))
        now[0] = START
    return store


async def test_the_report_shows_cases_waits_service_level_ratings_and_topics() -> None:
    store = await _store()
    figures = await handoff_figures(store, 7, HOURS, 4, START + timedelta(days=1))
    assert figures is not None
    assert (figures.opened, figures.closed, figures.answered, figures.answered_in_sla) == (3, 2, 2, 1)
    assert figures.overdue == 1 and figures.top_topics[0] == ("family", 2)
    data = replace(aggregate(7, [], [], [], today=date(2026, 12, 2)), handoff=figures, sla_hours=4)
    text = render_text(data, "ru")
    assert "Передано юристу" in text and "открыто 3" in text and "50%" in text and "👍 1 · 👎 1" in text
    assert "Сейчас просрочено: 1 ⚠" in text and "family" in text
    rows = list(csv.DictReader(io.StringIO(render_csv(data))))
    handoff = {r["kind"]: r for r in rows if r["section"] == "handoff"}
    assert handoff["opened"]["count"] == "3" and handoff["median_first_reply_s"]["count"] == str(315 * 60)
    assert "Handed to a lawyer" in render_html(data, lang="en")
    assert "[IIN]" not in render_csv(data) + text  # numbers only, never case text


async def test_a_store_without_cases_gives_no_section() -> None:
    assert await handoff_figures(object(), 7, HOURS, 4, START) is None
    assert "lawyer" not in render_text(aggregate(7, [], [], [], today=date(2026, 12, 2)), "en")
