"""Soak and fault harness: many simulated citizens, a flaky Telegram, a replica killed mid-run.

    python -m bench.soak                      # webhook: 2 replicas + proxy + PostgreSQL + Redis
    python -m bench.soak --mode polling       # the single-process default: polling + SQLite
    python -m bench.soak --messages 600 --users 120   # shorter

What runs (all on 127.0.0.1): a Bot API stand-in (``bench/soak_api.py``: FakeBotApi with
Telegram-like webhook delivery) in this process; real ``python -m bot run [--webhook]``
processes; in webhook mode a round-robin reverse proxy (``bench/soak_proxy.py``), a throwaway
PostgreSQL cluster (the test suite's) and a throwaway ``redis-server``.

Load: ``--users`` citizens each ask ``--messages / --users`` questions (kk/ru/en, from
``bench/data/soak_questions.jsonl``) one after another: a citizen waits for the answer, reads
for a moment, asks the next. ``--concurrency`` citizens are in a conversation at any time.

Faults: ``--fault-rate`` of all Bot API calls fail (429 with retry_after, 500, 502 with an HTML
body, connection resets, timeouts past the bot's request timeout). Webhook delivery re-sends an
update until it gets 200, and re-sends ``--redeliver-rate`` of acknowledged ones. When
40 % of the questions are answered, the first replica (or the polling process) gets
SIGKILL and is started again ``--down`` seconds later (``--kills N``: N times, spread from
20 % to 80 % of the run, replicas in turn).

What counts (read from the stand-in's chats, where a message exists only if its sendMessage
was answered 200 OK): in each chat, the bot messages between one question and the next are
that question's reply. Each question must have exactly one: none is a *lost* reply, every one
beyond the first a *duplicate*. Replies that are the bot's generic error text are counted
apart (they are not answers). Latency: from the moment the update is created to the moment
the reply's sendMessage succeeded. The run ends when every citizen is done and nothing is
left pending in the database, or at ``--time-limit``.

Exit status 0 when there are no lost, duplicate or error replies, else 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import text as sql_text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.soak_api import SoakBotApi, fault_plan
from bot.channels.telegram.texts import text as ui_text
from bot.channels.texts import chat_text
from bot.core.lang import Lang
from testkit.infra import ROOT, BotProcess, Postgres, Proxy, RedisServer, free_port, migrate, workdir

QUESTIONS = ROOT / "bench" / "data" / "soak_questions.jsonl"
CHAT_BASE = 700_000_000
WEBHOOK_PATH = "/telegram/webhook"
# The Bot API's inherent at-least-once window: Telegram accepted a reply, and the process died
# before it recorded the update as done, so the restart replayed the update and sent the reply
# again. A duplicate is explained by it when its chat had an update replayed after a SIGKILL
# and its first copy was stored before that kill: at most STUCK_FINISH seconds before (the
# finish write waits for SQLite's single writer; longer would be a stuck finish, a bug) or
# IN_FLIGHT_WINDOW after (the stand-in may read the dead process's last request a few ms late).
IN_FLIGHT_WINDOW = 0.25
STUCK_FINISH = 5.0
DB_ERROR_EVENTS = (
    "store_retry",
    "store_write_failed",
    "store_read_failed",
    "claim_failed",
    "claim_failed_answering_anyway",
    "claims_sweep_failed",
)
COUNTED_EVENTS = (
    *DB_ERROR_EVENTS,
    "redis_error",
    "handler_error",
    "update_failed",
    "update_left_pending",
    "telegram_retry",
    "duplicate_update",
    "claims_taken_over",
    "replaying_pending",
    "shutdown_cancelled_updates",
    "throttled",
)


def in_flight(first_copy_from_kill: float | None, chat_replayed: bool) -> bool:
    """Whether a duplicate is the in-flight window's (see above), not a bug."""
    t = first_copy_from_kill
    return chat_replayed and t is not None and -STUCK_FINISH <= t <= IN_FLIGHT_WINDOW


