"""Command line: ``python -m bot ...`` (also the ``lawbot`` script). See ../shared/interface.md."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.channels.telegram.lazy_schemas import defer_aiogram_schemas
from bot.config import Settings, SettingsError, load_settings
from bot.memory import fix_malloc_threshold

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bot",
        description="Rights-and-entitlements bot for Kazakhstan (kk/ru/en).",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="the Telegram bot (long polling; --webhook for webhook mode)")
    run.add_argument("--webhook", action="store_true", help="serve a webhook at WEBHOOK_URL's path")

    sb = sub.add_parser("sandbox", help="local web chat that drives the real bot (default 127.0.0.1:8080)")
    sb.add_argument("--host", default="127.0.0.1")
    sb.add_argument("--port", type=int, default=8080)

    ask = sub.add_parser("ask", help="answer one question, or one per stdin line")
    ask.add_argument("--json", action="store_true", help="one JSON object per line (see interface.md)")
    ask.add_argument("--lang", choices=["kk", "ru", "en"], help="the user's chosen language")
    ask.add_argument("question", nargs="*", help="the question; read stdin lines when absent")

    sub.add_parser("chat", help="interactive terminal chat with the same engine")

    content = sub.add_parser("content", help="validate, export and import the curated entries")
    csub = content.add_subparsers(dest="content_command", required=True, metavar="ACTION")
    csub.add_parser("validate", help="check every entry; exit 1 with file:line errors")
    exp = csub.add_parser("export", help="print all entries as JSON (--json) or CSV (--csv)")
    fmt = exp.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--csv", action="store_true")
    imp = csub.add_parser("import", help="import entries edited in a spreadsheet (CSV); validates first")
    imp.add_argument("file", type=Path)
    dr = csub.add_parser("draft", help="a draft entry from a cluster of unanswered questions (never served)")
    dr.add_argument("cluster", help="its number in `stats` (1 = the biggest) or its topic (~traffic-fines)")
    dr.add_argument("--days", type=int, default=30, help="the window the clusters are computed over")
    csub.add_parser("stamp", help="record translation hashes for entries that have none")
    cov = csub.add_parser("coverage", help="citizen and figure paragraphs of the report no entry cites")
    cov.add_argument("--json", action="store_true")
    cov.add_argument(
        "--report",
        type=Path,
        help="the report's text (e.g. ../shared/reference/kazakhstan-icescr-third-periodic-report.txt): "
        "also list each cited paragraph's numbers that no entry citing it states",
    )

    db = sub.add_parser("db", help="database schema")
    dsub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    dsub.add_parser("upgrade", help="run Alembic migrations to head")

    st = sub.add_parser("stats", help="analytics on common and unanswered questions")
    st.add_argument("--days", type=int, default=30)
    st.add_argument("--html", type=Path, help="write a self-contained HTML report with charts")
    st.add_argument("--csv", type=Path, help="write the aggregates as CSV (UTF-8 with a BOM, for Excel)")
    st.add_argument("--lang", choices=["kk", "ru", "en"], help="the report's language (default: REPORT_LANG)")
    return p


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    fix_malloc_threshold()
    defer_aiogram_schemas()
    from bot.app import run_bot

    return run_bot(settings, webhook=args.webhook)


def _cmd_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    fix_malloc_threshold()
    defer_aiogram_schemas()
    from bot.reports import run_sandbox

    return run_sandbox(settings, host=args.host, port=args.port)


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli_ask import run_ask

    question = " ".join(args.question) if args.question else None
    return run_ask(settings, question=question, as_json=args.json, lang=args.lang)


def _cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli_ask import run_chat

    return run_chat(settings)


def _cmd_content(args: argparse.Namespace, settings: Settings) -> int:
    import bot.content.cli as cli_content

    action = args.content_command
    if action == "validate":
        return cli_content.validate(settings.content_dir)
    if action == "export":
        return cli_content.export(settings.content_dir, as_csv=args.csv)
    if action == "import":
        return cli_content.import_csv(settings.content_dir, args.file)
    if action == "draft":
        from bot.reports import run_draft

        return run_draft(settings, args.cluster, args.days)
    if action == "coverage":
        return cli_content.coverage(settings.content_dir, as_json=args.json, report_path=args.report)
    return cli_content.stamp(settings.content_dir)


def _cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.migrate import upgrade

    return upgrade(settings)


def _cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from bot.reports import run_stats

    return run_stats(settings, days=args.days, html=args.html, csv=args.csv, lang=args.lang)


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "run": _cmd_run,
    "sandbox": _cmd_sandbox,
    "ask": _cmd_ask,
    "chat": _cmd_chat,
    "content": _cmd_content,
    "db": _cmd_db,
    "stats": _cmd_stats,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from bot.logging import configure_logging

    configure_logging(settings.log_level)
    try:
        return COMMANDS[args.command](args, settings)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
