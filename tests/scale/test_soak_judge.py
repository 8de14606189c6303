"""The soak's judge (bench/soak.py ``judge_chats``) on hand-made chats: what counts as lost, as a
duplicate, and when a duplicate is explained by a SIGKILL."""

from __future__ import annotations

from typing import Any

from bench.soak import Ask, Citizens, SoakConfig, in_flight, judge_chats
from bot.channels.telegram.texts import text as ui_text
from bot.channels.texts import chat_text
from bot.core.lang import Lang
from bot.devapi.server import ApiCall

CHAT = 42
KILL = 100.0


class ChatLog:
    """Just what the judge reads from the Bot API stand-in."""

    def __init__(self, messages: list[tuple[str, str]]) -> None:
        self.messages = messages
        self.calls: list[ApiCall] = []

    def chat_log(self, chat_id: int) -> list[dict[str, Any]]:
        assert chat_id == CHAT
        return [{"message_id": i + 1, "from": who, "text": body} for i, (who, body) in enumerate(self.messages)]


def judge(
    chat: list[tuple[str, str, float]], kills: tuple[float, ...] = (KILL,), replayed: bool = True
) -> tuple[Any, ...]:
    citizens = Citizens(SoakConfig(), {"kk": [], "ru": [], "en": []})
    citizens.kill_times = list(kills)
    for who, _, at in chat:
        if who == "user":
            citizens.asks.append(Ask(CHAT, "en", at))
        else:
            citizens.bot_times.setdefault(CHAT, []).append(at)
    api = ChatLog([(who, body) for who, body, _ in chat])
    questions, lost, dups, errors, notes, near_kill, chat_replayed, samples = judge_chats(
        api,  # type: ignore[arg-type]
        citizens,
        frozenset({CHAT}) if replayed else frozenset(),
    )
    assert chat_replayed == [replayed] * len(near_kill)
    return questions, lost, dups, errors, notes, near_kill, samples


def test_one_reply_per_question_is_clean() -> None:
    questions, lost, dups, errors, notes, near_kill, samples = judge(
        [("user", "q1", 1.0), ("bot", "a1", 1.1), ("user", "q2", 2.0), ("bot", "a2", 2.1)]
    )
    assert (questions, lost, dups, errors, notes, near_kill, samples) == (2, 0, 0, 0, 0, [], [])


def test_an_unanswered_question_is_lost_and_error_and_throttle_texts_are_counted_apart() -> None:
    questions, lost, dups, errors, notes, *_ = judge(
        [
            ("user", "q1", 1.0),
            ("bot", chat_text("throttled", Lang.EN), 1.1),
            ("user", "q2", 2.0),
            ("bot", ui_text("error", Lang.EN), 2.1),
        ]
    )
    assert (questions, lost, dups, errors, notes) == (2, 1, 0, 1, 1)


def test_a_copy_re_sent_after_the_next_question_is_timed_by_its_first_copy() -> None:
    # The first copy of a1 went out 1 ms before the SIGKILL; the user read it and asked q2; the
    # restarted bot sent a1 again (the window's first message) and then answered q2.
    _, lost, dups, _, _, near_kill, samples = judge(
        [
            ("user", "q1", 99.0),
            ("bot", "a1", KILL - 0.001),
            ("user", "q2", KILL + 1.0),
            ("bot", "a1", KILL + 5.0),
            ("bot", "a2", KILL + 5.3),
        ]
    )
    assert (lost, dups) == (0, 1)
    assert near_kill == [-0.001]
    assert len(samples) == 1 and "chat 42" in samples[0]


def test_an_extra_reply_that_repeats_nothing_is_timed_by_the_questions_first_reply() -> None:
    _, _, dups, _, _, near_kill, _ = judge(
        [("user", "q1", 10.0), ("bot", "a1", 10.5), ("bot", "other", 10.7)], kills=(20.0,)
    )
    assert dups == 1
    assert near_kill == [-9.5]


def test_the_same_answer_to_the_same_question_asked_twice_is_not_a_duplicate() -> None:
    _, lost, dups, *_ = judge(
        [("user", "q", 1.0), ("bot", "a", 1.1), ("user", "q", 2.0), ("bot", "a", 2.1)]
    )
    assert (lost, dups) == (0, 0)


def test_a_copy_is_timed_by_the_latest_earlier_identical_message() -> None:
    # The user asked the same question twice and got the same answer twice; the second answer
    # went out 1 ms before the SIGKILL and the restarted bot sent it again.
    _, lost, dups, _, _, near_kill, _ = judge(
        [
            ("user", "q", KILL - 3.0),
            ("bot", "a", KILL - 1.6),
            ("user", "q", KILL - 1.0),
            ("bot", "a", KILL - 0.001),
            ("bot", "a", KILL + 5.7),
        ]
    )
    assert (lost, dups) == (0, 1)
    assert near_kill == [-0.001]


def test_the_same_question_twice_with_the_first_answer_replayed_after_the_restart() -> None:
    # The first answer went out 4 ms before the SIGKILL; after the restart the replayed update
    # re-sent it and the second question got its own answer: the extra repeats the copy sent
    # before the kill, not the second answer.
    _, lost, dups, _, _, near_kill, _ = judge(
        [
            ("user", "q", KILL - 1.0),
            ("bot", "a", KILL - 0.004),
            ("user", "q", KILL - 0.5),
            ("bot", "a", KILL + 8.829),
            ("bot", "a", KILL + 8.928),
        ]
    )
    assert (lost, dups) == (0, 1)
    assert near_kill == [-0.004]


def test_a_first_copy_stored_just_after_the_kill_is_the_one_a_replay_repeats() -> None:
    # Seen in a soak: the stand-in stored the first answer 22 ms after the SIGKILL (the dead
    # process's last request); the user asked the same question again and got it from the other
    # replica; after the lease the replayed update sent the first answer again, behind the next
    # question's answer. The extra repeats the copy of the in-flight window, not the second answer.
    _, lost, dups, _, _, near_kill, _ = judge(
        [
            ("user", "q", KILL - 0.5),
            ("bot", "a", KILL + 0.022),
            ("user", "q", KILL + 3.0),
            ("bot", "a", KILL + 7.578),
            ("user", "q2", KILL + 7.7),
            ("bot", "a2", KILL + 7.972),
            ("bot", "a", KILL + 8.297),
        ]
    )
    assert (lost, dups) == (0, 1)
    assert near_kill == [0.022]
    assert in_flight(near_kill[0], chat_replayed=True)


def test_a_double_send_by_the_restarted_process_stays_unexplained() -> None:
    # No copy went out before the kill: the extra is timed by its latest earlier copy.
    _, lost, dups, _, _, near_kill, _ = judge(
        [("user", "q", KILL - 1.0), ("bot", "a", KILL + 8.0), ("bot", "a", KILL + 8.1)]
    )
    assert (lost, dups) == (0, 1)
    assert near_kill == [8.0]


def test_a_duplicate_is_the_in_flight_windows_only_when_its_update_was_replayed_after_the_kill() -> None:
    assert in_flight(-0.001, chat_replayed=True)
    assert in_flight(-0.84, chat_replayed=True)  # the finish write waited for SQLite's writer
    assert in_flight(0.004, chat_replayed=True)  # the stand-in read the last request late
    assert not in_flight(-0.001, chat_replayed=False)  # nothing replayed: a real double send
    assert not in_flight(5.7, chat_replayed=True)  # first copy from the restarted process
    assert not in_flight(-30.0, chat_replayed=True)  # a finish stuck that long is a bug
    assert not in_flight(None, chat_replayed=True)  # no SIGKILL at all
