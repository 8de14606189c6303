"""The analyst's and the operator's tools, composed: the stats report, a draft entry from a
cluster of unanswered questions, and the sandbox that shows both beside the real bot.

Apart from ``bot.app`` so the serving bot (``python -m bot run``) never loads the report's code
(clustering, charts, page rendering): about 2 MB of its memory. The engine, store and channel
builders are ``bot.app``'s.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.analytics import ReportData, aggregate, build_report, render_csv, render_html, render_text
from bot.analytics.handoff import handoff_figures
from bot.analytics.texts import t as report_t
from bot.analytics.unanswered import TopicCluster, TopicOf, engine_topic_of
from bot.app import load_holder, missing_driver_line, open_store, serve_polling, whatsapp_preview
from bot.config import Settings
from bot.content import ContentError
from bot.content.engine import build_service, load_content
from bot.content.holder import ServiceHolder
from bot.core.ports import Store
from bot.storage.errors import SchemaOutdated, StoreUnavailable
from bot.storage.sql import SqlStore

if TYPE_CHECKING:
    from bot.sandbox.server import Sandbox


def report_topic_of(settings: Settings) -> TopicOf | None:
    """How the report groups unanswered questions across languages: the engine's nearest
    prototype or entry (``bot.analytics.unanswered``). None when the content does not load
    (the report then groups by spelling and still works)."""
    try:
        return engine_topic_of(build_service(settings, load_content(settings)))
    except ContentError:
        return None


def build_sandbox(settings: Settings) -> Sandbox:
    """The sandbox session with the real bot, the bot's own store and the real report."""
    from bot.sandbox.server import Sandbox

    # One engine for the session: the Telegram bot, the WhatsApp view and the report's grouping
    # share it (and the bot's /reload reaches all three).
    holders: list[ServiceHolder] = []
    loading = asyncio.Lock()

    async def engine() -> ServiceHolder:
        async with loading:
            if not holders:
                holders.append(await load_holder(settings))
        return holders[0]

    async def sandbox_bot(settings: Settings, *, stop: asyncio.Event, store: Store | None) -> None:
        await serve_polling(settings, stop=stop, store=store, channel="sandbox", holder=await engine())

    async def whatsapp(settings: Settings, store: Store | None) -> Callable[[str, str], Awaitable[list[dict[str, Any]]]]:
        return await whatsapp_preview(settings, store, await engine())

    async def topic_of() -> TopicOf | None:
        try:
            return engine_topic_of((await engine()).service)
        except ContentError:  # the report then groups by spelling and still works
            return None

    async def report(store: Store, days: int) -> str:
        """The same HTML report as ``python -m bot stats --html``, for the operator panel."""
        data = await report_data(store, days)
        # matplotlib draws the charts off the event loop, so the bot keeps answering meanwhile.
        return await asyncio.to_thread(
            render_html, data, title=report_t("sandbox_title", settings.report_lang), lang=settings.report_lang
        )

    async def report_data(store: Store, days: int) -> ReportData:
        data = await build_report(store, days, topic_of=await topic_of(), lang=settings.report_lang)
        return await with_handoff(data, store, settings, days)

    async def unanswered(store: Store, days: int, limit: int) -> list[dict[str, object]]:
        data = await report_data(store, days)
        return [
            {"key": c.key or str(i), "label": c.label, "count": c.count, "examples": list(c.examples),
             "by_lang": c.by_lang}
            for i, c in enumerate(data.clusters[:limit], 1)
        ]

    async def draft(store: Store, days: int, which: str) -> str | None:
        cluster = pick_cluster((await report_data(store, days)).clusters, which)
        if cluster is None:
            return None
        return str(await asyncio.to_thread(draft_from_cluster, settings, cluster, days))

    return Sandbox(
        settings, run_bot=sandbox_bot, open_store=open_store, render_report=report,
        list_unanswered=unanswered, write_draft=draft, whatsapp=whatsapp,
    )


def run_sandbox(settings: Settings, host: str, port: int) -> int:
    """``python -m bot sandbox``."""
    from bot.sandbox.server import serve

    return serve(settings, host=host, port=port, build=build_sandbox)


# --- analytics -------------------------------------------------------------------------------


async def with_handoff(data: ReportData, store: object, settings: Settings, days: int) -> ReportData:
    """The report plus the human handoff's figures (cases, waits, service level, ratings)."""
    figures = await handoff_figures(
        store, days, settings.hours, settings.handoff_sla_hours, datetime.now(UTC)
    )
    return replace(data, handoff=figures, sla_hours=settings.handoff_sla_hours) if figures is not None else data


async def _collect(settings: Settings, days: int, lang: str) -> ReportData:
    store = await SqlStore.open(settings.database_url)
    try:
        topic_of = await asyncio.to_thread(report_topic_of, settings)
        data = await build_report(store, days, topic_of=topic_of, lang=lang)
        return await with_handoff(data, store, settings, days)
    finally:
        await store.close()