@dataclass
class SoakConfig:
    mode: Literal["webhook", "polling"] = "webhook"
    users: int = 2000
    messages: int = 10_000
    concurrency: int = 80
    replicas: int = 2
    fault_rate: float = 0.05
    redeliver_rate: float = 0.02
    kills: int = 1  # SIGKILLs spread over the run (20 % .. 80 % of the questions answered)
    down: float = 2.0
    global_rate: float = 30.0
    think: tuple[float, float] = (0.3, 1.5)
    reply_timeout: float = 180.0
    time_limit: float = 1500.0
    seed: int = 1


@dataclass
class Ask:
    chat_id: int
    lang: str
    sent_at: float
    replied_at: float | None = None


@dataclass
class SoakResult:
    mode: str
    questions_planned: int
    questions_sent: int
    replies: int
    lost: int
    duplicates: int
    duplicate_first_copy_from_kill_s: list[float | None]
    duplicate_chat_replayed: list[bool]  # per duplicate: its chat had an update replayed
    error_replies: int
    duplicate_chats: list[str]
    throttle_notes: int
    unanswered_when_user_gave_up: int
    latency_p50_s: float
    latency_p95_s: float
    latency_p99_s: float
    latency_max_s: float
    duration_s: float
    replies_per_s: float
    replies_per_s_steady: float
    send_attempts_max_per_1s: int
    send_attempts_max_per_5s: int
    send_attempts: int
    faults_injected: dict[str, int]
    webhook_failed_deliveries: int
    webhook_redelivered: int
    peak_rss_mb: dict[str, float]
    db_errors: int
    redis_errors: int
    events: dict[str, int]
    kills: int
    replicas: int
    global_rate: float
    config: dict[str, Any] = field(default_factory=dict)
    logs: str = ""  # the bot's logs, kept when the run failed
    # Questions waiting for their reply when a SIGKILL came: how long after the kill each was
    # answered (the claims lease and the chat locks of the killed process decide it).
    after_kill_waits_s: list[float] = field(default_factory=list)

    @property
    def after_kill_max_s(self) -> float:
        return max(self.after_kill_waits_s, default=0.0)

    @property
    def duplicates_unexplained(self) -> int:
        """Duplicates the in-flight window does not explain (see IN_FLIGHT_WINDOW)."""
        pairs = zip(self.duplicate_first_copy_from_kill_s, self.duplicate_chat_replayed, strict=True)
        return sum(1 for t, replayed in pairs if not in_flight(t, replayed))

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicates == 0 and self.error_replies == 0 and self.questions_sent > 0


def load_questions() -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {"kk": [], "ru": [], "en": []}
    with QUESTIONS.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                item = json.loads(line)
                pools[item["lang"]].append(item["text"])
    return pools


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _max_per_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(ordered):
        while t - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


class Citizens:
    """The simulated users: each asks, waits for the reply, reads, asks again."""

    def __init__(self, cfg: SoakConfig, pools: dict[str, list[str]]) -> None:
        self.cfg = cfg
        self.pools = pools
        self.rng = random.Random(cfg.seed)
        self.asks: list[Ask] = []
        self.waiting: dict[int, tuple[Ask, asyncio.Future[None]]] = {}
        self.replies = 0
        self.progress = asyncio.Event()
        self.bot_times: dict[int, list[float]] = {}  # every bot message per chat, in order
        self.chat_of_update: dict[int, int] = {}
        self.kill_times: list[float] = []
        self.api: SoakBotApi | None = None

    def on_bot_message(self, chat_id: int, at: float) -> None:
        self.bot_times.setdefault(chat_id, []).append(at)
        entry = self.waiting.get(chat_id)
        if entry is None:
            return
        ask, fut = entry
        if ask.replied_at is None:
            ask.replied_at = at
            self.replies += 1
            self.progress.set()
        if not fut.done():
            fut.set_result(None)

    async def citizen(self, index: int, slots: asyncio.Semaphore, per_user: int) -> None:
        assert self.api is not None
        rng = random.Random(self.cfg.seed * 100_003 + index)
        lang = rng.choices(("kk", "ru", "en"), weights=(35, 45, 20))[0]
        app_lang = "ru" if lang == "kk" and rng.random() < 0.4 else lang  # many Kazakh speakers use a Russian UI
        chat_id = CHAT_BASE + index
        async with slots:
            for _ in range(per_user):
                question = rng.choice(self.pools[lang])
                loop = asyncio.get_running_loop()
                fut: asyncio.Future[None] = loop.create_future()
                ask = Ask(chat_id, lang, time.monotonic())
                self.waiting[chat_id] = (ask, fut)
                self.asks.append(ask)
                update_id = self.api.push_message(chat_id, chat_id, question, language_code=app_lang, first_name="Citizen")
                self.chat_of_update[update_id] = chat_id
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(fut, self.cfg.reply_timeout)
                await asyncio.sleep(rng.uniform(*self.cfg.think))
            self.waiting.pop(chat_id, None)


