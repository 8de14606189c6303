"""The analytics report: aggregates match the synthetic log exactly, on both stores."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.analytics import ReportData, aggregate, build_report, render_csv, render_html, render_text
from bot.config import load_settings
from bot.core.facts import FeedbackCount, QuestionCount
from bot.core.ports import UnansweredCluster
from bot.storage.memory import InMemoryStore
from bot.storage.sql import SqlStore
from tests.analytics.synthetic import CLARIFY_WORDINGS, DISLIKED, THEMES, Log, fill_memory


@pytest.fixture(params=["memory", "sqlite"])
async def report(request: pytest.FixtureRequest, synthetic_log: Log) -> AsyncIterator[ReportData]:
    today = synthetic_log.end.date()
    if request.param == "memory":
        mem = InMemoryStore(now=lambda: synthetic_log.end)
        await fill_memory(mem, synthetic_log)
        yield await build_report(mem, synthetic_log.days, today=today)
        return
    url = request.getfixturevalue("filled_sqlite")
    store = await SqlStore.open(url, now=lambda: synthetic_log.end)
    try:
        yield await build_report(store, synthetic_log.days, today=today)
    finally:
        await store.close()


def test_totals_kinds_and_languages_match_the_log(report: ReportData, synthetic_log: Log) -> None:
    events = synthetic_log.events
    s = report.summary
    assert s.total == len(events) == 3000
    # Every kind is listed, those that never happened (small talk in this log) with 0.
    assert {k: n for k, n in s.by_kind.items() if n} == dict(Counter(str(e.record.kind) for e in events))
    assert s.by_lang == dict(Counter(str(e.record.lang) for e in events))
    assert s.answered_share == pytest.approx(s.by_kind["answer"] / 3000)
    lang_kind = Counter((str(e.record.lang), str(e.record.kind)) for e in events)
    assert {(lang, k): n for lang, kinds in report.by_lang_kind.items() for k, n in kinds.items()} == dict(lang_kind)
    expected_latency = sum(e.record.latency_ms for e in events) / len(events)
    assert report.avg_latency_ms == pytest.approx(expected_latency)


def test_every_day_of_the_window_is_listed_with_its_count(report: ReportData, synthetic_log: Log) -> None:
    per_day = Counter(e.at.strftime("%Y-%m-%d") for e in synthetic_log.events)
    assert len(report.per_day) == synthetic_log.days
    assert {d.day: d.total for d in report.per_day} == {d.day: per_day.get(d.day, 0) for d in report.per_day}
    assert sum(d.total for d in report.per_day) == 3000
    by_day_lang = Counter((e.at.strftime("%Y-%m-%d"), str(e.record.lang)) for e in synthetic_log.events)
    assert {(d.day, lang): n for d in report.per_day for lang, n in d.by_lang.items()} == dict(by_day_lang)


def test_top_entries_and_feedback_per_entry(report: ReportData, synthetic_log: Log) -> None:
    asked = Counter(e.record.entry_id for e in synthetic_log.events if e.record.entry_id)
    up = Counter(r.entry_id for r in synthetic_log.ratings if r.positive)
    down = Counter(r.entry_id for r in synthetic_log.ratings if not r.positive)
    assert {e.entry_id: (e.asked, e.up, e.down) for e in report.entries} == {
        k: (asked[k], up[k], down[k]) for k in asked
    }
    assert report.summary.top_entries[0] == asked.most_common(1)[0]
    assert (report.summary.feedback_up, report.summary.feedback_down) == (sum(up.values()), sum(down.values()))
    worst = max((e for e in report.entries if e.rated >= 10), key=lambda e: e.down_share)
    assert worst.entry_id == DISLIKED


def test_unanswered_clusters_are_the_missing_topics(report: ReportData, synthetic_log: Log) -> None:
    # Each fallback theme is one group; each vague (clarify) wording is its own group.
    group_of = {w: t for t, wordings in THEMES.items() for w in wordings}
    group_of.update({w: f"clarify:{w}" for w in CLARIFY_WORDINGS})
    unanswered = [e.record.text for e in synthetic_log.events if str(e.record.kind) in ("fallback", "clarify")]
    group_counts = Counter(group_of[t] for t in unanswered)
    # The biggest clusters are pure (one group each) and the biggest group comes first.
    for cluster in report.clusters[:5]:
        groups = {group_of.get(w) for w in (cluster.label, *cluster.examples)}
        assert len(groups) == 1 and None not in groups, cluster
    assert group_of[report.clusters[0].label] == group_counts.most_common(1)[0][0]
    assert sum(c.count for c in report.clusters) <= report.unanswered_total == len(unanswered)
    # Wording variants of one theme end up together (ru variants at least).
    passport = next(c for c in report.clusters if group_of.get(c.label) == "passport")
    assert passport.count >= 0.8 * group_counts["passport"]


def test_text_summary_names_the_numbers(report: ReportData) -> None:
    text = render_text(report)
    assert "Questions in the last 14 days: 3\u202f000" in text
    assert re.search(r"answered \d+\.\d% \(", text)
    assert "what content is missing" in text


def test_csv_holds_aggregates_only(report: ReportData, synthetic_log: Log) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    total = next(r for r in rows if r["section"] == "total")
    assert int(total["count"]) == 3000
    kinds = {r["kind"]: int(r["count"]) for r in rows if r["section"] == "kind"}
    assert kinds == report.summary.by_kind
    day_sum = sum(int(r["count"]) for r in rows if r["section"] == "day_lang")
    assert day_sum == 3000
    entries = {r["entry_id"]: int(r["count"]) for r in rows if r["section"] == "entry"}
    assert entries == {e.entry_id: e.asked for e in report.entries}
    user_hashes = {e.record.user_hash for e in synthetic_log.events}
    assert not any(h and h in render_csv(report) for h in user_hashes)


def test_html_is_self_contained_with_four_charts(report: ReportData) -> None:
    page = render_html(report)
    assert page.startswith("<!doctype html>")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 4
    assert all(len(b) > 5000 for b in images)
    assert "http://" not in page and "https://" not in page and "<script" not in page


def _data_with_label(label: str) -> ReportData:
    q = [QuestionCount("2026-06-01", "ru", "fallback", None, 3, 30.0),
         QuestionCount("2026-06-01", "kk", "answer", "pension-age", 2, 20.0)]
    f = [FeedbackCount("pension-age", False, 1, 1)]
    clusters = [UnansweredCluster(label=label, count=3, examples=("<b>bold</b>",))]
    return aggregate(7, q, f, clusters, today=datetime(2026, 6, 2, tzinfo=UTC).date())


def test_html_escapes_question_text_and_charts_ignore_dollar_signs() -> None:
    page = render_html(_data_with_label('<script>alert("x")</script> $5$ за $ доллар'))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page


def test_empty_report_renders_without_charts() -> None:
    data = aggregate(30, [], [], [], today=datetime(2026, 6, 2, tzinfo=UTC).date())
    page = render_html(data)
    assert "data:image/png" not in page and "no data yet" in page
    assert "Questions in the last 30 days: 0" in render_text(data)
    assert render_csv(data).count("\n") == 1 + 1 + 5  # header, total, five kinds


def test_run_stats_writes_html_and_csv(filled_sqlite: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.reports import run_stats

    settings = load_settings(DATABASE_URL=filled_sqlite)
    html_path, csv_path = tmp_path / "out" / "report.html", tmp_path / "out" / "report.csv"
    # The synthetic log ends 2026-06-15; a long window covers it whatever today's date is.
    assert run_stats(settings, days=3650, html=html_path, csv=csv_path) == 0
    out = capsys.readouterr().out
    assert "Questions in the last 3650 days: 3\u202f000" in out
    assert html_path.read_text(encoding="utf-8").count("data:image/png;base64,") == 4
    assert csv_path.read_text(encoding="utf-8-sig").startswith("section,day,lang,kind")


def test_run_stats_on_a_missing_database_says_no_questions_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.reports import run_stats

    settings = load_settings(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/none.db")
    html = tmp_path / "r.html"
    assert run_stats(settings, days=7, html=html, csv=None) == 0
    captured = capsys.readouterr()
    assert f"no questions recorded yet (looked in sqlite+aiosqlite:///{tmp_path}/none.db)" in captured.out
    assert "db upgrade" not in captured.out + captured.err
    assert html.exists() and not (tmp_path / "none.db").exists()


def test_run_stats_writes_the_csv_with_a_byte_order_mark(
    filled_sqlite: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.reports import run_stats

    out = tmp_path / "r.csv"
    assert run_stats(load_settings(DATABASE_URL=filled_sqlite), days=3650, html=None, csv=out) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsection,")
