"""Which language a message is in: kk, ru or en, from evidence, robust on short text.

Evidence, strongest first: Kazakh letters; words known to one language only (from the content and
the built-in lists); endings typical of one language. A Latin-script message is first read as
English, transliterated Cyrillic or wrong-layout Cyrillic (``bot.core.analyze``), and scored in
the reading chosen, so "posobie po invalidnosti" is Russian and "zeinetaky" Kazakh.
When nothing in the message speaks for a language (digits, "?", emoji, a name) the answer is
None and the caller falls back to the user's chosen language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.lang import Lang
from bot.core.lexicon import SHARED_CYR
from bot.core.vocab import Vocabulary

# Endings that (nearly) only one of the two languages has, in folded spelling.
KK_ENDINGS = (
    "лар", "лер", "дар", "дер", "тар", "тер", "дын", "дин", "нын", "нин", "тын", "тин", "мыз",
    "миз", "сыз", "сиз", "лык", "лик", "дык", "дик", "тык", "тик", "ушы", "уши", "уге", "уга",
    "ады", "еди", "йды", "атын", "етин", "ганы", "гени", "дагы", "дегы", "нда", "нде", "ымды",
    "ынды", "сын", "сина", "ныз", "низ",
)
RU_ENDINGS = (
    "ться", "тся", "ость", "ости", "ение", "ения", "ании", "ание", "ания", "ый", "ий", "ой", "ая",
    "ое", "ые", "ого", "ему", "ыми", "ими", "ешь", "ишь", "ать", "ять", "ить", "ует", "ают", "ют",
    "ции", "ство", "ства", "ься", "ах", "ях", "ов", "ев",
)
# Loans ending in "-ция" (реакция, полиция, станция) are spelled alike in Kazakh and Russian:
# neither their ending nor their "ц" speaks for Russian.
_SHARED_LOAN_ENDING = "ция"
_RU_LETTERS = frozenset("ьъщцфэё")
_EN_HINTS = ("th", "wh", "ing", "tion", "ould", "ee", "oo", "ck", "w")


@dataclass(frozen=True, slots=True)
class LangScores:
    kk: float
    ru: float
    en: float
    # Words voting for Kazakh / Russian: a tie in points goes to the side more words speak for
    # (one Kazakh programme name against a whole Russian sentence).
    kk_votes: int = 0
    ru_votes: int = 0
    # Only names speak for Kazakh ("ипотека Бақытты отбасы условия"), and other words for Russian.
    kk_only_names: bool = False

    def best(self, *, kk_letters: bool, user_lang: Lang | None) -> Lang | None:
        top = max(self.kk, self.ru, self.en)
        if top <= 0:
            return None
        if self.kk_only_names and self.kk == top and self.ru > 0 and self.ru >= self.en:
            return Lang.RU
        tied = [lang for lang, s in ((Lang.KK, self.kk), (Lang.RU, self.ru), (Lang.EN, self.en)) if s == top]
        if len(tied) == 1:
            return tied[0]
        if Lang.KK in tied and Lang.RU in tied and self.kk_votes != self.ru_votes:
            return Lang.KK if self.kk_votes > self.ru_votes else Lang.RU
        if kk_letters and Lang.KK in tied:
            return Lang.KK
        if user_lang in tied:
            return user_lang
        return Lang.RU if Lang.RU in tied else tied[0]


def cyrillic_evidence(token: str, vocab: Vocabulary) -> tuple[float, float]:
    """(kk, ru) evidence of one folded Cyrillic token."""
    if token in SHARED_CYR or len(token) < 2:
        return 0.0, 0.0
    in_kk = token in vocab.kk_words
    in_ru = token in vocab.ru_words
    if in_kk and not in_ru:
        return 1.0, 0.0
    if in_ru and not in_kk:
        return 0.0, 1.0
    if in_kk and in_ru:
        return 0.0, 0.0
    kk = ru = 0.0
    if token.endswith(_SHARED_LOAN_ENDING):
        return kk, ru
    if any(c in _RU_LETTERS for c in token):
        ru += 0.6
    if (len(token) >= 5 and token.endswith(KK_ENDINGS)) or _kk_inflected(token, vocab):
        kk += 0.5
    if len(token) >= 4 and token.endswith(RU_ENDINGS):
        ru += 0.5
    return kk, ru


# Kazakh endings a known word takes, folded: the possessive ("-сы"), the dative ("-ға/-ке"),
# locative, ablative, accusative and genitive, each in its vowel-harmony and voicing forms. Not
# "-қа" folded to "-ка": Russian makes words with it ("инвалид" → "инвалидка").
_KK_CASE_ENDINGS = (
    "сы", "си", "га", "ге", "ке", "да", "де", "та", "те", "дан", "ден", "тан", "тен", "нан",
    "нен", "ны", "ни", "ды", "ди", "ты", "ти", "нын", "нин", "дын", "дин", "тын", "тин",
)
_MIN_INFLECTED_STEM = 4


def _kk_inflected(token: str, vocab: Vocabulary) -> bool:
    """A known word plus a Kazakh case or possessive ending ("астана" → "астанасы", "машина" →
    "машинага", "паспорт" → "паспортты"). Russian inflection of a known word ("законы",
    "пенсией", "классы") never leaves a known word of four letters or more before these endings."""
    for ending in _KK_CASE_ENDINGS:
        if token.endswith(ending):
            stem = token[: -len(ending)]
            if len(stem) >= _MIN_INFLECTED_STEM and stem in vocab.cyr_words:
                return True
    return False


def english_evidence(token: str, vocab: Vocabulary) -> float:
    if len(token) < 2 and token != "i":
        return 0.0  # a lone letter ("x" in "3x + 7 = 22") says nothing about the language
    if token in vocab.en_words:
        return 1.0
    if any(h in token for h in _EN_HINTS):
        return 0.4
    return 0.0


def score_tokens(
    cyr_tokens: Sequence[str],
    en_tokens: Sequence[str],
    vocab: Vocabulary,
    *,
    kk_letter_words: float,
    kk_letter_plain: int,
    latin_kk_hints: int,
    names: frozenset[str] = frozenset(),
) -> LangScores:
    kk = 2.0 * kk_letter_words + 0.5 * latin_kk_hints
    ru = en = 0.0
    # Kazakh-letter words vote too (a word both spelled and known as Kazakh may vote twice;
    # a Kazakh sentence wins on points anyway).
    kk_votes, ru_votes = math.ceil(kk_letter_words), 0
    # Evidence from words that are not names: Kazakh-letter words outside names, then below.
    kk_plain = 2.0 * kk_letter_plain + 0.5 * latin_kk_hints
    ru_plain = 0.0
    for tok in cyr_tokens:
        k, r = cyrillic_evidence(tok, vocab)
        if tok not in names:
            kk_plain += k
            ru_plain += r
        if k > r:
            kk_votes += 1
        elif r > k:
            ru_votes += 1
        # A brand or programme name ("Отбасы банк") counts half: weigh by the sentence's words.
        w = 0.5 if tok in names else 1.0
        kk += w * k
        ru += w * r
    for tok in en_tokens:
        en += english_evidence(tok, vocab)
    return LangScores(kk, ru, en, kk_votes, ru_votes, kk_only_names=kk_plain == 0 and kk > 0 and ru_plain > 0)
