"""A throwaway PostgreSQL cluster for the test session (initdb into a temp dir, 127.0.0.1, free port).

Root cannot run postgres, so under root the server runs as the ``postgres`` system user
(created by Debian's postgresql package, see scripts/deps.d/postgres.sh) via ``runuser``.
Databases are created from a migrated template so each test gets a fresh one in milliseconds.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from testkit.infra import free_port


class PostgresUnavailable(RuntimeError):
    pass


def _find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


@dataclass
class PostgresServer:
    datadir: Path
    port: int
    pg_ctl: str
    psql: str
    run_as: list[str]

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str) -> None:
        self.sql_in("postgres", statement)

    def sql_in(self, database: str, statement: str) -> None:
        proc = subprocess.run(
            [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
             "-U", "postgres", "-d", database, "-c", statement],
            capture_output=True, text=True, timeout=60, check=False,
        )
        if proc.returncode != 0:
            raise PostgresUnavailable(f"psql failed: {statement}: {proc.stderr.strip()}")

    def create_database(self, template: str | None = None) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.sql(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if not self.datadir.exists():
            return
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", str(self.datadir), "-m", "immediate", "-w", "stop"],
            capture_output=True, timeout=60, check=False, cwd=self.datadir.parent,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_postgres() -> PostgresServer:
    initdb, pg_ctl, psql = _find_bin("initdb"), _find_bin("pg_ctl"), _find_bin("psql")
    if not (initdb and pg_ctl and psql):
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl, psql) not found; install them with "
            "`bash scripts/deps.d/postgres.sh` (apt-get install postgresql) or `make system-deps`"
        )
    root = Path(tempfile.mkdtemp(prefix="lawbot-pg-"))
    datadir = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable(
                "running as root and there is no `postgres` user to run the server as "
                "(apt-get install postgresql creates it)"
            ) from None
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    proc = subprocess.run(
        [*run_as, initdb, "-D", str(datadir), "-A", "trust", "-U", "postgres", "-E", "UTF8",
         "--locale=C", "--no-sync"],
        capture_output=True, text=True, timeout=120, check=False, cwd=root,
    )
    if proc.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"initdb failed: {proc.stderr.strip()[-2000:]}")
    port = free_port()
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    logfile = root / "server.log"
    proc = subprocess.run(
        [*run_as, pg_ctl, "-D", str(datadir), "-o", options, "-l", str(logfile), "-w", "-t", "60", "start"],
        capture_output=True, text=True, timeout=120, check=False, cwd=root,
    )
    if proc.returncode != 0:
        log = logfile.read_text(errors="replace")[-2000:] if logfile.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"pg_ctl start failed: {proc.stderr.strip()} {log}")
    server = PostgresServer(datadir=datadir, port=port, pg_ctl=pg_ctl, psql=psql, run_as=run_as)
    # The session fixture stops it; this also covers a session that ends without teardown.
    atexit.register(server.stop)
    return server
