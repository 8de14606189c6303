"""The container files (Dockerfile, compose.yaml, .dockerignore), checked without a Docker daemon.

CI has no Docker daemon, so these tests read the files: build stages, non-root user, health check,
what is copied in, the compose services and their start order. The health-check script itself is
run here against real processes and sockets on 127.0.0.1.
"""

from __future__ import annotations

import fnmatch
import json
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings, load_settings
from testkit.infra import free_port

ROOT = Path(__file__).resolve().parents[1]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order; continuation lines joined, heredoc bodies skipped."""
    out: list[tuple[str, str]] = []
    lines = iter((ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines())
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        while line.endswith("\\"):
            line = line[:-1] + " " + next(lines).strip()
        word, _, args = line.strip().partition(" ")
        heredoc = re.search(r"<<-?'?(\w+)'?", args)
        if heredoc:
            for body in lines:
                if body.strip() == heredoc.group(1):
                    break
        out.append((word.upper(), args.strip()))
    return out


def heredoc(target: str) -> str:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    m = re.search(r"COPY <<'(\w+)' " + re.escape(target) + r"\n(.*?)\n\1\n", text, re.S)
    assert m, f"no heredoc for {target}"
    return m.group(2)


def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- Dockerfile ---------------------------------------------------------------------------------


def test_dockerfile_is_multi_stage_with_a_slim_python_311_runtime() -> None:
    steps = dockerfile_instructions()
    froms = [args for word, args in steps if word == "FROM"]
    assert len(froms) >= 2
    assert all(re.search(r" AS \w+$", f) for f in froms), froms
    args = dict(a.split("=", 1) for w, a in steps if w == "ARG" and "=" in a)
    runtime = froms[-1].split()[0].replace("${PYTHON_VERSION}", args.get("PYTHON_VERSION", ""))
    assert runtime == "python:3.11-slim"
    builder_name = froms[0].split()[-1]
    assert any(w == "COPY" and f"--from={builder_name} /opt/venv" in a for w, a in steps)


def test_dockerfile_runs_the_bot_as_a_non_root_user_with_a_health_check() -> None:
    steps = dockerfile_instructions()
    words = [w for w, _ in steps]
    user = [a for w, a in steps if w == "USER"]
    assert user and user[-1] not in ("root", "0", "0:0")
    last_from = max(i for i, w in enumerate(words) if w == "FROM")
    assert words.index("USER", last_from) < words.index("CMD")
    health = [a for w, a in steps if w == "HEALTHCHECK"]
    assert len(health) == 1 and "CMD" in health[0] and "--interval=" in health[0]
    assert json.loads(next(a for w, a in steps if w == "CMD")) == ["python", "-m", "bot", "run"]


def test_dockerfile_copies_content_migrations_and_alembic_ini_that_exist() -> None:
    copies = [a.split() for w, a in dockerfile_instructions() if w == "COPY" and "--from" not in a and "<<" not in a]
    sources = {src for parts in copies for src in parts[:-1] if not src.startswith("--")}
    assert {"content", "migrations", "alembic.ini", "pyproject.toml", "README.md", "bot"} <= sources
    for src in sources:
        assert (ROOT / src).exists(), f"the Dockerfile copies {src}, which is not in the repository"


def test_dockerignore_keeps_secrets_out_and_what_the_image_needs_in() -> None:
    patterns = [
        p.strip() for p in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if p.strip() and not p.startswith("#")
    ]

    def ignored(path: str) -> bool:
        return any(fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/") for p in patterns)

    for secret in (".env", ".git", ".venv", "data", "bot.db"):
        assert ignored(secret), secret
    for needed in ("pyproject.toml", "README.md", "bot/cli.py", "content/x.yaml", "migrations/env.py", "alembic.ini"):
        assert not ignored(needed), needed


# --- compose.yaml -------------------------------------------------------------------------------


def test_compose_runs_bot_postgres_redis_and_a_one_shot_migration() -> None:
    services = compose()["services"]
    assert set(services) == {"bot", "postgres", "redis", "migrate"}
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["migrate"]["command"] == ["python", "-m", "bot", "db", "upgrade"]
    assert services["bot"]["command"] == ["python", "-m", "bot", "run"]
    assert services["migrate"]["restart"] == "no"
    assert services["bot"]["image"] == services["migrate"]["image"]
    assert services["bot"]["build"]["context"] == "."


def test_compose_starts_the_bot_after_healthy_stores_and_a_finished_migration() -> None:
    services = compose()["services"]
    for store in ("postgres", "redis"):
        test = services[store]["healthcheck"]["test"]
        assert test[0] in ("CMD", "CMD-SHELL") and len(test) > 1
    assert services["bot"]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}


def test_compose_environment_is_valid_settings_for_the_bot() -> None:
    services = compose()["services"]
    env = services["bot"]["environment"]
    assert services["bot"]["env_file"] == [{"path": ".env", "required": False}]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    url = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", env["DATABASE_URL"])
    assert url == "postgresql+asyncpg://lawbot:lawbot@postgres:5432/lawbot"
    settings = load_settings(DATABASE_URL=url, REDIS_URL=env["REDIS_URL"], CONTENT_DIR=env["CONTENT_DIR"])
    assert settings.database_url == url
    aliases = {f.alias for f in Settings.model_fields.values()}
    assert set(env) <= aliases


def test_compose_keeps_data_in_named_volumes() -> None:
    data = compose()
    declared = set(data["volumes"])
    used = {v.split(":")[0] for s in data["services"].values() for v in s.get("volumes", [])}
    assert used == declared == {"pgdata", "redisdata"}


# --- the health-check script --------------------------------------------------------------------


@pytest.fixture
def healthcheck(tmp_path: Path) -> Path:
    script = tmp_path / "bot-healthcheck"
    script.write_text(heredoc("/usr/local/bin/bot-healthcheck"), encoding="utf-8")
    return script


def run_check(script: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script)], env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True, timeout=30
    )


@pytest.fixture
def fake_bot() -> Iterator[subprocess.Popen[bytes]]:
    """A process whose command line reads like `python -m bot run` (it waits for stdin to close)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()", "-m", "bot", "run"], stdin=subprocess.PIPE
    )
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=10)