def _read_logs(paths: list[Path]) -> tuple[Counter[str], set[int]]:
    """The counted events, and the ids of the updates answered by a replay."""
    counts: Counter[str] = Counter()
    replayed: set[int] = set()
    for path in paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                event = record.get("event") if isinstance(record, dict) else None
                if event == "update" and record.get("replay"):
                    replayed.add(int(record["update_id"]))
                if event in COUNTED_EVENTS:
                    # Some events summarise many (e.g. replaying_pending count=N).
                    counts[event] += int(record.get("count", 1)) if event in ("claims_taken_over", "replaying_pending") else 1
    return counts, replayed


def judge_chats(
    api: SoakBotApi, citizens: Citizens, replayed_chats: frozenset[int] = frozenset()
) -> tuple[int, int, int, int, int, list[float | None], list[bool], list[str]]:
    """(questions, lost, duplicates, error replies, throttle notes, for each duplicate the
    seconds from the nearest SIGKILL to its first copy and whether its chat had an update
    replayed, the chats with duplicates described) from what the users see.

    A reply counts for the user message it follows. A copy re-sent after a restart can land
    after the user's *next* question (the user saw the first copy and went on), so a copy's
    first copy is an earlier bot message with the same text, wherever it is, and of a
    question's replies the last repeats are the extras. Of several earlier copies (the user may
    have asked the same question before and got the same answer) the first copy is the latest
    one stored before the SIGKILL that precedes the extra, if any: a re-send after a restart
    repeats what went out before the kill, and when the same question was asked twice the
    replayed answer and the second answer both land after the restart. Otherwise it is the
    latest earlier copy (a double send by the restarted process stays unexplained).
    """
    errors = {ui_text("error", lang) for lang in Lang}
    throttled = {chat_text("throttled", lang) for lang in Lang}
    questions = lost = duplicates = error_replies = notes = 0
    before_kill: list[float | None] = []
    chat_replayed: list[bool] = []
    samples: list[str] = []
    for chat_id in {a.chat_id for a in citizens.asks}:
        windows: list[list[tuple[float, str]]] = []  # per question: (stored at, text) of its replies
        for message, at in _timed_chat(api, citizens, chat_id):
            if at is None:
                windows.append([])
                continue
            body = (message["text"] or "").strip()
            if body in throttled:
                notes += 1
                continue
            if body in errors:
                error_replies += 1
            if windows:
                windows[-1].append((at, body))
        questions += len(windows)
        lost += sum(1 for w in windows if not w)
        seen: dict[str, list[float]] = {}  # text -> when the chat got it, so far
        for w in windows:
            # (position, when its first copy was stored) for replies that repeat an earlier one
            repeats = []
            for i, (at, body) in enumerate(w):
                if body in seen:
                    repeats.append((i, _first_copy(seen[body], at, citizens.kill_times)))
                seen.setdefault(body, []).append(at)
            extra = max(0, len(w) - 1)
            # Re-sent copies come last: the latest repeats are the extras, each timed by its
            # latest earlier copy; extras that repeat nothing are timed by the first reply.
            chosen = repeats[len(repeats) - min(extra, len(repeats)) :]
            duplicates += extra
            before_kill.extend(_from_nearest_kill(copy_at, citizens.kill_times) for _, copy_at in chosen)
            before_kill.extend(_from_nearest_kill(w[0][0], citizens.kill_times) for _ in range(extra - len(chosen)))
        chat_replayed += [chat_id in replayed_chats] * (len(before_kill) - len(chat_replayed))
        if any(len(w) > 1 for w in windows):
            samples.append(_describe_chat(api, citizens, chat_id))
    return questions, lost, duplicates, error_replies, notes, before_kill, chat_replayed, samples


