"""`python -m bot ask`: one JSON line per question, in order, never crashing on odd input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from bot.cli_ask import run_ask
from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"question", "lang", "entry_id", "score", "text", "suggestions"}


def _settings() -> Settings:
    return Settings(CONTENT_DIR=ROOT / "content")  # type: ignore[call-arg]


def test_many_stdin_lines_give_one_json_object_each_in_order() -> None:
    questions = ["пенсионный возраст", "", "?", "🙂", "x" * 5000, "who wrote hamlet", "\x00\x1b[31m", "zeinetaky"]
    out = io.StringIO()
    code = run_ask(_settings(), question=None, as_json=True, lang=None,
                   stdin=io.StringIO("".join(q + "\n" for q in questions)), stdout=out)
    assert code == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    assert [r["question"] for r in rows] == questions
    for r in rows:
        assert set(r) >= KEYS
        assert r["lang"] in ("kk", "ru", "en")
        assert r["text"]
        assert isinstance(r["score"], float)
    assert rows[0]["entry_id"] is not None
    assert rows[5]["entry_id"] is None


def test_lang_option_sets_the_language_for_messages_without_signal() -> None:
    out = io.StringIO()
    run_ask(_settings(), question="1414", as_json=True, lang="kk", stdout=out)
    assert json.loads(out.getvalue())["lang"] == "kk"


def test_plain_output_is_the_reply_text() -> None:
    out = io.StringIO()
    run_ask(_settings(), question="what is the weather in paris", as_json=False, lang=None, stdout=out)
    assert "1414" in out.getvalue()


def test_module_entry_point_answers_from_stdin() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input="пенсионный возраст\nwhat is the capital of peru\n",
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=True,
    )
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 2
    assert rows[1]["entry_id"] is None


def test_chat_answers_commands_in_the_conversations_language() -> None:
    from bot.cli_ask import run_chat
    from bot.core.i18n import gettext
    from bot.core.lang import Lang

    out = io.StringIO()
    stdin = io.StringIO("Какой пенсионный возраст?\n/help\n/lang kk\n/help\n/quit\n")
    assert run_chat(_settings(), stdin=stdin, stdout=out) == 0
    text = out.getvalue()
    assert gettext("cli.chat_help", Lang.RU) in text and gettext("cli.chat_help", Lang.KK) in text
    assert gettext("cli.chat_help", Lang.EN) not in text


def test_stats_prints_no_library_info_lines(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "bot", "stats"], env=env, capture_output=True, text=True, check=True)
    assert "INFO" not in done.stderr and "alembic" not in done.stderr, done.stderr
    upgrade = subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], env=env, capture_output=True, text=True)
    assert "INFO" not in upgrade.stderr
