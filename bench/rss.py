"""Memory of the running bot: ``python -m bench.rss`` prints one JSON line.

What runs (all on 127.0.0.1, in a temporary directory): the Bot API stand-in
(``bot.devapi.FakeBotApi``) in this process, ``python -m bot db upgrade`` on a fresh SQLite
database, then the real ``python -m bot run`` (long polling). Once it polls, ``--questions``
citizen questions (kk/ru/en, from ``bench/data/soak_questions.jsonl``, one chat each) are sent
one after another, each waiting for its reply. Then VmRSS (resident now) and VmHWM (the peak)
of the bot process are read from ``/proc/<pid>/status``, and everything is stopped.

Reported (kB unless named otherwise): ``rss_idle_kb``/``hwm_idle_kb`` once the bot polls,
``rss_kb``/``hwm_kb`` after answering, ``answered`` of ``questions``, and the round trip of a
question (update created to its reply's sendMessage received, including the long poll) as
``reply_ms_p50``/``reply_ms_p95``. Every wait is bounded; Linux only (``/proc``).

    python -m bench.rss                    # 40 questions
    python -m bench.rss --questions 84     # all of them
    python -m bench.rss --content-dir /tmp/content-snapshot   # a fixed copy of the content
    MALLOC_ARENA_MAX=2 python -m bench.rss # environment is passed on to the bot
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.devapi import FakeBotApi
from testkit import infra

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = Path(__file__).resolve().parent / "data" / "soak_questions.jsonl"
START_TIMEOUT = 60.0
REPLY_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
FIRST_CHAT = 5000


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM and friends (kB) of a running process."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key.startswith(("Vm", "Rss")) and value.strip().endswith("kB"):
            out[key] = int(value.split()[0])
    return out


def load_questions(count: int) -> list[tuple[str, str]]:
    """``count`` questions, taking the languages in turn (kk, ru, en, kk, ...)."""
    by_lang: dict[str, list[str]] = {}
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_lang.setdefault(str(row["lang"]), []).append(str(row["text"]))
    mixed: list[tuple[str, str]] = []
    queues = [list(reversed(qs)) for qs in by_lang.values()]
    while len(mixed) < count and any(queues):
        for lang, queue in zip(by_lang, queues, strict=True):
            if queue and len(mixed) < count:
                mixed.append((lang, queue.pop()))
    return mixed


def bot_env(api: FakeBotApi, db_path: Path, content_dir: Path) -> dict[str, str]:
    return infra.bot_env(
        api.base_url, api.token, db_path, content_dir, USER_HASH_SECRET="rss-bench", LOG_LEVEL="WARNING"
    )


async def _stop(proc: asyncio.subprocess.Process) -> int | None:
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), STOP_TIMEOUT)
        except TimeoutError:
            proc.kill()
            await asyncio.wait_for(proc.wait(), STOP_TIMEOUT)
    return proc.returncode


async def _wait_polling(api: FakeBotApi, proc: asyncio.subprocess.Process) -> None:
    """Until the bot long-polls or exits, at most START_TIMEOUT."""
    polling = asyncio.ensure_future(api.wait_until(lambda: api.calls_to("getUpdates"), START_TIMEOUT))
    exited = asyncio.ensure_future(proc.wait())
    try:
        await asyncio.wait({polling, exited}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (polling, exited):
            task.cancel()
        await asyncio.gather(polling, exited, return_exceptions=True)
    if not api.calls_to("getUpdates") and proc.returncode is None:
        raise TimeoutError(f"the bot did not poll within {START_TIMEOUT:.0f} s")


async def _measure(count: int, content_dir: Path) -> dict[str, Any]:
    questions = load_questions(count)
    api = FakeBotApi()
    await api.start()
    proc: asyncio.subprocess.Process | None = None
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        env = bot_env(api, Path(tmp) / "bot.db", content_dir)
        log_path = Path(tmp) / "bot.log"
        try:
            await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "bot", "db", "upgrade"],
                env=env, cwd=ROOT, check=True, capture_output=True, timeout=60,
            )
            with log_path.open("wb") as log:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stdout=log, stderr=log
                )
            started = time.monotonic()
            await _wait_polling(api, proc)
            if proc.returncode is not None:
                raise RuntimeError(f"bot exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            startup_s = time.monotonic() - started
            await asyncio.sleep(0.5)  # let start-up settle (commands, replay)
            idle = proc_status(proc.pid)

            latencies: list[float] = []
            for i, (lang, text) in enumerate(questions):
                chat = FIRST_CHAT + i
                pushed = time.monotonic()
                api.push_message(chat, chat, text, language_code=lang)
                try:
                    await api.wait_until(lambda c=chat: api.bot_messages(c), REPLY_TIMEOUT)  # type: ignore[misc]
                except TimeoutError:
                    continue
                sends = [c for c in api.calls_to("sendMessage") if c.params.get("chat_id") in (chat, str(chat))]
                if sends:
                    latencies.append((sends[-1].at - pushed) * 1000)
            await asyncio.sleep(0.5)
            after = proc_status(proc.pid)
            rc = await _stop(proc)
        finally:
            if proc is not None and proc.returncode is None:
                proc.kill()
                await proc.wait()
            await api.stop()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else None
    return {
        "bench": "rss",
        "questions": len(questions),
        "answered": len(latencies),
        "startup_s": round(startup_s, 2),
        "rss_idle_kb": idle.get("VmRSS"),
        "hwm_idle_kb": idle.get("VmHWM"),
        "rss_kb": after.get("VmRSS"),
        "hwm_kb": after.get("VmHWM"),
        "rss_anon_kb": after.get("RssAnon"),
        "rss_file_kb": after.get("RssFile"),
        "rss_mb": round(after.get("VmRSS", 0) / 1024, 1),
        "hwm_mb": round(after.get("VmHWM", 0) / 1024, 1),
        "reply_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
        "reply_ms_p95": round(p95, 1) if p95 is not None else None,
        "exit_code": rc,
        "env": {k: os.environ[k] for k in ("MALLOC_ARENA_MAX", "PYTHONMALLOC", "MALLOC_TRIM_THRESHOLD_") if k in os.environ},
    }


def measure(questions: int = 40, content_dir: Path = ROOT / "content") -> dict[str, Any]:
    """Start the stand-in and the bot, ask ``questions`` questions, return the memory figures."""
    return asyncio.run(_measure(questions, content_dir))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.rss", description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--questions", type=int, default=40)
    p.add_argument("--content-dir", type=Path, default=ROOT / "content", help="CONTENT_DIR for the bot")
    args = p.parse_args(argv)
    result = measure(args.questions, args.content_dir)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["answered"] == result["questions"] else 1


if __name__ == "__main__":
    sys.exit(main())
