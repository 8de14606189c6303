"""Schema migrations (Alembic, scripts in ``migrations/``): ``python -m bot db upgrade``.

The Alembic configuration is built in code from the settings' DATABASE_URL, so the CLI, the
tests and ``SqlStore.open`` agree on where the scripts are and which revision is the head.

Alembic (~8 MB resident) is imported only to migrate: ``run`` needs just the head revision, which
``head_revision`` reads from the scripts' ``revision``/``down_revision`` assignments.
"""

from __future__ import annotations

import ast
import asyncio
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection, make_url

from bot.config import Settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _script_revisions(path: Path) -> tuple[str | None, tuple[str, ...]]:
    """``revision`` and ``down_revision`` (none, one or a merge's tuple) of one migration script."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            found[target.id] = ast.literal_eval(value)
    revision, down = found.get("revision"), found.get("down_revision")
    downs = (down,) if isinstance(down, str) else tuple(str(d) for d in down) if isinstance(down, tuple | list) else ()
    return (revision if isinstance(revision, str) else None), downs


def head_revision() -> str:
    """The single head of the migration scripts, without importing Alembic (same answer as its
    ``ScriptDirectory.get_current_head``; tests/storage/test_migrations.py checks they agree)."""
    revs: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        revision, downs = _script_revisions(path)
        if revision is not None:
            revs.add(revision)
            parents.update(downs)
    heads = sorted(revs - parents)
    if len(heads) != 1:  # pragma: no cover - the repository always ships one line of migrations
        raise RuntimeError(f"expected one head revision in {MIGRATIONS_DIR}, found {heads or 'none'}")
    return heads[0]


def revisions() -> list[str]:
    """All revisions, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for PostgreSQL or an in-memory SQLite)."""
    u = make_url(url)
    if not u.drivername.startswith("sqlite") or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def ensure_sqlite_dir(url: str) -> None:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def _outside_event_loop(work: Callable[[], None]) -> None:
    """Alembic's env.py runs its own event loop; from inside a running one, use a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(work).result()


def upgrade_url(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` (blocking)."""
    from alembic import command

    ensure_sqlite_dir(url)
    _outside_event_loop(lambda: command.upgrade(alembic_config(url), revision))


def downgrade_url(url: str, revision: str) -> None:
    from alembic import command

    _outside_event_loop(lambda: command.downgrade(alembic_config(url), revision))


async def upgrade_url_async(url: str, revision: str = "head") -> None:
    """``upgrade_url`` from inside a running event loop (Alembic's env runs its own loop)."""
    await asyncio.to_thread(upgrade_url, url, revision)


def upgrade(settings: Settings) -> int:
    """CLI ``db upgrade``: migrate DATABASE_URL to the head revision."""
    url = settings.database_url
    try:
        upgrade_url(url)
    except Exception as exc:  # the CLI prints one line instead of a traceback
        where = make_url(url).render_as_string(hide_password=True)
        sys.stderr.write(f"db upgrade failed for {where}: {type(exc).__name__}: {exc}\n")
        return 1
    sys.stderr.write(f"database is at {head_revision()} (head)\n")
    return 0
