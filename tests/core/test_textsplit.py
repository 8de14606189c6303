"""The splitting every renderer shares: parts within the limit, nothing lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.textsplit import cut, pack, utf16_len


def test_utf16_counts_an_emoji_outside_the_bmp_as_two() -> None:
    assert utf16_len("жәрдемақы") == 9
    assert utf16_len("👍") == 2


def test_cut_prefers_lines_then_sentences_then_words() -> None:
    assert cut("one\ntwo", 5) == ["one", "two"]
    assert cut("Бір сөйлем. Екінші сөйлем.", 14) == ["Бір сөйлем.", "Екінші сөйлем."]
    assert cut("aaaa bbbb", 6) == ["aaaa", "bbbb"]
    assert cut("abcdefgh", 3) == ["abc", "def", "gh"]


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=12), st.integers(min_value=2, max_value=40))
def test_pack_keeps_every_part_within_the_limit_and_loses_no_letter(pieces: list[str], limit: int) -> None:
    parts = pack(pieces, "\n\n", limit)
    assert all(utf16_len(p) <= limit for p in parts)
    letters = lambda text: sorted(ch for ch in text if not ch.isspace())  # noqa: E731
    assert letters("".join(parts)) == letters("".join(pieces))
