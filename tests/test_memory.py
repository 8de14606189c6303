"""The long-running commands fix glibc's mmap threshold (see bot/memory.py)."""

from __future__ import annotations

import ctypes.util

from bot.memory import fix_malloc_threshold


def test_glibc_accepts_the_fixed_threshold() -> None:
    # This machine (and CI) is Debian with glibc; elsewhere the call is a harmless no-op.
    expected = ctypes.util.find_library("c") is not None
    assert fix_malloc_threshold() is expected
