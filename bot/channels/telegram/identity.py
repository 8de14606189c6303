"""Pseudonyms and redaction for what the Telegram side stores (wrappers over bot/core)."""

from __future__ import annotations

from bot.core.privacy import user_hash
from bot.core.redact import redact


def hash_user(secret: str, telegram_user_id: int) -> str:
    return user_hash(secret, telegram_user_id)


def redact_text(text: str) -> str:
    return redact(text)
