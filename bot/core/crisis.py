"""Crisis signals: violence happening, a child in danger, a threat to life or suicide.

Checked before matching, on the folded matching form (so Kazakh typed without Kazakh letters and
transliterated messages are covered). Patterns describe something happening to someone (first
person, present or imminent), not the topic: "what is the law on domestic violence" is not a
crisis, "муж бьёт меня" is.
"""

from __future__ import annotations

import re

# Folded spelling: Kazakh letters are already mapped (ұ→у, ө→о, і→и, қ→к, ғ→г, ң→н, ә→а).
_PATTERNS = (
    # Russian: violence happening or threatened
    r"\bбь(ет|ют|ешь)\b",
    r"\bизбива(ет|ют|л|ли)\b",
    r"\bизбил(а|и)?\b",
    r"\bударил(а|и)?\s+(меня|ребенка|дочь|сына|мать|маму)",
    r"\bнасил(ует|уют|овал|овали)\b",
    r"\bизнасил",
    r"\bдуши(т|л)\b",
    r"\bугрожа\w*\s+(убить|убийством|ножом|расправой|зарезать)",
    r"\bубь(ет|ют|ю)\b",
    r"\bзарежу\b|\bзарежет\b",
    r"\bпоби(л|ли)\b",
    r"\bиздева\w*\s+над\s+(ребенком|детьми|дочерью|сыном|мной)",
    r"\bдомогает",
    r"\b(заперли|запер)\s+(меня|ребенка)",
    # Russian: suicide, threat to life
    r"\bсуицид",
    r"\bпокончить\s+с\s+собой|\bпокончу\s+с\s+собой",
    r"\bне\s+хочу\s+жить\b",
    r"\bхочу\s+умереть\b",
    r"\bубить\s+себя\b|\bубью\s+себя\b",
    r"\bсвести\s+сч[её]ты\s+с\s+жизнью",
    r"\bповеситься\b|\bповешусь\b",
    r"\bугрожает\s+опасность|\bугроза\s+жизни\b|\bв\s+опасности\b",
    r"\bпохитил[аи]?\b",
    r"\bребен\w*\s+(бьют|избивают|в\s+опасности|пропал)",
    # Kazakh (folded)
    r"\bур[ыи]п\s+(жатыр|жатор|тур|жур)\b",
    r"\bурады\b|\bураты?н\b",
    r"\bсабап\s+(жатыр|жур)|\bсабайды\b",
    r"\bолтир(емин|ем|еди|ем деп|мекши|гиси)",
    r"\bозиме\s+кол\s+жумса",
    r"\bомир\s+сург\w*\s+келмейди",
    r"\bолги\w*\s+келеди",
    r"\bзорла(п|ды|йды|ган)",
    r"\bкауип\s+тон",
    r"\bкорлы?кк?\s+корып",
    # English
    r"\b(beat|beats|beating|hits|hitting|hit|hurts|hurting|abuses|abusing|attacking|choking)\s+(me|my|us|him|her|the child|a child)\b",
    r"\bis\s+(beating|hitting|attacking|abusing|hurting)\b",
    r"\bbeing\s+(beaten|attacked|abused|hit|hurt|raped)\b",
    r"\b(raped|rape)\b",
    r"\b(kill|killing)\s+(me|myself|us|my)\b",
    r"\bgoing\s+to\s+kill\b|\bthreaten\w*\s+to\s+kill\b",
    r"\bsuicid",
    r"\bend\s+my\s+life\b",
    r"\bwant\s+to\s+die\b",
    r"\bdon'?t\s+want\s+to\s+live\b|\bdo\s+not\s+want\s+to\s+live\b",
    r"\bin\s+danger\b",
    r"\blife\s+is\s+(at\s+risk|in\s+danger)\b",
    r"\blocked\s+me\s+in\b",
)
_CRISIS_RE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))

def is_crisis(folded_text: str) -> bool:
    """True when the (folded, converted) message signals danger happening to someone now."""
    return _CRISIS_RE.search(folded_text) is not None