def _where(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def run_stats(settings: Settings, days: int, html: Path | None, csv: Path | None, lang: str | None = None) -> int:
    """``python -m bot stats``: print the summary; optionally write the HTML report and the CSV.

    A database that does not exist yet, or was never migrated, holds no questions: the report
    says so (and where it looked) instead of asking for a migration."""
    if days < 1:
        sys.stderr.write("stats: --days must be at least 1\n")
        return 2
    lang = lang or settings.report_lang
    empty_note = None
    try:
        data = asyncio.run(_collect(settings, days, lang))
    except SchemaOutdated as exc:
        if exc.current is not None:  # an older schema: the data is there, the upgrade is needed
            sys.stderr.write(f"{exc}\n")
            return 1
        data = aggregate(days, [], [], [], today=datetime.now(UTC).date())
        empty_note = report_t("looked_in", lang, where=_where(settings.database_url))
    except StoreUnavailable as exc:
        sys.stderr.write(f"stats: database unavailable: {exc}\n")
        return 1
    except ModuleNotFoundError as exc:
        sys.stderr.write(f"stats: {missing_driver_line(settings.database_url, exc)}\n")
        return 1
    if empty_note is not None:
        sys.stdout.write(empty_note + "\n")
    sys.stdout.write(render_text(data, lang))
    if html is not None:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(render_html(data, lang=lang), encoding="utf-8")
        sys.stdout.write(f"HTML report: {html}\n")
    if csv is not None:
        csv.parent.mkdir(parents=True, exist_ok=True)
        csv.write_text(render_csv(data), encoding="utf-8-sig")  # the BOM: Excel reads UTF-8
        sys.stdout.write(f"CSV: {csv}\n")
    return 0


# --- drafts from unanswered questions --------------------------------------------------------


def pick_cluster(clusters: Sequence[TopicCluster], which: str) -> TopicCluster | None:
    """A cluster by its number in the report (1 = the biggest) or by its topic key (~traffic-fines)."""
    if which.isdigit():
        n = int(which)
        return clusters[n - 1] if 1 <= n <= len(clusters) else None
    return next((c for c in clusters if c.key and (c.key == which or c.key.lstrip("~") == which.lstrip("~"))), None)


def draft_from_cluster(settings: Settings, cluster: TopicCluster, days: int) -> Path:
    """Write the draft entry file for ``cluster`` in CONTENT_DIR (``bot.content.drafts``)."""
    from bot.content.drafts import slug, write_draft

    questions: dict[str, list[str]] = {}
    for wording, lang, _n in cluster.questions or tuple((w, "", 1) for w in (cluster.label, *cluster.examples)):
        if lang in ("kk", "ru", "en"):
            questions.setdefault(lang, []).append(wording)
    if cluster.key.startswith("~"):
        entry_id = slug(cluster.key)
    elif cluster.key:
        entry_id = slug(cluster.key) + "-more"
    else:
        entry_id = "new-" + slug("-".join(cluster.label.split()[:4]))
    langs = " · ".join(f"{code} {n}" for code, n in cluster.by_lang.items())
    note = f"{cluster.count} questions in the last {days} days ({langs}), topic {cluster.key or 'by wording'}"
    return write_draft(settings.content_dir, entry_id, questions, note, datetime.now(UTC).date())


async def _draft(settings: Settings, which: str, days: int) -> tuple[Path | None, list[TopicCluster]]:
    store = await SqlStore.open(settings.database_url)
    try:
        topic_of = await asyncio.to_thread(report_topic_of, settings)
        data = await build_report(store, days, topic_of=topic_of, lang=settings.report_lang)
    finally:
        await store.close()
    cluster = pick_cluster(data.clusters, which)
    if cluster is None:
        return None, list(data.clusters)
    return draft_from_cluster(settings, cluster, days), list(data.clusters)


def run_draft(settings: Settings, which: str, days: int) -> int:
    """``python -m bot content draft CLUSTER``: a draft entry from an unanswered cluster."""
    try:
        path, clusters = asyncio.run(_draft(settings, which, days))
    except SchemaOutdated as exc:
        if exc.current is None:
            sys.stderr.write(f"content draft: {report_t('looked_in', 'en', where=_where(settings.database_url))}\n")
        else:
            sys.stderr.write(f"{exc}\n")
        return 1
    except StoreUnavailable as exc:
        sys.stderr.write(f"content draft: database unavailable: {exc}\n")
        return 1
    if path is None:
        sys.stderr.write(
            f"content draft: no unanswered cluster {which!r} in the last {days} days "
            f"(there are {len(clusters)}; `python -m bot stats` numbers them)\n"
        )
        return 1
    sys.stdout.write(
        f"draft written: {path}\n"
        "fill the titles, answers (kk, ru, en), missing example questions and sources; then\n"
        "`python -m bot content validate` says what is left; delete `draft: true` to publish, then /reload\n"
    )
    return 0
