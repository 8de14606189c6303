"""Remove personal data from a message before it is stored or logged.

``redact(text)`` replaces, in this order:

* e-mail addresses → ``[EMAIL]``;
* identity-document numbers → ``[DOC]``: a passport number written ``N12345678`` (Latin N or
  Cyrillic Н, 7–9 digits), and any 6–10 digit number that follows a document word
  (удостоверение, уд. личности, паспорт, жеке куәлік, төлқұжат, ID card, passport ...),
  optionally with "№", "N", "номер", "no." (but not a price: "паспорт стоит 110000 тенге"),
  and a nine-digit number with a leading zero on its own (the ID card format);
* numbers made of digit groups (joined by single spaces, dashes or parentheses), longest
  reading first:

  - 13–19 digits passing the Luhn check, written contiguously or in groups of four
    (or 4-6-5 / 4-6-4) → ``[CARD]``;
  - IIN/BIN → ``[IIN]``: **every** standalone run of exactly 12 digits, whether or not its
    check digit is right. A mistyped IIN is still somebody's IIN, and a plain 12-digit number
    in a citizen's question is almost never anything else, so the safe rule wins. A 12-digit
    number written in groups (``900101 300123``) is redacted when its check digit is valid;
  - phone numbers → ``[PHONE]``: ``+`` and 11–15 digits; 11 digits starting with 8 or 7
    (``8 (701) 234-56-78``, ``87012345678``, ``8 7172 58-00-58``); 10 digits starting with 7
    (``7012345678``, ``(727) 258-00-58``); a local ``258-00-58``. Groups of three after the first
    group (``7 000 000 000``) are read as an amount, not a phone.

Short numbers — helplines 1414, 119, 150, 102, 112, amounts such as "85 000 тенге", years,
dates like 01.01.2024 or 2024-01-15 — are left alone: the bot needs them to answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

EMAIL = "[EMAIL]"
DOC = "[DOC]"
CARD = "[CARD]"
IIN = "[IIN]"
PHONE = "[PHONE]"
NAME = "[NAME]"

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.UNICODE)

# N12345678 (passport, Latin or Cyrillic N); not part of a longer word or number.
_PASSPORT_RE = re.compile(r"(?<![\w])[NНnн]\s?(\d{7,9})(?!\d)")
_DOC_WORDS = (
    r"удостоверени\w*|уд\.?\s*личн\w*|удв|паспорт\w*|загранпаспорт\w*|документ\w*|"
    r"жеке\s+куәлі\w*|куәлі\w*|төлқұжат\w*|құжат\w*|"
    r"passport\w*|id[\s-]?card\w*|identity\s+card|identity\s+document|document\w*|\bid\b"
)
# "паспорт стоит 110000 тенге" is a price, not a document number.
_MONEY = r"тенге|теңге|тг|₸|kzt|tenge|руб|₽|\$|usd|долл|eur|€"
_DOC_RE = re.compile(
    rf"(?P<word>(?:{_DOC_WORDS})[^\d\n]{{0,24}}?)(?:№|N|No\.?|nr\.?|номер\w*|нөмірі\w*)?\s*(?P<num>\d{{6,10}})(?!\d)"
    rf"(?!\s*(?:{_MONEY}))",
    re.IGNORECASE | re.UNICODE,
)

_DIGITS_RE = re.compile(r"\d+")
# What may sit between two digit groups of one number: spaces, a dash, parentheses.
_GAP_RE = re.compile(r"^[ \u00a0\u2009\-–()]{1,3}$")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iin_check_digit(first11: str) -> int | None:
    """The 12th digit of an IIN/BIN for its first 11 digits, or None if no valid one exists."""
    digits = [int(c) for c in first11]
    control = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if control == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        control = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if control == 10:
            return None
    return control


def iin_valid(number: str) -> bool:
    return len(number) == 12 and number.isdigit() and iin_check_digit(number[:11]) == int(number[11])


@dataclass(frozen=True, slots=True)
class _Group:
    start: int
    end: int
    digits: str


def _classify(text: str, groups: list[_Group], plus: bool) -> str | None:
    """What the digit groups (one candidate number) are, or None if they are not personal data."""
    digits = "".join(g.digits for g in groups)
    n = len(digits)
    sizes = [len(g.digits) for g in groups]
    if not plus and 13 <= n <= 19 and _luhn_ok(digits) and (
        len(groups) == 1
        or all(s == 4 for s in sizes[:-1])
        or sizes in ([4, 6, 5], [4, 6, 4])
    ):
        return CARD
    if not plus and n == 12 and (len(groups) == 1 or iin_valid(digits)):
        return IIN
    # An ID card number written on its own: nine digits with a leading zero (amounts have none).
    if not plus and len(groups) == 1 and n == 9 and digits[0] == "0":
        return DOC
    if plus:
        return PHONE if 11 <= n <= 15 else None
    thousands = len(groups) >= 3 and all(s == 3 for s in sizes[1:])
    if thousands:
        return None
    if (n == 11 and digits[0] in "78") or (n == 10 and digits[0] == "7"):
        return PHONE
    # A local landline, 258-00-58: only with dashes, so "150 00 12" stays a plain number.
    if sizes == [3, 2, 2] and all(text[a.end : b.start] in ("-", "–") for a, b in pairwise(groups)):
        return PHONE
    return None


def _redact_numbers(text: str) -> str:
    groups = [_Group(m.start(), m.end(), m.group()) for m in _DIGITS_RE.finditer(text)]
    if not groups:
        return text
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(groups):
        # The run of groups that could form one number, starting at i.
        j = i
        while j + 1 < len(groups) and _GAP_RE.match(text[groups[j].end : groups[j + 1].start]):
            j += 1
        start = groups[i].start
        plus = start > 0 and text[start - 1] == "+"
        found: tuple[int, str] | None = None
        for k in range(min(j, i + 7), i - 1, -1):  # longest reading first
            kind = _classify(text, groups[i : k + 1], plus)
            if kind is not None:
                found = (k, kind)
                break
        if found is None:
            i += 1
            continue
        k, kind = found
        if plus or (kind == PHONE and start > 0 and text[start - 1] == "("):
            start -= 1
        end = groups[k].end
        if kind == PHONE and end < len(text) and text[end] == ")":
            end += 1
        out.append(text[pos:start])
        out.append(kind)
        pos = end
        i = k + 1
    out.append(text[pos:])
    return "".join(out)


def _doc_sub(m: re.Match[str]) -> str:
    return m.group(0)[: m.start("num") - m.start(0)] + DOC


def redact(text: str) -> str:
    """``text`` with e-mails, document numbers, cards, IINs/BINs and phone numbers replaced."""
    if not text:
        return text
    text = _EMAIL_RE.sub(EMAIL, text)
    text = _PASSPORT_RE.sub(DOC, text)
    text = _DOC_RE.sub(_doc_sub, text)
    return _redact_numbers(text)


NAME_PREFIX_MIN = 4  # a Cyrillic name this long also masks its inflected forms ("Айгерим" -> "Айгеримге")


def _name_ending(word: str) -> str:
    """What may follow a name inside one word: any letters after a non-Latin name, only
    non-Latin ones after a Latin name ("Aigerimге", but not "Test" -> "testimony")."""
    if len(word) < NAME_PREFIX_MIN:
        return ""
    return r"\w*" if not word.isascii() else r"[^\W\da-zA-Z_]*"


def redact_names(text: str, names: Iterable[str | None]) -> str:
    """``text`` with the sender's own names (first and last name, @username, as the messenger
    knows them) masked: a question passed to people must not carry them. Whole words in any
    case; a name of ``NAME_PREFIX_MIN`` letters or more also with an inflected ending (Kazakh
    and Russian inflect names; see ``_name_ending``)."""
    words = {w.lstrip("@") for name in names if name for w in name.split()}
    words = {w for w in words if len(w) >= 2}
    if not text or not words:
        return text
    alternatives = [re.escape(w) + _name_ending(w) for w in sorted(words, key=len, reverse=True)]
    pattern = re.compile(r"(?<!\w)@?(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    return pattern.sub(NAME, text)
