"""The vocabulary of the content: which folded words exist, in which language, and their stems.

Built once per catalog. It is the evidence behind three decisions: which reading of a Latin or
wrong-layout message is meant, which language a message is in, and whether a query's words are
about this domain at all (the out-of-scope test).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.core.content import Catalog, Entry
from bot.core.lang import Lang
from bot.core.lexicon import (
    ABBREVIATIONS,
    EN_CHAT_WORDS,
    EN_WORDS,
    KK_ONLY_ABBREVIATIONS,
    KK_WORDS,
    RU_CHAT_WORDS,
    RU_ONLY_ABBREVIATIONS,
    RU_WORDS,
    SHARED_CYR,
    STOPWORDS,
)
from bot.core.normalize import clean, fold_kk, layout_cyr_to_lat, layout_lat_to_cyr, words
from bot.core.stem import stem
from bot.core.translit import latin_to_cyrillic


@lru_cache(maxsize=50_000)
def _doc_tokens(text: str, lang: Lang) -> tuple[str, ...]:
    cleaned = clean(text)
    if lang is not Lang.EN:
        cleaned = latin_to_cyrillic(cleaned)
    return tuple(split_digits(words(fold_kk(cleaned))))


def doc_tokens(text: str, lang: Lang) -> list[str]:
    """Folded tokens of a content text written in a known language.

    Latin words inside Kazakh or Russian texts are transliterations ("zeinetaqy"), so they are
    converted to Cyrillic; English texts stay Latin.
    """
    return list(_doc_tokens(text, lang))


def layout_typed(text: str, cyr_words: Iterable[str] | frozenset[str]) -> str | None:
    """The Cyrillic a Latin Russian or Kazakh text means when it was typed on the wrong keyboard
    layout ("gtycbjyysq djphfcn" → "пенсионный возраст"): its layout reading has more words of
    ``cyr_words`` (folded) than its transliteration. None for any other text.

    Such an example question in the content is read as transliteration and teaches the
    vocabulary words nobody types ("гтыцбжыйск"); the bot converts such messages itself."""
    cleaned = clean(text)
    if not cleaned.isascii() or not any("a" <= c <= "z" for c in cleaned):
        return None
    known = cyr_words if isinstance(cyr_words, frozenset) else frozenset(cyr_words)
    layout = layout_lat_to_cyr(cleaned)
    as_layout = sum(t in known for t in words(fold_kk(layout)))
    as_translit = sum(t in known for t in words(fold_kk(latin_to_cyrillic(cleaned))))
    return layout if as_layout > as_translit else None


def layout_typed_english(text: str) -> str | None:
    """The English a Cyrillic text means when it was typed on the Russian keyboard layout
    ("шы еруку ф дшьше" → "is there a limit"): at least half of its Cyrillic words read on the
    English layout are common English words.
    None for any other text.

    Such an English example question is Cyrillic garble to the index and teaches the vocabulary
    words nobody types; the bot converts such messages itself."""
    cleaned = clean(text)
    cyrillic = [w for w in words(cleaned) if not w.isascii() and w.isalpha()]
    if not cyrillic:
        return None
    read = [t for w in cyrillic for t in words(layout_cyr_to_lat(w))]
    known = sum(t in EN_WORDS or t in EN_CHAT_WORDS or (t.isascii() and t in STOPWORDS) for t in read)
    return layout_cyr_to_lat(cleaned) if read and 2 * known >= len(read) else None


def clear_token_cache() -> None:
    _doc_tokens.cache_clear()


def split_digits(tokens: Iterable[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        if tok.isalpha() or tok.isdigit():
            out.append(tok)
            continue
        cur = ""
        for ch in tok:
            if cur and (ch.isdigit() != cur[-1].isdigit()):
                out.append(cur)
                cur = ""
            cur += ch
        if cur:
            out.append(cur)
    return [t.strip("-'") for t in out if t.strip("-'")]


def entry_texts(entry: Entry, lang: Lang, *, with_answer: bool) -> list[str]:
    texts = [entry.title.get(lang), *entry.questions.get(lang), *entry.keywords.get(lang)]
    if with_answer:
        texts.append(entry.answer.get(lang))
    return texts


@dataclass(frozen=True)
class Vocabulary:
    en_words: frozenset[str]
    cyr_words: frozenset[str]
    kk_words: frozenset[str]  # evidence for Kazakh (folded), not used in Russian texts
    ru_words: frozenset[str]
    en_stems: frozenset[str]
    cyr_stems: frozenset[str]
    # Stems of the questions, titles and keywords (the domain) and of the answers (weaker).
    domain_stems: frozenset[str]
    answer_stems: frozenset[str]
    idf: dict[str, float]
    max_idf: float

    def known(self, token: str) -> bool:
        if token.isascii():
            return token in self.en_words or stem(token) in self.en_stems
        return token in self.cyr_words or stem(token) in self.cyr_stems

    def idf_of(self, stem_: str) -> float:
        return self.idf.get(stem_, self.max_idf)


def build_vocabulary(catalog: Catalog) -> Vocabulary:
    per_lang: dict[Lang, Counter[str]] = {lang: Counter() for lang in Lang}
    domain: set[str] = set()
    answer: set[str] = set()
    df: Counter[str] = Counter()
    n_docs = 0
    for entry in catalog.entries:
        for lang in Lang:
            for text in entry_texts(entry, lang, with_answer=False):
                toks = doc_tokens(text, lang)
                per_lang[lang].update(toks)
                stems = {stem(t) for t in toks if t not in STOPWORDS}
                domain |= stems
                df.update(stems)
                n_docs += 1
            atoks = doc_tokens(entry.answer.get(lang), lang)
            per_lang[lang].update(atoks)
            answer |= {stem(t) for t in atoks if t not in STOPWORDS}
    for topic in catalog.topics:
        for lang in Lang:
            toks = doc_tokens(topic.title.get(lang), lang)
            per_lang[lang].update(toks)
            domain |= {stem(t) for t in toks if t not in STOPWORDS}
    for abbr, expansion in ABBREVIATIONS.items():
        domain.add(stem(abbr))
        for t in fold_kk(expansion).split():
            if t not in STOPWORDS:
                domain.add(stem(t))
    kk_text = set(per_lang[Lang.KK])
    ru_text = set(per_lang[Lang.RU])
    kk_words = (kk_text - ru_text - RU_WORDS - SHARED_CYR) | (KK_WORDS - RU_WORDS) | KK_ONLY_ABBREVIATIONS
    ru_words = (ru_text - kk_text - KK_WORDS - SHARED_CYR) | ((RU_WORDS | RU_CHAT_WORDS) - KK_WORDS) | RU_ONLY_ABBREVIATIONS
    en_words = frozenset(set(per_lang[Lang.EN]) | EN_WORDS | EN_CHAT_WORDS)
    # The abbreviations the bot knows are words: "fcg" on the wrong layout is "асп".
    abbreviations = {a for a in ABBREVIATIONS if not a.isascii()} | RU_ONLY_ABBREVIATIONS | KK_ONLY_ABBREVIATIONS
    cyr_words = frozenset(kk_text | ru_text | KK_WORDS | RU_WORDS | RU_CHAT_WORDS | SHARED_CYR | abbreviations)
    n = max(n_docs, 1)
    idf = {s: math.log((n + 1) / (c + 1)) + 1.0 for s, c in df.items()}
    max_idf = math.log(n + 1) + 1.0
    return Vocabulary(
        en_words=en_words,
        cyr_words=cyr_words,
        kk_words=frozenset(kk_words),
        ru_words=frozenset(ru_words),
        en_stems=frozenset(stem(w) for w in en_words),
        cyr_stems=frozenset(stem(w) for w in cyr_words),
        domain_stems=frozenset(domain),
        answer_stems=frozenset(answer),
        idf=idf,
        max_idf=max_idf,
    )
