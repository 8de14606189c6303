"""The CaseStore contract (human handoff), on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.core.handoff import CaseEvent, CaseState
from bot.core.lang import Lang
from bot.core.ports import NewCase
from tests.storage.helpers import Clock, StoreUnderTest


def _new(user: str = "u1", chat_id: int = 5001, question: str = "How do I file for divorce?") -> NewCase:
    return NewCase(user_hash=user, chat_id=chat_id, lang=Lang.EN, topic="family", question=question,
                   bot_summary="fallback: no entry about divorce")


async def test_a_new_case_is_pending_with_a_c_code(store: StoreUnderTest) -> None:
    case = await store.create_case(_new())
    assert case.state is CaseState.PENDING
    assert case.code == f"C-{case.id}"
    assert case.chat_id == 5001 and case.thread_id is None
    assert await store.active_case("u1") == case


async def test_a_user_has_one_active_case_at_a_time(store: StoreUnderTest) -> None:
    first = await store.create_case(_new())
    again = await store.create_case(_new(question="another question"))
    assert again.id == first.id
    other = await store.create_case(_new(user="u2", chat_id=5002))
    assert other.id != first.id and other.code != first.code
    await store.transition(first.id, CaseEvent.CANCEL)
    third = await store.create_case(_new(question="a new one"))
    assert third.id not in (first.id, other.id)


async def test_confirm_happens_once_and_records_the_opening(store: StoreUnderTest) -> None:
    case = await store.create_case(_new())
    opened = await store.transition(case.id, CaseEvent.CONFIRM)
    assert opened is not None and opened.state is CaseState.OPEN and opened.opened_at is not None
    assert await store.transition(case.id, CaseEvent.CONFIRM) is None


async def test_closing_clears_the_chat_id_but_hands_it_to_the_caller(store: StoreUnderTest) -> None:
    case = await store.create_case(_new())
    await store.transition(case.id, CaseEvent.CONFIRM)
    await store.transition(case.id, CaseEvent.TAKE)
    closed = await store.transition(case.id, CaseEvent.CLOSE)
    assert closed is not None and closed.state is CaseState.CLOSED and closed.chat_id == 5001
    stored = await store.get_case(case.id)
    assert stored is not None and stored.chat_id is None and stored.closed_at is not None
    assert await store.active_case("u1") is None
    assert await store.transition(case.id, CaseEvent.CLOSE) is None


async def test_only_one_caller_claims_the_topic_until_the_lease_runs_out(store: StoreUnderTest, clock: Clock) -> None:
    case = await store.create_case(_new())
    assert await store.claim_topic(case.id, 30) is False  # not confirmed: no topic before consent
    await store.transition(case.id, CaseEvent.CONFIRM)
    assert await store.claim_topic(case.id, 30) is True
    assert await store.claim_topic(case.id, 30) is False
    clock.advance(timedelta(seconds=31))
    assert await store.claim_topic(case.id, 30) is True  # the claimer died before creating it
    await store.set_thread(case.id, 77, intro_sent=False)
    assert await store.claim_topic(case.id, 30) is False  # still claimed: the first message is pending
    clock.advance(timedelta(seconds=31))
    assert await store.claim_topic(case.id, 30) is True  # died after creating it: the intro is owed
    await store.set_thread(case.id, 77, intro_sent=True)
    assert await store.claim_topic(case.id, 30) is False
    found = await store.case_by_thread(77)
    assert found is not None and found.id == case.id and found.intro_sent


async def test_a_deleted_topic_is_dropped_once(store: StoreUnderTest) -> None:
    case = await store.create_case(_new())
    await store.transition(case.id, CaseEvent.CONFIRM)
    await store.set_thread(case.id, 10, intro_sent=True)
    assert await store.drop_thread(case.id, 10) is True
    assert await store.drop_thread(case.id, 10) is False
    assert await store.claim_topic(case.id, 30) is True


async def test_first_reply_is_kept_and_rating_is_once_and_only_by_the_citizen(store: StoreUnderTest, clock: Clock) -> None:
    case = await store.create_case(_new())
    await store.transition(case.id, CaseEvent.CONFIRM)
    clock.advance(timedelta(minutes=5))
    await store.mark_first_reply(case.id)
    first = (await store.get_case(case.id)).first_reply_at  # type: ignore[union-attr]
    clock.advance(timedelta(minutes=5))
    await store.mark_first_reply(case.id)
    assert (await store.get_case(case.id)).first_reply_at == first  # type: ignore[union-attr]
    assert await store.rate_case(case.id, "u1", True) is False  # still open
    await store.transition(case.id, CaseEvent.CLOSE)
    assert await store.rate_case(case.id, "intruder", False) is False
    assert await store.rate_case(case.id, "u1", True) is True
    assert await store.rate_case(case.id, "u1", False) is False
    assert (await store.get_case(case.id)).rating is True  # type: ignore[union-attr]


async def test_live_and_stale_pending_cases(store: StoreUnderTest, clock: Clock) -> None:
    pending = await store.create_case(_new(user="a"))
    live = await store.create_case(_new(user="b"))
    await store.transition(live.id, CaseEvent.CONFIRM)
    assert [c.id for c in await store.live_cases()] == [live.id]
    clock.advance(timedelta(hours=2))
    assert [c.id for c in await store.stale_pending(clock() - timedelta(hours=1))] == [pending.id]


async def test_bans_last_until_their_day(store: StoreUnderTest, clock: Clock) -> None:
    await store.ban_user("u1", clock() + timedelta(days=3))
    assert await store.banned_until("u1") is not None
    clock.advance(timedelta(days=4))
    assert await store.banned_until("u1") is None


async def test_forget_deletes_the_users_cases_map_and_ban(store: StoreUnderTest, clock: Clock) -> None:
    case = await store.create_case(_new())
    await store.transition(case.id, CaseEvent.CONFIRM)
    await store.log_case_message(case.id, "in", 11, 22)
    await store.ban_user("u1", clock() + timedelta(days=3))
    other = await store.create_case(_new(user="u2"))
    assert await store.forget_user("u1") >= 3
    assert await store.get_case(case.id) is None
    assert await store.banned_until("u1") is None
    assert await store.get_case(other.id) is not None


async def test_retention_removes_old_ended_cases_but_never_a_live_one(store: StoreUnderTest, clock: Clock) -> None:
    ended = await store.create_case(_new(user="a"))
    await store.transition(ended.id, CaseEvent.CANCEL)
    live = await store.create_case(_new(user="b"))
    await store.transition(live.id, CaseEvent.CONFIRM)
    clock.advance(timedelta(days=40))
    await store.purge_older_than(30)
    assert await store.get_case(ended.id) is None
    assert await store.get_case(live.id) is not None


async def test_cases_since_for_the_report(store: StoreUnderTest, clock: Clock) -> None:
    old = await store.create_case(_new(user="a"))
    clock.advance(timedelta(days=10))
    new = await store.create_case(_new(user="b"))
    assert [c.id for c in await store.cases_since(clock() - timedelta(days=1))] == [new.id]
    assert old.id != new.id


async def test_case_numbers_are_never_reused_after_forget(store: StoreUnderTest) -> None:
    first = await store.create_case(_new(user="a"))
    await store.forget_user("a")
    second = await store.create_case(_new(user="b"))
    assert second.id > first.id and second.code != first.code
