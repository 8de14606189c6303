"""Reply -> HTML parts: escaped, ≤ 4096 (UTF-16) each, paragraphs kept whole, keyboard on the last."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.telegram.callbacks import MAX_CALLBACK_BYTES, EntryCb, FeedbackCb, MenuCb, TopicCb
from bot.channels.telegram.keyboards import reply_keyboard, topics_keyboard
from bot.channels.telegram.render import Block, render, split_blocks
from bot.core.lang import Lang
from bot.core.reply import Reply, ReplyKind, Suggestion
from bot.devapi.html import parse_html, utf16_len

SLUG48 = "a" * 23 + "-" + "b" * 24


def test_title_is_bold_and_everything_is_escaped() -> None:
    reply = Reply(ReplyKind.ANSWER, Lang.RU, body="a < b & c", title="<T&C>", entry_id="x", source_line="src <1>")
    [part] = render(reply)
    assert part.text.startswith("<b>&lt;T&amp;C&gt;</b>")
    assert parse_html(part.text).text == "<T&C>\n\na < b & c\n\nsrc <1>"


def test_long_reply_splits_on_paragraphs() -> None:
    paragraphs = [f"{i} " + "слово " * 150 for i in range(20)]
    reply = Reply(ReplyKind.ANSWER, Lang.RU, body="\n\n".join(paragraphs), title="T", entry_id="x")
    parts = render(reply)
    assert len(parts) > 1
    assert all(p.keyboard is None for p in parts[:-1]) and parts[-1].keyboard is not None
    texts = [parse_html(p.text).text for p in parts]
    assert all(utf16_len(t) <= 4096 for t in texts)
    for text in texts:  # no paragraph is cut in two
        for chunk in text.split("\n\n")[1:]:
            assert chunk.split(" ")[0].isdigit()


def test_one_huge_paragraph_is_cut_on_words() -> None:
    parts = split_blocks([Block("😀word " * 3000)])
    assert len(parts) >= 4
    assert all(utf16_len(parse_html(p).text) <= 4096 for p in parts)
    assert all(not p.startswith("word") or p.startswith("😀") for p in parts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=3000), min_size=1, max_size=6))
def test_any_text_renders_to_valid_parts_that_keep_every_word(paragraphs: list[str]) -> None:
    parts = split_blocks([Block(p) for p in paragraphs])
    texts = [parse_html(p).text for p in parts]
    assert all(1 <= utf16_len(t) <= 4096 for t in texts)
    assert "".join("".join(t.split()) for t in texts) == "".join("".join(p.split()) for p in paragraphs)


def test_callback_data_fits_64_bytes_with_the_longest_ids() -> None:
    for data in (
        EntryCb(entry_id=SLUG48, lang="kk").pack(),
        TopicCb(topic_id=SLUG48, lang="kk").pack(),
        FeedbackCb(entry_id=SLUG48, up=False).pack(),
        MenuCb(action="topics", lang="kk").pack(),
    ):
        assert len(data.encode()) <= MAX_CALLBACK_BYTES


def test_answer_keyboard_has_feedback_related_and_back() -> None:
    reply = Reply(
        ReplyKind.ANSWER,
        Lang.KK,
        body="b",
        entry_id=SLUG48,
        related=(Suggestion("other", "Басқа " * 30),),
    )
    markup = reply_keyboard(reply, Lang.KK)
    assert markup is not None
    rows = markup.inline_keyboard
    assert [b.callback_data for b in rows[0]] == [
        FeedbackCb(entry_id=SLUG48, up=True).pack(),
        FeedbackCb(entry_id=SLUG48, up=False).pack(),
    ]
    assert rows[1][0].callback_data == EntryCb(entry_id="other", lang="kk").pack()
    assert len(rows[1][0].text) <= 64
    assert rows[-1][0].callback_data == MenuCb(action="topics", lang="kk").pack()


def test_tsa_entries_offer_the_pre_check() -> None:
    reply = Reply(ReplyKind.ANSWER, Lang.RU, body="b", entry_id="tsa-eligibility")
    markup = reply_keyboard(reply, Lang.RU)
    assert markup is not None
    assert any(b.callback_data == "c:go" for row in markup.inline_keyboard for b in row)


def test_topics_keyboard_labels_are_plain_titles() -> None:
    markup = topics_keyboard([("pensions", "Пенсии & <выплаты>")], Lang.RU)
    assert markup is not None
    assert markup.inline_keyboard[0][0].text == "Пенсии & <выплаты>"


def test_other_questions_of_a_multi_question_message_become_buttons() -> None:
    reply = Reply(
        ReplyKind.ANSWER,
        Lang.RU,
        body="b",
        entry_id="a",
        suggestions=(Suggestion("b", "B"),),
        related=(Suggestion("b", "B"), Suggestion("c", "C")),
    )
    markup = reply_keyboard(reply, Lang.RU)
    assert markup is not None
    entries = [b.callback_data for row in markup.inline_keyboard for b in row if (b.callback_data or "").startswith("e:")]
    assert entries == [EntryCb(entry_id="b", lang="ru").pack(), EntryCb(entry_id="c", lang="ru").pack()]


def test_small_talk_offers_the_topics() -> None:
    reply = Reply(kind=ReplyKind.SMALLTALK, lang=Lang.KK, body="Сәлеметсіз бе!")
    markup = reply_keyboard(reply, Lang.KK)
    assert markup is not None
    (row,) = markup.inline_keyboard
    assert row[0].text == "📚 Тақырыптар"
    assert MenuCb.unpack(row[0].callback_data or "").action == "topics"
