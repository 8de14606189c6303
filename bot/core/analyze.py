"""One message → canonical tokens for matching, the reading chosen, and the detected language.

A Latin-script chunk can be English, transliterated Kazakh/Russian, or Cyrillic typed with the
QWERTY layout active ("gtycbz"); a Cyrillic chunk can be English typed on ЙЦУКЕН. Conversions
are chosen by evidence: the reading whose words the vocabulary knows best wins, never blindly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.core.lang import Lang
from bot.core.langdetect import KK_ENDINGS, RU_ENDINGS, LangScores, english_evidence, score_tokens
from bot.core.lexicon import ABBREVIATIONS, STOPWORDS
from bot.core.normalize import (
    KK_LETTERS,
    clean,
    fold_kk,
    is_cyrillic_char,
    layout_cyr_to_lat,
    layout_lat_to_cyr,
    words,
)
from bot.core.stem import stem
from bot.core.translit import latin_to_cyrillic
from bot.core.vocab import Vocabulary, split_digits

# Letters that only the official Kazakh Latin alphabet or informal Kazakh Latin uses.
_KK_LATIN_HINTS = frozenset("qäğıñöūüşç")


@dataclass(frozen=True, slots=True)
class Analysis:
    tokens: tuple[str, ...]  # folded tokens, Cyrillic (kk/ru) or Latin (en)
    lang: Lang | None  # None when the message gives no language signal
    reading: str  # "native" | "translit" | "layout"
    scores: LangScores

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def _tokens(chunk: str) -> list[str]:
    return split_digits(words(fold_kk(chunk)))


_EN_ONLY_FUNCTION_WORDS = frozenset(
    ["the", "can", "is", "are", "for", "what", "how", "does", "of", "and", "with", "will", "would", "should", "if", "it", "this", "that", "have", "has", "you", "your", "where", "when", "who", "why", "which", "from", "was", "were", "not", "there", "about", "much", "many", "any"]
)
_LATIN_RU_PREPOSITIONS = frozenset({"v", "k"})
_TRANSLIT_HINTS = ("zh", "kh", "sh", "ch", "ya", "yu", "yy", "iy", "ts")


def _looks_transliterated(en_toks: list[str], tr_toks: list[str], vocab: Vocabulary) -> bool:
    """Letter groups of Russian/Kazakh transliteration and Cyrillic word endings outweigh
    English spelling hints by a clear margin (letters such as ф or ц, which only say that a
    word is Russian rather than Kazakh, do not count here)."""
    en = sum(english_evidence(t, vocab) for t in en_toks)
    cyr = 0.5 * sum(1 for t in en_toks for h in _TRANSLIT_HINTS if h in t)
    cyr += 0.5 * sum(1 for t in en_toks if t in _LATIN_RU_PREPOSITIONS)
    cyr += sum(0.5 for t in tr_toks if len(t) >= 4 and t.endswith(RU_ENDINGS + KK_ENDINGS))
    return cyr > en + 0.5


# English word endings no transliteration of Russian or Kazakh has ("speeding" is no "спидин").
_ENGLISH_SUFFIXES = ("ing", "ings", "tion", "tions", "sion", "ness", "ment", "ments", "ful", "less", "ous", "ship")
# Endings of transliterated Russian words ("posobie", "invalidnost", "nakopleniya").
_TRANSLIT_ENDINGS = ("ie", "ia", "iya", "ya", "yi", "iy", "yy", "ost", "osti")


def _switched(token: str, vocab: Vocabulary) -> str:
    """A Latin word English does not know, read as a transliterated content word when it looks
    transliterated (letter groups such as "zh" or "ya", or a Russian or Kazakh ending) and the
    content knows it that way ("nakopleniya" → "накопления"); else the word itself. A real
    English word the content does not use ("speed", "organ", "internet") stays English."""
    if len(token) < 4 or token.isdigit() or vocab.known(token) or token.endswith(_ENGLISH_SUFFIXES):
        return token
    read = _tokens(latin_to_cyrillic(token))
    if len(read) != 1 or read[0] in STOPWORDS or stem(read[0]) not in vocab.domain_stems:
        return token
    looks_transliterated = (
        read[0] in ABBREVIATIONS  # "gosorgan", "tson": words people type, listed with their expansions
        or any(h in token for h in _TRANSLIT_HINTS)
        or token.endswith(_TRANSLIT_ENDINGS)
        or (len(read[0]) >= 5 and read[0].endswith(RU_ENDINGS + KK_ENDINGS))
    )
    return read[0] if looks_transliterated else token


def _known_count(tokens: list[str], vocab: Vocabulary) -> int:
    return sum(1 for t in tokens if not t.isdigit() and len(t) > 1 and vocab.known(t))


_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_QUOTED_RE = re.compile(r"[«\"“„']([^«»\"“”„']{1,60})[»\"”']")
_SENTENCE_END = ".!?…\n"


def proper_names(text: str) -> frozenset[str]:
    """Folded words written as names: capitalised inside a sentence ("через Отбасы банк",
    "программа Күміс жас" from its first word), all capitals ("БЖЗҚ"), or quoted («Қамқорлық»).
    A brand or programme name says little about the language the message is written in."""
    names: set[str] = set()
    for m in _QUOTED_RE.finditer(text):
        names.update(_tokens(clean(m.group(1))))
    prev_end = True
    for m in _WORD_RE.finditer(text):
        w = m.group(0)
        gap = text[max(0, m.start() - 3) : m.start()]
        sentence_start = prev_end or any(c in _SENTENCE_END for c in gap)
        if (len(w) >= 2 and w.isupper()) or (w[0].isupper() and not sentence_start):
            names.update(_tokens(clean(w)))
        prev_end = False
    return frozenset(names)


def _name_tails(chunks: Sequence[str], names: frozenset[str], vocab: Vocabulary) -> frozenset[str]:
    """Kazakh words that continue a capitalised name ("Бақытты отбасы", "Алтын алқа" in a
    Russian sentence): a lower-case word spelled or known only as Kazakh right after a name. ``chunks``
    are the message's words as written (case kept)."""
    tails: set[str] = set()
    tokens = [_tokens(clean(chunk)) for chunk in chunks]
    for (first, head), (second, tail) in pairwise(zip(chunks, tokens, strict=True)):
        titled = first[:1].isupper() and first[1:].islower()  # not an abbreviation ("МӘМС")
        kazakh_tail = bool(tail) and (
            any(c in KK_LETTERS for c in second) or all(t in vocab.kk_words and t not in vocab.ru_words for t in tail)
        )
        if titled and head and all(t in names for t in head) and second.islower() and kazakh_tail:
            tails.update(tail)
    return frozenset(tails)


