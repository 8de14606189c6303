"""Stems: the British spelling the content uses meets the American one people type."""

from __future__ import annotations

import pytest

from bot.core.stem import british, stem


@pytest.mark.parametrize(
    ("american", "british_"),
    [
        ("program", "programme"),
        ("center", "centre"),
        ("labor", "labour"),
        ("organization", "organisation"),
        ("hospitalized", "hospitalised"),
        ("privatize", "privatise"),
        ("analyze", "analyse"),
        ("license", "licence"),
        ("neighbors", "neighbours"),
    ],
)
def test_an_american_spelling_stems_like_the_british_one(american: str, british_: str) -> None:
    assert stem(american) == stem(british_)


@pytest.mark.parametrize("word", ["size", "prize", "citizen", "seize", "dozen", "amazing", "raise", "promise"])
def test_words_that_only_end_like_ize_keep_their_spelling(word: str) -> None:
    assert british(word) == word