def _first_copy(copies: list[float], at: float, kill_times: list[float]) -> float:
    """Which earlier copy a repeat stored at ``at`` re-sends (see ``judge_chats``)."""
    kills = [k for k in kill_times if k <= at]
    if kills:
        # "Before the kill" includes the in-flight window: the stand-in may store the dead
        # process's last request a few ms after the SIGKILL was sent.
        before = [t for t in copies if t <= max(kills) + IN_FLIGHT_WINDOW]
        if before:
            return max(before)
    return copies[-1]


def _timed_chat(api: SoakBotApi, citizens: Citizens, chat_id: int) -> Iterator[tuple[dict[str, Any], float | None]]:
    """The chat in order, each bot message with when the stand-in stored it (None for the user's)."""
    times = iter(citizens.bot_times.get(chat_id, []))
    for message in api.chat_log(chat_id):
        yield message, (None if message["from"] == "user" else next(times, 0.0))


def _from_nearest_kill(at: float, kill_times: list[float]) -> float | None:
    offsets = [at - k for k in kill_times]
    return round(min(offsets, key=abs), 3) if offsets else None


def _describe_chat(api: SoakBotApi, citizens: Citizens, chat_id: int) -> str:
    """The chat with a duplicate, for the report: who said what, when (s from the first kill)."""
    zero = citizens.kill_times[0] if citizens.kill_times else 0.0
    lines = [f"chat {chat_id}:"]
    for message, at in _timed_chat(api, citizens, chat_id):
        when = "" if at is None else f"{at - zero:+.3f}s "
        text = " ".join((message["text"] or "").split())[:60]
        lines.append(f"    {message['from']:4} {when}#{message['message_id']} {text}")
    sends = [c for c in api.calls if c.method.lower() == "sendmessage" and str(c.params.get("chat_id")) == str(chat_id)]
    for c in sends:
        lines.append(f"    call sendMessage {c.at - zero:+.3f}s status={c.status} fault={c.fault}")
    return "\n".join(lines)


async def _pending_in_db(database_url: str) -> int:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            value = await conn.scalar(sql_text("SELECT count(*) FROM processed_updates WHERE status = 'received'"))
        return int(value or 0)
    finally:
        await engine.dispose()


