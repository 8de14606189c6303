"""What a citizen can do next, as plain data: every channel renders the same choices.

A ``Choice`` is a kind, a value and, for content (entry and topic titles), a label. The labels of
fixed actions ("useful", "topics", "cancel" ...) come from the channel's own texts, because
each channel has its own length limits (Telegram buttons, WhatsApp's 20-character titles).
Telegram turns choices into inline keyboards, WhatsApp into reply buttons or a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class ChoiceKind(StrEnum):
    ENTRY = "entry"  # value: entry id; label: its title (an answer, a did-you-mean, a related question)
    TOPIC = "topic"  # value: topic id; label: its title (the topic's list of entries)
    TOPICS = "topics"  # the topics menu as a new message; value "start" (first step) or "back"
    MENU = "menu"  # back to the topics menu from a topic's list (a menu replacing a menu)
    HELPLINES = "helplines"  # the helplines directory
    FEEDBACK_UP = "up"  # value: entry id
    FEEDBACK_DOWN = "down"  # value: entry id
    TSA_CHECK = "tsa"  # start the TSA (ASP) pre-check dialogue
    TSA_CANCEL = "tsa_cancel"  # leave the pre-check dialogue
    FORGET_YES = "forget_yes"  # confirm deleting the user's data
    FORGET_NO = "forget_no"
    MORE = "more"  # the next page of a long list of choices; value: the offset (channels page)
    # Hand the question to a human lawyer (fallback and did-you-mean replies). Only a channel
    # with a handoff desk shows it (Telegram with OPERATORS_CHAT_ID); the others leave it out.
    LAWYER = "lawyer"


@dataclass(frozen=True, slots=True)
class Choice:
    kind: ChoiceKind
    value: str = ""
    label: str | None = None  # content titles only; fixed actions are labelled by the channel


# Paired choices that belong side by side (one row in Telegram, two buttons in WhatsApp).
PAIRS: frozenset[frozenset[ChoiceKind]] = frozenset(
    {
        frozenset({ChoiceKind.FEEDBACK_UP, ChoiceKind.FEEDBACK_DOWN}),
        frozenset({ChoiceKind.FORGET_YES, ChoiceKind.FORGET_NO}),
    }
)

MAX_ENTRY_CHOICES = 5  # did-you-mean and related questions under a reply


def topic_menu(topics: Sequence[tuple[str, str]]) -> tuple[Choice, ...]:
    """The topics menu: one choice per topic, then the helplines."""
    return (*(Choice(ChoiceKind.TOPIC, topic_id, title) for topic_id, title in topics), Choice(ChoiceKind.HELPLINES))


def entry_list(entries: Sequence[tuple[str, str]]) -> tuple[Choice, ...]:
    """A topic's entries, then back to the topics menu."""
    return (*(Choice(ChoiceKind.ENTRY, entry_id, title) for entry_id, title in entries), Choice(ChoiceKind.MENU))


def forget_confirm() -> tuple[Choice, ...]:
    return (Choice(ChoiceKind.FORGET_YES), Choice(ChoiceKind.FORGET_NO))


def tsa_step() -> tuple[Choice, ...]:
    """Under each question of the pre-check: leave it."""
    return (Choice(ChoiceKind.TSA_CANCEL),)
