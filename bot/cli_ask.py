"""`ask` and `chat`: the answering engine on the command line (same core as Telegram)."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from bot.config import Settings
from bot.content import ContentError
from bot.core.i18n import gettext
from bot.core.lang import Lang, parse_lang
from bot.core.reply import Reply
from bot.core.service import AnswerService


def reply_json(question: str, reply: Reply) -> str:
    return json.dumps(
        {
            "question": question,
            "lang": reply.lang.value,
            "entry_id": reply.entry_id,
            "score": round(reply.confidence, 4),
            "text": reply.text,
            "suggestions": [{"entry_id": s.entry_id, "title": s.title} for s in reply.suggestions],
        },
        ensure_ascii=False,
    )


def _build(settings: Settings):  # type: ignore[no-untyped-def]
    from bot.app import build_service

    try:
        return build_service(settings)
    except ContentError as exc:
        print(f"content error:\n{exc}", file=sys.stderr)
        return None


def run_ask(
    settings: Settings,
    *,
    question: str | None,
    as_json: bool,
    lang: str | None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    service = _build(settings)
    if service is None:
        return 1
    user_lang: Lang | None = parse_lang(lang)
    out = stdout or sys.stdout
    lines = [question] if question is not None else (line.rstrip("\n") for line in (stdin or sys.stdin))
    for line in lines:
        reply = service.answer(line, user_lang=user_lang)
        out.write((reply_json(line, reply) if as_json else reply.text + "\n") + "\n")
        out.flush()
    return 0


def chat_command(service: AnswerService, command: str, lang: Lang) -> str | None:
    """A chat command answered in the conversation's language; None for an unknown one."""
    name = command.split()[0].split("@")[0].lower()
    if name in ("/help", "/start"):
        return gettext("cli.chat_help", lang)
    if name == "/helplines":
        return service.helplines_reply(lang).text
    if name == "/topics":
        return "\n".join(f"  {title}" for _, title in service.topics(lang))
    return None


def run_chat(settings: Settings, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    service = _build(settings)
    if service is None:
        return 1
    inp, out = stdin or sys.stdin, stdout or sys.stdout
    user_lang: Lang | None = None  # chosen with /lang
    talk_lang: Lang | None = None  # the language of the conversation so far
    out.write("Ask a question in Kazakh, Russian or English (/lang kk|ru|en, /quit). Ctrl-D to exit.\n")
    while True:
        out.write("> ")
        out.flush()
        line = inp.readline()
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit"):
            break
        if text.startswith("/lang"):
            user_lang = parse_lang(text.removeprefix("/lang").strip()) or user_lang
            out.write(f"language: {user_lang.value if user_lang else 'auto'}\n")
            continue
        if text.startswith("/"):
            # A command has no language of its own: it is answered in the conversation's.
            answer = chat_command(service, text, user_lang or talk_lang or Lang.EN)
            if answer is not None:
                out.write(answer + "\n\n")
                continue
        reply = service.answer(text, user_lang=user_lang or talk_lang)
        talk_lang = reply.lang
        out.write(reply.text + "\n")
        for i, s in enumerate(reply.suggestions, 1):
            out.write(f"  [{i}] {s.title}\n")
        out.write("\n")
    return 0
