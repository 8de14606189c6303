"""Greetings, thanks and goodbyes: a short friendly reply instead of "no answer found".

A message counts as small talk only when every word of it is a small-talk word (greeting,
thanks, goodbye, "how are you", "who are you", polite fillers): "привет, сколько пенсия" is a
question and goes to the engine. Words are compared in the folded matching form (Kazakh letters
folded: "сәлем" and "салем" are one word); a Latin message is tried as written ("bye") and
transliterated ("salem", "rahmet"). The words themselves tell the language, so "сау бол" is
answered in Kazakh and "bye" in English, whatever reading the analysis preferred.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.core.lang import Lang


class SmallTalkKind(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"


@dataclass(frozen=True, slots=True)
class SmallTalk:
    kind: SmallTalkKind
    lang: Lang | None  # the language its words speak, None when they are shared


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Folded forms (ә→а, і→и, қ→к, ү/ұ→у, ө→о, ң→н, ғ→г, һ→х), as the analysis produces them.
_WORDS: dict[SmallTalkKind | None, dict[Lang, frozenset[str]]] = {
    SmallTalkKind.GREETING: {
        Lang.RU: _words(
            "привет приветик прив приветствую здравствуйте здравствуи здравствуй здрасте здрасьте "
            "здраствуите здраствуйте добрыи добрый доброе доброго день утро вечер"
        ),
        Lang.KK: _words(
            "салем салеметсиз салеметсизбе сэлем армысыз армысыздар сауменбисиз кайырлы кун тан кеш "
            "ассалаумагалеикум ассалаумагалейкум ассаламагалеикум салам"
        ),
        Lang.EN: _words("hi hello hey hiya heya howdy greetings morning afternoon evening yo"),
    },
    SmallTalkKind.THANKS: {
        Lang.RU: _words("спасибо спс пасиб спасибки благодарю благодарим"),
        Lang.KK: _words("рахмет рахмат ракмет алгыс"),
        Lang.EN: _words("thanks thank thx ty tnx cheers appreciate appreciated"),
    },
    SmallTalkKind.GOODBYE: {
        Lang.RU: _words("пока покеда свидания свиданья всего хорошего"),
        Lang.KK: _words("сау бол болыныз саубол корискенше кездескенше"),
        Lang.EN: _words("bye goodbye byebye cya farewell"),
    },
    # Words that may stand beside the above without making the message a question.
    None: {
        Lang.RU: _words(
            "и а вам тебе вас тебя всем очень большое огромное бот ботик уважаемыи уважаемые как "
            "дела ты кто вы что умеешь умеете можешь нормально хорошо отлично ок окей до создал создали тебя"
        ),
        Lang.KK: _words(
            "сизге саган сиз сен барлыгына коп улкен калайсыз калаисыз калайсын калаисын кандайсыз "
            "жагдаи жагдай кимсиз кимсин не истеи аласыз аласын жаксы бе ма ме па пе мын сени ким жасады жасаган"
        ),
        Lang.EN: _words(
            "you your u all very much so lot a the bot how are is it doing whats up who what can do "
            "dear friend ok okay nice great good day there everyone guys see ya later night made created"
        ),
    },
}
# Each kind's words in any language, built once.
_KIND_WORDS = {kind: frozenset(w for ws in by_lang.values() for w in ws) for kind, by_lang in _WORDS.items()}
_ALL = frozenset().union(*_KIND_WORDS.values())
_MAX_WORDS = 8


def _lang_of(words: Sequence[str]) -> Lang | None:
    votes = {lang: sum(1 for w in words for ws in _WORDS.values() if w in ws[lang]) for lang in Lang}
    best = max(votes.values())
    leaders = [lang for lang, v in votes.items() if v == best]
    return leaders[0] if best > 0 and len(leaders) == 1 else None


def _classify(words: Sequence[str]) -> SmallTalk | None:
    if not words or len(words) > _MAX_WORDS or any(w not in _ALL for w in words):
        return None
    has = {kind: any(w in _KIND_WORDS[kind] for w in words) for kind in SmallTalkKind}
    if has[SmallTalkKind.THANKS]:
        kind = SmallTalkKind.THANKS
    elif has[SmallTalkKind.GOODBYE] and not has[SmallTalkKind.GREETING]:
        kind = SmallTalkKind.GOODBYE
    elif has[SmallTalkKind.GREETING] or has[SmallTalkKind.GOODBYE] or len(words) >= 2:
        # Only fillers of two words or more ("как дела", "who are you") ask about the bot.
        kind = SmallTalkKind.GREETING
    else:
        return None
    return SmallTalk(kind, _lang_of(words))


def small_talk(readings: Iterable[Sequence[str]]) -> SmallTalk | None:
    """The small talk that one of the message's readings is, or None when it says more."""
    for tokens in readings:
        # A number says more than small talk: "what is 2-10-20" asks about a mortgage.
        if any(t.isdigit() for t in tokens):
            continue
        found = _classify(list(tokens))
        if found is not None:
            return found
    return None
