"""Operator commands (/stats, /unanswered, /reload), for OPERATOR_IDS only.

Everyone else falls through to the normal routers (an unknown command gets /help), so the
commands reveal nothing, not even that they exist.
"""

from __future__ import annotations

from aiogram.filters import Command, Filter
from aiogram.types import Message

from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.render import plain
from bot.channels.telegram.send import send_parts
from bot.channels.telegram.texts import count, text
from bot.config import Settings
from bot.content.holder import ServiceHolder
from bot.core.lang import Lang
from bot.core.ports import Store, UnansweredCluster

router = Handlers(name="operator")
MAX_PROBLEMS = 15


class IsOperator(Filter):
    async def __call__(self, message: Message, settings: Settings) -> bool:
        return message.from_user is not None and message.from_user.id in settings.operator_ids


router.message.filter(IsOperator())


def _share(value: float) -> str:
    return f"{value * 100:.0f}"


def _clusters(clusters: list[UnansweredCluster] | tuple[UnansweredCluster, ...], lang: Lang) -> str:
    if not clusters:
        return text("op_none", lang)
    return "\n".join(f"{i}. {c.label} — {c.count}" for i, c in enumerate(clusters, 1))


@router.message(Command("stats"))
async def on_stats(message: Message, store: Store, lang: Lang) -> None:
    today = await store.stats_summary(1)
    week = await store.stats_summary(7)
    unanswered = list(await store.unanswered(7, limit=5))
    summary = text(
        "op_stats",
        lang,
        today=count("n_questions", today.total, lang),
        today_share=_share(today.answered_share),
        week=count("n_questions", week.total, lang),
        week_share=_share(week.answered_share),
        up=week.feedback_up,
        down=week.feedback_down,
    )
    if len(week.by_channel) > 1:  # one channel's line would repeat the week's
        summary += "".join(
            "\n" + text("op_stats_channel", lang, channel=channel, questions=count("n_questions", n, lang),
                         share=_share(answers / n if n else 0.0))
            for channel, n, answers in week.by_channel
        )
    top = "\n".join(f"{i}. {entry_id} — {count}" for i, (entry_id, count) in enumerate(week.top_entries[:5], 1))
    await send_parts(
        message,
        plain(
            summary,
            text("op_top_entries", lang) + "\n" + (top or text("op_none", lang)),
            text("op_top_unanswered", lang) + "\n" + _clusters(unanswered, lang),
        ),
    )


@router.message(Command("unanswered"))
async def on_unanswered(message: Message, store: Store, lang: Lang) -> None:
    clusters = list(await store.unanswered(7, limit=10))
    lines = [text("op_top_unanswered", lang)]
    for i, c in enumerate(clusters, 1):
        examples = "; ".join(c.examples[:3])
        lines.append(f"{i}. {c.label} — {c.count}" + (f"\n   {examples}" if examples else ""))
    if not clusters:
        lines.append(text("op_none", lang))
    await send_parts(message, plain("\n".join(lines)))


@router.message(Command("reload"))
async def on_reload(
    message: Message, holder: ServiceHolder, settings: Settings, store: Store, lang: Lang, user_hash: str | None
) -> None:
    result = await holder.reload(settings)
    if not result.ok:
        problems = [str(p) for p in result.problems[:MAX_PROBLEMS]]
        if len(result.problems) > MAX_PROBLEMS:
            problems.append(f"… +{len(result.problems) - MAX_PROBLEMS}")
        await send_parts(message, plain(text("op_reload_failed", lang), "\n".join(problems)))
        return
    await store.record_content_version(result.content_hash, loaded_by=f"telegram:{user_hash or 'operator'}")
    await send_parts(
        message,
        plain(
            text(
                "op_reload_ok",
                lang,
                entries=count("n_entries", result.entries, lang),
                topics=count("n_topics", result.topics, lang),
                version=result.content_hash,
            )
        ),
    )
