"""bot/core is the pure domain: no Telegram, no database, no network or file I/O libraries."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "bot" / "core"
FORBIDDEN = {
    "aiogram", "sqlalchemy", "alembic", "aiosqlite", "asyncpg", "redis", "aiohttp", "httpx",
    "requests", "urllib", "http", "socket", "ssl", "asyncio", "sqlite3", "subprocess", "yaml",
    "structlog", "logging", "bot.storage", "bot.channels.telegram", "bot.sandbox", "bot.config", "bot.app",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_core_imports_no_io_library() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert files, "bot/core has no modules"
    offenders = {
        f"{p.relative_to(CORE)}: {name}" for p in files for name in _imports(p) if _forbidden(name)
    }
    assert not offenders, f"bot/core must stay pure; it imports: {sorted(offenders)}"


def test_purity_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import aiogram\nfrom sqlalchemy.orm import Session\n", encoding="utf-8")
    assert {n for n in _imports(bad) if _forbidden(n)} == {"aiogram", "sqlalchemy.orm"}
