"""What the core decides for one message: plain data, no HTML, no Telegram types."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.core.choices import MAX_ENTRY_CHOICES, Choice, ChoiceKind
from bot.core.lang import Lang


class BlockStyle(StrEnum):
    """How a paragraph of a reply reads: each channel has its own markup for these."""

    TITLE = "title"  # the entry's title (bold)
    PLAIN = "plain"  # the answer, the helplines
    NOTE = "note"  # the source and valid-as-of lines (italic)


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
        return tuple(p for p, _ in self.styled_blocks)

    @property
    def styled_blocks(self) -> tuple[tuple[str, BlockStyle], ...]:
        """``blocks`` with how each reads, in the same order."""
        styled = (
            (self.title, BlockStyle.TITLE),
            (self.body, BlockStyle.PLAIN),
            (self.helplines_line, BlockStyle.PLAIN),
            (self.source_line, BlockStyle.NOTE),
            (self.valid_line, BlockStyle.NOTE),
        )
        return tuple((p, style) for p, style in styled if p)

    @property
    def offers_tsa_check(self) -> bool:
        """Entries about targeted social assistance (ASP / AӘK) offer the eligibility pre-check."""
        if self.extra.get("tsa_check") or self.extra.get("action") == "tsa_check":
            return True
        return self.entry_id is not None and "tsa" in self.entry_id.split("-")

    @property
    def offers_lawyer(self) -> bool:
        """The bot could not answer (fallback) or is not sure (did-you-mean): a human may help."""
        return self.kind in (ReplyKind.FALLBACK, ReplyKind.CLARIFY)

    @property
    def choices(self) -> tuple[Choice, ...]:
        """What the citizen can do next, in order; every channel renders these."""
        out: list[Choice] = []
        if self.offers_lawyer:
            out.append(Choice(ChoiceKind.LAWYER))
        if self.kind is ReplyKind.ANSWER and self.entry_id:
            out += [Choice(ChoiceKind.FEEDBACK_UP, self.entry_id), Choice(ChoiceKind.FEEDBACK_DOWN, self.entry_id)]
            if self.offers_tsa_check:
                out.append(Choice(ChoiceKind.TSA_CHECK))
            # The other questions of a multi-question message first, then the entry's related ones.
            seen = {self.entry_id}
            for s in (*self.suggestions, *self.related):
                if s.entry_id not in seen and len(seen) <= MAX_ENTRY_CHOICES:
                    seen.add(s.entry_id)
                    out.append(Choice(ChoiceKind.ENTRY, s.entry_id, s.title))
        elif self.suggestions:
            out += [Choice(ChoiceKind.ENTRY, s.entry_id, s.title) for s in self.suggestions[:MAX_ENTRY_CHOICES]]
        if self.kind is ReplyKind.CRISIS:
            out.append(Choice(ChoiceKind.HELPLINES))
        # After small talk the topics are where to start, not where to go back to.
        out.append(Choice(ChoiceKind.TOPICS, "start" if self.kind is ReplyKind.SMALLTALK else "back"))
        return tuple(out)

    @property
    def text(self) -> str:
        """The full plain-text reply a citizen reads."""
        return "\n\n".join(self.blocks)
