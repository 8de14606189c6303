"""Latin → Cyrillic transliteration of informally typed Russian and Kazakh.

One scheme covers both: "zheinetaqy"/"zeinetaky" → "зейнетакы", "posobie po invalidnosti" →
"пособие по инвалидности", the official Kazakh Latin letters (ä ğ ı ñ ö ū ü ş ç q) included.
The output is meant for folded matching (Kazakh letters are folded anyway), so ambiguities such
as ң vs н or ұ vs у do not matter.
"""

from __future__ import annotations

import re

_VOWELS = set("aeiouyäöüūıə")

# Longest first; applied left to right.
_MULTI: tuple[tuple[str, str], ...] = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    # "aitshy" is айтшы: a т before ш, not ц + х.
    ("tsh", "тш"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("tc", "ц"),
    ("gh", "г"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "е"),
    ("ye", "е"),
    ("iya", "ия"),
    ("iyu", "ию"),
    ("iy", "ий"),
    ("yy", "ый"),
    ("ei", "ей"),
    ("ey", "ей"),
    ("ai", "ай"),
    ("ay", "ай"),
    ("oi", "ой"),
    ("oy", "ой"),
    ("ui", "уй"),
    ("uy", "уй"),
    ("ee", "и"),
    ("oo", "у"),
)

_SINGLE = {
    "a": "а", "b": "б", "c": "с", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "у", "x": "кс", "y": "ы", "z": "з", "'": "ь",
    "ä": "ә", "ğ": "ғ", "ı": "ы", "ñ": "ң", "ö": "ө", "ū": "ұ", "ü": "ү", "ş": "ш", "ç": "ч",
    "ə": "ә", "i̇": "і",
}

_LATIN_WORD = re.compile(r"[a-zäğıñöūüşçə']+")


def _word(word: str) -> str:
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        # "ng" is ң (folded to н) before a consonant or at the end of a word.
        if word.startswith("ng", i) and (i + 2 == n or word[i + 2] not in _VOWELS):
            out.append("н")
            i += 2
            continue
        # A word-initial "e" in Russian transliteration is usually "э" ("ekonomika"), but "е" folds
        # better with Kazakh; keep "е".
        for lat, cyr in _MULTI:
            if word.startswith(lat, i):
                # "ei", "ai" ... followed by a vowel are two syllables; but before "y" the pair is
                # the diphthong and the "y" is ы ("boiynsha" → бойынша, "kaiyr" → кайыр).
                if (
                    lat in ("ei", "ai", "oi", "ui", "ey", "ay", "oy", "uy")
                    and i + 2 < n
                    and word[i + 2] in _VOWELS
                    and word[i + 2] != "y"
                ):
                    continue
                out.append(cyr)
                i += len(lat)
                break
        else:
            ch = word[i]
            # A "c" of its own is к before a / o / u ("cafe", "kompaniya") and ц elsewhere
            # ("bezraboticy", "socstrah", "konec"), as people read it: never с, typed as "s".
            if ch == "c":
                out.append("к" if i + 1 < n and word[i + 1] in "aou" else "ц")
            # "y" after a vowel is й ("kakoy", "qalay"); elsewhere ы, also right after a й.
            elif ch == "y" and i > 0 and word[i - 1] in _VOWELS and not (out and out[-1].endswith("й")):
                out.append("й")
            else:
                out.append(_SINGLE.get(ch, ch))
            i += 1
    return "".join(out)


def latin_to_cyrillic(text: str) -> str:
    """Transliterate the Latin words of a (lower-cased) text; other characters are kept."""
    return _LATIN_WORD.sub(lambda m: _word(m.group(0)), text)
