from __future__ import annotations

import pytest

from bot.core.privacy import user_hash


def test_user_hash_is_stable_hex_of_32_chars() -> None:
    h = user_hash("secret", 123456789)
    assert h == user_hash("secret", 123456789)
    assert len(h) == 32 and int(h, 16) >= 0


def test_user_hash_never_contains_the_raw_id() -> None:
    assert "123456789" not in user_hash("secret", 123456789)


def test_user_hash_depends_on_the_secret_and_the_id() -> None:
    assert user_hash("secret-a", 42) != user_hash("secret-b", 42)
    assert user_hash("secret-a", 42) != user_hash("secret-a", 43)


def test_user_hash_is_hmac_sha256() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"777", hashlib.sha256).hexdigest()[:32]
    assert user_hash("k", 777) == expected


def test_user_hash_refuses_an_empty_secret() -> None:
    with pytest.raises(ValueError):
        user_hash("", 1)
