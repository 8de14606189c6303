"""A sum to work out is homework, not a rights question, whatever numbers it shares with an entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_service
from bot.config import Settings
from bot.core.arithmetic import is_arithmetic
from bot.core.reply import ReplyKind

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.mark.parametrize(
    ("text", "sum_"),
    [
        ("2+10*20 сколько будет", True),
        ("15 × 4 = ?", True),
        ("3x + 7 = 22", True),
        ("x^2=16 solve", True),
        # Hyphens, slashes and a leading plus join numbers in rights questions too.
        ("ипотека 2-10-20 условия", False),
        ("119 работает 24/7?", False),
        ("аренда 50/50 как работает", False),
        ("позвоните +7 701 123 45 67", False),
        ("мне 60+ лет, какая пенсия", False),
    ],
)
def test_a_sum_is_told_by_its_operators(text: str, sum_: bool) -> None:
    assert is_arithmetic(text) is sum_


def test_a_sum_with_the_mortgage_numbers_falls_back() -> None:
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    reply = service.answer("2+10*20 сколько будет")
    assert reply.kind is ReplyKind.FALLBACK and reply.entry_id is None
    assert service.answer("ипотека 2-10-20 условия").entry_id == "housing-mortgage"
