"""Is the message about another country's rules? ("пенсионный возраст в России", "work permit in
Germany", "шетелге виза"): the content covers Kazakhstan only, so such a message must not get the
Kazakhstan entry with high confidence.

A country named as where the asker comes from ("я гражданин Узбекистана", "приехал из Китая",
"I moved from China", "Ресейден келдім") is not the subject: that asker lives here and is in scope.
Demonyms ("russian", "узбек") never make a message foreign: they usually name a person or a
language. Works on the folded text (Kazakh letters folded: қытай → кытай, АҚШ → акш).
"""

from __future__ import annotations

import re

# Folded word beginnings of foreign countries and regions (kk/ru/en). Each is matched at the
# start of a word, so case endings pass ("россии", "ресейде", "германии", "germany").
_COUNTRY_STEMS = (
    # Russian
    "росси", "сша", "америк", "герман", "франци", "китай", "китая", "китае", "турци", "узбекистан",
    "кыргызстан", "киргизи", "таджикистан", "туркменистан", "европ", "евросоюз", "великобритан",
    "англии", "англию", "корее", "корею", "корея", "япони", "индии", "израил", "канад", "польш",
    "чехии", "итали", "испани", "оаэ", "дубай", "эмират", "беларус", "белорусси", "украин",
    "грузии", "грузию", "азербайджан", "армени", "монголи", "австрали", "австри", "швеци",
    "швейцари", "финлянди", "норвеги", "нидерланд", "голланди", "египт", "саудовск", "иране",
    "пакистан", "афганистан",
    # Kazakh (folded)
    "ресей", "германия", "англия", "кытай", "туркия", "озбекстан", "узбекстан", "кыргызстан",
    "тажикстан", "туркменстан", "еуропа", "жапония", "франция", "улыбритания", "ангилия",
)
# Whole words only (short names, and English, where a prefix would hit "usage" or "american").
_COUNTRY_WORDS = (
    "рф", "иран", "ирана", "иране", "акш", "акшта", "акшка", "акшка",
    "russia", "usa", "america", "united states", "united kingdom", "britain", "england",
    "germany", "france", "china", "turkey", "uzbekistan", "kyrgyzstan", "tajikistan",
    "turkmenistan", "europe", "korea", "japan", "india", "canada", "poland", "dubai", "emirates",
    "uae", "belarus", "ukraine", "georgia", "azerbaijan", "armenia", "mongolia", "australia",
    "austria", "sweden", "switzerland", "finland", "norway", "netherlands", "egypt", "israel",
    "italy", "spain", "iran", "pakistan", "afghanistan",
)
# "Abroad" as a destination or place: "за границей", "за рубеж", "шетелге", "шетелде", "abroad".
# "Шетелдік" / "иностранец" / "foreigner" (a foreigner living here) is in scope and not listed.
_ABROAD = re.compile(
    r"\bза\s+границ\w*|\bза\s*рубеж\w*|\bшетелге\b|\bшетелде\b|\bшетел\s+мемлекет\w*|"
    r"\bin\s+(?:the\s+)?us\b|\babroad\b|\boverseas\b|\bin\s+another\s+country\b|\bв\s+друг(?:ой|ую)\s+стран\w*"
)
# Home named as the place asked about ("делают ли у нас ... или надо ехать за границу", "here or
# abroad"): "abroad" is then the alternative, not the subject.
_HOME = re.compile(
    r"\bу\s+нас\b|\bздесь\b|\bтут\b|\bв\s+казахстане\b|\bбизде\b|\bосында\b|\bелимизде\b|"
    r"\bказакстанда\b|\bhere\b|\bin\s+kazakhstan\b"
)
# The country is the asker's origin: the preceding words say so ("гражданин", "из", "from",
# "citizen of"), or a Kazakh ablative ending ("ресейден", "кытайдан") or a Kazakh "citizen"
# word follows ("озбекстан азаматымын").
_ORIGIN_BEFORE = re.compile(
    r"(?:\bгражданин\w*|\bграждан\w*|\bподдан\w*|\bиз|\bс|\bприехал\w*\s+из|\bfrom|\bcitizen\s+of|"
    r"\bcitizens\s+of|\bnational\s+of|\bpassport\s+of|\bпаспорт\w*)\s+$"
)
_ORIGIN_AFTER = re.compile(r"^\w*(?:дан|ден|тан|тен|нан|нен)\b|^\w*\s+азамат\w*|^\w*\s+citizen\w*")

_COUNTRY_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(s) for s in _COUNTRY_STEMS) + r")"
    r"|\b(?:" + "|".join(re.escape(s) for s in _COUNTRY_WORDS) + r")(?:\s+s)?\b"
)


def foreign_subject(folded_text: str) -> bool:
    """True when the message asks about another country's rules rather than Kazakhstan's."""
    text = f" {folded_text} "
    if _ABROAD.search(text) and not _HOME.search(text):
        return True
    for m in _COUNTRY_RE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.start() :]
        if _ORIGIN_BEFORE.search(before) or _ORIGIN_AFTER.match(after):
            continue
        return True
    return False


def names_a_country(token: str) -> bool:
    """A (folded) word naming a foreign country: "узбекистана", "ресейден", "germany"."""
    return _COUNTRY_RE.match(token) is not None
