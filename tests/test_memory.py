"""The long-running commands fix glibc's mmap threshold (see bot/memory.py)."""

from __future__ import annotations

import ctypes.util

from bot.memory import fix_malloc_threshold, release_free_memory


def test_glibc_accepts_the_fixed_threshold() -> None:
    # This machine (and CI) is Debian with glibc; elsewhere the call is a harmless no-op.
    expected = ctypes.util.find_library("c") is not None
    assert fix_malloc_threshold() is expected


def test_free_heap_pages_are_returned_after_a_build() -> None:
    # malloc_trim exists in glibc only; it says whether it gave pages back, and after freeing
    # 13 MB of heap blocks it does. Where there is no glibc the call says so and does nothing.
    expected = ctypes.util.find_library("c") is not None
    blocks = [bytearray(64 * 1024) for _ in range(200)]  # ~13 MB below the mmap threshold
    del blocks
    assert release_free_memory() is expected


def test_the_serving_bot_leaves_the_report_code_and_the_postgresql_dialect_unloaded() -> None:
    # What `python -m bot run` imports: the analyst's report (clustering, charts) is composed in
    # bot.reports, and the PostgreSQL dialect is imported only for a PostgreSQL store; together
    # about 4 MB of the running bot's memory (bench.rss).
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from bot.channels.telegram.lazy_schemas import defer_aiogram_schemas\n"
        "defer_aiogram_schemas()\n"
        "import bot.app, bot.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith(('bot.analytics', 'bot.reports', "
        "'sqlalchemy.dialects.postgresql'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"