async def run_soak(cfg: SoakConfig, *, log: Any = None) -> SoakResult:
    say = log or (lambda msg: None)
    pools = load_questions()
    per_user = max(1, cfg.messages // cfg.users)
    citizens = Citizens(cfg, pools)
    webhook = cfg.mode == "webhook"
    api = SoakBotApi(
        faults=fault_plan(cfg.fault_rate, cfg.seed),
        webhook=webhook,
        on_bot_message=citizens.on_bot_message,
        redeliver_rate=cfg.redeliver_rate if webhook else 0.0,
        seed=cfg.seed,
    )
    citizens.api = api
    work = workdir()
    redis: RedisServer | None = None
    pg: Postgres | None = None
    proxy: Proxy | None = None
    bots: list[BotProcess] = []
    stop_sampling = asyncio.Event()
    result: SoakResult | None = None
    try:
        api_url = await api.start()
        if webhook:
            pg = await asyncio.to_thread(Postgres.start)
            database_url = pg.url
            redis = await RedisServer.start(work / "redis")
        else:
            database_url = f"sqlite+aiosqlite:///{work / 'bot.db'}"
        await asyncio.to_thread(migrate, database_url)
        say(f"infrastructure up ({cfg.mode}); starting the bot")
        env = {
            **os.environ,
            "BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api_url,
            "DATABASE_URL": database_url,
            "CONTENT_DIR": str(ROOT / "content"),
            "LOG_LEVEL": "INFO",
            "USER_HASH_SECRET": "soak-secret",
            "TELEGRAM_GLOBAL_RATE": str(cfg.global_rate),
            "PYTHONUNBUFFERED": "1",
        }
        if webhook:
            assert redis is not None
            ports = [free_port() for _ in range(cfg.replicas)]
            proxy = await Proxy.start(ports)
            env.update(
                REDIS_URL=redis.url,
                WEBHOOK_URL=f"http://127.0.0.1:{proxy.port}{WEBHOOK_PATH}",
                WEBHOOK_SECRET="soak-secret-token",
                HOST="127.0.0.1",
            )
            bots = [
                BotProcess(
                    {**env, "PORT": str(port)}, work / f"replica{i + 1}.log", ("--webhook",), f"replica{i + 1}", port
                )
                for i, port in enumerate(ports)
            ]
        else:
            env.pop("REDIS_URL", None)
            env.pop("WEBHOOK_URL", None)
            bots = [BotProcess(env, work / "polling.log", name="polling")]
        await asyncio.gather(*(b.start() for b in bots))
        if webhook:
            await api.wait_until(lambda: api.webhook_url, timeout=60)
            api.start_delivery()
        else:
            await api.wait_until(lambda: api.calls_to("getUpdates"), timeout=60)
        say("bot is up; citizens start asking")

        async def sample() -> None:
            while not stop_sampling.is_set():
                for b in bots:
                    b.sample_rss()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_sampling.wait(), 0.5)

        total = per_user * cfg.users

        kill_rng = random.Random(cfg.seed)

        async def killer() -> None:
            for k in range(cfg.kills):
                at = 0.4 if cfg.kills == 1 else 0.2 + 0.6 * k / (cfg.kills - 1)
                while citizens.replies < at * total:
                    citizens.progress.clear()
                    await citizens.progress.wait()
                # A crash is not timed by our replies: without this pause the kill would always
                # land just after a reply went out (the worst moment), not at a random one.
                await asyncio.sleep(kill_rng.uniform(0.0, 1.0))
                victim = bots[k % len(bots)]
                citizens.kill_times.append(time.monotonic())
                victim.kill()
                say(f"SIGKILL {victim.name} after {citizens.replies} replies; restart in {cfg.down:.0f} s")
                await asyncio.sleep(cfg.down)
                await victim.start()
                say(f"{victim.name} restarted")

        async def progress() -> None:
            last, last_at = 0, time.monotonic()
            while not stop_sampling.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_sampling.wait(), 30)
                now = time.monotonic()
                say(f"{citizens.replies}/{total} answered, {(citizens.replies - last) / (now - last_at):.1f}/s")
                last, last_at = citizens.replies, now

        sampler = asyncio.create_task(sample())
        reporter = asyncio.create_task(progress())
        kill_task = asyncio.create_task(killer()) if cfg.kills > 0 else None
        slots = asyncio.Semaphore(cfg.concurrency)
        started = time.monotonic()
        users = [asyncio.create_task(citizens.citizen(i, slots, per_user)) for i in range(cfg.users)]
        done, pending = await asyncio.wait(users, timeout=cfg.time_limit)
        for task in pending:
            task.cancel()
        if kill_task is not None:
            if not kill_task.done():
                kill_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await kill_task
        say(f"citizens done ({len(done)}/{len(users)}); waiting until nothing is pending")
        # Nothing pending in the database and nothing left to deliver: no reply can still come.
        settle_deadline = time.monotonic() + 90
        while time.monotonic() < settle_deadline:
            if api.in_delivery() == 0 and await _pending_in_db(database_url) == 0:
                break
            await asyncio.sleep(1.0)
        await asyncio.sleep(3.0)  # a last retry in flight
        finished = time.monotonic()
        stop_sampling.set()
        await sampler
        reporter.cancel()
        await api.stop_delivery()
        for b in bots:
            b.terminate()
        result = _result(cfg, api, citizens, bots, total, started, finished)
        result.logs = str(work)
        return result
    finally:
        stop_sampling.set()
        for b in bots:
            b.terminate()
        if proxy is not None:
            proxy.stop()
        if redis is not None:
            redis.stop()
        if pg is not None:
            await asyncio.to_thread(pg.stop)
        await api.stop_delivery()
        await api.stop()
        if result is not None and result.ok:
            shutil.rmtree(work, ignore_errors=True)
            result.logs = ""


