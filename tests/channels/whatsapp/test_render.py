"""Replies and choices rendered for WhatsApp stay within what the Graph API accepts."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.whatsapp.render import (
    BODY_LIMIT,
    TEXT_LIMIT,
    choice_id,
    interactive,
    messages,
    parse_choice_id,
    render_reply,
    truncate,
    units,
)
from bot.core.choices import Choice, ChoiceKind, entry_list, topic_menu
from bot.core.lang import Lang
from bot.core.reply import Reply, ReplyKind, Suggestion
from testkit.graphapi import validate_message

LANGS = st.sampled_from(list(Lang))
# Titles and bodies with Cyrillic, Kazakh letters, emoji (2 UTF-16 units), combining marks.
PIECES = [*"abc xyzАБВабв әғқңөұүһі.,!?\n—«»*_", "👍", "🇰🇿", "e\u0301", "👨\u200d👩\u200d👧", "слово "]
TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
TITLE = TEXT.filter(lambda t: t.strip() != "")


def _valid(message: dict[str, object]) -> None:
    validate_message({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "77011234567", **message})


@st.composite
def replies(draw: st.DrawFn) -> Reply:
    kind = draw(st.sampled_from(list(ReplyKind)))
    entry = draw(st.sampled_from([None, "pension-age", "tsa-eligibility"]))
    suggestions = tuple(
        Suggestion(f"e{i}", t) for i, t in enumerate(draw(st.lists(TITLE, max_size=7)))
    )
    related = tuple(Suggestion(f"r{i}", t) for i, t in enumerate(draw(st.lists(TITLE, max_size=7))))
    body = draw(st.one_of(TEXT, st.integers(1, 12).map(lambda n: ("Абзац " + "сөз " * 300 + "\n\n") * n)))
    return Reply(
        kind=kind,
        lang=draw(LANGS),
        body=body,
        title=draw(st.one_of(st.none(), TITLE)),
        entry_id=entry,
        source_line=draw(st.one_of(st.none(), TITLE)),
        valid_as_of=date(2024, 1, 1),
        valid_line=draw(st.one_of(st.none(), TITLE)),
        helplines_line=draw(st.one_of(st.none(), TITLE)),
        suggestions=suggestions,
        related=related,
    )


@settings(max_examples=150, deadline=None)
@given(replies())
def test_any_reply_renders_within_the_limits(reply: Reply) -> None:
    out = render_reply(reply)
    assert out
    for message in out:
        _valid(message)
    texts = [m["text"]["body"] for m in out if m["type"] == "text"]
    assert all(units(t) <= TEXT_LIMIT for t in texts)
    assert out[-1]["type"] == "interactive"  # every reply offers at least the topics


@settings(max_examples=100, deadline=None)
@given(st.lists(TITLE, max_size=40), LANGS, st.integers(0, 45))
def test_any_menu_renders_within_the_limits_and_pages(titles: list[str], lang: Lang, offset: int) -> None:
    choices = topic_menu([(f"t{i}", t) for i, t in enumerate(titles)])
    message = interactive("Выберите тему:", choices, lang, page_key="topics", offset=min(offset, len(choices) - 1))
    assert message is not None
    _valid(message)


def test_short_choices_are_reply_buttons_long_ones_a_list() -> None:
    reply = Reply(ReplyKind.SMALLTALK, Lang.RU, body="Здравствуйте!")
    [single] = render_reply(reply)
    assert single["interactive"]["type"] == "button"
    assert single["interactive"]["body"]["text"] == "Здравствуйте!"
    assert [b["reply"]["title"] for b in single["interactive"]["action"]["buttons"]] == ["Темы"]
    answer = Reply(
        ReplyKind.ANSWER, Lang.RU, body="Ответ", title="Пенсионный возраст", entry_id="pension-age",
        related=(Suggestion("pension-amount", "Как рассчитывается размер базовой пенсии в 2024 году"),),
    )
    [listed] = render_reply(answer)
    assert listed["interactive"]["type"] == "list"
    rows = listed["interactive"]["action"]["sections"][0]["rows"]
    assert rows[2]["title"].endswith("…") and units(rows[2]["title"]) <= 24
    assert rows[2]["description"].startswith("Как рассчитывается размер базовой")


def test_markup_is_whatsapps_never_html() -> None:
    reply = Reply(
        ReplyKind.ANSWER, Lang.EN, body="Body <b>&</b>", title="Retirement age", entry_id="x",
        source_line="Source: report\nline two", valid_line="Valid as of 2024-01-01",
    )
    body = render_reply(reply)[0]["interactive"]["body"]["text"]
    assert body.startswith("*Retirement age*\n\nBody <b>&</b>")  # content text is passed as typed
    assert "_Source: report_\n_line two_" in body and "_Valid as of 2024-01-01_" in body


def test_a_long_answer_goes_as_text_then_the_choices() -> None:
    reply = Reply(ReplyKind.ANSWER, Lang.KK, body="сөз " * 2000, title="Ұзын", entry_id="long")
    out = render_reply(reply)
    assert [m["type"] for m in out] == ["text"] * (len(out) - 1) + ["interactive"] and len(out) >= 3
    assert out[-1]["interactive"]["body"]["text"] == "Әрі қарай не істейміз?"
    assert all(units(m["text"]["body"]) <= TEXT_LIMIT for m in out[:-1])


def test_a_long_list_pages_with_more() -> None:
    choices = entry_list([(f"e{i}", f"Вопрос {i}") for i in range(20)])
    first = interactive("x", choices, Lang.RU, page_key="topic:pensions")
    assert first is not None
    rows = first["interactive"]["action"]["sections"][0]["rows"]
    assert len(rows) == 10 and rows[-1]["id"] == "more|ru|topic:pensions@9" and rows[-1]["title"] == "Ещё…"
    last = interactive("x", choices, Lang.RU, page_key="topic:pensions", offset=18)
    assert last is not None
    # Three short choices left: reply buttons.
    assert [b["reply"]["title"] for b in last["interactive"]["action"]["buttons"]] == ["Вопрос 18", "Вопрос 19", "К темам"]


def test_choice_ids_round_trip() -> None:
    for choice in (Choice(ChoiceKind.ENTRY, "pension-age"), Choice(ChoiceKind.MORE, "topic:a|b@9"), Choice(ChoiceKind.MENU)):
        assert parse_choice_id(choice_id(choice, Lang.KK)) == (choice, Lang.KK)
    assert parse_choice_id("e:pension:ru") is None and parse_choice_id("nope|ru|x") is None


@given(TEXT, st.integers(2, 80))
def test_truncation_fits_and_keeps_a_prefix(value: str, limit: int) -> None:
    out = truncate(value, limit)
    assert units(out) <= limit
    flat = " ".join(value.split())
    assert out == flat or (out.endswith("…") and flat.startswith(out[:-1].rstrip()))


def test_interactive_body_is_cut_to_1024() -> None:
    msgs = messages(["x" * 1010, "y" * 20], [Choice(ChoiceKind.TOPICS, "back")], Lang.EN)
    assert msgs[0]["type"] == "text" and units(msgs[-1]["interactive"]["body"]["text"]) <= BODY_LIMIT


def test_a_choice_kind_whatsapp_does_not_know_is_left_out() -> None:
    class Later:  # a kind a later core adds (an "ask a lawyer" handoff, say)
        value = "lawyer"

    future = Choice(Later(), "", None)  # type: ignore[arg-type]
    message = interactive("x", [future, Choice(ChoiceKind.TOPICS, "back")], Lang.RU)
    assert message is not None
    assert [b["reply"]["title"] for b in message["interactive"]["action"]["buttons"]] == ["К темам"]
    assert interactive("x", [future], Lang.RU) is None
    assert interactive("x", [Choice(ChoiceKind.ENTRY, "e", "  ")], Lang.RU) is None


def test_the_lawyer_choice_is_telegram_only() -> None:
    # The handoff desk lives in the operators' Telegram group; WhatsApp offers the rest.
    message = interactive("x", [Choice(ChoiceKind.LAWYER), Choice(ChoiceKind.TOPICS, "back")], Lang.KK)
    assert message is not None
    assert len(message["interactive"]["action"]["buttons"]) == 1
