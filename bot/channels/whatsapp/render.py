"""Replies and choices as WhatsApp Cloud API messages, within Meta's limits.

Text: ``*bold*`` titles, ``_italic_`` source and date lines (WhatsApp's markup works line by
line, so each line is wrapped on its own), no HTML, parts of at most 4096 characters split on
paragraphs, then lines, sentences, words. Choices: at most 3 reply buttons when every title fits
in 20 characters, else a list (at most 10 rows; titles 24, descriptions 72, the list button and
section title 20 and 24), paged with a "more" row when there are more choices. An interactive
body holds at most 1024 characters, so a longer answer goes as text first and the choices follow
as a short interactive message. Lengths are counted in UTF-16 units: never less than what Meta
counts, and a Cyrillic letter is one unit like a Latin one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from bot.channels.whatsapp.texts import wa
from bot.core.choices import Choice, ChoiceKind
from bot.core.lang import Lang, parse_lang
from bot.core.reply import BlockStyle, Reply
from bot.core.textsplit import cut, pack, utf16_len

TEXT_LIMIT = 4096
BODY_LIMIT = 1024
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
ID_MAX = 200  # list rows allow 200 (reply buttons 256): one bound for both
ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
SECTION_TITLE_MAX = 24
LIST_BUTTON_MAX = 20
ELLIPSIS = "…"
SEPARATOR = "\n\n"
_MARKS = {BlockStyle.TITLE: "*", BlockStyle.PLAIN: "", BlockStyle.NOTE: "_"}

Message = dict[str, Any]  # one Graph API message body without "messaging_product" and "to"


units = utf16_len  # lengths in UTF-16 code units (bot/core/textsplit.py)


def truncate(value: str, limit: int) -> str:
    """``value`` on one line, cut to ``limit`` units with an ellipsis, never inside a character
    with its combining marks or a joined emoji sequence."""
    value = " ".join(value.split())
    if units(value) <= limit:
        return value
    cut = min(len(value), limit)
    while cut > 0 and units(value[:cut]) > limit - 1:
        cut -= 1
    # Do not leave a base letter without its marks, or half of a ZWJ / variation sequence.
    while cut > 0 and (
        unicodedata.combining(value[cut]) or value[cut] in "\u200d\ufe0f" or value[cut - 1] == "\u200d"
    ):
        cut -= 1
    return value[:cut].rstrip() + ELLIPSIS


# --- text ------------------------------------------------------------------------------------


def _wrap(paragraph: str, mark: str) -> str:
    return "\n".join(f"{mark}{line.strip()}{mark}" if line.strip() else "" for line in paragraph.splitlines())


def reply_paragraphs(reply: Reply) -> list[str]:
    """The reply's blocks in the core's reading order, with WhatsApp's markup."""
    return [_wrap(paragraph, _MARKS[style]) if _MARKS[style] else paragraph for paragraph, style in reply.styled_blocks]


def split_text(paragraphs: Sequence[str], limit: int = TEXT_LIMIT) -> list[str]:
    """Paragraphs packed into messages of at most ``limit`` units."""
    pieces = [p.strip() for paragraph in paragraphs for p in re.split(r"\n\s*\n", paragraph) if p.strip()]
    return [part for part in pack(pieces, SEPARATOR, limit) if part.strip()]


def text_message(body: str) -> Message:
    return {"type": "text", "text": {"body": body, "preview_url": False}}


# --- choices ---------------------------------------------------------------------------------

_FIXED_LABELS = {
    ChoiceKind.FEEDBACK_UP: "useful",
    ChoiceKind.FEEDBACK_DOWN: "not_useful",
    ChoiceKind.TSA_CHECK: "tsa_check",
    ChoiceKind.MENU: "back_topics",
    ChoiceKind.HELPLINES: "helplines",
    ChoiceKind.TSA_CANCEL: "cancel",
    ChoiceKind.FORGET_YES: "forget_yes",
    ChoiceKind.FORGET_NO: "forget_no",
    ChoiceKind.MORE: "more",
}


def choice_label(choice: Choice, lang: Lang) -> str:
    if choice.label:
        return choice.label
    if choice.kind is ChoiceKind.TOPICS:
        return wa("topics" if choice.value == "start" else "back_topics", lang)
    key = _FIXED_LABELS.get(choice.kind)
    return wa(key, lang) if key else choice.value


def choice_id(choice: Choice, lang: Lang) -> str:
    """``kind|lang|value``: what a button or row reply brings back (at most 256 characters)."""
    return f"{choice.kind.value}|{lang.value}|{choice.value}"[:ID_MAX]