def _result(
    cfg: SoakConfig,
    api: SoakBotApi,
    citizens: Citizens,
    bots: list[BotProcess],
    total: int,
    started: float,
    finished: float,
) -> SoakResult:
    events, replayed = _read_logs([b.log_path for b in bots])
    replayed_chats = frozenset(citizens.chat_of_update[u] for u in replayed if u in citizens.chat_of_update)
    questions, lost, duplicates, error_replies, notes, before_kill, chat_replayed, samples = judge_chats(
        api, citizens, replayed_chats
    )
    latencies = [a.replied_at - a.sent_at for a in citizens.asks if a.replied_at is not None]
    replied_times = sorted(a.replied_at for a in citizens.asks if a.replied_at is not None)
    first_sent = min((a.sent_at for a in citizens.asks), default=started)
    span = (replied_times[-1] - first_sent) if replied_times else 0.0
    steady = 0.0
    if len(replied_times) >= 10:
        lo, hi = replied_times[len(replied_times) // 10], replied_times[(len(replied_times) * 9) // 10]
        steady = ((len(replied_times) * 9) // 10 - len(replied_times) // 10) / max(hi - lo, 1e-9)
    sends = [c.at for c in api.calls if c.method.lower() == "sendmessage"]
    faults = Counter(c.fault for c in api.calls if c.fault)
    return SoakResult(
        mode=cfg.mode,
        questions_planned=total,
        questions_sent=questions,
        replies=len(latencies),
        lost=lost,
        duplicates=duplicates,
        duplicate_first_copy_from_kill_s=before_kill,
        duplicate_chat_replayed=chat_replayed,
        duplicate_chats=samples,
        error_replies=error_replies,
        throttle_notes=notes,
        unanswered_when_user_gave_up=sum(1 for a in citizens.asks if a.replied_at is None),
        latency_p50_s=round(_percentile(latencies, 0.50), 3),
        latency_p95_s=round(_percentile(latencies, 0.95), 3),
        latency_p99_s=round(_percentile(latencies, 0.99), 3),
        latency_max_s=round(max(latencies, default=0.0), 3),
        duration_s=round(finished - started, 1),
        replies_per_s=round(len(latencies) / span, 1) if span else 0.0,
        replies_per_s_steady=round(steady, 1),
        send_attempts_max_per_1s=_max_per_window(sends, 1.0),
        send_attempts_max_per_5s=_max_per_window(sends, 5.0),
        send_attempts=len(sends),
        faults_injected=dict(faults),
        webhook_failed_deliveries=api.deliveries_failed,
        webhook_redelivered=api.redelivered,
        peak_rss_mb={b.name: round(b.peak_rss / 2**20, 1) for b in bots},
        db_errors=sum(events[e] for e in DB_ERROR_EVENTS),
        redis_errors=events["redis_error"],
        events=dict(events),
        kills=sum(b.kills for b in bots),
        replicas=len(bots),
        global_rate=cfg.global_rate,
        config={k: v for k, v in asdict(cfg).items()},
        after_kill_waits_s=after_kill_waits(citizens.asks, citizens.kill_times),
    )


def after_kill_waits(asks: list[Ask], kill_times: list[float]) -> list[float]:
    """For each question unanswered at a kill, the seconds from that kill to its reply."""
    waits = []
    for kill in kill_times:
        waits += [a.replied_at - kill for a in asks if a.sent_at <= kill and a.replied_at is not None and a.replied_at > kill]
    return sorted(round(w, 3) for w in waits)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gb = 0.0
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = int(line.split()[1]) / 2**20
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_gb, 1), "python": platform.python_version()}


