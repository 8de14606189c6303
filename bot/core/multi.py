"""Split a message that asks several questions into its parts."""

from __future__ import annotations

import re

_SPLIT_RE = re.compile(
    r"[?？;\n]+|(?:\s+(?:и\s+ещ[её]|а\s+также|а\s+ещ[её]|also|and\s+also|plus|тағы|тагы|және\s+де|және|сондай-ақ|ещ[её]\s+вопрос)\s+)",
    re.IGNORECASE,
)
# "and" / "и" / "және" joins two questions when a question word starts the second one ("how
# much is X and where do I apply"); elsewhere it joins words ("rights and duties").
_QUESTION_AND_RE = re.compile(
    r"[,\s]+(?=(?:and|и|а)\s+(?:how|what|where|when|who|which|why|can|could|do|does|is|are|should|will|"
    r"как|где|куда|когда|сколько|что|кто|какие|какой|какая|можно|нужно|положен\w*|"
    r"калай|кайда|канша|кашан|кандай|қалай|қайда|қанша|қашан|қандай)\b)",
    re.IGNORECASE,
)
_LEADING_AND_RE = re.compile(r"^(?:and|и|а)\s+", re.IGNORECASE)
_MIN_PART_CHARS = 8
MAX_PARTS = 4


def split_questions(text: str) -> list[str]:
    """The message's questions; a message with one question comes back as [text]."""
    parts = [
        _LEADING_AND_RE.sub("", q.strip(" ,.!-—")).strip()
        for p in _SPLIT_RE.split(text)
        for q in _QUESTION_AND_RE.split(p)
    ]
    parts = [p for p in parts if len(p) >= _MIN_PART_CHARS and any(c.isalpha() for c in p)]
    if len(parts) <= 1:
        return [text]
    return parts[:MAX_PARTS]
