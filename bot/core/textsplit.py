"""Long text cut into messages of a channel's size: the splitting every renderer shares.

Lengths are UTF-16 code units, which is how Telegram counts its 4096 and never less than what
WhatsApp counts. A too-long paragraph splits on lines, then sentences, then words, then anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+")


def utf16_len(value: str) -> int:
    """Length in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(value.encode("utf-16-le")) // 2


def cut(value: str, limit: int) -> list[str]:
    """A paragraph as pieces of at most ``limit`` units: lines, then sentences, words, hard."""
    if utf16_len(value) <= limit:
        return [value]
    for pattern in ("\n", SENTENCE_END, " "):
        pieces = value.split(pattern) if isinstance(pattern, str) else pattern.split(value)
        if len(pieces) > 1:
            return pack(pieces, pattern if isinstance(pattern, str) else " ", limit)
    out, chunk = [], ""
    for ch in value:
        if utf16_len(chunk + ch) > limit:
            out.append(chunk)
            chunk = ""
        chunk += ch
    return [*out, chunk] if chunk else out


def pack(pieces: Sequence[str], joiner: str, limit: int) -> list[str]:
    """Pieces joined greedily into parts of at most ``limit`` units (a too-long one is cut)."""
    out: list[str] = []
    current = ""
    for piece in pieces:
        for sub in cut(piece, limit):
            candidate = f"{current}{joiner}{sub}" if current else sub
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    out.append(current)
                current = sub
    if current:
        out.append(current)
    return out
