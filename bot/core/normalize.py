"""Text normalisation for matching: one canonical, folded form for kk/ru (Cyrillic) and en (Latin).

Pipeline for one message (``fold``): homoglyphs fixed per word, lower case, ё→е, the Kazakh
letters folded onto their Russian-keyboard look-alikes (people type "зейнетакы" for
"зейнетақы"), Kazakh-layout digits inside words turned back into letters, punctuation and emoji
removed. Choosing between readings of a Latin or wrong-layout message needs vocabulary and is
done by ``bot.core.variants``; this module only offers the conversions.
"""

from __future__ import annotations

import re
import unicodedata

CYR_RE = re.compile(r"[а-яёәғқңөұүһі]")
LAT_RE = re.compile(r"[a-z]")

# Kazakh letters → what people type on a Russian keyboard (also Ukrainian/Belarusian і, ї, ў).
KK_FOLD = str.maketrans(
    {
        "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
        "ё": "е", "ї": "и", "ў": "у", "ӊ": "н", "ҡ": "к", "ӷ": "г",
    }
)
KK_LETTERS = frozenset("әғқңөұүһі")

# The Kazakh keyboard layout puts its nine letters on the digit row.
KK_DIGIT_ROW = {"2": "ә", "3": "і", "4": "ң", "5": "ғ", "8": "ү", "9": "ұ", "0": "қ", "-": "ө", "=": "һ"}
_C = "а-яёәғқңөұүһі"
# One or two digits between Cyrillic letters, a digit ending a Cyrillic word, or a digit starting
# one; never inside a number ("2024жылы" keeps its year). "-" is left alone: hyphenated words are
# far more common than a mistyped ө.
_KK_DIGIT_IN_WORD = re.compile(
    rf"(?<=[{_C}])[0234589=]{{1,2}}(?=[{_C}])"
    rf"|(?<=[{_C}]{{2}})[0234589=](?![\w])"
    rf"|(?<![\w])[0234589](?=[{_C}]{{3}})"
)

# Latin ↔ Cyrillic look-alikes (upper and lower case), used only inside mixed-script words.
_LAT_TO_CYR = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "I": "І",
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "k": "к",
    "h": "һ",
}
_CYR_TO_LAT = {
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Т": "T", "Х": "X", "У": "Y", "І": "I",
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i", "к": "k",
}
_CYR_CHARS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі")

# Wrong keyboard layout: the same keys on QWERTY and ЙЦУКЕН.
_QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюё"
LAT_TO_RU_LAYOUT = str.maketrans(_QWERTY, _JCUKEN)
RU_TO_LAT_LAYOUT = str.maketrans(_JCUKEN, _QWERTY)

_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")


def is_cyrillic_char(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def fix_homoglyphs(word: str) -> str:
    """Within one word that mixes scripts, rewrite the minority script's look-alikes.

    "пeнсия" (Latin e) → "пенсия"; "pensiя" stays mixed except look-alikes ("я" has no twin).
    """
    cyr = sum(1 for c in word if is_cyrillic_char(c))
    lat = sum(1 for c in word if "a" <= c.lower() <= "z")
    if not cyr or not lat:
        return word
    table = _LAT_TO_CYR if cyr >= lat else _CYR_TO_LAT
    return "".join(table.get(c, c) for c in word)


def _strip_marks(text: str) -> str:
    """Remove combining accents from Latin letters (é → e) but keep Cyrillic й and Kazakh letters."""
    out = []
    for ch in text:
        if ch.isascii() or is_cyrillic_char(ch):
            out.append(ch)
            continue
        # Keep the Kazakh official Latin letters distinct; the transliterator knows them.
        if ch in "äğıñöūüşçÄĞIÑÖŪÜŞÇİ":
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base or ch)
    return "".join(out)


def kk_digits_to_letters(text: str) -> str:
    """"зейнета0ы" → "зейнетақы": Kazakh-layout digits typed inside Cyrillic words."""

    def repl(m: re.Match[str]) -> str:
        return "".join(KK_DIGIT_ROW.get(c, c) for c in m.group(0))

    return _KK_DIGIT_IN_WORD.sub(repl, text)


_EXOTIC_RE = re.compile(r"[^\x00-\x7f\u0400-\u04ff]")
_ANY_LAT = re.compile(r"[A-Za-z]")
_ANY_CYR = re.compile(r"[\u0400-\u04ff]")


def clean(text: str) -> str:
    """Lower case, NFKC, homoglyphs fixed, Kazakh digit-row letters restored; script kept."""
    if _EXOTIC_RE.search(text):
        text = _strip_marks(unicodedata.normalize("NFKC", text))
    if _ANY_LAT.search(text) and _ANY_CYR.search(text):
        text = " ".join(fix_homoglyphs(w) for w in text.split())
    text = text.lower().replace("ё", "е")
    return kk_digits_to_letters(text)


def fold_kk(text: str) -> str:
    """Fold the Kazakh letters (ә→а, ө→о, ү/ұ→у, қ→к, ғ→г, ң→н, һ→х, і→и)."""
    return text.translate(KK_FOLD)


_SENTENCE_RE = re.compile(r"(?<=[.!?;:])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The non-empty sentences (and lines) of a text."""
    return [s for s in _SENTENCE_RE.split(text) if s.strip()]


def words(text: str) -> list[str]:
    """Word tokens (letters and digits; hyphens split, apostrophes kept inside a word)."""
    return _WORD_RE.findall(text)


def fold(text: str) -> str:
    """The canonical matching form: cleaned, Kazakh letters folded, only words separated by spaces."""
    return " ".join(words(_DIGIT_LETTER.sub(" ", fold_kk(clean(text)))))


def has_kk_letters(text: str) -> bool:
    return any(c in KK_LETTERS for c in text.lower())


def script_counts(text: str) -> tuple[int, int]:
    """(Cyrillic letters, Latin letters)."""
    cyr = lat = 0
    for c in text:
        if c.isalpha():
            if is_cyrillic_char(c):
                cyr += 1
            elif c.isascii() or c in "äğıñöūüşçÄĞÑÖŪÜŞÇİ":
                lat += 1
    return cyr, lat


def layout_lat_to_cyr(word: str) -> str:
    """A word typed on QWERTY while meaning ЙЦУКЕН ("gtycbz" → "пенсия")."""
    return word.translate(LAT_TO_RU_LAYOUT)


def layout_cyr_to_lat(word: str) -> str:
    """A word typed on ЙЦУКЕН while meaning QWERTY ("зутышщт" → "pension")."""
    return word.translate(RU_TO_LAT_LAYOUT)


def squeeze(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()
