"""Telegram's HTML parse mode, as the Bot API checks it: well-formed, allowed tags, known entities.

``parse_html`` returns the plain text a user sees plus the message entities (UTF-16 offsets, as
Telegram counts), or raises ``HtmlError`` with Telegram's wording ("Unsupported start tag ...").

One deliberate strictness: a bare ``&`` that does not start an entity is an error here, while
Telegram keeps it as text. Every string the bot sends must be escaped, and this catches the
places that forgot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ALLOWED_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
    "span": "spoiler",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>")
_ATTR_RE = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));")


class HtmlError(ValueError):
    """The text is not valid Telegram HTML; ``str()`` is Telegram's description."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Parsed:
    text: str
    entities: list[dict[str, object]] = field(default_factory=list)


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def parse_html(source: str) -> Parsed:
    out: list[str] = []
    out_len = 0  # UTF-16 units written so far
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, object]] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "<":
            m = _TAG_RE.match(source, i)
            if m is None:
                raise HtmlError(
                    f"Can't parse entities: unclosed start tag at byte offset {_byte_offset(source, i)}"
                )
            closing, name, attrs_text = m.group(1) == "/", m.group(2).lower(), m.group(3)
            if name not in ALLOWED_TAGS:
                kind = "end" if closing else "start"
                raise HtmlError(
                    f'Can\'t parse entities: unsupported {kind} tag "{name}" at byte offset '
                    f"{_byte_offset(source, i)}"
                )
            if closing:
                if not stack or stack[-1][0] != name:
                    raise HtmlError(
                        f'Can\'t parse entities: unexpected end tag "{name}" at byte offset '
                        f"{_byte_offset(source, i)}"
                    )
                open_name, start, attrs = stack.pop()
                length = out_len - start
                if length > 0:
                    entity: dict[str, object] = {"type": ALLOWED_TAGS[open_name], "offset": start, "length": length}
                    if open_name == "a":
                        entity["url"] = attrs.get("href", "")
                    entities.append(entity)
            else:
                attrs = {
                    a.group(1).lower(): (a.group(2) or "").strip("\"'") for a in _ATTR_RE.finditer(attrs_text)
                }
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    raise HtmlError(
                        "Can't parse entities: tag \"span\" must have class \"tg-spoiler\" at byte offset "
                        f"{_byte_offset(source, i)}"
                    )
                if name == "a" and not attrs.get("href"):
                    raise HtmlError(
                        f"Can't parse entities: tag \"a\" needs href at byte offset {_byte_offset(source, i)}"
                    )
                stack.append((name, out_len, attrs))
            i = m.end()
            continue
        if ch == "&":
            m = _ENTITY_RE.match(source, i)
            if m is None or (m.group(3) is not None and m.group(3) not in NAMED_ENTITIES):
                raise HtmlError(
                    f"Can't parse entities: bare '&' or unknown entity at byte offset {_byte_offset(source, i)}"
                )
            if m.group(1) is not None:
                decoded = chr(int(m.group(1)))
            elif m.group(2) is not None:
                decoded = chr(int(m.group(2), 16))
            else:
                decoded = NAMED_ENTITIES[m.group(3)]
            out.append(decoded)
            out_len += utf16_len(decoded)
            i = m.end()
            continue
        if ch == ">":
            # Telegram tolerates a bare '>', but escaped content never has one.
            raise HtmlError(f"Can't parse entities: bare '>' at byte offset {_byte_offset(source, i)}")
        out.append(ch)
        out_len += utf16_len(ch)
        i += 1
    if stack:
        raise HtmlError(f'Can\'t parse entities: can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -int(str(e["length"]))))
    return Parsed("".join(out), entities)