def render(result: SoakResult) -> str:
    r = result
    verdict = "PASS" if r.ok else "FAIL"
    lines = [
        f"soak [{r.mode}] {verdict}: {r.questions_sent}/{r.questions_planned} questions, "
        f"{r.replicas} process(es), {r.kills} SIGKILL, global rate {r.global_rate:g}/s",
        f"  lost replies          {r.lost}",
        f"  duplicate replies     {r.duplicates}"
        + (
            f"   ({r.duplicates_unexplained} not explained by a SIGKILL; first copy stored "
            f"{r.duplicate_first_copy_from_kill_s} s from the nearest one; chat had a replayed "
            f"update: {r.duplicate_chat_replayed})"
            if r.duplicates
            else ""
        ),
        f"  error replies         {r.error_replies}   (throttle notes: {r.throttle_notes})",
        f"  latency p50/p95/p99   {r.latency_p50_s:.2f} / {r.latency_p95_s:.2f} / {r.latency_p99_s:.2f} s"
        f"   (max {r.latency_max_s:.1f} s)",
        f"  after a SIGKILL       {len(r.after_kill_waits_s)} questions were waiting; answered within "
        f"{r.after_kill_max_s:.1f} s of the kill (p50 {_percentile(r.after_kill_waits_s, 0.5):.1f} s)",
        f"  replies/s             {r.replies_per_s:.1f} overall, {r.replies_per_s_steady:.1f} steady (10th-90th pct)",
        f"  sendMessage attempts  {r.send_attempts}, at most {r.send_attempts_max_per_1s} in any 1 s, "
        f"{r.send_attempts_max_per_5s / 5:.1f}/s in the busiest 5 s",
        f"  faults injected       {sum(r.faults_injected.values())} {dict(sorted(r.faults_injected.items()))}",
        f"  webhook               {r.webhook_failed_deliveries} failed deliveries re-sent, "
        f"{r.webhook_redelivered} acknowledged updates re-sent",
        f"  peak RSS (MB)         {r.peak_rss_mb}",
        f"  DB errors             {r.db_errors}   Redis errors {r.redis_errors}",
        f"  events                {dict(sorted(r.events.items()))}",
        f"  wall time             {r.duration_s:.0f} s",
    ]
    lines.extend(f"  {sample}" for sample in r.duplicate_chats[:5])
    if r.logs:
        lines.append(f"  logs kept in          {r.logs}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> tuple[SoakConfig, Path | None]:
    p = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    p.add_argument("--mode", choices=("webhook", "polling"), default="webhook")
    p.add_argument("--users", type=int, default=2000)
    p.add_argument("--messages", type=int, default=10_000)
    p.add_argument("--concurrency", type=int, default=80, help="citizens in a conversation at once")
    p.add_argument("--replicas", type=int, default=2, help="webhook mode")
    p.add_argument("--fault-rate", type=float, default=0.05)
    p.add_argument("--redeliver-rate", type=float, default=0.02)
    p.add_argument("--kills", type=int, default=1, help="SIGKILL + restart this many times (0 = none)")
    p.add_argument("--down", type=float, default=2.0, help="seconds between SIGKILL and restart")
    p.add_argument("--rate", type=float, default=30.0, help="TELEGRAM_GLOBAL_RATE for the bot")
    p.add_argument("--time-limit", type=float, default=1500.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", type=Path, default=None, help="also write the result as JSON here")
    a = p.parse_args(argv)
    cfg = SoakConfig(
        mode=a.mode,
        users=a.users,
        messages=a.messages,
        concurrency=a.concurrency,
        replicas=a.replicas,
        fault_rate=a.fault_rate,
        redeliver_rate=a.redeliver_rate,
        kills=a.kills,
        down=a.down,
        global_rate=a.rate,
        time_limit=a.time_limit,
        seed=a.seed,
    )
    return cfg, a.json


def main(argv: list[str] | None = None) -> int:
    cfg, json_path = parse_args(argv)

    def say(msg: str) -> None:
        print(f"[{datetime.now(UTC):%H:%M:%S}] {msg}", file=sys.stderr, flush=True)

    result = asyncio.run(run_soak(cfg, log=say))
    print(render(result))
    if json_path is not None:
        payload = {
            "result": {**asdict(result), "duplicates_unexplained": result.duplicates_unexplained},
            "machine": machine(),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": "python -m bench.soak " + " ".join(sys.argv[1:] if argv is None else argv),
        }
        json_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