def analyze(text: str, vocab: Vocabulary, user_lang: Lang | None = None) -> Analysis:
    cleaned = clean(text)
    chunks = cleaned.split()
    names = proper_names(text)
    names |= _name_tails(text.split(), names, vocab)
    cyr_chunks: list[str] = []
    lat_chunks: list[str] = []
    order: list[tuple[str, str]] = []  # (kind, chunk) in message order
    kk_letter_words = 0.0
    kk_letter_plain = 0  # Kazakh-letter words that are not names
    for chunk in chunks:
        has_cyr = any(is_cyrillic_char(c) for c in chunk)
        has_lat = any("a" <= c <= "z" or c in _KK_LATIN_HINTS for c in chunk)
        if has_cyr:
            if any(c in KK_LETTERS for c in chunk):
                # A name with Kazakh letters in a Russian sentence is half the evidence.
                named = all(t in names for t in _tokens(chunk))
                kk_letter_words += 0.5 if named else 1.0
                kk_letter_plain += not named
            cyr_chunks.append(chunk)
            order.append(("cyr", chunk))
        elif has_lat:
            lat_chunks.append(chunk)
            order.append(("lat", chunk))
        else:
            order.append(("other", chunk))

    # Reading of the Latin chunks, as a whole message: English, transliteration, or wrong layout.
    reading = "native"
    latin_kk_hints = 0
    if lat_chunks:
        en_toks = [t for c in lat_chunks for t in _tokens(c)]
        # A lone Latin letter ("x" in "3x = 12") is no evidence of transliteration ("кс").
        tr_toks = [t for w in en_toks if len(w) > 1 for t in _tokens(latin_to_cyrillic(w))]
        ly_toks = [t for c in lat_chunks for t in _tokens(layout_lat_to_cyr(c))]
        # English function words that no transliteration reads as a Russian or Kazakh word
        # count twice: "can I bring my cat on a plane" is English although "мы", "он", "сан"
        # are Russian or Kazakh words too.
        en_hits = _known_count(en_toks, vocab) + sum(1 for t in en_toks if t in _EN_ONLY_FUNCTION_WORDS)
        # An English word ("score") counts for transliteration only when its reading is a word
        # the content uses as such, not merely a known stem ("скоре" of "скорая").
        tr_hits = sum(
            _known_count(_tokens(latin_to_cyrillic(w)), vocab)
            if w not in vocab.en_words
            else sum(1 for t in _tokens(latin_to_cyrillic(w)) if len(t) > 1 and not t.isdigit() and t in vocab.cyr_words)
            for w in en_toks
            if len(w) > 1
        )
        # "v", "k" standing alone are Russian prepositions typed in Latin ("pogoda v almaty"):
        # they break a tie between the readings, never outweigh a known word.
        ru_prepositions = any(t in _LATIN_RU_PREPOSITIONS for t in en_toks)
        ly_hits = _known_count(ly_toks, vocab)
        # Layout needs clear evidence (random Latin rarely maps to real words); transliteration
        # beats English only with more known words (short English words collide less).
        if ly_hits > max(en_hits, tr_hits) and ly_hits >= 1:
            reading = "layout"
        elif tr_hits > en_hits or (tr_hits == en_hits and tr_hits > 0 and (cyr_chunks or ru_prepositions)):
            reading = "translit"
        elif en_hits == 0 and tr_hits == 0 and _looks_transliterated(en_toks, tr_toks, vocab):
            # No known word either way ("alimenty"): Russian/Kazakh endings or letter groups
            # English does not use decide.
            reading = "translit"
        if reading != "native":
            latin_kk_hints = sum(1 for c in lat_chunks for ch in c if ch in _KK_LATIN_HINTS)

    tokens: list[str] = []
    cyr_tokens: list[str] = []
    en_tokens: list[str] = []
    for kind, chunk in order:
        if kind == "cyr":
            toks = _tokens(chunk)
            # English typed on ЙЦУКЕН: the chunk is unknown as Cyrillic but known as English.
            if toks and not any(vocab.known(t) for t in toks):
                alt = _tokens(layout_cyr_to_lat(chunk))
                # A lone letter ("k" of "he,k." for "рублю") is no evidence of English.
                if alt and all(len(t) > 1 and t in vocab.en_words for t in alt):
                    tokens += alt
                    en_tokens += alt
                    continue
            tokens += toks
            cyr_tokens += toks
        elif kind == "lat":
            if reading == "translit":
                toks = _tokens(latin_to_cyrillic(chunk))
                cyr_tokens += toks
            elif reading == "layout":
                toks = _tokens(layout_lat_to_cyr(chunk))
                cyr_tokens += toks
            else:
                toks = _tokens(chunk)
                en_tokens += toks
                # Language is read from the English words; matching also reads the Russian or
                # Kazakh words typed in Latin among them ("a big stazh", "invalidnost").
                toks = [_switched(t, vocab) for t in toks]
            tokens += toks
        else:
            tokens += _tokens(chunk)
    scores = score_tokens(
        cyr_tokens,
        en_tokens,
        vocab,
        kk_letter_words=kk_letter_words,
        kk_letter_plain=kk_letter_plain,
        latin_kk_hints=latin_kk_hints,
        names=names,
    )
    lang = scores.best(kk_letters=kk_letter_words >= 1.0, user_lang=user_lang)
    return Analysis(tokens=tuple(tokens), lang=lang, reading=reading, scores=scores)
