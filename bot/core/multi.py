"""Split a message that asks several questions into its parts."""

from __future__ import annotations

import re

_SPLIT_RE = re.compile(
    r"[?？;\n]+|(?:\s+(?:и\s+ещ[её]|а\s+также|а\s+ещ[её]|also|and\s+also|plus|тағы|тагы|және\s+де|және|сондай-ақ|ещ[её]\s+вопрос)\s+)",
    re.IGNORECASE,
)
_MIN_PART_CHARS = 8
MAX_PARTS = 4


def split_questions(text: str) -> list[str]:
    """The message's questions; a message with one question comes back as [text]."""
    parts = [p.strip(" ,.!-—") for p in _SPLIT_RE.split(text)]
    parts = [p for p in parts if len(p) >= _MIN_PART_CHARS and any(c.isalpha() for c in p)]
    if len(parts) <= 1:
        return [text]
    return parts[:MAX_PARTS]
