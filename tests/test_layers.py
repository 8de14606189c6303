"""Arrows point down only: each package of ``bot`` imports only the packages below it.

The layers (see docs/architecture.md), lowest first:

    core                      the domain and its ports; imports nothing of ours
    config, logging           settings and log set-up
    content, storage,         adapters: implement the core's ports or feed it data
    analytics, scale, devapi
    channels                  how citizens reach the engine (telegram, whatsapp)
    sandbox                   the local web chat over a channel and the Bot API stand-in
    app, cli, __main__        the composition root and the entry points: may import anything

The same walk keeps ``testkit`` (shared by tests, bench and the soak) from importing either.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# package -> the packages of ``bot`` it may import besides itself
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "config": frozenset({"core"}),  # below config in the diagram: settings may parse with core rules
    "memory": frozenset(),
    "logging": frozenset({"config"}),
    "content": frozenset({"core", "config"}),
    "storage": frozenset({"core", "config"}),
    "analytics": frozenset({"core"}),
    "scale": frozenset({"core"}),
    "devapi": frozenset(),
    "channels": frozenset({"core", "config", "content"}),
    "sandbox": frozenset({"core", "config", "devapi", "storage"}),
}
TOP = {"app", "reports", "cli", "cli_ask", "__main__", "__init__"}  # the composition root (app, reports) and entry points
# The shared harness imports neither the tests nor the benchmarks.
TOOLS_FORBIDDEN = {"testkit": ("tests", "bench")}


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def package_of(rel: Path) -> str:
    """``bot/channels/telegram/app.py`` -> ``channels``; ``bot/cli.py`` -> ``cli``."""
    parts = rel.parts
    return parts[1] if len(parts) > 2 else Path(parts[1]).stem


def violations(rel: Path, source: str) -> list[str]:
    """Upward imports of one file of ``bot`` (``rel`` is relative to the repository)."""
    own = package_of(rel)
    if own in TOP:
        return []
    allowed = ALLOWED.get(own)
    if allowed is None:
        return [f"{rel}: package bot.{own} has no place in the layers (add it to ALLOWED)"]
    found = []
    for name in sorted(imported_modules(source)):
        if name != "bot" and not name.startswith("bot."):
            continue
        target = name.split(".")[1] if "." in name else ""
        if target != own and target not in allowed:
            found.append(f"{rel}: bot.{own} imports {name}")
    return found


def test_bot_packages_import_only_downwards() -> None:
    files = sorted((ROOT / "bot").rglob("*.py"))
    assert len(files) > 50
    found = [v for p in files for v in violations(p.relative_to(ROOT), p.read_text(encoding="utf-8"))]
    assert not found, "upward imports:\n" + "\n".join(found)


def test_testkit_imports_neither_tests_nor_bench() -> None:
    found = []
    for folder, forbidden in TOOLS_FORBIDDEN.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            for name in imported_modules(path.read_text(encoding="utf-8")):
                if name.split(".")[0] in forbidden:
                    found.append(f"{path.relative_to(ROOT)}: imports {name}")
    assert not found, "\n".join(found)


def test_the_rule_catches_an_upward_import() -> None:
    # The core reaching for a channel, a store reaching for analytics, scale subclassing a
    # channel's middleware: each is reported; a downward import is not.
    assert violations(Path("bot/core/x.py"), "from bot.channels.telegram.render import render\n") == [
        "bot/core/x.py: bot.core imports bot.channels.telegram.render"
    ]
    assert violations(Path("bot/storage/x.py"), "import bot.analytics.aggregate\n") == [
        "bot/storage/x.py: bot.storage imports bot.analytics.aggregate"
    ]
    assert violations(Path("bot/scale/x.py"), "from bot.channels.telegram.middlewares.throttle import T\n")
    assert violations(Path("bot/channels/telegram/x.py"), "from bot.app import build_service\n")
    assert violations(Path("bot/channels/telegram/x.py"), "from bot.core.reply import Reply\n") == []
    assert violations(Path("bot/app.py"), "from bot.sandbox.server import Sandbox\n") == []
    assert violations(Path("bot/newroom/x.py"), "") == [
        "bot/newroom/x.py: package bot.newroom has no place in the layers (add it to ALLOWED)"
    ]


def channel_crossings(rel: Path, source: str) -> list[str]:
    """Imports of one channel from another: a channel is a renderer over the core, not a fork."""
    parts = rel.parts
    if len(parts) < 4 or parts[:2] != ("bot", "channels"):
        return []
    own = parts[2]
    return [
        f"{rel}: channel {own} imports {name}"
        for name in sorted(imported_modules(source))
        if name.startswith("bot.channels.") and name.split(".")[2] not in (own, "texts")
    ]


def test_channels_do_not_import_each_other() -> None:
    files = sorted((ROOT / "bot" / "channels").rglob("*.py"))
    found = [v for p in files for v in channel_crossings(p.relative_to(ROOT), p.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)
    crossing = "from bot.channels.telegram.texts import text\n"
    assert channel_crossings(Path("bot/channels/whatsapp/texts.py"), crossing)
