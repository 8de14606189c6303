"""The pure rules of the human handoff: states, codes, working hours, names, service levels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.handoff import (
    ALMATY,
    TOPIC_NAME_MAX,
    BadTransition,
    CaseEvent,
    CaseState,
    HoursError,
    ban_days,
    case_code,
    case_figures,
    is_expired,
    is_overdue,
    next_state,
    parse_case_code,
    parse_hours,
    preview,
    topic_name,
)
from bot.core.lang import Lang
from bot.core.ports import Case

HOURS = parse_hours("mon-fri 09:00-18:00")


def almaty(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=ALMATY)


def test_state_machine_follows_consent_take_close() -> None:
    state = next_state(CaseState.PENDING, CaseEvent.CONFIRM)
    assert state is CaseState.OPEN
    assert next_state(state, CaseEvent.TAKE) is CaseState.TAKEN
    assert next_state(CaseState.TAKEN, CaseEvent.CLOSE) is CaseState.CLOSED
    assert next_state(CaseState.OPEN, CaseEvent.CANCEL) is CaseState.CANCELLED
    assert next_state(CaseState.OPEN, CaseEvent.EXPIRE) is CaseState.EXPIRED


@pytest.mark.parametrize(
    ("state", "event"),
    [(CaseState.PENDING, CaseEvent.TAKE), (CaseState.CLOSED, CaseEvent.CLOSE), (CaseState.CANCELLED, CaseEvent.CONFIRM),
     (CaseState.TAKEN, CaseEvent.CONFIRM)],
)
def test_an_event_that_does_not_apply_is_refused(state: CaseState, event: CaseEvent) -> None:
    with pytest.raises(BadTransition):
        next_state(state, event)


def test_case_codes_round_trip_and_accept_a_cyrillic_c() -> None:
    assert case_code(12) == "C-12"
    assert parse_case_code("C-12") == 12
    assert parse_case_code("с-12") == 12
    assert parse_case_code("12") is None
    with pytest.raises(ValueError):
        case_code(0)


def test_default_hours_are_open_on_a_weekday_afternoon_in_almaty() -> None:
    assert HOURS.is_open(almaty("2026-12-02T15:00"))  # a Wednesday
    assert not HOURS.is_open(almaty("2026-12-02T18:00"))
    assert not HOURS.is_open(almaty("2026-12-05T12:00"))  # Saturday
    # 10:00 UTC is 15:00 in Almaty (UTC+5).
    assert HOURS.is_open(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    assert not HOURS.is_open(datetime(2026, 12, 2, 14, 0, tzinfo=UTC))


def test_next_opening_after_friday_evening_is_monday_morning() -> None:
    assert HOURS.next_open(almaty("2026-12-04T19:30")) == almaty("2026-12-07T09:00")
    assert HOURS.next_open(almaty("2026-12-02T07:00")) == almaty("2026-12-02T09:00")
    assert HOURS.next_open(almaty("2026-12-02T10:00")) == almaty("2026-12-02T10:00")


def test_other_shapes_of_hours_parse() -> None:
    sat = parse_hours("mon-sat 10:00-14:00")
    assert sat.is_open(almaty("2026-12-05T11:00")) and not sat.is_open(almaty("2026-12-05T15:00"))
    some = parse_hours("Mon,Wed,Fri 09:00-13:00")
    assert some.days == frozenset({0, 2, 4})
    assert parse_hours("fri-mon 09:00-10:00").days == frozenset({4, 5, 6, 0})
    assert HOURS.describe() == "mon-fri 09:00-18:00"


@pytest.mark.parametrize("bad", ["", "weekdays 9-18", "mon-fri 18:00-09:00", "mon-fro 09:00-18:00", "mon-fri 25:00-26:00"])
def test_bad_hours_are_a_clear_error(bad: str) -> None:
    with pytest.raises(HoursError, match=r"\S"):
        parse_hours(bad)


def test_working_seconds_skip_nights_and_weekends() -> None:
    # Friday 17:00 to Monday 10:00: one hour on Friday, one on Monday.
    assert HOURS.working_seconds(almaty("2026-12-04T17:00"), almaty("2026-12-07T10:00")) == 2 * 3600


@given(st.integers(min_value=0, max_value=14 * 24 * 60), st.integers(min_value=0, max_value=14 * 24 * 60))
def test_working_seconds_never_exceed_wall_time(a: int, b: int) -> None:
    start = almaty("2026-11-30T00:00") + timedelta(minutes=a)
    end = start + timedelta(minutes=b)
    assert 0 <= HOURS.working_seconds(start, end) <= (end - start).total_seconds()


def test_a_case_opened_friday_evening_is_not_overdue_on_sunday() -> None:
    opened = almaty("2026-12-04T19:00")
    assert not is_overdue(opened, None, almaty("2026-12-06T20:00"), HOURS, sla_hours=4)
    assert is_overdue(opened, None, almaty("2026-12-07T13:30"), HOURS, sla_hours=4)
    assert not is_overdue(opened, almaty("2026-12-07T10:00"), almaty("2026-12-08T10:00"), HOURS, sla_hours=4)


def test_expiry_counts_wall_hours_and_only_unanswered_cases() -> None:
    opened = almaty("2026-12-01T10:00")
    assert is_expired(opened, None, opened + timedelta(hours=73), expire_hours=72)
    assert not is_expired(opened, opened + timedelta(hours=1), opened + timedelta(hours=100), expire_hours=72)


def test_preview_masks_personal_data_and_document_numbers() -> None:
    text = "Мой ИИН 900101300123, тел +7 701 234 56 78, паспорт N12345678, mail a.b@mail.kz"
    shown = preview(text)
    for secret in ("900101300123", "701 234", "12345678", "a.b@mail.kz"):
        assert secret not in shown
    assert "[IIN]" in shown and "[DOC]" in shown


def test_topic_name_has_code_language_and_topic_only_and_fits() -> None:
    assert topic_name("C-7", Lang.RU, "family") == "C-7 · ru · family"
    assert topic_name("C-7", Lang.KK, None, taken=True) == "✅ C-7 · kk · —"
    long = topic_name("C-7", Lang.EN, "x" * 500)
    assert len(long) <= TOPIC_NAME_MAX
    assert "87012345678" not in topic_name("C-1", Lang.RU, "call 87012345678")


@pytest.mark.parametrize(("arg", "days"), [("3", 3), (" 30 ", 30), ("0", None), ("400", None), ("x", None), (None, None)])
def test_ban_days(arg: str | None, days: int | None) -> None:
    assert ban_days(arg) == days


def test_figures_count_cases_median_wait_service_level_and_ratings() -> None:
    opened = almaty("2026-12-01T10:00")

    def case(i: int, state: CaseState, reply_min: int | None, rating: bool | None, topic: str) -> Case:
        return Case(
            id=i, code=f"C-{i}", user_hash="u", chat_id=None, lang=Lang.RU, topic=topic, state=state, question="q",
            bot_summary="", created_at=opened, opened_at=opened, taken_at=opened if reply_min else None,
            first_reply_at=opened + timedelta(minutes=reply_min) if reply_min is not None else None, rating=rating,
        )

    cases = [
        case(1, CaseState.CLOSED, 30, True, "family"),
        case(2, CaseState.CLOSED, 90, False, "family"),
        case(3, CaseState.CLOSED, 600, None, "labour"),
        case(4, CaseState.OPEN, None, None, "family"),
    ]
    figures = case_figures(cases, almaty("2026-12-02T17:00"), HOURS, sla_hours=4)
    assert (figures.opened, figures.taken, figures.closed) == (4, 3, 3)
    assert figures.median_first_reply_s == 90 * 60
    assert (figures.answered, figures.answered_in_sla) == (3, 2)
    assert figures.overdue == 1
    assert (figures.rating_up, figures.rating_down) == (1, 1)
    assert figures.top_topics[0] == ("family", 3)
