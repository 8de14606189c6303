"""Content rule: an entry's ``helplines`` lists exactly the short numbers its answer names.

A helpline number is one of ``KNOWN_HELPLINES`` standing on its own in the answer text: not part of
a longer figure ("1 414 000", "119,5", "2150"), not an article ("article 104", "статье 104",
"104-бабы") and not a count ("119 higher education institutions", "150 places", "102 scientific
programmes"). Every language must name the same numbers, and an answer naming 119 or 102 must cite
the report paragraph that states the number (para 86 for 119, para 329 for 102).

Pure: the storage loader calls :func:`helpline_problems` for each entry and adds the file and line.
"""

from __future__ import annotations

import re

from bot.core.content import Entry
from bot.core.lang import LANGS

# Short numbers an entry may list under `helplines` (see ../shared/reference and kazakh-notes.md).
# Their names are the catalogues' (helpline.<number> in bot/locales), the one source of names;
# 104 (gas) and 1406 (health insurance fund) have none yet: a reply shows the bare number.
KNOWN_HELPLINES: tuple[str, ...] = ("101", "102", "103", "104", "111", "112", "119", "150", "1406", "1414", "1424")

# The report paragraph an answer naming the number must cite.
REQUIRED_PARA: dict[str, int] = {"119": 86, "102": 329}

# A short number that is an article, not a phone number: "article 104", "статье 104", "104-бабы".
_ARTICLE_BEFORE = re.compile(r"(?:article|art\.|статьи|статье|статья|ст\.)\s*$", re.I)
# ... or a count: "119 вузов", "103 кәсіп", "150 орындық", "102 научно-технические программы".
_NOT_A_PHONE_AFTER = re.compile(
    r"^(?:-?ба[бп]|\s+(?:higher|occupations|professions|organi[sz]ations|scientific|places|seats|beds"
    r"|вуз|профессий|мест|коек|научн"
    r"|жоғары|кәсіп|орын|ғылыми))",
    re.I,
)
# Not glued to other digits, nor part of a figure written with separators ("1 414", "150,5").
_STANDALONE = {
    number: re.compile(rf"(?<!\d)(?<!\d[ \u00a0.,]){re.escape(number)}(?!\d)(?![ \u00a0.,]\d)")
    for number in KNOWN_HELPLINES
}


def numbers_named(text: str) -> set[str]:
    """The known helpline numbers a text names as phone numbers."""
    found = set()
    for number, pattern in _STANDALONE.items():
        for m in pattern.finditer(text):
            if _ARTICLE_BEFORE.search(text[: m.start()]) or _NOT_A_PHONE_AFTER.search(text[m.end() :]):
                continue
            found.add(number)
    return found


def helpline_problems(entry: Entry) -> list[tuple[str, str]]:
    """The helpline problems of one entry, each as (message, field it is about).

    Only known numbers are compared: a listed number not in ``KNOWN_HELPLINES`` is the loader's
    "not a known number" warning, not an error here.
    """
    per_lang = {lang: numbers_named(entry.answer.get(lang)) for lang in LANGS}
    named: set[str] = set().union(*per_lang.values())
    listed = {n for n in entry.helplines if n in KNOWN_HELPLINES}
    out: list[tuple[str, str]] = []
    if len({frozenset(v) for v in per_lang.values()}) > 1:
        detail = "; ".join(f"{lang.value}={sorted(v)}" for lang, v in per_lang.items())
        out.append((f"languages name different helpline numbers: {detail}", "answer"))
    if named - listed:
        out.append((f"answer names {sorted(named - listed)} but `helplines` does not list them", "helplines"))
    if listed - named:
        out.append((f"`helplines` lists {sorted(listed - named)} but the answer does not name them", "helplines"))
    paras = {s.para for s in entry.sources if s.para is not None}
    for number, para in REQUIRED_PARA.items():
        if number in named and para not in paras:
            out.append((f"answer names {number} but does not cite para {para}", "sources"))
    return out
