"""Stems for the word-level view: Snowball for Russian and English, suffix stripping for Kazakh.

Tokens arrive folded (Kazakh letters already mapped to Russian ones), and a Cyrillic token may be
Russian or Kazakh, so ``stem`` takes the shorter of the Russian Snowball stem and the Kazakh
suffix-stripped stem: both the index and the query go through the same function, which is what
makes them meet.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_RU = snowballstemmer.stemmer("russian")
_EN = snowballstemmer.stemmer("english")

# Kazakh suffixes in folded spelling (ә→а, ө→о, ү/ұ→у, і→и, қ→к, ғ→г, ң→н), longest first.
_KK_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            # plural
            "лар", "лер", "дар", "дер", "тар", "тер",
            # possessive
            "ымыз", "имиз", "мыз", "миз", "ныз", "низ", "ыныз", "иниз", "ым", "им", "ын", "ин",
            "сы", "си", "ы", "и",
            # cases
            "нын", "нин", "дын", "дин", "тын", "тин",  # genitive
            "га", "ге", "ка", "ке", "на", "не",  # dative
            "да", "де", "та", "те", "нда", "нде",  # locative
            "дан", "ден", "тан", "тен", "нан", "нен",  # ablative
            "ны", "ни", "ды", "ди", "ты", "ти",  # accusative
            "мен", "бен", "пен",  # instrumental
            "ндагы", "дагы", "дегы", "тагы", "тегы",
            # derivational -лық/-дық/-тық (and -лығ... before a vowel): мүгедектік, мүгедектігі
            "лык", "лик", "дык", "дик", "тык", "тик", "лыг", "лиг", "дыг", "диг", "тыг", "тиг",
            # verbal endings frequent in questions
            "уге", "уга", "ю", "ган", "ген", "кан", "кен", "атын", "етин", "йтын",
            "амын", "емин", "асыз", "есиз", "ады", "еди", "йды", "йди", "уды", "уди",
            "ма", "ме", "ба", "бе", "па", "пе",
        },
        key=len,
        reverse=True,
    )
)
_MIN_STEM = 4
# Stems that the cut to seven letters below would merge with an unrelated word: "искусственный"
# (artificial) is not "искусство" (art).
_KEEP_WHOLE = ("искусствен",)
_SUFFIX_LENGTHS = sorted({len(s) for s in _KK_SUFFIXES}, reverse=True)
_SUFFIX_SET = frozenset(_KK_SUFFIXES)


def kk_strip(token: str) -> str:
    """Strip up to two known Kazakh suffixes from the end (longest first), keeping >= 4 letters."""
    word = token
    for _ in range(2):
        for n in _SUFFIX_LENGTHS:
            if len(word) - n >= _MIN_STEM and word[-n:] in _SUFFIX_SET:
                word = word[:-n]
                break
        else:
            break
    return word


def _is_latin(token: str) -> bool:
    return token.isascii()


# The content follows the report's British spelling ("programme", "centre", "labour",
# "organisation"); people, expats especially, often type the American one. Both spellings meet
# in the British one, before stemming.
_AMERICAN_WORDS: dict[str, str] = {
    "program": "programme", "programs": "programmes", "center": "centre", "centers": "centres",
    "theater": "theatre", "theaters": "theatres", "meter": "metre", "meters": "metres",
    "kilometer": "kilometre", "kilometers": "kilometres", "labor": "labour", "neighbor": "neighbour",
    "neighbors": "neighbours", "neighborhood": "neighbourhood", "behavior": "behaviour",
    "favor": "favour", "honor": "honour", "color": "colour", "license": "licence",
    "licenses": "licences", "defense": "defence", "offense": "offence", "offenses": "offences",
    "catalog": "catalogue", "fulfill": "fulfil", "enrollment": "enrolment", "pediatric": "paediatric",
    "pediatrician": "paediatrician", "counselor": "counsellor", "counselors": "counsellors",
    "canceled": "cancelled", "traveler": "traveller", "travelers": "travellers",
}
# "-ize" / "-yze" verbs and their "-ization" nouns ("privatize", "hospitalized", "organization");
# words that merely end so ("size", "prize", "citizen") are not verbs of the kind.
_AMERICAN_SUFFIX_RE = re.compile(r"(?<=[a-z]{3})(i|y)z(e|es|ed|ing|er|ers|ation|ations)$")
_NOT_IZE = frozenset({"seize", "seized", "seizes", "seizing", "capsize", "capsized"})


def british(token: str) -> str:
    """A Latin token in the British spelling the content uses."""
    if token in _AMERICAN_WORDS:
        return _AMERICAN_WORDS[token]
    if token in _NOT_IZE:
        return token
    return _AMERICAN_SUFFIX_RE.sub(r"\1s\2", token)


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """The matching stem of one folded token (digits are kept as they are)."""
    if token.isdigit() or len(token) <= 3:
        return token
    if _is_latin(token):
        return str(_EN.stemWord(british(token)))
    ru = str(_RU.stemWord(token))
    if ru.startswith(_KEEP_WHOLE):
        return ru
    kk = kk_strip(token)
    best = ru if len(ru) <= len(kk) else kk
    # Very long stems are cut: Kazakh compounds of suffixes vary more than we can list.
    return best[:7] if len(best) >= 3 else token[:3]
