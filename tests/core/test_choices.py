"""The core decides what a citizen can do next; channels only render it."""

from __future__ import annotations

from bot.core.choices import Choice, ChoiceKind, entry_list, forget_confirm, topic_menu, tsa_step
from bot.core.lang import Lang
from bot.core.reply import Reply, ReplyKind, Suggestion


def _answer(entry_id: str, **kw: object) -> Reply:
    return Reply(kind=ReplyKind.ANSWER, lang=Lang.RU, body="b", entry_id=entry_id, **kw)  # type: ignore[arg-type]


def test_answer_offers_feedback_then_related_then_topics() -> None:
    reply = _answer("pension-age", related=(Suggestion("pension-amount", "Размер пенсии"),))
    assert reply.choices == (
        Choice(ChoiceKind.FEEDBACK_UP, "pension-age"),
        Choice(ChoiceKind.FEEDBACK_DOWN, "pension-age"),
        Choice(ChoiceKind.ENTRY, "pension-amount", "Размер пенсии"),
        Choice(ChoiceKind.TOPICS, "back"),
    )


def test_tsa_entry_offers_the_pre_check() -> None:
    kinds = [c.kind for c in _answer("tsa-who-gets").choices]
    assert kinds[2] is ChoiceKind.TSA_CHECK


def test_related_entries_are_capped_and_never_repeat_the_answer() -> None:
    related = tuple(Suggestion(f"e{i}", f"t{i}") for i in range(9))
    reply = _answer("e0", suggestions=(Suggestion("e1", "t1"),), related=related)
    entries = [c.value for c in reply.choices if c.kind is ChoiceKind.ENTRY]
    assert entries == ["e1", "e2", "e3", "e4", "e5"]


def test_crisis_leads_to_helplines_and_smalltalk_to_the_topics() -> None:
    crisis = Reply(kind=ReplyKind.CRISIS, lang=Lang.KK, body="112")
    assert [c.kind for c in crisis.choices] == [ChoiceKind.HELPLINES, ChoiceKind.TOPICS]
    hello = Reply(kind=ReplyKind.SMALLTALK, lang=Lang.EN, body="hi")
    assert hello.choices == (Choice(ChoiceKind.TOPICS, "start"),)


def test_clarify_offers_a_lawyer_then_its_suggestions() -> None:
    reply = Reply(kind=ReplyKind.CLARIFY, lang=Lang.EN, body="?", suggestions=(Suggestion("a", "A"), Suggestion("b", "B")))
    assert reply.choices[0].kind is ChoiceKind.LAWYER
    assert [c.value for c in reply.choices][1:] == ["a", "b", "back"]


def test_only_fallback_and_did_you_mean_offer_a_lawyer() -> None:
    offers = {
        kind: Reply(kind=kind, lang=Lang.RU, body="b", entry_id="e" if kind is ReplyKind.ANSWER else None).offers_lawyer
        for kind in ReplyKind
    }
    assert offers == {kind: kind in (ReplyKind.FALLBACK, ReplyKind.CLARIFY) for kind in ReplyKind}
    fallback = Reply(kind=ReplyKind.FALLBACK, lang=Lang.RU, body="b")
    assert [c.kind for c in fallback.choices] == [ChoiceKind.LAWYER, ChoiceKind.TOPICS]


def test_menus() -> None:
    assert topic_menu([("t", "T")]) == (Choice(ChoiceKind.TOPIC, "t", "T"), Choice(ChoiceKind.HELPLINES))
    assert entry_list([("e", "E")]) == (Choice(ChoiceKind.ENTRY, "e", "E"), Choice(ChoiceKind.MENU))
    assert [c.kind for c in forget_confirm()] == [ChoiceKind.FORGET_YES, ChoiceKind.FORGET_NO]
    assert tsa_step() == (Choice(ChoiceKind.TSA_CANCEL),)
