# syntax=docker/dockerfile:1.7
# The bot in a container: `docker compose up` (see compose.yaml and README.md).
ARG PYTHON_VERSION=3.11

# --- builder: dependencies and the package into a virtualenv -------------------------------------
FROM python:${PYTHON_VERSION}-slim AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
WORKDIR /app
RUN python -m venv /opt/venv && pip install --upgrade pip setuptools wheel
# Dependencies first, against an empty package, so editing the code does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir bot && touch bot/__init__.py && pip install -e .
# Editable on purpose: bot.storage.migrate finds migrations/ next to the package (/app), so the
# code must run from /app/bot, where the runtime stage puts it.
COPY bot ./bot

# --- runtime: slim image, non-root ----------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    CONTENT_DIR=/app/content \
    MPLCONFIGDIR=/tmp/matplotlib \
    DATABASE_URL=sqlite+aiosqlite:////app/data/bot.db \
    MALLOC_MMAP_THRESHOLD_=1048576
# MALLOC_MMAP_THRESHOLD_: a fixed glibc mmap threshold (1 MiB). By default glibc raises it each
# time a large block is freed, so after the index build's big numpy temporaries later ones land
# in the heap, where the objects kept around them pin the freed space: ~40 MB more resident for
# the life of the process (`python -m bench.rss` measures it).
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --home-dir /app --no-create-home --shell /usr/sbin/nologin bot
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app/bot ./bot
COPY content ./content
COPY migrations ./migrations
COPY alembic.ini ./

# Health: the bot process is running and, when polling, holds a connection to the Bot API (a long
# poll is always open while the bot works); in webhook mode the webhook port answers HTTP. If the
# bot touches $HEARTBEAT_FILE, its age is checked instead. Docker marks the container unhealthy after
# `retries` failures in a row, so the short gaps between polls and a retry after an error pass.
COPY <<'EOF' /usr/local/bin/bot-healthcheck
#!/opt/venv/bin/python
import os, sys, time, urllib.error, urllib.request
from pathlib import Path
from urllib.parse import urlsplit

def bot_running() -> bool:
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            args = proc.joinpath("cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"bot" in args and b"run" in args:
            return True
    return False

def connected_to(port: int) -> bool:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "01" and int(fields[2].rsplit(":", 1)[1], 16) == port:
                return True
    return False

if not bot_running():
    sys.exit("the bot process is not running")
beat = os.environ.get("HEARTBEAT_FILE")
if beat and os.path.exists(beat):
    age = time.time() - os.path.getmtime(beat)
    sys.exit(0 if age < float(os.environ.get("HEARTBEAT_MAX_AGE", "120")) else f"heartbeat {age:.0f}s old")
if os.environ.get("WEBHOOK_URL") or os.environ.get("WHATSAPP_TOKEN"):  # run --webhook
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{os.environ.get('PORT', '8081')}/", timeout=3)
    except urllib.error.HTTPError:
        pass  # any HTTP status: the webhook server answers
    except OSError as exc:
        sys.exit(f"webhook port does not answer: {exc}")
    sys.exit(0)
api = urlsplit(os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org"))
port = api.port or (443 if api.scheme == "https" else 80)
sys.exit(0 if connected_to(port) else f"no open connection to the Bot API (port {port})")
EOF
RUN chmod 0755 /usr/local/bin/bot-healthcheck \
    && mkdir -p /app/data \
    && chown bot:bot /app/data
VOLUME ["/app/data"]

USER bot
EXPOSE 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/usr/local/bin/bot-healthcheck"]
CMD ["python", "-m", "bot", "run"]
