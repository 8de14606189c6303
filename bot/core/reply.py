"""What the core decides for one message: plain data, no HTML, no Telegram types."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.core.lang import Lang


class ReplyKind(StrEnum):
    ANSWER = "answer"  # answered from a curated entry
    CLARIFY = "clarify"  # not sure: did-you-mean with up to 3 entry titles
    FALLBACK = "fallback"  # out of scope or unknown: honest "I can't answer" + 1414 / 119
    CRISIS = "crisis"  # violence, a child in danger, a threat to life: emergency numbers first
    SMALLTALK = "smalltalk"  # a greeting, thanks or goodbye: what the bot can do, the topics menu


@dataclass(frozen=True, slots=True)
class Suggestion:
    entry_id: str
    title: str


@dataclass(frozen=True, slots=True)
class Reply:
    kind: ReplyKind
    lang: Lang
    body: str
    title: str | None = None
    entry_id: str | None = None
    confidence: float = 0.0
    source_line: str | None = None
    valid_as_of: date | None = None
    valid_line: str | None = None
    helplines_line: str | None = None
    # Did-you-mean (clarify), or the other questions found in a multi-question message.
    suggestions: tuple[Suggestion, ...] = ()
    related: tuple[Suggestion, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def blocks(self) -> tuple[str, ...]:
        """The reply as paragraphs, in reading order (renderers format these)."""
        parts = [self.title, self.body, self.helplines_line, self.source_line, self.valid_line]
        return tuple(p for p in parts if p)

    @property
    def text(self) -> str:
        """The full plain-text reply a citizen reads."""
        return "\n\n".join(self.blocks)
