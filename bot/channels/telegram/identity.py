"""Pseudonyms for what the Telegram side stores (a wrapper over bot/core/privacy.py)."""

from __future__ import annotations

from bot.core.privacy import user_hash


def hash_user(secret: str, telegram_user_id: int) -> str:
    return user_hash(secret, telegram_user_id)