def test_health_check_fails_when_no_bot_process_runs(healthcheck: Path) -> None:
    result = run_check(healthcheck, TELEGRAM_API_URL=f"http://127.0.0.1:{free_port()}")
    # Other tests may run a bot on this machine; either way an absent Bot API connection fails.
    assert result.returncode == 1
    assert "not running" in result.stderr or "no open connection" in result.stderr


def test_polling_bot_is_healthy_only_while_connected_to_the_bot_api(
    healthcheck: Path, fake_bot: subprocess.Popen[bytes]
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        api = f"http://127.0.0.1:{server.getsockname()[1]}"
        missing = run_check(healthcheck, TELEGRAM_API_URL=api)
        assert missing.returncode == 1 and "no open connection to the Bot API" in missing.stderr
        with socket.create_connection(server.getsockname()), server.accept()[0]:
            assert run_check(healthcheck, TELEGRAM_API_URL=api).returncode == 0


@pytest.mark.parametrize(
    "channel", [{"WEBHOOK_URL": "https://example.org/hook"}, {"WHATSAPP_TOKEN": "wa-token"}], ids=["telegram", "whatsapp"]
)
def test_webhook_bot_is_healthy_when_its_port_answers_http(
    healthcheck: Path, fake_bot: subprocess.Popen[bytes], channel: dict[str, str]
) -> None:
    class NotFound(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = str(server.server_address[1])
        assert run_check(healthcheck, **channel, PORT=port).returncode == 0
    finally:
        server.shutdown()
        server.server_close()
    down = run_check(healthcheck, **channel, PORT=port)
    assert down.returncode == 1 and "webhook port does not answer" in down.stderr


def test_a_fresh_heartbeat_file_decides_when_the_bot_writes_one(
    healthcheck: Path, fake_bot: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    beat = tmp_path / "heartbeat"
    beat.touch()
    assert run_check(healthcheck, HEARTBEAT_FILE=str(beat)).returncode == 0
    stale = run_check(healthcheck, HEARTBEAT_FILE=str(beat), HEARTBEAT_MAX_AGE="-1")
    assert stale.returncode == 1 and "heartbeat" in stale.stderr
