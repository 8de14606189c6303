"""Another country's rules are out of scope; a foreign asker living here is not."""

from __future__ import annotations

import pytest

from bot.core.analyze import analyze
from bot.core.jurisdiction import foreign_subject
from bot.core.reply import ReplyKind
from tests.core.engine_catalog import service


def _foreign(text: str) -> bool:
    return foreign_subject(analyze(text, service().index.vocab).text)


@pytest.mark.parametrize(
    "text",
    [
        "какой пенсионный возраст в Германии",
        "pension age in France",
        "сколько пособие на ребёнка в РФ",
        "АҚШ-та жалақы қанша",
        "Ресейде зейнет жасы нешеде",
        "как работать за границей",
        "шетелде оқу гранты",
        "child benefit in another country",
    ],
)
def test_a_foreign_country_as_the_subject(text: str) -> None:
    assert _foreign(text)


@pytest.mark.parametrize(
    "text",
    [
        "я гражданка Кыргызстана, работаю в Астане, положена ли мне медпомощь",
        "мы приехали из Монголии, как получить пособие",
        "I came from Uzbekistan, can my child go to school here",
        "I am a citizen of Russia living in Almaty",
        "Қытайдан көшіп келдік, жәрдемақы ала аламыз ба",
        "Өзбекстан азаматымын, емделе аламын ба",
        "шетелдік жұмысшының құқықтары",
        "ақша қалай аламын",
        "usage of the word american",
        "перевести на английский",
        # Home named as the place asked about: abroad is the alternative, not the subject.
        "делают ли у нас операции на сердце новорождённым или надо ехать за границу",
        "can they operate on newborns here or do we need to go abroad",
        "бізде ота жасай ма әлде шетелге бару керек пе",
    ],
)
def test_origin_demonyms_and_lookalikes_are_not_foreign(text: str) -> None:
    assert not _foreign(text)


def test_service_falls_back_on_another_countrys_rules() -> None:
    svc = service()
    assert svc.answer("пенсионный возраст в Германии").kind is ReplyKind.FALLBACK
    assert svc.answer("пенсионный возраст").kind is ReplyKind.ANSWER
