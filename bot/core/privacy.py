"""Pseudonyms for Telegram users: a keyed hash, so the database never holds a raw id."""

from __future__ import annotations

import hashlib
import hmac

USER_HASH_LEN = 32


def user_hash(secret: str, telegram_user_id: int) -> str:
    """HMAC-SHA256 of the id under ``secret`` (USER_HASH_SECRET), hex, first 32 chars (128 bits).

    Keyed, so someone who copies the database cannot hash all possible ids to find a person;
    stable for one secret, so a user's language and /forget work across sessions.
    """
    if not secret:
        raise ValueError("user_hash needs a non-empty secret")
    digest = hmac.new(secret.encode("utf-8"), str(int(telegram_user_id)).encode("ascii"), hashlib.sha256)
    return digest.hexdigest()[:USER_HASH_LEN]
