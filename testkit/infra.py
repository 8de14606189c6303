"""Processes the soak starts and stops: a throwaway Redis, PostgreSQL, bot replicas, the proxy.

Everything listens on 127.0.0.1 on free ports and lives in one temporary directory. PostgreSQL
is the test suite's throwaway cluster (``testkit/postgres.py``); Redis is Debian's
``redis-server`` (``scripts/deps.d/redis.sh``) without persistence.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


class InfraError(RuntimeError):
    pass


def terminate(proc: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    """SIGTERM and wait; SIGKILL if the process does not exit within ``timeout``."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def bot_env(api_base_url: str, token: str, db_path: Path, content_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``python -m bot`` process talking to a Bot API stand-in: this
    process's environment without webhook or Redis settings, a SQLite file, then ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in ("WEBHOOK_URL", "WEBHOOK_SECRET", "REDIS_URL")}
    env.update(
        BOT_TOKEN=token,
        TELEGRAM_API_URL=api_base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        CONTENT_DIR=str(content_dir),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_port(port: int, within: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Until something accepts connections on 127.0.0.1:port (or the process died)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        if proc is not None and proc.poll() is not None:
            raise InfraError(f"process exited with {proc.returncode} before listening on {port}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise InfraError(f"nothing listens on 127.0.0.1:{port} after {within:.0f} s") from None
            await asyncio.sleep(0.05)
            continue
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
        return


@dataclass
class RedisServer:
    port: int
    proc: subprocess.Popen[bytes]
    workdir: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @classmethod
    async def start(cls, workdir: Path) -> RedisServer:
        server = cls.spawn(workdir)
        try:
            await wait_port(server.port, 10, server.proc)
        except BaseException:
            server.stop()
            raise
        return server

    @classmethod
    def spawn(cls, workdir: Path) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise InfraError("redis-server not found; install it with `bash scripts/deps.d/redis.sh`")
        port = free_port()
        workdir.mkdir(parents=True, exist_ok=True)
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(workdir), "--protected-mode", "yes", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return cls(port, proc, workdir)

    def stop(self) -> None:
        terminate(self.proc)


@dataclass
class Postgres:
    """The suite's throwaway cluster with one database at the migration head."""

    server: object
    url: str

    @classmethod
    def start(cls) -> Postgres:
        sys.path.insert(0, str(ROOT))
        from testkit.postgres import PostgresUnavailable, start_postgres

        try:
            server = start_postgres()
        except PostgresUnavailable as exc:
            raise InfraError(str(exc)) from exc
        name = server.create_database()
        return cls(server, server.url(name))

    def stop(self) -> None:
        self.server.stop()  # type: ignore[attr-defined]


def migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if proc.returncode != 0:
        raise InfraError(f"db upgrade failed: {proc.stderr.strip()[-1000:]}")


@dataclass
class BotProcess:
    """One ``python -m bot run [args]`` process that can be stopped, killed and started again:
    the end-to-end tests' bot and the soak's replicas. Its output is appended to ``log_path``."""

    env: dict[str, str]
    log_path: Path
    args: Sequence[str] = ()  # after ``run``, e.g. ("--webhook",)
    name: str = "bot"
    port: int | None = None  # webhook port: start() waits until it listens
    proc: subprocess.Popen[bytes] | None = None
    peak_rss: int = 0
    starts: int = 0
    kills: int = 0
    runs: list[int] = field(default_factory=list)  # exit codes of the runs ended by stop()

    async def start(self, within: float = 60.0) -> None:
        self.spawn()
        if self.port is not None:
            assert self.proc is not None
            await wait_port(self.port, within, self.proc)

    def spawn(self) -> None:
        with self.log_path.open("ab") as log:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", *self.args], cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        self.starts += 1

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no drain, nothing flushed — the hard case."""
        if self.alive():
            assert self.proc is not None
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            self.kills += 1

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int:  # noqa: ASYNC109
        """Send ``sig`` and wait for the exit; returns the exit code. A process still running
        after ``timeout`` seconds is killed and TimeoutError raised (a stop that hangs is a bug)."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = await asyncio.to_thread(self.proc.wait, timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            await asyncio.to_thread(self.proc.wait, 5)
            raise TimeoutError(f"{self.name} still running {timeout} s after {signal.Signals(sig).name}") from None
        self.runs.append(rc)
        return rc

    def terminate(self, timeout: float = 15.0) -> int | None:
        """SIGTERM and wait (the bot drains in ~3.5 s); SIGKILL if it hangs. For clean-ups."""
        if self.proc is None:
            return None
        terminate(self.proc, timeout)
        return self.proc.returncode

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def sample_rss(self) -> None:
        if not self.alive():
            return
        assert self.proc is not None
        with contextlib.suppress(psutil.Error):
            self.peak_rss = max(self.peak_rss, psutil.Process(self.proc.pid).memory_info().rss)


@dataclass
class Proxy:
    port: int
    proc: subprocess.Popen[bytes]

    @classmethod
    async def start(cls, upstream_ports: Sequence[int]) -> Proxy:
        proxy = cls.spawn(upstream_ports)
        await wait_port(proxy.port, 20, proxy.proc)
        return proxy

    @classmethod
    def spawn(cls, upstream_ports: Sequence[int]) -> Proxy:
        port = free_port()
        upstreams = [arg for p in upstream_ports for arg in ("--upstream", f"127.0.0.1:{p}")]
        proc = subprocess.Popen(
            [sys.executable, "-m", "testkit.proxy", "--port", str(port), *upstreams], cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return cls(port, proc)

    def stop(self) -> None:
        terminate(self.proc)


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="lawbot-soak-"))
