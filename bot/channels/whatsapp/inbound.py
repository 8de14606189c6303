"""What a WhatsApp webhook payload holds: messages to answer; statuses and the rest are ignored.

Meta posts ``{"object": "whatsapp_business_account", "entry": [{"changes": [{"field":
"messages", "value": {"messages": [...], "statuses": [...], ...}}]}]}``. A text message, a reply
button or a list row becomes an ``Inbound``; images, audio, stickers, locations ... become one of
kind ``other`` (the citizen is asked to type); sent/delivered/read statuses become nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class InboundKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"  # a reply button or a list row: ``choice_id`` is the id we gave it
    OTHER = "other"  # media, location, contacts ...: not something we can answer


@dataclass(frozen=True, slots=True)
class Inbound:
    message_id: str
    wa_id: str  # the sender's WhatsApp id (a phone number): never logged, never stored
    kind: InboundKind
    timestamp: float
    text: str = ""
    choice_id: str = ""


class PayloadError(ValueError):
    """The body is not a WhatsApp webhook payload."""


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _message(raw: dict[str, Any]) -> Inbound | None:
    message_id, sender = raw.get("id"), raw.get("from")
    if not isinstance(message_id, str) or not isinstance(sender, str) or not message_id or not sender:
        return None
    try:
        timestamp = float(raw.get("timestamp") or 0)
    except (TypeError, ValueError):
        timestamp = 0.0
    kind = raw.get("type")
    if kind == "text":
        body = (raw.get("text") or {}).get("body")
        if isinstance(body, str):
            return Inbound(message_id, sender, InboundKind.TEXT, timestamp, text=body)
    elif kind == "interactive":
        interactive = raw.get("interactive") or {}
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        if isinstance(reply, dict) and isinstance(reply.get("id"), str):
            return Inbound(message_id, sender, InboundKind.CHOICE, timestamp, choice_id=reply["id"])
    elif kind == "button":  # a quick-reply button of a template message: its text is the answer
        payload = (raw.get("button") or {}).get("text")
        if isinstance(payload, str):
            return Inbound(message_id, sender, InboundKind.TEXT, timestamp, text=payload)
    return Inbound(message_id, sender, InboundKind.OTHER, timestamp)


def parse(payload: Any) -> list[Inbound]:
    """The messages of a webhook payload, in order; statuses are left out."""
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise PayloadError("not a WhatsApp webhook payload")
    out: list[Inbound] = []
    for entry in _dicts(payload["entry"]):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            for raw in _dicts(value.get("messages")):
                message = _message(raw)
                if message is not None:
                    out.append(message)
    return out


def claim_id(message_id: str) -> int:
    """The store's claim key for a WhatsApp message id: negative, so it never meets a Telegram
    update id (positive) in the same table; 63 bits of SHA-256 make collisions negligible."""
    digest = hashlib.sha256(b"whatsapp:" + message_id.encode("utf-8")).digest()
    return -(int.from_bytes(digest[:8], "big") >> 1) - 1


def to_claim(message: Inbound, received: float) -> str:
    """What a restart needs to answer the message, for the claim's payload (deleted with the
    claim's finish, like a Telegram update's). ``received`` stands in for a missing timestamp."""
    return json.dumps(
        {
            "id": message.message_id,
            "from": message.wa_id,
            "type": message.kind.value,
            "text": message.text,
            "choice": message.choice_id,
            "ts": message.timestamp or received,
        },
        ensure_ascii=False,
    )


def from_claim(payload: str) -> Inbound:
    """The message a claim's payload holds; PayloadError if it holds none (e.g. a claim made
    before payloads were kept: ``{}``)."""
    try:
        data = json.loads(payload)
        message = Inbound(
            message_id=data["id"],
            wa_id=data["from"],
            kind=InboundKind(data["type"]),
            timestamp=float(data["ts"]),
            text=data.get("text") or "",
            choice_id=data.get("choice") or "",
        )
    except (ValueError, TypeError, KeyError) as exc:
        raise PayloadError("not a WhatsApp claim payload") from exc
    if not all(isinstance(v, str) and v for v in (message.message_id, message.wa_id)):
        raise PayloadError("not a WhatsApp claim payload")
    if not isinstance(message.text, str) or not isinstance(message.choice_id, str):
        raise PayloadError("not a WhatsApp claim payload")
    return message
