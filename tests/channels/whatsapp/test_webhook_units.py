"""Signature, payload parsing and claim keys of the WhatsApp webhook."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.whatsapp.inbound import InboundKind, PayloadError, claim_id, parse
from bot.channels.whatsapp.signature import sign, verify
from testkit import graphapi

SECRET = "app-secret"


def test_a_body_signed_with_the_app_secret_is_accepted() -> None:
    body = b'{"object":"whatsapp_business_account"}'
    assert verify(SECRET, body, graphapi.signature(SECRET, body))


@pytest.mark.parametrize(
    "header",
    [None, "", "sha256=", "sha1=abc", "sha256=" + "0" * 64, sign("other-secret", b"{}"), sign(SECRET, b"{} ")],
)
def test_missing_or_wrong_signatures_are_refused(header: str | None) -> None:
    assert not verify(SECRET, b"{}", header)


@given(st.binary(max_size=200), st.binary(max_size=200))
def test_a_signature_matches_only_its_own_body(a: bytes, b: bytes) -> None:
    assert verify(SECRET, a, sign(SECRET, a))
    assert verify(SECRET, b, sign(SECRET, a)) == (a == b)


def test_text_button_list_and_media_messages_are_parsed_statuses_ignored() -> None:
    data = graphapi.payload(
        messages=[
            graphapi.text_message("77011234567", "Пенсия?", mid="m1"),
            graphapi.button_reply("77011234567", "up|ru|x", mid="m2"),
            graphapi.list_reply("77011234567", "topic|kk|pensions", mid="m3"),
            graphapi.image_message("77011234567", mid="m4"),
        ],
        statuses=[graphapi.status("77011234567", "read")],
    )
    out = parse(json.loads(json.dumps(data)))
    assert [(m.message_id, m.kind) for m in out] == [
        ("m1", InboundKind.TEXT), ("m2", InboundKind.CHOICE), ("m3", InboundKind.CHOICE), ("m4", InboundKind.OTHER)
    ]
    assert out[0].text == "Пенсия?" and out[1].choice_id == "up|ru|x" and out[2].choice_id == "topic|kk|pensions"
    assert parse(graphapi.payload(statuses=[graphapi.status("1", "sent")])) == []


@pytest.mark.parametrize("data", [[], "x", {"object": "page"}, {"entry": "x"}])
def test_what_is_not_a_webhook_payload_is_an_error(data: object) -> None:
    with pytest.raises(PayloadError):
        parse(data)


def test_messages_without_id_or_sender_are_skipped() -> None:
    data = graphapi.payload(messages=[{"type": "text", "text": {"body": "x"}}])
    assert parse(data) == []


@given(st.text(min_size=1, max_size=80))
def test_claim_keys_are_negative_and_stable(message_id: str) -> None:
    key = claim_id(message_id)
    assert -(2**63) <= key < 0 and key == claim_id(message_id)