def parse_choice_id(value: str) -> tuple[Choice, Lang] | None:
    parts = value.split("|", 2)
    if len(parts) != 3:
        return None
    kind, code, rest = parts
    lang = parse_lang(code)
    if lang is None or kind not in ChoiceKind.__members__.values():
        return None
    return Choice(ChoiceKind(kind), rest), lang


def supported(choice: Choice) -> bool:
    """A choice this channel can label and act on: content with a title, or a fixed action it
    knows. A kind added to the core later is left out here until WhatsApp learns it."""
    if choice.kind is ChoiceKind.ENTRY or choice.kind is ChoiceKind.TOPIC:
        return bool(choice.label and choice.label.strip())
    return choice.kind is ChoiceKind.TOPICS or choice.kind in _FIXED_LABELS


def page(choices: Sequence[Choice], page_key: str | None, offset: int = 0) -> list[Choice]:
    """At most ``ROWS_MAX`` choices from ``offset``; the last row is "more" when some are left
    (and the list can be paged: ``page_key`` names it so the next page can be rebuilt)."""
    rest = [c for c in choices if supported(c)][offset:]
    if len(rest) <= ROWS_MAX:
        return rest
    if page_key is None:
        return rest[:ROWS_MAX]
    shown = rest[: ROWS_MAX - 1]
    return [*shown, Choice(ChoiceKind.MORE, f"{page_key}@{offset + len(shown)}")]


def _unique(choices: Sequence[Choice], lang: Lang) -> list[tuple[str, Choice]]:
    seen: set[str] = set()
    out = []
    for choice in choices:
        cid = choice_id(choice, lang)
        if cid not in seen:
            seen.add(cid)
            out.append((cid, choice))
    return out


def interactive(
    body: str, choices: Sequence[Choice], lang: Lang, *, page_key: str | None = None, offset: int = 0
) -> Message | None:
    """Reply buttons when at most 3 choices all fit their 20-character titles, else a list."""
    shown = _unique(page(choices, page_key, offset), lang)
    if not shown:
        return None
    body = truncate_body(body)
    labels = [choice_label(c, lang) for _, c in shown]
    # Buttons need distinct titles that fit whole; anything else reads better as a list.
    titles = [" ".join(label.split()) for label in labels]
    fits = all(0 < units(t) <= BUTTON_TITLE_MAX for t in titles) and len(set(titles)) == len(titles)
    if len(shown) <= BUTTONS_MAX and fits:
        buttons = [
            {"type": "reply", "reply": {"id": cid, "title": truncate(label, BUTTON_TITLE_MAX)}}
            for (cid, _), label in zip(shown, labels, strict=True)
        ]
        return {"type": "interactive", "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}}}
    rows = []
    for (cid, _), label in zip(shown, labels, strict=True):
        row: dict[str, str] = {"id": cid, "title": truncate(label, ROW_TITLE_MAX)}
        if units(" ".join(label.split())) > ROW_TITLE_MAX:  # the full title, as far as it fits
            row["description"] = truncate(label, ROW_DESCRIPTION_MAX)
        rows.append(row)
    section = {"title": truncate(wa("section", lang), SECTION_TITLE_MAX), "rows": rows}
    action = {"button": truncate(wa("list_button", lang), LIST_BUTTON_MAX), "sections": [section]}
    return {"type": "interactive", "interactive": {"type": "list", "body": {"text": body}, "action": action}}


def truncate_body(body: str) -> str:
    body = body.strip() or ELLIPSIS
    if units(body) <= BODY_LIMIT:
        return body
    return cut(body, BODY_LIMIT - 1)[0].rstrip() + ELLIPSIS


def messages(
    paragraphs: Sequence[str],
    choices: Sequence[Choice],
    lang: Lang,
    *,
    page_key: str | None = None,
    offset: int = 0,
) -> list[Message]:
    """Text and choices: one interactive message when the text fits its body, else the text
    parts and then the choices under a short question."""
    parts = split_text(paragraphs) or [ELLIPSIS]
    if not choices:
        return [text_message(p) for p in parts]
    if len(parts) == 1 and units(parts[0]) <= BODY_LIMIT:
        single = interactive(parts[0], choices, lang, page_key=page_key, offset=offset)
        return [single] if single else [text_message(parts[0])]
    tail = interactive(wa("next", lang), choices, lang, page_key=page_key, offset=offset)
    return [text_message(p) for p in parts] + ([tail] if tail else [])


def render_reply(reply: Reply) -> list[Message]:
    return messages(reply_paragraphs(reply), reply.choices, reply.lang)
