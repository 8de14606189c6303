"""Telegram's HTML parse mode as the stand-in checks it."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.devapi.html import HtmlError, parse_html, utf16_len


def test_allowed_tags_become_entities_with_utf16_offsets() -> None:
    parsed = parse_html("😀 <b>Жирный</b> <i>i</i> <a href=\"https://egov.kz\">egov</a>")
    assert parsed.text == "😀 Жирный i egov"
    assert parsed.entities[0] == {"type": "bold", "offset": 3, "length": 6}
    assert {"type": "text_link", "offset": 12, "length": 4, "url": "https://egov.kz"} in parsed.entities


def test_entities_are_decoded() -> None:
    assert parse_html("a &lt;b&gt; &amp; &quot;c&quot; &#1178; &#x49B;").text == 'a <b> & "c" Қ қ'


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<script>x</script>", 'unsupported start tag "script"'),
        ("<b>x", 'can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'unexpected end tag "i"'),
        ("a & b", "bare '&'"),
        ("a &nbsp; b", "unknown entity"),
        ("<span>x</span>", "tg-spoiler"),
        ("1 < 2", "unclosed start tag"),
    ],
)
def test_malformed_html_is_refused_with_telegrams_wording(source: str, message: str) -> None:
    with pytest.raises(HtmlError, match="Can't parse entities") as err:
        parse_html(source)
    assert message in str(err.value)


@given(st.text())
def test_escaped_text_always_parses_back_to_itself(text: str) -> None:
    assert parse_html(html.escape(text, quote=False)).text == text


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert utf16_len("a😀") == 3
