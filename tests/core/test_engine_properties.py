"""Property tests: any input gives a valid Reply, in a supported language, without exceptions."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.lang import Lang
from bot.core.reply import ReplyKind
from bot.core.service import AnswerService
from tests.core.engine_catalog import service

_SVC: AnswerService = service()

_WORDS = st.sampled_from(
    ["пенсия", "зейнетақы", "gtycbz", "zeinetaky", "АСП", "бьет", "нас", "4", "доход", "150000",
     "?", ";", " и еще ", "also", "мүгедек", "🙂", "\u200b", "\n", "қ", "Ё", "1414", "-", "0", "="]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.sampled_from([None, Lang.KK, Lang.RU, Lang.EN]))
def test_any_unicode_gives_a_valid_reply(text: str, user_lang: Lang | None) -> None:
    _check(_SVC.answer(text, user_lang=user_lang))


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=20).map(" ".join))
def test_any_mix_of_domain_fragments_gives_a_valid_reply(text: str) -> None:
    _check(_SVC.answer(text))


def _check(reply: object) -> None:
    from bot.core.reply import Reply

    assert isinstance(reply, Reply)
    assert reply.lang in tuple(Lang)
    assert 0.0 <= reply.confidence <= 1.0
    assert reply.text.strip()
    if reply.kind in (ReplyKind.FALLBACK, ReplyKind.CLARIFY):
        assert reply.entry_id is None
    if reply.kind is ReplyKind.CRISIS:
        assert reply.entry_id is not None
    if reply.kind is ReplyKind.CLARIFY:
        assert 1 <= len(reply.suggestions) <= 3


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_detect_lang_always_returns_a_language(text: str) -> None:
    assert _SVC.detect_lang(text) in tuple(Lang)
