"""The Store contract, run against every implementation (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.lang import Lang
from bot.core.ports import ClaimSpace, QuestionRecord
from bot.core.reply import ReplyKind
from tests.storage.helpers import Clock, StoreUnderTest


def _q(text: str, kind: ReplyKind = ReplyKind.ANSWER, entry: str | None = "pension-age",
       user: str | None = "u1", lang: Lang = Lang.RU) -> QuestionRecord:
    if kind is not ReplyKind.ANSWER:
        entry = None
    return QuestionRecord(user_hash=user, text=text, lang=lang, entry_id=entry, kind=kind,
                          confidence=0.8, latency_ms=12.0, channel="telegram")


async def test_claim_update_is_true_once_then_false_for_duplicates(store: StoreUnderTest) -> None:
    assert await store.claim_update(1001, '{"update_id": 1001}') is True
    assert await store.claim_update(1001, '{"update_id": 1001}') is False


async def test_pending_updates_lists_unfinished_oldest_first_and_finish_drops_payload(
    store: StoreUnderTest,
) -> None:
    await store.claim_update(7, '{"u": 7}')
    await store.claim_update(5, '{"u": 5}')
    await store.claim_update(6, '{"u": 6}')
    await store.finish_update(6)
    pending = await store.pending_updates()
    assert [(p.update_id, p.payload) for p in pending] == [(5, '{"u": 5}'), (7, '{"u": 7}')]
    assert await store.claim_update(6, "{}") is False  # finished updates still deduplicate


async def test_each_channel_lists_only_its_own_pending_claims(store: StoreUnderTest) -> None:
    await store.claim_update(8, '{"update_id": 8}')  # a Telegram update
    await store.claim_update(-42, '{"id": "wamid.1"}')  # a WhatsApp message (negative key)
    assert [p.update_id for p in await store.pending_updates(ClaimSpace.TELEGRAM)] == [8]
    assert [(p.update_id, p.payload) for p in await store.pending_updates(ClaimSpace.WHATSAPP)] == [
        (-42, '{"id": "wamid.1"}')
    ]
    await store.finish_update(-42)
    assert await store.pending_updates(ClaimSpace.WHATSAPP) == []
    assert [p.update_id for p in await store.pending_updates()] == [8]


async def test_touch_user_keeps_an_explicit_language(store: StoreUnderTest) -> None:
    assert await store.user_lang("h1") is None
    await store.touch_user("h1", Lang.KK)
    assert await store.user_lang("h1") is Lang.KK
    await store.set_user_lang("h1", Lang.EN)
    await store.touch_user("h1", Lang.RU)
    assert await store.user_lang("h1") is Lang.EN


async def test_set_user_lang_creates_an_unknown_user(store: StoreUnderTest) -> None:
    await store.set_user_lang("new", Lang.RU)
    assert await store.user_lang("new") is Lang.RU


async def test_forget_user_deletes_user_questions_and_feedback_only_for_that_user(
    store: StoreUnderTest,
) -> None:
    await store.touch_user("me", Lang.RU)
    await store.touch_user("other", Lang.KK)
    await store.log_question(_q("пенсия", user="me"))
    await store.log_question(_q("пенсия когда", user="me"))
    await store.log_question(_q("пенсия", user="other"))
    await store.log_feedback("me", "pension-age", True)
    await store.log_feedback("other", "pension-age", False, "непонятно")
    assert await store.forget_user("me") == 4  # user row + 2 questions + 1 feedback
    assert await store.user_lang("me") is None
    assert await store.user_lang("other") is Lang.KK
    summary = await store.stats_summary(30)
    assert summary.total == 1
    assert (summary.feedback_up, summary.feedback_down) == (0, 1)
    assert await store.forget_user("me") == 0


async def test_stats_summary_counts_kinds_langs_entries_and_feedback(store: StoreUnderTest) -> None:
    for _ in range(3):
        await store.log_question(_q("пенсия", entry="pension-age"))
    await store.log_question(_q("pension", entry="pension-tiers", lang=Lang.EN))
    await store.log_question(_q("зейнетақы", entry="pension-tiers", lang=Lang.KK))
    await store.log_question(_q("погода в алматы", ReplyKind.FALLBACK))
    await store.log_question(_q("помогите", ReplyKind.CLARIFY))
    await store.log_question(_q("меня бьют", ReplyKind.CRISIS))
    await store.log_feedback("u1", "pension-age", True)
    await store.log_feedback("u1", "pension-age", False, "мало")
    await store.log_feedback(None, "pension-tiers", True)
    s = await store.stats_summary(7)
    assert s.days == 7
    assert s.total == 8
    assert s.by_kind == {"answer": 5, "clarify": 1, "fallback": 1, "crisis": 1, "smalltalk": 0}
    assert s.by_lang == {"ru": 6, "en": 1, "kk": 1}
    assert s.answered_share == 5 / 8
    assert s.top_entries == (("pension-age", 3), ("pension-tiers", 2))
    assert (s.feedback_up, s.feedback_down) == (2, 1)
    assert len(s.by_day) == 1 and s.by_day[0][1] == 8
    assert {c.label for c in s.top_unanswered} == {"погода в алматы", "помогите"}


async def test_empty_store_summary_is_zero(store: StoreUnderTest) -> None:
    s = await store.stats_summary(30)
    assert (s.total, s.answered_share, s.top_entries, s.by_day) == (0, 0.0, (), ())
    assert await store.unanswered(30) == []


async def test_stats_window_excludes_older_questions(store: StoreUnderTest, clock: Clock) -> None:
    clock.advance(timedelta(days=-10))
    await store.log_question(_q("old"))
    clock.advance(timedelta(days=10))
    await store.log_question(_q("new"))
    assert (await store.stats_summary(7)).total == 1
    assert (await store.stats_summary(30)).total == 2


async def test_by_day_groups_utc_days(store: StoreUnderTest, clock: Clock) -> None:
    clock.set("2026-03-01T23:30:00")
    await store.log_question(_q("a"))
    clock.set("2026-03-02T00:30:00")
    await store.log_question(_q("b"))
    await store.log_question(_q("c"))
    s = await store.stats_summary(5)
    assert s.by_day == (("2026-03-01", 1), ("2026-03-02", 2))
    counts = await store.question_counts(5)
    assert sum(c.count for c in counts) == 3
    assert sum(c.latency_ms_sum for c in counts) == 36.0


async def test_unanswered_groups_similar_wordings(store: StoreUnderTest) -> None:
    for text in ["Как получить загранпаспорт?", "как получить загранпаспорт", "Как получить загран паспорт",
                 "как оформить загранпаспорт ребенку"]:
        await store.log_question(_q(text, ReplyKind.FALLBACK))
    for text in ["курс доллара сегодня", "Курс доллара сегодня?"]:
        await store.log_question(_q(text, ReplyKind.CLARIFY))
    await store.log_question(_q("как получить пенсию"))  # answered: not in unanswered
    clusters = await store.unanswered(30, limit=10)
    assert [c.count for c in clusters] == [4, 2]
    assert "загран" in clusters[0].label.lower()
    assert clusters[1].label.lower().startswith("курс доллара")


async def test_unanswered_respects_limit(store: StoreUnderTest) -> None:
    for text in ["погода", "курс доллара", "рецепт борща"]:
        await store.log_question(_q(text, ReplyKind.FALLBACK))
    assert len(await store.unanswered(30, limit=2)) == 2


async def test_unanswered_by_lang_counts_each_wording_in_each_language(store: StoreUnderTest) -> None:
    await store.log_question(_q("штраф за скорость", ReplyKind.FALLBACK))
    await store.log_question(_q("штраф за скорость", ReplyKind.FALLBACK))
    await store.log_question(_q("speeding fine", ReplyKind.CLARIFY, lang=Lang.EN))
    await store.log_question(_q("как получить пенсию"))  # answered: not unanswered
    rows = list(await store.unanswered_by_lang(30))
    assert rows == [("штраф за скорость", "ru", 2), ("speeding fine", "en", 1)]
    assert len(await store.unanswered_by_lang(30, limit=1)) == 1


async def test_feedback_counts_per_entry(store: StoreUnderTest) -> None:
    await store.log_feedback("a", "e1", True)
    await store.log_feedback("b", "e1", False, "устарело")
    await store.log_feedback("c", "e1", False)
    rows = {(f.entry_id, f.positive): (f.count, f.with_comment) for f in await store.feedback_counts(30)}
    assert rows == {("e1", True): (1, 0), ("e1", False): (2, 1)}


async def test_purge_older_than_deletes_old_questions_feedback_and_idle_users(
    store: StoreUnderTest, clock: Clock
) -> None:
    clock.advance(timedelta(days=-200))
    await store.touch_user("old", Lang.RU)
    await store.log_question(_q("old question", user="old"))
    await store.log_feedback("old", "pension-age", True)
    await store.claim_update(1, "{}")
    await store.finish_update(1)
    await store.claim_update(-3, '{"text": "never answered"}')  # its payload holds a message
    clock.advance(timedelta(days=200))
    await store.touch_user("new", Lang.KK)
    await store.log_question(_q("new question", user="new"))
    await store.log_feedback("new", "pension-age", False)
    await store.claim_update(2, "{}")
    assert await store.purge_older_than(180) == 5  # question, feedback, user, done update, old claim
    assert await store.pending_updates(ClaimSpace.WHATSAPP) == []
    s = await store.stats_summary(365)
    assert s.total == 1 and (s.feedback_up, s.feedback_down) == (0, 1)
    assert await store.user_lang("old") is None
    assert await store.user_lang("new") is Lang.KK
    assert [p.update_id for p in await store.pending_updates()] == [2]
    assert await store.purge_older_than(180) == 0


async def test_record_content_version_is_accepted(store: StoreUnderTest) -> None:
    await store.record_content_version("abc123", "startup")
    await store.record_content_version("def456", "operator")
    versions = await store.recent_content_versions(5)
    assert [(v.content_hash, v.loaded_by) for v in versions] == [("def456", "operator"), ("abc123", "startup")]


async def test_store_redacts_again_before_keeping_text(store: StoreUnderTest) -> None:
    await store.log_question(_q("мой телефон 8 701 234 56 78", ReplyKind.FALLBACK))
    await store.log_feedback(None, "pension-age", False, "пишите на a@b.kz")
    clusters = await store.unanswered(30)
    assert [c.label for c in clusters] == ["мой телефон [PHONE]"]


async def test_counts_are_split_by_channel(store: StoreUnderTest) -> None:
    from dataclasses import replace

    await store.log_question(_q("a"))
    await store.log_question(replace(_q("b"), channel="whatsapp"))
    await store.log_question(replace(_q("c", ReplyKind.FALLBACK, None), channel="whatsapp"))
    await store.log_feedback("u1", "pension-age", True)
    await store.log_feedback("u2", "pension-age", False, channel="whatsapp")
    by_channel: dict[str, int] = {}
    for row in await store.question_counts(7):
        by_channel[row.channel] = by_channel.get(row.channel, 0) + row.count
    assert by_channel == {"telegram": 1, "whatsapp": 2}
    votes = sorted((f.channel, f.positive, f.count) for f in await store.feedback_counts(7))
    assert votes == [("telegram", True, 1), ("whatsapp", False, 1)]
