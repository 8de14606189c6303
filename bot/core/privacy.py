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


def channel_user_hash(secret: str, channel: str, user_id: str) -> str:
    """The pseudonym of a user of another channel (WhatsApp): HMAC-SHA256 of ``channel:id``.

    The channel is part of the message so the same digits on two channels never share data;
    Telegram keeps ``user_hash`` (its pseudonyms, and so its users' stored data, stay valid).
    """
    if not secret:
        raise ValueError("channel_user_hash needs a non-empty secret")
    message = f"{channel}:{user_id.strip()}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()[:USER_HASH_LEN]
